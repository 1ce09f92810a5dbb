// The evaluator's resident heap: a second instance of the kernels whose memory holds the evaluator's large float
// tensors, so its element-wise ops, sums and math read and write them in place instead of copying each operand in
// and each result out (the copies were two thirds of an op at 1e6 elements: engine/README).
// Its memory grows once, to its whole size, before the first block is handed out, and never again: growth would
// detach every view of it. Blocks come back when the evaluator knows their storage died (release) or when the
// garbage collector took the storage (a FinalizationRegistry); a full heap hands out nothing and the evaluator
// falls back to ordinary arrays and the copying path. Built-in losses on resident inputs run here too (HeapScratch).
import type { DtypeKernels, KernelExports } from "./kernels.generated";
import { kernelsByDtype } from "./kernels.generated";
import { Arena } from "./memory";

const PAGE = 65536;
/** Block alignment: a cache line (v128 loads need 16). */
const ALIGN = 64;
/** Slots for a kernel call's small operands (a scalar, a broadcast row of up to 4,096 float64), reused call after
 *  call: a block each would cost an allocation, two views and a drop per op. */
const SLOTS = 4;
const SLOT_BYTES = 32768;
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
  /** The views array() and adopt() handed out and nobody gave back: release() takes only these. */
  private readonly handed = new WeakSet<ResidentArray>();
  /** The views release() took back, by block, still registered: array() hands one out again when it takes that
   *  block for the same dtype and length, as the evaluator's free lists reuse its ordinary arrays (a new view and
   *  its registration cost three times a reuse: 290 against 100 ns, and a weak cell for the collector each). */
  private readonly freeViews = new Map<number, ResidentArray>();
  /** Bytes in blocks handed out and not given back. */
  inUse = 0;
  /** Scratch for a loss the engine computes in this memory (LossCall.heap). */
  readonly scratch: HeapScratch;
  /** The whole memory in each dtype (it never grows, so these never detach): copies in without a view each. */
  private readonly f32: Float32Array;
  private readonly f64: Float64Array;
  /** The first operand slot. */
  private readonly slots: number;

  private constructor(
    readonly exports: KernelExports,
    base: number,
  ) {
    ({ float32: this.float32, float64: this.float64 } = kernelsByDtype(exports));
    this.buffer = exports.memory.buffer;
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.slots = align(base);
    this.top = this.slots + SLOTS * SLOT_BYTES;
    this.end = this.buffer.byteLength;
    this.scratch = new HeapScratch(this);
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
    const bytes = n * (dtype === "float32" ? 4 : 8);
    const ptr = this.block(bytes);
    if (ptr < 0) return null;
    let s = this.freeViews.get(ptr);
    if (s) {
      this.freeViews.delete(ptr);
      if (s.byteLength !== bytes || s instanceof Float32Array !== (dtype === "float32")) {
        this.collected.unregister(s);
        s = undefined;
      }
    }
    if (!s) {
      s = dtype === "float32" ? new Float32Array(this.buffer, ptr, n) : new Float64Array(this.buffer, ptr, n);
      this.collected.register(s, ptr, s);
    }
    this.handed.add(s);
    return s;
  }

  /** Makes a scratch block that `s` covers from its start the caller's resident array (as array() hands out):
   *  false when `s` is not one (then it goes back with the scratch). */
  adopt(s: ResidentArray): boolean {
    if (!this.owns(s) || !this.scratch.take(s.byteOffset)) return false;
    this.collected.register(s, s.byteOffset, s);
    this.handed.add(s);
    return true;
  }

  /** Gives back the block of an array from array() whose values nothing reads any more; anything else is ignored. */
  release(s: ResidentArray): void {
    if (!this.handed.delete(s)) return;
    this.freeViews.set(s.byteOffset, s);
    this.drop(s.byteOffset);
  }

  /** Whether alloc(bytes) would find a block. */
  canHold(bytes: number): boolean {
    const size = align(Math.max(bytes, 1));
    return !!this.free.get(size)?.length || this.top + size <= this.end;
  }

  /** A block for a kernel's scratch or a copied operand, given back with drop(); -1 when the heap is full. */
  alloc(bytes: number): number {
    const ptr = this.block(bytes);
    // A view release() kept for this block goes: the block is no array of array()'s now.
    const view = ptr >= 0 ? this.freeViews.get(ptr) : undefined;
    if (view) {
      this.freeViews.delete(ptr);
      this.collected.unregister(view);
    }
    return ptr;
  }

  /** A free block of at least `bytes` (the last given back of its size first), or -1. */
  private block(bytes: number): number {
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
    if (ptr >= 0) this.write(ptr, values);
    return ptr;
  }

  /** Copies values into operand slot i, valid until the next call that fills slot i: its pointer, or -1 when there
   *  is no such slot or they do not fit (copyIn then). */
  toSlot(i: number, values: ResidentArray): number {
    if (i >= SLOTS || values.byteLength > SLOT_BYTES) return -1;
    const ptr = this.slots + i * SLOT_BYTES;
    this.write(ptr, values);
    return ptr;
  }

  private write(ptr: number, values: ResidentArray): void {
    if (values instanceof Float32Array) this.f32.set(values, ptr >> 2);
    else this.f64.set(values, ptr >> 3);
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

/** The heap had no block for a scratch allocation: the engine computes the loss in its own memory instead. */
export class HeapFull extends Error {}

/**
 * A loss's scratch memory in the heap (Engine.compute with LossCall.heap): each allocation is a block of the heap,
 * never growth, which would detach every resident view. Inputs that live in the heap are read in place; the blocks
 * go back at the next reset, except those the caller adopted (ResidentHeap.adopt).
 */
class HeapScratch extends Arena {
  private readonly blocks = new Set<number>();

  constructor(private readonly heap: ResidentHeap) {
    super(heap.exports);
  }

  override alloc(bytes: number): number {
    const ptr = this.heap.alloc(bytes);
    if (ptr < 0) throw new HeapFull();
    this.blocks.add(ptr);
    return ptr;
  }

  override reset(): void {
    for (const ptr of this.blocks) this.heap.drop(ptr);
    this.blocks.clear();
  }

  /** Takes the block at ptr off the list (true if it was on it): it is no longer this scratch's to give back. */
  take(ptr: number): boolean {
    return this.blocks.delete(ptr);
  }
}
