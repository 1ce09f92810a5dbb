// The hover's argument checks in the words of the PyTorch it answers as: every message is compared with what that
// version raised or warned for the same call (test/fixtures/signatures.json from Debian's 1.13,
// signatures-2.13.json from the 2.13 wheel; scripts/fixtures/signatures.py's behaviours).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { PyTorchVersion } from "../../engine/api/versions";
import { defaultRepr, getByFunctional, getLoss, getParam, inputNames } from "../../engine/catalog";
import { addedParams, hasLoss } from "../../engine/catalog/versions";
import { versionNote } from "../../engine/hover";
import { analyze, configure, renderHover, resolveAt } from "../../engine/hover";
import v113 from "../fixtures/signatures.json";
import v213 from "../fixtures/signatures-2.13.json";

interface Outcome {
  error: { type: string; message: string } | null;
  warnings: string[];
}
interface Behaviours {
  linearCrossEntropy: Record<string, Outcome>;
  linearCrossEntropyFunctional: Record<string, Outcome>;
  invalidReduction: Record<string, Outcome>;
  typeErrors: Record<string, Outcome>;
  checks: Record<string, Outcome>;
  elementwiseMean: Outcome;
  nllLoss2d: Outcome;
}
const fixtures: Record<PyTorchVersion, Behaviours> = {
  "1.13": v113.behaviours as unknown as Behaviours,
  "2.13": v213.behaviours as unknown as Behaviours,
};

/** The hover's findings for the first call in `src`, as `version`. */
function findings(src: string, version: PyTorchVersion): { severity: string; message: string }[] {
  const a = analyze(`import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n${src}`);
  const t = resolveAt(a, a.text.indexOf(src) + src.indexOf("(") - 1);
  assert.ok(t && (t.kind === "loss" || t.kind === "keyword") && t.call, src);
  return configure(t.record, t.form, t.call, version).findings.map((f) => ({ severity: f.severity, message: f.message.en }));
}

function expectOutcome(src: string, version: PyTorchVersion, o: Outcome): void {
  const found = findings(src, version);
  if (o.error) {
    const want = `${o.error.type}: ${o.error.message}`;
    assert.ok(found.some((f) => f.severity === "error" && f.message.includes(want)), `${version} ${src}: want ${want}, hover says ${JSON.stringify(found)}`);
  } else {
    assert.deepEqual(found.filter((f) => f.severity === "error"), [], `${version} ${src}: PyTorch raises nothing`);
  }
  for (const w of o.warnings) assert.ok(found.some((f) => f.message.includes(w)), `${version} ${src}: want the warning ${w}, hover says ${JSON.stringify(found)}`);
}

/** The call signatures.py made for each typeErrors key. */
function typeErrorCall(key: string): string {
  const m = /^(\w+)\((.*)\)$/.exec(key)!;
  const [name, arg] = [m[1], m[2]];
  const cls = /^[A-Z]/.test(name);
  const head = cls ? `nn.${name}(` : `F.${name}(`;
  if (arg === "foo=1") return `${head}foo=1)`;
  if (arg === "weight=") return `${head}a, b, weight=w)`;
  if (arg === "x") return `${head}a)`;
  const n = Number(/^\*(\d+)$/.exec(arg)![1]);
  return `${head}${cls ? Array(n).fill("None").join(", ") : ["a", "b", ...Array(n - 2).fill("None")].join(", ")})`;
}

/** What the hover cannot know from the call alone (it needs the tensors): CTC's blank against the class count. */
const NEEDS_TENSORS = new Set(["CTCLoss.blank=4"]);

for (const version of ["1.13", "2.13"] as const) {
  const b = fixtures[version];

  test(`${version}: an invalid reduction, in the version's words (every F.* form)`, () => {
    const inputs: Record<string, number> = { ctc_loss: 4, gaussian_nll_loss: 3, margin_ranking_loss: 3, cosine_embedding_loss: 3, triplet_margin_loss: 3, triplet_margin_with_distance_loss: 3 };
    for (const [fn, o] of Object.entries(b.invalidReduction)) {
      const args = Array.from({ length: inputs[fn] ?? 2 }, (_, i) => `t${i}`).join(", ");
      expectOutcome(`F.${fn}(${args}, reduction='bogus')`, version, o);
    }
  });

  test(`${version}: Python's TypeErrors for unknown keywords and positional counts, weight= where the version has it`, () => {
    for (const [key, o] of Object.entries(b.typeErrors)) expectOutcome(typeErrorCall(key), version, o);
  });

  test(`${version}: option values the version refuses (or accepts), construct-time and call-time`, () => {
    for (const [key, o] of Object.entries(b.checks)) {
      if (NEEDS_TENSORS.has(key)) continue;
      const m = /^(\w+)\.(\w+)=(.+)$/.exec(key)!;
      const [name, param, value] = [m[1], m[2], m[3]];
      const src = /^[A-Z]/.test(name) ? `nn.${name}(${param}=${value})` : `F.${name}(a, p, n, ${param}=${value})`;
      expectOutcome(src, version, o);
    }
  });

  test(`${version}: nn.LinearCrossEntropyLoss's constructor checks in the version's words (1.13: its AttributeError)`, () => {
    const cases = Object.entries(b.linearCrossEntropy);
    assert.equal(cases.length, 10);
    for (const [src, o] of cases) expectOutcome(src, version, o);
  });

  test(`${version}: F.linear_cross_entropy's checks in the version's words: arity, keywords, reduction, label_smoothing (1.13: its AttributeError)`, () => {
    const cases = Object.entries(b.linearCrossEntropyFunctional);
    assert.equal(cases.length, 14);
    for (const [src, o] of cases) {
      expectOutcome(src, version, o);
      // The same call spelled in full resolves to the same loss and the same findings.
      expectOutcome(src.replace(/^F\./, "torch.nn.functional."), version, o);
    }
    if (version === "1.13") for (const [, o] of cases) assert.equal(o.error?.type, "AttributeError");
  });

  test(`${version}: deprecation warnings as the version words them`, () => {
    expectOutcome("F.mse_loss(a, b, reduction='elementwise_mean')", version, b.elementwiseMean);
    expectOutcome("nn.NLLLoss2d()", version, b.nllLoss2d);
  });
}

test("the fixtures are each version's own", () => {
  assert.match(v113.torch, /^1\.13\./);
  assert.match(v213.torch, /^2\.13\./);
});

test("2.13's signatures are the catalog's plus what catalog/versions.ts says 2.x added (names, order, defaults)", () => {
  const fns = v213.functional as Record<string, { name: string; repr?: string }[]>;
  for (const [fn, params] of Object.entries(fns)) {
    const record = getByFunctional(fn);
    assert.ok(record, fn);
    for (const v of ["1.13", "2.13"] as const) {
      if (!hasLoss(record, v)) {
        assert.ok(!(fn in v113.functional), `${v} has no F.${fn}`); // F.linear_cross_entropy: 2.x only, see below
        continue;
      }
      const sig: { name: string }[] = v === "2.13" ? params : (v113.functional as Record<string, { name: string; repr?: string }[]>)[fn];
      const ours: string[] = [...inputNames(record, "functional"), ...record.functionalParams, ...addedParams(record.className, v, true).map((p) => p.name)];
      assert.deepEqual(ours, sig.map((p) => p.name), `${v} F.${fn}`);
    }
    for (const p of addedParams(record.className, "2.13", true)) assert.equal(defaultRepr(p, "functional"), params.find((q) => q.name === p.name)?.repr, `${fn}.${p.name}`);
  }
  const classes = v213.classes as Record<string, { init: { name: string }[] }>;
  for (const [name, sig] of Object.entries(classes)) {
    const record = getLoss(name);
    if (!record) continue; // LinearCrossEntropyLoss: 2.x only, see below
    assert.deepEqual(record.params.map((p) => p.name), sig.init.map((p) => p.name), name);
  }
});

test("hovering weight= on F.mse_loss: a parameter under 2.13, Python's TypeError under 1.13", async () => {
  const { loadDocs } = await import("../../engine/catalog/docs");
  const docs = await loadDocs("en");
  const src = "import torch.nn.functional as F\nloss = F.mse_loss(x, y, weight=w)\n";
  const a = analyze(src);
  const t = resolveAt(a, src.indexOf("weight") + 2);
  assert.ok(t?.kind === "keyword");
  const now = renderHover(t, { lang: "en", docs, pytorch: "2.13" });
  assert.match(now, /\*\*weight\*\*/);
  assert.doesNotMatch(now, /TypeError/);
  const old = renderHover(t, { lang: "en", docs, pytorch: "1.13" });
  // (Markdown-escaped text: compare it unescaped.)
  assert.match(old.replace(/\\(.)/g, "$1"), /TypeError: mse_loss\(\) got an unexpected keyword argument 'weight'/);
  // The loss's own hover shows the version's signature.
  const call = resolveAt(a, src.indexOf("mse_loss") + 2);
  assert.ok(call);
  assert.match(renderHover(call, { lang: "en", docs, pytorch: "2.13" }), /torch\.nn\.functional\.mse_loss\(input, target, size_average=None, reduce=None, reduction='mean', weight=None\)/);
  assert.doesNotMatch(renderHover(call, { lang: "en", docs, pytorch: "1.13" }), /weight=None/);
});

test("nn.LinearCrossEntropyLoss: the catalog's record is 2.13's signature (names, order, required, keyword-only, defaults)", () => {
  const sig = (v213.classes as Record<string, { init: { name: string; kind: string; required?: boolean; repr?: string }[]; forward: { name: string }[] }>).LinearCrossEntropyLoss;
  const record = getLoss("LinearCrossEntropyLoss")!;
  assert.equal(record.since, "2.13");
  assert.ok(!hasLoss(record, "1.13") && hasLoss(record, "2.13"));
  assert.ok(!("LinearCrossEntropyLoss" in v113.classes));
  assert.deepEqual(record.params.map((p) => p.name), sig.init.map((p) => p.name));
  for (const [i, p] of record.params.entries()) {
    const real = sig.init[i];
    assert.equal(Boolean(p.required), Boolean(real.required), `${p.name} required`);
    assert.equal(Boolean(p.keywordOnly), real.kind === "KEYWORD_ONLY", `${p.name} keyword-only`);
    if (!real.required) assert.equal(defaultRepr(p, "class"), real.repr, `${p.name} default`);
  }
  assert.deepEqual(record.inputs.map((i) => i.name), sig.forward.map((p) => p.name));
});

test("hovering nn.LinearCrossEntropyLoss: marked since 2.x; under 1.13 the version lacks it, in PyTorch's words", async () => {
  const { loadDocs } = await import("../../engine/catalog/docs");
  const src = "import torch.nn as nn\ncrit = nn.LinearCrossEntropyLoss(512, 10, bias=True)\n";
  const a = analyze(src);
  const t = resolveAt(a, src.indexOf("LinearCrossEntropyLoss") + 3);
  assert.ok(t && t.kind === "loss");
  for (const lang of ["en", "zh-cn"] as const) {
    const docs = await loadDocs(lang);
    const now = renderHover(t, { lang, docs, pytorch: "2.13" }) + versionNote(t, "2.13", lang);
    const old = (renderHover(t, { lang, docs, pytorch: "1.13" }) + versionNote(t, "1.13", lang)).replace(/\\(.)/g, "$1");
    assert.match(now, lang === "en" ? /since PyTorch 2\.x: the loss itself/ : /PyTorch 2\.x 起: 损失本身/);
    assert.doesNotMatch(now, /⛔|has no attribute|needs PyTorch|需要 PyTorch/);
    assert.match(now, /torch\.nn\.LinearCrossEntropyLoss\(\s*in_features,\s*num_classes,\s*\*,\s*out_features=\(\)/);
    assert.match(old, /AttributeError: module 'torch.nn' has no attribute 'LinearCrossEntropyLoss'/);
    assert.match(old, lang === "en" ? /`nn\.LinearCrossEntropyLoss` needs PyTorch 2\.x; your environment has 1\.13/ : /`nn\.LinearCrossEntropyLoss` 需要 PyTorch 2\.x；你的环境是 1\.13/);
  }
});

test("F.linear_cross_entropy: the catalog's functional form is 2.13's signature (its own inputs, then keyword-only parameters and defaults)", () => {
  const sig = (v213.functional as Record<string, { name: string; kind: string; required?: boolean; repr?: string }[]>).linear_cross_entropy;
  const record = getByFunctional("linear_cross_entropy")!;
  assert.equal(record, getLoss("LinearCrossEntropyLoss"));
  const inputs = inputNames(record, "functional");
  assert.deepEqual(inputs, ["input", "linear_weight", "target"]);
  assert.deepEqual([...inputs, ...record.functionalParams], sig.map((p) => p.name));
  for (const [i, real] of sig.entries()) {
    if (i < inputs.length) {
      assert.equal(real.required, true, real.name);
      assert.equal(real.kind, "POSITIONAL_OR_KEYWORD", real.name);
      continue;
    }
    const p = getParam(record, real.name, "functional")!;
    assert.ok(p, real.name);
    assert.equal(defaultRepr(p, "functional"), real.repr, `F.linear_cross_entropy ${real.name} default`);
    assert.equal(Boolean(p.functionalKeywordOnly), real.kind === "KEYWORD_ONLY", `${real.name} keyword-only`);
  }
  // linear_bias is the function's alone: the class has bias (a bool), not linear_bias.
  assert.equal(getParam(record, "linear_bias"), undefined);
});

test("hovering F.linear_cross_entropy: its own signature and docs (en, zh-cn), marked since 2.x; under 1.13 PyTorch's AttributeError", async () => {
  const { loadDocs } = await import("../../engine/catalog/docs");
  const src =
    "import torch\nimport torch.nn.functional as F\nfrom torch.nn.functional import linear_cross_entropy as lce\n" +
    "a = F.linear_cross_entropy(h, W, y, linear_bias=b, label_smoothing=0.1)\n" +
    "b = torch.nn.functional.linear_cross_entropy(h, W, y)\n" +
    "c = lce(h, W, y)\n";
  const an = analyze(src);
  const sigLine =
    "torch.nn.functional.linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None, reduction='mean', ignore_index=None, label_smoothing=0.0, options=None)";
  // The signature one line (the hover breaks one longer than 140 characters, one parameter a line).
  const flat = (md: string) => md.replace(/\(\n {4}/g, "(").replace(/,\n {4}/g, ", ").replace(/,\n\)/g, ")");
  for (const at of ["F.linear_cross_entropy(", "torch.nn.functional.linear_cross_entropy(", "lce(h"]) {
    const t = resolveAt(an, src.indexOf(at) + at.indexOf("(") - 2);
    assert.ok(t && t.kind === "loss" && t.form === "functional" && t.record.className === "LinearCrossEntropyLoss", at);
    for (const lang of ["en", "zh-cn"] as const) {
      const docs = await loadDocs(lang);
      // (Markdown-escaped text: compare it unescaped.)
      const now = (renderHover(t, { lang, docs, pytorch: "2.13" }) + "\n" + versionNote(t, "2.13", lang)).replace(/\\(.)/g, "$1");
      const old = (renderHover(t, { lang, docs, pytorch: "1.13" }) + "\n" + versionNote(t, "1.13", lang)).replace(/\\(.)/g, "$1");
      assert.ok(flat(now).includes(sigLine), `${at} ${lang}: ${now}`);
      assert.ok(now.includes(docs.LinearCrossEntropyLoss.functional!.inputs.linear_weight.slice(0, 30)), `${lang}: linear_weight's own text`);
      // Shared with the class where they say the same: the features and the target.
      assert.ok(now.includes(docs.LinearCrossEntropyLoss.inputs.input.slice(0, 20)), `${lang}: the class's input text`);
      assert.match(now, lang === "en" ? /since PyTorch 2\.x: the loss itself, `F\.linear_cross_entropy`/ : /PyTorch 2\.x 起: 损失本身，`F\.linear_cross_entropy`/);
      assert.doesNotMatch(now, /⛔|has no attribute|needs PyTorch|需要 PyTorch/);
      assert.match(old, /AttributeError: module 'torch.nn.functional' has no attribute 'linear_cross_entropy'/);
      assert.match(old, lang === "en" ? /`F\.linear_cross_entropy` needs PyTorch 2\.x; your environment has 1\.13/ : /`F\.linear_cross_entropy` 需要 PyTorch 2\.x；你的环境是 1\.13/);
    }
  }
  // Its keywords: linear_bias is a parameter of the function (not of the class), label_smoothing in its own words.
  const docs = await loadDocs("en");
  const kw = resolveAt(an, src.indexOf("linear_bias=") + 2);
  assert.ok(kw?.kind === "keyword" && kw.param?.name === "linear_bias");
  const bias = renderHover(kw, { lang: "en", docs, pytorch: "2.13" }).replace(/\\(.)/g, "$1");
  assert.match(bias, /\*\*linear_bias\*\*/);
  assert.ok(bias.includes(docs.LinearCrossEntropyLoss.functional!.params.linear_bias.slice(0, 30)));
  assert.doesNotMatch(bias, /not a parameter|TypeError/);
  const ls = resolveAt(an, src.indexOf("label_smoothing=") + 2);
  assert.ok(ls?.kind === "keyword");
  const smoothing = renderHover(ls, { lang: "en", docs, pytorch: "2.13" }).replace(/\\(.)/g, "$1");
  assert.ok(smoothing.includes(docs.LinearCrossEntropyLoss.functional!.params.label_smoothing.slice(0, 60)));
  assert.ok(!smoothing.includes("Checked at construction"));
  // The function's own pitfalls: nothing about a construction it does not have.
  const fn = renderHover(resolveAt(an, src.indexOf("linear_cross_entropy(h, W, y, l") + 3)!, { lang: "en", docs, pytorch: "2.13" }).replace(/\\(.)/g, "$1");
  assert.ok(fn.includes(docs.LinearCrossEntropyLoss.functional!.pitfalls[2]));
  assert.doesNotMatch(fn, /refused when the loss is constructed/);
});
