// The evaluator's element loops in the engine's kernels (engine/python/tensor/wasm.ts) give the bits of its JS
// loops (which the python-ops fixtures hold to PyTorch's): every op, both dtypes, the broadcast patterns the
// kernels walk and one they leave to the JS, over values that find rounding and IEEE corner cases (signed zeros,
// NaN, infinities, subnormals, overflow). Each case runs twice, kernels off (setKernels(null)) and on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { VML, type Engine } from "../../engine/api/types";
import * as T from "../../engine/python/tensor";
import type { Operand, PTensor, TDtype } from "../../engine/python/tensor";

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, NaN, Infinity, -Infinity, 1e-40, -1e-45, 3.4e38, -3.4e38, 1e-7, 0.1, 1 / 3, 2 ** 24 + 1, 1e300];

/** Deterministic values: the special ones, then a spread of magnitudes and signs. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i < SPECIAL.length && seed % 2 === 0) out.push(SPECIAL[(i + seed) % SPECIAL.length]);
    else out.push((next() - 0.5) * 10 ** Math.floor(next() * 12 - 6));
  }
  return out;
}

function tensor(dtype: TDtype, shape: number[], seed: number): PTensor {
  return T.fromArray(dtype, shape, values(T.numelOf(shape), seed));
}

/** Runs f with the JS loops, then with the kernels, and asserts the same dtype, shape and bits. */
function same(engine: Engine, what: string, f: () => PTensor | PTensor[]): void {
  T.setKernels(null);
  const js = [f()].flat();
  T.setKernels(engine.kernels);
  let fast: PTensor[];
  try {
    fast = [f()].flat();
  } finally {
    T.setKernels(null);
  }
  assert.equal(fast.length, js.length, what);
  js.forEach((want, k) => {
    const got = fast[k];
    assert.equal(got.dtype, want.dtype, `${what}: dtype`);
    assert.deepEqual(got.shape, want.shape, `${what}: shape`);
    for (let i = 0; i < want.numel; i++) {
      const a = got.data[i];
      const b = want.data[i];
      if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) continue;
      assert.fail(`${what} [${k}] element ${i}: kernels ${a}, JS ${b}`);
    }
  });
}

const enginePromise = createEngine();
const FLOATS: TDtype[] = ["float32", "float64"];
// [a's shape, b's shape]: same, scalar, rows, columns, outer product, 0-dim, and one the kernels leave to the JS.
const SHAPES: [number[], number[]][] = [
  [[37], [37]],
  [[5, 7], [5, 1]],
  [[5, 7], [7]],
  [[5, 1], [1, 7]],
  [[3, 1, 9], [3, 4, 9]],
  [[2, 3, 4], [3, 1]],
  [[6], []],
  [[1], [19]],
];
const BINARY_OPS = ["+", "-", "*", "/", "max", "min", "==", "!=", "<", "<=", ">", ">="];

test("binary ops: kernels and JS agree bit for bit (dtypes, broadcasts, Python numbers)", async () => {
  const engine = await enginePromise;
  for (const op of BINARY_OPS) {
    for (const [da, db] of [["float32", "float32"], ["float64", "float64"], ["float32", "float64"], ["float32", "int64"]] as TDtype[][]) {
      SHAPES.forEach(([sa, sb], k) => {
        const a = tensor(da, sa, 2 * k);
        const b = tensor(db, sb, 2 * k + 1);
        same(engine, `${da}${JSON.stringify(sa)} ${op} ${db}${JSON.stringify(sb)}`, () => T.binary(op, a, b));
        same(engine, `${da}${JSON.stringify(sb)} ${op} ${db}${JSON.stringify(sa)}`, () => T.binary(op, tensor(da, sb, 7), tensor(db, sa, 8)));
      });
    }
    for (const dtype of FLOATS) {
      const a = tensor(dtype, [41], 4);
      for (const s of [1.0001, 0.1, -0, 3, NaN, 1e-40]) {
        const num: Operand = { value: s, kind: Number.isInteger(s) ? "int" : "float" };
        same(engine, `${dtype} ${op} ${s}`, () => T.binary(op, a, num));
        if (op !== "/") same(engine, `${s} ${op} ${dtype}`, () => T.binary(op, num, a));
      }
    }
  }
});

test("unary ops, pow by a number, clamp and its backward: kernels and JS agree bit for bit", async () => {
  const engine = await enginePromise;
  for (const dtype of FLOATS) {
    const x = tensor(dtype, [3, 29], 6);
    for (const op of ["neg", "abs", "sqrt", "square", "reciprocal", "rsqrt"]) {
      same(engine, `${op} ${dtype}`, () => (op === "neg" ? T.neg(x) : T.unary(op, x)));
    }
    for (const p of [2, 3, -2, 0.5, -0.5, -1, 1, 2.5, 0]) {
      same(engine, `${dtype} ** ${p}`, () => T.binary("**", x, { value: p, kind: Number.isInteger(p) ? "int" : "float" }));
    }
    const g = tensor(dtype, [3, 29], 9);
    for (const [lo, hi] of [[0.1, 0.9], [null, 0], [-0, null], [1e-7, 1 - 1e-7], [2, -2], [null, null], [1e-50, null], [null, -1e-50], [-1e-50, 1e-50]] as (number | null)[][]) {
      same(engine, `clamp(${lo}, ${hi}) ${dtype}`, () => T.clamp(x, lo, hi));
      same(engine, `clamp(${lo}, ${hi}) backward ${dtype}`, () => T.clamp(x, lo, hi).gradFn?.backward(g)[0] ?? T.clamp(x, lo, hi));
    }
  }
});

test("sigmoid's backward, sums and means with their gradients: kernels and JS agree bit for bit", async () => {
  const engine = await enginePromise;
  for (const dtype of FLOATS) {
    for (const shape of [[1], [7], [8], [9], [33], [5, 70], [1000], [4099], [3, 4, 5], [2, 1, 6]]) {
      const x = tensor(dtype, shape, shape.length * 3 + shape[0]);
      x.requiresGrad = true;
      const g = tensor(dtype, shape, 11);
      same(engine, `sigmoid backward ${dtype} ${shape}`, () => T.UNARY.sigmoid.d!(g, x, T.unary("sigmoid", x)));
      same(engine, `sum ${dtype} ${shape}`, () => T.sum(x, null));
      for (let d = 0; d < shape.length; d++) {
        same(engine, `sum(dim=${d}) ${dtype} ${shape}`, () => T.sum(x, d));
        same(engine, `mean(dim=${d}, keepdim) and its gradient ${dtype} ${shape}`, () => {
          const m = T.mean(x, d, true);
          return [m, ...T.leafGrads(m, undefined, true).values()];
        });
      }
      same(engine, `mean and its gradient ${dtype} ${shape}`, () => {
        const m = T.mean(x, null);
        return [m, ...T.leafGrads(m).values()];
      });
    }
  }
});

test("log_softmax's backward over the last dim: kernels (emulated fused multiply-add) and JS agree bit for bit", async () => {
  const engine = await enginePromise;
  for (const dtype of FLOATS) {
    for (const shape of [[3, 1], [4, 3], [4, 7], [5, 8], [2, 9], [3, 17], [2, 64], [1, 101], [2, 3, 12]]) {
      const x = tensor(dtype, shape, shape[1] * 5 + 1);
      for (let i = 0; i < x.numel; i++) if (!Number.isFinite(x.data[i])) x.data[i] = i % 3; // finite logits: the rows' values differ
      x.requiresGrad = true;
      const y = T.softmax(x, -1, true);
      for (const seed of [12, 13]) {
        const g = tensor(dtype, shape, seed);
        same(engine, `log_softmax backward ${dtype} ${shape} (g seed ${seed})`, () => y.gradFn!.backward(g)[0]!);
      }
    }
  }
});

test("large ops run in chunks (wasm.ts runChunked): kernels and JS agree bit for bit across chunk boundaries", async () => {
  const engine = await enginePromise;
  // Past several 16,384-element chunks, with lengths that leave partial chunks and rows longer and shorter than one.
  const SHAPES_LARGE: [number[], number[]][] = [
    [[50_003], [50_003]],
    [[50_003], []],
    [[7, 9_001], [7, 1]],
    [[9_001, 7], [7]],
    [[3, 40_000], [40_000]],
    [[333, 1], [1, 301]],
  ];
  for (const dtype of FLOATS) {
    SHAPES_LARGE.forEach(([sa, sb], k) => {
      const a = tensor(dtype, sa, 2 * k);
      const b = tensor(dtype, sb, 2 * k + 1);
      for (const op of ["+", "/", "max", "<="]) {
        same(engine, `${dtype}${JSON.stringify(sa)} ${op} ${JSON.stringify(sb)}`, () => T.binary(op, a, b));
        same(engine, `${dtype}${JSON.stringify(sb)} ${op} ${JSON.stringify(sa)}`, () => T.binary(op, b, a));
      }
    });
    const x = tensor(dtype, [50_003], 4);
    x.requiresGrad = true;
    const g = tensor(dtype, [50_003], 5);
    same(engine, `neg ${dtype} large`, () => T.neg(x));
    same(engine, `sqrt ${dtype} large`, () => T.unary("sqrt", x));
    same(engine, `clamp and its backward ${dtype} large`, () => [T.clamp(x, -0.5, 2), T.clamp(x, -0.5, 2).gradFn!.backward(g)[0]!]);
    same(engine, `sigmoid backward ${dtype} large`, () => T.UNARY.sigmoid.d!(g, x, T.unary("sigmoid", x)));
  }
});

test("exp / log / log1p / sigmoid over large arrays run in chunks (mathOf) with the bits of one engine call", async () => {
  const engine = await enginePromise;
  T.setExactMath((op, data, vector, into) => void engine.elementwise(op, data, vector, undefined, into));
  try {
    for (const dtype of FLOATS) {
      const x = tensor(dtype, [50_003], 6).data.map((v) => (Number.isFinite(v) ? Math.max(-80, Math.min(80, v)) : v));
      for (const op of ["exp", "log", "log1p", "sigmoid"] as const) {
        // undefined: every element (sigmoid: all but the tail), VML: the version's choice, counts: split by position.
        for (const vector of [undefined, VML, 0, 3, 16_383, 16_384, 20_000, 50_003]) {
          const want = engine.elementwise(op, x, vector);
          const got = T.mathOf(op, x, vector);
          assert.equal(got.length, want.length);
          for (let i = 0; i < want.length; i++) {
            if (Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))) continue;
            assert.fail(`${op} ${dtype} vector=${vector} element ${i}: chunked ${got[i]}, one call ${want[i]}`);
          }
        }
      }
    }
  } finally {
    T.setExactMath(null);
  }
});

test("softmax / log_softmax's forward over the last dim: kernels and the JS (ATen's order) agree bit for bit", async () => {
  const engine = await enginePromise;
  // With Sleef's exp / log on both sides (as in the Interpreter), so that only the order of operations can differ.
  T.setExactMath((op, data, vector, into) => void engine.elementwise(op, data, vector, undefined, into));
  try {
    for (const dtype of FLOATS) {
      // Every row length from 1 to 70 (below, at and past both dtypes' 4 / 8 lanes and two-vector blocks), a few rows each.
      for (let D = 1; D <= 70; D++) {
        const x = tensor(dtype, [3, D], D);
        // Logits of a few magnitudes: rows whose sums have many comparable terms (any other summation order rounds
        // differently), plus the seed's special values in even rows.
        for (let i = 0; i < x.numel; i++) if (D % 2 === 1 || !Number.isFinite(x.data[i])) x.data[i] = ((i * 7919) % 113) / 9 - 6;
        for (const log of [true, false]) same(engine, `${log ? "log_" : ""}softmax ${dtype} [3, ${D}]`, () => T.softmax(x, -1, log));
      }
      // IEEE corner rows: -inf / inf / NaN / -0 (alone, mixed, all), each at several lengths.
      const corners: number[][] = [
        [-Infinity], [Infinity], [NaN], [-0], [0, -0], [-0, -0, -0],
        [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
        [1, -Infinity, 2, -Infinity, 3, -Infinity, 4, -Infinity, 5, -Infinity],
        [1, 2, Infinity, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        [1, 2, 3, 4, 5, 6, 7, 8, NaN, 1, 2],
        [-0, 0, -0, 0, -0, 0, -0, 0, -0, -1e30, -0],
        [Infinity, -Infinity, NaN, -0, 0, 1e-45, -1e-45, 3.4e38, -3.4e38, 88, -88, 709, -745, 5, 6, 7, 8],
        [-1e-40, 1e-40, 0, -0, 104, 103.9, 103.8, 103.7, 103.6, 103.5, 103.4, 103.3, 103.2, 103.1, 103],
      ];
      for (const row of corners) {
        for (const reps of [1, 3]) {
          const x = T.fromArray(dtype, [reps, row.length], Array.from({ length: reps }, () => row).flat());
          for (const log of [true, false]) same(engine, `${log ? "log_" : ""}softmax ${dtype} [${row.join(", ")}] x${reps}`, () => T.softmax(x, -1, log));
        }
      }
      // Odd shapes: leading dims, 0-dim and 1-d tensors, long single rows, rows past a 16,384-element chunk, many short
      // rows across chunks, and (to the JS) another dim.
      for (const shape of [[], [5], [2, 3, 5], [3, 1, 4, 9], [1, 4099], [2, 20_001], [5_003, 7], [1_000, 33], [7, 1], [4, 0]]) {
        const x = tensor(dtype, shape, shape.length + 2);
        for (const log of [true, false]) {
          same(engine, `${log ? "log_" : ""}softmax ${dtype} ${JSON.stringify(shape)}`, () => T.softmax(x, -1, log));
          if (shape.length > 1) same(engine, `${log ? "log_" : ""}softmax(dim=0) ${dtype} ${JSON.stringify(shape)}`, () => T.softmax(x, 0, log));
        }
      }
    }
  } finally {
    T.setExactMath(null);
  }
});
