// F.conv1d / F.conv2d (and nn.Conv1d / nn.Conv2d): direct convolution with stride, padding (zeros, possibly uneven
// for padding='same'), dilation and groups; batched or unbatched input. Each output sums its products in float64 and
// rounds once, as matmul does here: PyTorch's own order (oneDNN or im2col + BLAS) is not reproduced, so the last bit
// can differ (engine/python/README.md, "Last digit"). ConvolutionBackward0: the input's, the weight's and the bias's
// gradients, the same way.
import { budget } from "../budget";
import { PyError, Unsupported } from "../errors";
import { track } from "./autograd";
import { dtypeName, PTensor, storage } from "./core";

export interface ConvOptions {
  stride: number[];
  /** Zeros before and after each spatial dim (PyTorch pads evenly except padding='same' with an even extent). */
  padLo: number[];
  padHi: number[];
  dilation: number[];
  groups: number;
}

/** Shapes of one 2-D problem: a 1-D conv is a 2-D one of height 1. */
interface Geometry {
  n: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  kh: number;
  kw: number;
  oh: number;
  ow: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  groups: number;
}

/** conv{dims}d(x, weight, bias): x (N, C, *spatial) or (C, *spatial), weight (out, C / groups, *kernel). */
export function conv(x0: PTensor, w0: PTensor, b0: PTensor | null, o: ConvOptions, dims: 1 | 2): PTensor {
  const name = `conv${dims}d`;
  const batched = x0.ndim === dims + 2;
  if (!batched && x0.ndim !== dims + 1) {
    throw new PyError("RuntimeError", `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${name}, but got input of size: [${x0.shape.join(", ")}]`);
  }
  if (w0.ndim < 3) throw new PyError("RuntimeError", "weight should have at least three dimensions");
  // The convolution's dims come from the weight: the function's (F.conv2d's stride=1 is [1, 1]) must match them.
  for (const [what, v] of [["stride", o.stride], ["padding", o.padLo], ["dilation", o.dilation]] as const) {
    if (v.length !== w0.ndim - 2) {
      throw new PyError("RuntimeError", `expected ${what} to be a single integer value or a list of ${w0.ndim - 2} values to match the convolution dimensions, but got ${what}=[${v.join(", ")}]`);
    }
  }
  if (x0.dtype !== w0.dtype) throw new PyError("RuntimeError", `expected scalar type ${dtypeName(x0.dtype)} but found ${dtypeName(w0.dtype)}`);
  if (b0 && b0.dtype !== x0.dtype) throw new PyError("RuntimeError", `Input type (${cType(x0)}) and bias type (${cType(b0)}) should be the same`);
  if (!x0.isFloat) throw new Unsupported(`F.${name} on integer tensors`);
  const dtype = x0.dtype;
  const xs = batched ? x0.shape : [1, ...x0.shape];
  const spatial = xs.slice(2);
  const k = w0.shape.slice(2);
  const g = o.groups;
  if (w0.shape[0] % g !== 0) throw new PyError("RuntimeError", `Given groups=${g}, expected weight to be divisible by ${g} at dimension 0, but got weight of size [${w0.shape.join(", ")}] instead`);
  if (xs[1] !== w0.shape[1] * g) {
    throw new PyError("RuntimeError", `Given groups=${g}, weight of size [${w0.shape.join(", ")}], expected input[${xs.join(", ")}] to have ${w0.shape[1] * g} channels, but got ${xs[1]} channels instead`);
  }
  if (b0 && (b0.ndim !== 1 || b0.shape[0] !== w0.shape[0])) {
    throw new PyError("RuntimeError", `Given weight of size [${w0.shape.join(", ")}], expected bias to be 1-dimensional with ${w0.shape[0]} elements, but got bias of size [${b0.shape.join(", ")}] instead`);
  }
  const padded = spatial.map((s, i) => s + o.padLo[i] + o.padHi[i]);
  const extent = k.map((s, i) => o.dilation[i] * (s - 1) + 1);
  if (padded.some((p, i) => p < extent[i])) {
    throw new PyError("RuntimeError", `Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${extent.join(" x ")}). Kernel size can't be greater than actual input size`);
  }
  const out = padded.map((p, i) => Math.floor((p - extent[i]) / o.stride[i]) + 1);
  const two = (a: number[], one: number) => (dims === 1 ? [one, a[0]] : a);
  const [h, w] = two(spatial, 1);
  const [kh, kw] = two(k, 1);
  const [oh, ow] = two(out, 1);
  const [sh, sw] = two(o.stride, 1);
  const [ph, pw] = two(o.padLo, 0);
  const [dh, dw] = two(o.dilation, 1);
  const geo: Geometry = { n: xs[0], cin: xs[1], h, w, cout: w0.shape[0], kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups: g };
  const x = x0;
  const wt = w0;
  const b = b0;
  budget().charge(geo.n * geo.cout * oh * ow * (geo.cin / g) * kh * kw);
  const y = storage(dtype, geo.n * geo.cout * oh * ow, true);
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  forEachOutput(geo, (idx, taps) => {
    let acc = b ? b.data[idx.co] : 0;
    taps((xi, wi) => (acc += x.data[xi] * wt.data[wi]));
    y[idx.flat] = r(acc);
  });
  const shape = batched ? [geo.n, geo.cout, ...out] : [geo.cout, ...out];
  const res = new PTensor(dtype, shape, y);
  return track(res, "ConvolutionBackward0", [x0, w0, b0], (gy) => {
    budget().charge(2 * geo.n * geo.cout * oh * ow * (geo.cin / g) * kh * kw);
    const gx = new Float64Array(x.numel);
    const gw = new Float64Array(wt.numel);
    const gb = new Float64Array(geo.cout);
    forEachOutput(geo, (idx, taps) => {
      const v = gy.data[idx.flat];
      gb[idx.co] += v;
      taps((xi, wi) => {
        gx[xi] += v * wt.data[wi];
        gw[wi] += v * x.data[xi];
      });
    });
    const round = (src: Float64Array, like: PTensor) => {
      const s = storage(like.dtype, src.length, true);
      for (let i = 0; i < src.length; i++) s[i] = like.dtype === "float32" ? Math.fround(src[i]) : src[i];
      return new PTensor(like.dtype, like.shape.slice(), s);
    };
    return [round(gx, x0), round(gw, w0), b0 ? round(gb, b0) : null];
  });
}

/** The C type name PyTorch's messages use (float, double, long int, bool). */
function cType(t: PTensor): string {
  return t.dtype === "float32" ? "float" : t.dtype === "float64" ? "double" : t.dtype === "int64" ? "long int" : "bool";
}

/**
 * Calls visit for every output element with its indices and a walker over its taps: (input offset, weight offset)
 * of each product inside the input (padding contributes nothing), in the order channel, kernel row, kernel column.
 */
function forEachOutput(
  geo: Geometry,
  visit: (idx: { flat: number; co: number }, taps: (f: (xi: number, wi: number) => void) => void) => void,
): void {
  const { n, cin, h, w, cout, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups } = geo;
  const cg = cin / groups;
  const og = cout / groups;
  let flat = 0;
  for (let b = 0; b < n; b++) {
    for (let co = 0; co < cout; co++) {
      const c0 = Math.floor(co / og) * cg;
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const y0 = y * sh - ph;
          const x0 = x * sw - pw;
          visit({ flat, co }, (f) => {
            for (let c = 0; c < cg; c++) {
              const xBase = (b * cin + c0 + c) * h;
              const wBase = (co * cg + c) * kh;
              for (let i = 0; i < kh; i++) {
                const yy = y0 + i * dh;
                if (yy < 0 || yy >= h) continue;
                for (let j = 0; j < kw; j++) {
                  const xx = x0 + j * dw;
                  if (xx < 0 || xx >= w) continue;
                  f((xBase + yy) * w + xx, (wBase + i) * kw + j);
                }
              }
            }
          });
          flat++;
        }
      }
    }
  }
}
