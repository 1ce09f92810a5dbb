// F.interpolate's nearest, linear (3-D) and bilinear (4-D) modes as ATen's CPU kernels compute them
// (UpSampleKernel.cpp, UpSampleMoreKernel.cpp, UpSample.h), float32 step by step. Measured on both builds:
// - Source index and lambda per output index: 2.x in the dtype (opmath), the unaligned index one fused
//   scale * (i + 0.5) - 0.5, then floor, clamped lambda; 1.13 carries the index in double (its acc type) and
//   truncates, the lambda rounded once from it.
// - Bilinear forward: the separable kernel (outer dim H) sums t0 * w0 + t1 * w1 with the first product fused;
//   2.x's "channels last" kernel (taken for outputs with oH + oW <= 128, channels-last inputs with C > 3, and 3
//   channels on one thread) sums the four corners with precomputed weights, its vector lanes (8 float channels) in
//   another order than its tail. 1.13 takes its channels-last kernel for inputs that are channels-last contiguous
//   too (one channel, or one pixel): its arithmetic is not reproduced (the separable sum stands in, within an ulp
//   or two).
// - Backwards add w * g into the input gradient with one fused multiply-add, in output order.
// Nearest takes floor(i * scale) (float scale), with ATen's shortcuts for equal and doubled sizes.
import { budget } from "../budget";
import { PyError } from "../errors";
import { fma, fmaf } from "../fma";
import { evalTorch } from "../version";
import { track } from "./autograd";
import { PTensor, storage } from "./core";
import { notImplemented } from "./maxpool";

export type UpsampleMode = "nearest" | "linear" | "bilinear";

/** One interpolated dimension's indices and weights per output index. */
interface Axis {
  i0: Int32Array;
  i1: Int32Array;
  l0: Float64Array;
  l1: Float64Array;
}

/** compute_scales_value: 1 / scale_factor when one was given, else in / out, in the given rounding. */
function scalesValue(r: (x: number) => number, n: number, out: number, sf: number | null): number {
  return sf !== null && sf > 0 ? r(1 / sf) : r(n / out);
}

/** nearest_idx (the fast kernels and every backward): float scale, with the equal and doubled-size shortcuts. */
function nearestAxis(n: number, out: number, sf: number | null, fast: boolean, dtype: string): Int32Array {
  const idx = new Int32Array(out);
  const r = dtype === "float64" && !fast ? (x: number) => x : Math.fround;
  const scale = scalesValue(r, n, out, sf);
  for (let i = 0; i < out; i++) {
    if (fast && out === n) idx[i] = i;
    else if (fast && out === 2 * n) idx[i] = i >> 1;
    else idx[i] = Math.min(Math.floor(Math.fround(r(scale * i))), n - 1);
  }
  return idx;
}

function linearAxis(n: number, out: number, sf: number | null, align: boolean, dtype: string): Axis {
  const a: Axis = { i0: new Int32Array(out), i1: new Int32Array(out), l0: new Float64Array(out), l1: new Float64Array(out) };
  const f32 = dtype === "float32";
  const r = f32 ? Math.fround : (x: number) => x;
  const scale = align ? (out > 1 ? r((n - 1) / (out - 1)) : 0) : scalesValue(r, n, out, sf);
  const v113 = evalTorch().upsampleIndex === "double";
  for (let i = 0; i < out; i++) {
    let i0 = i;
    let l1 = 0;
    if (out !== n) {
      if (v113 && f32) {
        // The index in double (exact for float scales), truncated; the lambda rounded once.
        const real = align ? scale * i : Math.max(scale * (i + 0.5) - 0.5, 0);
        i0 = Math.trunc(real);
        l1 = r(real - i0);
      } else if (v113) {
        // float64: the same expressions with GCC's contractions (one fused multiply-add each).
        const real = align ? scale * i : Math.max(fma(scale, i + 0.5, -0.5), 0);
        i0 = Math.trunc(real);
        l1 = align ? fma(scale, i, -i0) : real - i0;
      } else {
        let real = align ? r(scale * i) : f32 ? fmaf(scale, Math.fround(i + 0.5), -0.5) : fma(scale, i + 0.5, -0.5);
        if (real < 0) real = 0;
        i0 = Math.min(Math.floor(real), n - 1);
        l1 = Math.min(Math.max(r(real - i0), 0), 1);
      }
    }
    a.i0[i] = i0;
    a.i1[i] = i0 + (i0 < n - 1 ? 1 : 0);
    a.l1[i] = l1;
    a.l0[i] = r(1 - l1);
  }
  return a;
}

/** ATen's checks on the sizes and dtype, in its order. */
function check(t: PTensor, mode: UpsampleMode, out: number[], fast: boolean): void {
  const sp = t.shape.slice(2);
  if (out.some((o) => o <= 0) || sp.some((s) => s <= 0)) {
    const what = sp.length === 1 ? `input (W: ${sp[0]}) and output (W: ${out[0]})` : `input (H: ${sp[0]}, W: ${sp[1]}) output (H: ${out[0]}, W: ${out[1]})`;
    throw new PyError("RuntimeError", `Input and output sizes should be greater than 0, but got ${what}`);
  }
  if (t.numel === 0 && t.shape.slice(1).some((s) => s === 0)) {
    throw new PyError("RuntimeError", `Non-empty ${t.ndim}D data tensor expected but got a tensor with sizes [${t.shape.join(", ")}]`);
  }
  if (!t.isFloat) {
    const kernel = fast ? `upsample_${mode}${t.ndim - 2}d_channels_last` : `compute_indices_weights_${mode === "nearest" ? "nearest" : "linear"}`;
    throw notImplemented(kernel, t.dtype);
  }
}

/** A 4-D NCHW tensor that is also channels-last contiguous (one channel, or one pixel). */
const channelsLast = (t: PTensor) => t.ndim === 4 && (t.shape[1] === 1 || t.shape[2] * t.shape[3] === 1);

/** upsample_{nearest,linear}1d / upsample_{nearest,bilinear}2d: out holds the output's spatial sizes. */
export function upsample(t: PTensor, mode: UpsampleMode, out: number[], scales: (number | null)[], align: boolean): PTensor {
  const two = t.ndim === 4;
  const v113 = evalTorch().upsampleIndex === "double";
  const C = t.shape[1];
  // The kernel ATen takes for this input: the "channels last" one or the separable generic one (2.x also takes the
  // former for 3 channels on one thread, as the engine and the fixtures run).
  const fast = two && (v113 ? channelsLast(t) : (channelsLast(t) && C > 3) || out[0] + out[1] <= 128 || (mode === "bilinear" && C === 3));
  check(t, mode, out, fast);
  const [H, W] = two ? t.shape.slice(2) : [1, t.shape[2]];
  const [oH, oW] = two ? out : [1, out[0]];
  const [sH, sW] = two ? scales : [null, scales[0]];
  const planes = t.numel / (H * W);
  budget().charge(planes * oH * oW * 4);
  const res = storage(t.dtype, planes * oH * oW);
  const f32 = t.dtype === "float32";
  const r = f32 ? Math.fround : (x: number) => x;
  const fm = f32 ? fmaf : fma;
  const d = t.data;
  const shape = [...t.shape.slice(0, 2), ...out];
  if (mode === "nearest") {
    const ih = nearestAxis(H, oH, sH, fast, t.dtype);
    const iw = nearestAxis(W, oW, sW, fast, t.dtype);
    for (let p = 0; p < planes; p++) {
      for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++) res[(p * oH + oh) * oW + ow] = d[(p * H + ih[oh]) * W + iw[ow]];
    }
    const name = two ? "UpsampleNearest2DBackward" : "UpsampleNearest1DBackward";
    return track(new PTensor(t.dtype, shape, res), name + evalTorch().upsampleGradFnOverload, [t], (g) => {
      const bh = nearestAxis(H, oH, sH, true, g.dtype);
      const bw = nearestAxis(W, oW, sW, true, g.dtype);
      const back = storage(g.dtype, t.numel);
      for (let p = 0; p < planes; p++) {
        for (let oh = 0; oh < oH; oh++) {
          for (let ow = 0; ow < oW; ow++) {
            const j = (p * H + bh[oh]) * W + bw[ow];
            back[j] = r(back[j] + g.data[(p * oH + oh) * oW + ow]);
          }
        }
      }
      return [new PTensor(g.dtype, t.shape.slice(), back)];
    });
  }
  const ah = linearAxis(H, oH, sH, align, t.dtype);
  const aw = linearAxis(W, oW, sW, align, t.dtype);
  // 2.x's channels-last kernel: lanes of 8 floats (4 doubles) over the channels, then a scalar tail.
  const lanes = f32 ? 8 : 4;
  const vectorC = C - (C % lanes);
  for (let p = 0; p < planes; p++) {
    const c = p % C;
    for (let oh = 0; oh < oH; oh++) {
      const [h0, h1, hl0, hl1] = [ah.i0[oh], ah.i1[oh], ah.l0[oh], ah.l1[oh]];
      for (let ow = 0; ow < oW; ow++) {
        const [w0, w1, wl0, wl1] = [aw.i0[ow], aw.i1[ow], aw.l0[ow], aw.l1[ow]];
        const at = (h: number, w: number) => d[(p * H + h) * W + w];
        let v: number;
        if (fast && !v113) {
          const [w00, w01, w10, w11] = [r(hl0 * wl0), r(hl0 * wl1), r(hl1 * wl0), r(hl1 * wl1)];
          const [p00, p01, p10, p11] = [at(h0, w0), at(h0, w1), at(h1, w0), at(h1, w1)];
          v = c < vectorC ? fm(p00, w00, fm(p01, w01, fm(p11, w11, r(p10 * w10)))) : fm(p11, w11, fm(p10, w10, fm(p00, w00, r(p01 * w01))));
        } else {
          const t0 = fm(at(h0, w0), wl0, r(at(h0, w1) * wl1));
          v = two ? fm(t0, hl0, r(fm(at(h1, w0), wl0, r(at(h1, w1) * wl1)) * hl1)) : t0;
        }
        res[(p * oH + oh) * oW + ow] = v;
      }
    }
  }
  const name = two ? "UpsampleBilinear2DBackward" : "UpsampleLinear1DBackward";
  return track(new PTensor(t.dtype, shape, res), name + evalTorch().upsampleGradFnOverload, [t], (g) => {
    const back = storage(g.dtype, t.numel);
    const add = (j: number, w: number, gv: number) => (back[j] = fm(w, gv, back[j]));
    for (let p = 0; p < planes; p++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          const gv = g.data[(p * oH + oh) * oW + ow];
          const [h0, h1, w0, w1] = [ah.i0[oh], ah.i1[oh], aw.i0[ow], aw.i1[ow]];
          if (!two) {
            add(p * W + w0, aw.l0[ow], gv);
            add(p * W + w1, aw.l1[ow], gv);
            continue;
          }
          add((p * H + h0) * W + w0, r(ah.l0[oh] * aw.l0[ow]), gv);
          add((p * H + h0) * W + w1, r(ah.l0[oh] * aw.l1[ow]), gv);
          add((p * H + h1) * W + w0, r(ah.l1[oh] * aw.l0[ow]), gv);
          add((p * H + h1) * W + w1, r(ah.l1[oh] * aw.l1[ow]), gv);
        }
      }
    }
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}
