// The loss doctor's rules on small programs: each rule fires where the code shows the mistake, on the argument (or
// constructor) that carries it, with a quick fix whose edit gives the corrected program; and stays silent on the
// legitimate look-alikes (focal weights, soft targets, metrics, log-space, run-time choices, names that lie).
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeSource, lintCells, lintNotebook, lintSource, RULES, type Finding } from "../../engine/lint";

const HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n";

function lint(body: string): Finding[] {
  return lintSource(HEAD + body);
}

/** Applies a finding's fix to the source (edits in reverse order of position). */
function applyFix(src: string, f: Finding): string {
  assert.ok(f.fix, `${f.rule} has a fix`);
  const lines = src.split("\n");
  const offset = (l: number, c: number) => lines.slice(0, l - 1).reduce((n, s) => n + s.length + 1, 0) + c - 1;
  const edits = [...f.fix.edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = src;
  for (const e of edits) out = out.slice(0, offset(e.line, e.column)) + e.newText + out.slice(offset(e.endLine, e.endColumn));
  return out;
}

function text(src: string, f: Finding): string {
  const lines = src.split("\n");
  assert.equal(f.line, f.endLine);
  return lines[f.line - 1].slice(f.column - 1, f.endColumn - 1);
}

interface Case {
  rule: string;
  body: string;
  /** The source text the finding covers. */
  at: string;
  /** The last line after the quick fix, when there is one. */
  fixed?: string;
}

const cases: Case[] = [
  { rule: "softmax-before-cross-entropy", body: "x = torch.randn(4, 3)\ny = torch.tensor([0, 1, 2, 1])\nloss = F.cross_entropy(F.softmax(x, dim=1), y)", at: "F.softmax(x, dim=1)", fixed: "loss = F.cross_entropy(x, y)" },
  { rule: "softmax-before-cross-entropy", body: "x = torch.randn(4, 3)\ny = torch.tensor([0, 1, 2, 1])\nloss = nn.CrossEntropyLoss()(x.softmax(1), y)", at: "x.softmax(1)", fixed: "loss = nn.CrossEntropyLoss()(x, y)" },
  {
    rule: "softmax-before-cross-entropy",
    body: "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1))\n    def forward(self, x):\n        return self.body(x)\nnet = Net()\ncriterion = nn.CrossEntropyLoss()\ndef step(x, y):\n    out = net(x)\n    return criterion(out, y)",
    at: "out",
  },
  { rule: "sigmoid-before-bce-with-logits", body: "x = torch.randn(4)\ny = torch.rand(4)\nloss = F.binary_cross_entropy_with_logits(torch.sigmoid(x), y)", at: "torch.sigmoid(x)", fixed: "loss = F.binary_cross_entropy_with_logits(x, y)" },
  { rule: "bce-on-logits", body: "head = nn.Linear(8, 1)\nx = torch.randn(4, 8)\ny = torch.rand(4, 1)\nloss = F.binary_cross_entropy(head(x), y)", at: "head(x)", fixed: "loss = F.binary_cross_entropy_with_logits(head(x), y)" },
  { rule: "nll-without-log-softmax", body: "x = torch.randn(4, 3)\ny = torch.tensor([0, 1, 2, 1])\nloss = F.nll_loss(F.softmax(x, dim=1), y)", at: "F.softmax(x, dim=1)", fixed: "loss = F.nll_loss(F.log_softmax(x, dim=1), y)" },
  { rule: "nll-without-log-softmax", body: "fc = nn.Linear(8, 3)\ncrit = nn.NLLLoss()\nloss = crit(fc(torch.randn(4, 8)), torch.tensor([0, 1, 2, 1]))", at: "fc(torch.randn(4, 8))" },
  { rule: "kldiv-input-not-log", body: "p = torch.randn(4, 3)\nq = torch.randn(4, 3)\nloss = F.kl_div(p.softmax(-1), q.softmax(-1), reduction='batchmean')", at: "p.softmax(-1)", fixed: "loss = F.kl_div(p.log_softmax(-1), q.softmax(-1), reduction='batchmean')" },
  { rule: "kldiv-mean-reduction", body: "kl = nn.KLDivLoss()", at: "KLDivLoss", fixed: "kl = nn.KLDivLoss(reduction='batchmean')" },
  { rule: "kldiv-mean-reduction", body: "kl = nn.KLDivLoss(reduction=\"mean\", log_target=True)", at: "\"mean\"", fixed: "kl = nn.KLDivLoss(reduction=\"batchmean\", log_target=True)" },
  { rule: "kldiv-mean-reduction", body: "loss = F.kl_div(F.log_softmax(torch.randn(2, 3), 1), torch.rand(2, 3))", at: "kl_div", fixed: "loss = F.kl_div(F.log_softmax(torch.randn(2, 3), 1), torch.rand(2, 3), reduction='batchmean')" },
  { rule: "cross-entropy-target-dtype", body: "x = torch.randn(4, 3)\nloss = F.cross_entropy(x, torch.randint(0, 3, (4,)).float())", at: "torch.randint(0, 3, (4,)).float()", fixed: "loss = F.cross_entropy(x, torch.randint(0, 3, (4,)).long())" },
  { rule: "cross-entropy-target-dtype", body: "x = F.log_softmax(torch.randn(4, 3), 1)\nloss = nn.NLLLoss()(x, labels.float())", at: "labels.float()", fixed: "loss = nn.NLLLoss()(x, labels.long())" },
  { rule: "bce-target-dtype", body: "x = torch.randn(4)\nloss = nn.BCEWithLogitsLoss()(x, torch.tensor([1, 0, 1, 1]))", at: "torch.tensor([1, 0, 1, 1])" },
  { rule: "bce-target-dtype", body: "x = torch.rand(4)\nloss = F.binary_cross_entropy(x, y.long())", at: "y.long()", fixed: "loss = F.binary_cross_entropy(x, y.float())" },
  { rule: "broadcast-shape-mismatch", body: "pred = torch.randn(8, 1)\ntarget = torch.randn(8)\nloss = F.mse_loss(pred, target)", at: "pred", fixed: "loss = F.mse_loss(pred.squeeze(1), target)" },
  { rule: "broadcast-shape-mismatch", body: "pred = torch.randn(8)\ntarget = torch.randn(8).unsqueeze(1)\nloss = nn.SmoothL1Loss()(pred, target)", at: "target", fixed: "loss = nn.SmoothL1Loss()(pred, target.squeeze(1))" },
  { rule: "deprecated-reduction-args", body: "crit = nn.MSELoss(size_average=False)", at: "size_average=False", fixed: "crit = nn.MSELoss(reduction='sum')" },
  { rule: "deprecated-reduction-args", body: "crit = nn.L1Loss(reduce=False, size_average=True)", at: "reduce=False, size_average=True", fixed: "crit = nn.L1Loss(reduction='none')" },
  { rule: "deprecated-reduction-args", body: "loss = F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 1]), reduction='elementwise_mean')", at: "'elementwise_mean'", fixed: "loss = F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 1]), reduction='mean')" },
  { rule: "deprecated-nllloss2d", body: "crit = nn.NLLLoss2d(ignore_index=255)", at: "NLLLoss2d", fixed: "crit = nn.NLLLoss(ignore_index=255)" },
  { rule: "bce-target-range", body: "x = torch.rand(4)\ny = torch.tensor([1.0, -1.0, 1.0, -1.0])\nloss = nn.BCELoss()(x, y)", at: "y" },
  { rule: "bce-target-range", body: "loss = F.binary_cross_entropy_with_logits(torch.randn(3), torch.tensor([[2.0, 0.0, 1.0]]).float().view(-1))", at: "torch.tensor([[2.0, 0.0, 1.0]]).float().view(-1)" },
  { rule: "double-label-smoothing", body: "eps = 0.1\nsoft = F.one_hot(y, 10).float() * (1 - eps) + eps / 10\nloss = nn.CrossEntropyLoss(label_smoothing=0.1)(logits, soft)", at: "soft" },
];

for (const c of cases) {
  test(`${c.rule}: ${c.body.split("\n").pop()}`, () => {
    const src = HEAD + c.body;
    const found = lintSource(src).filter((f) => f.rule === c.rule);
    assert.equal(found.length, 1, JSON.stringify(lintSource(src).map((f) => f.rule)));
    const f = found[0];
    assert.equal(text(src, f), c.at);
    assert.equal(f.severity, c.rule.startsWith("deprecated") ? "information" : "warning");
    if (c.fixed) assert.equal(applyFix(src, f).split("\n").pop(), c.fixed);
    else assert.equal(f.fix, undefined);
  });
}

test("every rule has a case", () => {
  for (const r of RULES) assert.ok(cases.some((c) => c.rule === r), r);
});

const silent: [string, string][] = [
  ["log_softmax + NLLLoss", "x = torch.randn(4, 3)\nloss = F.nll_loss(F.log_softmax(x, dim=1), torch.tensor([0, 1, 2, 1]))"],
  ["softmax().log() + NLLLoss", "x = torch.randn(4, 3)\nloss = F.nll_loss(torch.log(F.softmax(x, 1) + 1e-8), torch.tensor([0, 1, 2, 1]))"],
  ["KL with log_softmax input and softmax target", "loss = F.kl_div(F.log_softmax(p, 1), F.softmax(q, 1), reduction='batchmean')"],
  ["KL with log_target", "kl = nn.KLDivLoss(reduction='batchmean', log_target=True)\nloss = kl(F.log_softmax(p, 1), F.log_softmax(q, 1))"],
  ["softmax only for metrics", "out = model(x)\nloss = F.cross_entropy(out, y)\nprobs = F.softmax(out, dim=1)\nacc = (probs.argmax(1) == y).float().mean()"],
  ["probability targets for CrossEntropy", "x = torch.randn(3, 5)\nt = torch.randn(3, 5).softmax(dim=1)\nloss = F.cross_entropy(x, t)"],
  ["one-hot float targets of the input's shape", "x = torch.randn(3, 5)\nt = F.one_hot(torch.tensor([0, 1, 4]), 5).float()\nloss = F.cross_entropy(x, t)"],
  ["label_smoothing alone", "loss = nn.CrossEntropyLoss(label_smoothing=0.1)(logits, y)"],
  ["sigmoid as BCEWithLogits' soft target", "loss = F.binary_cross_entropy_with_logits(s, torch.sigmoid(t))"],
  ["sigmoid for focal weights", "p = torch.sigmoid(logits)\nce = F.binary_cross_entropy_with_logits(logits, y, reduction='none')\nloss = (ce * (1 - p) ** 2).mean()"],
  ["Dice on softmax", "probs = F.softmax(logits, 1)\ninter = (probs * onehot).sum()\ndice = 1 - 2 * inter / (probs.sum() + onehot.sum())\nloss = F.cross_entropy(logits, y) + dice"],
  ["BCELoss after sigmoid", "head = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())\nloss = nn.BCELoss()(head(x), y)"],
  ["criterion chosen at run time", "if args.nll:\n    crit = nn.NLLLoss()\n    out = F.log_softmax(model(x), 1)\nelse:\n    crit = nn.CrossEntropyLoss()\n    out = model(x)\nloss = crit(out, y)"],
  ["a value chosen at run time", "out = F.softmax(z, 1) if probs_wanted else z\nloss = F.cross_entropy(out, y)"],
  ["names lie", "logits = F.log_softmax(z, 1)\nloss = F.nll_loss(logits, y)\nprobs = z\nloss2 = F.cross_entropy(probs, y)"],
  ["a reassigned name", "out = F.softmax(z, 1)\nout = model(x)\nloss = F.cross_entropy(out, y)"],
  ["(N, 1) against (N, 1)", "loss = F.mse_loss(torch.randn(8, 1), torch.randn(8).unsqueeze(1))"],
  ["(1, 1) against (1,)", "loss = F.mse_loss(torch.randn(1, 1), torch.randn(1))"],
  ["ignore comment", "loss = F.cross_entropy(F.softmax(x, 1), y)  # loss-lens: ignore[softmax-before-cross-entropy]"],
  ["ignore all", "kl = nn.KLDivLoss()  # loss-lens: ignore"],
  ["a user's own class named like a loss", "class KLDivLoss:\n    pass\nkl = KLDivLoss()"],
  ["BCE targets in [0, 1]", "loss = nn.BCELoss()(torch.rand(3), torch.tensor([0.0, 0.5, 1.0]))"],
  ["±1 labels mapped to [0, 1]", "y = torch.tensor([1.0, -1.0])\nloss = F.binary_cross_entropy_with_logits(z, (y + 1) / 2)"],
  ["±1 labels clamped", "y = torch.tensor([1.0, -1.0])\nloss = F.binary_cross_entropy_with_logits(z, y.clamp(0, 1))"],
  ["an element of a literal", "y = torch.tensor([[0.0, 1.0], [-1.0, 2.0]])\nloss = nn.BCELoss()(p, y[0])"],
  ["±1 labels with a margin loss", "loss = nn.SoftMarginLoss()(z, torch.tensor([1.0, -1.0]))"],
  ["text that is not Python", "}}} loss = ((( nn.KLDivLoss\n\tdef (:"],
];

for (const [name, body] of silent) {
  test(`silent: ${name}`, () => {
    assert.deepEqual(lint(body).map((f) => `${f.line}: ${f.rule}`), []);
  });
}

test("bce-target-range says what the user's PyTorch does: 2.x raises, 1.13 computes; BCEWithLogits computes in both", () => {
  const body = HEAD + "p = torch.rand(2)\nloss = F.binary_cross_entropy(p, torch.tensor([1.0, -1.0]))\nl2 = nn.BCEWithLogitsLoss()(p, torch.tensor([2.0, 0.0]))";
  const of = (pytorch: "2.13" | "1.13") => lintSource(body, { pytorch }).filter((f) => f.rule === "bce-target-range").map((f) => f.message);
  assert.deepEqual(of("2.13"), [
    "BCELoss reads its target as probabilities in [0, 1]; this target holds -1, and PyTorch 2.13 raises `all elements of target should be between 0 and 1`. For labels in {-1, 1} pass (y + 1) / 2.",
    "BCEWithLogitsLoss reads its target as probabilities in [0, 1]; this target holds 2, and PyTorch computes a number without a word: the loss has no minimum, it falls without bound as the logit moves away from the target. For labels in {-1, 1} pass (y + 1) / 2.",
  ]);
  assert.deepEqual(of("1.13")[0], "BCELoss reads its target as probabilities in [0, 1]; this target holds -1, and PyTorch 1.13 computes a number without a word (2.x raises): the loss is no longer smallest at the target and goes below 0. For labels in {-1, 1} pass (y + 1) / 2.");
  assert.equal(of("1.13")[1], of("2.13")[1]);
  // No version given: the newest supported.
  assert.deepEqual(lintSource(body).filter((f) => f.rule === "bce-target-range").map((f) => f.message), of("2.13"));
});

test("an ignore comment only silences its rule", () => {
  const found = lint("kl = nn.KLDivLoss(size_average=False)  # loss-lens: ignore[kldiv-mean-reduction]");
  assert.deepEqual(found.map((f) => f.rule), ["deprecated-reduction-args"]);
});

test("per-rule severity and off", () => {
  const body = HEAD + "kl = nn.KLDivLoss()\nc = nn.NLLLoss2d()";
  const found = lintSource(body, { severity: { "kldiv-mean-reduction": "error", "deprecated-nllloss2d": "off" } });
  assert.deepEqual(found.map((f) => [f.rule, f.severity]), [["kldiv-mean-reduction", "error"]]);
});

test("class and try bodies, decorators and async are read (the evaluator's parser skips them)", () => {
  const body = "@torch.no_grad()\ndef ev(x):\n    return x\ntry:\n    import apex\nexcept ImportError:\n    apex = None\nelse:\n    pass\nfinally:\n    pass\nclass A(nn.Module):\n    kl = nn.KLDivLoss()\n    async def f(self):\n        return F.nll_loss(F.softmax(self.x, 1), self.y)";
  assert.deepEqual(lint(body).map((f) => f.rule), ["kldiv-mean-reduction", "nll-without-log-softmax"]);
});

test("an unsupported line does not hide the rest of its class", () => {
  const body = "class A(nn.Module):\n    def f(self):\n        d = {**self.cfg}\n        return F.cross_entropy(F.softmax(self.z, 1), self.y)";
  assert.deepEqual(lint(body).map((f) => f.rule), ["softmax-before-cross-entropy"]);
});

test("notebooks: cells in order, findings and fixes per cell, magics skipped", () => {
  const nb = JSON.stringify({
    cells: [
      { cell_type: "code", source: ["%matplotlib inline\n", "import torch\n", "import torch.nn.functional as F\n"] },
      { cell_type: "markdown", source: "F.cross_entropy(F.softmax(x))" },
      { cell_type: "code", source: "probs = F.softmax(z, dim=1)" },
      { cell_type: "code", source: "!pip list\nloss = F.cross_entropy(probs, y)\nl2 = F.cross_entropy(F.softmax(z, 1), y)" },
    ],
  });
  const found = lintNotebook(nb);
  assert.ok(found);
  assert.deepEqual(found.map((f) => [f.cell, f.line, f.column, f.rule]), [
    [3, 2, 24, "softmax-before-cross-entropy"],
    [3, 3, 22, "softmax-before-cross-entropy"],
  ]);
  assert.deepEqual(found[1].fix?.edits, [{ line: 3, column: 22, endLine: 3, endColumn: 37, newText: "z" }]);
  assert.equal(lintNotebook("not json"), null);
  assert.deepEqual(lintCells([{ index: 0, source: "import torch.nn as nn\nkl = nn.KLDivLoss()" }]).map((f) => [f.cell, f.line]), [[0, 2]]);
});

test("maxChars bounds the work on huge files", () => {
  assert.deepEqual(lintSource(HEAD + "kl = nn.KLDivLoss()", { maxChars: 10 }), []);
});

test("BCELoss(sigmoid(x)) is correct (no finding) and offers BCEWithLogitsLoss on the logits as a refactor", () => {
  const cases: [string, string][] = [
    ["loss = F.binary_cross_entropy(torch.sigmoid(z), y)", "loss = F.binary_cross_entropy_with_logits(z, y)"],
    ["loss = nn.BCELoss()(z.sigmoid(), y)", "loss = nn.BCEWithLogitsLoss()(z, y)"],
  ];
  for (const [line, fixed] of cases) {
    const src = HEAD + line;
    const a = analyzeSource(src);
    assert.deepEqual(a.findings, []);
    assert.equal(a.refactors.length, 1, line);
    assert.equal(applyFix(src, { ...a.refactors[0], rule: "bce-on-logits", severity: "hint", message: "", loss: "BCELoss" }).split("\n").pop(), fixed);
  }
  // A criterion made elsewhere may serve other calls: no rewrite of its constructor.
  assert.deepEqual(analyzeSource(HEAD + "crit = nn.BCELoss()\nloss = crit(torch.sigmoid(z), y)").refactors, []);
});
