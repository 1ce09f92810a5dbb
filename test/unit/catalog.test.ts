// The catalog against PyTorch 1.13 itself: test/fixtures/signatures.json is dumped from the real library
// by scripts/fixtures/signatures.py (names, parameter order, defaults with Python's spelling, keyword-only
// flags, and the warnings and errors the catalog repeats).
import { test } from "node:test";
import assert from "node:assert/strict";
import signatures from "../fixtures/signatures.json";
import {
  catalog,
  defaultRepr,
  getByFunctional,
  getLoss,
  getParam,
  legacyReduction,
  pyRepr,
  warnings,
  type ParamSpec,
} from "../../engine/catalog";
import { hasLoss } from "../../engine/catalog/versions";

interface SigParam {
  name: string;
  kind: string;
  required?: boolean;
  default?: unknown;
  type?: string;
  repr?: string;
}
interface Outcome {
  error: { type: string; message: string } | null;
  warnings: string[];
}
const classes = signatures.classes as Record<string, { init: SigParam[]; forward: SigParam[] }>;
const functional = signatures.functional as Record<string, SigParam[]>;
const behaviours = signatures.behaviours as unknown as {
  invalidReduction: Record<string, Outcome>;
  legacy: Record<string, Outcome & { reduction: string }>;
  checks: Record<string, Outcome>;
  klDivMean: Outcome;
  klDivBatchmean: Outcome;
  nllLoss2d: Outcome;
};

/** The Python type each kind's default has. */
const pythonType: Record<ParamSpec["kind"], string> = {
  float: "float",
  int: "int",
  bool: "bool",
  reduction: "str",
  tensor: "NoneType",
  callable: "NoneType",
  "legacy-bool": "NoneType",
  shape: "tuple",
  device: "NoneType",
  dtype: "NoneType",
  object: "NoneType",
};

/** The records PyTorch 1.13 has (this fixture's); the losses 2.x added are checked against 2.13's signatures in
 * hover-versions.test.ts. */
const of113 = catalog.filter((r) => hasLoss(r, "1.13"));

test("the fixture comes from PyTorch 1.13", () => {
  assert.match(signatures.torch, /^1\.13\./);
});

test("the catalog has exactly PyTorch 1.13's 22 loss classes and 21 functional forms, and what later versions added", () => {
  assert.deepEqual(of113.map((r) => r.className).sort(), Object.keys(classes).sort());
  assert.equal(of113.length, 22);
  assert.deepEqual(catalog.filter((r) => r.since).map((r) => `${r.className} since ${r.since}`), ["LinearCrossEntropyLoss since 2.13"]);
  const fnames = of113.flatMap((r) => (r.functional ? [r.functional] : []));
  assert.deepEqual([...fnames].sort(), Object.keys(functional).sort());
  assert.equal(new Set(fnames).size, 21);
});

for (const record of of113) {
  const sig = classes[record.className];

  test(`${record.className}: constructor parameters, order, defaults and keyword-only flags`, () => {
    assert.ok(sig, `PyTorch has no nn.${record.className}`);
    assert.deepEqual(
      record.params.map((p) => p.name),
      sig.init.map((p) => p.name),
    );
    for (const [i, p] of record.params.entries()) {
      const real = sig.init[i];
      assert.equal(real.required, undefined, `${p.name} has a default in PyTorch`);
      assert.equal(p.default, real.default, `${record.className}.${p.name} default`);
      assert.equal(defaultRepr(p, "class"), real.repr, `${record.className}.${p.name} spelled as in Python`);
      assert.equal(pythonType[p.kind], real.type, `${record.className}.${p.name}: kind ${p.kind} vs ${real.type}`);
      assert.equal(Boolean(p.keywordOnly), real.kind === "KEYWORD_ONLY", `${record.className}.${p.name} keyword-only`);
      assert.equal(Boolean(p.deprecated), p.name === "size_average" || p.name === "reduce");
      if (p.choices) assert.ok(p.choices.includes(String(p.default)));
    }
  });

  test(`${record.className}: forward inputs in PyTorch's order`, () => {
    assert.deepEqual(
      record.inputs.map((i) => i.name),
      sig.forward.map((p) => p.name),
    );
  });

  if (record.functional) {
    const fname = record.functional;
    test(`${record.className}: F.${fname} inputs, parameters and defaults`, () => {
      const real = functional[fname];
      assert.ok(real, `PyTorch has no F.${fname}`);
      const inputs = record.inputs.map((i) => i.functionalName ?? i.name);
      assert.deepEqual(
        real.map((p) => p.name),
        [...inputs, ...record.functionalParams],
      );
      for (const [i, name] of inputs.entries()) assert.equal(real[i].required, true, `F.${fname}(${name}) required`);
      for (const [i, name] of record.functionalParams.entries()) {
        const r = real[inputs.length + i];
        const p = getParam(record, name);
        assert.ok(p, `F.${fname} parameter ${name} is in the catalog`);
        assert.equal(p.default, r.default, `F.${fname} ${name} default`);
        assert.equal(defaultRepr(p, "functional"), r.repr, `F.${fname} ${name} spelled as in Python`);
        assert.equal(Boolean(p.functionalKeywordOnly), r.kind === "KEYWORD_ONLY", `F.${fname} ${name} keyword-only`);
      }
    });
  }

  test(`${record.className}: internal consistency (plot controls, related, outputs, docs URL)`, () => {
    for (const c of record.plot.controls) assert.ok(getParam(record, c), `plot control ${c} is a parameter`);
    for (const r of record.related) assert.ok(getLoss(r), `related ${r} is a loss`);
    assert.ok(record.plot.range[0] < record.plot.range[1]);
    const red = getParam(record, "reduction");
    assert.ok(red?.choices);
    assert.deepEqual(Object.keys(record.output).sort(), [...red.choices].sort());
    assert.match(record.docsUrl, /^https:\/\/pytorch\.org\/docs\/1\.13\/generated\/torch\.nn\.\w+\.html$/);
    assert.ok(record.summary.en && record.summary["zh-cn"]);
    assert.ok(record.formula.length > 0);
    for (const p of record.params) {
      if (p.slider) assert.ok(p.slider.min < p.slider.max && p.slider.step > 0);
      if (p.min !== undefined && typeof p.default === "number") assert.ok(p.default >= p.min);
      if (p.max !== undefined && typeof p.default === "number") assert.ok(p.default <= p.max);
    }
  });
}

test("lookups by class and functional name", () => {
  assert.equal(getLoss("MSELoss")?.functional, "mse_loss");
  assert.equal(getByFunctional("cross_entropy")?.className, "CrossEntropyLoss");
  assert.equal(getByFunctional("nll_loss")?.className, "NLLLoss", "nll_loss belongs to NLLLoss, not its alias");
  assert.equal(getLoss("NLLLoss2d")?.aliasOf, "NLLLoss");
  assert.equal(getLoss("mse_loss"), undefined);
  assert.equal(getByFunctional("MSELoss"), undefined);
  assert.equal(getLoss("toString"), undefined);
});

test("an invalid reduction gets PyTorch's own error, per functional form", () => {
  for (const [fname, outcome] of Object.entries(behaviours.invalidReduction)) {
    const p = getParam(getByFunctional(fname)!, "reduction")!;
    assert.ok(p.check && outcome.error);
    assert.equal(p.check.errorType, outcome.error.type, fname);
    assert.equal(p.check.message.replace("{value}", "bogus"), outcome.error.message, fname);
  }
});

test("KLDivLoss: 'batchmean' is accepted, 'mean' warns with PyTorch's words", () => {
  assert.ok(getParam(getLoss("KLDivLoss")!, "reduction")!.choices!.includes("batchmean"));
  assert.deepEqual(behaviours.klDivBatchmean, { error: null, warnings: [] });
  assert.deepEqual(behaviours.klDivMean.warnings, [warnings.klDivMean]);
  for (const r of catalog) {
    if (r.className !== "KLDivLoss") assert.ok(!getParam(r, "reduction")!.choices!.includes("batchmean"));
  }
});

test("size_average / reduce map to a reduction and warn as PyTorch does", () => {
  const parse = (s: string) => (s === "None" ? null : s === "True");
  for (const [key, outcome] of Object.entries(behaviours.legacy)) {
    const [sa, rd] = key.split(",").map(parse);
    const reduction = legacyReduction(sa, rd);
    assert.equal(reduction, outcome.reduction, key);
    assert.deepEqual(outcome.warnings, [warnings.legacyReduction(reduction)], key);
  }
});

test("NLLLoss2d's deprecation text is PyTorch's warning", () => {
  assert.deepEqual(behaviours.nllLoss2d.warnings, [getLoss("NLLLoss2d")!.deprecated]);
});

test("parameter checks repeat PyTorch's errors, and only where PyTorch raises", () => {
  const cases: [string, string, string, number][] = [
    ["CrossEntropyLoss.label_smoothing=1.5", "CrossEntropyLoss", "label_smoothing", 1.5],
    ["CrossEntropyLoss.label_smoothing=-0.5", "CrossEntropyLoss", "label_smoothing", -0.5],
    ["HuberLoss.delta=0.0", "HuberLoss", "delta", 0],
    ["SmoothL1Loss.beta=-1.0", "SmoothL1Loss", "beta", -1],
    ["SmoothL1Loss.beta=0.0", "SmoothL1Loss", "beta", 0],
    ["MultiMarginLoss.p=3", "MultiMarginLoss", "p", 3],
    ["CTCLoss.blank=-1", "CTCLoss", "blank", -1],
  ];
  for (const [key, loss, name, value] of cases) {
    const outcome = behaviours.checks[key];
    const check = getParam(getLoss(loss)!, name)!.check!;
    const rejected =
      (check.min !== undefined && (check.minExclusive ? value <= check.min : value < check.min)) ||
      (check.max !== undefined && value > check.max) ||
      (check.oneOf !== undefined && !check.oneOf.includes(value));
    assert.equal(rejected, outcome.error !== null, key);
    if (outcome.error) {
      assert.equal(check.errorType, outcome.error.type, key);
      assert.equal(check.message.replace("{value}", String(value)), outcome.error.message, key);
    }
  }
});

test("Python float spelling of a float default", () => {
  const cases: [number, string][] = [[1, "1.0"], [0, "0.0"], [-0, "-0.0"], [1e-8, "1e-08"], [1e-6, "1e-06"], [0.5, "0.5"], [-100, "-100.0"], [1e20, "1e+20"], [1e16, "1e+16"], [123456789012345.6, "123456789012345.6"]];
  for (const [x, want] of cases) assert.equal(pyRepr(x, "float"), want, String(x));
});
