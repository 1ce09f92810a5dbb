// `loss-lens run FILE [--json]` as a user runs it (the built dist/cli.js in a child process): text output equal
// to PyTorch's print, the product.md JSON object with full-precision values, diagnostics on stderr, exit codes,
// stdin, and never a stack trace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");

import { assertTensorClose, decodeTensor, type JsonTensor as TensorJson } from "./fixtures";

interface Fixture {
  name: string;
  stdout: string;
  tensors: Record<string, TensorJson>;
  grads: Record<string, TensorJson>;
}
const fixtures: Fixture[] = JSON.parse(readFileSync(join(root, "test", "fixtures", "seeds.json"), "utf8"));
const fixture = (name: string) => fixtures.find((f) => f.name === name)!;

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI's JSON tensor under the shared fixture comparator (the project's tolerances). */
function assertTensor(got: TensorJson, want: TensorJson): void {
  assertTensorClose(decodeTensor(got), want, "tensor");
}

test("--help prints the usage and exits 0", () => {
  const r = run(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: loss-lens run FILE\.py \[--json\]/);
});

test("bad arguments print the usage on stderr and exit 2", () => {
  const r = run(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Usage/);
});

test("text mode prints what PyTorch prints (demo/kldiv.py)", () => {
  const r = run(["run", "demo/kldiv.py", "--pytorch", "1.13"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, fixture("demo/kldiv.py").stdout);
});

test("--json prints exactly the product.md object, values and grads at full precision", () => {
  const r = run(["run", "demo/cross_entropy.py", "--json", "--pytorch", "1.13"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ["results", "diagnostics"]);
  const first = out.results[0];
  assert.deepEqual(Object.keys(first), ["line", "target", "loss", "value", "grads"]);
  assert.equal(first.line, 10);
  assert.equal(first.target, "loss");
  assert.equal(first.loss, "CrossEntropyLoss");
  const fx = fixture("demo/cross_entropy.py");
  assertTensor(first.value, fx.tensors.loss);
  // PyTorch's logits.grad after loss.backward() is the gradient of this loss.
  assertTensor(first.grads.logits, fx.grads.logits);
  assert.deepEqual(out.diagnostics, []);
});

test("--json: one result per loss statement, target null for a bare call, non-finite as strings", () => {
  const src = [
    "x = torch.tensor([float('nan'), 1.0, float('inf')])",
    "y = torch.zeros(3)",
    "print(nn.MSELoss(reduction='none')(x, y))",
    "l = F.l1_loss(x, y, reduction='none')",
  ].join("\n");
  const r = run(["run", "-", "--json"], src);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.results.length, 2);
  assert.equal(out.results[0].target, null);
  assert.equal(out.results[0].loss, "MSELoss");
  assert.deepEqual(out.results[0].value.data, ["NaN", 1, "Infinity"]);
  assert.match(r.stdout, /"data":\["NaN",1\.0,"Infinity"\]/);
  assert.equal(out.results[1].target, "l");
  assert.equal(out.results[1].loss, "L1Loss");
});

test("stdin: errors go to stderr as <stdin>:line:col: severity: message and exit 1, no stack trace; the run stops there as Python's does", () => {
  const src = "x = torch.ones(3)\ny = torch.ones(4)\nz = x + y\nprint(nn.CrossEntropyLoss()(torch.zeros(2, 3), torch.tensor([0, 5])))\n";
  const r = run(["run", "-"], src);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^<stdin>:3:5: error: RuntimeError: The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 0$/m);
  assert.doesNotMatch(r.stderr, /Target 5 is out of bounds/);
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
});

test("warnings alone exit 0; --json carries them", () => {
  const r = run(["run", "-", "--json"], "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nprint(1)\n");
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.equal(out.diagnostics[0].severity, "warning");
  assert.equal(out.diagnostics[0].line, 2);
});

test("a missing file is a one-line error with exit 2", () => {
  const r = run(["run", "no/such/file.py"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.match(r.stderr, /cannot read no\/such\/file\.py: ENOENT/);
});

test("npx loss-lens resolves to the same CLI (bin shim)", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const r = spawnSync(process.execPath, [join(root, pkg.bin["loss-lens"]), "run", "demo/kldiv.py", "--pytorch=1.13"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, fixture("demo/kldiv.py").stdout);
});

test("random inputs are flagged: `random: true` in --json, an info line on stderr in text mode", () => {
  const source = "import torch\nx = torch.randn(3, requires_grad=True)\nloss = torch.nn.MSELoss()(x, torch.zeros(3))\nprint(loss)\nfixed = torch.nn.L1Loss()(torch.ones(2), torch.zeros(2))\n";
  const json = run(["run", "-", "--json"], source);
  assert.equal(json.code, 0);
  const results = JSON.parse(json.stdout).results as { line: number; random?: boolean }[];
  assert.deepEqual(results.map((r) => [r.line, r.random ?? false]), [[3, true], [5, false]]);
  const text = run(["run", "-"], source);
  assert.match(text.stderr, /^<stdin>:3:1: info: this loss's inputs are random/m);
  assert.doesNotMatch(text.stderr, /<stdin>:5:/);
});

test("--json keeps the sign of zero and writes each float as the shortest decimal of its dtype", () => {
  const src = "x = torch.tensor([0.1, -0.0], requires_grad=True)\nloss = F.mse_loss(x, torch.zeros(2), reduction='none')\nloss.sum().backward()\n";
  const r = run(["run", "-", "--json", "--pytorch", "1.13"], src);
  assert.equal(r.code, 0, r.stderr);
  // PyTorch 1.13: loss [0.010000000707805157, 0.0], x.grad [0.20000000298023224, -0.0] (float32).
  assert.match(r.stdout, /"value":\{"dtype":"float32","shape":\[2\],"data":\[0\.010000001,0\.0\]\}/);
  assert.match(r.stdout, /"x":\{"dtype":"float32","shape":\[2\],"data":\[0\.2,-0\.0\]\}/);
  const grad: number[] = JSON.parse(r.stdout).results[0].grads.x.data;
  assert.ok(Object.is(grad[1], -0), "-0.0 parses back as -0");
  assert.equal(Math.fround(grad[0]), Math.fround(0.1) * 2);
});

test("--pytorch picks the version that answers; the default is the newest (2.13)", () => {
  // BCELoss with a target above 1: PyTorch 1.13 computes a number, 2.13 refuses it.
  const src = "import torch\nimport torch.nn as nn\nloss = nn.BCELoss()(torch.tensor([0.25, 0.5]), torch.tensor([1.5, 0.0]))\n";
  const old = run(["run", "-", "--json", "--pytorch", "1.13"], src);
  assert.equal(old.code, 0, old.stderr);
  assert.equal(JSON.parse(old.stdout).results.length, 1);
  for (const args of [["--pytorch", "2.13"], ["--pytorch=2.13.0"], []]) {
    const r = run(["run", "-", "--json", ...args], src);
    assert.equal(r.code, 1, args.join(" "));
    assert.deepEqual(JSON.parse(r.stdout).diagnostics.map((d: { message: string }) => d.message), ["all elements of target should be between 0 and 1"]);
  }
});

test("weight= on F.mse_loss exists in 2.13 only", () => {
  const src = "import torch\nimport torch.nn.functional as F\nx = torch.tensor([1.0, 2.0], requires_grad=True)\nloss = F.mse_loss(x, torch.zeros(2), weight=torch.tensor([1.0, 3.0]))\n";
  const now = JSON.parse(run(["run", "-", "--json"], src).stdout);
  assert.deepEqual(now.results[0].value.data, [3.25]);
  assert.deepEqual(now.results[0].grads.x.data, [0.5, 3]);
  const old = run(["run", "-", "--json", "--pytorch", "1.13"], src);
  assert.equal(old.code, 1);
  assert.match(JSON.parse(old.stdout).diagnostics[0].message, /mse_loss\(\) got an unexpected keyword argument 'weight'/);
});

test("an unsupported --pytorch is a usage error", () => {
  const r = run(["run", "demo/kldiv.py", "--pytorch", "3.0"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unsupported PyTorch version "3\.0" \(supported: 2\.13, 1\.13\)/);
});
