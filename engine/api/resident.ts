// The evaluator's resident heap: a second instance of the kernels whose memory holds the evaluator's large float
// tensors, so its element-wise ops, sums and math read and write them in place instead of copying each operand in
// and each result out (the copies were two thirds of an op at 1e6 elements: engine/README).
// Its memory grows once, to its whole size, before the first block is handed out, and never again: growth would
// detach every view of it. Blocks come back when the evaluator knows their storage died (release) or when the
// garbage collector took the storage (a FinalizationRegistry); a full heap hands out nothing and the evaluator
// falls back to ordinary arrays and the copying path.
import type { DtypeKernels, KernelExports } from "./kernels.generated";
import { kernelsByDtype } from "./kernels.generated";

const PAGE = 65536;
/** Block alignment: a cache line (v128 loads need 16). */
const ALIGN = 64;
/** Sizes tried in turn: the address space is reserved, pages are touched only as blocks are used. */
const SIZES_MB = [64];

type Float = "float32" | "float64";
export type ResidentArray = Float32Array | Float64Array;

export class ResidentHeap {
  readonly float32: DtypeKernels;
  readonly float64: DtypeKernels;
  readonly buffer: ArrayBuffer;
  private top: number;
  private readonly end: number;
  /** Blocks handed out (start -> bytes) and free blocks by size. */
  private readonly live = new Map<number, number>();
  private readonly free = new Map<number, number[]>();
  private readonly collected = new FinalizationRegistry<number>((ptr) => this.drop(ptr));
  /** Bytes in blocks handed out and not given back. */
  inUse = 0;

  private constructor(
    readonly exports: KernelExports,
    base: number,
  ) {
    ({ float32: this.float32, float64: this.float64 } = kernelsByDtype(exports));
    this.buffer = exports.memory.buffer;
    this.top = align(base);
    this.end = this.buffer.byteLength;
  }

  /** A heap in the memory of `exports` (a fresh instance nothing else uses), or null when it cannot grow. */
  static create(exports: KernelExports): ResidentHeap | null {
    const base = exports.heap_base();
    for (const mb of SIZES_MB) {
      const want = Math.ceil((align(base) + mb * 1024 * 1024) / PAGE);
      const have = exports.memory.buffer.byteLength / PAGE;
      try {
        if (want > have) exports.memory.grow(want - have);
        return new ResidentHeap(exports, base);
      } catch {
        // The host refused that much: try less.
      }
    }
    return null;
  }

  /** Whether s lives in this heap. */
  owns(s: ArrayBufferView): boolean {
    return s.buffer === this.buffer;
  }

  /** n elements of dtype in a block of their own (not zeroed), or null when the heap is full. */
  array(dtype: Float, n: number): ResidentArray | null {
    const ptr = this.alloc(n * (dtype === "float32" ? 4 : 8));
    if (ptr < 0) return null;
    const s = dtype === "float32" ? new Float32Array(this.buffer, ptr, n) : new Float64Array(this.buffer, ptr, n);
    this.collected.register(s, ptr, s);
    return s;
  }

  /** Gives back the block of an array from array() whose values nothing reads any more; anything else is ignored. */
  release(s: ResidentArray): void {
    if (this.owns(s) && this.collected.unregister(s)) this.drop(s.byteOffset);
  }

  /** Whether alloc(bytes) would find a block. */
  canHold(bytes: number): boolean {
    const size = align(Math.max(bytes, 1));
    return !!this.free.get(size)?.length || this.top + size <= this.end;
  }

  /** A block for a kernel's scratch or a copied operand, given back with drop(); -1 when the heap is full. */
  alloc(bytes: number): number {
    const size = align(Math.max(bytes, 1));
    let ptr = this.free.get(size)?.pop();
    if (ptr === undefined) {
      if (this.top + size > this.end) return -1;
      ptr = this.top;
      this.top += size;
    }
    this.live.set(ptr, size);
    this.inUse += size;
    return ptr;
  }

  /** Copies values (dtype's array) into a scratch block: its pointer, or -1. */
  copyIn(values: ResidentArray): number {
    const ptr = this.alloc(values.byteLength);
    if (ptr >= 0) new Uint8Array(this.buffer, ptr, values.byteLength).set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return ptr;
  }

  /** Gives a block from alloc() back (any other pointer, or a second drop, is ignored). */
  drop(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) return;
    this.live.delete(ptr);
    this.inUse -= size;
    const list = this.free.get(size);
    if (list) list.push(ptr);
    else this.free.set(size, [ptr]);
  }
}

function align(x: number): number {
  return Math.ceil(x / ALIGN) * ALIGN;
}

