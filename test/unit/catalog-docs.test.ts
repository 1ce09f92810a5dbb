// Every loss has complete texts in both languages: details, pitfalls, every parameter, every input,
// every reduction's output (and a functional's own inputs and parameters). And the hover renders for all 45 names
// in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { catalog, formInputs, inputNames } from "../../engine/catalog";
import { loadDocs } from "../../engine/catalog/docs";
import type { Lang } from "../../engine/catalog/types";
import { analyze, renderHover, resolveAt } from "../../engine/hover";

const langs: Lang[] = ["en", "zh-cn"];
const cjk = /[\u4e00-\u9fff]/;

for (const lang of langs) {
  test(`${lang}: complete texts for every loss`, async () => {
    const docs = await loadDocs(lang);
    assert.deepEqual(Object.keys(docs).sort(), catalog.map((r) => r.className).sort());
    for (const r of catalog) {
      const d = docs[r.className];
      assert.ok(d.details.length > 80, `${r.className} details`);
      assert.ok(d.pitfalls.length >= 2, `${r.className} pitfalls`);
      assert.deepEqual(Object.keys(d.params).sort(), r.params.map((p) => p.name).sort(), `${r.className} params`);
      assert.deepEqual(Object.keys(d.inputs).sort(), r.inputs.map((i) => i.name).sort(), `${r.className} inputs`);
      assert.deepEqual(Object.keys(d.output).sort(), Object.keys(r.output).sort(), `${r.className} outputs`);
      // The functional form's own inputs and parameters have a text: its own, or the class's where they say the same.
      if (r.functional) {
        for (const name of [...inputNames(r, "functional"), ...r.functionalParams]) {
          const input = formInputs(r, "functional").find((i) => (i.functionalName ?? i.name) === name);
          const text = input ? (d.functional?.inputs[input.name] ?? d.inputs[input.name]) : (d.functional?.params[name] ?? d.params[name]);
          assert.ok(text, `F.${r.functional}(${name}) has a text`);
        }
      }
      assert.equal(!!d.functional, !!r.functionalSignature, `${r.className}: the functional's own texts go with its own signature`);
      const own = d.functional ? [...d.functional.pitfalls, ...Object.values(d.functional.params), ...Object.values(d.functional.inputs)] : [];
      const all = [d.details, ...d.pitfalls, ...Object.values(d.params), ...Object.values(d.inputs), ...Object.values(d.output), ...own];
      for (const t of all) {
        assert.ok(t.trim().length > 0);
        assert.equal(cjk.test(t), lang === "zh-cn", `${r.className} (${lang}): ${t.slice(0, 40)}`);
      }
      assert.equal(cjk.test(r.summary["zh-cn"]), true);
      assert.equal(cjk.test(r.summary.en), false);
      assert.equal(cjk.test(r.plot.x["zh-cn"]) || r.plot.x["zh-cn"] === r.plot.x.en, true);
    }
  });

  test(`${lang}: the hover renders for all 22 classes and 21 functional forms of 1.13, and 2.x's nn.LinearCrossEntropyLoss and F.linear_cross_entropy`, async () => {
    const docs = await loadDocs(lang);
    const names = catalog.flatMap((r) => [`nn.${r.className}`, ...(r.functional ? [`F.${r.functional}`] : [])]);
    assert.equal(names.length, 45);
    const src = "import torch.nn as nn\nimport torch.nn.functional as F\n" + names.map((n) => `x = ${n}()\n`).join("");
    const a = analyze(src);
    for (const n of names) {
      const t = resolveAt(a, src.indexOf(n + "(") + n.length - 1);
      assert.ok(t && t.kind !== "own", n);
      const md = renderHover(t, { lang, docs });
      const r = t.record;
      assert.ok(md.includes(t.form === "class" ? `torch.nn.${r.className}` : `torch.nn.functional.${r.functional}`), n);
      assert.ok(md.includes(r.docsUrl), `${n} links the docs`);
      assert.ok(md.includes("command:lossLens.openPlayground?"), `${n} links the playground`);
      assert.ok(md.includes(r.summary[lang].slice(0, 10)) || md.includes(r.summary[lang].slice(0, 10).replace(/_/g, "\\_")), n);
      if (r.aliasOf) assert.ok(md.includes("NLLLoss2d") && md.includes("⚠️"), "NLLLoss2d is flagged deprecated");
    }
  });
}

test("zh-cn: the shapes' English phrases are translated (only names and dims stay Latin)", async () => {
  const { localShape } = await import("../../engine/hover/strings");
  const allowed = new Set(["input", "input1", "anchor", "blank", "sum", "target_lengths", "in_features", "d1", "dK", "N", "C", "D", "S", "T"]);
  for (const r of catalog) {
    for (const shape of [...r.inputs.map((i) => i.shape), ...formInputs(r, "functional").map((i) => i.shape), ...Object.values(r.output)]) {
      const zh = localShape(shape, "zh-cn");
      const words = (zh.match(/[A-Za-z_][A-Za-z_0-9]*/g) ?? []).filter((w) => !allowed.has(w));
      assert.deepEqual(words, [], `${r.className}: ${shape} → ${zh}`);
      assert.equal(localShape(shape, "en"), shape);
    }
  }
  assert.equal(localShape("(N) or (), same shape, values 1 or −1", "zh-cn"), "(N) 或 ()，形状相同，取值 1 或 −1");
  assert.equal(localShape("(N, C) or (C)", "zh-cn"), "(N, C) 或 (C)");
});
