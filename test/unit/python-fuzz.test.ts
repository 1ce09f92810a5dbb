// Property tests of the evaluator on hostile input (seeded, bounded): random token soup, every line and character
// prefix of the seed examples (a selection cut anywhere), huge literals, 10,000-deep nesting, random Unicode.
// Properties: evaluate() never throws, returns in bounded time, every diagnostic is located inside the source,
// and none is an "internal error" (a bug of ours surfacing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import type { Engine } from "../../engine/api/types";
import { evaluate } from "../../engine/python";
import { mulberry32 } from "./fuzzgen";

const enginePromise = createEngine();
const LIMITS = { maxSteps: 200_000, maxElements: 2_000_000 };
const SMALL = { maxSteps: 20_000, maxElements: 4096 };


let worstMs = 0;

/** Evaluates src and checks the properties; returns the output for further checks. */
function check(engine: Engine, src: string, what: string, limits = LIMITS) {
  const t0 = performance.now();
  let out;
  try {
    out = evaluate(src, engine, limits);
  } catch (e) {
    assert.fail(`${what}: evaluate threw ${(e as Error)?.stack ?? e}\n--- source ---\n${src.slice(0, 500)}`);
  }
  const ms = performance.now() - t0;
  worstMs = Math.max(worstMs, ms);
  assert.ok(ms < 5000, `${what}: took ${ms.toFixed(0)} ms`);
  const lines = src.split("\n").length;
  for (const d of out.diagnostics) {
    assert.ok(d.line >= 1 && d.line <= lines + 1 && d.column >= 1, `${what}: unlocated ${JSON.stringify(d)}\n${src.slice(0, 300)}`);
    assert.ok(d.endLine >= d.line, `${what}: bad range ${JSON.stringify(d)}`);
    assert.ok(d.message.length > 0);
    assert.doesNotMatch(d.message, /^internal error/, `${what}: ${d.message}\n--- source ---\n${src.slice(0, 500)}`);
  }
  return out;
}

const TOKENS = [
  "x", "y", "loss", "torch", "nn", "F", "np", "torch.tensor", "torch.ones", "torch.randn", "nn.MSELoss", "nn.CrossEntropyLoss",
  "F.cross_entropy", "F.softmax", ".backward()", ".grad", ".sum()", ".view", ".float()", "print", "f'{x:.3f}'", "'s'", '"t"', "'''",
  "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "==", "+", "-", "*", "/", "//", "**", "@", "%", "<", ">", "~", "\\",
  "0", "1", "2.5", "1e10", "-3", "1e999", "0x1f", "True", "None", "float('nan')", "if", "else", "for", "in", "range(3)", "while",
  "def", "return", "lambda", "class", "import", "from", "as", "not", "and", "or", "\n", "\n    ", "\n        ", " ", "#", ";",
  "reduction='sum'", "dim=1", "requires_grad=True", "dtype=torch.long", "*", "**", "...", "break",
];

test("random token soup: no crash, bounded time, located diagnostics", async () => {
  const engine = await enginePromise;
  const rand = mulberry32(0x10552);
  for (let i = 0; i < 600; i++) {
    const n = 1 + Math.floor(rand() * 40);
    let src = "";
    for (let j = 0; j < n; j++) src += TOKENS[Math.floor(rand() * TOKENS.length)] + (rand() < 0.5 ? " " : "");
    check(engine, src, `soup #${i}`);
  }
});

test("a selection cut at every line and every character of the seed examples", async () => {
  const engine = await enginePromise;
  const fixtures: { name: string; source: string }[] = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "seeds.json"), "utf8"));
  for (const fx of fixtures) {
    const lines = fx.source.split("\n");
    for (let i = 0; i <= lines.length; i++) check(engine, lines.slice(0, i).join("\n"), `${fx.name} lines<${i}`);
    // Every line suffix too: a selection that starts mid-file.
    for (let i = 0; i < lines.length; i++) check(engine, lines.slice(i).join("\n"), `${fx.name} lines>=${i}`);
    // Small tensors keep ~25,000 evaluations fast (the big random ones then stop at maxElements, located).
    for (let c = 0; c <= fx.source.length; c++) check(engine, fx.source.slice(0, c), `${fx.name} chars<${c}`, SMALL);
  }
});

test("huge literals: numbers, strings, lists past the element limit", async () => {
  const engine = await enginePromise;
  check(engine, "x = " + "9".repeat(100_000) + "\nprint(x)", "huge int");
  check(engine, "x = 1e999\nprint(x, torch.tensor([1e999, -1e999]))", "overflowing floats");
  check(engine, "s = '" + "a".repeat(1_000_000) + "'\nprint(len(s))", "huge string");
  const big = "x = torch.tensor([" + "1.5, ".repeat(3_000_000) + "1.5])\nprint(x.sum())";
  const out = check(engine, big, "literal over maxElements");
  assert.ok(out.diagnostics.some((d) => d.severity === "error" && /limit/.test(d.message)), JSON.stringify(out.diagnostics));
  const out2 = check(engine, "x = torch.ones(100000, 100000)", "constructor over maxElements");
  assert.ok(out2.diagnostics.some((d) => d.line === 1 && /maxElements/.test(d.message)));
  const out3 = check(engine, "x = [1] * 100000000", "list repetition");
  assert.ok(out3.diagnostics.length > 0);
  const out4 = check(engine, "while True:\n    pass\nprint(1)", "endless loop");
  assert.ok(out4.diagnostics.some((d) => /maxSteps/.test(d.message)));
  const out5 = check(engine, "def f(n):\n    return f(n + 1)\nf(0)", "endless recursion");
  assert.ok(out5.diagnostics.some((d) => /RecursionError/.test(d.message)));
});

test("10,000-deep nesting of brackets, unary operators, attributes and operators", async () => {
  const engine = await enginePromise;
  const N = 10_000;
  const cases: Record<string, string> = {
    parens: "x = " + "(".repeat(N) + "1" + ")".repeat(N),
    lists: "x = " + "[".repeat(N) + "1" + "]".repeat(N),
    mixed: "x = " + "[(".repeat(N / 2) + "1" + ")]".repeat(N / 2),
    calls: "x = " + "abs(".repeat(N) + "1" + ")".repeat(N),
    unclosed: "x = " + "(".repeat(N),
    unary: "x = " + "-".repeat(N) + "1",
    not: "x = " + "not ".repeat(N) + "1",
    attrs: "x = torch" + ".t".repeat(N),
    sum: "x = " + Array(N).fill("1").join(" + "),
    power: "x = " + Array(N).fill("1").join(" ** "),
    fstring: "x = f'" + "{(".repeat(200) + "1" + ")}".repeat(200) + "'",
    indent: Array.from({ length: 2000 }, (_, i) => " ".repeat(i) + "if True:").join("\n") + "\n" + " ".repeat(2000) + "print(1)",
  };
  for (const [name, src] of Object.entries(cases)) {
    const out = check(engine, src, `deep ${name}`);
    if (name !== "sum" && name !== "power" && name !== "indent") {
      assert.ok(out.diagnostics.some((d) => d.severity === "error"), `${name}: ${JSON.stringify(out.diagnostics)}`);
    }
  }
});

test("random Unicode and control characters", async () => {
  const engine = await enginePromise;
  const rand = mulberry32(7);
  for (let i = 0; i < 300; i++) {
    let src = "";
    const n = Math.floor(rand() * 80);
    for (let j = 0; j < n; j++) {
      const r = rand();
      src += r < 0.6 ? String.fromCharCode(32 + Math.floor(rand() * 95)) : r < 0.8 ? "\n\t\r\f\v\0"[Math.floor(rand() * 6)] : String.fromCodePoint(Math.floor(rand() * 0x2ffff));
    }
    check(engine, src, `unicode #${i}`);
  }
});

test("fuzz budget", () => {
  // Reported, not timed as a pass/fail beyond the per-input bound above.
  assert.ok(worstMs < 5000);
});
