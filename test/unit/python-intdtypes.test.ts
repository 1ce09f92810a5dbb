// The narrow integer dtypes (int32, int16, int8, uint8): PyTorch's errors for them, and what the evaluator cannot
// do exactly refused by name, never computed as if it were int64. Their values are the python-ops fixtures' cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import type { PyTorchVersion } from "../../engine/api/versions";
import { evaluate } from "../../engine/python";

const enginePromise = createEngine();
const run = async (src: string, pytorch?: PyTorchVersion) => evaluate("import torch\nimport torch.nn.functional as F\n" + src, await enginePromise, pytorch ? { pytorch } : {});
const errorOf = async (src: string, pytorch?: PyTorchVersion) => (await run(src, pytorch)).diagnostics.find((d) => d.severity === "error")?.message;
const warningOf = async (src: string) => (await run(src)).diagnostics.find((d) => d.severity === "warning")?.message;

test("an op not checked for a narrow integer dtype is refused by name, its statement skipped", async () => {
  const out = await run("x = torch.tensor([1, 4]).int()\nprint(x.sqrt())\nprint(torch.sqrt(x))\nprint('after')\n");
  assert.equal(out.stdout, "after\n");
  const warnings = out.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);
  assert.deepEqual(warnings, ["not supported by Loss Lens: Tensor.sqrt of a torch.int32 tensor", "not supported by Loss Lens: torch.sqrt of a torch.int32 tensor"]);
  assert.equal(await warningOf("print(torch.nn.Linear(2, 2)(torch.ones(2, dtype=torch.uint8)))\n"), "not supported by Loss Lens: nn.Linear of a torch.uint8 tensor");
  assert.equal(await warningOf("print(F.relu(torch.ones(2, dtype=torch.int8)))\n"), "not supported by Loss Lens: F.relu of a torch.int8 tensor");
  assert.equal(await warningOf("print(torch.ones(2).sum(dtype=torch.int16).cumsum(0, dtype=torch.int16))\n"), "not supported by Loss Lens: dtype=torch.int16 here (it is taken by constructors and casts)");
});

test("Python numbers out of a narrow dtype's range: c10's overflow error, in torch.tensor's and torch.full's words", async () => {
  assert.equal(await errorOf("torch.tensor([300], dtype=torch.uint8)\n"), "RuntimeError: value cannot be converted to type uint8 without overflow");
  assert.equal(await errorOf("torch.tensor([-1.5], dtype=torch.uint8)\n"), "RuntimeError: value cannot be converted to type uint8 without overflow");
  assert.equal(await errorOf("torch.full((2,), 2**31, dtype=torch.int32)\n"), "RuntimeError: value cannot be converted to type int without overflow");
  assert.equal(await errorOf("torch.full_like(torch.ones(2).byte(), 300)\n"), "RuntimeError: value cannot be converted to type uint8_t without overflow");
  assert.equal(await errorOf("torch.zeros(2).char().new_full((2,), -129)\n"), "RuntimeError: value cannot be converted to type int8_t without overflow");
  // uint8 takes -255..-1 wrapped; int16 takes 255.9 truncated.
  assert.equal((await run("print(torch.tensor([-1, -255], dtype=torch.uint8), torch.full((1,), 255.9, dtype=torch.int16))\n")).stdout, "tensor([255,   1], dtype=torch.uint8) tensor([255], dtype=torch.int16)\n");
});

test("errors on narrow integer tensors: requires_grad, mean, integer division by zero, negative powers", async () => {
  assert.equal(await errorOf("torch.tensor([1, 2], dtype=torch.int32, requires_grad=True)\n"), "RuntimeError: Only Tensors of floating point and complex dtype can require gradients");
  assert.equal(await errorOf("torch.tensor([1, 2], dtype=torch.int16).mean()\n"), "RuntimeError: mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Short");
  assert.equal(await errorOf("torch.tensor([1, 2], dtype=torch.uint8) // 0\n"), "RuntimeError: ZeroDivisionError");
  assert.equal(await errorOf("torch.tensor([1, 2], dtype=torch.int8) ** -1\n"), "RuntimeError: Integers to negative integer powers are not allowed.");
});

test("class-index targets: uint8 is nll_loss's Byte, the other narrow integers each version's error", async () => {
  const x = "x = torch.tensor([[1.0, 2.0, 0.5], [0.1, 0.2, 0.3]])\n";
  assert.equal((await run(x + "print(F.cross_entropy(x, torch.tensor([0, 2], dtype=torch.uint8)))\n")).stdout, "tensor(1.2332)\n");
  assert.equal(await errorOf(x + "F.cross_entropy(x, torch.tensor([0, 2]).int())\n", "1.13"), "RuntimeError: expected scalar type Long but found Int");
  assert.equal(await errorOf(x + "F.nll_loss(x, torch.tensor([0, 2]).char())\n", "2.13"), "RuntimeError: expected target dtype to be Long or Byte, but got Char");
  assert.equal(await warningOf(x + "print(F.binary_cross_entropy(torch.sigmoid(x), torch.ones(2, 3).int()))\n"), "not supported by Loss Lens: a loss given a torch.int32 tensor");
});

test("indexing: a uint8 mask with its deprecation warning, int32 index tensors in 2.x only, 0-dim integers as ints", async () => {
  const mask = await run("v = torch.tensor([1., 2., 3.])\nprint(v[torch.tensor([1, 0, 1], dtype=torch.uint8)])\n");
  assert.equal(mask.stdout, "tensor([1., 3.])\n");
  assert.equal(mask.diagnostics.find((d) => d.severity === "warning")?.message, "UserWarning: indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.");
  const src = "v = torch.tensor([1., 2., 3.])\nprint(v[torch.tensor(1, dtype=torch.int8)], [1, 2, 3][torch.tensor(2).int()])\nprint(v[torch.tensor([2, 0]).int()])\n";
  assert.equal((await run(src, "2.13")).stdout, "tensor(2.) 3\ntensor([3., 1.])\n");
  assert.equal(await errorOf(src, "1.13"), "IndexError: tensors used as indices must be long, byte or bool tensors");
  assert.equal(await errorOf("torch.ones(3)[torch.tensor([0, 1]).short()]\n", "2.13"), "IndexError: tensors used as indices must be long, int, byte or bool tensors");
  assert.equal(await errorOf("torch.ones(3)[torch.tensor([0.])]\n", "1.13"), "IndexError: tensors used as indices must be long, byte or bool tensors");
});

test("assignment into a narrow tensor: numbers overflow-checked, tensors cast; through a uint8 mask refused", async () => {
  const out = await run("x = torch.tensor([1, 2], dtype=torch.uint8)\nx[0] = -1\nprint(x)\nx[:] = torch.tensor([-1.5, 300.])\nprint(x)\nx[1] = 256\n");
  assert.equal(out.stdout, "tensor([255,   2], dtype=torch.uint8)\ntensor([255,  44], dtype=torch.uint8)\n");
  assert.equal(out.diagnostics.find((d) => d.severity === "error")?.message, "RuntimeError: value cannot be converted to type uint8_t without overflow");
  assert.equal(await warningOf("v = torch.ones(2)\nv[torch.tensor([1, 0], dtype=torch.uint8)] = 5\n"), "not supported by Loss Lens: assignment through a torch.uint8 mask");
});

test("add / sub with alpha on integers: a float alpha is PyTorch's error; int32's -2^31 // -1 kills 1.13, so it is refused there", async () => {
  assert.equal(await errorOf("torch.add(torch.tensor([1, 2]).byte(), 1, alpha=2.0)\n"), "RuntimeError: For integral input tensors, argument alpha must not be a floating point number.");
  assert.equal(await errorOf("torch.tensor([1, 2]).add(torch.tensor([1, 2]), alpha=0.5)\n"), "RuntimeError: For integral input tensors, argument alpha must not be a floating point number.");
  const src = "x = torch.tensor([-2**31, 7], dtype=torch.int32)\nprint(x // -1, x % -1)\n";
  assert.equal((await run(src, "2.13")).stdout, "tensor([-2147483648,          -7], dtype=torch.int32) tensor([0, 0], dtype=torch.int32)\n");
  const old = await run(src, "1.13");
  assert.equal(old.stdout, "");
  assert.equal(old.diagnostics.find((d) => d.severity === "warning")?.message, "not supported by Loss Lens: int32 -2147483648 // -1 (PyTorch 1.13 dies of SIGFPE on it)");
});

test("fill values into a narrow result are overflow-checked: masked_fill, where with a Python number", async () => {
  const c = "u = torch.tensor([1, 2], dtype=torch.uint8)\nc = torch.tensor([True, False])\n";
  assert.equal(await errorOf(c + "u.masked_fill(c, 300)\n"), "RuntimeError: value cannot be converted to type uint8_t without overflow");
  assert.equal(await errorOf(c + "u.masked_fill(c, torch.tensor(300))\n"), "RuntimeError: value cannot be converted to type uint8_t without overflow");
  assert.equal(await errorOf(c + "torch.where(c, u, 300)\n"), "RuntimeError: value cannot be converted to type uint8_t without overflow");
  assert.equal(await errorOf(c + "torch.where(torch.tensor([1, 0], dtype=torch.int8), u, u)\n"), "RuntimeError: where expected condition to be a boolean tensor, but got a tensor with dtype Char");
  assert.equal(await warningOf(c + "torch.ones(2).masked_fill(u.int(), 0)\n"), "not supported by Loss Lens: masked_fill with a torch.int32 mask");
});

test("each version's words: a float index tensor, one_hot of a non-int64 tensor", async () => {
  assert.equal(await errorOf("torch.ones(3)[torch.tensor([0.])]\n", "1.13"), "IndexError: tensors used as indices must be long, byte or bool tensors");
  assert.equal(await errorOf("torch.ones(3)[torch.tensor([0.])]\n", "2.13"), "IndexError: tensors used as indices must be long, int, byte or bool tensors");
  assert.equal(await errorOf("F.one_hot(torch.tensor([1.]), 3)\n", "1.13"), "RuntimeError: one_hot is only applicable to index tensor.");
  assert.equal(await errorOf("F.one_hot(torch.tensor([1, 2]).int(), 3)\n", "2.13"), "RuntimeError: one_hot is only applicable to index tensor of type LongTensor.");
});

test("a narrow dtype= where the op does not take it is refused by name", async () => {
  assert.equal(await warningOf("print(torch.linspace(0, 10, 5, dtype=torch.int32))\n"), "not supported by Loss Lens: dtype=torch.int32 here (it is taken by constructors and casts)");
  assert.equal(await warningOf("print(torch.softmax(torch.ones(2), 0, dtype=torch.uint8))\n"), "not supported by Loss Lens: dtype=torch.uint8 here (it is taken by constructors and casts)");
});
