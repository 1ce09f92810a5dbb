// Margin and embedding losses: MultiMarginLoss, MultiLabelMarginLoss, MultiLabelSoftMarginLoss,
// CosineEmbeddingLoss, TripletMarginLoss (and TripletMarginWithDistanceLoss with a pairwise distance).
// Inputs arrive already broadcast by the caller; row-major (N, C) or (N, D). Each kernel writes the
// per-sample loss to out (when non-zero) and scale·up[n]·d(loss_n) to the gradient pointers (when non-zero);
// it returns Σ_n loss_n. Class indices arrive as float64.
import { kf, ONE, ZERO } from "./consts";
import { at } from "./common";
import { powT, sqrtT } from "./mathT";
import { absT } from "./scalar-math";
import { sexp, sexp4, slog1p, slog1p4 } from "./aten-class";
import { sum_f32, sum_f64 } from "./reduce";

/** Lane sum in float32 (the row sums of a float32 kernel stay float32, as PyTorch's). */
@inline function hsum4(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function upAt<T>(up: usize, n: i32): T {
  return up ? load<T>(at<T>(up, n)) : <T>1;
}

/** MultiMarginLoss: loss_n = Σ_{i≠y} w[y]·max(0, margin - x[y] + x[i])^p / C  (p = 1 or 2). */
@inline function multiMargin<T>(x: usize, tgt: usize, w: usize, N: i32, C: i32, p: i32, margin: f64, scale: f64, up: usize, out: usize, gx: usize): f64 {
  let total: f64 = 0;
  const mg = <T>margin;
  for (let n = 0; n < N; n++) {
    const row = n * C;
    const y = <i32>load<f64>(at<f64>(tgt, n));
    const xy = load<T>(at<T>(x, row + y));
    const wy: T = w ? load<T>(at<T>(w, y)) : <T>1;
    const g = <T>(scale / <f64>C) * upAt<T>(up, n);
    let sum: T = <T>0;
    let gy: T = <T>0;
    let i0 = 0;
    if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && C >= 4) {
      // Four classes per vector; the target's lane is masked out (PyTorch skips d == y).
      const C4 = C & ~3;
      const base = f32x4.splat(<f32>(mg - xy));
      const zero = kf(ZERO);
      const yv = i32x4.splat(y);
      const gv = f32x4.splat(<f32>g);
      const wv = f32x4.splat(<f32>wy);
      let iv = i32x4(0, 1, 2, 3);
      const four = i32x4.add(i32x4.splat(y), i32x4.splat(4 - y)); // 4, built at run time (see consts.ts)
      let sv = zero;
      let gs = zero;
      do {
        const o = <usize>(row + i0) << 2;
        const z = f32x4.add(base, v128.load(x + o));
        const on = v128.andnot(f32x4.gt(z, zero), i32x4.eq(iv, yv));
        let h = p == 1 ? z : f32x4.mul(z, z);
        if (w) h = f32x4.mul(h, wv);
        sv = f32x4.add(sv, v128.and(h, on));
        let gi = p == 1 ? gv : f32x4.mul(f32x4.add(gv, gv), z);
        if (w) gi = f32x4.mul(gi, wv);
        gi = v128.and(gi, on);
        gs = f32x4.add(gs, gi);
        if (gx) v128.store(gx + o, gi);
        iv = i32x4.add(iv, four);
        i0 += 4;
      } while (i0 < C4);
      sum = <T>hsum4(sv);
      gy = -<T>hsum4(gs);
    }
    for (let i = i0; i < C; i++) {
      if (i == y) continue;
      const z = mg - xy + load<T>(at<T>(x, row + i));
      let gi: T = <T>0;
      if (z > <T>0) {
        let h = p == 1 ? z : z * z;
        if (w) h *= wy;
        sum += h;
        gi = p == 1 ? g : <T>2 * g * z;
        if (w) gi *= wy;
        gy -= gi;
      }
      if (gx) store<T>(at<T>(gx, row + i), gi);
    }
    if (gx) store<T>(at<T>(gx, row + y), gy);
    const l = sum / <T>C;
    total += <f64>l;
    if (out) store<T>(at<T>(out, n), l);
  }
  return total;
}

export function multi_margin_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, p: i32, margin: f64, scale: f64, up: usize, out: usize, gx: usize): f64 {
  return multiMargin<f32>(x, tgt, w, N, C, p, margin, scale, up, out, gx);
}
export function multi_margin_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, p: i32, margin: f64, scale: f64, up: usize, out: usize, gx: usize): f64 {
  return multiMargin<f64>(x, tgt, w, N, C, p, margin, scale, up, out, gx);
}

/**
 * MultiLabelMarginLoss: the targets of a row are its indices up to the first -1;
 * loss_n = Σ_{j target} Σ_{i not target} max(0, 1 - (x[j] - x[i])) / C.
 * Per row the non-targets are compacted (indices, values padded with -inf to a multiple of 4), so the inner
 * loop is dense (SIMD in float32) and each gradient entry is written once: ±g times its count of active hinges.
 * `work`: 24·(C + 4) bytes (marks, non-target indices, their values, hinge counts).
 */
@inline function multiLabelMargin<T>(x: usize, tgt: usize, N: i32, C: i32, scale: f64, up: usize, out: usize, gx: usize, work: usize): f64 {
  let total: f64 = 0;
  const mark = work;
  const idx = work + (<usize>(C + 4) << 2);
  const xn = work + (<usize>(C + 4) << 3);
  const cnt = xn + (<usize>(C + 4) << 3);
  for (let n = 0; n < N; n++) {
    const row = n * C;
    memory.fill(mark, 0, <usize>C);
    for (let k = 0; k < C; k++) {
      const j = <i32>load<f64>(at<f64>(tgt, row + k));
      if (j < 0) break;
      store<u8>(mark + <usize>j, 1);
    }
    let K = 0;
    for (let i = 0; i < C; i++) {
      if (load<u8>(mark + <usize>i)) continue;
      store<i32>(idx + (<usize>K << 2), i);
      store<T>(at<T>(xn, K), load<T>(at<T>(x, row + i)));
      store<T>(at<T>(cnt, K), <T>0);
      K++;
    }
    const K4 = (K + 3) & ~3;
    for (let k = K; k < K4; k++) {
      store<T>(at<T>(xn, k), <T>-Infinity);
      store<T>(at<T>(cnt, k), <T>0);
    }
    if (gx) memory.fill(at<T>(gx, row), 0, <usize>C * sizeof<T>());
    const g = <T>(scale / <f64>C) * upAt<T>(up, n);
    let sum: T = <T>0;
    for (let k = 0; k < C; k++) {
      const j = <i32>load<f64>(at<f64>(tgt, row + k));
      if (j < 0) break;
      const base = <T>1 - load<T>(at<T>(x, row + j));
      let hits: T = <T>0;
      let i = 0;
      if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && K > 0) {
        const zero = kf(ZERO);
        const one = kf(ONE);
        const bv = f32x4.splat(<f32>base);
        let sv = zero;
        let hv = zero;
        do {
          const o = <usize>i << 2;
          const z = f32x4.add(bv, v128.load(xn + o));
          const on = f32x4.gt(z, zero);
          sv = f32x4.add(sv, v128.and(z, on));
          const h = v128.and(one, on);
          hv = f32x4.add(hv, h);
          v128.store(cnt + o, f32x4.add(v128.load(cnt + o), h));
          i += 4;
        } while (i < K4);
        sum += <T>hsum4(sv);
        hits = <T>hsum4(hv);
      } else {
        for (; i < K; i++) {
          const z = base + load<T>(at<T>(xn, i));
          if (z > <T>0) {
            sum += z;
            hits += <T>1;
            store<T>(at<T>(cnt, i), load<T>(at<T>(cnt, i)) + <T>1);
          }
        }
      }
      if (gx) store<T>(at<T>(gx, row + j), load<T>(at<T>(gx, row + j)) - g * hits);
    }
    if (gx) for (let k = 0; k < K; k++) store<T>(at<T>(gx, row + load<i32>(idx + (<usize>k << 2))), g * load<T>(at<T>(cnt, k)));
    const l = sum / <T>C;
    total += <f64>l;
    if (out) store<T>(at<T>(out, n), l);
  }
  return total;
}

export function multilabel_margin_f32(x: usize, tgt: usize, N: i32, C: i32, scale: f64, up: usize, out: usize, gx: usize, mark: usize): f64 {
  return multiLabelMargin<f32>(x, tgt, N, C, scale, up, out, gx, mark);
}
export function multilabel_margin_f64(x: usize, tgt: usize, N: i32, C: i32, scale: f64, up: usize, out: usize, gx: usize, mark: usize): f64 {
  return multiLabelMargin<f64>(x, tgt, N, C, scale, up, out, gx, mark);
}

/**
 * MultiLabelSoftMarginLoss as PyTorch 1.13's composite computes it (F.multilabel_soft_margin_loss):
 * z = exp(-|x|), logσ(±x) = min(±x, 0) - log1p(z) (Sleef for every element), l = -((t·logσ(x)) + ((1 - t)·logσ(-x)))
 * (·w), loss_n = torch.sum(row) / C, then mean / sum over the rows in torch.sum's order. Autograd: g = up[n] (or
 * go / N, go) / C (·w), negated; log_sigmoid_backward (x < 0 ? 1 - q : q)·grad with q = z / (1 + z) on each
 * branch (the -x branch negated), gt = g·logσ(x) + -(g·logσ(-x)). mode: 0 none, 1 sum, 2 mean; res[0]: the value.
 */
@inline function mlsmElement<T>(xi: T, ti: T, wi: T, weighted: bool, z: T, lz: T, gr: T, i: i32, tmp: usize, gx: usize, gt: usize, C: i32): void {
  const lp = (xi < <T>0 || xi != xi ? xi : <T>0) - lz;
  const nx = -xi;
  const ln = (nx < <T>0 || nx != nx ? nx : <T>0) - lz;
  let l = -(ti * lp + (<T>1 - ti) * ln);
  if (weighted) l *= wi;
  store<T>(at<T>(tmp, i), l);
  if (gx || gt) {
    let g = gr / <T>C;
    if (weighted) g *= wi;
    g = -g;
    if (gx) {
      const q = z / (<T>1 + z);
      const d1 = g * ti;
      const d2 = g * (<T>1 - ti);
      const g1 = (xi < <T>0 ? <T>1 - q : <T>0 + q) * d1;
      const g2 = (nx < <T>0 ? <T>1 - q : <T>0 + q) * d2;
      store<T>(at<T>(gx, i), g1 + -g2);
    }
    if (gt) store<T>(at<T>(gt, i), g * lp + -(g * ln));
  }
}

@inline function mlsmGrad<T>(mode: i32, go: f64, up: usize, r: i32, N: i32): T {
  if (mode == 0) return up ? load<T>(at<T>(up, r)) : <T>go;
  return mode == 2 ? <T>go / <T>N : <T>go;
}

function mlsm<T>(x: usize, t: usize, w: usize, N: i32, C: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, gt: usize, tmp: usize, res: usize): void {
  const n = N * C;
  let i = 0;
  if (sizeof<T>() == 4 && ASC_FEATURE_SIMD) {
    // Four elements at a time; lanes go back through the scalar body with their exp and log1p.
    const n4 = n & ~3;
    if (n4 > 0) do {
      const xv = v128.load(x + (<usize>i << 2));
      const z = sexp4(f32x4.neg(f32x4.abs(xv)));
      const lz = slog1p4(z);
      for (let k = 0; k < 4; k++) {
        const j = i + k;
        const zk = k == 0 ? f32x4.extract_lane(z, 0) : k == 1 ? f32x4.extract_lane(z, 1) : k == 2 ? f32x4.extract_lane(z, 2) : f32x4.extract_lane(z, 3);
        const lk = k == 0 ? f32x4.extract_lane(lz, 0) : k == 1 ? f32x4.extract_lane(lz, 1) : k == 2 ? f32x4.extract_lane(lz, 2) : f32x4.extract_lane(lz, 3);
        const wk: T = w ? load<T>(at<T>(w, j)) : <T>1;
        mlsmElement<T>(load<T>(at<T>(x, j)), load<T>(at<T>(t, j)), wk, w != 0, <T>zk, <T>lk, mlsmGrad<T>(mode, go, up, j / C, N), j, tmp, gx, gt, C);
      }
      i += 4;
    } while (i < n4);
  }
  for (; i < n; i++) {
    const xi = load<T>(at<T>(x, i));
    const z = sexp<T>(-abs<T>(xi));
    const wi: T = w ? load<T>(at<T>(w, i)) : <T>1;
    mlsmElement<T>(xi, load<T>(at<T>(t, i)), wi, w != 0, z, slog1p<T>(z), mlsmGrad<T>(mode, go, up, i / C, N), i, tmp, gx, gt, C);
  }
  for (let r = 0; r < N; r++) {
    const s: T = sizeof<T>() == 4 ? <T>sum_f32(at<T>(tmp, r * C), C) : <T>sum_f64(at<T>(tmp, r * C), C);
    store<T>(at<T>(out, r), s / <T>C);
  }
  const total: T = sizeof<T>() == 4 ? <T>sum_f32(out, N) : <T>sum_f64(out, N);
  store<f64>(res, <f64>(mode == 2 ? total / <T>N : total));
}

export function multilabel_soft_margin_f32(x: usize, t: usize, w: usize, N: i32, C: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, gt: usize, tmp: usize, res: usize): void {
  mlsm<f32>(x, t, w, N, C, mode, go, up, out, gx, gt, tmp, res);
}
export function multilabel_soft_margin_f64(x: usize, t: usize, w: usize, N: i32, C: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, gt: usize, tmp: usize, res: usize): void {
  mlsm<f64>(x, t, w, N, C, mode, go, up, out, gx, gt, tmp, res);
}

/**
 * CosineEmbeddingLoss (ATen, EPSILON = 1e-12 as float32): cos = Σx1x2 / sqrt((Σx1² + ε)(Σx2² + ε));
 * loss = 1 - cos where y = 1, max(0, cos - margin) where y = -1, else 0.
 */
@inline function cosineEmbedding<T>(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, scale: f64, up: usize, out: usize, g1: usize, g2: usize): f64 {
  let total: f64 = 0;
  // ATen's EPSILON reaches the tensor op as a float32 scalar: 1e-12 rounded to float32.
  const eps = <T><f32>1e-12;
  for (let n = 0; n < N; n++) {
    const row = n * D;
    let prod: T = <T>0;
    let m1: T = <T>0;
    let m2: T = <T>0;
    let k0 = 0;
    if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && D >= 4) {
      const D4 = D & ~3;
      let pv = f32x4.splat(0);
      let av = f32x4.splat(0);
      let bv = f32x4.splat(0);
      do {
        const o = <usize>(row + k0) << 2;
        const a = v128.load(x1 + o);
        const b = v128.load(x2 + o);
        pv = f32x4.add(pv, f32x4.mul(a, b));
        av = f32x4.add(av, f32x4.mul(a, a));
        bv = f32x4.add(bv, f32x4.mul(b, b));
        k0 += 4;
      } while (k0 < D4);
      prod = <T>hsum4(pv);
      m1 = <T>hsum4(av);
      m2 = <T>hsum4(bv);
    }
    for (let k = k0; k < D; k++) {
      const a = load<T>(at<T>(x1, row + k));
      const b = load<T>(at<T>(x2, row + k));
      prod += a * b;
      m1 += a * a;
      m2 += b * b;
    }
    m1 += eps;
    m2 += eps;
    const denom = sqrtT<T>(m1 * m2);
    const cos = prod / denom;
    const yn = load<T>(at<T>(y, n));
    let l: T = <T>0;
    let dcos: T = <T>0;
    if (yn == <T>1) {
      l = <T>1 - cos;
      dcos = <T>-1;
    } else if (yn == <T>-1) {
      const v = cos - <T>margin;
      l = v > <T>0 ? v : <T>0;
      // clamp_min's backward passes the gradient where v >= 0 (NaN included in neither branch).
      dcos = v >= <T>0 ? <T>1 : <T>0;
    }
    total += <f64>l;
    if (out) store<T>(at<T>(out, n), l);
    if (g1 || g2) {
      const g = dcos * <T>scale * upAt<T>(up, n);
      // Autograd's chain through cos = prod / denom, denom = sqrt(m1·m2).
      const gprod = g / denom;
      const gden = -g * prod / (denom * denom);
      const gmm = gden / (<T>2 * denom);
      const gm1 = gmm * m2;
      const gm2 = gmm * m1;
      let k1 = 0;
      if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && D >= 4) {
        const D4 = D & ~3;
        const gp = f32x4.splat(<f32>gprod);
        const ga = f32x4.splat(<f32>(gm1 * <T>2));
        const gb = f32x4.splat(<f32>(gm2 * <T>2));
        do {
          const o = <usize>(row + k1) << 2;
          const a = v128.load(x1 + o);
          const b = v128.load(x2 + o);
          if (g1) v128.store(g1 + o, f32x4.add(f32x4.mul(gp, b), f32x4.mul(ga, a)));
          if (g2) v128.store(g2 + o, f32x4.add(f32x4.mul(gp, a), f32x4.mul(gb, b)));
          k1 += 4;
        } while (k1 < D4);
      }
      for (let k = k1; k < D; k++) {
        const a = load<T>(at<T>(x1, row + k));
        const b = load<T>(at<T>(x2, row + k));
        if (g1) store<T>(at<T>(g1, row + k), gprod * b + gm1 * <T>2 * a);
        if (g2) store<T>(at<T>(g2, row + k), gprod * a + gm2 * <T>2 * b);
      }
    }
  }
  return total;
}

export function cosine_embedding_f32(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, scale: f64, up: usize, out: usize, g1: usize, g2: usize): f64 {
  return cosineEmbedding<f32>(x1, x2, y, N, D, margin, scale, up, out, g1, g2);
}
export function cosine_embedding_f64(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, scale: f64, up: usize, out: usize, g1: usize, g2: usize): f64 {
  return cosineEmbedding<f64>(x1, x2, y, N, D, margin, scale, up, out, g1, g2);
}

/** ‖a - b + eps‖_p over one row (PyTorch's pairwise_distance); p = Infinity gives the max norm. */
function pdist<T>(a: usize, b: usize, row: i32, D: i32, p: f64, eps: T): T {
  let s: T = <T>0;
  if (p == 2) {
    let k = 0;
    if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && D >= 4) {
      const D4 = D & ~3;
      const ev = f32x4.splat(<f32>eps);
      let acc = f32x4.splat(0);
      do {
        const o = <usize>(row + k) << 2;
        const v = f32x4.add(f32x4.sub(v128.load(a + o), v128.load(b + o)), ev);
        acc = f32x4.add(acc, f32x4.mul(v, v));
        k += 4;
      } while (k < D4);
      s = <T>hsum4(acc);
    }
    for (; k < D; k++) {
      const v = load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps;
      s += v * v;
    }
    return sqrtT<T>(s);
  }
  if (p == 1) {
    for (let k = 0; k < D; k++) s += absT<T>(load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps);
    return s;
  }
  if (p == 0) {
    for (let k = 0; k < D; k++) if (load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps != <T>0) s += <T>1;
    return s;
  }
  if (p == Infinity) {
    for (let k = 0; k < D; k++) {
      const v = absT<T>(load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps);
      if (v > s || v != v) s = v;
    }
    return s;
  }
  const pt = <T>p;
  for (let k = 0; k < D; k++) s += powT<T>(absT<T>(load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps), pt);
  return powT<T>(s, <T>1 / pt);
}

@inline function sgn<T>(v: T): T {
  return v > <T>0 ? <T>1 : v < <T>0 ? <T>-1 : v;
}

/** Adds ±(d‖v‖_p/dv)·g to ga (+) and gb (−), v = a - b + eps, as ATen's norm_backward. */
function pdistBack<T>(a: usize, b: usize, row: i32, D: i32, p: f64, eps: T, norm: T, g: T, ga: usize, gb: usize): void {
  // No early exit for g == 0: PyTorch multiplies it through, so 0·inf gives NaN as it does there.
  if (p == 0) return;
  let count: T = <T>0;
  if (p == Infinity) {
    for (let k = 0; k < D; k++) {
      const v = absT<T>(load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps);
      if (v == norm || (v != v && norm != norm)) count += <T>1;
    }
  }
  const pt = <T>p;
  let k0 = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && p == 2 && D >= 4) {
    const D4 = D & ~3;
    const ev = f32x4.splat(<f32>eps);
    const sc = f32x4.splat(norm == <T>0 ? <f32>0 : <f32>(g / norm));
    do {
      const o = <usize>(row + k0) << 2;
      const d = f32x4.mul(f32x4.add(f32x4.sub(v128.load(a + o), v128.load(b + o)), ev), sc);
      if (ga) v128.store(ga + o, f32x4.add(v128.load(ga + o), d));
      if (gb) v128.store(gb + o, f32x4.sub(v128.load(gb + o), d));
      k0 += 4;
    } while (k0 < D4);
  }
  for (let k = k0; k < D; k++) {
    const v = load<T>(at<T>(a, row + k)) - load<T>(at<T>(b, row + k)) + eps;
    let d: T;
    if (p == 1) d = sgn<T>(v) * g;
    else if (p == 2) d = norm == <T>0 ? <T>0 : v * (g / norm);
    else if (p == Infinity) {
      const av = absT<T>(v);
      d = av == norm || (av != av && norm != norm) ? sgn<T>(v) * (g / count) : <T>0;
    } else if (p < 1) {
      const s = v == <T>0 ? <T>0 : sgn<T>(v) * powT<T>(absT<T>(v), pt - <T>1);
      d = s * g * powT<T>(norm, <T>1 - pt);
    } else if (p < 2) {
      const sv = norm == <T>0 ? <T>0 : g / powT<T>(norm, pt - <T>1);
      d = sgn<T>(v) * powT<T>(absT<T>(v), pt - <T>1) * sv;
    } else {
      const sv = norm == <T>0 ? <T>0 : g / powT<T>(norm, pt - <T>1);
      d = v * powT<T>(absT<T>(v), pt - <T>2) * sv;
    }
    if (ga) store<T>(at<T>(ga, row + k), load<T>(at<T>(ga, row + k)) + d);
    if (gb) store<T>(at<T>(gb, row + k), load<T>(at<T>(gb, row + k)) - d);
  }
}

/**
 * TripletMarginLoss: loss = max(0, margin + d(a, p) - d(a, n)), d = ‖·‖_p with eps; with swap,
 * d(a, n) becomes minimum(d(a, n), d(p, n)) (ties split the gradient, NaN propagates). Gradient pointers are
 * accumulated into, so the caller zeroes them.
 */
@inline function triplet<T>(a: usize, ps: usize, ng: usize, N: i32, D: i32, margin: f64, p: f64, epsv: f64, swap: bool, scale: f64, up: usize, out: usize, ga: usize, gp: usize, gn: usize): f64 {
  let total: f64 = 0;
  const eps = <T>epsv;
  for (let n = 0; n < N; n++) {
    const row = n * D;
    const dp = pdist<T>(a, ps, row, D, p, eps);
    const dn = pdist<T>(a, ng, row, D, p, eps);
    let dneg = dn;
    let ds: T = <T>0;
    if (swap) {
      ds = pdist<T>(ps, ng, row, D, p, eps);
      dneg = dn != dn || ds != ds ? dn + ds : dn < ds ? dn : ds;
    }
    const v = <T>margin + dp - dneg;
    const l: T = v > <T>0 ? v : v != v ? v : <T>0;
    total += <f64>l;
    if (out) store<T>(at<T>(out, n), l);
    if (ga || gp || gn) {
      const g: T = v >= <T>0 ? <T>scale * upAt<T>(up, n) : <T>0;
      pdistBack<T>(a, ps, row, D, p, eps, dp, g, ga, gp);
      let gdn = -g;
      let gds: T = <T>0;
      if (swap) {
        if (dn == ds) {
          gdn = -g / <T>2;
          gds = -g / <T>2;
        } else if (dn > ds) {
          gdn = <T>0;
          gds = -g;
        }
      }
      pdistBack<T>(a, ng, row, D, p, eps, dn, gdn, ga, gn);
      if (swap) pdistBack<T>(ps, ng, row, D, p, eps, ds, gds, gp, gn);
    }
  }
  return total;
}

export function triplet_f32(a: usize, ps: usize, ng: usize, N: i32, D: i32, margin: f64, p: f64, eps: f64, swap: bool, scale: f64, up: usize, out: usize, ga: usize, gp: usize, gn: usize): f64 {
  return triplet<f32>(a, ps, ng, N, D, margin, p, eps, swap, scale, up, out, ga, gp, gn);
}
export function triplet_f64(a: usize, ps: usize, ng: usize, N: i32, D: i32, margin: f64, p: f64, eps: f64, swap: bool, scale: f64, up: usize, out: usize, ga: usize, gp: usize, gn: usize): f64 {
  return triplet<f64>(a, ps, ng, N, D, margin, p, eps, swap, scale, up, out, ga, gp, gn);
}
