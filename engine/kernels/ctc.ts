// CTCLoss, as PyTorch 1.13's CPU kernel computes it, bit for bit: log-space alpha (forward) and beta (backward)
// recursions over the extended target l' (blanks between and around the labels), with the same
// max-shifted log-sum-exp through glibc's exp / log, alpha·beta log-added per label with s descending. The gradient written is ATen's: exp(lp) - exp(log(Σ αβ) + nll - lp) for t below
// the input length (0 after it), times the per-sample upstream factor; with zero_infinity, an infinite
// loss becomes 0 and its gradient 0. (That is the gradient w.r.t. the logits of a log_softmax, which is what
// PyTorch reports as the gradient w.r.t. log_probs: see environment.md.)
import { at } from "./common";
import { gexp, glog } from "./aten-elem";

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
 * la and lb: scratch of T·(2·max target length + 12) elements each. Scalar, as ATen's CPU kernel (glibc's
 * exp / log in its order): a vectorised recursion would need glibc's functions lane by lane anyway.
 */
export function ctc_f32(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize): void {
  ctc<f32>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}

export function ctc_f64(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize): void {
  ctc<f64>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}
