// The evaluator's resident heap (engine/api/resident.ts, engine/python/tensor/resident.ts): large float tensors live
// in a wasm memory of their own and the element-wise kernels, sums, softmax rows and math run on them in place.
// Each result must be the copying path's, bit for bit (that path is the one the PyTorch fixtures check), whether
// every operand is resident, some are small copies, or the heap is full and the rest are ordinary arrays.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import type { ResidentHeap } from "../../engine/api/resident";
import type { Engine } from "../../engine/api/types";
import { ComputeSession } from "../../engine/compute/session";
import { Interpreter } from "../../engine/python/interp";
import { parse } from "../../engine/python/parser";
import { PTensor, setResidentHeap } from "../../engine/python/tensor";
import type { Value } from "../../engine/python/values";

/** The checkout (tests run from dist/test/unit). */
const root = join(__dirname, "..", "..", "..");
const engines = { "1.13": createEngine({ pytorch: "1.13" }), "2.13": createEngine({ pytorch: "2.13" }) };

/** Runs src; resident: with the Interpreter's heap (returned), else with none (every op takes the copying path). */
function run(engine: Engine, src: string, resident: boolean): { globals: Map<string, Value>; heap: ResidentHeap | null } {
  let heap: ResidentHeap | null = null;
  const spy: Engine = { ...engine, residentHeap: () => (heap = engine.residentHeap()) };
  const interp = new Interpreter(spy, { maxSteps: 1e9 });
  if (!resident) setResidentHeap(null);
  ran(interp, src);
  return { globals: interp.globals, heap };
}

/** interp after running src, which must raise no error. */
function ran(interp: Interpreter, src: string): Interpreter {
  interp.run(parse(src).body);
  assert.deepEqual(interp.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}: ${d.message}`), []);
  return interp;
}

const isResident = (t: PTensor) => t.data.byteLength !== t.data.buffer.byteLength;

/** Every tensor global of a and b, element for element the same (NaN as NaN, -0 as -0). */
function sameTensors(a: Map<string, Value>, b: Map<string, Value>, names: string[]): void {
  for (const name of names) {
    const x = a.get(name);
    const y = b.get(name);
    assert.ok(x instanceof PTensor && y instanceof PTensor, name);
    assert.deepEqual(x.shape, y.shape, name);
    assert.equal(x.dtype, y.dtype, name);
    for (let i = 0; i < x.numel; i++) {
      if (!Object.is(x.data[i], y.data[i])) assert.fail(`${name}[${i}]: ${x.data[i]} resident, ${y.data[i]} copied`);
    }
  }
}

/** A training loop's source: `passes` forward + backward passes of `call` on leaf x, then its gradient as g. */
const trainingLoop = (call: string, passes = 60) => `for i in range(${passes}):
    x.grad = None
    loss = ${call}
    loss.backward()
g = x.grad
`;

/** src run with the heap and without: the same values of `names`, and at most `blocks` blocks of 400 KB in use after
 *  (the blocks of a loop's passes come back). */
async function comesBack(src: string, names: string[], blocks: number): Promise<void> {
  const engine = await engines["1.13"];
  const on = run(engine, src, true);
  const off = run(engine, src, false);
  sameTensors(on.globals, off.globals, names);
  assert.ok(on.heap && on.heap.inUse <= blocks * 400_000, `${on.heap?.inUse} bytes in use`);
}

const OPS = (dtype: string) => `
import torch
import torch.nn.functional as F
torch.manual_seed(3)
x = torch.randn(6000, dtype=torch.${dtype}, requires_grad=True)
y = torch.randn(6000, dtype=torch.${dtype})
r0 = x + y
r1 = x - 2.5
r2 = 3 * x
r3 = x / y
r4 = torch.maximum(x, y)
r5 = torch.minimum(x, y)
r6 = -x
r7 = x.abs()
r8 = x.sqrt()
r9 = 1 / x
r10 = x ** 2
r11 = x.clamp(-0.5, 0.5)
r12 = torch.sigmoid(x)
r13 = torch.exp(x)
r14 = torch.log(x.abs())
r15 = torch.log1p(x.abs())
m = x.view(600, 10)
sm = F.softmax(m, dim=-1)
lsm = F.log_softmax(m, dim=-1)
rows = m.sum(dim=-1)
b = m * torch.randn(10, dtype=torch.${dtype})
c = m + torch.randn(600, 1, dtype=torch.${dtype})
lt = x < y
parts = [r0, r1, r2, r3, r4, r5, r6, r7, r9, r10, r11, r12, r13, r14, r15, sm, lsm, rows, b, c]
loss = sm.sum() * 0
for p in parts:
    loss = loss + (p * p).mean()
loss.backward()
g = x.grad
`;
const NAMES = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "sm", "lsm", "rows", "b", "c", "lt", "loss", "g"];

for (const version of ["1.13", "2.13"] as const) {
  for (const dtype of ["float32", "float64"]) {
    test(`${version} ${dtype}: element-wise ops, math, softmax rows, row sums and their gradients give the copying path's bits on resident tensors`, async () => {
      const engine = await engines[version];
      const on = run(engine, OPS(dtype), true);
      const off = run(engine, OPS(dtype), false);
      assert.ok(on.heap && on.heap.inUse > 0, "the run had a heap with blocks in use");
      assert.equal(off.heap, null);
      for (const name of ["x", "r0", "r12", "sm", "g"]) assert.ok(isResident(on.globals.get(name) as PTensor), `${name} is resident`);
      for (const name of ["x", "r0", "g"]) assert.ok(!isResident(off.globals.get(name) as PTensor), `${name} is an ordinary array without a heap`);
      sameTensors(on.globals, off.globals, NAMES);
    });
  }
}

test("a full heap: the tensors past it are ordinary arrays, and ops mixing both give the copying path's bits", async () => {
  const engine = await engines["1.13"];
  // 24 live tensors of 4 MB: more than the heap holds.
  const src = `
import torch
torch.manual_seed(5)
xs = [torch.randn(1000000) for i in range(24)]
s = xs[0] * 1.5
for t in xs:
    s = s + t * 0.5
tot = s.sum()
first = xs[0]
last = xs[23]
`;
  const on = run(engine, src, true);
  const off = run(engine, src, false);
  assert.ok(isResident(on.globals.get("first") as PTensor), "the first tensors are resident");
  assert.ok(!isResident(on.globals.get("last") as PTensor), "the last ones found the heap full");
  sameTensors(on.globals, off.globals, ["s", "tot", "first", "last"]);
});

test("storage the evaluator recycles goes back to the heap: a loop rebinding a large tensor stays within a few blocks", async () => {
  const engine = await engines["1.13"];
  const { heap } = run(engine, "import torch\nx = torch.ones(100000)\nfor i in range(300):\n    x = x * 1.0001 + 0.5\n", true);
  assert.ok(heap);
  // 300 passes make 600 tensors of 400 KB (240 MB): without the blocks coming back, the heap would be full.
  assert.ok(heap.inUse <= 4 * 400_000, `${heap.inUse} bytes in use`);
});

test("the heap gives a block back once: a second release, a slice of a block or another array are ignored", async () => {
  const engine = await engines["1.13"];
  const heap = engine.residentHeap();
  assert.ok(heap);
  const a = heap.array("float32", 4096)!;
  heap.release(a.subarray(16));
  heap.release(new Float32Array(4096));
  assert.equal(heap.inUse, 16384, "still in use");
  heap.release(a);
  heap.release(a);
  const b = heap.array("float32", 4096)!;
  const c = heap.array("float32", 4096)!;
  assert.notEqual(b.byteOffset, c.byteOffset, "a block released twice is handed out once");
  assert.equal(b.byteOffset, a.byteOffset, "the released block is reused");
  // A block given back is handed out again with its view when dtype and length match, else with a new one.
  heap.release(b);
  assert.equal(heap.array("float32", 4096), b, "the same view again");
  heap.release(b);
  const d = heap.array("float64", 2048)!;
  assert.ok(d instanceof Float64Array && d.byteOffset === b.byteOffset, "the block as float64");
  heap.release(b);
  assert.equal(heap.inUse, 2 * 16384, "a view of the block's earlier dtype does not give it back");
});

test("an evaluation's reply holds arrays of their own, not views of the heap (posting a view clones its buffer)", async () => {
  const session = new ComputeSession(await engines["1.13"]);
  const src = "import torch\nimport torch.nn.functional as F\ntorch.manual_seed(0)\nx = torch.randn(5000, requires_grad=True)\nloss = F.mse_loss(x * 2, torch.randn(5000))\n";
  const reply = session.handle({ op: "evaluate", source: src, limits: {} });
  assert.equal(reply.kind, "output");
  if (reply.kind !== "output") return;
  const tensors = reply.output.results.flatMap((r) => [r.value, r.perElement, ...r.inputs, ...Object.values(r.grads)]);
  assert.ok(tensors.some((t) => t.data.length === 5000), "the reply carries the 5000-element inputs");
  for (const t of tensors) assert.equal(t.data.byteLength, t.data.buffer.byteLength);
});

test("`name = name.view(...)` hands the name's claim on to the view: a Dice loss's sigmoid output comes back to the heap each pass, with the same values", async () => {
  // MyLIDC's DiceLoss as the corpus holds it (its source up to the corpus's driver), forward + backward in a loop.
  const dice = readFileSync(join(root, "test", "corpus", "programs", "gh_mylidc_dice.py"), "utf8").split("# Driver")[0];
  const src = `${dice}
torch.manual_seed(2)
x = torch.randn(8, 1, 12500, requires_grad=True)
target = (torch.randn(8, 1, 12500) > 0).float()
dice_loss = DiceLoss()
${trainingLoop("dice_loss(x, target)")}`;
  // 60 passes: a sigmoid output of 400 KB leaked per pass would hold 24 MB.
  await comesBack(src, ["loss", "g"], 12);
});

test("a graph nobody can reach any more is freed at once: a loop of forward passes without backward stays within a few blocks, and the last graph's backward is the copying path's", async () => {
  const src = `import torch
torch.manual_seed(4)
x = torch.randn(100000, requires_grad=True)
t = (torch.randn(100000) > 0).float()
for i in range(80):
    p = torch.sigmoid(x)
    q = p * t + (1 - p) * (1 - t)
    loss = ((1 - q) ** 2).mean()
loss.backward()
g = x.grad
`;
  // 80 passes of 8 tensors of 400 KB: the graphs kept until the evaluation returned would fill the 64 MB heap.
  await comesBack(src, ["loss", "g"], 16);
});

test("a dead name's node that another graph still consumes is kept: its backward reads the right values after new tensors took the freed blocks", async () => {
  const engine = await engines["1.13"];
  const src = `import torch
torch.manual_seed(5)
x = torch.randn(50000, requires_grad=True)
p = torch.sigmoid(x)
q = p * 3
p = None
for i in range(6):
    junk = torch.full((50000,), 7.0) * (i + 1)
q.sum().backward()
g = x.grad
s = torch.sigmoid(x.detach())
want = 3 * (s * (1 - s))
`;
  for (const resident of [true, false]) {
    const { globals } = run(engine, src, resident);
    const g = globals.get("g") as PTensor;
    const want = globals.get("want") as PTensor;
    for (let i = 0; i < g.numel; i++) {
      if (Math.abs(g.data[i] - want.data[i]) > 1e-6) assert.fail(`g[${i}] = ${g.data[i]}, want ${want.data[i]} (resident: ${resident})`);
    }
  }
});

test("a loss record keeps what it shows when names die: the value and inputs of a loss whose name is rebound, and the gradients of one made in a function", async () => {
  const engine = await engines["1.13"];
  const src = `import torch
import torch.nn.functional as F
torch.manual_seed(6)
x = torch.randn(3000, requires_grad=True)
t = torch.randn(3000)
want = F.mse_loss(x * 3, t).item()
a = x * 3
loss = F.mse_loss(a, t)
loss = x.sum() * 0 + 5.0
a = x * 0
for i in range(4):
    junk = torch.randn(3000) * 100 + torch.randn(1)
def f(x):
    l = F.mse_loss(x * 2, t)
    return l.item()
v = f(x)
for i in range(4):
    junk = torch.randn(3000) * 100 + torch.randn(1)
`;
  const interp = ran(new Interpreter(engine, { maxSteps: 1e9 }), src);
  const lineOf = (text: string) => src.split("\n").indexOf(text) + 1;
  const rebound = interp.results.find((r) => r.line === lineOf("loss = F.mse_loss(a, t)"));
  const inFunction = interp.results.find((r) => r.line === lineOf("v = f(x)"));
  assert.ok(rebound && inFunction, `records on lines ${interp.results.map((r) => r.line).join(", ")}`);
  const x = interp.globals.get("x") as PTensor;
  assert.equal(rebound.value.data[0], Math.fround(Number((interp.globals.get("want") as { v: number }).v)));
  const a = rebound.inputs[0];
  for (let i = 0; i < x.numel; i++) if (a.data[i] !== Math.fround(x.data[i] * 3)) assert.fail(`input[${i}] = ${a.data[i]}, want ${x.data[i] * 3}`);
  assert.ok(inFunction.grads.x, "the function's loss keeps its gradient w.r.t. x");
  assert.equal(inFunction.grads.x.data.length, 3000);
});

test("a label-smoothing CE's passes give their blocks back: log-probabilities passed to nll_loss, row sums, their negation, the loss's own gradient", async () => {
  const loss = readFileSync(join(root, "test", "fixtures", "user-losses", "label_smoothing.py"), "utf8").split("# usage")[0];
  const src = `import torch
${loss}
torch.manual_seed(7)
x = torch.randn(10000, 10, requires_grad=True)
t = torch.randint(0, 10, (10000,))
criterion = LabelSmoothingCrossEntropyLoss(epsilon=0.1)
${trainingLoop("criterion(x, t)")}`;
  // 60 passes: the four blocks of 400 KB it used to leak each pass held 58 MB.
  await comesBack(src, ["loss", "g"], 16);
});

test("a built-in loss's per-element values go back when no record shows them: 150 passes of nll_loss stay within 8 blocks", async () => {
  const src = `import torch
import torch.nn.functional as F
torch.manual_seed(3)
x = torch.randn(10000, 10, requires_grad=True)
t = torch.randint(0, 10, (10000,))
${trainingLoop("F.nll_loss(F.log_softmax(x, dim=-1), t)", 150)}`;
  // Each pass's 10,000 per-sample losses (40 KB, the bridge's copy for the result view) used to stay: 6 MB.
  await comesBack(src, ["loss", "g"], 8);
});

test("a loss record keeps what it shows when its value and inputs are temporaries: the receiver of .sum() and an operator's result passed to F.mse_loss", async () => {
  const engine = await engines["1.13"];
  const src = `import torch
import torch.nn.functional as F
torch.manual_seed(8)
x = torch.randn(3000, requires_grad=True)
t = torch.randn(3000)
s = F.mse_loss(x * 3, t, reduction="none").sum()
s.backward()
for i in range(4):
    junk = torch.randn(3000) * 100 + torch.randn(1)
`;
  const interp = ran(new Interpreter(engine, { maxSteps: 1e9 }), src);
  const line = src.split("\n").indexOf('s = F.mse_loss(x * 3, t, reduction="none").sum()') + 1;
  const record = interp.results.find((r) => r.line === line);
  assert.ok(record, `records on lines ${interp.results.map((r) => r.line).join(", ")}`);
  const x = interp.globals.get("x") as PTensor;
  const t = interp.globals.get("t") as PTensor;
  for (let i = 0; i < x.numel; i++) {
    const a = Math.fround(x.data[i] * 3);
    const d = Math.fround(a - t.data[i]);
    if (record.inputs[0].data[i] !== a) assert.fail(`input[${i}] = ${record.inputs[0].data[i]}, want ${a}`);
    if (record.value.data[i] !== Math.fround(d * d)) assert.fail(`value[${i}] = ${record.value.data[i]}, want ${Math.fround(d * d)}`);
  }
});

/** Runs src with a heap whose engine calls are watched: for each loss call given the heap with an input in it,
 *  whether its results came back in the heap's memory (computed there) or not (the engine's own memory). */
function watchedRun(engine: Engine, src: string, fill?: (heap: ResidentHeap) => void): { globals: Map<string, Value>; heap: ResidentHeap; inHeap: boolean[] } {
  let heap: ResidentHeap | null = null;
  const inHeap: boolean[] = [];
  const spy: Engine = {
    ...engine,
    residentHeap: () => {
      heap = engine.residentHeap();
      if (heap) fill?.(heap);
      return heap;
    },
    compute: (call) => {
      const r = engine.compute(call);
      const h = call.heap;
      if (h && call.inputs.some((t) => h.owns(t.data))) inHeap.push([r.perElement, ...r.grads].some((t) => t !== null && t.data.length > 0 && h.owns(t.data)));
      return r;
    },
  };
  const interp = ran(new Interpreter(spy, { maxSteps: 1e9 }), src);
  assert.ok(heap, "a heap was made");
  return { globals: interp.globals, heap, inHeap };
}

test("built-in losses on resident inputs run in the heap's memory with the copying path's bits, and their scratch comes back", async () => {
  for (const version of ["1.13", "2.13"] as const) {
    const engine = await engines[version];
    const src = `import torch
import torch.nn.functional as F
torch.manual_seed(9)
x = torch.randn(50000, requires_grad=True)
t = (torch.randn(50000) > 0).float()
z = torch.randn(5000, 10, requires_grad=True)
y = torch.randint(0, 10, (5000,))
for i in range(40):
    x.grad = None
    z.grad = None
    a = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    (a * t).sum().backward()
    b = F.mse_loss(x * 2, t)
    b.backward()
    c = F.cross_entropy(z, y, reduction="none")
    c.mean().backward()
g = x.grad
gz = z.grad
`;
    const on = watchedRun(engine, src);
    const off = run(engine, src, false);
    sameTensors(on.globals, off.globals, ["a", "b", "c", "g", "gz"]);
    assert.ok(on.inHeap.length >= 40 * 4 && on.inHeap.every(Boolean), `${version}: ${on.inHeap.filter(Boolean).length} of ${on.inHeap.length} calls in the heap`);
    // 40 passes of three losses: without the scratch coming back (or the adopted results recycled) the heap fills.
    assert.ok(on.heap.inUse <= 24 * 200_000, `${version}: ${on.heap.inUse} bytes in use`);
  }
});

test("a built-in loss whose scratch does not fit in the heap is computed in the engine's memory, with the same bits", async () => {
  const engine = await engines["1.13"];
  const src = `import torch
import torch.nn.functional as F
torch.manual_seed(10)
x = torch.randn(100000, requires_grad=True)
t = torch.randn(100000)
l = F.mse_loss(x, t, reduction="none")
l.sum().backward()
g = x.grad
`;
  // Leave room for x and t alone (400 KB each): the loss's 400 KB of output cannot be had.
  const on = watchedRun(engine, src, (heap) => {
    while (heap.canHold(2 * 400_000 + 65536)) heap.alloc(65536);
    while (heap.canHold(2 * 400_000 + 64)) heap.alloc(64);
  });
  const off = run(engine, src, false);
  assert.ok(isResident(on.globals.get("x") as PTensor) && isResident(on.globals.get("t") as PTensor), "x and t are resident");
  assert.ok(on.inHeap.length > 0 && !on.inHeap[0], `the forward fell back to the engine's memory: ${on.inHeap.join(", ")}`);
  sameTensors(on.globals, off.globals, ["l", "g"]);
});
