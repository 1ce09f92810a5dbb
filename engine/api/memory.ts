// A bump allocator over the kernels' linear memory. Each compute() resets it; buffers live until the next call.
// Growing memory detaches every typed-array view, so views are always made fresh from memory.buffer.
import type { KernelExports } from "./wasm";
import { LossError, type DType } from "./types";

const PAGE = 65536;

export type FloatDType = "float32" | "float64";

export class Arena {
  private readonly base: number;
  private top: number;

  constructor(private readonly k: KernelExports) {
    this.base = align(k.heap_base());
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

  view(dtype: FloatDType, ptr: number, n: number): Float32Array | Float64Array {
    return dtype === "float32" ? new Float32Array(this.k.memory.buffer, ptr, n) : new Float64Array(this.k.memory.buffer, ptr, n);
  }

  /** Allocates n elements of dtype; zero-filled only when asked (kernels overwrite their outputs). */
  array(dtype: FloatDType, n: number, zero = false): number {
    const ptr = this.alloc(n * bytesOf(dtype));
    if (zero) this.view(dtype, ptr, n).fill(0);
    return ptr;
  }

  /** Copies values in, converting to dtype. */
  put(dtype: FloatDType, values: ArrayLike<number>): number {
    const ptr = this.array(dtype, values.length);
    this.view(dtype, ptr, values.length).set(values);
    return ptr;
  }

  /** A copy out of wasm memory (safe across later growth). */
  read(dtype: FloatDType, ptr: number, n: number): Float32Array | Float64Array {
    return this.view(dtype, ptr, n).slice();
  }
}

export function bytesOf(dtype: DType): number {
  return dtype === "float32" ? 4 : 8;
}

function align(p: number): number {
  return (p + 15) & ~15;
}
