// F.max_pool2d and the adaptive pools as ATen's CPU kernels compute them (MaxPoolKernel.cpp, AdaptiveAvgPoolKernel.cpp,
// AdaptiveMaxPoolKernel.cpp): windows scanned row by row, the maximum taken with `val > max || isnan(val)` (so the
// first maximum, and the last NaN, wins), the adaptive average summed in the dtype and divided by kh, then by kw.
// Backwards scatter the gradient in output order into the argmax, or spread grad / kh / kw over the window.
import { budget } from "../budget";
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { dtypeName, PTensor, storage, type TDtype } from "./core";

export interface MaxPoolOptions {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
}

/** A kernel's dispatch refusing a dtype, in the version's words (2.x: NotImplementedError). */
export function notImplemented(kernel: string, dtype: TDtype): PyError {
  return versionedError("RuntimeError", `"${kernel}" not implemented for '${dtypeName(dtype)}'`);
}

const fround = (dtype: string) => (dtype === "float32" ? Math.fround : (x: number) => x);

/** pooling_output_shape: its checks (stride, pad), then floor (or ceil) of the window count. */
function outSize(n: number, k: number, pad: number, s: number, dil: number, ceil: boolean): number {
  if (s === 0) throw new PyError("RuntimeError", "stride should not be zero");
  if (pad < 0) throw new PyError("RuntimeError", `pad must be non-negative, but got pad: ${pad}`);
  if (evalTorch().poolPadLimit === "kernel") {
    if (pad > Math.trunc(k / 2)) throw new PyError("RuntimeError", `pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${k}`);
  } else if (pad > Math.trunc(((k - 1) * dil + 1) / 2)) {
    throw new PyError("RuntimeError", `pad should be at most half of effective kernel size, but got pad=${pad}, kernel_size=${k} and dilation=${dil}`);
  }
  let o = Math.floor((n + 2 * pad - dil * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= n + pad) o--;
  return o;
}

/** The element scan shared by the max pools: the window [h0, h1) x [w0, w1) with steps, its argmax (plane offset). */
function argmax(d: ArrayLike<number>, base: number, W: number, h0: number, h1: number, dh: number, w0: number, w1: number, dw: number): number {
  let best = h0 * W + w0;
  let max = -Infinity;
  for (let h = h0; h < h1; h += dh) {
    for (let w = w0; w < w1; w += dw) {
      const v = d[base + h * W + w];
      if (v > max || Number.isNaN(v)) {
        max = v;
        best = h * W + w;
      }
    }
  }
  return best;
}

/** Scatters g into the argmaxes (indices per output, plane offsets), in output order as the kernel adds. */
function scatterBack(t: PTensor, g: PTensor, idx: Float64Array, planeOut: number): PTensor {
  const r = fround(g.dtype);
  const back = storage(g.dtype, t.numel);
  const HW = t.shape[t.ndim - 2] * t.shape[t.ndim - 1];
  for (let i = 0; i < idx.length; i++) {
    const j = Math.floor(i / planeOut) * HW + idx[i];
    back[j] = r(back[j] + g.data[i]);
  }
  return new PTensor(g.dtype, t.shape.slice(), back);
}

function pooled(t: PTensor, oH: number, oW: number, gradFn: string, win: (oh: number, ow: number) => number[]): [PTensor, PTensor] {
  const [H, W] = t.shape.slice(-2);
  const planes = t.numel / (H * W || 1);
  budget().charge(planes * oH * oW * 4);
  const out = storage(t.dtype, planes * oH * oW);
  const idx = storage("int64", planes * oH * oW) as Float64Array;
  for (let p = 0; p < planes; p++) {
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) {
        const [h0, h1, dh, w0, w1, dw] = win(oh, ow);
        const k = (p * oH + oh) * oW + ow;
        idx[k] = argmax(t.data, p * H * W, W, h0, h1, dh, w0, w1, dw);
        out[k] = t.data[p * H * W + idx[k]];
      }
    }
  }
  const shape = [...t.shape.slice(0, -2), oH, oW];
  const indices = new PTensor("int64", shape.slice(), idx);
  const res = track(new PTensor(t.dtype, shape, out), gradFn, [t], (g) => [scatterBack(t, g, idx, oH * oW)]);
  return [res, indices];
}

export function maxPool2d(t: PTensor, o: MaxPoolOptions): [PTensor, PTensor] {
  if (t.ndim !== 3 && t.ndim !== 4) throw new PyError("RuntimeError", "non-empty 3D or 4D (batch mode) tensor expected for input");
  const [kH, kW] = o.kernel;
  const [dH, dW] = o.stride;
  const [pH, pW] = o.padding;
  const [lH, lW] = o.dilation;
  const [H, W] = t.shape.slice(-2);
  const oH = outSize(H, kH, pH, dH, lH, o.ceilMode);
  const oW = outSize(W, kW, pW, dW, lW, o.ceilMode);
  // pool2d_shape_check
  if (kW <= 0 || kH <= 0) throw new PyError("RuntimeError", `kernel size should be greater than zero, but got kH: ${kH} kW: ${kW}`);
  if (dW <= 0 || dH <= 0) throw new PyError("RuntimeError", `stride should be greater than zero, but got dH: ${dH} dW: ${dW}`);
  if (lW <= 0 || lH <= 0) throw new PyError("RuntimeError", `dilation should be greater than zero, but got dilationH: ${lH} dilationW: ${lW}`);
  if (t.shape.slice(t.ndim - 3).some((s) => s === 0)) {
    throw new PyError("RuntimeError", `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[${t.shape.join(", ")}]`);
  }
  if (Math.trunc(kW / 2) < pW || Math.trunc(kH / 2) < pH) throw new PyError("RuntimeError", `pad should be smaller than or equal to half of kernel size, but got padW = ${pW}, padH = ${pH}, kW = ${kW}, kH = ${kH}`);
  if (oW < 1 || oH < 1) throw new PyError("RuntimeError", `Given input size: (${t.shape.slice(-3).join("x")}). Calculated output size: (${t.shape[t.ndim - 3]}x${oH}x${oW}). Output size is too small`);
  // 2.x dispatches integer types too; bool (and 1.13's integers) are refused by name.
  if (t.dtype === "bool" || (t.dtype === "int64" && !evalTorch().maxPoolIntegers)) throw notImplemented("max_pool2d", t.dtype);
  return pooled(t, oH, oW, "MaxPool2DWithIndicesBackward0", (oh, ow) => {
    let h0 = oh * dH - pH;
    let w0 = ow * dW - pW;
    const h1 = Math.min(h0 + (kH - 1) * lH + 1, H);
    const w1 = Math.min(w0 + (kW - 1) * lW + 1, W);
    while (h0 < 0) h0 += lH;
    while (w0 < 0) w0 += lW;
    return [h0, h1, lH, w0, w1, lW];
  });
}

/** start_index / end_index: floor(o * in / out) and ceil((o + 1) * in / out). */
const start = (o: number, out: number, n: number) => Math.floor((o * n) / out);
const end = (o: number, out: number, n: number) => Math.ceil(((o + 1) * n) / out);

/** ATen's check that every non-batch dimension is non-empty. */
function nonEmpty(t: PTensor, fn: string): void {
  for (let i = 1; i < t.ndim; i++) {
    if (t.shape[i] === 0) {
      throw new PyError("RuntimeError", `${fn}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${t.shape.join(", ")}] with dimension ${i} being empty`);
    }
  }
}

export function adaptiveAvgPool2d(t: PTensor, oH: number, oW: number): PTensor {
  if (t.ndim !== 3 && t.ndim !== 4) throw new PyError("RuntimeError", `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [${t.shape.join(", ")}]`);
  nonEmpty(t, "adaptive_avg_pool2d");
  if (!t.isFloat) throw notImplemented("adaptive_avg_pool2d", t.dtype);
  const r = fround(t.dtype);
  const [H, W] = t.shape.slice(-2);
  const planes = t.numel / (H * W);
  budget().charge(planes * H * W + planes * oH * oW);
  const out = storage(t.dtype, planes * oH * oW);
  const each = (f: (k: number, h0: number, h1: number, w0: number, w1: number) => void) => {
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) f(oh * oW + ow, start(oh, oH, H), end(oh, oH, H), start(ow, oW, W), end(ow, oW, W));
    }
  };
  for (let p = 0; p < planes; p++) {
    each((k, h0, h1, w0, w1) => {
      let s = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s = r(s + t.data[p * H * W + h * W + w]);
      out[p * oH * oW + k] = r(r(s / (h1 - h0)) / (w1 - w0));
    });
  }
  const res = new PTensor(t.dtype, [...t.shape.slice(0, -2), oH, oW], out);
  return track(res, "AdaptiveAvgPool2DBackward0", [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let p = 0; p < planes; p++) {
      each((k, h0, h1, w0, w1) => {
        const q = r(r(g.data[p * oH * oW + k] / (h1 - h0)) / (w1 - w0));
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) back[p * H * W + h * W + w] = r(back[p * H * W + h * W + w] + q);
      });
    }
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}

export function adaptiveMaxPool2d(t: PTensor, oH: number, oW: number): [PTensor, PTensor] {
  if (t.ndim !== 3 && t.ndim !== 4) throw new PyError("RuntimeError", `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [${t.shape.join(", ")}]`);
  nonEmpty(t, "adaptive_max_pool2d");
  if (!t.isFloat) throw notImplemented("adaptive_max_pool2d", t.dtype);
  const [H, W] = t.shape.slice(-2);
  return pooled(t, oH, oW, "AdaptiveMaxPool2DBackward0", (oh, ow) => [start(oh, oH, H), end(oh, oH, H), 1, start(ow, oW, W), end(ow, oW, W), 1]);
}
