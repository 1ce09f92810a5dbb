// F.avg_pool2d as ATen's CPU kernel (cpu_avg_pool) computes it: each window summed in the dtype, row by row,
// divided by the window's count (the padded size by default); the backward spreads grad / count over the window.
import { budget } from "../budget";
import { PyError } from "../errors";
import { versionedError } from "../version";
import { track } from "./autograd";
import { normDim, PTensor, storage } from "./core";

export interface PoolOptions {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** pooling_output_shape: floor (or ceil) of (in + 2 pad - k) / stride + 1, the last window starting inside. */
function outSize(n: number, k: number, pad: number, s: number, ceil: boolean): number {
  let o = Math.floor((n + 2 * pad - k + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= n + pad) o--;
  return o;
}

export function avgPool2d(t: PTensor, o: PoolOptions): PTensor {
  // ATen reads input.size(-3) before its shape check: fewer dims raise that IndexError.
  if (t.ndim < 3) normDim(-3, t.ndim, false);
  if (t.ndim !== 3 && t.ndim !== 4) throw new PyError("RuntimeError", `non-empty 3D or 4D (batch mode) tensor expected for input`);
  if (!t.isFloat) throw versionedError("RuntimeError", `"avg_pool2d" not implemented for '${t.dtype === "int64" ? "Long" : "Bool"}'`);
  const [kH, kW] = o.kernel;
  const [dH, dW] = o.stride;
  const [pH, pW] = o.padding;
  if (pH > kH / 2 || pW > kW / 2) throw new PyError("RuntimeError", "pad should be at most half of kernel size, but got pad=" + pH + " and kernel_size=" + kH);
  const [H, W] = t.shape.slice(-2);
  const planes = t.numel / (H * W);
  const oH = outSize(H, kH, pH, dH, o.ceilMode);
  const oW = outSize(W, kW, pW, dW, o.ceilMode);
  if (oH < 1 || oW < 1) throw new PyError("RuntimeError", `Given input size: (${t.shape.slice(-3).join("x")}). Calculated output size: (${t.shape[t.ndim - 3]}x${oH}x${oW}). Output size is too small`);
  budget().charge(planes * oH * oW * kH * kW);
  const r = t.dtype === "float32" ? Math.fround : (x: number) => x;
  // Each output's window [h0, h1) x [w0, w1) inside the input, and its divisor.
  const win: number[][] = [];
  for (let oh = 0; oh < oH; oh++) {
    for (let ow = 0; ow < oW; ow++) {
      let h0 = oh * dH - pH;
      let w0 = ow * dW - pW;
      let h1 = Math.min(h0 + kH, H + pH);
      let w1 = Math.min(w0 + kW, W + pW);
      const padded = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0);
      w0 = Math.max(w0, 0);
      h1 = Math.min(h1, H);
      w1 = Math.min(w1, W);
      const div = o.divisorOverride ?? (o.countIncludePad ? padded : (h1 - h0) * (w1 - w0));
      win.push([h0, h1, w0, w1, div]);
    }
  }
  const out = storage(t.dtype, planes * oH * oW);
  for (let p = 0; p < planes; p++) {
    win.forEach(([h0, h1, w0, w1, div], k) => {
      if (h0 >= h1 || w0 >= w1) return;
      let s = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s = r(s + t.data[(p * H + h) * W + w]);
      out[p * oH * oW + k] = r(s / div);
    });
  }
  const res = new PTensor(t.dtype, [...t.shape.slice(0, -2), oH, oW], out);
  return track(res, "AvgPool2DBackward0", [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let p = 0; p < planes; p++) {
      win.forEach(([h0, h1, w0, w1, div], k) => {
        const q = r(g.data[p * oH * oW + k] / div);
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) back[(p * H + h) * W + w] = r(back[(p * H + h) * W + w] + q);
      });
    }
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}
