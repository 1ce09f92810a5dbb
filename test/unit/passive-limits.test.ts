// Passive features on hostile files (issue #18): chains as deep as a line is long are refused as CPython's
// compiler refuses them (never a JavaScript RangeError), the CodeLens reader and the compute planner never
// throw on them, a passive parse past its deadline declines with TooSlow, and long lines stay linear
// (checked by counting the tokenizer's newline searches, not by timing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readStatements } from "../../engine/compute/analysis";
import { plan } from "../../engine/compute/plan";
import { analyze, resolveAt } from "../../engine/hover";
import { deeperThan, MAX_TREE_DEPTH } from "../../engine/python/depth";
import { parse } from "../../engine/python/parser";
import { TooSlow } from "../../engine/python/tokenizer";

const chain = (n: number) => "import torch\na = torch.tensor(1.0)\ny = " + Array(n).fill("a").join(" + ") + "\nloss = torch.nn.MSELoss()(a, a)\n";
const attrs = (n: number) => "import torch\ny = torch" + ".T".repeat(n) + "\nloss = torch.nn.MSELoss()(y, y)\n";
const calls = (n: number) => "import torch\ny = torch.abs" + "(1)".repeat(n) + "\nloss = torch.nn.MSELoss()(y, y)\n";

for (const [name, src] of [
  ["10^5-term + chain", chain(100_000)],
  ["10^4 attribute chain", attrs(10_000)],
  ["10^4 chained calls", calls(10_000)],
] as const) {
  test(`${name}: a located RecursionError, the other statements parsed, nothing thrown`, () => {
    const { body, errors } = parse(src);
    assert.deepEqual(
      errors.map((e) => [e.kind, e.message, e.span?.line]),
      [["RecursionError", "maximum recursion depth exceeded during compilation", src.startsWith("import torch\na") ? 3 : 2]],
    );
    assert.ok(body.length >= 2, "the statements before and after still parse");
    const stmts = readStatements([src]);
    assert.equal(stmts.filter((s) => s.loss).length, 1, "the loss after the chain still gets its CodeLens");
    const last = src.split("\n").length - 2;
    const planned = plan({ cells: [src], cell: 0, selection: null, cursor: { cell: 0, line: last, column: 0 } });
    assert.equal(planned.kind, "program");
  });
}

test("a chain just under the depth limit parses; the limit is CPython's order of magnitude", () => {
  assert.ok(MAX_TREE_DEPTH >= 500 && MAX_TREE_DEPTH <= 3000);
  assert.equal(parse(chain(MAX_TREE_DEPTH - 10)).errors.length, 0);
  assert.equal(parse(chain(MAX_TREE_DEPTH + 10)).errors.length, 1);
  // Nesting counts through helper objects (call arguments) but not through arrays of siblings.
  assert.equal(deeperThan({ k: "list", items: Array.from({ length: 5000 }, () => ({ k: "name" })) }, 3), false);
});

test("a passive parse past its deadline declines with TooSlow, and without one the same source parses", () => {
  const src = "x = [" + Array(20_000).fill("'s'").join(", ") + "]\n";
  assert.throws(() => readStatements([src], { deadline: performance.now() - 1 }), TooSlow);
  assert.equal(readStatements([src]).length, 1);
});

test("long lines: the tokenizer finds each line's end once, not once per token", () => {
  // A 2.4 MB line of strings used to rescan to the end of the line for every token (quadratic).
  const src = "import torch\nx = [" + Array(240_000).fill("'abcdefgh'").join(", ") + "]\nloss = torch.nn.MSELoss()(x, x)\n";
  const original = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const at = original.call(this, search, from);
    if (search === "\n" && this.length === src.length) scanned += (at < 0 ? this.length : at) - (from ?? 0);
    return at;
  };
  try {
    parse(src);
  } finally {
    String.prototype.indexOf = original;
  }
  assert.ok(scanned < 4 * src.length, `newline searches read ${scanned} characters for a ${src.length}-character source`);
});

test("the hover's analysis of a long line with many names stays linear and resolves", () => {
  const src = "import torch\nxs = [" + "torch.tensor(1.0),".repeat(100_000) + "]\nloss = torch.nn.MSELoss()(xs[0], xs[1])\n";
  const original = String.prototype.lastIndexOf;
  let scanned = 0;
  String.prototype.lastIndexOf = function (this: string, search: string, from?: number) {
    const at = original.call(this, search, from);
    if (search === "\n" && this.length === src.length) scanned += (from ?? this.length) - at;
    return at;
  };
  let target;
  try {
    target = resolveAt(analyze(src), src.lastIndexOf("MSELoss") + 2);
  } finally {
    String.prototype.lastIndexOf = original;
  }
  assert.ok(target, "the hover resolves the loss after the long line");
  assert.ok(scanned < 4 * src.length, `line-start searches read ${scanned} characters`);
});
