// The evaluator's work and memory budgets and its messages (issues #16, #18): every hostile case ends with a
// located message of the right kind (MemoryError for memory, the work limit for work, a SyntaxError for a bad
// escape), names resolve only in the evaluator's own tables (JavaScript's special property names are plain
// unknown names), output past the cap is cut with a note, and evaluate() never throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { evaluate, MAX_OUTPUT_CHARS } from "../../engine/python";
import { Budget, DEFAULT_MAX_WORK } from "../../engine/python/budget";

const enginePromise = createEngine();

async function run(src: string, options = {}) {
  const out = evaluate(src, await enginePromise, options);
  return { out, errors: out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}: ${d.message}`) };
}

const MEMORY = /^\d+: MemoryError: .*lossLens\.maxMemoryMB \(CLI: --max-memory MB\)/;
const WORK = /^\d+: evaluation stopped: the work limit was reached .*lossLens\.maxWork \(CLI: --max-work N\)/;

for (const [name, src, expected, line] of [
  ["'a' * 5 * 10**8", "s = 'a' * 5 * 10**8\nprint(len(s))\n", MEMORY, 1],
  ["'a' * 10**9", "s = 'a' * 10**9\n", MEMORY, 1],
  ["a list doubled", "x = [0]\nfor i in range(60):\n    x = x + x\n", MEMORY, 3],
  ["[0] * 300000 * 2 (fits)", "x = [0] * 300000 * 2\nprint(len(x))\n", null, 0],
  ["60 strings of 100 MB", "xs = []\nfor i in range(60):\n    xs = xs + ['a' * 100_000_000]\n", WORK, 3],
  ["while True", "while True:\n    pass\n", WORK, 1],
  ["a 3000x3000 matmul", "import torch\na = torch.ones(3000, 3000)\nb = a @ a\n", WORK, 3],
  ["60 passes over 10^7 elements", "import torch\nx = torch.ones(10**7)\nfor i in range(60):\n    y = (x * 2).sum()\n", WORK, 4],
] as const) {
  test(`budget: ${name}`, async () => {
    const { errors } = await run(src);
    if (!expected) return assert.deepEqual(errors, []);
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0], expected);
    assert.equal(Number(errors[0].split(":")[0]), line);
  });
}

test("a string of 120,000,000 characters and its len() fit (len does not copy it)", async () => {
  const { out, errors } = await run("s = 'a' * 120_000_000\nprint(len(s))\n");
  assert.deepEqual(errors, []);
  assert.equal(out.stdout, "120000000\n");
});

test("the work budget is what the settings say: a smaller one stops sooner, a larger one lets the loop finish", async () => {
  const loop = "x = 0\nfor i in range(20000):\n    x = x + i\nprint(x)\n";
  assert.match((await run(loop, { maxWork: 100_000 })).errors[0], WORK);
  assert.equal((await run(loop)).out.stdout, "199990000\n");
  assert.ok(DEFAULT_MAX_WORK >= 1e7 && DEFAULT_MAX_WORK <= 1e9);
});

test("Budget: memory is measured before a MemoryError, so dead values do not count", () => {
  let live = 0;
  const b = new Budget({ maxMemoryMB: 1, measure: () => live });
  for (let i = 0; i < 100; i++) b.chargeBytes(100_000); // 10 MB made, all of it garbage: measured 0 live
  // Now every value is kept: the live size grows with the charges, and the limit is reached.
  let kept = 0;
  assert.throws(() => {
    for (; kept < 100; kept++) {
      b.chargeBytes(100_000);
      live += 100_000;
    }
  }, /memory limit of 1 MB/);
  assert.ok(kept >= 9 && kept <= 11, `${kept} values of 100 KB kept under 1 MB`);
});

test("a bad \\U escape is a SyntaxError on its line, in Python's words, and the rest of the file runs", async () => {
  const { out, errors } = await run("print('before')\ns = 'ab\\U99999999'\nprint('after')\n");
  assert.deepEqual(errors, ["2: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 2-11: illegal Unicode character"]);
  assert.equal(out.stdout, "before\nafter\n");
});

test("output past the cap is cut with a note, and evaluate() returns", async () => {
  const { out } = await run("for i in range(5000):\n    print('x' * 1000)\n");
  assert.ok(out.stdout.length < MAX_OUTPUT_CHARS + 100);
  assert.match(out.stdout, /\[output truncated at 4,000,000 characters\]\n$/);
});

// Every own property name of Object.prototype and Function.prototype, and a few of V8's.
const SPECIAL = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype), "prototype", "__proto__"])];

test("JavaScript's special property names are unknown names everywhere: modules, tensors, values, variables", async () => {
  const prelude = "import torch\nimport numpy as np\nimport math\nx = torch.tensor([1.0, 2.0])\n";
  const probes = ["torch.N", "np.N(1)", "x.N", "'s'.N", "{'k': 1}.N", "torch.nn.N", "torch.nn.functional.N", "math.N", "float.N", "torch.float32.N", "torch.nn.MSELoss().N", "len.N", "N", "x.shape.N", "[1].N", "(1).N"];
  for (const name of SPECIAL) {
    for (const probe of probes) {
      const expr = probe.replace("N", name);
      const { out } = await run(`${prelude}v = ${expr}\nprint('after')\n`);
      const on5 = out.diagnostics.filter((d) => d.line === 5);
      assert.equal(on5.length, 1, `${expr}: ${JSON.stringify(out.diagnostics)} ${out.stdout}`);
      assert.doesNotMatch(on5[0].message, /native code|\[object|internal error|function /, `${expr}: ${on5[0].message}`);
      assert.match(on5[0].message, /AttributeError|NameError|not supported|TypeError/, `${expr}: ${on5[0].message}`);
      assert.doesNotMatch(out.stdout, /native code|\[object/, expr);
    }
  }
});

test("a variable named like a JavaScript special property keeps its value and its gradient", async () => {
  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
    const { out, errors } = await run(`import torch\n${name} = torch.tensor([1.0, 2.0], requires_grad=True)\nloss = torch.nn.MSELoss()(${name}, torch.zeros(2))\nprint(${name} * 2)\n`);
    assert.deepEqual(errors, [], name);
    assert.equal(out.stdout, "tensor([2., 4.], grad_fn=<MulBackward0>)\n", name);
    assert.deepEqual(Object.keys(out.results[0].grads), [name]);
    assert.deepEqual(Array.from(out.results[0].grads[name].data), [1, 2]);
  }
});

test("every setting that lifts a limit or changes what answers is a restricted configuration (not read from an untrusted workspace)", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { contributes: { configuration: { properties: Record<string, unknown> } }; capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } } };
  const limits = Object.keys(pkg.contributes.configuration.properties).filter((k) => /^lossLens\.max/.test(k));
  assert.deepEqual(limits.sort(), ["lossLens.maxElements", "lossLens.maxMemoryMB", "lossLens.maxWork"]);
  // Plus the PyTorch version: an untrusted workspace must not pick the answers' version either.
  assert.deepEqual([...(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [])].sort(), [...limits, "lossLens.pytorchVersion"].sort());
});
