// cumsum / cumprod / prod as ATen's CPU kernels compute them, with their backward formulas.
// cumsum and cumprod accumulate in double for floats (cpu_cum_base_kernel's acc_type), each output rounded to the
// dtype. prod multiplies in the dtype: along the contiguous last dim (and over every element) by
// binary_kernel_reduce_vec's inner reduction (rows of 32 floats / 16 doubles or more in four vector accumulators,
// combined as (a0 * a1) * (a2 * a3), lanes in order, then the tail), one element after another otherwise.
import { budget } from "../budget";
import { Unsupported } from "../errors";
import { track } from "./autograd";
import { cast, normDim, PTensor, splitAt, storage, type TDtype } from "./core";
import { binary } from "./elementwise";
import { flip } from "./arrange";
import { reshape } from "./shape";

function scanDtype(t: PTensor, dtype: TDtype | null): TDtype {
  return dtype ?? (t.isFloat ? t.dtype : "int64");
}

function scan(t: PTensor, dim: number, dtype: TDtype, product: boolean): PTensor {
  budget().charge(t.numel);
  // A dtype= argument casts the input first (ATen's self.to(dtype)): cumsum(x, dtype=torch.int64) truncates.
  const cast_ = cast(t, dtype);
  const src = t.ndim === 0 ? reshape(cast_, [1]) : cast_;
  const { outer, size, inner } = splitAt(src.shape, normDim(dim, src.ndim));
  const out = storage(dtype, t.numel, true);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = product ? 1 : 0;
      for (let k = 0; k < size; k++) {
        const at = (o * size + k) * inner + i;
        acc = product ? acc * src.data[at] : acc + src.data[at];
        out[at] = acc;
      }
    }
  }
  return new PTensor(dtype, t.shape.slice(), out);
}

/** reversed_cumsum: flip, cumsum, flip back (the backward of cumsum, and cumprod's). */
function reversedCumsum(g: PTensor, dim: number): PTensor {
  return flip(scan(flip(g, [dim]), dim, g.dtype, false), [dim]);
}

/** cumsum(dim, dtype=None): CumsumBackward0. */
export function cumsum(t: PTensor, dim: number, dtype: TDtype | null = null): PTensor {
  const r = scan(t, dim, scanDtype(t, dtype), false);
  return track(r, "CumsumBackward0", [t], (g) => [t.numel <= 1 || t.ndim === 0 || t.shape[normDim(dim, t.ndim)] === 1 ? g : reversedCumsum(g, dim)]);
}

/** cumprod(dim, dtype=None): CumprodBackward0 (its gradient through an input of zeros is refused). */
export function cumprod(t: PTensor, dim: number, dtype: TDtype | null = null): PTensor {
  const r = scan(t, dim, scanDtype(t, dtype), true);
  return track(r, "CumprodBackward0", [t], (g) => {
    if (t.numel <= 1 || t.ndim === 0 || t.shape[normDim(dim, t.ndim)] === 1) return [g];
    if (t.data.some((v) => v === 0)) throw new Unsupported("the gradient of cumprod through an input element that is 0");
    // reversed_cumsum(output * grad) / input
    return [binary("/", reversedCumsum(binary("*", r, g), dim), t)];
  });
}

/** One row's product as binary_kernel_reduce_vec's inner reduction forms it (r rounds to the dtype). */
function innerProduct(get: (k: number) => number, n: number, lanes: number, r: (x: number) => number): number {
  const block = 4 * lanes;
  const count = Math.floor(n / block);
  let acc = 1;
  if (count > 0) {
    const a = new Float64Array(block);
    for (let k = 0; k < block; k++) a[k] = get(k);
    for (let c = 1; c < count; c++) for (let k = 0; k < block; k++) a[k] = r(a[k] * get(c * block + k));
    let b = 0;
    for (let l = 0; l < lanes; l++) {
      const v = r(r(a[l] * a[lanes + l]) * r(a[2 * lanes + l] * a[3 * lanes + l]));
      b = l === 0 ? v : r(b * v);
    }
    acc = b;
  }
  for (let k = count * block; k < n; k++) acc = r(acc * get(k));
  return acc;
}

/** prod() / prod(dim, keepdim): ProdBackward0 / ProdBackward1 (their gradient through zeros is refused). */
export function prod(t: PTensor, dim: number | null, keepdim = false, dtype: TDtype | null = null): PTensor {
  budget().charge(t.numel);
  const dt = scanDtype(t, dtype);
  const src = cast(t, dt);
  const r = dt === "float32" ? Math.fround : (x: number) => x;
  const lanes = dt === "float32" ? 8 : 4;
  const vec = dt === "float32" || dt === "float64";
  let out: PTensor;
  let kept: number[];
  if (dim === null) {
    let v = 1;
    if (vec) v = innerProduct((k) => src.data[k], t.numel, lanes, r);
    else for (let k = 0; k < t.numel; k++) v *= src.data[k];
    out = new PTensor(dt, keepdim ? t.shape.map(() => 1) : [], storage(dt, 1, true));
    out.data[0] = v;
    kept = t.shape.map(() => 1);
  } else {
    const d = normDim(dim, Math.max(t.ndim, 1));
    const { outer, size, inner } = splitAt(t.ndim ? t.shape : [1], d);
    const data = storage(dt, outer * inner, true);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const get = (k: number) => src.data[(o * size + k) * inner + i];
        if (vec && inner === 1) data[o] = innerProduct(get, size, lanes, r);
        else {
          let p = 1;
          for (let k = 0; k < size; k++) p = vec ? r(p * get(k)) : p * get(k);
          data[o * inner + i] = p;
        }
      }
    }
    kept = t.shape.map((s, i) => (i === d ? 1 : s));
    out = new PTensor(dt, keepdim || t.ndim === 0 ? kept : t.shape.filter((_, i) => i !== d), data);
  }
  return track(out, dim === null ? "ProdBackward0" : "ProdBackward1", [t], (g) => {
    if (t.ndim === 0) return [g];
    if (t.data.some((v) => v === 0)) throw new Unsupported("the gradient of prod through an input element that is 0");
    // grad * (result / input)
    return [binary("*", reshape(g, kept), binary("/", reshape(out, kept), t))];
  });
}
