// The evaluator's dense tensor: dtypes, storage under the size budget, constructors, dtype promotion and casts.
// Shape helpers (numel, broadcasting) are engine/api/tensor.ts's, shared with the engine.
import { broadcastShapes as apiBroadcastShapes, numel, sameShape } from "../../api/tensor";
import { LossError } from "../../api/types";
import { beforeMeasure, budget } from "../budget";
import { PyError } from "../errors";
import { floatToNarrow, isIntegral, isNarrowInt, wrapInt } from "./intdtypes";
import { releaseResident, RESIDENT_MIN, residentHeap } from "./resident";

export type TDtype = "float32" | "float64" | "int64" | "int32" | "int16" | "int8" | "uint8" | "bool";
export type Storage = Float32Array | Float64Array;

export interface GradFn {
  /** PyTorch's node name, as print shows it: grad_fn=<MulBackward0>. */
  name: string;
  inputs: (PTensor | null)[];
  /** Gradients w.r.t. inputs, given the gradient w.r.t. the output. */
  backward(grad: PTensor): (PTensor | null)[];
  /**
   * The tensors whose values backward reads, when the op says (+ - *: none, or the other operand); absent: any of
   * its inputs and its output. A tensor it does not read may have its storage recycled (interp/expressions.ts).
   */
  reads?: PTensor[];
  /**
   * Storage of nested operator results (`a * b` in `(a * b) * c`) that only this node's backward (or theirs)
   * still reads: recycled once a backward() without retain_graph has run through it (autograd.ts).
   */
  release?: Storage[];
  /** Storage of tensors whose names died (interp/expressions.ts releaseClaimed) that this node reads: each recycled
   *  once every node reading it has been freed by a backward (autograd.ts releaseWhenFreed). */
  pending?: PendingRelease[];
  /** A backward without retain_graph ran through it and it saved a tensor: another backward through it is PyTorch's
   *  "backward through the graph a second time" (autograd.ts). */
  freed?: boolean;
  /** It saves tensors whatever its name says (a loss's one node standing for PyTorch's graph of it). */
  savesTensors?: boolean;
  /** Creation order (autograd.ts): backward runs the ready node created last first, as PyTorch's engine does. */
  seq?: number;
  /** Its backward broadcasts a reduction's gradient view itself (tensor/expand.ts), the same values as the expanded
   *  gradient: autograd hands it the view instead of materializing it. */
  takesGradView?: boolean;
}

/** Storage waiting for `left` more nodes that read it to be freed. */
export interface PendingRelease {
  storage: Storage;
  left: number;
}

export class PTensor {
  requiresGrad = false;
  grad: PTensor | null = null;
  gradFn: GradFn | null = null;
  /** A numpy ndarray (from .numpy() or np.array): printed as array([...]). */
  numpy = false;
  /** Made (directly or through ops) from a random constructor. */
  random = false;
  /** Memory torch.empty & co. never initialised: its values are not PyTorch's to know (see ../uninit.ts). */
  uninit = false;
  /** An nn.Parameter: printed as "Parameter containing:", listed by Module.parameters(). */
  param = false;
  /** Made by the interpreter's arithmetic or unary minus / invert operator (new storage): see
   *  interp/expressions.ts isTemporary. */
  operatorResult = false;
  /** The variables and the name that alone hold it, while they do (interp/expressions.ts rebindName). */
  soleName: { vars: Map<string, unknown>; name: string } | null = null;
  /** While soleName holds: the nodes of operator results made from it that read its values in their backward. */
  readBy: GradFn[] | null = null;
  /** How many graph nodes take it as an input (autograd.ts track): none, and its own node is reachable through it alone. */
  consumers = 0;
  /** Its name's claim ended with the name (interp/expressions.ts): nothing but graph nodes can reach it any more. */
  dropped = false;
  /** How many records of the interpreter's show it (a loss's value or input: interp/index.ts): while any does, its
   *  storage is not recycled, whatever its names do (autograd.ts holdStorage). */
  holds = 0;
  /** The release its dead name asked for while it was held (the nodes that still read it): done when the last
   *  record lets go. */
  heldRelease: GradFn[] | null = null;
  /** PyTorch's strides where they are not the contiguous ones (a transpose, an expand, a slice): tensor/layout.ts.
   *  The values themselves are always stored in row-major order of the shape. */
  strides: number[] | null = null;
  /** What PyTorch returns as a view of another tensor (a slice, a transpose, a diagonal) but is held here in its own
   *  storage: a write into it would not reach that tensor, so in-place ops on it are refused (tensor/inplace.ts). */
  copiedView: string | null = null;

  constructor(
    public dtype: TDtype,
    public shape: number[],
    public data: Storage,
  ) {}

  get numel(): number {
    return this.data.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get isFloat(): boolean {
    return this.dtype === "float32" || this.dtype === "float64";
  }
}

/** bool(t): a one-element tensor's value, else PyTorch's (numpy's) RuntimeError (ValueError). */
export function truthOf(t: PTensor): boolean {
  if (t.numel === 0) throw new PyError("RuntimeError", "Boolean value of Tensor with no values is ambiguous");
  if (t.numel > 1) {
    throw new PyError(t.numpy ? "ValueError" : "RuntimeError", t.numpy ? "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()" : "Boolean value of Tensor with more than one value is ambiguous");
  }
  return t.data[0] !== 0;
}

/** A Python number taking part in a tensor op ("wrapped number": it does not decide the dtype). */
export interface Scalar {
  value: number;
  kind: "int" | "float" | "bool";
}

export type Operand = PTensor | Scalar;

export function isTensor(x: unknown): x is PTensor {
  return x instanceof PTensor;
}

/** The evaluator's size budget (EvalOptions.maxElements), checked wherever a tensor is allocated. */
export const limits = { maxElements: 10_000_000 };

/**
 * A new tensor's storage of n elements, zero-filled unless `overwritten` (the caller writes every element: recycled
 * storage keeps its old values). Charged to the budget either way: memory is charged on creation.
 */
export function storage(dtype: TDtype, n: number, overwritten = false): Storage {
  // A size computed from a shape an op did not check (NaN, negative) is our bug, not the user's memory limit.
  if (!(n >= 0)) throw new Error(`a tensor of ${n} elements`);
  if (n > limits.maxElements) {
    throw new PyError(
      "LimitError",
      `a tensor of ${n} elements exceeds the evaluator's limit of ${limits.maxElements} elements (maxElements)`,
      undefined,
      true,
    );
  }
  budget().alloc(n, n * (dtype === "float32" ? 4 : 8));
  const f32 = dtype === "float32";
  let s: Storage | null | undefined = n >= RESIDENT_MIN && (f32 || dtype === "float64") ? residentHeap()?.array(dtype, n) : undefined;
  if (s) {
    if (!overwritten) s.fill(0);
    born?.add(s);
    return s;
  }
  s = n > 0 ? free.get(f32 ? n : -n - 1)?.pop() : undefined;
  if (s) {
    freeBytes -= s.byteLength;
    if (!overwritten) s.fill(0);
  } else s = f32 ? new Float32Array(n) : new Float64Array(n);
  born?.add(s);
  return s;
}

/** A resident array the engine wrote (a loss's result: ResidentHeap.adopt) taken as storage, charged as storage()'s. */
export function adoptStorage(s: Storage): Storage {
  budget().alloc(s.length, s.byteLength);
  born?.add(s);
  return s;
}

// Storage reuse where lifetimes are known. A fresh typed array costs an allocation, zeroing and page faults (about
// 1 ms for 1e6 floats on the project's machine: most of an element-wise op); a recycled one costs nothing or a
// fill. Recycled storage waits in free lists by length for the next storage() of that length, up to MAX_FREE_BYTES
// in all (beyond that it is left to the garbage collector), and the lists are dropped before the budget measures
// live memory and at the end of an evaluation (dropRecycled).

/** Free storage by length (float32: n, float64-backed dtypes: -n - 1). */
const free = new Map<number, Storage[]>();
let freeBytes = 0;
const MAX_FREE_BYTES = 64 * 1024 * 1024;
/** Storage handed out inside withStorageReuse's or withBirths' scope: what its `recycle` / `madeHere` count as its own. */
let born: { add(s: Storage): unknown; has(s: Storage): boolean } | null = null;

/** False while a caller outside the program reads the values of tensors its graph holds (withoutRecycling). */
let recycling = true;

/**
 * Runs `run` with no storage handed back: for a reader of a graph's tensors after the program made it (the
 * playground's per-sample frontier, engine/userloss/sweep.ts), which the program's own lifetimes do not count.
 */
export function withoutRecycling<T>(run: () => T): T {
  const was = recycling;
  recycling = false;
  try {
    return run();
  } finally {
    recycling = was;
  }
}

/** Hands back storage that nothing reads any more (the caller's promise: no tensor in use shares it). */
export function recycle(s: Storage): void {
  if (!recycling || s.length === 0 || releaseResident(s) || freeBytes + s.byteLength > MAX_FREE_BYTES) return;
  const key = s instanceof Float32Array ? s.length : -s.length - 1;
  const list = free.get(key);
  if (list) list.push(s);
  else free.set(key, [s]);
  freeBytes += s.byteLength;
}

/** Forgets every recycled storage (the garbage collector takes it). */
export function dropRecycled(): void {
  free.clear();
  freeBytes = 0;
}
beforeMeasure(dropRecycled);

/** Runs `run` with `mine` as the scope that storage() records its storage in (nested scopes have their own). */
function inBornScope<T>(mine: { add(s: Storage): unknown; has(s: Storage): boolean }, run: () => T): T {
  const outer = born;
  born = mine;
  try {
    return run();
  } finally {
    born = outer;
  }
}

/**
 * Runs `run` with a `recycle` that hands back only storage made inside it (the backward pass: autograd.ts), so a
 * mistake elsewhere cannot recycle a tensor the program holds; `madeHere` tells such storage.
 */
export function withStorageReuse<T>(run: (recycle: (s: Storage) => void, madeHere: (s: Storage) => boolean) => T): T {
  const mine = new WeakSet<Storage>();
  const madeHere = (s: Storage) => mine.has(s);
  return inBornScope(mine, () => run((s) => void (madeHere(s) && recycle(s)), madeHere));
}

/** Runs `run`, telling afterwards which storage it made (a scope of its own: storage made inside a nested
 *  withStorageReuse is not counted). A strong set: it lives for one call. */
export function withBirths<T>(run: () => T): { value: T; madeHere: (s: Storage) => boolean } {
  const mine = new Set<Storage>();
  return { value: inBornScope(mine, run), madeHere: (s) => mine.has(s) };
}

/** Hands back the storage of t, an inner result a derivative formula made in the running backward pass (grad mode
 *  off: no node holds it) once the outer op has read it; storage made anywhere else is left alone. */
export function recycleTemp(t: PTensor): void {
  if (born?.has(t.data)) recycle(t.data);
}

export const numelOf = numel;
export { sameShape };

/** torch.broadcast_shapes, raising PyTorch's RuntimeError as a Python exception. */
export function broadcastShapes(a: number[], b: number[]): number[] {
  try {
    return apiBroadcastShapes(a, b);
  } catch (e) {
    if (e instanceof LossError) throw new PyError(e.kind, e.message);
    throw e;
  }
}

export function stridesOf(shape: number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** Strides of a tensor of `shape` over an output shape, 0 on broadcast dimensions. */
export function broadcastStrides(shape: number[], out: number[]): number[] {
  const st = stridesOf(shape);
  const res = new Array<number>(out.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = out.length - shape.length + i;
    res[j] = shape[i] === 1 && out[j] !== 1 ? 0 : st[i];
  }
  return res;
}

/** A copy of float storage s made by storage() (charged; resident when large). */
export function storedCopy(s: Storage): Storage {
  const c = storage(s instanceof Float32Array ? "float32" : "float64", s.length, true);
  c.set(s);
  return c;
}

/** A copy of s in a new array of its type: set() rather than slice(), which V8 runs 5x slower on a view of wasm
 *  memory (resident storage: 46 against 8 µs for 1e5 floats). Not charged, as slice() was not. */
export function copyOf(s: Storage): Storage {
  const c = s instanceof Float32Array ? new Float32Array(s.length) : new Float64Array(s.length);
  c.set(s);
  return c;
}

export function fromArray(dtype: TDtype, shape: number[], values: ArrayLike<number>): PTensor {
  const data = storage(dtype, values.length, true);
  if (dtype === "float32" || dtype === "float64") data.set(values as ArrayLike<number>);
  else for (let i = 0; i < values.length; i++) data[i] = asElement(values[i], dtype);
  return new PTensor(dtype, shape, data);
}

export function full(shape: number[], value: number, dtype: TDtype): PTensor {
  const t = new PTensor(dtype, shape, storage(dtype, numelOf(shape)));
  if (value !== 0) t.data.fill(asElement(value, dtype));
  return t;
}

/** A number as an element of dtype stores it: integers truncate (int64: a -0 made +0; the narrow ones wrap), bool is
 *  its truth, float32 rounds. fromArray and full store through it. */
export function asElement(value: number, dtype: TDtype): number {
  if (isNarrowInt(dtype)) return wrapInt(dtype, Math.trunc(value));
  return dtype === "int64" ? Math.trunc(value) + 0 : dtype === "bool" ? (value ? 1 : 0) : dtype === "float32" ? Math.fround(value) : value;
}

export function scalarTensor(value: number, dtype: TDtype): PTensor {
  return fromArray(dtype, [], [value]);
}

/** PyTorch's scalar type names (Long, Int, Byte...), as its error messages and legacy tensor types name them. */
const DTYPE_NAMES: Record<TDtype, string> = { float32: "Float", float64: "Double", int64: "Long", int32: "Int", int16: "Short", int8: "Char", uint8: "Byte", bool: "Bool" };
export function dtypeName(d: TDtype): string {
  return DTYPE_NAMES[d];
}

/** Bytes per element, as element_size() says (the evaluator itself stores every dtype but float32 in float64s). */
export const ELEMENT_SIZE: Record<TDtype, number> = { float32: 4, float64: 8, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1 };

// ---------------------------------------------------------------- dtype promotion and casts

/** sum's result dtype (ATen's sum of any integer or bool input is an int64). */
export function sumDtype(d: TDtype): TDtype {
  return isIntegral(d, true) ? "int64" : d;
}

const CATEGORY: Record<TDtype, number> = { bool: 0, int64: 1, int32: 1, int16: 1, int8: 1, uint8: 1, float32: 2, float64: 2 };
/** Order within a category, for promotion (uint8 with int8 is promoteSame's case). */
const WIDTH: Record<TDtype, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4, float32: 2, float64: 3 };

/** c10's promoteTypes for two dtypes of one category: the wider, uint8 with int8 int16. */
export function promoteSame(a: TDtype, b: TDtype): TDtype {
  if (a === b) return a;
  if ((a === "uint8" && b === "int8") || (a === "int8" && b === "uint8")) return "int16";
  return WIDTH[b] > WIDTH[a] ? b : a;
}

function scalarDtype(s: Scalar): TDtype {
  return s.kind === "float" ? "float32" : s.kind === "int" ? "int64" : "bool";
}

/** c10's promoteTypes: the higher category (bool < integers < floats), then promoteSame within it. */
export function promoteTypes(a: TDtype, b: TDtype): TDtype {
  return CATEGORY[a] !== CATEGORY[b] ? (CATEGORY[a] > CATEGORY[b] ? a : b) : promoteSame(a, b);
}

/** torch.result_type for two (or more) operands: category first, then dimensioned tensors over 0-dim over Python numbers. */
export function resultType(a: Operand, b: Operand, ...more: Operand[]): TDtype {
  const ops = [a, b, ...more].map((o) =>
    isTensor(o) ? { dt: o.dtype, prio: o.ndim > 0 ? 2 : 1 } : { dt: scalarDtype(o), prio: 0 },
  );
  const cat = Math.max(...ops.map((o) => CATEGORY[o.dt]));
  const top = ops.filter((o) => CATEGORY[o.dt] === cat);
  const prio = Math.max(...top.map((o) => o.prio));
  const chosen = top.filter((o) => o.prio === prio);
  let dt: TDtype = chosen.reduce((m, o) => promoteSame(m, o.dt), chosen[0].dt);
  if (prio === 0 && cat === 2) dt = "float32";
  return dt;
}

/** A copy in another dtype (no autograd: castOp is the differentiable one). */
export function cast(t: PTensor, dtype: TDtype): PTensor {
  if (t.dtype === dtype) return t;
  const out = storage(dtype, t.numel, true);
  const src = t.data;
  if (isNarrowInt(dtype)) {
    if (t.isFloat) for (let i = 0; i < src.length; i++) out[i] = floatToNarrow(dtype, src[i]);
    else for (let i = 0; i < src.length; i++) out[i] = wrapInt(dtype, src[i]);
  } else if (dtype === "int64") for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  else if (dtype === "bool") for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else out.set(src);
  const r = new PTensor(dtype, t.shape.slice(), out);
  r.numpy = t.numpy;
  r.random = t.random;
  return r;
}

export function toTensor(o: Operand, dtype: TDtype): PTensor {
  if (isTensor(o)) return o;
  return scalarTensor(o.value, dtype);
}

/** An element-wise map into a new tensor of dtype (no autograd). */
export function map(t: PTensor, dtype: TDtype, f: (x: number, i?: number) => number): PTensor {
  const out = storage(dtype, t.numel, true);
  const d = t.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i], i);
  const r = new PTensor(dtype, t.shape.slice(), out);
  r.numpy = t.numpy;
  return r;
}

/** Normalises a possibly negative dim, with PyTorch's IndexError (a 0-d tensor's dims are [-1, 0] unless !wrapScalar). */
export function normDim(dim: number, ndim: number, wrapScalar = true): number {
  if (!wrapScalar && ndim === 0) throw new PyError("IndexError", `Dimension specified as ${dim} but tensor has no dimensions`);
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new PyError("IndexError", `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** shape around dimension d: the product before it, its size, the product after it. */
export function splitAt(shape: number[], d: number): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, size: shape[d] ?? 1, inner };
}
