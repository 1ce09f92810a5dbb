// CTCLoss, as PyTorch 1.13's CPU kernel computes it: log-space alpha (forward) and beta (backward)
// recursions over the extended target l' (blanks between and around the labels), with the same
// max-shifted log-sum-exp. The gradient written is ATen's: exp(lp) - exp(log(Σ αβ) + nll - lp) for t below
// the input length (0 after it), times the per-sample upstream factor; with zero_infinity, an infinite
// loss becomes 0 and its gradient 0. (That is the gradient w.r.t. the logits of a log_softmax, which is what
// PyTorch reports as the gradient w.r.t. log_probs: see environment.md.)
import { kf, NINF, ZERO } from "./consts";
import { at } from "./common";
import { expT, logT } from "./scalar-math";
import { expv, logv } from "./simd-math";

@inline function lse3<T>(a: T, b: T, c: T): T {
  let m = a;
  if (b > m) m = b;
  if (c > m) m = c;
  if (m == <T>-Infinity) m = <T>0;
  return logT<T>(expT<T>(a - m) + expT<T>(b - m) + expT<T>(c - m)) + m;
}

/** Label of extended position s: blank at even s, else target (s - 1) / 2 of this sample. */
@inline function prime(tgt: usize, off: i32, stride: i32, s: i32, blank: i32): i32 {
  return (s & 1) == 0 ? blank : <i32>load<f64>(at<f64>(tgt, off + ((s - 1) >> 1) * stride));
}

@inline function ctc<T>(
  lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32,
  zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize,
): void {
  const NEG = <T>-Infinity;
  for (let b = 0; b < N; b++) {
    const L = load<i32>(at<i32>(tl, b));
    const Ti = load<i32>(at<i32>(il, b));
    const off = load<i32>(at<i32>(offs, b));
    const S = 2 * L + 1;
    if (grad) for (let t = 0; t < Tn; t++) memory.fill(at<T>(grad, (t * N + b) * C), 0, <usize>C * sizeof<T>());
    if (Ti == 0) {
      // PyTorch reads outside its alpha table here; the defined answer: an empty path has probability 1.
      const v: T = L == 0 ? <T>0 : zeroInf ? <T>0 : <T>Infinity;
      store<T>(at<T>(nllOut, b), v);
      continue;
    }
    for (let s = 0; s < S; s++) store<T>(at<T>(la, s), NEG);
    store<T>(at<T>(la, 0), load<T>(at<T>(lp, b * C + blank)));
    if (L > 0) store<T>(at<T>(la, 1), load<T>(at<T>(lp, b * C + prime(tgt, off, stride, 1, blank))));
    for (let t = 1; t < Ti; t++) {
      const prev = t - 1;
      for (let s = 0; s < S; s++) {
        const cur = prime(tgt, off, stride, s, blank);
        const a1 = load<T>(at<T>(la, prev * S + s));
        const a2 = s > 0 ? load<T>(at<T>(la, prev * S + s - 1)) : NEG;
        const a3 = s > 1 && prime(tgt, off, stride, s - 2, blank) != cur ? load<T>(at<T>(la, prev * S + s - 2)) : NEG;
        store<T>(at<T>(la, t * S + s), lse3<T>(a1, a2, a3) + load<T>(at<T>(lp, (t * N + b) * C + cur)));
      }
    }
    const last = (Ti - 1) * S;
    const l1 = load<T>(at<T>(la, last + 2 * L));
    const l2 = L > 0 ? load<T>(at<T>(la, last + 2 * L - 1)) : NEG;
    const nll = -lse3<T>(l1, l2, NEG);
    const inf = nll == <T>Infinity;
    store<T>(at<T>(nllOut, b), zeroInf && inf ? <T>0 : nll);
    if (!grad || (zeroInf && inf)) continue;
    const gr = load<T>(at<T>(gs, b));

    for (let s = 0; s < S; s++) store<T>(at<T>(lb, last + s), NEG);
    store<T>(at<T>(lb, last + 2 * L), load<T>(at<T>(lp, ((Ti - 1) * N + b) * C + blank)));
    if (L > 0) store<T>(at<T>(lb, last + 2 * L - 1), load<T>(at<T>(lp, ((Ti - 1) * N + b) * C + prime(tgt, off, stride, 2 * L - 1, blank))));
    for (let t = Ti - 2; t >= 0; t--) {
      const nx = (t + 1) * S;
      for (let s = 0; s < S; s++) {
        const cur = prime(tgt, off, stride, s, blank);
        const b1 = load<T>(at<T>(lb, nx + s));
        const b2 = s < S - 1 ? load<T>(at<T>(lb, nx + s + 1)) : NEG;
        const b3 = s < S - 2 && prime(tgt, off, stride, s + 2, blank) != cur ? load<T>(at<T>(lb, nx + s + 2)) : NEG;
        store<T>(at<T>(lb, t * S + s), lse3<T>(b1, b2, b3) + load<T>(at<T>(lp, (t * N + b) * C + cur)));
      }
    }
    for (let t = 0; t < Ti; t++) {
      const row = (t * N + b) * C;
      for (let c = 0; c < C; c++) store<T>(at<T>(grad, row + c), NEG);
      for (let s = 0; s < S; s++) {
        const o = at<T>(grad, row + prime(tgt, off, stride, s, blank));
        const lcab = load<T>(o);
        const ab = load<T>(at<T>(la, t * S + s)) + load<T>(at<T>(lb, t * S + s));
        if (lcab == NEG) store<T>(o, ab);
        else {
          const m = lcab > ab ? lcab : ab;
          store<T>(o, logT<T>(expT<T>(lcab - m) + expT<T>(ab - m)) + m);
        }
      }
      for (let c = 0; c < C; c++) {
        const o = at<T>(grad, row + c);
        const l = load<T>(at<T>(lp, row + c));
        store<T>(o, (expT<T>(l) - expT<T>(load<T>(o) + nll - l)) * gr);
      }
    }
  }
}

/**
 * float32 SIMD: the alpha and beta recursions four extended-target positions per vector. Beta runs as alpha
 * over the reversed extended target (same recursion shape). Tables: row stride R = S4 + 4 with two -inf
 * pads in front of position 0. `work`: 4·R int32 (labels and "may skip" masks, forward and reversed), then R floats.
 */
@inline function lse3v(a: v128, b: v128, c: v128): v128 {
  let m = f32x4.max(f32x4.max(a, b), c);
  m = v128.bitselect(kf(ZERO), m, f32x4.eq(m, kf(NINF)));
  const s = f32x4.add(f32x4.add(expv(f32x4.sub(a, m)), expv(f32x4.sub(b, m))), expv(f32x4.sub(c, m)));
  return f32x4.add(logv(s), m);
}

/** Fills rows t0 + dir·k of `tab` (k = 1 .. count-1) from row t0, labels `lab`, masks `skip` (R int32 each). */
@inline function recurse(tab: usize, R: i32, S: i32, lp: usize, N: i32, C: i32, b: i32, t0: i32, dir: i32, count: i32, lab: usize, skip: usize): void {
  const ninf = kf(NINF);
  const rowBytes = <usize>R << 2;
  for (let k = 1; k < count; k++) {
    const t = t0 + dir * k;
    const prev = tab + <usize>(t - dir) * rowBytes + 8;
    const cur = tab + <usize>t * rowBytes + 8;
    const lpRow = lp + ((<usize>(t * N + b) * <usize>C) << 2);
    let s = 0;
    do {
      const o = <usize>s << 2;
      const a1 = v128.load(prev + o);
      const a2 = v128.load(prev + o - 4);
      const a3 = v128.bitselect(v128.load(prev + o - 8), ninf, v128.load(skip + o));
      let lv = f32x4.splat(load<f32>(lpRow + (<usize>load<i32>(lab + o) << 2)));
      lv = f32x4.replace_lane(lv, 1, load<f32>(lpRow + (<usize>load<i32>(lab + o + 4) << 2)));
      lv = f32x4.replace_lane(lv, 2, load<f32>(lpRow + (<usize>load<i32>(lab + o + 8) << 2)));
      lv = f32x4.replace_lane(lv, 3, load<f32>(lpRow + (<usize>load<i32>(lab + o + 12) << 2)));
      v128.store(cur + o, f32x4.add(lse3v(a1, a2, a3), lv));
      s += 4;
    } while (s < S);
  }
}

/** Labels of the extended target (forward and reversed) and their "three-way" masks, into work. */
@inline function prepare(tgt: usize, off: i32, stride: i32, L: i32, blank: i32, R: i32, work: usize): void {
  const S = 2 * L + 1;
  const lab = work;
  const skip = work + (<usize>R << 2);
  const rlab = work + (<usize>R << 3);
  const rskip = work + (<usize>R * 12);
  for (let s = 0; s < R; s++) {
    const inS = s < S;
    const l = inS ? prime(tgt, off, stride, s, blank) : 0;
    const rl = inS ? prime(tgt, off, stride, S - 1 - s, blank) : 0;
    store<i32>(lab + (<usize>s << 2), l);
    store<i32>(rlab + (<usize>s << 2), rl);
    store<i32>(skip + (<usize>s << 2), inS && s > 1 && prime(tgt, off, stride, s - 2, blank) != l ? -1 : 0);
    store<i32>(rskip + (<usize>s << 2), inS && s > 1 && prime(tgt, off, stride, S - 1 - (s - 2), blank) != rl ? -1 : 0);
  }
}

function ctcSimd(
  lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32,
  zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize, work: usize,
): void {
  for (let b = 0; b < N; b++) {
    const L = load<i32>(at<i32>(tl, b));
    const Ti = load<i32>(at<i32>(il, b));
    const off = load<i32>(at<i32>(offs, b));
    const S = 2 * L + 1;
    const R = ((S + 3) & ~3) + 4;
    const rowBytes = <usize>R << 2;
    if (grad) for (let t = 0; t < Tn; t++) memory.fill(at<f32>(grad, (t * N + b) * C), 0, <usize>C << 2);
    if (Ti == 0) {
      store<f32>(at<f32>(nllOut, b), L == 0 || zeroInf ? 0 : Infinity);
      continue;
    }
    prepare(tgt, off, stride, L, blank, R, work);
    // Row 0 of alpha: every position -inf (pads included) except the first blank and the first label.
    for (let s = 0; s < R; s++) store<f32>(la + (<usize>s << 2), -Infinity);
    store<f32>(la + 8, load<f32>(at<f32>(lp, b * C + blank)));
    if (L > 0) store<f32>(la + 12, load<f32>(at<f32>(lp, b * C + prime(tgt, off, stride, 1, blank))));
    // The pads of every other row.
    for (let t = 1; t < Ti; t++) {
      store<f32>(la + <usize>t * rowBytes, -Infinity);
      store<f32>(la + <usize>t * rowBytes + 4, -Infinity);
    }
    recurse(la, R, S, lp, N, C, b, 0, 1, Ti, work, work + (<usize>R << 2));
    const last = la + <usize>(Ti - 1) * rowBytes + 8;
    const l1 = load<f32>(last + (<usize>(2 * L) << 2));
    const l2: f32 = L > 0 ? load<f32>(last + (<usize>(2 * L - 1) << 2)) : -Infinity;
    const nll = -lse3<f32>(l1, l2, -Infinity);
    const inf = nll == Infinity;
    store<f32>(at<f32>(nllOut, b), zeroInf && inf ? 0 : nll);
    if (!grad || (zeroInf && inf)) continue;
    const gr = load<f32>(at<f32>(gs, b));
    // Beta, as alpha over the reversed extended target, from t = Ti - 1 down.
    const lastB = lb + <usize>(Ti - 1) * rowBytes;
    for (let s = 0; s < R; s++) store<f32>(lastB + (<usize>s << 2), -Infinity);
    store<f32>(lastB + 8, load<f32>(at<f32>(lp, ((Ti - 1) * N + b) * C + blank)));
    if (L > 0) store<f32>(lastB + 12, load<f32>(at<f32>(lp, ((Ti - 1) * N + b) * C + prime(tgt, off, stride, 2 * L - 1, blank))));
    for (let t = 0; t < Ti - 1; t++) {
      store<f32>(lb + <usize>t * rowBytes, -Infinity);
      store<f32>(lb + <usize>t * rowBytes + 4, -Infinity);
    }
    recurse(lb, R, S, lp, N, C, b, Ti - 1, -1, Ti, work + (<usize>R << 3), work + (<usize>R * 12));
    // Gradient: with M = max_s(α + β) per time step, Σ_{s: l'_s = c} exp(α + β) = e^M · r[c] (r accumulated
    // in linear space, one exp per position), so exp(lcab + nll - lp) = r[c] · exp(M + nll - lp).
    const C4 = C & ~3;
    const grv = f32x4.splat(gr);
    const zero = kf(ZERO);
    const abBuf = work + (<usize>R << 4);
    const S4 = (S + 3) & ~3;
    for (let s = S; s < S4; s++) store<f32>(abBuf + (<usize>s << 2), -Infinity);
    for (let t = 0; t < Ti; t++) {
      const row = (t * N + b) * C;
      const gRow = at<f32>(grad, row);
      const aRow = la + <usize>t * rowBytes + 8;
      const bRow = lb + <usize>t * rowBytes + 8;
      let M: f32 = -Infinity;
      for (let s = 0; s < S; s++) {
        const ab = load<f32>(aRow + (<usize>s << 2)) + load<f32>(bRow + (<usize>(S - 1 - s) << 2));
        store<f32>(abBuf + (<usize>s << 2), ab);
        if (ab > M) M = ab;
      }
      // (no path through t: every lcab is -inf in PyTorch, so exp(lcab + nll - lp) is 0, or NaN when nll = inf)
      const base = M + nll;
      if (M == -Infinity) M = 0;
      const Mv = f32x4.splat(M);
      let s = 0;
      do {
        const o = abBuf + (<usize>s << 2);
        v128.store(o, expv(f32x4.sub(v128.load(o), Mv)));
        s += 4;
      } while (s < S4);
      memory.fill(gRow, 0, <usize>C << 2);
      for (s = 0; s < S; s++) {
        const o = gRow + (<usize>load<i32>(work + (<usize>s << 2)) << 2);
        store<f32>(o, load<f32>(o) + load<f32>(abBuf + (<usize>s << 2)));
      }
      const bv = f32x4.splat(base);
      const lpRow = at<f32>(lp, row);
      let c = 0;
      if (C4 > 0) do {
        const o = <usize>c << 2;
        const l = v128.load(lpRow + o);
        const r = v128.load(gRow + o);
        const k = expv(f32x4.sub(bv, l));
        // A class absent from the target contributes exactly 0 (unless k is NaN: an impossible alignment).
        const term = v128.bitselect(zero, f32x4.mul(r, k), v128.and(f32x4.eq(r, zero), f32x4.eq(k, k)));
        v128.store(gRow + o, f32x4.mul(f32x4.sub(expv(l), term), grv));
        c += 4;
      } while (c < C4);
      for (; c < C; c++) {
        const o = gRow + (<usize>c << 2);
        const l = load<f32>(lpRow + (<usize>c << 2));
        const r = load<f32>(o);
        const k = Mathf.exp(base - l);
        const term: f32 = r == 0 && k == k ? 0 : r * k;
        store<f32>(o, (Mathf.exp(l) - term) * gr);
      }
    }
  }
}

/**
 * log_probs (T, N, C); targets as float64 with per-sample offsets (int32) and element stride; target and
 * input lengths (int32). nllOut (N) receives the per-sample loss; grad (T, N, C) receives gs[b]·dloss_b.
 * la and lb: scratch of T·(2·max target length + 12) elements each; work: 5·(2·max target length + 12) words.
 */
export function ctc_f32(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize, work: usize): void {
  if (ASC_FEATURE_SIMD) ctcSimd(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb, work);
  else ctc<f32>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}

export function ctc_f64(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize): void {
  ctc<f64>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}
