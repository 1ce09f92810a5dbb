// The contributed snippets: up to date with the generator, complete for every loss, valid Python when
// expanded with their defaults (python3's ast), and the runnable examples ran under PyTorch (fixture).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catalog, defaultRepr, inputNames } from "../../engine/catalog";
import { PYTORCH_VERSIONS } from "../../engine/api/versions";
import { versionedSnippets } from "../../engine/catalog/snippets";
import { expandDefaults, generateSnippets, snippetsFileText, type Snippet } from "../../scripts/snippets/generate";
import fixture from "../fixtures/snippet-examples.json";

const root = join(__dirname, "..", "..", "..");
const onDisk = readFileSync(join(root, "snippets", "pytorch-losses.json"), "utf8");
const snippets = generateSnippets();

test("snippets/pytorch-losses.json is what the generator writes (run node scripts/gen-snippets.mjs)", () => {
  assert.equal(onDisk, snippetsFileText());
});

test("package.json contributes the snippets for python", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.deepEqual(pkg.contributes.snippets, [{ language: "python", path: "./snippets/pytorch-losses.json" }]);
});

test("every loss has a class snippet, a functional snippet and a runnable example, with the prefixes users type", () => {
  for (const r of catalog) {
    // A loss only some versions have: offered by the extension for those versions, not in the contributed file.
    const cls = r.since ? versionedSnippets(r.since)[`nn.${r.className}`] : snippets[`nn.${r.className}`];
    assert.ok(cls, r.className);
    assert.ok(cls.prefix.includes(`nn.${r.className}`));
    assert.ok(cls.prefix.some((p) => p.startsWith("loss-")));
    // A tab stop per non-deprecated parameter, the default as placeholder, reduction as a choice.
    for (const p of r.params) {
      if (p.required) {
        assert.match(cls.body[0], new RegExp(`[(,] ?\\$\\{\\d+:${p.name}\\}`), `${r.className}.${p.name} positional`);
        continue;
      }
      const stop = p.choices ? `${p.name}=\${` : `${p.name}=\${`;
      assert.equal(cls.body[0].includes(stop), !p.deprecated, `${r.className}.${p.name}`);
      if (p.choices) for (const c of p.choices) assert.ok(cls.body[0].includes(`'${c}'`), `${r.className} choice ${c}`);
      else if (!p.deprecated) assert.ok(expandDefaults(cls.body).includes(`${p.name}=${defaultRepr(p)}`), `${r.className}.${p.name}`);
    }
    if (r.functional) {
      // The contributed file's, else the version's (the extension offers those).
      const fn = snippets[`F.${r.functional}`] ?? versionedSnippets("2.13")[`F.${r.functional}`];
      assert.ok(fn.prefix.includes(`F.${r.functional}`));
      assert.ok(expandDefaults(fn.body).startsWith(`F.${r.functional}(${inputNames(r, "functional").join(", ")}`));
    }
    assert.equal(!!snippets[`Example: nn.${r.className}`], !r.since, `${r.className} example`);
  }
  assert.ok(snippets["nn.MSELoss"].prefix.includes("mse"));
  assert.ok(versionedSnippets("1.13")["F.mse_loss"].prefix.includes("F.mse_loss"));
  assert.ok(snippets["nn.HuberLoss"].prefix.includes("loss-huber"));
  assert.equal(expandDefaults(snippets["nn.KLDivLoss"].body), "nn.KLDivLoss(reduction='mean', log_target=False)");
  for (const t of ["Custom loss function", "Custom loss module", "Training step"]) assert.ok(snippets[t], t);
});

test("a snippet that differs between versions follows the version: weight= on F.mse_loss, nn.LinearCrossEntropyLoss and F.linear_cross_entropy since 2.x", () => {
  const v2 = versionedSnippets("2.13");
  const v1 = versionedSnippets("1.13");
  // Exactly the functional forms PyTorch 2.x gave weight= (catalog/versions.ts), and none of them in the file.
  // And the classes only 2.x has (nn.LinearCrossEntropyLoss).
  assert.deepEqual(Object.keys(v2).sort(), ["F.huber_loss", "F.l1_loss", "F.linear_cross_entropy", "F.mse_loss", "nn.LinearCrossEntropyLoss"]);
  assert.deepEqual(Object.keys(v1).sort(), ["F.huber_loss", "F.l1_loss", "F.mse_loss"]);
  assert.equal(
    expandDefaults(v2["nn.LinearCrossEntropyLoss"].body),
    "nn.LinearCrossEntropyLoss(in_features, num_classes, out_features=(), bias=False, device=None, dtype=None, reduction='mean', weight=None, ignore_index=None, label_smoothing=0.0, options=None)",
  );
  assert.match(v2["nn.LinearCrossEntropyLoss"].description, /\(PyTorch 2\.13\)$/);
  // The functional's own inputs and parameters (the catalog's functionalSignature), as 2.13 spells them.
  assert.equal(
    expandDefaults(v2["F.linear_cross_entropy"].body),
    "F.linear_cross_entropy(input, linear_weight, target, linear_bias=None, weight=None, reduction='mean', ignore_index=None, label_smoothing=0.0, options=None)",
  );
  assert.deepEqual(v2["F.linear_cross_entropy"].prefix, ["F.linear_cross_entropy", "linear_cross_entropy", "f-linear-ce", "f-lce"]);
  for (const name of Object.keys(v2)) assert.equal(snippets[name], undefined, `${name} is not in the contributed file`);
  assert.equal(expandDefaults(v2["F.mse_loss"].body), "F.mse_loss(input, target, reduction='mean', weight=None)");
  assert.equal(expandDefaults(v1["F.mse_loss"].body), "F.mse_loss(input, target, reduction='mean')");
  assert.equal(expandDefaults(v2["F.huber_loss"].body), "F.huber_loss(input, target, reduction='mean', delta=1.0, weight=None)");
  assert.equal(expandDefaults(v1["F.l1_loss"].body), "F.l1_loss(input, target, reduction='mean')");
  assert.deepEqual(v2["F.mse_loss"].prefix, ["F.mse_loss", "mse_loss", "f-mse"]);
  assert.match(v2["F.mse_loss"].description, /\(PyTorch 2\.13\)$/);
});

test("default expansion handles choices, nesting and escapes", () => {
  assert.equal(expandDefaults(["a(${1:x}, ${2|'mean','sum'|})$0"]), "a(x, 'mean')");
  assert.equal(expandDefaults(["${1:(${2:a} - ${3:b})}"]), "(a - b)");
  assert.equal(expandDefaults(["d = {'k': 1\\}", "p = '\\$'"]), "d = {'k': 1}\np = '$'");
});

test("every snippet expanded with its defaults is valid Python (python3's ast)", () => {
  const sources: Record<string, string> = {};
  for (const [name, s] of Object.entries(snippets) as [string, Snippet][]) sources[name] = expandDefaults(s.body);
  for (const v of PYTORCH_VERSIONS) for (const [name, s] of Object.entries(versionedSnippets(v))) sources[`${name} (${v})`] = expandDefaults(s.body);
  const script =
    "import ast, json, sys\n" +
    "bad = {}\n" +
    "for name, src in json.load(sys.stdin).items():\n" +
    "    try:\n" +
    "        ast.parse(src)\n" +
    "    except SyntaxError as e:\n" +
    "        bad[name] = str(e)\n" +
    "print(json.dumps({'bad': bad}))\n";
  const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(sources), encoding: "utf8" });
  assert.equal(run.error, undefined, "python3 runs");
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout).bad, {});
  assert.ok(Object.keys(sources).length >= 22 * 3);
});

test("every runnable example ran under PyTorch 1.13 (test/fixtures/snippet-examples.json is current)", () => {
  const examples = fixture.examples as Record<string, { source: string; ok: boolean; stdout: string }>;
  assert.match(fixture.torch, /^1\.13\./);
  const names = Object.keys(snippets).filter((n) => n.startsWith("Example: "));
  assert.deepEqual(Object.keys(examples).sort(), names.sort());
  for (const name of names) {
    const e = examples[name];
    assert.equal(e.source, expandDefaults(snippets[name].body), `${name}: regenerate with node scripts/fixtures/snippet-examples.mjs`);
    assert.ok(e.ok, name);
    assert.match(e.stdout, /^tensor\(/, `${name} printed the loss`);
  }
});
