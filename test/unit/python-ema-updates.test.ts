// What the corpus's sixth round needed beyond its ops' values (python-ops.json has those): the deprecated
// add_(alpha, other) overload's warning in each version's words, detach_()'s refusals, and printing a module whose
// class defines its own repr.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";
import type { PyTorchVersion } from "../../engine/api/types";

const enginePromise = createEngine();
const run = async (src: string, pytorch: PyTorchVersion) => evaluate("import torch\nimport torch.nn as nn\n" + src, await enginePromise, { pytorch });
const messages = (out: { diagnostics: { severity: string; message: string }[] }, severity: string) => out.diagnostics.filter((d) => d.severity === severity).map((d) => d.message);

test("add_(alpha, other) computes with PyTorch's deprecation warning, once per process, in each version's words", async () => {
  // Measured with PyTorch 1.13 and 2.13 (rosinality's stylegan2 accumulate, mean teacher's update_ema_variables).
  const src = "a = torch.ones(3)\nb = torch.arange(3.)\nprint(a.add_(0.5, b))\nprint(torch.sub(a, 2, b))\n";
  const method = (alpha: string) => `UserWarning: This overload of add_ is deprecated:\n\tadd_(Number alpha, Tensor other)\nConsider using one of the following signatures instead:\n\tadd_(Tensor other, *, Number alpha${alpha})`;
  for (const [v, alpha] of [["1.13", ""], ["2.13", " = 1"]] as const) {
    const out = await run(src, v);
    assert.equal(out.stdout, "tensor([1.0000, 1.5000, 2.0000])\ntensor([ 1.0000, -0.5000, -2.0000])\n");
    assert.deepEqual(messages(out, "warning"), [method(alpha)]);
  }
  const fn = await run("a = torch.ones(2)\nprint(torch.add(a, 2, a))\n", "2.13");
  assert.deepEqual(messages(fn, "warning"), [
    "UserWarning: This overload of add is deprecated:\n\tadd(Tensor input, Number alpha, Tensor other, *, Tensor out = None)\nConsider using one of the following signatures instead:\n\tadd(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
  ]);
});

test("add(number, not a tensor) is not the deprecated overload: PyTorch's parser error, never computed", async () => {
  // Measured with PyTorch 1.13 and 2.13: the same TypeError in both.
  for (const v of ["1.13", "2.13"] as const) {
    const out = await run("x = torch.tensor(0.75)\nprint(x.sub(0.5, torch.float64))\nprint('end')\n", v);
    assert.deepEqual(messages(out, "error"), ["TypeError: sub() takes 1 positional argument but 2 were given"]);
    assert.equal(out.stdout, "");
  }
});

test("detach_(): a Parameter leaves the graph, a view raises PyTorch's error, a tensor that may be a view is refused", async () => {
  const out = await run("p = nn.Parameter(torch.ones(2))\np.detach_()\nprint(p, p.requires_grad)\nw = torch.ones(4, requires_grad=True) * 2\ntry:\n    w[:2].detach_()\nexcept RuntimeError as e:\n    print(str(e)[:40])\nleaf = torch.ones(3)\nleaf.detach_()\nprint('end')\n", "1.13");
  assert.equal(out.stdout, "Parameter containing:\ntensor([1., 1.]) False\nCan't detach views in-place. Use detach(\nend\n");
  assert.deepEqual(messages(out, "warning"), ["not supported by Loss Lens: Tensor.detach_ of a tensor that may be a view"]);
});

test("a module prints its sub-modules; a class with its own __repr__ / extra_repr is refused rather than printed as Name()", async () => {
  const out = await run("class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.CosineSimilarity()\nclass B(nn.Module):\n    def extra_repr(self):\n        return 'k=3'\nprint(A())\nprint(B())\n", "2.13");
  assert.equal(out.stdout, "A(\n  (c): CosineSimilarity()\n)\n");
  assert.deepEqual(messages(out, "warning"), ["not supported by Loss Lens: B's own __repr__"]);
});
