// A loss the user wrote, in the editor: the evaluator's result for it, the compute planner (CodeLens, cursor,
// a selected class + call) and the hover on its call. On real custom losses from the corpus (each cites its
// source), checked against what PyTorch printed for them (test/fixtures/corpus.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";
import { lossStatementAt, readStatements } from "../../engine/compute/analysis";
import { fullRepr } from "../../engine/compute/format";
import { plan, type Input } from "../../engine/compute/plan";
import { analyze, renderHover, resolveAt, type HoverTarget } from "../../engine/hover";
import { code, codeBlock } from "../../engine/hover/render";
import { loadDocs } from "../../engine/catalog/docs";
import { loadCorpus } from "./corpus";

const enginePromise = createEngine();
const corpus = loadCorpus(join(__dirname, "..", "..", ".."));

function program(name: string): { source: string; stdout: string } {
  const p = corpus.programs.find((x) => x.name === name);
  assert.ok(p && p.fresh, `${name} is in the corpus with a fresh fixture`);
  return p;
}

/** A tensor as print() shows it, without the grad_fn suffix (the result holds the value only). */
function printed(stdout: string, index: number): string {
  const blocks = stdout.replace(/\n$/, "").split(/\n(?=tensor\()/);
  return blocks[index].replace(/,\s*grad_fn=<\w+>\)$/, ")").replace(/,\s*requires_grad=True\)$/, ")");
}

const FOCAL = "gh_car_blackbox_focal_loss.py"; // class FocalLoss(nn.Module), criterion = FocalLoss(...), loss = criterion(...)
const BPR = "gh_reasoner_bpr_docstring.py"; // class BPRLoss with a docstring; loss = BPRLoss(); output = loss(...)
const TV = "gh_imagecorrection_tv_loss.py"; // def total_variation_loss(img, weight); loss = total_variation_loss(...)

const lineOf = (src: string, text: string) => src.split("\n").findIndex((l) => l.includes(text));

test("evaluator: a user's loss class call is a result named by its class, with PyTorch's value and gradients", async () => {
  const engine = await enginePromise;
  const { source, stdout } = program(FOCAL);
  const out = evaluate(source, engine);
  assert.equal(out.stdout, stdout, "the whole program still prints what PyTorch printed");
  assert.equal(out.results.length, 1, "one result: FocalLoss, not the F.cross_entropy inside its forward");
  const r = out.results[0];
  assert.equal(r.loss, "FocalLoss");
  assert.equal(r.own, "class");
  assert.equal(r.target, "loss");
  assert.equal(r.line, lineOf(source, "loss = criterion(inputs, targets)") + 1);
  assert.equal(r.random, true);
  assert.equal(fullRepr(r.value), printed(stdout, 0));
  assert.deepEqual(Object.keys(r.grads), ["inputs"]);
  assert.equal(fullRepr(r.grads.inputs), printed(stdout, 1));
});

test("evaluator: a user's def returning a loss is a result named by the function", async () => {
  const engine = await enginePromise;
  const { source, stdout } = program(TV);
  const out = evaluate(source, engine);
  assert.equal(out.results.length, 1);
  const r = out.results[0];
  assert.deepEqual([r.loss, r.own, r.target], ["total_variation_loss", "function", "loss"]);
  assert.equal(fullRepr(r.value), printed(stdout, 0));
  assert.equal(fullRepr(r.grads.img), printed(stdout, 1));
});

test("evaluator: a model's output, a tensor without grad_fn, and a non-loss name are not loss results", async () => {
  const engine = await enginePromise;
  const src = [
    "import torch",
    "import torch.nn as nn",
    "class Net(nn.Module):",
    "    def forward(self, x):",
    "        return x * 2",
    "class MyLoss(nn.Module):",
    "    def forward(self, x):",
    "        return x.sum()",
    "net = Net()",
    "x = torch.ones(2, requires_grad=True)",
    "out = net(x)",
    "crit = MyLoss()",
    "loss = crit(torch.ones(2))",
    "loss2 = crit(x)",
  ].join("\n");
  const out = evaluate(src, engine);
  assert.deepEqual(
    out.results.map((r) => [r.line, r.loss, r.own]),
    [[14, "MyLoss", "class"]],
  );
});

function input(source: string, cursorLine: number, selection: Input["selection"] = null): Input {
  return { cells: [source], cell: 0, selection, cursor: { cell: 0, line: cursorLine, column: 0 } };
}

test("statements: a user loss call is found (class instance, inline, def); its constructor and a model call are not", () => {
  const { source } = program(FOCAL);
  const stmts = readStatements([source]);
  const call = lossStatementAt(stmts, 0, lineOf(source, "loss = criterion("));
  assert.equal(call?.own, "FocalLoss");
  assert.equal(lossStatementAt(stmts, 0, lineOf(source, "criterion = FocalLoss(")), null);
  const cls = stmts.find((s) => s.stmt.k === "class");
  const uses = [...(cls?.uses ?? [])];
  for (const n of ["F", "nn", "torch"]) assert.ok(uses.includes(n), `the class reads ${n}`);
  for (const n of ["self", "inputs", "ce_loss", "pt", "focal_loss", "gamma", "FocalLoss"]) assert.ok(!uses.includes(n), `${n} is the class's own`);
  assert.equal(cls?.span.endLine, lineOf(source, "return focal_loss") + 1, "a class spans its body");
  const other = readStatements(["class Net(nn.Module):\n    def forward(self, x):\n        return x\nnet = Net()\nout = net(x)\nz = FocalLoss()(a, b)\n"]);
  assert.deepEqual(other.filter((s) => s.own || s.loss).map((s) => s.own), []);
  const inline = readStatements([source + "\nl = FocalLoss(gamma=3)(inputs, targets)\n"]);
  assert.equal(inline[inline.length - 1].own, "FocalLoss");
  const { source: tv } = program(TV);
  assert.equal(lossStatementAt(readStatements([tv]), 0, lineOf(tv, "loss = total_variation_loss("))?.own, "total_variation_loss");
});

test("compute at the cursor: the user loss call with its class, criterion, inputs and imports gives PyTorch's value", async () => {
  const engine = await enginePromise;
  for (const name of [FOCAL, BPR, TV]) {
    const { source, stdout } = program(name);
    const full = evaluate(source, engine).results[0];
    assert.ok(full, `${name}: the whole program has a result`);
    const p = plan(input(source, full.line - 1));
    assert.ok(p.kind === "program" && p.form === "statement", `${name}: a statement plan`);
    assert.ok(!/print\(/.test(p.program.text), `${name}: only what the loss depends on`);
    const out = evaluate(p.program.text, engine);
    assert.deepEqual(out.diagnostics, [], `${name}: ${p.program.text}`);
    assert.equal(out.results.length, 1);
    const r = out.results[0];
    assert.equal(fullRepr(r.value), printed(stdout, 0), name);
    assert.deepEqual(p.program.locate(r)?.line, full.line - 1, `${name}: the result lands on its statement`);
  }
});

test("compute a selection: the class and its call, selected together", async () => {
  const engine = await enginePromise;
  const { source, stdout } = program(FOCAL);
  const lines = source.split("\n");
  const from = lineOf(source, "class FocalLoss");
  const to = lineOf(source, "loss = criterion(");
  const sel = { start: { cell: 0, line: from, column: 0 }, end: { cell: 0, line: to, column: lines[to].length } };
  const p = plan(input(source, to, sel));
  assert.ok(p.kind === "program" && p.form === "snippet");
  const out = evaluate(p.program.text, engine);
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.results.length, 1);
  assert.equal(out.results[0].loss, "FocalLoss");
  assert.equal(fullRepr(out.results[0].value), printed(stdout, 0));
  assert.equal(p.program.locate(out.results[0])?.line, to);
  // The call alone, selected: the class and the criterion come from the code above.
  const alone = plan(input(source, to, { start: { cell: 0, line: to, column: 0 }, end: { cell: 0, line: to, column: lines[to].length } }));
  assert.ok(alone.kind === "program" && alone.form === "snippet");
  assert.equal(fullRepr(evaluate(alone.program.text, engine).results[0].value), printed(stdout, 0));
});

function hoverAt(src: string, word: string, nth = 0): HoverTarget | undefined {
  let idx = -1;
  for (let i = 0; i <= nth; i++) idx = src.indexOf(word, idx + 1);
  assert.ok(idx >= 0, word);
  return resolveAt(analyze(src), idx + 1);
}

const lineNumber = (src: string) => (o: number) => src.slice(0, o).split("\n").length;

test("hover on a criterion's call of the user's class: forward's signature, its constructor, where it is defined, Compute", async () => {
  const docs = await loadDocs("en");
  const { source } = program(FOCAL);
  const t = hoverAt(source, "criterion(inputs");
  assert.ok(t?.kind === "own");
  assert.equal(t.own.name, "FocalLoss");
  assert.deepEqual(t.own.forward, ["inputs", "targets"]);
  assert.deepEqual(t.own.init, ["weight=None", "gamma=2", "reduction='mean'"]);
  assert.equal(t.variable, "criterion");
  assert.ok(t.call);
  const md = renderHover(t, { lang: "en", docs, computeArgs: { uri: "u", line: 22 }, lineOf: lineNumber(source) });
  assert.match(md, /`FocalLoss`: your own loss class \(your code, defined on line 6\)/);
  assert.match(md, /```python\nclass FocalLoss\(nn\.Module\):\n    def __init__\(self, weight=None, gamma=2, reduction='mean'\): \.\.\.\n    def forward\(self, inputs, targets\): \.\.\.\n```/);
  assert.match(md, /`criterion` = `FocalLoss\(reduction='none'\)`, created on line 22/);
  assert.match(md, /\[Compute this call\]\(command:lossLens\.computeLoss\?/);
  // The same place plots it: the playground on this class, with the call's values.
  assert.match(md, /\[Plot it and its gradient\]\(command:lossLens\.plotLoss\?/);
  // The instantiation: the same class, no loss call to compute.
  const made = hoverAt(source, "FocalLoss(reduction");
  assert.ok(made?.kind === "own" && made.call === undefined);
  assert.doesNotMatch(renderHover(made, { lang: "en", docs, computeArgs: { uri: "u", line: 21 }, lineOf: lineNumber(source) }), /Compute this call/);
  // The class statement itself is the user's code under their eyes: no hover there.
  assert.equal(hoverAt(source, "FocalLoss(nn.Module"), undefined);
});

test("hover shows the class docstring; a model class and a class without forward get none", async () => {
  const docs = await loadDocs("zh-cn");
  const { source } = program(BPR);
  const t = hoverAt(source, "loss(pos_score");
  assert.ok(t?.kind === "own");
  assert.deepEqual(t.own.forward, ["pos_score", "neg_score"]);
  assert.ok(t.own.doc?.startsWith("BPRLoss, based on Bayesian Personalized Ranking\n    This is the implementation in RecBole.\n\nArgs:"), t.own.doc ?? "");
  const md = renderHover(t, { lang: "zh-cn", docs, lineOf: lineNumber(source) });
  assert.match(md, /你自己的损失类/);
  assert.match(md, /```text\nBPRLoss, based on/);
  const model = "import torch.nn as nn\nclass Net(nn.Module):\n    def forward(self, x):\n        return x\nnet = Net()\nout = net(x)\n";
  assert.equal(hoverAt(model, "net(x)"), undefined);
  assert.equal(hoverAt(model, "Net()"), undefined);
});

test("user text in the hover is data: code spans and fences longer than any backtick run", async () => {
  assert.equal(code("a`b"), "``a`b``");
  assert.equal(code("``x``"), "``` ``x`` ```");
  assert.equal(codeBlock("x\n````\ny", "text"), "`````text\nx\n````\ny\n`````");
  const docs = await loadDocs("en");
  const src = [
    "import torch.nn as nn",
    "class EvilLoss(nn.Module):",
    "    '''**bold** <img src=x> [link](command:workbench.action.quit)",
    "    ```",
    "    ```` end'''",
    "    def __init__(self, tag='`'):",
    "        super().__init__()",
    "    def forward(self, x, y=[1, 2]):",
    "        return (x - y).sum()",
    "crit = EvilLoss(tag='``')",
    "loss = crit(a, b)",
  ].join("\n");
  const t = hoverAt(src, "crit(a");
  assert.ok(t?.kind === "own");
  const md = renderHover(t, { lang: "en", docs, lineOf: lineNumber(src) });
  // The docstring sits in a five-backtick fence (its longest run is four): nothing in it is Markdown.
  assert.match(md, /`````text\n\*\*bold\*\* <img src=x> \[link\]\(command:workbench\.action\.quit\)\n```\n```` end\n`````/);
  assert.match(md, /```EvilLoss\(tag='``'\)```/);
  assert.match(md, /def forward\(self, x, y=\[1, 2\]\)/);
});

test("evaluator: in a training loop, the user's loss assigned in the loop is the loop's result (its last iteration)", async () => {
  const engine = await enginePromise;
  const source = [
    "import torch",
    "import torch.nn.functional as F",
    "def my_loss(x, y):",
    "    return F.mse_loss(x, y) + x.var()",
    "torch.manual_seed(0)",
    "w = torch.randn(3, requires_grad=True)",
    "opt = torch.optim.SGD([w], lr=0.1)",
    "x = torch.randn(8, 3)",
    "y = torch.randn(8)",
    "for step in range(3):",
    "    opt.zero_grad()",
    "    loss = my_loss(x @ w, y)",
    "    loss.backward()",
    "    opt.step()",
    "print(loss)",
    "",
  ].join("\n");
  const out = evaluate(source, engine);
  assert.equal(out.results.length, 1, JSON.stringify(out.results.map((r) => r.loss)));
  const r = out.results[0];
  assert.equal(r.loss, "my_loss", "the user's function, not the F.mse_loss inside it");
  assert.equal(r.own, "function");
  assert.equal(r.line, lineOf(source, "loss = my_loss(") + 1);
  assert.equal(fullRepr(r.value), printed(out.stdout, 0), "the value the loop left in loss");
});
