// A bump allocator over the kernels' linear memory. Each compute() resets it; buffers live until the next call.
// Below it, pinned blocks (Engine.tensor: inputs written into wasm memory once) live until released: a stack,
// so releasing the top block (and any released blocks under it) gives the memory back to the arena.
// Growing memory detaches every typed-array view, so views are always made fresh from memory.buffer.
import type { KernelExports } from "./kernels.generated";
import { LossError, type DType } from "./types";

const PAGE = 65536;

export type FloatDType = "float32" | "float64";

export class Arena {
  private base: number;
  private top: number;
  /** Pinned blocks, bottom to top: [ptr, end, released]. */
  private readonly pinned: [number, number, boolean][] = [];
  // Whole-memory views, remade only when growth detaches them: copies in and out go through these rather
  // than a fresh view per array (each view is an allocation the GC pays for on every call).
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);

  private readonly heapBase: number;

  constructor(private readonly k: KernelExports) {
    this.heapBase = align(k.heap_base());
    this.base = this.heapBase;
    this.top = this.base;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (16-byte aligned for v128 loads), growing memory when needed. */
  alloc(bytes: number): number {
    const ptr = align(this.top);
    const end = ptr + bytes;
    const have = this.k.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.k.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        // wasm32 memory stops at 4 GB (and the host may refuse sooner): PyTorch's words for the same situation.
        throw new LossError("RuntimeError", `DefaultCPUAllocator: not enough memory: you tried to allocate ${bytes} bytes.`);
      }
    }
    this.top = end;
    return ptr;
  }

  /** Reserves `bytes` below the arena until unpin(ptr); call between computes only (it moves the arena's start). */
  pin(bytes: number): number {
    this.top = this.base;
    const ptr = this.alloc(bytes);
    this.pinned.push([ptr, this.top, false]);
    this.base = align(this.top);
    this.top = this.base;
    return ptr;
  }

  /** Releases a pinned block; memory returns to the arena once every block above it is released too. */
  unpin(ptr: number): void {
    const block = this.pinned.find((b) => b[0] === ptr);
    if (!block) return;
    block[2] = true;
    while (this.pinned.length && this.pinned[this.pinned.length - 1][2]) this.pinned.pop();
    const last = this.pinned[this.pinned.length - 1];
    this.base = last ? align(last[1]) : this.heapBase;
    this.top = this.base;
  }

  /**
   * A read-only input for a kernel: the values' own memory when they already live in wasm memory as `dtype`
   * (a pinned tensor: no copy), else a copy in the arena. Kernels never write to their inputs.
   */
  input(dtype: FloatDType, values: ArrayLike<number>): number {
    const own = dtype === "float32" ? values instanceof Float32Array : values instanceof Float64Array;
    if (own && (values as Float32Array | Float64Array).buffer === this.k.memory.buffer) return (values as Float32Array | Float64Array).byteOffset;
    return this.put(dtype, values);
  }

  /** n values at ptr for a result: a copy, or a view into wasm memory (valid until the engine's next call). */
  output(dtype: FloatDType, ptr: number, n: number, asView: boolean): Float32Array | Float64Array {
    return asView ? this.view(dtype, ptr, n) : this.read(dtype, ptr, n);
  }

  view(dtype: FloatDType, ptr: number, n: number): Float32Array | Float64Array {
    return dtype === "float32" ? new Float32Array(this.k.memory.buffer, ptr, n) : new Float64Array(this.k.memory.buffer, ptr, n);
  }

  /** The whole memory as dtype (index = byte offset / element size); valid until the next allocation. */
  private all(dtype: FloatDType): Float32Array | Float64Array {
    const buffer = this.k.memory.buffer;
    if (this.f32.buffer !== buffer) {
      this.f32 = new Float32Array(buffer);
      this.f64 = new Float64Array(buffer);
    }
    return dtype === "float32" ? this.f32 : this.f64;
  }

  /** Copies values to ptr, converting to dtype. */
  write(dtype: FloatDType, ptr: number, values: ArrayLike<number>): void {
    this.all(dtype).set(values, ptr / bytesOf(dtype));
  }

  /** Allocates n elements of dtype; zero-filled only when asked (kernels overwrite their outputs). */
  array(dtype: FloatDType, n: number, zero = false): number {
    const ptr = this.alloc(n * bytesOf(dtype));
    if (zero) this.all(dtype).fill(0, ptr / bytesOf(dtype), ptr / bytesOf(dtype) + n);
    return ptr;
  }

  /** Copies values in, converting to dtype. */
  put(dtype: FloatDType, values: ArrayLike<number>): number {
    // A view of wasm memory (a pinned tensor) is detached if this allocation grows memory: view it again after.
    const view = (values instanceof Float32Array || values instanceof Float64Array) && values.buffer === this.k.memory.buffer ? values : null;
    const n = values.length;
    const at = view ? view.byteOffset : 0;
    const ptr = this.array(dtype, n);
    if (view) values = view instanceof Float32Array ? new Float32Array(this.k.memory.buffer, at, n) : new Float64Array(this.k.memory.buffer, at, n);
    this.write(dtype, ptr, values);
    return ptr;
  }

  /** A copy out of wasm memory (safe across later growth). A new array filled with set(): V8's slice() of a view
   *  of wasm memory takes a slow path (measured: 30 µs against 6 for 16,384 floats). */
  read(dtype: FloatDType, ptr: number, n: number): Float32Array | Float64Array {
    const at = ptr / bytesOf(dtype);
    const out = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    out.set(this.all(dtype).subarray(at, at + n));
    return out;
  }
}

export function bytesOf(dtype: DType): number {
  return dtype === "float32" ? 4 : 8;
}

function align(p: number): number {
  return (p + 15) & ~15;
}
