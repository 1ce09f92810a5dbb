// CrossEntropyLoss (class indices and class probabilities, label smoothing, class weights) and NLLLoss.
// Layout: input (N, C, D) row-major, D = d1*...*dK (1 for (N, C)); element (n, c, d) at (n*C + c)*D + d.
// Targets (int64 in the engine) arrive as float64 class indices. A "position" is one (n, d): its loss goes to
// out[n*D + d]. Gradients are written for every element (0 where a position is ignored).
import { kf, ONE, ZERO } from "./consts";
import { at, hsum } from "./common";
import { expv, logv } from "./simd-math";
import { expT, logT } from "./scalar-math";

/**
 * Cross entropy with class-index targets, as PyTorch 1.13 computes it (log_softmax, nll_loss, and for
 * label_smoothing ls > 0 the smoothing term -Σ_c w[c]·logp[c] masked at ignored positions):
 *   out[pos] = (1 - ls)·(-w[t]·logp[t]) + ls/C·(-Σ_c w[c]·logp[c])
 * The gradient of a·nll + b·smooth (a, b: the caller's reduction scales) times up[pos] (or 1) goes to gx.
 * Positions [p0, p1) only; adds Σ nll to res[0] and Σ smooth to res[1].
 */
@inline function ceIndexRange<T>(
  x: usize, tgt: usize, w: usize, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64,
  up: usize, out: usize, gx: usize, res: usize, wsum: T, p0: i32, p1: i32,
): void {
  let nllSum: f64 = 0;
  let smoothSum: f64 = 0;
  const smoothing = ls > 0;
  const ka = <T>(1 - ls);
  const kb = <T>(ls / <f64>C);
  for (let pos = p0; pos < p1; pos++) {
    const n = pos / D;
    const base = n * C * D + (pos - n * D);
    const t = <i32>load<f64>(at<f64>(tgt, pos));
    if (t == ignore) {
      if (out) store<T>(at<T>(out, pos), <T>0);
      if (gx) for (let c = 0; c < C; c++) store<T>(at<T>(gx, base + c * D), <T>0);
      continue;
    }
    let m = load<T>(at<T>(x, base));
    for (let c = 1; c < C; c++) {
      const v = load<T>(at<T>(x, base + c * D));
      if (v > m) m = v;
    }
    let s: T = <T>0;
    let sx: T = <T>0;
    for (let c = 0; c < C; c++) {
      const z = load<T>(at<T>(x, base + c * D)) - m;
      const e = expT<T>(z);
      s += e;
      if (smoothing) sx += w ? load<T>(at<T>(w, c)) * z : z;
      if (gx) store<T>(at<T>(gx, base + c * D), e);
    }
    const lse = logT<T>(s);
    const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
    const logpt = load<T>(at<T>(x, base + t * D)) - m - lse;
    const nll = -(wt * logpt);
    let smooth: T = <T>0;
    if (smoothing) smooth = -(sx - wsum * lse);
    nllSum += <f64>nll;
    smoothSum += <f64>smooth;
    if (out) store<T>(at<T>(out, pos), smoothing ? ka * nll + kb * smooth : nll);
    if (gx) {
      const u: T = up ? load<T>(at<T>(up, pos)) : <T>1;
      const awt = <T>a * wt * u;
      const bu = <T>b * u;
      const k = (awt + bu * wsum) / s;
      for (let c = 0; c < C; c++) {
        const o = at<T>(gx, base + c * D);
        let g = load<T>(o) * k;
        if (smoothing) g -= bu * (w ? load<T>(at<T>(w, c)) : <T>1);
        store<T>(o, g);
      }
      const ot = at<T>(gx, base + t * D);
      store<T>(ot, load<T>(ot) - awt);
    }
  }
  store<f64>(res, load<f64>(res) + nllSum);
  store<f64>(res + 8, load<f64>(res + 8) + smoothSum);
}

@inline function weightSum<T>(w: usize, C: i32): T {
  if (!w) return <T>C;
  let s: T = <T>0;
  for (let c = 0; c < C; c++) s += load<T>(at<T>(w, c));
  return s;
}

/** Rows of at least this many classes are vectorised along the row; fewer, across rows (4 positions per vector). */
const ALONG_ROW_C: i32 = 32;

@inline function gather(b0: usize, b1: usize, b2: usize, b3: usize, o: usize): v128 {
  let v = f32x4.splat(load<f32>(b0 + o));
  v = f32x4.replace_lane(v, 1, load<f32>(b1 + o));
  v = f32x4.replace_lane(v, 2, load<f32>(b2 + o));
  return f32x4.replace_lane(v, 3, load<f32>(b3 + o));
}

@inline function scatter(b0: usize, b1: usize, b2: usize, b3: usize, o: usize, v: v128): void {
  store<f32>(b0 + o, f32x4.extract_lane(v, 0));
  store<f32>(b1 + o, f32x4.extract_lane(v, 1));
  store<f32>(b2 + o, f32x4.extract_lane(v, 2));
  store<f32>(b3 + o, f32x4.extract_lane(v, 3));
}

/** Element offset of position pos's class-0 element. */
@inline function baseOf(pos: i32, C: i32, D: i32): usize {
  if (D == 1) return <usize>pos * <usize>C;
  const n = pos / D;
  return <usize>(n * C * D + (pos - n * D));
}

/**
 * float32, few classes: four positions per vector (one per lane); per class a gather, and SIMD exp/log.
 * `scratch` holds 2·C vectors: exp(x - max) and the gathered inputs. Returns the number of positions done (a multiple of 4).
 */
@inline function ceAcross(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64,
  up: usize, out: usize, gx: usize, res: usize, wsum: f32, scratch: usize, wGrad: bool,
): i32 {
  const P4 = (N * D) & ~3;
  const smoothing = ls > 0;
  const ka = f32x4.splat(<f32>(1 - ls));
  const kb = f32x4.splat(<f32>(ls / <f64>C));
  const av = f32x4.splat(<f32>a);
  const bv = f32x4.splat(<f32>b);
  const wsv = f32x4.splat(wsum);
  const ign = i32x4.splat(ignore);
  const zero = kf(ZERO);
  const one = kf(ONE);
  const stride = <usize>D << 2;
  let nllSum: f64 = 0;
  let smoothSum: f64 = 0;
  let pos = 0;
  while (pos < P4) {
    const end = pos + 1024 < P4 ? pos + 1024 : P4;
    let nllAcc = zero;
    let smAcc = zero;
    do {
      const b0 = x + (baseOf(pos, C, D) << 2);
      const b1 = x + (baseOf(pos + 1, C, D) << 2);
      const b2 = x + (baseOf(pos + 2, C, D) << 2);
      const b3 = x + (baseOf(pos + 3, C, D) << 2);
      const tp = tgt + (<usize>pos << 3);
      let tv = i32x4.splat(<i32>load<f64>(tp));
      tv = i32x4.replace_lane(tv, 1, <i32>load<f64>(tp, 8));
      tv = i32x4.replace_lane(tv, 2, <i32>load<f64>(tp, 16));
      tv = i32x4.replace_lane(tv, 3, <i32>load<f64>(tp, 24));
      const active = i32x4.ne(tv, ign);
      let wt = one;
      if (w) {
        // Ignored lanes may hold any index: read class 0 for them (masked out below).
        const ts = v128.and(tv, active);
        wt = f32x4.splat(load<f32>(w + (<usize>i32x4.extract_lane(ts, 0) << 2)));
        wt = f32x4.replace_lane(wt, 1, load<f32>(w + (<usize>i32x4.extract_lane(ts, 1) << 2)));
        wt = f32x4.replace_lane(wt, 2, load<f32>(w + (<usize>i32x4.extract_lane(ts, 2) << 2)));
        wt = f32x4.replace_lane(wt, 3, load<f32>(w + (<usize>i32x4.extract_lane(ts, 3) << 2)));
      }
      // One gather per class, kept in scratch[C + c] for the exp pass.
      const xs = scratch + (<usize>C << 4);
      let m = gather(b0, b1, b2, b3, 0);
      v128.store(xs, m);
      let c = 1;
      let o: usize = stride;
      if (C > 1) do {
        const v = gather(b0, b1, b2, b3, o);
        v128.store(xs + (<usize>c << 4), v);
        m = f32x4.max(m, v);
        o += stride;
        c++;
      } while (c < C);
      // x[t] per lane (class 0 for ignored lanes, masked out below).
      const ts = v128.and(tv, active);
      const t0 = <usize>i32x4.extract_lane(ts, 0) * stride;
      const t1 = <usize>i32x4.extract_lane(ts, 1) * stride;
      const t2 = <usize>i32x4.extract_lane(ts, 2) * stride;
      const t3 = <usize>i32x4.extract_lane(ts, 3) * stride;
      let xt = f32x4.splat(load<f32>(b0 + t0));
      xt = f32x4.replace_lane(xt, 1, load<f32>(b1 + t1));
      xt = f32x4.replace_lane(xt, 2, load<f32>(b2 + t2));
      xt = f32x4.replace_lane(xt, 3, load<f32>(b3 + t3));
      let s = zero;
      let sx = zero;
      c = 0;
      do {
        const z = f32x4.sub(v128.load(xs + (<usize>c << 4)), m);
        const e = expv(z);
        s = f32x4.add(s, e);
        if (smoothing) sx = f32x4.add(sx, w ? f32x4.mul(f32x4.splat(load<f32>(w + (<usize>c << 2))), z) : z);
        if (wGrad) v128.store(scratch + (<usize>c << 4), e);
        c++;
      } while (c < C);
      const lse = logv(s);
      const nll = v128.and(f32x4.neg(f32x4.mul(wt, f32x4.sub(f32x4.sub(xt, m), lse))), active);
      nllAcc = f32x4.add(nllAcc, nll);
      let l = nll;
      if (smoothing) {
        const smooth = v128.and(f32x4.neg(f32x4.sub(sx, f32x4.mul(wsv, lse))), active);
        smAcc = f32x4.add(smAcc, smooth);
        l = f32x4.add(f32x4.mul(ka, nll), f32x4.mul(kb, smooth));
      }
      if (out) v128.store(out + (<usize>pos << 2), l);
      if (wGrad) {
        const u = v128.and(up ? v128.load(up + (<usize>pos << 2)) : one, active);
        const awt = f32x4.mul(f32x4.mul(av, wt), u);
        const bu = f32x4.mul(bv, u);
        const k = v128.and(f32x4.div(f32x4.add(awt, f32x4.mul(bu, wsv)), s), active);
        const g0 = b0 - x + gx;
        const g1 = b1 - x + gx;
        const g2 = b2 - x + gx;
        const g3 = b3 - x + gx;
        c = 0;
        o = 0;
        do {
          let g = f32x4.mul(v128.load(scratch + (<usize>c << 4)), k);
          if (smoothing) g = f32x4.sub(g, f32x4.mul(bu, w ? f32x4.splat(load<f32>(w + (<usize>c << 2))) : one));
          scatter(g0, g1, g2, g3, o, v128.and(g, active));
          o += stride;
          c++;
        } while (c < C);
        // The target's -a·w[t]·u, lane by lane (awt is 0 on ignored lanes).
        store<f32>(g0 + t0, load<f32>(g0 + t0) - f32x4.extract_lane(awt, 0));
        store<f32>(g1 + t1, load<f32>(g1 + t1) - f32x4.extract_lane(awt, 1));
        store<f32>(g2 + t2, load<f32>(g2 + t2) - f32x4.extract_lane(awt, 2));
        store<f32>(g3 + t3, load<f32>(g3 + t3) - f32x4.extract_lane(awt, 3));
      }
      pos += 4;
    } while (pos < end);
    nllSum += hsum(nllAcc);
    smoothSum += hsum(smAcc);
  }
  store<f64>(res, nllSum);
  store<f64>(res + 8, smoothSum);
  return pos;
}

/** float32, many classes (D = 1): one row at a time, SIMD along it; exp(x - max) goes through gx. */
@inline function ceAlong(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, ignore: i32, ls: f64, a: f64, b: f64,
  up: usize, out: usize, gx: usize, res: usize, wsum: f32, wGrad: bool,
): void {
  const smoothing = ls > 0;
  const C4 = C & ~3;
  let nllSum: f64 = 0;
  let smoothSum: f64 = 0;
  for (let n = 0; n < N; n++) {
    const row = x + ((<usize>n * <usize>C) << 2);
    const grow = gx + ((<usize>n * <usize>C) << 2);
    const t = <i32>load<f64>(tgt + (<usize>n << 3));
    if (t == ignore) {
      if (out) store<f32>(out + (<usize>n << 2), 0);
      if (wGrad) memory.fill(grow, 0, <usize>C << 2);
      continue;
    }
    let mv = f32x4.splat(-Infinity);
    let i = 0;
    if (C4 > 0) do {
      mv = f32x4.max(mv, v128.load(row + (<usize>i << 2)));
      i += 4;
    } while (i < C4);
    let m = Mathf.max(Mathf.max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), Mathf.max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; i < C; i++) m = Mathf.max(m, load<f32>(row + (<usize>i << 2)));
    const msv = f32x4.splat(m);
    let sv = f32x4.splat(0);
    let sxv = f32x4.splat(0);
    i = 0;
    if (C4 > 0) do {
      const o = <usize>i << 2;
      const z = f32x4.sub(v128.load(row + o), msv);
      const e = expv(z);
      sv = f32x4.add(sv, e);
      if (smoothing) sxv = f32x4.add(sxv, w ? f32x4.mul(v128.load(w + o), z) : z);
      if (wGrad) v128.store(grow + o, e);
      i += 4;
    } while (i < C4);
    let s: f32 = <f32>hsum(sv);
    let sx: f32 = smoothing ? <f32>hsum(sxv) : 0;
    for (; i < C; i++) {
      const z = load<f32>(row + (<usize>i << 2)) - m;
      const e = Mathf.exp(z);
      s += e;
      if (smoothing) sx += w ? load<f32>(w + (<usize>i << 2)) * z : z;
      if (wGrad) store<f32>(grow + (<usize>i << 2), e);
    }
    const lse = Mathf.log(s);
    const wt: f32 = w ? load<f32>(w + (<usize>t << 2)) : 1;
    const nll = -(wt * (load<f32>(row + (<usize>t << 2)) - m - lse));
    let smooth: f32 = 0;
    if (smoothing) smooth = -(sx - wsum * lse);
    nllSum += <f64>nll;
    smoothSum += <f64>smooth;
    if (out) store<f32>(out + (<usize>n << 2), smoothing ? <f32>(1 - ls) * nll + <f32>(ls / <f64>C) * smooth : nll);
    if (wGrad) {
      const u: f32 = up ? load<f32>(up + (<usize>n << 2)) : 1;
      const awt = <f32>a * wt * u;
      const bu = <f32>b * u;
      const k = (awt + bu * wsum) / s;
      const kv = f32x4.splat(k);
      const buv = f32x4.splat(bu);
      i = 0;
      if (C4 > 0) do {
        const o = <usize>i << 2;
        let g = f32x4.mul(v128.load(grow + o), kv);
        if (smoothing) g = f32x4.sub(g, w ? f32x4.mul(buv, v128.load(w + o)) : buv);
        v128.store(grow + o, g);
        i += 4;
      } while (i < C4);
      for (; i < C; i++) {
        const o = <usize>i << 2;
        let g = load<f32>(grow + o) * k;
        if (smoothing) g -= bu * (w ? load<f32>(w + o) : 1);
        store<f32>(grow + o, g);
      }
      const ot = grow + (<usize>t << 2);
      store<f32>(ot, load<f32>(ot) - awt);
    }
  }
  store<f64>(res, nllSum);
  store<f64>(res + 8, smoothSum);
}

/**
 * Class-index cross entropy. res[0] = Σ nll, res[1] = Σ smoothing term. `scratch`: 32·C bytes (float32 SIMD).
 */
export function ce_index_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64, up: usize, out: usize, gx: usize, res: usize, scratch: usize): void {
  const wsum = weightSum<f32>(w, C);
  store<f64>(res, 0);
  store<f64>(res + 8, 0);
  let done = 0;
  if (ASC_FEATURE_SIMD && C > 0) {
    if (D == 1 && C >= ALONG_ROW_C) {
      if (gx) ceAlong(x, tgt, w, N, C, ignore, ls, a, b, up, out, gx, res, wsum, true);
      else ceAlong(x, tgt, w, N, C, ignore, ls, a, b, up, out, gx, res, wsum, false);
      return;
    }
    if (gx) done = ceAcross(x, tgt, w, N, C, D, ignore, ls, a, b, up, out, gx, res, wsum, scratch, true);
    else done = ceAcross(x, tgt, w, N, C, D, ignore, ls, a, b, up, out, gx, res, wsum, scratch, false);
  }
  ceIndexRange<f32>(x, tgt, w, C, D, ignore, ls, a, b, up, out, gx, res, wsum, done, N * D);
}

export function ce_index_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64, up: usize, out: usize, gx: usize, res: usize): void {
  store<f64>(res, 0);
  store<f64>(res + 8, 0);
  ceIndexRange<f64>(x, tgt, w, C, D, ignore, ls, a, b, up, out, gx, res, weightSum<f64>(w, C), 0, N * D);
}

/**
 * Cross entropy with class-probability targets p (same shape as x); label smoothing mixes them:
 * q = p·(1 - ls) + ls/C.  out[pos] = -Σ_c w[c]·q[c]·logp[c].  Gradients of scale·Σ (times up[pos]):
 * gx = Σ_k(w q)·softmax - w·q, gt = -(1 - ls)·w·logp. Returns Σ out.
 */
@inline function ceProb<T>(
  x: usize, p: usize, w: usize, C: i32, D: i32, ls: f64, scale: f64,
  up: usize, out: usize, gx: usize, gt: usize, p0: i32, p1: i32,
): f64 {
  let total: f64 = 0;
  const keep = <T>(1 - ls);
  const add = <T>(ls / <f64>C);
  const smoothing = ls > 0;
  for (let pos = p0; pos < p1; pos++) {
    {
      const base = <i32>baseOf(pos, C, D);
      let m = load<T>(at<T>(x, base));
      for (let c = 1; c < C; c++) {
        const v = load<T>(at<T>(x, base + c * D));
        if (v > m) m = v;
      }
      let s: T = <T>0;
      for (let c = 0; c < C; c++) s += expT<T>(load<T>(at<T>(x, base + c * D)) - m);
      const lse = logT<T>(s);
      let l: T = <T>0;
      let wq: T = <T>0;
      for (let c = 0; c < C; c++) {
        const i = base + c * D;
        const logp = load<T>(at<T>(x, i)) - m - lse;
        let q = load<T>(at<T>(p, i));
        if (smoothing) q = q * keep + add;
        const wc: T = w ? load<T>(at<T>(w, c)) : <T>1;
        const wqc = w ? q * wc : q;
        wq += wqc;
        l += wqc * logp;
      }
      l = -l;
      total += <f64>l;
      if (out) store<T>(at<T>(out, pos), l);
      if (gx || gt) {
        const u = <T>scale * (up ? load<T>(at<T>(up, pos)) : <T>1);
        for (let c = 0; c < C; c++) {
          const i = base + c * D;
          const logp = load<T>(at<T>(x, i)) - m - lse;
          const wc: T = w ? load<T>(at<T>(w, c)) : <T>1;
          if (gx) {
            let q = load<T>(at<T>(p, i));
            if (smoothing) q = q * keep + add;
            store<T>(at<T>(gx, i), (expT<T>(logp) * wq - wc * q) * u);
          }
          if (gt) store<T>(at<T>(gt, i), -(wc * logp) * keep * u);
        }
      }
    }
  }
  return total;
}

/**
 * float32, few classes: class-probability targets four positions per vector (gathers, SIMD exp/log).
 * scratch: 3·C vectors (exp(x - max), gathered x, mixed targets q). Returns the positions done (multiple of 4).
 */
@inline function ceProbAcross(
  x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64,
  up: usize, out: usize, gx: usize, gt: usize, scratch: usize, total: usize,
): i32 {
  const P4 = (N * D) & ~3;
  const smoothing = ls > 0;
  const keep = f32x4.splat(<f32>(1 - ls));
  const add = f32x4.splat(<f32>(ls / <f64>C));
  const zero = kf(ZERO);
  const one = kf(ONE);
  const stride = <usize>D << 2;
  const xs = scratch + (<usize>C << 4);
  const qs = scratch + (<usize>C << 5);
  const grad = gx != 0 || gt != 0;
  let sum: f64 = 0;
  let pos = 0;
  while (pos < P4) {
    const end = pos + 1024 < P4 ? pos + 1024 : P4;
    let acc = zero;
    do {
      const e0 = baseOf(pos, C, D) << 2;
      const e1 = baseOf(pos + 1, C, D) << 2;
      const e2 = baseOf(pos + 2, C, D) << 2;
      const e3 = baseOf(pos + 3, C, D) << 2;
      let m = gather(x + e0, x + e1, x + e2, x + e3, 0);
      v128.store(xs, m);
      let c = 1;
      let o: usize = stride;
      if (C > 1) do {
        const v = gather(x + e0, x + e1, x + e2, x + e3, o);
        v128.store(xs + (<usize>c << 4), v);
        m = f32x4.max(m, v);
        o += stride;
        c++;
      } while (c < C);
      let s = zero;
      let W = zero;
      let Z = zero;
      c = 0;
      o = 0;
      do {
        const z = f32x4.sub(v128.load(xs + (<usize>c << 4)), m);
        const e = expv(z);
        s = f32x4.add(s, e);
        let q = gather(p + e0, p + e1, p + e2, p + e3, o);
        if (smoothing) q = f32x4.add(f32x4.mul(q, keep), add);
        const wq = w ? f32x4.mul(q, f32x4.splat(load<f32>(w + (<usize>c << 2)))) : q;
        W = f32x4.add(W, wq);
        Z = f32x4.add(Z, f32x4.mul(wq, z));
        if (grad) {
          v128.store(scratch + (<usize>c << 4), e);
          v128.store(qs + (<usize>c << 4), wq);
        }
        o += stride;
        c++;
      } while (c < C);
      const lse = logv(s);
      const l = f32x4.sub(f32x4.mul(W, lse), Z);
      acc = f32x4.add(acc, l);
      if (out) v128.store(out + (<usize>pos << 2), l);
      if (grad) {
        const u = f32x4.mul(f32x4.splat(<f32>scale), up ? v128.load(up + (<usize>pos << 2)) : one);
        const k = f32x4.div(f32x4.mul(W, u), s);
        const ku = f32x4.mul(keep, u);
        c = 0;
        o = 0;
        do {
          const co = <usize>c << 4;
          if (gx) scatter(gx + e0, gx + e1, gx + e2, gx + e3, o, f32x4.sub(f32x4.mul(v128.load(scratch + co), k), f32x4.mul(v128.load(qs + co), u)));
          if (gt) {
            const logp = f32x4.sub(f32x4.sub(v128.load(xs + co), m), lse);
            const wl = w ? f32x4.mul(f32x4.splat(load<f32>(w + (<usize>c << 2))), logp) : logp;
            scatter(gt + e0, gt + e1, gt + e2, gt + e3, o, f32x4.neg(f32x4.mul(wl, ku)));
          }
          o += stride;
          c++;
        } while (c < C);
      }
      pos += 4;
    } while (pos < end);
    sum += hsum(acc);
  }
  store<f64>(total, sum);
  return pos;
}

export function ce_prob_f32(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64, up: usize, out: usize, gx: usize, gt: usize, scratch: usize): f64 {
  let done = 0;
  let total: f64 = 0;
  if (ASC_FEATURE_SIMD && C > 0 && C < ALONG_ROW_C) {
    done = ceProbAcross(x, p, w, N, C, D, ls, scale, up, out, gx, gt, scratch, scratch);
    total = load<f64>(scratch);
  }
  return total + ceProb<f32>(x, p, w, C, D, ls, scale, up, out, gx, gt, done, N * D);
}

export function ce_prob_f64(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64, up: usize, out: usize, gx: usize, gt: usize): f64 {
  return ceProb<f64>(x, p, w, C, D, ls, scale, up, out, gx, gt, 0, N * D);
}

/** NLLLoss: out[pos] = -w[t]·x[t] (0 where ignored); gx = -w[t]·scale·up at the target, 0 elsewhere. */
@inline function nll<T>(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, scale: f64, up: usize, out: usize, gx: usize): f64 {
  let total: f64 = 0;
  if (gx) memory.fill(gx, 0, <usize>N * <usize>C * <usize>D * sizeof<T>());
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const pos = n * D + d;
      const t = <i32>load<f64>(at<f64>(tgt, pos));
      let l: T = <T>0;
      if (t != ignore) {
        const i = n * C * D + t * D + d;
        const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
        l = -(wt * load<T>(at<T>(x, i)));
        if (gx) store<T>(at<T>(gx, i), -wt * <T>scale * (up ? load<T>(at<T>(up, pos)) : <T>1));
      }
      total += <f64>l;
      if (out) store<T>(at<T>(out, pos), l);
    }
  }
  return total;
}

export function nll_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, scale: f64, up: usize, out: usize, gx: usize): f64 {
  return nll<f32>(x, tgt, w, N, C, D, ignore, scale, up, out, gx);
}

export function nll_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, scale: f64, up: usize, out: usize, gx: usize): f64 {
  return nll<f64>(x, tgt, w, N, C, D, ignore, scale, up, out, gx);
}
