// Python's execution model in the evaluator (issue #12): an exception stops the run at its statement; an
// unsupported construct has one message form on its range and skips what really depends on it, state included
// (a gradient a skipped backward() would have computed is never printed as None); grad_fn.next_functions as
// PyTorch prints it (addresses normalised, as they differ between runs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";

const enginePromise = createEngine();
const run = async (src: string) => evaluate(src, await enginePromise);
const addr = (s: string) => s.replace(/ at 0x[0-9a-f]+/g, " at 0x…");

test("an exception stops the run: output up to its statement, then the error on it, nothing after", async () => {
  const out = await run("import torch\nprint('a')\nx = torch.ones(2).view(3)\nprint('b')\n");
  assert.equal(out.stdout, "a\n");
  const errors = out.diagnostics.filter((d) => d.severity === "error");
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 3);
  assert.match(errors[0].message, /^RuntimeError: shape '\[3\]' is invalid for input of size 2$/);
});

test("an exception raised inside a method is reported on the deepest line, with Python's message", async () => {
  const src = "import torch\nclass L:\n    def f(self, t):\n        assert t.dim() == 2, 'need 2-D'\n        return t\nprint(L().f(torch.ones(1, 1)).shape)\nL().f(torch.ones(3))\nprint('after')\n";
  const out = await run(src);
  assert.equal(out.stdout, "torch.Size([1, 1])\n");
  const [e] = out.diagnostics.filter((d) => d.severity === "error");
  assert.equal(e.line, 4);
  assert.equal(e.message, "AssertionError: need 2-D");
});

test("unsupported: one message form on the exact range; a skipped loss skips its backward and every gradient read after it", async () => {
  const src = "import torch\nx = torch.ones(3, requires_grad=True)\nloss = torch.stft(x, 4).sum()\nloss.backward()\nprint(x.grad)\nprint('independent', x.sum())\n";
  const out = await run(src);
  assert.equal(out.stdout, "independent tensor(3., grad_fn=<SumBackward0>)\n");
  const w = out.diagnostics.find((d) => d.severity === "warning")!;
  assert.equal(w.message, "not supported by Loss Lens: torch.stft");
  assert.deepEqual([w.line, w.column, w.endLine, w.endColumn], [3, 8, 3, 18]);
  const skipped = out.diagnostics.filter((d) => d.severity === "info" && d.message.startsWith("skipped:")).map((d) => d.line);
  assert.deepEqual(skipped, [4, 5]);
});

test("a skipped in-place update skips what reads the mutated object", async () => {
  const out = await run("import torch\nw = torch.zeros(2)\nw.add_(torch.stft(w, 2))\nprint(w)\nprint('ok')\n");
  assert.equal(out.stdout, "ok\n");
});

test("unsupported inside a function stops the run: what the function changed before it is unknown", async () => {
  // The EMA update changes w (a global and an argument) before the unsupported call; PyTorch prints 0.5s.
  const src = "import torch\nw = torch.ones(3)\ndef update(p):\n    p.mul_(0.5)\n    q = torch.stft(p, 2)\n    return q\nprint('before')\nupdate(w)\nprint(w)\n";
  const out = await run(src);
  assert.equal(out.stdout, "before\n");
  const w = out.diagnostics.find((d) => d.severity === "warning")!;
  assert.equal(w.message, "not supported by Loss Lens: torch.stft (inside a function: the rest of the program is not run)");
  assert.equal(w.line, 5);
});

test("grad_fn and next_functions print as PyTorch's, AccumulateGrad for leaves and None for constants", async () => {
  const out = await run("import torch\nx = torch.tensor([1., 2.], requires_grad=True)\ny = (x * 2 + 1).sum()\nprint(y.grad_fn)\nprint(y.grad_fn.next_functions)\nprint(y.grad_fn.next_functions[0][0].next_functions)\nprint((x * x).grad_fn.next_functions)\n");
  assert.equal(
    addr(out.stdout),
    "<SumBackward0 object at 0x…>\n((<AddBackward0 object at 0x…>, 0),)\n((<MulBackward0 object at 0x…>, 0), (None, 0))\n((<AccumulateGrad object at 0x…>, 0), (<AccumulateGrad object at 0x…>, 0))\n",
  );
  assert.match(out.stdout, /^<SumBackward0 object at 0x[0-9a-f]+>$/m);
});

test("whole programs import their names as Python does; selections without imports get torch, nn, F, np", async () => {
  const whole = await run("import torch\nprint(nn.MSELoss())\n");
  assert.match(whole.diagnostics[0].message, /^NameError: name 'nn' is not defined$/);
  const selection = await run("print(nn.MSELoss()(torch.ones(2), torch.zeros(2)))\n");
  assert.equal(selection.stdout, "tensor(1.)\n");
});

test("missing arguments in Python's words: one, two, and three or more (Python's comma before 'and')", async () => {
  // CPython 3: f() missing 3 required positional arguments: 'a', 'b', and 'c' (keyword-only likewise).
  const cases: [string, string][] = [
    ["def f(a, b, c):\n    pass\nf(1, 2)\n", "TypeError: f() missing 1 required positional argument: 'c'"],
    ["def f(a, b, c):\n    pass\nf(1)\n", "TypeError: f() missing 2 required positional arguments: 'b' and 'c'"],
    ["def f(a, b, c):\n    pass\nf()\n", "TypeError: f() missing 3 required positional arguments: 'a', 'b', and 'c'"],
    ["def g(*, a, b, c):\n    pass\ng()\n", "TypeError: g() missing 3 required keyword-only arguments: 'a', 'b', and 'c'"],
  ];
  for (const [src, message] of cases) {
    const [e] = (await run(src)).diagnostics.filter((d) => d.severity === "error");
    assert.equal(e?.message, message, src);
  }
});

test("Tensor.T's deprecation warnings as each version gives them: once per run (TORCH_WARN_ONCE), 0-D only in 2.x", async () => {
  // Measured on Debian's 1.13 and the 2.13 wheel (their "(Triggered internally at …)" suffix names a build path).
  const REVERSE =
    "UserWarning: The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.";
  const ZERO = "UserWarning: Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.";
  const src = "import torch\nm = torch.ones(2, 3).T\nfor i in range(3):\n    y = torch.ones(2, 3, 4).T\nv = torch.ones(3).T\ns = torch.tensor(1.).T\nprint(y.shape, s)\n";
  const warnings = async (pytorch: "1.13" | "2.13") => {
    const out = evaluate(src, await enginePromise, { pytorch });
    assert.equal(out.stdout, "torch.Size([4, 3, 2]) tensor(1.)\n");
    return out.diagnostics.filter((d) => d.severity === "warning").map((d) => [d.line, d.message]);
  };
  assert.deepEqual(await warnings("1.13"), [[4, REVERSE]]);
  assert.deepEqual(await warnings("2.13"), [[4, REVERSE], [6, ZERO]]);
});

test("a keyword argument a builtin never reads is refused by name, never computed without (round's decimals=, an out=)", async () => {
  const src = "import torch\nimport torch.nn as nn\nx = torch.tensor([1.234, -0.5])\nprint(torch.round(x, decimals=1))\nprint(x.round())\ny = x * 1\ntorch.exp(y, out=x)\nprint(x)\nprint(torch.zeros(1, device='cpu'))\n";
  const out = evaluate(src, await enginePromise, { pytorch: "1.13" });
  assert.equal(out.stdout, "tensor([1., -0.])\ntensor([0.])\n");
  const warnings = out.diagnostics.filter((d) => d.severity === "warning").map((d) => [d.line, d.message]);
  assert.deepEqual(warnings, [
    [4, "not supported by Loss Lens: torch.round(..., decimals=...)"],
    [7, "not supported by Loss Lens: torch.exp(..., out=...)"],
  ]);
  // What reads the values the refused statements would have changed is skipped, not printed stale.
  assert.ok(out.diagnostics.some((d) => d.line === 8 && d.severity === "info" && d.message.startsWith("skipped:")), JSON.stringify(out.diagnostics));
});

test("a built-in loss made inside a loop, try or with block is reported on its own line, with its name", async () => {
  const out = await run(
    "import torch\nimport torch.nn.functional as F\nx = torch.tensor([0.5, 1.5], requires_grad=True)\n" +
      "for i in range(2):\n    y = x * i\n    loss = F.mse_loss(y, torch.ones(2))\n" +
      "try:\n    l2 = F.l1_loss(x, torch.zeros(2))\nexcept ValueError:\n    pass\n" +
      "with torch.no_grad():\n    F.l1_loss(x, torch.ones(2))\n" +
      "def f(a):\n    return F.l1_loss(a, torch.zeros(2))\nfor j in range(1):\n    l3 = f(x)\n",
  );
  assert.deepEqual(out.diagnostics, []);
  assert.deepEqual(
    out.results.map((r) => [r.line, r.target, r.loss]),
    [[6, "loss", "MSELoss"], [8, "l2", "L1Loss"], [12, null, "L1Loss"], [16, "l3", "L1Loss"]],
  );
  // The loop's last iteration: y = x, so the loss is ((0.5 - 1)^2 + (1.5 - 1)^2) / 2.
  assert.deepEqual(Array.from(out.results[0].value.data), [0.25]);
});
