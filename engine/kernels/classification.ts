// CrossEntropyLoss (class indices and class probabilities, label smoothing, class weights) and NLLLoss.
// Layout: input (N, C, D) row-major, D = d1*...*dK (1 for (N, C)); element (n, c, d) at (n*C + c)*D + d.
// Targets (int64 in the engine) arrive as float64 class indices. A "position" is one (n, d): its loss goes to
// out[n*D + d]. Every kernel follows PyTorch 1.13's CPU order of operations (see aten-class.ts), so that values,
// per-element losses and gradients are bit-identical to it.
// The position kernels: ce-rows.ts (generic), ce-simd.ts (float32 SIMD), ce-prob.ts (class-probability targets).
import { casAdd, casCount, casReset, casTotal } from "./aten-class";
import { ceBackward, ceForward, nllBackward, nllForward } from "./ce-rows";
import { ceFastF32 } from "./ce-simd";
import { at } from "./common";
import { sum_f32, sum_f64 } from "./reduce";
import { TORCH_SCALAR_IN_DTYPE, torchFlag } from "./torch-flags";

/**
 * Class-index cross entropy (logProbs = false) or nll_loss (true). scratch: stats (16·P bytes), then a row
 * buffer (48·C + 128 bytes), then for label smoothing 24·P bytes.
 */
function ceIndex<T>(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64,
  up: usize, out: usize, gx: usize, res: usize, scratch: usize, logProbs: bool,
): void {
  const P = N * D;
  const stats = scratch;
  const row = scratch + (<usize>P << 4);
  const sm = row + (<usize>C * 48 + 128);
  const fast = sizeof<T>() == 4 && ASC_FEATURE_SIMD && !logProbs && ls == 0 && D == 1 && C > 1;
  let tw: T = <T>0;
  casReset();
  if (fast) {
    // The gradient needs nll's total weight first: a pass over the targets adds it in the cascade's order.
    if (gx && mode == 2) {
      for (let pos = 0; pos < P; pos++) {
        const t = <i32>load<f64>(at<f64>(tgt, pos));
        if (t != ignore) casAdd<T>(pos, <T>0, w ? load<T>(at<T>(w, t)) : <T>1);
      }
      tw = w ? casTotal<T>(64) : <T>casCount();
      casReset();
    }
    ceFastF32(x, tgt, w, N, C, ignore, mode, <f32>tw, <f32>go, up, out, gx, stats, row);
  } else if (logProbs) nllForward<T>(x, tgt, w, C, D, P, ignore, out);
  else ceForward<T>(x, tgt, w, C, D, P, ignore, ls, out, stats, row, sm, 0, P);
  const cnt = casCount();
  tw = w ? casTotal<T>(64) : <T>cnt;
  const L = casTotal<T>(0);
  let value: T = mode == 2 ? L / tw : L;
  // Smoothing: ret = Σ sm (mean: over the positions not ignored without a weight, / Σ w[t] or the count).
  let div: T = <T>1;
  if (ls > 0) {
    const weighted = w != 0;
    const compact = mode == 2 && !weighted;
    const sp = compact ? sm + (<usize>P << 3) : sm;
    const sn = compact ? cnt : P;
    const sumS: T = sizeof<T>() == 4 ? <T>sum_f32(sp, sn) : <T>sum_f64(sp, sn);
    if (mode == 2) div = weighted ? (sizeof<T>() == 4 ? <T>sum_f32(sm + (<usize>P << 4), cnt) : <T>sum_f64(sm + (<usize>P << 4), cnt)) : <T>cnt;
    const ret: T = mode == 2 ? sumS / div : sumS;
    value = <T>(1 - ls) * value + ret * <T>(ls / <f64>C);
  }
  store<f64>(res, <f64>value);
  store<f64>(res + 8, <f64>tw);
  if (!gx || fast) return;
  if (logProbs) {
    nllBackward<T>(tgt, w, C, D, P, ignore, mode, <T>go, tw, up, gx);
    return;
  }
  // Scalar upstream: autograd multiplies a 0-dim gradient by the Python float in float64 (then rounds); PyTorch
  // 2.x in the gradient's dtype (the float rounded first).
  let dnll = <T>go;
  let gs: T = <T>0;
  if (ls > 0 && mode != 0) {
    const inDtype = torchFlag(TORCH_SCALAR_IN_DTYPE);
    dnll = inDtype ? <T>go * <T>(1 - ls) : <T>(go * (1 - ls));
    const dret = inDtype ? <T>go * <T>(ls / <f64>C) : <T>(go * (ls / <f64>C));
    gs = -(mode == 2 ? dret / div : dret);
  }
  ceBackward<T>(x, tgt, w, C, D, ignore, ls, mode, dnll, gs, tw, up, gx, stats, 0, P);
}

export function ce_index_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize, scratch: usize): void {
  ceIndex<f32>(x, tgt, w, N, C, D, ignore, ls, mode, go, up, out, gx, res, scratch, false);
}

export function ce_index_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize, scratch: usize): void {
  ceIndex<f64>(x, tgt, w, N, C, D, ignore, ls, mode, go, up, out, gx, res, scratch, false);
}

export function nll_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize): void {
  ceIndex<f32>(x, tgt, w, N, C, D, ignore, 0, mode, go, up, out, gx, res, 0, true);
}

export function nll_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize): void {
  ceIndex<f64>(x, tgt, w, N, C, D, ignore, 0, mode, go, up, out, gx, res, 0, true);
}

/**
 * nll_loss's bounds check over class-index targets held as float64: the first position whose target is neither
 * `ignore` nor in [0, C), or -1. In wasm: a JavaScript loop over the caller's array cost a third of NLLLoss's call.
 */
export function class_index_check(tgt: usize, n: i32, C: i32, ignore: f64): i32 {
  const c = <f64>C;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Eight targets a step (the scalar test per lane: NaN passes, as below); the first bad one found by the loop below.
    const iv = f64x2.splat(ignore);
    const zero = f64x2.splat(0);
    const cv = f64x2.splat(c);
    for (; i + 8 <= n; i += 8) {
      const p = tgt + (<usize>i << 3);
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const d = v128.load(p, 32);
      const e = v128.load(p, 48);
      const bad = v128.or(
        v128.or(
          v128.and(f64x2.ne(a, iv), v128.or(f64x2.lt(a, zero), f64x2.ge(a, cv))),
          v128.and(f64x2.ne(b, iv), v128.or(f64x2.lt(b, zero), f64x2.ge(b, cv))),
        ),
        v128.or(
          v128.and(f64x2.ne(d, iv), v128.or(f64x2.lt(d, zero), f64x2.ge(d, cv))),
          v128.and(f64x2.ne(e, iv), v128.or(f64x2.lt(e, zero), f64x2.ge(e, cv))),
        ),
      );
      if (v128.any_true(bad)) break;
    }
  }
  for (; i < n; i++) {
    const v = load<f64>(tgt + (<usize>i << 3));
    if (v != ignore && (v < 0 || v >= c)) return i;
  }
  return -1;
}
