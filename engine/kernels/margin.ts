// Margin losses: MultiMarginLoss, MultiLabelMarginLoss, MultiLabelSoftMarginLoss (the embedding losses are in
// embedding.ts). Inputs arrive already broadcast by the caller; row-major (N, C); class indices arrive as float64.
// MultiMargin / MultiLabelMargin reproduce PyTorch 1.13's CPU arithmetic operation for operation (the order of
// every sum, the dtype of every intermediate), so their results are bit-identical to PyTorch's.
import { kf, ONE, ZERO } from "./consts";
import { addLanes, at } from "./common";
import { vexp, vlog1p } from "./aten-elem";
import { sleefExpf4, sleefLog1pf4 } from "./aten-math";
import { sum_f32, sum_f64 } from "./reduce";
@inline function upAt<T>(up: usize, n: i32): T {
  return up ? load<T>(at<T>(up, n)) : <T>1;
}

/**
 * MultiMarginLoss as ATen's CPU kernels (LossMultiMargin.cpp): per row, h_i = max(0, margin - x[y] + x[i])^p·w[y]
 * summed over i ≠ y in class order, in the dtype, then divided by C. The gradient is built with
 * g = T(1/(N·C)) (mean) or T(1/C), dh_i = g or 2g·z (·w[y]), x[y]'s entry = -Σ dh_i in class order, and only
 * then multiplied by the upstream gradient d (the scalar `d`, or up[n] per row): inactive hinges give 0·d.
 * Returns Σ_n loss_n accumulated in float64 (ATen's accscalar_t), which the mean divides by N.
 */
@inline function multiMargin<T>(x: usize, tgt: usize, w: usize, N: i32, C: i32, p: i32, margin: f64, g: f64, d: f64, up: usize, out: usize, gx: usize): f64 {
  let total: f64 = 0;
  const mg = <T>margin;
  const g0 = <T>g;
  const cT = <T>C;
  for (let n = 0; n < N; n++) {
    const row = n * C;
    const y = <i32>load<f64>(at<f64>(tgt, n));
    const xy = load<T>(at<T>(x, row + y));
    const wy: T = w ? load<T>(at<T>(w, y)) : <T>1;
    const base = mg - xy;
    const dn = up ? load<T>(at<T>(up, n)) : <T>d;
    let sum: T = <T>0;
    let gy: T = <T>0;
    // Branch-free (hinges are unpredictable): an inactive term adds +0, which leaves ATen's sums unchanged.
    let i = 0;
    if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && C >= 4) {
      // Four classes at a time; the sums still take the lanes one by one, in class order.
      const C4 = C & ~3;
      const bv = f32x4.splat(<f32>base);
      const zero = kf(ZERO);
      const gv = f32x4.splat(<f32>g0);
      const wv = f32x4.splat(<f32>wy);
      const dv = f32x4.splat(<f32>dn);
      const yv = i32x4.splat(y);
      const four = i32x4.add(yv, i32x4.splat(4 - y)); // 4, built at run time (see consts.ts)
      let iv = i32x4(0, 1, 2, 3);
      do {
        const o = <usize>(row + i) << 2;
        const z = f32x4.add(bv, v128.load(x + o));
        const on = v128.andnot(f32x4.gt(z, zero), i32x4.eq(iv, yv));
        let h = p == 1 ? z : f32x4.mul(z, z);
        let gi = p == 1 ? gv : f32x4.mul(f32x4.add(gv, gv), z);
        if (w) {
          h = f32x4.mul(h, wv);
          gi = f32x4.mul(gi, wv);
        }
        h = v128.and(h, on);
        gi = v128.and(gi, on);
        sum = addLanes<T>(sum, h);
        gy = <T>(<f32>gy - f32x4.extract_lane(gi, 0) - f32x4.extract_lane(gi, 1) - f32x4.extract_lane(gi, 2) - f32x4.extract_lane(gi, 3));
        if (gx) v128.store(gx + o, f32x4.mul(gi, dv));
        iv = i32x4.add(iv, four);
        i += 4;
      } while (i < C4);
    }
    for (; i < C; i++) {
      const z = base + load<T>(at<T>(x, row + i));
      const on = (z > <T>0) & (i != y);
      let h = p == 1 ? z : z * z;
      let gi = p == 1 ? g0 : <T>2 * g0 * z;
      if (w) {
        h *= wy;
        gi *= wy;
      }
      sum += select<T>(h, <T>0, on);
      gi = select<T>(gi, <T>0, on);
      gy -= gi;
      if (gx) store<T>(at<T>(gx, row + i), gi * dn);
    }
    if (gx) store<T>(at<T>(gx, row + y), gy * dn);
    const l = sum / cT;
    total += <f64>l;
    if (out) store<T>(at<T>(out, n), l);
  }
  return total;
}

export function multi_margin_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, p: i32, margin: f64, g: f64, d: f64, up: usize, out: usize, gx: usize): f64 {
  return multiMargin<f32>(x, tgt, w, N, C, p, margin, g, d, up, out, gx);
}
export function multi_margin_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, p: i32, margin: f64, g: f64, d: f64, up: usize, out: usize, gx: usize): f64 {
  return multiMargin<f64>(x, tgt, w, N, C, p, margin, g, d, up, out, gx);
}

/**
 * MultiLabelMarginLoss as ATen's CPU kernels (LossMultiLabelMargin.cpp): the targets of a row are its indices
 * up to the first -1; for each target j in list order and each non-target i in class order,
 * z = 1 - x[j] + x[i] (in the dtype) is added when positive to a float64 row sum, rounded to the dtype at the
 * row's end; loss_n = that / C. Gradient: each active pair adds g = T(1/(N·C)) (mean) or T(1/C) to i's entry
 * and subtracts it from j's, one addition at a time, then everything is multiplied by the upstream d.
 * Per row the non-targets are compacted (indices, values, their running gradient).
 * `work`: 24·(C + 4) bytes. Returns Σ_n T(row sum) / C in float64 (ATen's scalar path, before the mean's / N).
 */
@inline function multiLabelMargin<T>(x: usize, tgt: usize, N: i32, C: i32, g: f64, d: f64, up: usize, out: usize, gx: usize, work: usize): f64 {
  let total: f64 = 0;
  const mark = work;
  const idx = work + (<usize>(C + 4) << 2);
  const xn = work + (<usize>(C + 4) << 3);
  const acc = xn + (<usize>(C + 4) << 3);
  const g0 = <T>g;
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
      store<T>(at<T>(acc, K), <T>0);
      K++;
    }
    if (gx) memory.fill(at<T>(gx, row), 0, <usize>C * sizeof<T>());
    let sum: f64 = 0;
    for (let k = 0; k < C; k++) {
      const j = <i32>load<f64>(at<f64>(tgt, row + k));
      if (j < 0) break;
      const base = <T>1 - load<T>(at<T>(x, row + j));
      let hits = 0;
      let i = 0;
      if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && K >= 4) {
        // Four non-targets at a time, inactive ones masked to +0 (adding +0 changes no sum); the float64 row
        // sum still takes the lanes one by one.
        const K4 = K & ~3;
        const bv = f32x4.splat(<f32>base);
        const zero = kf(ZERO);
        const gv = f32x4.splat(<f32>g0);
        let hv = zero;
        do {
          const o = <usize>i << 2;
          const z = f32x4.add(bv, v128.load(xn + o));
          const on = f32x4.gt(z, zero);
          const zm = v128.and(z, on);
          sum += <f64>f32x4.extract_lane(zm, 0);
          sum += <f64>f32x4.extract_lane(zm, 1);
          sum += <f64>f32x4.extract_lane(zm, 2);
          sum += <f64>f32x4.extract_lane(zm, 3);
          hv = i32x4.sub(hv, on);
          if (gx) v128.store(acc + o, f32x4.add(v128.load(acc + o), v128.and(gv, on)));
          i += 4;
        } while (i < K4);
        hits = i32x4.extract_lane(hv, 0) + i32x4.extract_lane(hv, 1) + i32x4.extract_lane(hv, 2) + i32x4.extract_lane(hv, 3);
      }
      for (; i < K; i++) {
        const z = base + load<T>(at<T>(xn, i));
        const on = z > <T>0;
        sum += select<f64>(<f64>z, 0, on);
        hits += <i32>on;
        if (gx) store<T>(at<T>(acc, i), load<T>(at<T>(acc, i)) + select<T>(g0, <T>0, on));
      }
      if (gx && hits) {
        // ATen subtracts g once per active pair: repeated subtraction rounds differently from hits·g.
        let gj = load<T>(at<T>(gx, row + j));
        for (let h = 0; h < hits; h++) gj -= g0;
        store<T>(at<T>(gx, row + j), gj);
      }
    }
    const rs = <T>sum;
    if (gx) {
      const dn = up ? load<T>(at<T>(up, n)) : <T>d;
      for (let k = 0; k < K; k++) store<T>(at<T>(gx, row + load<i32>(idx + (<usize>k << 2))), load<T>(at<T>(acc, k)));
      // (·1 changes nothing, not even a zero's sign or a NaN: skipped.)
      if (dn != <T>1) for (let i = 0; i < C; i++) store<T>(at<T>(gx, row + i), load<T>(at<T>(gx, row + i)) * dn);
    }
    total += <f64>rs;
    if (out) store<T>(at<T>(out, n), rs / <T>C);
  }
  return total / <f64>C;
}

export function multilabel_margin_f32(x: usize, tgt: usize, N: i32, C: i32, g: f64, d: f64, up: usize, out: usize, gx: usize, work: usize): f64 {
  return multiLabelMargin<f32>(x, tgt, N, C, g, d, up, out, gx, work);
}
export function multilabel_margin_f64(x: usize, tgt: usize, N: i32, C: i32, g: f64, d: f64, up: usize, out: usize, gx: usize, work: usize): f64 {
  return multiLabelMargin<f64>(x, tgt, N, C, g, d, up, out, gx, work);
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
  if (sizeof<T>() == 4 && ASC_FEATURE_SIMD && (mode != 0 || !up)) {
    // One upstream for every element: the whole body four lanes at a time, mlsmElement's operations in its order.
    const n4 = n & ~3;
    const zero = kf(ZERO);
    const one = kf(ONE);
    const gv = f32x4.neg(f32x4.div(f32x4.splat(mlsmGrad<f32>(mode, go, up, 0, N)), f32x4.splat(<f32>C)));
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const xv = v128.load(x + o);
      const tv = v128.load(t + o);
      const z = sleefExpf4(f32x4.neg(f32x4.abs(xv)));
      const lz = sleefLog1pf4(z);
      const nx = f32x4.neg(xv);
      // min(±x, 0) as the scalar's (v < 0 || v != v ? v : 0): 0 where v >= 0, else v (NaN kept).
      const lp = f32x4.sub(v128.bitselect(zero, xv, f32x4.ge(xv, zero)), lz);
      const ln = f32x4.sub(v128.bitselect(zero, nx, f32x4.ge(nx, zero)), lz);
      const wv = w ? v128.load(w + o) : one;
      let l = f32x4.neg(f32x4.add(f32x4.mul(tv, lp), f32x4.mul(f32x4.sub(one, tv), ln)));
      if (w) l = f32x4.mul(l, wv);
      v128.store(tmp + o, l);
      if (gx | gt) {
        // g = -(gr / C · w): the scalar's -(g·w) equals (-g)·w bit for bit.
        const g = w ? f32x4.mul(gv, wv) : gv;
        if (gx) {
          const q = f32x4.div(z, f32x4.add(one, z));
          const b1 = v128.bitselect(f32x4.sub(one, q), f32x4.add(zero, q), f32x4.lt(xv, zero));
          const b2 = v128.bitselect(f32x4.sub(one, q), f32x4.add(zero, q), f32x4.lt(nx, zero));
          const g1 = f32x4.mul(b1, f32x4.mul(g, tv));
          const g2 = f32x4.mul(b2, f32x4.mul(g, f32x4.sub(one, tv)));
          v128.store(gx + o, f32x4.add(g1, f32x4.neg(g2)));
        }
        if (gt) v128.store(gt + o, f32x4.add(f32x4.mul(g, lp), f32x4.neg(f32x4.mul(g, ln))));
      }
      i += 4;
    } while (i < n4);
  } else if (sizeof<T>() == 4 && ASC_FEATURE_SIMD) {
    // Per-row upstreams: four elements at a time; lanes go back through the scalar body with their exp and log1p.
    const n4 = n & ~3;
    if (n4 > 0) do {
      const xv = v128.load(x + (<usize>i << 2));
      const z = sleefExpf4(f32x4.neg(f32x4.abs(xv)));
      const lz = sleefLog1pf4(z);
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
    const z = vexp<T>(-abs<T>(xi));
    const wi: T = w ? load<T>(at<T>(w, i)) : <T>1;
    mlsmElement<T>(xi, load<T>(at<T>(t, i)), wi, w != 0, z, vlog1p<T>(z), mlsmGrad<T>(mode, go, up, i / C, N), i, tmp, gx, gt, C);
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
