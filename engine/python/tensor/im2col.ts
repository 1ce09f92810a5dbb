// F.unfold (im2col) and F.fold (col2im), each the other's backward: im2col copies every kernel position's pixel
// of every sliding block into a column (zeros in the padding); col2im adds the columns back into the image in
// ATen's loop order (channel x kernel row x kernel column, then block row, block column), in the dtype.
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { cast, dtypeName, PTensor, storage } from "./core";

/** The spatial geometry both take: kernel, dilation, padding, stride as (height, width) pairs. */
export interface Im2ColOptions {
  kernel: [number, number];
  dilation: [number, number];
  padding: [number, number];
  stride: [number, number];
}

/** im2col_shape_check's and col2im_shape_check's common checks, in their order. */
function checkOptions(o: Im2ColOptions, strideFirst: boolean): void {
  const [k, d, p, s] = [o.kernel, o.dilation, o.padding, o.stride];
  const checks: [boolean, string][] = [
    [k[0] > 0 && k[1] > 0, `kernel size should be greater than zero, but got kernel_height: ${k[0]} kernel_width: ${k[1]}`],
    [d[0] > 0 && d[1] > 0, `dilation should be greater than zero, but got dilation_height: ${d[0]} dilation_width: ${d[1]}`],
    [p[0] >= 0 && p[1] >= 0, `padding should be non-negative, but got pad_height: ${p[0]} pad_width: ${p[1]}`],
    [s[0] > 0 && s[1] > 0, `stride should be greater than zero, but got stride_height: ${s[0]} stride_width: ${s[1]}`],
  ];
  if (strideFirst) checks.splice(1, 0, checks.splice(3, 1)[0]);
  for (const [ok, message] of checks) if (!ok) throw new PyError("RuntimeError", message);
}

/** The number of sliding blocks along one spatial dim. */
function blocks(size: number, o: Im2ColOptions, i: 0 | 1): number {
  return Math.floor((size + 2 * o.padding[i] - (o.dilation[i] * (o.kernel[i] - 1) + 1)) / o.stride[i]) + 1;
}

/** For each column element (c, ki, kj, by, bx), the image element it reads (-1: padding). */
function columnSources(channels: number, h: number, w: number, o: Im2ColOptions): Int32Array {
  const [kh, kw] = o.kernel;
  const [bh, bw] = [blocks(h, o, 0), blocks(w, o, 1)];
  const src = new Int32Array(channels * kh * kw * bh * bw);
  let k = 0;
  for (let cc = 0; cc < channels * kh * kw; cc++) {
    const kj = cc % kw;
    const ki = Math.floor(cc / kw) % kh;
    const c = Math.floor(cc / (kh * kw));
    for (let by = 0; by < bh; by++) {
      const y = by * o.stride[0] - o.padding[0] + ki * o.dilation[0];
      for (let bx = 0; bx < bw; bx++, k++) {
        const x = bx * o.stride[1] - o.padding[1] + kj * o.dilation[1];
        src[k] = y >= 0 && y < h && x >= 0 && x < w ? (c * h + y) * w + x : -1;
      }
    }
  }
  return src;
}

function im2colData(img: PTensor, batch: number, per: number, src: Int32Array): PTensor["data"] {
  const out = storage(img.dtype, batch * src.length);
  for (let n = 0; n < batch; n++) for (let k = 0; k < src.length; k++) if (src[k] >= 0) out[n * src.length + k] = img.data[n * per + src[k]];
  return out;
}

function col2imData(col: PTensor, batch: number, per: number, src: Int32Array): PTensor["data"] {
  const r = col.dtype === "float32" ? Math.fround : (x: number) => x;
  const out = storage(col.dtype, batch * per);
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < src.length; k++) if (src[k] >= 0) out[n * per + src[k]] = r(out[n * per + src[k]] + col.data[n * src.length + k]);
  }
  return out;
}

/** F.unfold(input, kernel_size, dilation, padding, stride) of a (C, H, W) or (N, C, H, W) input. */
export function unfold(x: PTensor, o: Im2ColOptions): PTensor {
  checkOptions(o, false);
  if (x.ndim < 3) throw new PyError("IndexError", `Dimension out of range (expected to be in range of [${-Math.max(x.ndim, 1)}, ${Math.max(x.ndim, 1) - 1}], but got ${x.ndim})`);
  const batched = x.ndim === 4;
  if ((x.ndim !== 3 && !batched) || x.shape.slice(batched ? 1 : 0).some((s) => s === 0)) {
    throw new PyError("RuntimeError", `Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [${x.shape.join(", ")}]`);
  }
  const [c, h, w] = x.shape.slice(-3);
  const [bh, bw] = [blocks(h, o, 0), blocks(w, o, 1)];
  if (bh < 1 || bw < 1) {
    const size = evalTorch().unfoldSizeMessage === "heightTwice" ? `(${h}, ${h})` : `(${h}, ${w})`;
    throw new PyError(
      "RuntimeError",
      `Given input with spatial size ${size}, kernel_size=(${o.kernel.join(", ")}), dilation=(${o.dilation.join(", ")}), padding=(${o.padding.join(", ")}), calculated shape of the array of sliding blocks as (${bh}, ${bw}), but its components must be at least one.`,
    );
  }
  if (!x.isFloat) throw versionedError("RuntimeError", `"im2col_out_cpu" not implemented for '${dtypeName(x.dtype)}'`);
  const batch = batched ? x.shape[0] : 1;
  const src = columnSources(c, h, w, o);
  const rows = c * o.kernel[0] * o.kernel[1];
  const shape = batched ? [batch, rows, bh * bw] : [rows, bh * bw];
  const res = new PTensor(x.dtype, shape, im2colData(x, batch, c * h * w, src));
  return track(res, "Im2ColBackward0", [x], (g) => [new PTensor(x.dtype, x.shape.slice(), col2imData(cast(g, x.dtype), batch, c * h * w, src))]);
}

/** F.fold(input, output_size, kernel_size, dilation, padding, stride) of a (C * kh * kw, L) or batched input. */
export function fold(x: PTensor, outSize: [number, number], o: Im2ColOptions): PTensor {
  checkOptions(o, true);
  const batched = x.ndim === 3;
  if ((x.ndim !== 2 && !batched) || x.shape.slice(batched ? 1 : 0).some((s) => s === 0)) {
    throw new PyError("RuntimeError", `Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [${x.shape.join(", ")}]`);
  }
  const [cols, len] = x.shape.slice(-2);
  const kk = o.kernel[0] * o.kernel[1];
  if (cols % kk !== 0) {
    throw new PyError("RuntimeError", `Expected size of input's dimension ${batched ? 1 : 0} to be divisible by the product of kernel_size, but got input.size(${batched ? 1 : 0})=${cols} and kernel_size=(${o.kernel.join(", ")}).`);
  }
  const [h, w] = outSize;
  const [bh, bw] = [blocks(h, o, 0), blocks(w, o, 1)];
  if (bh * bw !== len) {
    throw new PyError(
      "RuntimeError",
      `Given output_size=(${h}, ${w}), kernel_size=(${o.kernel.join(", ")}), dilation=(${o.dilation.join(", ")}), padding=(${o.padding.join(", ")}), stride=(${o.stride.join(", ")}), expected size of input's dimension ${batched ? 2 : 1} to match the calculated number of sliding blocks ${bh} * ${bw} = ${bh * bw}, but got input.size(${batched ? 2 : 1})=${len}.`,
    );
  }
  if (!x.isFloat) throw versionedError("RuntimeError", `"col2im_out_cpu" not implemented for '${dtypeName(x.dtype)}'`);
  const c = cols / kk;
  const batch = batched ? x.shape[0] : 1;
  const src = columnSources(c, h, w, o);
  const shape = batched ? [batch, c, h, w] : [c, h, w];
  const res = new PTensor(x.dtype, shape, col2imData(x, batch, c * h * w, src));
  return track(res, "Col2ImBackward0", [x], (g) => [new PTensor(x.dtype, x.shape.slice(), im2colData(cast(g, x.dtype), batch, c * h * w, src))]);
}
