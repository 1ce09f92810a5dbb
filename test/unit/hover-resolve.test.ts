// Name resolution for the hover: every way users import and alias the losses, keyword arguments,
// criterion calls, and the places where no hover may appear (user classes, strings, comments).
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, resolveAt, type HoverTarget } from "../../engine/hover";

/** Resolves at the first occurrence of `marker` in `src` (the marker's text is the hovered word; `|` picks an offset). */
function at(src: string, word: string, nth = 0): HoverTarget | undefined {
  let idx = -1;
  for (let i = 0; i <= nth; i++) idx = src.indexOf(word, idx + 1);
  assert.ok(idx >= 0, `${word} is in the source`);
  const a = analyze(src);
  // Hover in the middle of the word's last segment.
  const seg = word.split(".").pop()!;
  const offset = idx + word.length - Math.ceil(seg.length / 2);
  return resolveAt(a, offset);
}

function lossOf(t: HoverTarget | undefined): string | undefined {
  if (!t) return undefined;
  return t.kind === "own" ? `own:${t.own.name}` : `${t.kind}:${t.form}:${t.record.className}`;
}

test("nn.X and torch.nn.X with the usual imports", () => {
  const src = "import torch\nimport torch.nn as nn\nloss = nn.MSELoss()\nother = torch.nn.L1Loss()\n";
  assert.equal(lossOf(at(src, "nn.MSELoss")), "loss:class:MSELoss");
  assert.equal(lossOf(at(src, "torch.nn.L1Loss")), "loss:class:L1Loss");
});

test("from torch.nn import X [as Y], parenthesised lists, star imports, modules.loss", () => {
  const src = [
    "from torch.nn import MSELoss, CrossEntropyLoss as CE",
    "from torch.nn import (",
    "    SmoothL1Loss,  # robust",
    "    HuberLoss as H,",
    ")",
    "from torch.nn.modules.loss import KLDivLoss",
    "a = MSELoss()",
    "b = CE(label_smoothing=0.1)",
    "c = SmoothL1Loss()",
    "d = H(delta=2.0)",
    "e = KLDivLoss()",
  ].join("\n");
  assert.equal(lossOf(at(src, "MSELoss", 1)), "loss:class:MSELoss");
  assert.equal(lossOf(at(src, "CE", 1)), "loss:class:CrossEntropyLoss");
  assert.equal(lossOf(at(src, "SmoothL1Loss", 1)), "loss:class:SmoothL1Loss");
  assert.equal(lossOf(at(src, "H", 2)), "loss:class:HuberLoss");
  assert.equal(lossOf(at(src, "KLDivLoss", 1)), "loss:class:KLDivLoss");
  const star = "from torch.nn import *\nx = BCEWithLogitsLoss()\n";
  assert.equal(lossOf(at(star, "BCEWithLogitsLoss")), "loss:class:BCEWithLogitsLoss");
});

test("module aliases: import torch.nn as tnn, from torch import nn as N", () => {
  const src = "import torch.nn as tnn\nfrom torch import nn as N\nx = tnn.NLLLoss()\ny = N.CTCLoss()\n";
  assert.equal(lossOf(at(src, "tnn.NLLLoss")), "loss:class:NLLLoss");
  assert.equal(lossOf(at(src, "N.CTCLoss")), "loss:class:CTCLoss");
});

test("functional forms: F.x, torch.nn.functional.x, aliases, from-imports", () => {
  const src = [
    "import torch",
    "import torch.nn.functional as F2",
    "from torch.nn import functional as Fn",
    "from torch.nn.functional import cross_entropy as ce, mse_loss",
    "a = F2.kl_div(x, y, reduction='batchmean')",
    "b = torch.nn.functional.binary_cross_entropy(p, y)",
    "c = Fn.huber_loss(x, y)",
    "d = ce(x, t)",
    "e = mse_loss(x, y)",
  ].join("\n");
  assert.equal(lossOf(at(src, "F2.kl_div")), "loss:functional:KLDivLoss");
  assert.equal(lossOf(at(src, "torch.nn.functional.binary_cross_entropy")), "loss:functional:BCELoss");
  assert.equal(lossOf(at(src, "Fn.huber_loss")), "loss:functional:HuberLoss");
  assert.equal(lossOf(at(src, "ce", 1)), "loss:functional:CrossEntropyLoss");
  assert.equal(lossOf(at(src, "mse_loss", 1)), "loss:functional:MSELoss");
});

test("conventional names without imports (fragments, notebook cells) count only when unbound", () => {
  assert.equal(lossOf(at("loss = F.mse_loss(a, b)\n", "F.mse_loss")), "loss:functional:MSELoss");
  assert.equal(lossOf(at("c = nn.L1Loss()\n", "nn.L1Loss")), "loss:class:L1Loss");
  assert.equal(at("import foo as F\nloss = F.mse_loss(a, b)\n", "F.mse_loss"), undefined);
  assert.equal(at("F = make()\nloss = F.mse_loss(a, b)\n", "F.mse_loss"), undefined);
  assert.equal(at("import mylib.nn as nn\nc = nn.MSELoss()\n", "nn.MSELoss"), undefined);
});

test("false positives: a user's own class, strings, comments, attributes of other values", () => {
  const own = "import torch.nn as nn\nclass MSELoss(nn.Module):\n    pass\nloss = MSELoss()\n";
  assert.equal(at(own, "MSELoss", 1), undefined);
  assert.equal(at(own, "MSELoss", 0), undefined);
  const strs = 'import torch.nn as nn\ns = "nn.MSELoss()"\nt = """\nnn.CrossEntropyLoss\n"""\n# nn.L1Loss here\n';
  assert.equal(at(strs, "nn.MSELoss"), undefined);
  assert.equal(at(strs, "nn.CrossEntropyLoss"), undefined);
  assert.equal(at(strs, "nn.L1Loss"), undefined);
  assert.equal(at("import torch.nn as nn\nx = model.nn.MSELoss()\n", "nn.MSELoss"), undefined);
  assert.equal(at("import torch.nn as nn\nx = nn.Linear(3, 4)\n", "nn.Linear"), undefined);
  assert.equal(at("import torch.nn as nn\nx = nn.MSELoss()\n", "nn"), undefined, "hovering the module is not the loss");
  assert.equal(at("MSELoss = 3\nMSELoss()\n", "MSELoss", 1), undefined);
});

test("a later import shadows an earlier class definition and vice versa", () => {
  const src = "class MSELoss:\n    pass\nfrom torch.nn import MSELoss\nx = MSELoss()\n";
  assert.equal(lossOf(at(src, "MSELoss", 2)), "loss:class:MSELoss");
});

test("keyword arguments inside a loss call", () => {
  const src = "import torch.nn as nn\nimport torch.nn.functional as F\nc = nn.CrossEntropyLoss(\n    weight=None,\n    label_smoothing=0.1,\n)\nk = F.kl_div(a, b, reduction='mean')\n";
  const t = at(src, "label_smoothing");
  assert.equal(t?.kind, "keyword");
  assert.ok(t?.kind === "keyword");
  assert.equal(t.record.className, "CrossEntropyLoss");
  assert.equal(t.param?.name, "label_smoothing");
  assert.equal(t.arg.value, 0.1);
  const r = at(src, "reduction");
  assert.ok(r?.kind === "keyword");
  assert.equal(r.form, "functional");
  assert.equal(r.arg.value, "mean");
  const bad = at("import torch.nn as nn\nc = nn.MSELoss(reductoin='sum')\n", "reductoin");
  assert.ok(bad?.kind === "keyword");
  assert.equal(bad.param, undefined);
  assert.equal(at("import torch.nn as nn\nlayer = nn.Linear(in_features=3, out_features=2)\n", "in_features"), undefined);
  assert.equal(at("import torch.nn as nn\nif reduction == 'sum': pass\n", "reduction"), undefined);
});

test("a criterion variable's call shows the loss and its configuration", () => {
  const src = [
    "import torch.nn as nn",
    "criterion = nn.SmoothL1Loss(beta=0.5, reduction='sum')",
    "class Net(nn.Module):",
    "    def __init__(self):",
    "        self.loss_fn = nn.BCEWithLogitsLoss(pos_weight=w)",
    "    def step(self, x, y):",
    "        return self.loss_fn(x, y)",
    "loss = criterion(pred, target)",
    "other = model(x)",
  ].join("\n");
  const t = at(src, "criterion", 1);
  assert.ok(t?.kind === "criterion");
  assert.equal(t.record.className, "SmoothL1Loss");
  assert.deepEqual(
    t.construction.args.map((a) => [a.name, a.value]),
    [["beta", 0.5], ["reduction", "sum"]],
  );
  assert.deepEqual(t.call.args.map((a) => a.text), ["pred", "target"]);
  const m = at(src, "self.loss_fn", 1);
  assert.ok(m?.kind === "criterion");
  assert.equal(m.record.className, "BCEWithLogitsLoss");
  assert.equal(at(src, "model"), undefined);
});

test("the NLLLoss2d alias and notebook-style concatenated cells", () => {
  assert.equal(lossOf(at("import torch.nn as nn\nc = nn.NLLLoss2d()\n", "nn.NLLLoss2d")), "loss:class:NLLLoss2d");
  // A criterion defined in an earlier cell, called in a later one.
  const cells = "import torch.nn as tnn\ncrit = tnn.HuberLoss(delta=2.0)\n\ny = crit(a, b)\n";
  const t = at(cells, "crit", 1);
  assert.ok(t?.kind === "criterion");
  assert.equal(t.record.className, "HuberLoss");
});

test("call findings: invalid values with PyTorch's errors, KLDiv 'mean', legacy arguments", async () => {
  const { configure } = await import("../../engine/hover");
  const { getLoss, getByFunctional } = await import("../../engine/catalog");
  const call = (src: string) => {
    const a = analyze(src);
    const t = resolveAt(a, src.indexOf("(") - 1);
    assert.ok(t?.kind === "loss" && t.call);
    // PyTorch 1.13's words (test/unit/hover-versions.test.ts compares both versions with their fixtures).
    return configure(t.record, t.form, t.call, "1.13");
  };
  const kl = call("nn.KLDivLoss()");
  assert.equal(kl.reduction, "mean");
  assert.ok(kl.findings.some((f) => f.param === "reduction" && f.severity === "warning" && f.message.en.includes("batchmean")));
  assert.equal(call("nn.KLDivLoss(reduction='batchmean')").findings.length, 0);
  const legacy = call("nn.MSELoss(size_average=False)");
  assert.equal(legacy.reduction, "sum");
  assert.ok(legacy.findings[0].message.en.includes("reduction='sum'"));
  assert.equal(call("nn.L1Loss(None, False)").reduction, "none", "positional legacy arguments map by order");
  const bad = call("F.cross_entropy(x, y, reduction='avg', label_smoothing=1.5)");
  assert.deepEqual(bad.findings.map((f) => f.severity), ["error", "error"]);
  assert.ok(bad.findings[0].message.en.includes("ValueError: avg is not a valid value for reduction"));
  assert.ok(bad.findings[1].message.en.includes("label_smoothing must be between 0.0 and 1.0. Got: 1.5"));
  assert.ok(call("nn.HuberLoss(delta=0)").findings[0].message.en.includes("huber_loss does not support non-positive values for delta."));
  assert.ok(call("nn.MultiMarginLoss(p=3)").findings[0].message.en.includes("only p == 1 and p == 2 supported"));
  assert.equal(call("nn.SmoothL1Loss(beta=0.0)").findings.length, 0);
  assert.ok(call("nn.MSELoss(reductoin='sum')").findings[0].message.en.includes("unexpected keyword argument 'reductoin'"));
  // Python's own words (checked against /usr/bin/python3 3.11 with PyTorch 1.13).
  const typeError = (src: string) => call(src).findings.map((x) => x.message.en).find((m) => m.includes("TypeError"));
  assert.equal(typeError("nn.MSELoss(1, 2, 3, 4)"), "Python raises TypeError: MSELoss.__init__() takes from 1 to 4 positional arguments but 5 were given");
  assert.equal(typeError("nn.TripletMarginWithDistanceLoss(0.5)"), "Python raises TypeError: TripletMarginWithDistanceLoss.__init__() takes 1 positional argument but 2 were given");
  assert.equal(typeError("nn.GaussianNLLLoss(True)"), "Python raises TypeError: GaussianNLLLoss.__init__() takes 1 positional argument but 2 were given");
  assert.equal(typeError("F.mse_loss(1, 2, 3, 4, 5, 6)"), "Python raises TypeError: mse_loss() takes from 2 to 5 positional arguments but 6 were given");
  assert.equal(typeError("F.triplet_margin_with_distance_loss(a, p, n, 4)"), "Python raises TypeError: triplet_margin_with_distance_loss() takes 3 positional arguments but 4 were given");
  assert.equal(typeError("F.gaussian_nll_loss(x, y)"), "Python raises TypeError: gaussian_nll_loss() missing 1 required positional argument: 'var'");
  assert.equal(typeError("F.ctc_loss(lp)"), "Python raises TypeError: ctc_loss() missing 3 required positional arguments: 'targets', 'input_lengths', and 'target_lengths'");
  assert.equal(typeError("F.mse_loss(target=y, input=x)"), undefined);
  const f = call("F.mse_loss(a, b, reduction=r)");
  assert.equal(f.reduction, undefined, "a non-literal reduction is unknown");
  assert.deepEqual(f.inputs.map((i) => i.text), ["a", "b"]);
  assert.ok(call("nn.NLLLoss2d()").findings.some((x) => x.message.en.includes("deprecated")));
  assert.ok(getLoss("NLLLoss") && getByFunctional("nll_loss"));
});

test("language: the setting wins, else Simplified Chinese display languages get Chinese", async () => {
  const { languageFor } = await import("../../engine/hover");
  assert.equal(languageFor("en", "auto"), "en");
  assert.equal(languageFor("zh-cn", "auto"), "zh-cn");
  assert.equal(languageFor("zh-hans", undefined), "zh-cn");
  assert.equal(languageFor("zh-tw", "auto"), "en");
  assert.equal(languageFor("de", "zh-cn"), "zh-cn");
  assert.equal(languageFor("zh-cn", "en"), "en");
});

test("the cheap first look never rejects a word the full resolution would hover", async () => {
  const { mightHover } = await import("../../engine/hover");
  const src = [
    "import torch.nn as nn",
    "from torch.nn import HuberLoss as Huber",
    "import torch.nn.functional as F",
    "crit = nn.CrossEntropyLoss(",
    "    reductoin='sum',",
    "    label_smoothing=0.1)",
    "h = Huber(delta=2.0)",
    "v = F.mse_loss(a, b, reduction='sum')",
    "loss = crit(x, y)",
    "n = nn.NLLLoss()",
    "total = x + y",
  ].join("\n");
  const a = analyze(src);
  const lines = src.split("\n");
  let offset = 0;
  let rejected = 0;
  for (const [i, line] of lines.entries()) {
    for (let col = 0; col < line.length; col++) {
      const hovers = resolveAt(a, offset + col) !== undefined;
      const prev = i > 0 ? lines[i - 1].trim() : "";
      const quick = mightHover(line, col, prev);
      if (hovers) assert.ok(quick, `line ${i + 1} col ${col}: ${line}`);
      if (!quick) rejected++;
    }
    offset += line.length + 1;
  }
  assert.ok(rejected > 40, `positions rejected without analysis: ${rejected}`);
  assert.equal(mightHover("total = x + y", 1), false);
  assert.equal(mightHover("    reductoin='sum',", 6, "crit = nn.CrossEntropyLoss("), true);
});

test("bad input never throws: every offset of broken, unbalanced, unterminated sources", async () => {
  const { renderHover } = await import("../../engine/hover");
  const { loadDocs } = await import("../../engine/catalog/docs");
  const docs = await loadDocs("en");
  const fragments = [
    "import torch.nn as nn\n", "from torch.nn import (MSELoss,\n", "import torch.nn.functional as F\n", "crit = nn.CrossEntropyLoss(",
    "reduction='mean'", ", label_smoothing=", "0.1", ")", "(", "]", "[", "{", "'''unterminated", '"open', "# comment (\n",
    "loss = crit(x, y", ")\n", "F.kl_div(a, b, reduction=", "nn.", "F.", ".", "=", "==", "\\", "\n", "    ", "f'{nn.MSELoss()}'",
    "class MSELoss:", "x = nn.NLLLoss2d(size_average=False, reduce=", "None", "*args", "**kw", "lambda q: q", "é", "🙂",
    "class FocalLoss(nn.Module):\n", "    def forward(self, x, y=2):\n", '    """doc `x`"""\n', "        return x\n", "crit = FocalLoss(", "crit(a, b)\n",
  ];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 60; round++) {
    let src = "";
    const n = 5 + Math.floor(rand() * 40);
    for (let i = 0; i < n; i++) src += fragments[Math.floor(rand() * fragments.length)];
    const a = analyze(src);
    for (let off = 0; off <= src.length; off++) {
      const t = resolveAt(a, off);
      if (t) assert.equal(typeof renderHover(t, { lang: "en", docs, computeArgs: {}, lineOf: () => 1 }), "string");
    }
  }
});
