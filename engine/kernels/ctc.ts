// CTCLoss, as PyTorch 1.13's CPU kernel computes it, bit for bit: log-space alpha (forward) and beta (backward)
// recursions over the extended target l' (blanks between and around the labels), with the same
// max-shifted log-sum-exp through glibc's exp / log, alpha·beta log-added per label with s descending. The
// gradient written is ATen's: exp(lp) - exp(log(Σ αβ) + nll - lp) for t below
// the input length (0 after it), times the per-sample upstream factor; with zero_infinity, an infinite
// loss becomes 0 and its gradient 0. (That is the gradient w.r.t. the logits of a log_softmax, which is what
// PyTorch reports as the gradient w.r.t. log_probs: see environment.md.)
import { at } from "./common";
import { gexp, glog } from "./aten-elem";
import { glibcExpf4, glibcExpf4Call, glibcExpf4Odd, glibcLogf4, glibcLogf4Inline } from "./glibc";

@inline function lse3<T>(a: T, b: T, c: T): T {
  let m = a;
  if (b > m) m = b;
  if (c > m) m = c;
  if (m == <T>-Infinity) m = <T>0;
  return glog<T>(gexp<T>(a - m) + gexp<T>(b - m) + gexp<T>(c - m)) + m;
}

/** Label of extended position s: blank at even s, else target (s - 1) / 2 of this sample. */
@inline function prime(tgt: usize, off: i32, stride: i32, s: i32, blank: i32): i32 {
  return (s & 1) == 0 ? blank : <i32>load<f64>(at<f64>(tgt, off + ((s - 1) >> 1) * stride));
}

/**
 * Sample b's gradient rows zeroed; true when it has no input frames (its loss is stored then: PyTorch reads outside
 * its alpha table there; the defined answer is that an empty path has probability 1).
 */
@inline function startSample<T>(b: i32, Tn: i32, N: i32, C: i32, L: i32, Ti: i32, zeroInf: bool, nllOut: usize, grad: usize): bool {
  if (grad) for (let t = 0; t < Tn; t++) memory.fill(at<T>(grad, (t * N + b) * C), 0, <usize>C * sizeof<T>());
  if (Ti != 0) return false;
  store<T>(at<T>(nllOut, b), L == 0 || zeroInf ? <T>0 : <T>Infinity);
  return true;
}

@inline export function ctc<T>(
  lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32,
  zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize,
): void {
  const NEG = <T>-Infinity;
  for (let b = 0; b < N; b++) {
    const L = load<i32>(at<i32>(tl, b));
    const Ti = load<i32>(at<i32>(il, b));
    const off = load<i32>(at<i32>(offs, b));
    const S = 2 * L + 1;
    if (startSample<T>(b, Tn, N, C, L, Ti, zeroInf, nllOut, grad)) continue;
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
      // ATen log-adds alpha·beta into its label's cell inside the beta loop, s descending.
      for (let s = S - 1; s >= 0; s--) {
        const o = at<T>(grad, row + prime(tgt, off, stride, s, blank));
        const lcab = load<T>(o);
        const ab = load<T>(at<T>(la, t * S + s)) + load<T>(at<T>(lb, t * S + s));
        if (lcab == NEG) store<T>(o, ab);
        else {
          const m = lcab > ab ? lcab : ab;
          store<T>(o, glog<T>(gexp<T>(lcab - m) + gexp<T>(ab - m)) + m);
        }
      }
      for (let c = 0; c < C; c++) {
        const o = at<T>(grad, row + c);
        const l = load<T>(at<T>(lp, row + c));
        store<T>(o, (gexp<T>(l) - gexp<T>(load<T>(o) + nll - l)) * gr);
      }
    }
  }
}

/**
 * log_probs (T, N, C); targets as float64 with per-sample offsets (int32) and element stride; target and
 * input lengths (int32). nllOut (N) receives the per-sample loss; grad (T, N, C) receives gs[b]·dloss_b.
 * la and lb: scratch of T·(2·max target length + 12) elements each. float32 with SIMD: ctc4 below (the same
 * bits on four lanes); float64 and the scalar build: ATen's scalar loops as written (glibc's exp / log, its order).
 */
export function ctc_f32(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize): void {
  if (ASC_FEATURE_SIMD) ctc4(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
  else ctc<f32>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}

export function ctc_f64(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize): void {
  ctc<f64>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}

// ---- float32 on four lanes. Cell (t, s) of alpha needs only row t - 1 (beta: row t + 1), so four consecutive s
//      take one f32x4: the same float32 operations in the same order per lane, with glibcExpf4 / glibcLogf4 for
//      glibc's expf / logf (bit for bit). Rows of W = roundup4(S) + 4 elements: 4 leading -inf (alpha's s - 1,
//      s - 2 at s = 0, 1 and beta's s + 1, s + 2 past the end read -inf there), the lanes past S kept at -inf. ----

/** -inf in four lanes (a function: the scalar build has no v128 globals). */
@inline function neg4(): v128 {
  return f32x4.splat(-Infinity);
}

/** Byte address of element s of row t (rows of w elements after 4 pads). */
@inline function cell(p: usize, w: i32, t: i32, s: i32): usize {
  return p + (<usize>(t * w + 4 + s) << 2);
}

/**
 * glibc's logf lane by lane with log(0) = -inf done here, so that empty cells stay on the vector path; glibcLogf4
 * inlined, or called (`inlined` false) on paths that are rare (all exps) or not worth its code (the log-adds).
 */
@inline function log4(x: v128, inlined: bool = true): v128 {
  const z = f32x4.eq(x, f32x4.splat(0));
  const y = v128.bitselect(f32x4.splat(1), x, z);
  return v128.bitselect(neg4(), inlined ? glibcLogf4Inline(y) : glibcLogf4(y), z);
}

/**
 * lse3 on four lanes: ATen's max (a NaN in a1 wins, as its `if (la2 > lamax)` keeps it), its sum's order. Four
 * cells with only -inf terms (the recursions' unreachable corners) are log(0 + 0 + 0) + 0 = -inf without the math.
 * The term equal to the max gives exp(0) = 1 exactly, so each lane needs the exps of its two other terms only:
 * x (all lanes) and y (odd lanes: on even s a3 is -inf, and y with it unless a NaN makes the sum NaN anyway).
 */
function lse3x4(a1: v128, a2: v128, a3: v128): v128 {
  const n = neg4();
  const empty = v128.and(v128.and(f32x4.eq(a1, n), f32x4.eq(a2, n)), f32x4.eq(a3, n));
  if (i32x4.all_true(empty)) return n;
  const mo = f32x4.pmax(f32x4.pmax(a1, a2), a3);
  const moNeg = f32x4.eq(mo, n);
  // A +inf max (exp(inf - inf) is NaN, not 1) or a -inf one beside a NaN (that ATen's max passed over): all exps.
  if (v128.any_true(v128.or(f32x4.eq(mo, f32x4.splat(Infinity)), v128.andnot(moNeg, empty)))) return lse3x4All(a1, a2, a3);
  const m = v128.andnot(mo, moNeg);
  const is1 = f32x4.eq(a1, mo); // e1 = 1
  const is2 = v128.andnot(f32x4.eq(a2, mo), is1); // else e2 = 1, else e3 = 1 (or a NaN max: the sum is NaN)
  const is12 = v128.or(is1, is2);
  const ex = glibcExpf4(f32x4.sub(v128.bitselect(a2, a1, is1), m));
  const ey = glibcExpf4Odd(f32x4.sub(v128.bitselect(a3, a2, is12), m));
  const one = f32x4.splat(1);
  const e1 = v128.bitselect(one, ex, is1);
  const e2 = v128.bitselect(ex, v128.bitselect(one, ey, is2), is1);
  const e3 = v128.bitselect(ey, one, is12);
  return v128.bitselect(n, f32x4.add(log4(f32x4.add(f32x4.add(e1, e2), e3)), m), empty);
}

/** lse3x4 computing all three exps (a +inf max, a NaN beside -inf ones: rare, so out of line calls). */
function lse3x4All(a1: v128, a2: v128, a3: v128): v128 {
  let m = f32x4.pmax(f32x4.pmax(a1, a2), a3);
  m = v128.andnot(m, f32x4.eq(m, neg4()));
  const e = f32x4.add(f32x4.add(glibcExpf4Call(f32x4.sub(a1, m)), glibcExpf4Call(f32x4.sub(a2, m))), glibcExpf4Call(f32x4.sub(a3, m)));
  return f32x4.add(log4(e, false), m);
}

/** Target j of this sample as a class index, blank past the end (for the lanes past S). */
@inline function label(tgt: usize, off: i32, stride: i32, j: i32, L: i32, blank: i32): i32 {
  return j < L ? <i32>load<f64>(at<f64>(tgt, off + j * stride)) : blank;
}

/** log_probs of the four extended labels of lanes s..s+3 (s a multiple of 4: blank, c1, blank, c3). */
@inline function lp4(row: usize, blank: i32, c1: i32, c3: i32): v128 {
  const lb = load<f32>(at<f32>(row, blank));
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(lb), 1, load<f32>(at<f32>(row, c1))), 3, load<f32>(at<f32>(row, c3)));
}

/** -1 in lanes 1 and 3 where asked (alpha's and beta's third term: odd s only). */
@inline function odd2(m1: bool, m3: bool): v128 {
  return i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(0), 1, -<i32>m1), 3, -<i32>m3);
}

/** Lanes s..s+3 below S. */
@inline function below(s: i32, S: i32): v128 {
  return i32x4.lt_s(i32x4.add(i32x4.splat(s), i32x4(0, 1, 2, 3)), i32x4.splat(S));
}

function ctc4(
  lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32,
  zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize,
): void {
  const NEG = <f32>-Infinity;
  for (let b = 0; b < N; b++) {
    const L = load<i32>(at<i32>(tl, b));
    const Ti = load<i32>(at<i32>(il, b));
    const off = load<i32>(at<i32>(offs, b));
    const S = 2 * L + 1;
    const Sp = (S + 3) & ~3;
    const W = Sp + 4;
    if (startSample<f32>(b, Tn, N, C, L, Ti, zeroInf, nllOut, grad)) continue;
    // The pads (one more row's for beta's reads past its last row), row 0 of alpha.
    for (let t = 0; t <= Ti; t++) {
      v128.store(cell(la, W, t, -4), neg4());
      v128.store(cell(lb, W, t, -4), neg4());
    }
    for (let s = 0; s < Sp; s += 4) v128.store(cell(la, W, 0, s), neg4());
    store<f32>(cell(la, W, 0, 0), load<f32>(at<f32>(lp, b * C + blank)));
    if (L > 0) store<f32>(cell(la, W, 0, 1), load<f32>(at<f32>(lp, b * C + label(tgt, off, stride, 0, L, blank))));
    for (let t = 1; t < Ti; t++) {
      const row = at<f32>(lp, (t * N + b) * C);
      let cm = -1; // target j - 1 (none before the first)
      for (let s = 0; s < Sp; s += 4) {
        const j = s >> 1;
        const c1 = label(tgt, off, stride, j, L, blank);
        const c3 = label(tgt, off, stride, j + 1, L, blank);
        const a1 = v128.load(cell(la, W, t - 1, s));
        const a2 = v128.load(cell(la, W, t - 1, s - 1));
        const a3 = v128.bitselect(v128.load(cell(la, W, t - 1, s - 2)), neg4(), odd2(j > 0 && c1 != cm, c3 != c1));
        const v = f32x4.add(lse3x4(a1, a2, a3), lp4(row, blank, c1, c3));
        v128.store(cell(la, W, t, s), v128.bitselect(v, neg4(), below(s, S)));
        cm = c3;
      }
    }
    const l1 = load<f32>(cell(la, W, Ti - 1, 2 * L));
    const l2 = L > 0 ? load<f32>(cell(la, W, Ti - 1, 2 * L - 1)) : NEG;
    const nll = -lse3<f32>(l1, l2, NEG);
    const inf = nll == <f32>Infinity;
    store<f32>(at<f32>(nllOut, b), zeroInf && inf ? 0 : nll);
    if (!grad || (zeroInf && inf)) continue;
    const gr = load<f32>(at<f32>(gs, b));

    const lastRow = at<f32>(lp, ((Ti - 1) * N + b) * C);
    for (let s = 0; s < Sp; s += 4) v128.store(cell(lb, W, Ti - 1, s), neg4());
    store<f32>(cell(lb, W, Ti - 1, 2 * L), load<f32>(at<f32>(lastRow, blank)));
    if (L > 0) store<f32>(cell(lb, W, Ti - 1, 2 * L - 1), load<f32>(at<f32>(lastRow, label(tgt, off, stride, L - 1, L, blank))));
    for (let t = Ti - 2; t >= 0; t--) {
      const row = at<f32>(lp, (t * N + b) * C);
      let c1 = label(tgt, off, stride, 0, L, blank);
      for (let s = 0; s < Sp; s += 4) {
        const j = s >> 1;
        const c3 = label(tgt, off, stride, j + 1, L, blank);
        const c5 = label(tgt, off, stride, j + 2, L, blank);
        const b1 = v128.load(cell(lb, W, t + 1, s));
        const b2 = v128.load(cell(lb, W, t + 1, s + 1));
        const b3 = v128.bitselect(v128.load(cell(lb, W, t + 1, s + 2)), neg4(), odd2(j + 1 < L && c3 != c1, j + 2 < L && c5 != c3));
        const v = f32x4.add(lse3x4(b1, b2, b3), lp4(row, blank, c1, c3));
        v128.store(cell(lb, W, t, s), v128.bitselect(v, neg4(), below(s, S)));
        c1 = c5;
      }
    }
    const nllv = f32x4.splat(nll);
    const grv = f32x4.splat(gr);
    const rs = N * C; // elements from one t to the next
    const sr = <usize>rs << 2;
    // Four rows t at a time for the log-adds (lanes = rows: each row's own order, s descending, is kept). Past
    // the last row, lanes repeat row t: the same cells, values and stores as lane 0.
    for (let t = 0; t < Ti; t += 4) {
      const nr = Ti - t;
      const d1 = nr > 1 ? 1 : 0;
      const d2 = nr > 2 ? 2 : 0;
      const d3 = nr > 3 ? 3 : 0;
      const g0 = at<f32>(grad, (t * N + b) * C);
      for (let i = 0; i < 4 && i < nr; i++) for (let c = 0; c < C; c++) store<f32>(at<f32>(g0, i * rs + c), NEG);
      for (let s = S - 1; s >= 0; s--) {
        const ab = f32x4.add(gather4(la, W, t, s, d1, d2, d3), gather4(lb, W, t, s, d1, d2, d3));
        // A -inf alpha·beta leaves its cell as it is (-inf stays -inf, x + log(1 + 0) is x, NaN stays NaN).
        if (i32x4.all_true(f32x4.eq(ab, neg4()))) continue;
        const o = at<f32>(g0, (s & 1) == 0 ? blank : label(tgt, off, stride, s >> 1, L, blank));
        const o1 = o + d1 * sr;
        const o2 = o + d2 * sr;
        const o3 = o + d3 * sr;
        let lcab = f32x4.splat(load<f32>(o));
        lcab = f32x4.replace_lane(lcab, 1, load<f32>(o1));
        lcab = f32x4.replace_lane(lcab, 2, load<f32>(o2));
        lcab = f32x4.replace_lane(lcab, 3, load<f32>(o3));
        const first = f32x4.eq(lcab, neg4());
        let v = ab;
        // A label's first cell in all four rows (a distinct label's only one) takes alpha·beta as it is.
        if (!i32x4.all_true(first)) {
          // m = 0 where both are -inf (their sum of exps is 0, log -inf), so no NaN sends the lanes to scalar code.
          let m = f32x4.pmax(ab, lcab);
          m = v128.andnot(m, f32x4.eq(m, neg4()));
          let sum: v128;
          if (v128.any_true(f32x4.eq(m, f32x4.splat(Infinity)))) {
            sum = f32x4.add(glibcExpf4Call(f32x4.sub(lcab, m)), glibcExpf4Call(f32x4.sub(ab, m)));
          } else {
            // The max's term is exp(0) = 1 and float addition commutes: 1 + exp(other - m), one exp.
            sum = f32x4.add(f32x4.splat(1), glibcExpf4Call(f32x4.sub(v128.bitselect(ab, lcab, f32x4.eq(lcab, m)), m)));
          }
          v = v128.bitselect(ab, f32x4.add(log4(sum, false), m), first);
        }
        store<f32>(o3, f32x4.extract_lane(v, 3));
        store<f32>(o2, f32x4.extract_lane(v, 2));
        store<f32>(o1, f32x4.extract_lane(v, 1));
        store<f32>(o, f32x4.extract_lane(v, 0));
      }
      for (let i = 0; i < 4 && i < nr; i++) gradRow(at<f32>(g0, i * rs), at<f32>(lp, ((t + i) * N + b) * C), C, nll, gr, nllv, grv);
    }
  }
}

/** Element s of rows t, t + d1, t + d2, t + d3 as four lanes. */
@inline function gather4(p: usize, w: i32, t: i32, s: i32, d1: i32, d2: i32, d3: i32): v128 {
  const a = cell(p, w, t, s);
  const d = <usize>w << 2;
  let v = f32x4.splat(load<f32>(a));
  v = f32x4.replace_lane(v, 1, load<f32>(a + d1 * d));
  v = f32x4.replace_lane(v, 2, load<f32>(a + d2 * d));
  return f32x4.replace_lane(v, 3, load<f32>(a + d3 * d));
}

/** ATen's gradient of one row from its collected log alpha·beta in g: (exp(lp) - exp(g + nll - lp)) · gr. */
function gradRow(g: usize, row: usize, C: i32, nll: f32, gr: f32, nllv: v128, grv: v128): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const o = v128.load(at<f32>(g, c));
    const l = v128.load(at<f32>(row, c));
    const e = f32x4.sub(glibcExpf4(l), glibcExpf4(f32x4.sub(f32x4.add(o, nllv), l)));
    v128.store(at<f32>(g, c), f32x4.mul(e, grv));
  }
  for (; c < C; c++) {
    const o = at<f32>(g, c);
    const l = load<f32>(at<f32>(row, c));
    store<f32>(o, (gexp<f32>(l) - gexp<f32>(load<f32>(o) + nll - l)) * gr);
  }
}
