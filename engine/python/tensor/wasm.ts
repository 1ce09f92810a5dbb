// The evaluator's element loops in the engine's SIMD kernels (engine/kernels/tensor-ops.ts): float32 / float64
// operands are copied into the engine's scratch memory, the kernel runs, and the result is copied into a new
// tensor storage (storage(): the size budget). Large element-wise ops run in chunks (runChunked) so that the
// copies in, the kernel and the copy out meet in the cache instead of going through main memory three times.
// Each function answers null when it does not apply (another dtype, a broadcast it cannot walk, no engine
// installed): the caller then runs its JS loop, which defines the result.
// Storage that already lives in the resident heap (./resident.ts) skips all of that: when every large operand and
// the result are resident, the heap's own instance of the kernels runs once over them in place (inResident).
import type { EngineKernels } from "../../api/types";
import type { DtypeKernels } from "../../api/kernels.generated";
import type { ResidentHeap } from "../../api/resident";
import { numelOf, PTensor, recycle, sameShape, storage, type Storage, type TDtype } from "./core";
import { currentHeap } from "./resident";

let K: EngineKernels | null = null;

/** Installs the engine whose kernels run the element loops (the Interpreter's); null: the JS loops everywhere. */
export function setKernels(k: EngineKernels | null): void {
  K = k;
}

type Float = "float32" | "float64";

/** The kernels for a tensor of dtype whose storage is that dtype's array, else null. */
function kernelsFor(dtype: TDtype, ...data: Storage[]): DtypeKernels | null {
  if (!K || (dtype !== "float32" && dtype !== "float64")) return null;
  const want = dtype === "float32" ? Float32Array : Float64Array;
  return data.every((d) => d instanceof want) ? K[dtype] : null;
}

/** Copies the kernel's n results at ptr into a new storage (the budget's allocation point). */
function result(dtype: Float | "bool", ptr: number, n: number): Storage {
  const out = storage(dtype, n, true);
  if (n > 0) out.set(K!.arena.view(dtype === "bool" ? "float64" : dtype, ptr, n));
  return out;
}

/** Elements per chunk: a chunk's operands and result (64 KB each in float32) stay in cache between the copies
 * and the kernel. A multiple of every vector block (16 float32, 8 float64), so each chunk's element loop splits
 * as a whole run's would. mathOf (elementwise.ts) chunks its engine calls by it too. */
export const CHUNK = 16384;

/** An operand's walk over the output's `outer` rows of `inner` elements: row stride and element stride (0 / 1). */
interface Walked {
  data: Storage;
  row: number;
  elem: number;
}

/** A kernel's scratch did not fit in the resident heap: the copying path runs instead. */
class HeapFull extends Error {}

/** Operands at most this long are copied into the heap when the others are resident (scalars, broadcast rows). */
const SMALL_OPERAND = 4096;

/**
 * The kernel run once in the resident heap, when every operand of more than SMALL_OPERAND elements is resident
 * there and the result (n elements of outDtype) can be: kernel(heap's kernels, operand pointers, result pointer).
 * Small operands are copied into scratch blocks. null: not all resident (the caller copies, as before).
 */
function inResident(
  f: Float,
  outDtype: Float | "bool",
  data: Storage[],
  n: number,
  kernel: (k: DtypeKernels, ptrs: number[], out: number, heap: ResidentHeap) => void,
): Storage | null {
  const heap = currentHeap();
  if (!heap || outDtype === "bool") return null;
  const owned = data.map((d) => heap.owns(d));
  if (!owned.includes(true) || data.some((d, i) => !owned[i] && d.length > SMALL_OPERAND)) return null;
  // A full heap: the copying path, before its result is made (and charged) here as an ordinary array.
  const bytes = n * (f === "float32" ? 4 : 8);
  if (!heap.canHold(bytes)) return null;
  const out = storage(outDtype, n, true);
  // A result too small to be resident (a few row sums) is written to a scratch block and copied out.
  const direct = heap.owns(out);
  const scratch: number[] = [];
  try {
    const dst = direct ? out.byteOffset : heap.alloc(bytes);
    if (!direct && dst >= 0) scratch.push(dst);
    const ptrs = data.map((d, i) => {
      if (owned[i]) return d.byteOffset;
      const slot = heap.toSlot(i, d);
      if (slot >= 0) return slot;
      const p = heap.copyIn(d);
      if (p >= 0) scratch.push(p);
      return p;
    });
    if (dst < 0 || ptrs.some((p) => p < 0)) throw new HeapFull();
    kernel(heap[f], ptrs, dst, heap);
    if (!direct) out.set(f === "float32" ? new Float32Array(heap.buffer, dst, n) : new Float64Array(heap.buffer, dst, n));
    return out;
  } catch (e) {
    if (!(e instanceof HeapFull)) throw e;
    recycle(out);
    return null;
  } finally {
    for (const p of scratch) heap.drop(p);
  }
}

/**
 * Runs kernel(operand pointers, output pointer, rows, inner) over the output (`outer` rows of `inner`, dtype
 * outDtype) in chunks: whole rows at a time, or stretches of a single row. Each element's result depends on its
 * operands' values only, never on where a chunk starts. Returns the result's new storage.
 */
function runChunked(
  f: Float,
  outDtype: Float | "bool",
  operands: Walked[],
  outer: number,
  inner: number,
  kernel: (k: DtypeKernels, ptrs: number[], out: number, rows: number, inner: number) => void,
  tryResident = true,
): Storage {
  // Row strides are the kernel's to walk, so the resident heap runs it over all rows at once.
  const resident = tryResident ? inResident(f, outDtype, operands.map((o) => o.data), outer * inner, (k, ptrs, out) => kernel(k, ptrs, out, outer, inner)) : null;
  if (resident) return resident;
  const k = K![f];
  const arena = K!.arena;
  const viewType = outDtype === "bool" ? "float64" : outDtype;
  const out = storage(outDtype, outer * inner, true);
  if (outer === 1) {
    for (let i0 = 0; i0 < inner; i0 += CHUNK) {
      const len = Math.min(CHUNK, inner - i0);
      arena.reset();
      const ptrs = operands.map((o) => arena.input(f, o.elem ? o.data.subarray(i0, i0 + len) : o.data.subarray(0, 1)));
      const po = arena.array(viewType, len);
      kernel(k, ptrs, po, 1, len);
      out.set(arena.view(viewType, po, len), i0);
    }
    return out;
  }
  const per = Math.max(1, Math.floor(CHUNK / inner));
  for (let o0 = 0; o0 < outer; o0 += per) {
    const rows = Math.min(per, outer - o0);
    arena.reset();
    const ptrs = operands.map((o) => {
      const start = o0 * o.row;
      return arena.input(f, o.data.subarray(start, start + (rows - 1) * o.row + (inner - 1) * o.elem + 1));
    });
    const po = arena.array(viewType, rows * inner);
    kernel(k, ptrs, po, rows, inner);
    out.set(arena.view(viewType, po, rows * inner), o0 * inner);
  }
  return out;
}

/** Binary op codes of ew_binary / ew_compare. */
const BINARY_CODE: Record<string, number> = { "+": 0, "-": 1, "*": 2, "/": 3, max: 4, min: 5 };
const COMPARE_CODE: Record<string, number> = { "==": 0, "!=": 1, "<": 2, "<=": 3, ">": 4, ">=": 5 };

/** How an operand steps through `outer` rows of `inner` output elements: row stride and element stride (0 / 1). */
interface Walk {
  row: number;
  elem: number;
}

/**
 * The output shape split into outer x inner such that every operand, along each part, either has every
 * dimension (contiguous) or none (broadcast): the patterns losses make ((N, C) with (N, 1) or (C,), scalars,
 * same shapes). null: a broadcast that needs a full index walk.
 */
function plan2d(out: number[], shapes: number[][]): { outer: number; inner: number; walks: Walk[] } | null {
  // Most ops at once: every operand the output's shape or a single value (one row, no search).
  if (shapes.every((s) => sameShape(s, out) || numelOf(s) === 1)) {
    const n = numelOf(out);
    return { outer: 1, inner: n, walks: shapes.map((s) => (sameShape(s, out) ? { elem: 1, row: n } : { elem: 0, row: 0 })) };
  }
  const nd = out.length;
  // Per operand and output dimension: does the operand have it (else it is broadcast along it)?
  const has = shapes.map((s) => out.map((size, d) => s[d - (nd - s.length)] === size));
  /** Along dims [from, to): "has" every one, "bcast" none, "mixed"; dims of size 1 in the output are free. */
  const along = (flags: boolean[], from: number, to: number): "has" | "bcast" | "mixed" => {
    let v: boolean | null = null;
    for (let d = from; d < to; d++) {
      if (out[d] === 1) continue;
      if (v === null) v = flags[d];
      else if (v !== flags[d]) return "mixed";
    }
    return v === false ? "bcast" : "has";
  };
  for (let k = 0; k <= nd; k++) {
    const parts = has.map((f) => [along(f, 0, k), along(f, k, nd)]);
    if (parts.some(([o, i]) => o === "mixed" || i === "mixed")) continue;
    let outer = 1;
    for (let d = 0; d < k; d++) outer *= out[d];
    const inner = outer === 0 ? 0 : numelOf(out) / outer;
    const walks = parts.map(([o, i]) => {
      const elem = i === "has" ? 1 : 0;
      return { elem, row: o === "bcast" ? 0 : elem ? inner : 1 };
    });
    return { outer, inner, walks };
  }
  return null;
}

/**
 * a op b over the broadcast `shape` in dtype (a, b already cast to it): + - * / max min, or a comparison into
 * bool. null when the kernels do not apply.
 */
export function wasmBinary(op: string, a: PTensor, b: PTensor, shape: number[], dtype: TDtype, compare: boolean): PTensor | null {
  const code = compare ? COMPARE_CODE[op] : BINARY_CODE[op];
  const k = code === undefined ? null : kernelsFor(dtype, a.data, b.data);
  if (!k) return null;
  const n = numelOf(shape);
  const p = plan2d(shape, [a.shape, b.shape]);
  if (!p || n === 0) return null;
  const [wa, wb] = p.walks;
  const operands = [{ data: a.data, ...wa }, { data: b.data, ...wb }];
  const out = runChunked(dtype as Float, compare ? "bool" : (dtype as Float), operands, p.outer, p.inner, (k, [pa, pb], po, rows, inner) =>
    (compare ? k.ew_compare : k.ew_binary)(code, pa, wa.row, wa.elem, pb, wb.row, wb.elem, po, rows, inner),
  );
  return new PTensor(compare ? "bool" : dtype, shape, out);
}

/** A contiguous operand of an element-wise op. */
function flat(data: Storage): Walked {
  return { data, row: data.length, elem: 1 };
}

/** Unary op codes of ew_unary. */
export const UNARY_CODE = { neg: 0, abs: 1, sqrt: 2, reciprocal: 3, square: 4, cube: 5, invSquare: 6, rsqrt: 7 } as const;

/** op over t's values into a new tensor of t's dtype and shape, or null. */
export function wasmUnary(op: keyof typeof UNARY_CODE, t: PTensor): PTensor | null {
  const k = kernelsFor(t.dtype, t.data);
  if (!k || t.numel === 0) return null;
  const f = t.dtype as Float;
  const code = UNARY_CODE[op];
  const out = runChunked(f, f, [flat(t.data)], 1, t.numel, (k, [src], dst, _, n) => k.ew_unary(code, src, dst, n));
  const r = new PTensor(t.dtype, t.shape.slice(), out);
  r.numpy = t.numpy;
  return r;
}

/** sigmoid's backward (g * (1 - y)) * y for g and y of one dtype and shape, or null. */
export function wasmSigmoidGrad(g: PTensor, y: PTensor): PTensor | null {
  const k = g.dtype === y.dtype && sameShape(g.shape, y.shape) ? kernelsFor(g.dtype, g.data, y.data) : null;
  if (!k || g.numel === 0) return null;
  const f = g.dtype as Float;
  const out = runChunked(f, f, [flat(g.data), flat(y.data)], 1, g.numel, (k, [pg, py], dst, _, n) => k.sigmoid_grad(pg, py, dst, n));
  const r = new PTensor(g.dtype, y.shape.slice(), out);
  r.numpy = g.numpy || y.numpy;
  return r;
}

/** clamp's values (grad null) or its backward (where lo <= x <= hi, grad, 0) for x, or null. */
export function wasmClamp(x: PTensor, lo: number | null, hi: number | null, grad: PTensor | null): PTensor | null {
  const k = grad && (grad.dtype !== x.dtype || grad.numel !== x.numel) ? null : kernelsFor(x.dtype, x.data, ...(grad ? [grad.data] : []));
  if (!k || x.numel === 0) return null;
  const f = x.dtype as Float;
  const operands = grad ? [flat(x.data), flat(grad.data)] : [flat(x.data)];
  const out = runChunked(f, f, operands, 1, x.numel, (k, [src, pg], dst, _, n) =>
    k.clamp(src, dst, n, lo ?? -Infinity, hi ?? Infinity, lo !== null, hi !== null, pg ?? 0),
  );
  const r = new PTensor(x.dtype, x.shape.slice(), out);
  r.numpy = (grad ?? x).numpy;
  return r;
}

/** torch.sum of each of `rows` contiguous rows of `len` in t's storage, in ATen's order, or null. */
export function wasmRowSums(t: PTensor, rows: number, len: number): Storage | null {
  const k = kernelsFor(t.dtype, t.data);
  if (!k || rows * len !== t.numel || rows === 0) return null;
  const f = t.dtype as Float;
  const resident = inResident(f, f, [t.data], rows, (hk, [src], dst) => hk.row_sums(src, rows, len, dst));
  if (resident) return resident;
  const arena = K!.arena;
  arena.reset();
  const src = arena.input(f, t.data);
  const dst = arena.array(f, rows);
  k.row_sums(src, rows, len, dst);
  return result(f, dst, rows);
}

/** log_softmax's backward over `outer` contiguous rows of D: fma(-e, Σ g, g) per row (atensoftmax.ts), or null. */
export function wasmLogSoftmaxGrad(g: Storage, e: Storage, dtype: TDtype, outer: number, D: number): Storage | null {
  const k = kernelsFor(dtype, g, e);
  if (!k || outer * D !== g.length || g.length !== e.length || outer * D === 0) return null;
  const f = dtype as Float;
  const resident = inResident(f, f, [e, g], g.length, (hk, [pe, pg], dst) => hk.log_softmax_grad(pe, pg, dst, outer, D));
  if (resident) return resident;
  const arena = K!.arena;
  arena.reset();
  const pe = arena.input(f, e);
  const pg = arena.input(f, g);
  const dst = arena.array(f, g.length);
  k.log_softmax_grad(pe, pg, dst, outer, D);
  return result(f, dst, g.length);
}

/**
 * softmax (log = false) or log_softmax of `outer` contiguous rows of D in data (atensoftmax.ts's last-dim
 * forward, the same operations in the same order), or null. Whole rows in each chunk: a row's sum needs all of it.
 */
export function wasmSoftmaxRows(data: Storage, dtype: TDtype, outer: number, D: number, log: boolean): Storage | null {
  const k = kernelsFor(dtype, data);
  if (!k || outer * D !== data.length || outer * D === 0) return null;
  const f = dtype as Float;
  const bytes = f === "float32" ? 4 : 8;
  const resident = inResident(f, f, [data], data.length, (hk, [src], dst, heap) => {
    const rowsTmp = heap.alloc(data.length * bytes);
    const sums = heap.alloc(outer * bytes);
    try {
      if (rowsTmp < 0 || sums < 0) throw new HeapFull();
      hk.softmax_rows(src, dst, outer, D, log, rowsTmp, sums);
    } finally {
      if (rowsTmp >= 0) heap.drop(rowsTmp);
      if (sums >= 0) heap.drop(sums);
    }
  });
  if (resident) return resident;
  const arena = K!.arena;
  const run = (src: number, dst: number, rows: number): void => k.softmax_rows(src, dst, rows, D, log, arena.array(f, rows * D), arena.array(f, rows));
  if (outer === 1) {
    arena.reset();
    const src = arena.input(f, data);
    const dst = arena.array(f, D);
    run(src, dst, 1);
    return result(f, dst, D);
  }
  return runChunked(f, f, [{ data, row: D, elem: 1 }], outer, D, (_, [src], dst, rows) => run(src, dst, rows), false);
}
