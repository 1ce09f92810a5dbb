// Shape helpers with PyTorch's semantics: numel, torch.Size printing, broadcasting and its reverse (sum-to-shape).
import { LossError, type DType, type Tensor } from "./types";

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** How PyTorch prints a shape in messages: torch.Size([2, 3]). */
export function sizeStr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** torch.broadcast_shapes, with ATen's message when two sizes clash ("tensor a" is the first shape). */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
    const db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new LossError(
        "RuntimeError",
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides of `shape` seen as broadcast into `to` (0 along broadcast dimensions). */
function broadcastStrides(shape: readonly number[], to: readonly number[]): number[] {
  const strides = new Array<number>(to.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = i + to.length - shape.length;
    strides[j] = shape[i] === 1 && to[j] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** Visits every index of `to` in row-major order, giving the matching flat offset into a tensor of `shape`. */
function forEachBroadcast(shape: readonly number[], to: readonly number[], visit: (outIndex: number, srcIndex: number) => void): void {
  const n = numel(to);
  if (n === 0) return;
  const strides = broadcastStrides(shape, to);
  const nd = to.length;
  const idx = new Array<number>(nd).fill(0);
  let src = 0;
  for (let o = 0; o < n; o++) {
    visit(o, src);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < to[d]) break;
      src -= strides[d] * to[d];
      idx[d] = 0;
    }
  }
}

/** Copies `src` (of `shape`) expanded to `to` into `dst`, which must hold numel(to) elements. */
export function expandInto(src: ArrayLike<number>, shape: readonly number[], to: readonly number[], dst: Float32Array | Float64Array): void {
  if (sameShape(shape, to)) {
    dst.set(src.length === dst.length ? src : Array.prototype.slice.call(src, 0, dst.length));
    return;
  }
  forEachBroadcast(shape, to, (o, s) => (dst[o] = src[s]));
}

/** The reverse of broadcasting: sums a gradient over `from` back to `shape` (float64 accumulation). */
export function sumToShape(grad: ArrayLike<number>, from: readonly number[], shape: readonly number[]): Float64Array {
  const out = new Float64Array(numel(shape));
  if (sameShape(from, shape)) {
    for (let i = 0; i < out.length; i++) out[i] = grad[i];
    return out;
  }
  forEachBroadcast(shape, from, (o, s) => (out[s] += grad[o]));
  return out;
}

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** torch.result_type for the dtypes we carry: float64 wins, then float32, then int64. */
export function promote(...dtypes: DType[]): DType {
  if (dtypes.includes("float64")) return "float64";
  if (dtypes.includes("float32")) return "float32";
  return "int64";
}

/** PyTorch's scalar type names, as in "Found dtype Long but expected Float". */
export function scalarTypeName(dtype: DType): string {
  return dtype === "float32" ? "Float" : dtype === "float64" ? "Double" : "Long";
}

/** A tensor owning a copy of values (converted to dtype; int64 is held in a Float64Array). */
/** t with another shape of the same size, its values read through t (a pinned tensor stays valid). */
export function withShape(t: Tensor, shape: number[]): Tensor {
  return {
    dtype: t.dtype,
    shape,
    get data() {
      return t.data;
    },
  };
}

export function makeTensor(dtype: DType, shape: number[], values: ArrayLike<number>): Tensor {
  const data = dtype === "float32" ? new Float32Array(values.length) : new Float64Array(values.length);
  data.set(values as ArrayLike<number>);
  return { dtype, shape: [...shape], data };
}

/** A tensor adopting `data` without copying when its element type already matches dtype. */
export function adoptTensor(dtype: DType, shape: number[], data: Float32Array | Float64Array): Tensor {
  const fits = dtype === "float32" ? data instanceof Float32Array : data instanceof Float64Array;
  return fits ? { dtype, shape: [...shape], data } : makeTensor(dtype, shape, data);
}

export function scalarTensor(dtype: DType, value: number): Tensor {
  return makeTensor(dtype, [], [value]);
}
