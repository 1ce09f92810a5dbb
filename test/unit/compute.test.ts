// The compute command's pure logic: reading a document, slicing the statements a loss depends on, building
// the program with its way back to the document, which losses fit selected tensors, and the short forms.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";
import { dependencies, readStatements, lossStatementAt } from "../../engine/compute/analysis";
import { fittingLosses, probeTensors } from "../../engine/compute/fit";
import { compactRepr, describeOptions, fullRepr, pythonLiteral, shortRepr } from "../../engine/compute/format";
import { plan, type Input } from "../../engine/compute/plan";
import { dedentSelection } from "../../engine/compute/program";

const enginePromise = createEngine();

interface SeedFixture {
  name: string;
  source: string;
  error: unknown;
  tensors: Record<string, { dtype: string; shape: number[]; data: (number | string)[] }>;
}
const seeds: SeedFixture[] = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "seeds.json"), "utf8"));

const FILE = [
  "import torch",
  "import torch.nn as nn",
  "",
  "flag = 1",
  "if flag:",
  "    inputs = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)",
  "    target = torch.ones((2, 2)) * 3",
  "    unused = torch.zeros(5)",
  "    loss_f = nn.L1Loss(reduction='none')",
  "    loss = loss_f(inputs, target)",
  "    print(loss)",
].join("\n");

function at(line: number, column = 0, cell = 0) {
  return { cell, line, column };
}

test("statements: loss calls are found through criteria, functional names and inline modules", () => {
  const stmts = readStatements([FILE, "import torch.nn.functional as F\ny = F.mse_loss(inputs, target)\nz = nn.HuberLoss(delta=2.0)(inputs, target)\n"]);
  const losses = stmts.filter((s) => s.loss).map((s) => [s.cell, s.span.line, s.loss]);
  assert.deepEqual(losses, [
    [0, 10, "L1Loss"],
    [1, 2, "MSELoss"],
    [1, 3, "HuberLoss"],
  ]);
  assert.equal(lossStatementAt(stmts, 0, 9)?.loss, "L1Loss");
  assert.equal(lossStatementAt(stmts, 0, 7), null);
});

test("dependencies: the backward slice keeps what the loss reads, in order, and drops the rest", () => {
  const stmts = readStatements([FILE]);
  const target = lossStatementAt(stmts, 0, 9)!;
  const deps = dependencies(stmts.filter((s) => s.span.line < target.span.line), target.uses);
  assert.deepEqual(deps.map((s) => s.span.line), [1, 2, 6, 7, 9]);
});

test("cursor form: the program is the slice, dedented, and maps back to the file's lines", async () => {
  const input: Input = { cells: [FILE], cell: 0, selection: null, cursor: at(9, 8) };
  const p = plan(input);
  assert.equal(p.kind, "program");
  if (p.kind !== "program") return;
  assert.equal(p.form, "statement");
  assert.equal(p.program.lines[2], "inputs = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)");
  const out = evaluate(p.program.text, await enginePromise);
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.results.length, 1);
  const r = out.results[0];
  assert.deepEqual(Array.from(r.value.data), [2, 1, 0, 1]);
  assert.deepEqual(Object.keys(r.grads), ["inputs"]);
  const where = p.program.locate(r);
  assert.deepEqual(where, { cell: 0, line: 9, column: 4, endLine: 9, endColumn: 33 });
});

test("cursor form: a loop (or with / try / while) that changes a name the loss reads runs before it, whole", async () => {
  const file = [
    "import torch",
    "x = torch.ones(3)",
    "unrelated = torch.zeros(2)",
    "for i in range(3):",
    "    if i > 0:",
    "        x = x * 2.0",
    "with torch.no_grad():",
    "    y = x * 0.5 + 1.0",
    "try:",
    "    y = y * 3.0",
    "except RuntimeError:",
    "    pass",
    "loss = torch.nn.functional.mse_loss(x, y)",
    "",
  ].join("\n");
  const p = plan({ cells: [file], cell: 0, selection: null, cursor: at(12, 8) });
  assert.equal(p.kind, "program");
  if (p.kind !== "program") return;
  assert.ok(!p.program.text.includes("unrelated"), p.program.text);
  assert.ok(p.program.text.includes("for i in range(3):"), p.program.text);
  const out = evaluate(p.program.text, await enginePromise);
  assert.deepEqual(out.diagnostics, []);
  // x = 4 after the loop (doubled twice), y = (x / 2 + 1) * 3 = 9: the loss is 25 (without the loop 12.25,
  // without the try block 1).
  assert.deepEqual(Array.from(out.results[0].value.data), [25]);
});

test("cursor form: no loss statement there", () => {
  assert.deepEqual(plan({ cells: [FILE], cell: 0, selection: null, cursor: at(7) }), { kind: "none", reason: "no-loss-at-cursor" });
});

test("notebook: the loss cell takes its assignments from the cells above", async () => {
  const cells = ["import torch\nx = torch.tensor([[0.5, 1.5, -1.0]], requires_grad=True)", "y = torch.tensor([2])", "loss = torch.nn.functional.cross_entropy(x, y)"];
  const p = plan({ cells, cell: 2, selection: null, cursor: at(0, 3, 2) });
  assert.equal(p.kind, "program");
  if (p.kind !== "program") return;
  const out = evaluate(p.program.text, await enginePromise);
  assert.equal(out.results.length, 1);
  assert.deepEqual(p.program.locate(out.results[0]), { cell: 2, line: 0, column: 0, endLine: 0, endColumn: 46 });
  assert.ok(Math.abs(out.results[0].value.data[0] - 2.8715391159057617) < 1e-5 * 2.87);
});

test("selection dedent: an indented block and a selection starting mid-line", () => {
  assert.deepEqual(dedentSelection(["    a = 1", "    if a:", "        b = 2"], "    a = 1", 0), [
    { text: "a = 1", shift: 4 },
    { text: "if a:", shift: 4 },
    { text: "    b = 2", shift: 4 },
  ]);
  assert.deepEqual(dedentSelection(["a = 1", "    b = 2"], "    a = 1", 4), [
    { text: "a = 1", shift: 4 },
    { text: "b = 2", shift: 4 },
  ]);
});

test("snippet form: every seed example's selection (indented as in the notes) gives PyTorch's values in place", async () => {
  const engine = await enginePromise;
  let checked = 0;
  for (const fx of seeds) {
    if (fx.error || !Object.keys(fx.tensors).length) continue;
    const body = fx.source.replace(/\n$/, "").split("\n");
    const doc = ["flag = 1", "if flag:", ...body.map((l) => (l ? "    " + l : l))].join("\n");
    const p = plan({ cells: [doc], cell: 0, selection: { start: at(2, 0), end: at(1 + body.length, body[body.length - 1].length + 4) }, cursor: at(2) });
    assert.equal(p.kind, "program", fx.name);
    if (p.kind !== "program") continue;
    const out = evaluate(p.program.text, engine);
    if (out.diagnostics.some((d) => /does not compute it yet/.test(d.message))) continue;
    for (const r of out.results) {
      // The fixture holds each variable's final value: compare only variables the example assigns once.
      const once = r.target !== null && (fx.source.match(new RegExp(`^\\s*${r.target}\\s*=[^=]`, "gm")) ?? []).length === 1;
      const expected = r.target && once ? fx.tensors[r.target] : undefined;
      const where = p.program.locate(r);
      assert.ok(where && where.line >= 2 && where.column >= 4, `${fx.name}: located in the indented block`);
      if (!expected || r.random) continue;
      // The fixture holds a variable's final value: skip one the example assigns again (a hand check after the loss).
      const assigned = new RegExp(`^\\s*${r.target}\\s*=[^=]`);
      if (body.filter((l) => assigned.test(l)).length > 1) continue;
      assert.deepEqual(r.value.shape, expected.shape, fx.name);
      r.value.data.forEach((v, i) => {
        const e = Number(expected.data[i]);
        assert.ok(Math.abs(v - e) <= 1e-5 * Math.abs(e) + 1e-6, `${fx.name}[${i}]: ${v} vs ${e}`);
      });
      checked++;
    }
  }
  assert.ok(checked >= 3, `checked ${checked} seed results`);
});

test("tensors form: two selected literals get names, shapes from the evaluator, the fitting losses and a call", async () => {
  const engine = await enginePromise;
  const doc = "import torch\ncriterion = torch.nn.CrossEntropyLoss()\nlogits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])\nlabels = torch.tensor([0, 1])\n";
  const p = plan({ cells: [doc], cell: 0, selection: { start: at(2), end: at(4) }, cursor: at(4) });
  assert.equal(p.kind, "tensors");
  if (p.kind !== "tensors") return;
  const tp = p.plan;
  assert.deepEqual(tp.names, ["logits", "labels"]);
  assert.equal(tp.ownCriterion, "CrossEntropyLoss");
  const shapes = probeTensors(tp.probe().text, tp.names, engine, 1e7);
  assert.deepEqual(shapes.map((s) => s && [s.dtype, s.shape]), [
    ["float32", [2, 3]],
    ["int64", [2]],
  ]);
  const fits = fittingLosses(shapes.map((s) => s!), engine).map((r) => r.className);
  assert.ok(fits.includes("CrossEntropyLoss") && fits.includes("NLLLoss") && fits.includes("MultiMarginLoss"), fits.join());
  assert.ok(!fits.includes("MSELoss") && !fits.includes("TripletMarginLoss") && !fits.includes("NLLLoss2d"), fits.join());
  const program = tp.withLoss("CrossEntropyLoss", { reduction: "sum", label_smoothing: 0.0 }, [true, false]);
  assert.match(program.lines[program.lines.length - 1], /^import torch\.nn as nn; loss = nn\.CrossEntropyLoss\(reduction='sum'\)\(logits, labels\)$/);
  const out = evaluate(program.text, engine);
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.results.length, 1);
  assert.deepEqual(Object.keys(out.results[0].grads), ["logits"]);
  assert.deepEqual(program.locate(out.results[0]), { cell: 0, line: 3, column: 0, endLine: 3, endColumn: Number.MAX_SAFE_INTEGER, synthetic: true });
});

test("tensors form: bare expressions on one line are bound to fresh names and their errors map back", async () => {
  const engine = await enginePromise;
  const doc = "x = 1\n    torch.randn(3, 5), torch.tensor([1, 0, 7])\n";
  const p = plan({ cells: [doc], cell: 0, selection: { start: at(1, 4), end: at(1, 46) }, cursor: at(1) });
  assert.equal(p.kind, "tensors");
  if (p.kind !== "tensors") return;
  assert.deepEqual(p.plan.names, ["t0", "t1"]);
  const probe = p.plan.probe();
  assert.deepEqual(probe.lines, ["t0 = torch.randn(3, 5)", "t1 = torch.tensor([1, 0, 7])"]);
  const shapes = probeTensors(probe.text, p.plan.names, engine, 1e7);
  assert.equal(shapes[0]?.random, true);
  // Column of "torch.tensor" in the document: the second item starts at column 23.
  assert.deepEqual(probe.locate({ line: 2, column: 6, endLine: 2, endColumn: 30 }), { cell: 0, line: 1, column: 23, endLine: 1, endColumn: 47 });
  const out = evaluate(p.plan.withLoss("NLLLoss", {}, [true, false]).text, engine);
  assert.equal(out.results.length, 0);
  const err = out.diagnostics.find((d) => d.severity === "error");
  assert.equal(err?.message, "Target 7 is out of bounds.");
});

test("tensors form: 1e5 elements probe and fit quickly enough to offer the list", async () => {
  const engine = await enginePromise;
  const n = 100_000;
  const values = Array.from({ length: n }, (_, i) => ((i % 97) / 97).toFixed(3)).join(", ");
  const doc = `a = torch.tensor([${values}])\nb = torch.tensor([${values}])\n`;
  const p = plan({ cells: [doc], cell: 0, selection: { start: at(0), end: at(2) }, cursor: at(0) });
  assert.equal(p.kind, "tensors");
  if (p.kind !== "tensors") return;
  const shapes = probeTensors(p.plan.probe().text, p.plan.names, engine, 1e7);
  const fits = fittingLosses(shapes.map((s) => s!), engine).map((r) => r.className);
  for (const c of ["L1Loss", "MSELoss", "BCELoss", "HuberLoss", "KLDivLoss"]) assert.ok(fits.includes(c), c);
});

test("short forms: decoration text, PyTorch printout and a Python literal", () => {
  const scalar = { dtype: "float32" as const, shape: [], data: new Float32Array([0.20141]) };
  assert.equal(shortRepr(scalar), "tensor(0.2014)");
  assert.equal(pythonLiteral(scalar), "torch.tensor(0.20141)");
  const m = { dtype: "float32" as const, shape: [2, 2], data: new Float32Array([2, 2, 2, 2]) };
  assert.equal(shortRepr(m), "tensor([[2., 2.], [2., 2.]])");
  assert.equal(fullRepr(m), "tensor([[2., 2.],\n        [2., 2.]])");
  const big = { dtype: "float64" as const, shape: [100, 10], data: new Float64Array(1000).map((_, i) => i / 3) };
  assert.equal(shortRepr(big), "tensor([0., 0.3333, 0.6667, 1., …], size=(100, 10), dtype=torch.float64)");
  const odd = { dtype: "float32" as const, shape: [3], data: new Float32Array([NaN, Infinity, -0.5]) };
  assert.equal(pythonLiteral(odd), "torch.tensor([float('nan'), float('inf'), -0.5])");
  assert.equal(pythonLiteral({ dtype: "int64", shape: [2], data: new Float64Array([1, 0]) }), "torch.tensor([1, 0], dtype=torch.int64)");
});

test("options: only what differs from the catalog's defaults, tensors by size", () => {
  const w = { dtype: "float32" as const, shape: [64], data: new Float32Array(64).fill(1) };
  assert.equal(describeOptions({ loss: "BCEWithLogitsLoss", options: { weight: null, size_average: null, reduce: null, reduction: "mean", pos_weight: w } }), "BCEWithLogitsLoss(pos_weight=tensor(size=(64,)))");
  assert.equal(describeOptions({ loss: "HuberLoss", options: { reduction: "sum", delta: 2 } }), "HuberLoss(reduction='sum', delta=2.0)");
  assert.equal(compactRepr(w), fullRepr(w));
  const big = { dtype: "float32" as const, shape: [10, 64], data: new Float32Array(640).fill(0.5) };
  assert.equal(compactRepr(big), "tensor([0.5, 0.5, 0.5, 0.5, …], size=(10, 64))");
});

test("nn.LinearCrossEntropyLoss (2.x): the cursor on its call computes it through the evaluator, as the version answers", async () => {
  const file = [
    "import torch",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    "crit = nn.LinearCrossEntropyLoss(4, 3, label_smoothing=0.1)",
    "with torch.no_grad():",
    "    crit.linear.weight.copy_(torch.tensor([[0.5, -0.25, 0.125, 1.0], [-0.75, 0.5, 0.25, -0.5], [0.25, 0.375, -1.0, 0.625]]))",
    "x = torch.tensor([[1.0, 0.5, -0.5, 0.25], [-1.0, 0.75, 0.5, 0.125]], requires_grad=True)",
    "t = torch.tensor([0, 2])",
    "loss = crit(x, t)",
    "other = F.linear_cross_entropy(x, crit.linear.weight, t)",
  ].join("\n");
  const p = plan({ cells: [file], cell: 0, selection: null, cursor: at(8, 3) });
  assert.equal(p.kind, "program");
  if (p.kind !== "program") return;
  assert.ok(p.program.text.includes("copy_"), "the weight set under no_grad is part of the program");
  const out = evaluate(p.program.text, await createEngine({ pytorch: "2.13" }));
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.results.length, 1);
  assert.equal(out.results[0].loss, "LinearCrossEntropyLoss");
  assert.deepEqual(Object.keys(out.results[0].grads), ["x"]);
  assert.equal(describeOptions(out.results[0]), "LinearCrossEntropyLoss(in_features=4, num_classes=3, label_smoothing=0.1)");
  // The same program under 1.13: PyTorch's AttributeError where the class is named.
  const old = evaluate(p.program.text, await createEngine({ pytorch: "1.13" }));
  assert.deepEqual(old.results, []);
  assert.deepEqual(old.diagnostics.map((d) => d.message), ["AttributeError: module 'torch.nn' has no attribute 'LinearCrossEntropyLoss'"]);
  assert.equal(p.program.locate(old.diagnostics[0])?.line, 3, "on the document's line that names the class");
  // F.linear_cross_entropy's line is a loss statement too.
  const f = plan({ cells: [file], cell: 0, selection: null, cursor: at(9, 3) });
  assert.equal(f.kind, "program");
  if (f.kind !== "program") return;
  const fo = evaluate(f.program.text, await createEngine({ pytorch: "2.13" }));
  assert.equal(fo.results[0]?.loss, "LinearCrossEntropyLoss");
  assert.notEqual(fo.results[0].value.data[0], out.results[0].value.data[0], "no label smoothing in the functional call");
});
