// Arguments a builtin never reads are refused, never ignored (issue: silent wrong answers found by
// scripts/sweep.mjs): positional ones as keyword ones are; and the calls the sweep found computing wrongly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";
import type { PyTorchVersion } from "../../engine/api/types";

const enginePromise = createEngine();
const run = async (src: string, pytorch: PyTorchVersion = "2.13") => evaluate("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n" + src, await enginePromise, { pytorch });
const warnings = (out: { diagnostics: { severity: string; message: string }[] }) => out.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);
const errors = (out: { diagnostics: { severity: string; message: string }[] }) => out.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);

test("a positional argument a torch op never reads is refused by name, on the argument; one no overload takes is PyTorch's TypeError", async () => {
  // Tensor.div's overloads are not in the parser's data (its strings are merged in libtorch_python.so).
  const out = await run("x = torch.tensor([1.5, -2.0])\ny = x * 1\nprint(x.div(y, y))\nprint('end')\n");
  assert.deepEqual(warnings(out), ["not supported by Loss Lens: Tensor.div() with 2 positional arguments"]);
  const div = out.diagnostics.find((d) => d.message.includes("div"))!;
  assert.deepEqual([div.line, div.column], [6, 16]);
  assert.equal(out.stdout, "end\n");
  // Measured in 2.13 (1.13 lists cumsum's overloads).
  const bad = await run("x = torch.tensor([1.5, -2.0])\nfor f in (lambda: torch.cumsum(x, 0, torch.float64), lambda: x.sigmoid_(1), lambda: torch.exp(x, x)):\n    try:\n        f()\n    except TypeError as e:\n        print(e)\n");
  assert.equal(bad.stdout, "cumsum() takes 2 positional arguments but 3 were given\nTensorBase.sigmoid_() takes no arguments (1 given)\nexp() takes 1 positional argument but 2 were given\n");
});

test("positional arguments that are read still compute: dim, keepdim, softmax's _stacklevel and dtype, copy_'s non_blocking", async () => {
  const out = await run("x = torch.tensor([[0.5, -1.25], [3.5, 0.0]])\nprint(torch.sum(x, 0, True))\nprint(F.softmax(x, 1, 3, torch.float64))\nprint(x.argmax(None, True), torch.argmin(x, None, False))\nprint(x.clone().copy_(x * 2, True))\n");
  assert.deepEqual(errors(out), []);
  assert.deepEqual(warnings(out), []);
  assert.equal(
    out.stdout,
    "tensor([[ 4.0000, -1.2500]])\ntensor([[0.8520, 0.1480],\n        [0.9707, 0.0293]], dtype=torch.float64)\ntensor([[2]]) tensor(1)\ntensor([[ 1.0000, -2.5000],\n        [ 7.0000,  0.0000]])\n",
  );
});

test("the activations' inplace flag (keyword, positional, modules) writes into the input, with the in-place kernels' nodes", async () => {
  const src =
    "x = torch.tensor([0.5, -1.25, 2.0])\nr = F.elu(x, 1.0, True)\nprint(r is x, x)\n" +
    "w = torch.tensor([0.5, -1.25], requires_grad=True)\nh = w * 1\nF.leaky_relu(h, 0.2, inplace=True)\nprint(h.grad_fn.name())\n" +
    "z = torch.tensor([-1.0, 3.0])\nnn.Hardswish(inplace=True)(z)\nprint(z)\nprint(torch.relu_(z), z)\nF.threshold(w, 0.5, -1.0, True)\n";
  for (const v of ["1.13", "2.13"] as const) {
    const out = await run(src, v);
    assert.equal(out.stdout, "True tensor([ 0.5000, -0.7135,  2.0000])\nLeakyReluBackward1\ntensor([-0.3333,  3.0000])\ntensor([0., 3.]) tensor([0., 3.])\n");
    assert.deepEqual(errors(out), ["RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."]);
  }
});

test("fill_diagonal_ follows ATen: 0-d and 1-d inputs raise, unequal cubes raise, wrap restarts a tall matrix's diagonal", async () => {
  const out = await run("x = torch.zeros(7, 3)\nx.fill_diagonal_(5, True)\nprint(x.flatten().nonzero().flatten().tolist())\ny = torch.zeros(2, 2, 2, dtype=torch.int64)\nprint(y.fill_diagonal_(2.7).flatten().tolist())\ntorch.tensor(0.75).fill_diagonal_(1, False)\n");
  assert.equal(out.stdout, "[0, 4, 8, 12, 16, 20]\n[2, 0, 0, 0, 0, 0, 0, 2]\n");
  assert.deepEqual(errors(out), ["RuntimeError: dimensions must larger than 1"]);
  const cube = await run("torch.zeros(2, 3, 2).fill_diagonal_(1)\n");
  assert.deepEqual(errors(cube), ["RuntimeError: all dimensions of input must be of equal length"]);
});

test("element-wise ops without a bool kernel raise PyTorch's error on bool tensors (2.x: NotImplementedError)", async () => {
  const src = "b = torch.tensor([True, False])\ntry:\n    torch.abs(b)\nexcept Exception as e:\n    print(type(e).__name__, e)\ntry:\n    b.floor()\nexcept Exception as e:\n    print(type(e).__name__, e)\ntry:\n    torch.relu(b)\nexcept Exception as e:\n    print(type(e).__name__, e)\nprint(torch.sign(b), torch.exp(b))\n";
  const tail = "RuntimeError Boolean inputs not supported for relu\ntensor([ True, False]) tensor([2.7183, 1.0000])\n";
  assert.equal((await run(src, "1.13")).stdout, `RuntimeError "abs_cpu" not implemented for 'Bool'\nRuntimeError "floor_vml_cpu" not implemented for 'Bool'\n${tail}`);
  assert.equal((await run(src, "2.13")).stdout, `NotImplementedError "abs_cpu" not implemented for 'Bool'\nNotImplementedError "floor_vml_cpu" not implemented for 'Bool'\n${tail}`);
});

test("torch.unique(sorted=False): 2.x sorts anyway; 1.13's hash order is refused by name", async () => {
  const src = "print(torch.unique(torch.tensor([3, 1, 2, 1]), False))\n";
  assert.equal((await run(src, "2.13")).stdout, "tensor([1, 2, 3])\n");
  assert.deepEqual(warnings(await run(src, "1.13")), ["not supported by Loss Lens: unique(sorted=False) under PyTorch 1.13"]);
});

test("float-only kernels raise on int64 and bool input as PyTorch's dispatch does (softmax's by dim, the activations')", async () => {
  const src = "i = torch.tensor([[1, -2, 3], [0, 4, -1]])\nfor f in (lambda: F.softmax(i, 0), lambda: F.log_softmax(i, 0), lambda: i.log_softmax(1), lambda: F.elu(i), lambda: F.selu(i > 0), lambda: F.silu(i), lambda: F.softplus(i), lambda: F.logsigmoid(i), lambda: F.hardtanh(i > 0), lambda: F.softshrink(i), lambda: nn.LeakyReLU()(i)):\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(F.hardtanh(i), F.softmax(i, 1, dtype=torch.float64).dtype)\n";
  const messages = (kind: string, inner: string, shrink: string) =>
    [
      `${kind} "softmax_kernel_impl" not implemented for 'Long'`,
      `${kind} "${inner}" not implemented for 'Long'`,
      `${kind} "log_softmax_lastdim_kernel_impl" not implemented for 'Long'`,
      `${kind} "elu_cpu" not implemented for 'Long'`,
      `${kind} "elu_cpu" not implemented for 'Bool'`,
      `${kind} "silu_cpu" not implemented for 'Long'`,
      `${kind} "softplus_cpu" not implemented for 'Long'`,
      `${kind} "log_sigmoid_cpu" not implemented for 'Long'`,
      "RuntimeError Bool inputs not supported for hardtanh",
      `${kind} "${shrink}" not implemented for 'Long'`,
      `${kind} "leaky_relu_cpu" not implemented for 'Long'`,
      "tensor([[ 1, -1,  1],\n        [ 0,  1, -1]]) torch.float64",
      "",
    ].join("\n");
  assert.equal((await run(src, "1.13")).stdout, messages("RuntimeError", "softmax_kernel_impl", "softshrink_cpu"));
  assert.equal((await run(src, "2.13")).stdout, messages("NotImplementedError", "log_softmax_kernel_impl", "softshrink_check"));
});

test("chunk / split of an empty dim, of a 0-d tensor; argmax of an empty tensor; clamp's promotion by its bounds", async () => {
  const src =
    "z = torch.zeros(0, 3)\nprint(torch.chunk(z, 2), z.split(1), torch.chunk(z, 2, 1))\n" +
    "for f in (lambda: torch.chunk(torch.tensor(0.75), 2), lambda: torch.tensor(0.75).split(1), lambda: torch.zeros(2, 3).split(0), lambda: torch.chunk(torch.zeros(2), 0), lambda: torch.argmax(z), lambda: z.argmin(), lambda: torch.clamp(torch.tensor([True, False]), True, True)):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\n" +
    "i = torch.tensor([1, -2, 3])\nprint(torch.clamp(i, -0.5), torch.clamp(i, 0, 2), torch.clamp(i > 0, None, 2))\n";
  const out = await run(src, "1.13");
  assert.equal(
    out.stdout,
    "(tensor([], size=(0, 3)), tensor([], size=(0, 3))) (tensor([], size=(0, 3)),) (tensor([], size=(0, 2)), tensor([], size=(0, 1)))\n" +
      "RuntimeError chunk expects at least a 1-dimensional tensor\nRuntimeError split expects at least a 1-dimensional tensor\n" +
      "RuntimeError split_size can only be 0 if dimension size is 0, but got dimension size of 2\nRuntimeError chunk expects `chunks` to be greater than 0, got: 0\n" +
      "IndexError argmax(): Expected reduction dim to be specified for input.numel() == 0.\nIndexError argmin(): Expected reduction dim to be specified for input.numel() == 0.\n" +
      "RuntimeError \"clamp_scalar_cpu\" not implemented for 'Bool'\n" +
      "tensor([ 1.0000, -0.5000,  3.0000]) tensor([1, 0, 2]) tensor([1, 0, 1])\n",
  );
});

test("in-place activations whose in-place node PyTorch differentiates otherwise are refused when they need a gradient", async () => {
  const out = await run("w = torch.tensor([0.5, -1.25], requires_grad=True)\nh = w * 1\nF.threshold(h, 0.1, 2.0, True)\ng = w * 1\nF.leaky_relu(g, -0.5, True)\nprint(F.threshold(torch.tensor([0.0, 1.0]), 0.1, 2.0, True))\n");
  assert.deepEqual(warnings(out), [
    "not supported by Loss Lens: the gradient of F.threshold(..., inplace=True) with value > threshold",
    "not supported by Loss Lens: the gradient of F.leaky_relu(..., inplace=True) with a negative slope",
  ]);
  assert.equal(out.stdout, "tensor([2., 1.])\n");
});

test("ATen's parser types: keepdim takes a bool only, a dim no bool, and not without a dim", async () => {
  const src = "x = torch.tensor([[0.5, -1.25], [3.5, 0.0]])\nfor f in (lambda: x.sum(0, 1), lambda: x.max(1, 0), lambda: torch.argmax(x, True), lambda: x.std(0, keepdim=1)):\n    try:\n        print(f())\n    except TypeError as e:\n        print('TypeError', e)\nprint(x.sum(0, True), x.max(1, False).values)\nprint(x.sum(keepdim=True))\n";
  const out = await run(src);
  // Measured in 2.13.
  const std = "std() received an invalid combination of arguments - got (int, keepdim=int), but expected one of:\n * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n * (tuple of ints dim = None, *, Number correction = None, bool keepdim = False)\n * (bool unbiased = True)\n";
  assert.equal(
    out.stdout,
    "TypeError sum(): argument 'keepdim' (position 2) must be bool, not int\nTypeError max(): argument 'keepdim' (position 2) must be bool, not int\nTypeError argmax(): argument 'dim' (position 2) must be int, not bool\n" +
      `TypeError ${std}\ntensor([[ 4.0000, -1.2500]]) tensor([0.5000, 3.5000])\n`,
  );
  assert.equal(
    errors(out)[0],
    "TypeError: sum() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n",
  );
});

test("a 0-d tensor takes dims -1 and 0 only (var / std / logsumexp / flatten); quantile's q tensor must match the input's dtype", async () => {
  const src = "s = torch.tensor(0.75)\nd = torch.tensor([[0.5, -1.25, 2.0]], dtype=torch.float64)\nfor f in (lambda: s.var(2), lambda: torch.logsumexp(s, 1), lambda: s.flatten(1), lambda: torch.flatten(s, end_dim=1), lambda: torch.quantile(d, torch.tensor([0.25, 0.75]))):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(s.logsumexp(0), s.flatten(0, -1), torch.quantile(d, 0.5))\n";
  const range = (got: number) => `IndexError Dimension out of range (expected to be in range of [-1, 0], but got ${got})\n`;
  assert.equal((await run(src, "1.13")).stdout, range(2) + range(1) + range(1) + range(1) + "RuntimeError quantile() q tensor must be same dtype as the input tensor\ntensor(0.7500) tensor([0.7500]) tensor(0.5000, dtype=torch.float64)\n");
});

test("an argument given by position and by name is a TypeError; max / min's other= takes a tensor only", async () => {
  const src = "x = torch.tensor([[0.5, -1.25], [3.5, 0.0]])\nfor f in (lambda: x.min(1, dim=0), lambda: torch.sum(x, 0, dim=1), lambda: torch.max(x, other=2)):\n    try:\n        print(f())\n    except TypeError as e:\n        print('TypeError', e)\nprint(torch.max(x, other=x * 2))\n";
  const out = await run(src);
  assert.equal(
    out.stdout,
    // Measured in 2.13.
    "TypeError min() got multiple values for argument 'dim'\nTypeError sum() got multiple values for argument 'dim'\n" +
      "TypeError max() received an invalid combination of arguments - got (Tensor, other=int), but expected one of:\n * (Tensor input, *, Tensor out = None)\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n\n" +
      "tensor([[ 1.0000, -1.2500],\n        [ 7.0000,  0.0000]])\n",
  );
});

test("uniform_ / normal_ on int64 and bool tensors raise their kernels' errors (they filled fractions in before)", async () => {
  const src = "i = torch.tensor([1, 2])\nfor f in (lambda: i.uniform_(), lambda: (i > 1).normal_(), lambda: i.normal_()):\n    try:\n        print(f())\n    except Exception as e:\n        print(type(e).__name__, e)\n";
  const want = (kind: string) => `${kind} "check_uniform_bounds" not implemented for 'Long'\n${kind} "normal_kernel_cpu" not implemented for 'Bool'\n${kind} "normal_kernel_cpu" not implemented for 'Long'\n`;
  assert.equal((await run(src, "1.13")).stdout, want("RuntimeError"));
  assert.equal((await run(src, "2.13")).stdout, want("NotImplementedError"));
});

test("out=None is PyTorch's default and computes (the deprecated addcmul overload too); an out= tensor is refused", async () => {
  // Values measured with PyTorch 1.13 and 2.13 (a Tweedie loss of the corpus writes out=None on every call).
  const out = await run("x = torch.tensor([1.0, 2.0])\ny = torch.empty(2)\nprint(torch.mul(x, 3, out=None))\nprint(torch.addcmul(x, -0.5, x, x, out=None))\nprint(torch.exp(x, out=y))\nprint('end')\n");
  assert.deepEqual(errors(out), []);
  assert.deepEqual(
    warnings(out).filter((w) => !w.includes("deprecated")),
    ["not supported by Loss Lens: torch.exp(..., out=...)"],
  );
  assert.equal(out.stdout, "tensor([3., 6.])\ntensor([0.5000, 0.0000])\nend\n");
});

test("a device index raises each version's error on a CPU build; a device= that is no device is PyTorch's TypeError", async () => {
  // Measured with PyTorch 1.13 and 2.13 (the sweep's x.to(1), zeros_like(x, device=y) computed on the CPU before).
  const src = (s: string) => `x = torch.tensor([0.5, -1.0])\n${s}\n`;
  const err = async (s: string, v: PyTorchVersion) => errors(await run(src(s), v));
  assert.deepEqual(await err("x.to(1)", "1.13"), ["AssertionError: Torch not compiled with CUDA enabled"]);
  assert.deepEqual(await err("x.to(1)", "2.13"), ["RuntimeError: Cannot access accelerator device when none is available."]);
  assert.deepEqual(await err("torch.zeros(2, device=0)", "2.13"), ["RuntimeError: Cannot access accelerator device when none is available."]);
  assert.deepEqual(await err("torch.zeros(2, device=-1)", "1.13"), ["RuntimeError: Device index must not be negative"]);
  assert.deepEqual(await err("torch.zeros_like(x, device=x)", "1.13"), ["TypeError: zeros_like(): argument 'device' must be torch.device, not Tensor"]);
  const ok = await run(src("print(torch.zeros_like(x, device='cpu'), x.to('cpu:0'), x.new_zeros(1, device=torch.device('cpu')), torch.ones(1, device=None))"));
  assert.deepEqual(errors(ok), []);
  assert.equal(ok.stdout, "tensor([0., 0.]) tensor([ 0.5000, -1.0000]) tensor([0.]) tensor([1.])\n");
});

test("size_average / reduce given a tensor are tested with Python's truth, as _Reduction.legacy_get_string does", async () => {
  const src = "x = torch.tensor([0.5, -1.0])\ny = torch.tensor([1.0, 0.0])\nprint(F.l1_loss(x, y, size_average=torch.tensor(1.)))\nprint(F.l1_loss(x, y, reduce=y))\n";
  const out = await run(src, "1.13");
  assert.equal(out.stdout, "tensor(0.7500)\n");
  assert.deepEqual(errors(out), ["RuntimeError: Boolean value of Tensor with more than one value is ambiguous"]);
});

test("in-place writes into a leaf that requires grad: allowed under no_grad (fill_, uniform_, zero_ as nn.init does), refused outside", async () => {
  // Measured with PyTorch 1.13: fill_ / zero_ raised under no_grad before (their check ignored grad mode).
  const out = await run("w = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    w.fill_(0.5)\n    w.zero_()\n    w.add_(1)\nprint(w)\nw.zero_()\n", "1.13");
  assert.equal(out.stdout, "tensor([1., 1., 1.], requires_grad=True)\n");
  assert.deepEqual(errors(out), ["RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."]);
});

test("losses whose Python code meets a bool, int64 or 0-d input first raise its error (measured on 1.13 and 2.13)", async () => {
  const pre = "b = torch.tensor([[True, False, True], [False, False, True]])\nf = torch.tensor([[0.5, -1.25, 2.0], [3.5, 0.0, -0.75]])\nl = torch.tensor([[1, -2, 3], [0, 4, -1]])\ns = torch.tensor(0.75)\n";
  const subBool = "RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";
  const subTwo = "RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.";
  const cases: [string, string | ((v: string) => string)][] = [
    ["F.poisson_nll_loss(b, b)", subBool],
    ["F.poisson_nll_loss(b, f, log_input=False)", subBool],
    ["F.l1_loss(b, b, reduction='none')", subTwo],
    ["nn.L1Loss()(f, b)", subBool],
    ["F.hinge_embedding_loss(b, f)", subTwo],
    ["F.multilabel_soft_margin_loss(l, f)", (v) => `${v === "1.13" ? "RuntimeError" : "NotImplementedError"}: "log_sigmoid_cpu" not implemented for 'Long'`],
    ["F.multilabel_soft_margin_loss(f, b)", subBool],
    ["F.multilabel_soft_margin_loss(s, torch.tensor(2.5))", "IndexError: Dimension specified as -1 but tensor has no dimensions"],
    ["F.cross_entropy(s, torch.tensor(2.5), label_smoothing=0.1)", "IndexError: Dimension specified as 1 but tensor has no dimensions"],
  ];
  for (const v of ["1.13", "2.13"] as const) {
    for (const [call, want] of cases) {
      const out = await run(`${pre}print(${call})\n`, v);
      assert.equal(out.stdout, "", call);
      assert.deepEqual(errors(out), [typeof want === "string" ? want : want(v)], `${call} (${v})`);
    }
    // These compute (PyTorch prints them); a number weight is refused, not rejected.
    const ok = await run(`${pre}print(F.poisson_nll_loss(f, b), F.hinge_embedding_loss(f, b))\nprint(F.multilabel_soft_margin_loss(f, f, 0.25))\n`, v);
    assert.equal(ok.stdout, "tensor(7.0270) tensor(1.2083)\n");
    assert.deepEqual(warnings(ok), ["not supported by Loss Lens: multilabel_soft_margin_loss with a number weight"]);
  }
  // 1.13's gaussian_nll_loss asks any number var for its size (2.x takes a float one).
  assert.deepEqual(errors(await run(`${pre}print(F.gaussian_nll_loss(f, f, 1, full=True))\n`, "1.13")), ["AttributeError: 'int' object has no attribute 'size'"]);
});

test("torch.empty's uninitialised memory: metadata and whole writes are PyTorch's, any read of its values is refused", async () => {
  // PyTorch prints whatever the allocator held (a different value each run): no value read from it is PyTorch's.
  const src =
    "x = torch.empty(2, 3)\nprint(x.shape, x.size(1), x.dtype, x.numel(), len(x), torch.empty(0))\n" +
    "print(torch.empty(3).fill_(2.5), torch.empty_like(x, dtype=torch.int64).zero_()[0], torch.FloatTensor(2).copy_(torch.tensor([1.0, 2.0])))\n" +
    "w = nn.Parameter(torch.empty(2))\nnn.init.constant_(w, 0.25)\nprint(w)\n" +
    "u = torch.empty_like(w)\nprint(u)\nprint(u + 1)\nprint(u[0].item())\nprint(u.sum())\nprint(nn.Parameter(u))\n";
  for (const v of ["1.13", "2.13"] as const) {
    const out = await run(src, v);
    // Measured with both versions (the first lines; the rest print memory).
    assert.equal(out.stdout, "torch.Size([2, 3]) 3 torch.float32 6 2 tensor([])\ntensor([2.5000, 2.5000, 2.5000]) tensor([0, 0, 0]) tensor([1., 2.])\nParameter containing:\ntensor([0.2500, 0.2500], requires_grad=True)\n");
    assert.deepEqual(warnings(out), Array(5).fill("not supported by Loss Lens: reading torch.empty's uninitialized memory (PyTorch prints whatever it held)"));
  }
});

test("values PyTorch computes from memory it does not own, or draws the evaluator does not reproduce, are refused", async () => {
  // Measured: 2.x's take_along_dim reads past its input for an index out of range (1.13 raises); resize_(-3, ...)
  // makes a tensor of size -3; a bool tensor's random_() draws other values after the same seed.
  const src = "b = torch.tensor([True, False])\nprint(b.random_())\nf = torch.tensor([[0.5, -1.25, 2.0], [3.5, 0.0, -0.75]])\nprint(f.take_along_dim(torch.tensor([[0, 2, 1]]), 0))\nprint(f.clone().resize_(-3, False, True))\n";
  const out = await run(src, "2.13");
  assert.equal(out.stdout, "");
  assert.deepEqual(warnings(out), [
    "not supported by Loss Lens: random_ of a bool tensor",
    "not supported by Loss Lens: take_along_dim with an index out of range (PyTorch 2.x reads past the input)",
    "not supported by Loss Lens: resize_ to a negative size",
  ]);
  assert.deepEqual(errors(await run(src, "1.13")), ["RuntimeError: index 2 is out of bounds for dimension 0 with size 2"]);
  // 2.x's cov with weights of a single observation zeroes its input (measured: x prints tensor(0.) after it).
  const cov = "x = torch.tensor(0.75)\nr = x.cov(aweights=torch.tensor(2.5))\nprint(r, x)\n";
  assert.deepEqual(warnings(await run(cov, "2.13")), ["not supported by Loss Lens: cov with weights of a single observation (PyTorch 2.x overwrites its input)"]);
  assert.equal((await run(cov, "1.13")).stdout, "tensor(nan) tensor(0.7500)\n");
});
