// Embedding losses: CosineEmbeddingLoss, TripletMarginLoss (and TripletMarginWithDistanceLoss with a pairwise
// distance). Inputs arrive already broadcast by the caller; row-major (N, D). They reproduce PyTorch 1.13's CPU
// arithmetic operation for operation (the order of every sum, the dtype of every intermediate, fused multiply-adds
// where ATen's AVX2 build has them), so their results are bit-identical to PyTorch's.
import { kf, ZERO } from "./consts";
import { addLanes, at } from "./common";
import { fmaF32, fmaF64, powT, sqrtT } from "./mathT";
import { absT } from "./scalar-math";
import { sum_f32, sum_f64 } from "./reduce";
import { TORCH_NORM_V2, torchFlag } from "./torch-flags";

/** Σ a[k]·b[k] over one row as torch.sum adds the products: formed into `tmp`, then the sum kernel. */
function rowDot<T>(a: usize, b: usize, row: i32, D: i32, tmp: usize): T {
  const pa = at<T>(a, row);
  const pb = at<T>(b, row);
  let k = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4) {
    const D4 = D & ~3;
    if (D4 > 0) do {
      const o = <usize>k << 2;
      v128.store(tmp + o, f32x4.mul(v128.load(pa + o), v128.load(pb + o)));
      k += 4;
    } while (k < D4);
  }
  for (; k < D; k++) store<T>(at<T>(tmp, k), load<T>(at<T>(pa, k)) * load<T>(at<T>(pb, k)));
  return <T>(sizeof<T>() == 4 ? sum_f32(tmp, D) : sum_f64(tmp, D));
}

/** The three row sums of cosineEmbedding (x1·x2, x1·x1, x2·x2), as rowDots leaves them. */
let dotP: f64 = 0;
let dotA: f64 = 0;
let dotB: f64 = 0;

/**
 * rowDot for a·b, a·a and b·b. float32 rows of one to three 32-byte vectors never reach the cascade's groups
 * (they are its leftover vectors, added into vector 0, then the scalar tail and vector 0's lanes in order):
 * there the three sums are formed on the fly in one pass, their in-order lane sums overlapping.
 */
function rowDots<T>(a: usize, b: usize, row: i32, D: i32, tmp: usize): void {
  const lanes: i32 = 32 / sizeof<T>();
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && D >= lanes && D < 4 * lanes) {
    const pa = at<T>(a, row);
    const pb = at<T>(b, row);
    const nv = D / lanes;
    let p0 = v128.splat<T>(0), p1 = p0, a0 = p0, a1 = p0, b0 = p0, b1 = p0;
    const vend = <usize>nv << 5;
    for (let q: usize = 0; q < vend; q += 32) {
      const x0 = v128.load(pa + q);
      const x1 = v128.load(pa + q, 16);
      const y0 = v128.load(pb + q);
      const y1 = v128.load(pb + q, 16);
      p0 = v128.add<T>(p0, v128.mul<T>(x0, y0));
      p1 = v128.add<T>(p1, v128.mul<T>(x1, y1));
      a0 = v128.add<T>(a0, v128.mul<T>(x0, x0));
      a1 = v128.add<T>(a1, v128.mul<T>(x1, x1));
      b0 = v128.add<T>(b0, v128.mul<T>(y0, y0));
      b1 = v128.add<T>(b1, v128.mul<T>(y1, y1));
    }
    let fp: T = <T>0, fa: T = <T>0, fb: T = <T>0;
    for (let i = nv * lanes; i < D; i++) {
      const x = load<T>(at<T>(pa, i));
      const y = load<T>(at<T>(pb, i));
      fp += x * y;
      fa += x * x;
      fb += y * y;
    }
    dotP = <f64>(<T>0 + addLanes<T>(addLanes<T>(fp, p0), p1));
    dotA = <f64>(<T>0 + addLanes<T>(addLanes<T>(fa, a0), a1));
    dotB = <f64>(<T>0 + addLanes<T>(addLanes<T>(fb, b0), b1));
    return;
  }
  dotP = <f64>rowDot<T>(a, b, row, D, tmp);
  dotA = <f64>rowDot<T>(a, a, row, D, tmp);
  dotB = <f64>rowDot<T>(b, b, row, D, tmp);
}

/**
 * CosineEmbeddingLoss as ATen's composite (Loss.cpp): prod = Σx1·x2, m_i = Σx_i² + EPSILON (1e-12 as float32),
 * each Σ being torch.sum over the row; cos = prod / sqrt(m1·m2); loss = where(y == 1, 1 - cos, 0) +
 * where(y == -1, clamp_min(cos - margin, 0), 0). The gradient follows autograd's nodes in their order:
 * G = up[n] (per row) or the scalar G (the mean's up / N, rounded); gcos = -[y == 1]G + [y == -1][cos - margin >= 0]G;
 * gprod = gcos / denom, gdenom = -gcos·(cos / denom), gm = gdenom / (2·denom);
 * dx1 = 2·(gm·m2·x1) + gprod·x2 (x1·x1's two gradients arrive first), dx2 = gprod·x1 + 2·(gm·m1·x2).
 * `tmp`: D elements of scratch. The caller reduces `out` (torch.mean / torch.sum).
 */
@inline function cosineEmbedding<T>(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, G: f64, up: usize, out: usize, g1: usize, g2: usize, tmp: usize): void {
  const eps = <T><f32>1e-12;
  const mg = <T>margin;
  for (let n = 0; n < N; n++) {
    const row = n * D;
    rowDots<T>(x1, x2, row, D, tmp);
    const prod = <T>dotP;
    const m1 = <T>dotA + eps;
    const m2 = <T>dotB + eps;
    const denom = sqrtT<T>(m1 * m2);
    const cos = prod / denom;
    const yn = load<T>(at<T>(y, n));
    const v = cos - mg;
    const neg: T = v > <T>0 || v != v ? v : <T>0;
    const lp: T = yn == <T>1 ? <T>1 - cos : <T>0;
    const ln: T = yn == <T>-1 ? neg : <T>0;
    store<T>(at<T>(out, n), lp + ln);
    if (!(g1 || g2)) continue;
    const Gn: T = up ? load<T>(at<T>(up, n)) : <T>G;
    const gpos: T = yn == <T>1 ? Gn : <T>0;
    const gv: T = yn == <T>-1 && v >= <T>0 ? Gn : <T>0;
    const gcos = -gpos + gv;
    const gprod = gcos / denom;
    const gden = -gcos * (cos / denom);
    const gmm = gden / (<T>2 * denom);
    const gm1 = gmm * m2;
    const gm2 = gmm * m1;
    let k = 0;
    if (ASC_FEATURE_SIMD && sizeof<T>() == 4) {
      const D4 = D & ~3;
      const gp = f32x4.splat(<f32>gprod);
      const ga = f32x4.splat(<f32>gm1);
      const gb = f32x4.splat(<f32>gm2);
      if (D4 > 0) do {
        const o = <usize>(row + k) << 2;
        const a = v128.load(x1 + o);
        const b = v128.load(x2 + o);
        if (g1) {
          const s = f32x4.mul(ga, a);
          v128.store(g1 + o, f32x4.add(f32x4.add(s, s), f32x4.mul(gp, b)));
        }
        if (g2) {
          const s = f32x4.mul(gb, b);
          v128.store(g2 + o, f32x4.add(f32x4.mul(gp, a), f32x4.add(s, s)));
        }
        k += 4;
      } while (k < D4);
    }
    for (; k < D; k++) {
      const a = load<T>(at<T>(x1, row + k));
      const b = load<T>(at<T>(x2, row + k));
      if (g1) {
        const s = gm1 * a;
        store<T>(at<T>(g1, row + k), (s + s) + gprod * b);
      }
      if (g2) {
        const s = gm2 * b;
        store<T>(at<T>(g2, row + k), gprod * a + (s + s));
      }
    }
  }
}

export function cosine_embedding_f32(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, G: f64, up: usize, out: usize, g1: usize, g2: usize, tmp: usize): void {
  cosineEmbedding<f32>(x1, x2, y, N, D, margin, G, up, out, g1, g2, tmp);
}
export function cosine_embedding_f64(x1: usize, x2: usize, y: usize, N: i32, D: i32, margin: f64, G: f64, up: usize, out: usize, g1: usize, g2: usize, tmp: usize): void {
  cosineEmbedding<f64>(x1, x2, y, N, D, margin, G, up, out, g1, g2, tmp);
}

/** v = (a - b) + eps, element i (x1 - x2 + eps in pairwise_distance, two rounded operations). */
@inline function diffAt<T>(a: usize, b: usize, i: i32, eps: T): T {
  return (load<T>(at<T>(a, i)) - load<T>(at<T>(b, i))) + eps;
}

/**
 * Lanes of a float64 sum s whose rounding to float32 may differ from the exact sum's: s on a float32 midpoint
 * (the 29 bits below float32's precision are 1000...0), or |s| below float32's normal range.
 */
@inline function roundRisk(s: v128, mid: v128, low: v128, tiny: v128): v128 {
  return v128.or(i64x2.eq(v128.and(s, low), mid), f64x2.lt(f64x2.abs(s), tiny));
}

/** float32 lane k of an f64x2 pair (the accumulators below hold float32 values). */
@inline function lane32(v: v128, k: i32): f32 {
  return <f32>(k == 0 ? f64x2.extract_lane(v, 0) : f64x2.extract_lane(v, 1));
}

/**
 * The first D8 elements (a multiple of 8) of ATen's float32 2-norm: 8 lanes of fused multiply-adds
 * (emulated exactly, see mathT.ts fmaF32), then lanes 0..7 added in order.
 */
function lanesExact(a: usize, b: usize, row: i32, D8: i32, eps: f32): f32 {
  memory.fill(LANES8, 0, 32);
  for (let k = 0; k < D8; k++) {
    const v = diffAt<f32>(a, b, row + k, eps);
    const q = LANES8 + (<usize>(k & 7) << 2);
    store<f32>(q, fmaF32(v, v, load<f32>(q)));
  }
  let s = load<f32>(LANES8);
  for (let j = 1; j < 8; j++) s += load<f32>(LANES8 + (<usize>j << 2));
  return s;
}

/** lanesExact's eight accumulators. */
const LANES8 = memory.data(32, 16);

/**
 * Σv² over one row as at::norm(p = 2) adds it. float64: one fused multiply-add per element, in order.
 * float32 (ATen's AVX2 last-dimension path): 8 lane accumulators take fused multiply-adds over each full group
 * of 8, are added lane 0 to 7, then the tail adds groups of 4 squares (rounded) and the last < 4 elements by
 * fused multiply-adds.
 */
function sumSq<T>(a: usize, b: usize, row: i32, D: i32, eps: T): T {
  if (torchFlag(TORCH_NORM_V2)) return sumSqV2<T>(a, b, row, D, eps);
  let k = 0;
  if (sizeof<T>() == 8) {
    let s: f64 = 0;
    for (; k < D; k++) {
      const v = <f64>diffAt<T>(a, b, row + k, eps);
      s = fmaF64(v, v, s);
    }
    return <T>s;
  }
  const D8 = D & ~7;
  let s: f32 = 0;
  if (ASC_FEATURE_RELAXED_SIMD) {
    // The FMA build (hosts whose relaxed_madd fuses): ATen's eight lanes as two vectors of real FMAs.
    const ev = f32x4.splat(<f32>eps);
    const pa = at<f32>(a, row);
    const pb = at<f32>(b, row);
    let acc0 = f32x4.splat(0);
    let acc1 = acc0;
    for (; k < D8; k += 8) {
      const o = <usize>k << 2;
      const lo = f32x4.add(f32x4.sub(v128.load(pa + o), v128.load(pb + o)), ev);
      const hi = f32x4.add(f32x4.sub(v128.load(pa + o, 16), v128.load(pb + o, 16)), ev);
      acc0 = f32x4.relaxed_madd(lo, lo, acc0);
      acc1 = f32x4.relaxed_madd(hi, hi, acc1);
    }
    s = f32x4.extract_lane(acc0, 0);
    s += f32x4.extract_lane(acc0, 1);
    s += f32x4.extract_lane(acc0, 2);
    s += f32x4.extract_lane(acc0, 3);
    s += f32x4.extract_lane(acc1, 0);
    s += f32x4.extract_lane(acc1, 1);
    s += f32x4.extract_lane(acc1, 2);
    s += f32x4.extract_lane(acc1, 3);
  } else if (ASC_FEATURE_SIMD) {
    let l0 = f64x2.splat(0), l1 = l0, l2 = l0, l3 = l0;
    const ev = f32x4.splat(<f32>eps);
    const pa = at<f32>(a, row);
    const pb = at<f32>(b, row);
    // The lanes' fused multiply-adds two at a time in float64 (v² is exact there), each sum rounded straight to
    // float32. That double rounding equals the FMA's single one unless the float64 sum sits on a float32
    // midpoint or below float32's normal range: such a row is flagged and redone exactly (lanesExact).
    const mid = i64x2.splat(0x10000000);
    const low = i64x2.splat(0x1fffffff);
    const tiny = f64x2.splat(1.1754943508222875e-38);
    let flags = f64x2.splat(0);
    for (; k < D8; k += 8) {
      const o = <usize>k << 2;
      const lo = f32x4.add(f32x4.sub(v128.load(pa + o), v128.load(pb + o)), ev);
      const hi = f32x4.add(f32x4.sub(v128.load(pa + o, 16), v128.load(pb + o, 16)), ev);
      const v0 = f64x2.promote_low_f32x4(lo);
      const v1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(lo, lo, 2, 3, 0, 1));
      const v2 = f64x2.promote_low_f32x4(hi);
      const v3 = f64x2.promote_low_f32x4(v128.shuffle<f32>(hi, hi, 2, 3, 0, 1));
      const s0 = f64x2.add(f64x2.mul(v0, v0), l0);
      const s1 = f64x2.add(f64x2.mul(v1, v1), l1);
      const s2 = f64x2.add(f64x2.mul(v2, v2), l2);
      const s3 = f64x2.add(f64x2.mul(v3, v3), l3);
      flags = v128.or(flags, v128.or(v128.or(roundRisk(s0, mid, low, tiny), roundRisk(s1, mid, low, tiny)), v128.or(roundRisk(s2, mid, low, tiny), roundRisk(s3, mid, low, tiny))));
      l0 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(s0));
      l1 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(s1));
      l2 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(s2));
      l3 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(s3));
    }
    if (v128.any_true(flags)) {
      s = lanesExact(a, b, row, D8, <f32>eps);
    } else {
      s = lane32(l0, 0);
      s += lane32(l0, 1);
      s += lane32(l1, 0);
      s += lane32(l1, 1);
      s += lane32(l2, 0);
      s += lane32(l2, 1);
      s += lane32(l3, 0);
      s += lane32(l3, 1);
    }
  } else {
    s = lanesExact(a, b, row, D8, <f32>eps);
    k = D8;
  }
  const D4 = k + ((D - k) & ~3);
  for (; k < D4; k++) {
    const v = <f32>diffAt<T>(a, b, row + k, eps);
    s += v * v;
  }
  for (; k < D; k++) {
    const v = <f32>diffAt<T>(a, b, row + k, eps);
    s = fmaF32(v, v, s);
  }
  return <T>s;
}

/**
 * PyTorch 2.x's Σv² (linalg_vector_norm's last-dimension path, AVX2): Vec::size() lanes (8 float, 4 double) each
 * adding the rounded square, lanes added 0 to L-1; the tail as 1.13's (float: groups of 4 rounded squares added
 * in order, then fused multiply-adds; double: fused multiply-adds).
 */
function sumSqV2<T>(a: usize, b: usize, row: i32, D: i32, eps: T): T {
  const L = sizeof<T>() == 4 ? 8 : 4;
  const DL = D - D % L;
  let s: T = <T>0;
  if (DL > 0) {
    // Lane j holds the elements j, j + L, ...: its sum in order is the lane's accumulator.
    for (let j = 0; j < L; j++) {
      let acc: T = <T>0;
      for (let k = j; k < DL; k += L) {
        const v = diffAt<T>(a, b, row + k, eps);
        acc += v * v;
      }
      s = j == 0 ? acc : s + acc;
    }
  }
  let k = DL;
  if (sizeof<T>() == 4) {
    const D4 = k + ((D - k) & ~3);
    for (; k < D4; k++) {
      const v = diffAt<T>(a, b, row + k, eps);
      s += v * v;
    }
    for (; k < D; k++) {
      const v = <f32>diffAt<T>(a, b, row + k, eps);
      s = <T>fmaF32(v, v, <f32>s);
    }
  } else {
    for (; k < D; k++) {
      const v = <f64>diffAt<T>(a, b, row + k, eps);
      s = <T>fmaF64(v, v, <f64>s);
    }
  }
  return s;
}

/** ‖a - b + eps‖_p over one row, as at::norm reduces it (sums in order, in the dtype); p = Infinity: max |v|. */
function pdist<T>(a: usize, b: usize, row: i32, D: i32, p: f64, eps: T): T {
  if (p == 2) return sqrtT<T>(sumSq<T>(a, b, row, D, eps));
  let s: T = <T>0;
  if (p == 1) {
    for (let k = 0; k < D; k++) s += absT<T>(diffAt<T>(a, b, row + k, eps));
    return s;
  }
  if (p == 0) {
    for (let k = 0; k < D; k++) if (diffAt<T>(a, b, row + k, eps) != <T>0) s += <T>1;
    return s;
  }
  if (p == Infinity) {
    for (let k = 0; k < D; k++) {
      const v = absT<T>(diffAt<T>(a, b, row + k, eps));
      if (v > s || v != v) s = v;
    }
    return s;
  }
  const pt = <T>p;
  for (let k = 0; k < D; k++) s += powT<T>(absT<T>(diffAt<T>(a, b, row + k, eps)), pt);
  return powT<T>(s, <T>1 / pt);
}

/** tensor.pow(e) for a scalar exponent: ATen computes the common exponents by their own formulas. */
function powScalar<T>(x: T, e: f64): T {
  if (e == 1) return x;
  if (e == 2) return x * x;
  if (e == 3) return x * x * x;
  if (e == 0.5) return sqrtT<T>(x);
  if (e == -0.5) return <T>1 / sqrtT<T>(x);
  if (e == -1) return <T>1 / x;
  if (e == -2) return <T>1 / (x * x);
  return powT<T>(x, <T>e);
}

/** torch.sgn of a real: ±1, and +0 for ±0 and NaN. */
@inline function sgn<T>(v: T): T {
  return v > <T>0 ? <T>1 : v < <T>0 ? <T>-1 : <T>0;
}

/**
 * Adds d‖v‖_p/dv·g to ga and its negation to gb (v = a - b + eps), with ATen's norm_backward formulas:
 * p = 2: g·(v / norm), masked to g·0 where norm == 0; p = 1: sgn(v)·g. `add`: whether ga / gb already hold
 * a gradient to add to (as autograd's first gradient is taken as is: -0 stays -0, not 0 + -0).
 */
function pdistBack<T>(a: usize, b: usize, row: i32, D: i32, p: f64, eps: T, norm: T, g: T, ga: usize, gb: usize, addA: bool, addB: bool): void {
  // No early exit for g == 0: PyTorch multiplies it through, so 0·inf gives NaN and ±0 keep their signs.
  if (p == 0) return;
  let count: T = <T>0;
  if (p == Infinity) {
    for (let k = 0; k < D; k++) {
      const v = absT<T>(diffAt<T>(a, b, row + k, eps));
      if (v == norm || (v != v && norm != norm)) count += <T>1;
    }
  }
  let k = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && p == 2) {
    const D4 = D & ~3;
    const ev = f32x4.splat(<f32>eps);
    const nv = f32x4.splat(<f32>norm);
    const gv = f32x4.splat(<f32>g);
    const pa = at<f32>(a, row);
    const pb = at<f32>(b, row);
    for (; k < D4; k += 4) {
      const o = <usize>k << 2;
      const v = f32x4.add(f32x4.sub(v128.load(pa + o), v128.load(pb + o)), ev);
      const d = f32x4.mul(gv, norm == <T>0 ? kf(ZERO) : f32x4.div(v, nv));
      const qa = at<f32>(ga, row) + o;
      const qb = at<f32>(gb, row) + o;
      if (ga) v128.store(qa, addA ? f32x4.add(v128.load(qa), d) : d);
      if (gb) v128.store(qb, addB ? f32x4.sub(v128.load(qb), d) : f32x4.neg(d));
    }
  }
  for (; k < D; k++) {
    const v = diffAt<T>(a, b, row + k, eps);
    let d: T;
    if (p == 2) d = g * (norm == <T>0 ? <T>0 : v / norm);
    else if (p == 1) d = sgn<T>(v) * g;
    else if (p == Infinity) {
      const av = absT<T>(v);
      d = av == norm || (av != av && norm != norm) ? sgn<T>(v) * (g / count) : <T>0;
    } else if (p < 1) {
      const s = v == <T>0 ? <T>0 : sgn<T>(v) * powScalar<T>(absT<T>(v), p - 1);
      d = s * g * powScalar<T>(norm, 1 - p);
    } else if (p < 2) {
      const sv = norm == <T>0 ? <T>0 : g / powScalar<T>(norm, p - 1);
      d = sgn<T>(v) * powScalar<T>(absT<T>(v), p - 1) * sv;
    } else {
      const sv = norm == <T>0 ? <T>0 : g / powScalar<T>(norm, p - 1);
      d = v * powScalar<T>(absT<T>(v), p - 2) * sv;
    }
    if (ga) store<T>(at<T>(ga, row + k), addA ? load<T>(at<T>(ga, row + k)) + d : d);
    if (gb) store<T>(at<T>(gb, row + k), addB ? load<T>(at<T>(gb, row + k)) - d : -d);
  }
}

/**
 * TripletMarginLoss (Loss.cpp): loss = clamp_min(margin + d(a, p) - d(a, n), 0), d = pairwise_distance; with
 * swap, d(a, n) becomes minimum(d(a, n), d(p, n)). `marginLast`: F.triplet_margin_with_distance_loss's order,
 * clamp(d(a, p) - d(a, n) + margin, min=0). Backward as autograd: G = up[n] or the scalar G,
 * gv = G where margin + d_p - d_n >= 0 else +0, d_p gets gv and d_n gets -gv (so -0 where the hinge is off);
 * minimum splits -gv in halves on ties and gives +0 to the larger. Each input's gradient is its first
 * contribution, plus the second (anchor: d_p then d_n; positive: d_p then the swap's; negative: d_n then the
 * swap's). The caller reduces `out`.
 */
@inline function triplet<T>(a: usize, ps: usize, ng: usize, N: i32, D: i32, margin: f64, p: f64, epsv: f64, swap: bool, marginLast: bool, G: f64, up: usize, out: usize, ga: usize, gp: usize, gn: usize): void {
  const eps = <T>epsv;
  const mg = <T>margin;
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
    const v = marginLast ? (dp - dneg) + mg : (dp + mg) - dneg;
    store<T>(at<T>(out, n), v > <T>0 || v != v ? v : <T>0);
    if (!(ga || gp || gn)) continue;
    const Gn: T = up ? load<T>(at<T>(up, n)) : <T>G;
    const gv: T = v >= <T>0 ? Gn : <T>0;
    pdistBack<T>(a, ps, row, D, p, eps, dp, gv, ga, gp, false, false);
    let gdn = -gv;
    let gds: T = <T>0;
    if (swap) {
      const half = dn == ds ? gdn / <T>2 : gdn;
      gds = dn < ds ? <T>0 : half;
      gdn = dn > ds ? <T>0 : half;
    }
    pdistBack<T>(a, ng, row, D, p, eps, dn, gdn, ga, gn, true, false);
    if (swap) pdistBack<T>(ps, ng, row, D, p, eps, ds, gds, gp, gn, true, true);
  }
}

export function triplet_f32(a: usize, ps: usize, ng: usize, N: i32, D: i32, margin: f64, p: f64, eps: f64, swap: bool, marginLast: bool, G: f64, up: usize, out: usize, ga: usize, gp: usize, gn: usize): void {
  triplet<f32>(a, ps, ng, N, D, margin, p, eps, swap, marginLast, G, up, out, ga, gp, gn);
}
export function triplet_f64(a: usize, ps: usize, ng: usize, N: i32, D: i32, margin: f64, p: f64, eps: f64, swap: bool, marginLast: bool, G: f64, up: usize, out: usize, ga: usize, gp: usize, gn: usize): void {
  triplet<f64>(a, ps, ng, N, D, margin, p, eps, swap, marginLast, G, up, out, ga, gp, gn);
}
