// The float32 kernels' fast paths must not change a bit: the SIMD loops that run in blocks of passes (the exps of a
// block first, then the rest: soft_margin, bce_logits), Sleef's paths for vectors whose lanes are all ordinary, and
// BCE's four-lane range check. Every element gets the bits it gets alone, across block boundaries, partial last
// blocks and vectors that mix ordinary and special lanes. (The bits themselves are PyTorch's by the fixtures, whose
// inputs are shorter than a block.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { Arena } from "../../engine/api/memory";
import { loadKernels, type DtypeKernels } from "../../engine/api/wasm";

/** n inputs: normal values with a special one (inf, NaN, large, -0, huge) every so often. */
function inputs(n: number, scale: number, seed: number): number[] {
  let s = seed;
  const uniform = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const specials = [Infinity, -Infinity, NaN, 95, -95, 120, -120, -0, 1e-40, 3e38];
  return Array.from({ length: n }, (_, i) => (i % 97 === 13 ? specials[((i / 97) | 0) % specials.length] : Math.fround((uniform() - 0.5) * scale)));
}

/** Runs a kernel once over all n elements and once per 4-element slice; returns both outputs per array. */
async function wholeAndSliced(
  arrays: number[][],
  outputs: number,
  run: (k: DtypeKernels, ptrs: number[], off: number, n: number, outs: number[]) => void,
): Promise<{ whole: Float32Array[]; sliced: Float32Array[] }> {
  const k = await loadKernels();
  const arena = new Arena(k.exports);
  arena.reset();
  const n = arrays[0].length;
  const ptrs = arrays.map((a) => arena.put("float32", a));
  const outs = (count: number) => Array.from({ length: count }, () => arena.array("float32", n, true));
  const whole = outs(outputs);
  run(k.float32, ptrs, 0, n, whole);
  const sliced = outs(outputs);
  for (let off = 0; off < n; off += 4) run(k.float32, ptrs, off, Math.min(4, n - off), sliced);
  const read = (ps: number[]) => ps.map((p) => arena.read("float32", p, n) as Float32Array);
  return { whole: read(whole), sliced: read(sliced) };
}

function sameBits(a: Float32Array, b: Float32Array, what: string): void {
  const ia = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) {
    const nan = Number.isNaN(a[i]) && Number.isNaN(b[i]);
    if (!nan && ia[i] !== ib[i]) assert.fail(`${what}[${i}]: whole ${a[i]}, alone ${b[i]}`);
  }
}

const at = (p: number, off: number) => p + 4 * off;

for (const n of [1300, 2050, 515]) {
  test(`SoftMargin float32 over ${n} elements: each element's loss and gradient as alone`, async () => {
    const x = inputs(n, 12, n);
    const y = x.map((_, i) => (i % 3 ? 1 : -1));
    const { whole, sliced } = await wholeAndSliced([x, y], 2, (k, [px, py], off, m, [out, gx]) =>
      k.soft_margin(at(px, off), at(py, off), m, at(out, off), at(gx, off), 0, 1, 1 / n),
    );
    sameBits(whole[0], sliced[0], "loss");
    sameBits(whole[1], sliced[1], "grad");
  });

  test(`BCEWithLogits float32 over ${n} elements: each element's loss and gradients as alone`, async () => {
    const x = inputs(n, 20, n + 1);
    const y = x.map((_, i) => (i % 5) / 4);
    const nv = n - (n % 16); // ATen's vectorized part: Sleef's sigmoid there, glibc's after
    const { whole, sliced } = await wholeAndSliced([x, y], 3, (k, [px, py], off, m, [out, gx, gy]) =>
      k.bce_logits(at(px, off), at(py, off), 0, 0, m, at(out, off), at(gx, off), at(gy, off), 0, 1, n, Math.max(0, Math.min(m, nv - off))),
    );
    sameBits(whole[0], sliced[0], "loss");
    sameBits(whole[1], sliced[1], "grad input");
    sameBits(whole[2], sliced[2], "grad target");
  });
}

test("exp / log / log1p float32: a vector of ordinary lanes gives each lane the bits it gets beside special lanes", async () => {
  const k = await loadKernels();
  const arena = new Arena(k.exports);
  // op 0 exp, 1 log, 2 log1p (unary_f32: Sleef on the first `body` elements).
  const cases: [number, number[]][] = [
    [0, [-86, 86, -85.99, 0.5]],
    [1, [1.2e-38, 3e38, 0.75, 1.5]],
    [2, [-0.9999, 1e38, -0.5, 0.41422]],
  ];
  const special = [Infinity, -Infinity, NaN, -0, 0, 1e-40, 200, -200, -1, -2];
  for (const [op, ordinary] of cases) {
    for (const sp of special) {
      arena.reset();
      // Four ordinary lanes (the fast path), then the same values with a special one in lane 2.
      const xs = [...ordinary, ordinary[0], ordinary[1], sp, ordinary[3]];
      const src = arena.put("float32", xs);
      const dst = arena.array("float32", 8);
      k.exports.unary_f32(op, src, dst, 8, 8);
      const got = arena.read("float32", dst, 8) as Float32Array;
      for (const [a, b] of [[0, 4], [1, 5], [3, 7]]) sameBits(got.subarray(a, a + 1), got.subarray(b, b + 1), `op ${op} lane ${a} beside ${sp}`);
    }
  }
});

test("BCE's range check (four lanes at a time): the first failing element and whether input or target, as element by element", async () => {
  const k = await loadKernels();
  const arena = new Arena(k.exports);
  const n = 37;
  const bad = [NaN, -0.5, 1.5, Infinity];
  for (let at = 0; at < n; at++) {
    for (const which of ["input", "target", "both-target-first"] as const) {
      const p = Array.from({ length: n }, (_, i) => (i % 4) / 3);
      const y = Array.from({ length: n }, (_, i) => ((i + 1) % 4) / 3);
      const v = bad[at % bad.length];
      if (which === "input") p[at] = v;
      else y[at] = v;
      if (which === "both-target-first" && at + 1 < n) p[at + 1] = v;
      arena.reset();
      const pp = arena.put("float32", p);
      const py = arena.put("float32", y);
      const want = which === "input" ? at : -(at + 2);
      assert.equal(k.float32.unit_interval(pp, py, n, true), want, `${which} at ${at}`);
      // Without the target's check, the first failing input (or none).
      const inputAt = which === "input" ? at : which === "both-target-first" && at + 1 < n ? at + 1 : -1;
      assert.equal(k.float32.unit_interval(pp, py, n, false), inputAt, `${which} at ${at}, input only`);
    }
  }
});
