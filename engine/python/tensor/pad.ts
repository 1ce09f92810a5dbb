// F.pad: constant (negative pads crop), reflect and replicate padding of the last len(pad) / 2 dims. Values are copies,
// so they are exact; the reflect / replicate backward adds each output gradient into its source element in output
// order (row-major), as ATen's padding backward kernels loop, so the sums round as PyTorch's do.
import { budget } from "../budget";
import { track } from "./autograd";
import { asElement, numelOf, PTensor, storage, stridesOf } from "./core";

export type PadMode = "constant" | "reflect" | "replicate";

/** The source index along a dim of size n for output position i of a dim padded by `lo` before (-1: the constant). */
function source(mode: PadMode, i: number, lo: number, n: number): number {
  const j = i - lo;
  if (j >= 0 && j < n) return j;
  if (mode === "constant") return -1;
  if (mode === "replicate") return j < 0 ? 0 : n - 1;
  return j < 0 ? -j : 2 * (n - 1) - j;
}

/**
 * x padded by `pads` ((left, right) of the last dim, then of the one before...); grad_fn `name` (ConstantPadNdBackward0,
 * ReflectionPad2DBackward0...). The caller has checked PyTorch's conditions on pads, dims and sizes.
 */
export function pad(x: PTensor, pads: number[], mode: PadMode, value: number, name: string): PTensor {
  const nd = x.ndim;
  const k = pads.length / 2;
  const lo = x.shape.map((_, d) => (d >= nd - k ? pads[2 * (nd - 1 - d)] : 0));
  const hi = x.shape.map((_, d) => (d >= nd - k ? pads[2 * (nd - 1 - d) + 1] : 0));
  const shape = x.shape.map((s, d) => s + lo[d] + hi[d]);
  const n = numelOf(shape);
  budget().charge(n);
  const inSt = stridesOf(x.shape);
  // Each output element's source offset in x (-1: the constant).
  const src = new Int32Array(n);
  const idx = new Array<number>(nd).fill(0);
  for (let o = 0; o < n; o++) {
    let off = 0;
    for (let d = 0; d < nd; d++) {
      const s = source(mode, idx[d], lo[d], x.shape[d]);
      if (s < 0) {
        off = -1;
        break;
      }
      off += s * inSt[d];
    }
    src[o] = off;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  const out = storage(x.dtype, n, true);
  const fill = asElement(value, x.dtype);
  for (let o = 0; o < n; o++) out[o] = src[o] < 0 ? fill : x.data[src[o]];
  const res = new PTensor(x.dtype, shape, out);
  res.numpy = x.numpy;
  if (!x.isFloat) return res;
  return track(res, name, [x], (g) => {
    const gi = storage(g.dtype, x.numel);
    const r = g.dtype === "float32" ? Math.fround : (v: number) => v;
    for (let o = 0; o < n; o++) if (src[o] >= 0) gi[src[o]] = r(gi[src[o]] + g.data[o]);
    return [new PTensor(g.dtype, x.shape.slice(), gi)];
  });
}
