// The exp / log of the element-wise float32 kernels (Sleef's, as PyTorch's vectorized ops) against float64 Math
// over wide sweeps: within a few float32 ulps, with the special values PyTorch gives. (Their bit-exactness is
// test/unit/aten-math.test.ts's and the fixtures'; BCEWithLogits' softplus, which PyTorch evaluates as
// log(exp(-m) + exp(-x - m)) and so less accurately than log1p, is held to PyTorch's bits by the fixtures.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { Arena } from "../../engine/api/memory";
import { loadKernels, type DtypeKernels } from "../../engine/api/wasm";

const ULP = 2 ** -23;
const range = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * i) / (n - 1)));

/** Runs a float32 kernel over inputs (all the same length) and returns its per-element output. */
/** `run(kernels, ptrs, n, out)` calls one float32 kernel. */
async function perElement(inputs: number[][], run: (k: DtypeKernels, ptrs: number[], n: number, out: number) => void): Promise<Float32Array> {
  const k = await loadKernels();
  const arena = new Arena(k.exports);
  arena.reset();
  const ptrs = inputs.map((v) => arena.put("float32", v));
  const n = inputs[0].length;
  const out = arena.array("float32", n);
  run(k.float32, ptrs, n, out);
  return arena.read("float32", out, n) as Float32Array;
}

function check(got: Float32Array, want: (i: number) => number, xs: number[], rel: number, abs: number, what: string): void {
  for (let i = 0; i < got.length; i++) {
    const w = want(i);
    const ok = Number.isNaN(w) ? Number.isNaN(got[i]) : !Number.isFinite(w) ? got[i] === w : Math.abs(got[i] - w) <= rel * Math.abs(w) + abs;
    if (!ok) assert.fail(`${what}(${xs[i]}): got ${got[i]}, want ${w}`);
  }
}

test("SIMD exp (PoissonNLL, log_input, target 0): 2 ulp over [-87, 88.7], inf past ln(FLT_MAX), NaN stays NaN", async () => {
  const xs = [...range(-87, 88.7, 20001), 88.8, 100, NaN, -100, -88]; // (±inf: 0 * inf makes the loss NaN)
  const got = await perElement([xs, xs.map(() => 0)], (k, [x, y], n, out) => k.poisson_nll(x, y, n, out, 0, 0, 0, 1, 1, 0, 1e-8));
  // Below about -87.3 the result is a subnormal or 0: compare absolutely.
  check(got, (i) => (xs[i] < -87 ? Math.exp(xs[i]) : Math.fround(Math.exp(xs[i]))), xs, 2 * ULP, 2e-38, "exp");
});

test("SIMD log (GaussianNLL with x = y, eps 0: 0.5 log var): 2 ulp from subnormals to 1e38, log inf = inf", async () => {
  const xs = [...range(0.5, 2, 5001), ...Array.from({ length: 3000 }, (_, i) => Math.fround(10 ** (-44 + i * 0.027))), Infinity, NaN];
  const zeros = xs.map(() => 0);
  const got = await perElement([zeros, zeros, xs], (k, [x, y, v], n, out) => k.gaussian_nll(x, y, v, n, out, 0, 0, 0, 0, 1, 0, 0));
  check(got, (i) => 0.5 * Math.log(xs[i]), xs, 2 * ULP, 2 * ULP * 0.5, "0.5 log");
});
