// Which resident heap (engine/api/resident.ts) the evaluator's large float storage lives in: the running
// Interpreter's, made on its first large tensor. Storage from an earlier Interpreter's heap is still given back to
// that heap (heapOf), and its kernels stay the ones that heap's memory belongs to.
import type { ResidentHeap } from "../../api/resident";
import type { Storage } from "./core";

/** Float storage of at least this many elements is resident (smaller arrays: the copies cost little). */
export const RESIDENT_MIN = 2048;

let make: (() => ResidentHeap | null) | null = null;
let heap: ResidentHeap | null = null;
/** Every heap made, by its memory (weak: a heap lives as long as its views do). */
const heaps = new WeakMap<ArrayBuffer, ResidentHeap>();

/** Installs the Interpreter's way to make its heap (null: no resident storage). */
export function setResidentHeap(factory: (() => ResidentHeap | null) | null): void {
  make = factory;
  heap = null;
}

/** The running Interpreter's heap, made now if it has none yet; null when the host gives none. */
export function residentHeap(): ResidentHeap | null {
  if (!heap && make) {
    heap = make();
    make = null;
    if (heap) heaps.set(heap.buffer, heap);
  }
  return heap;
}

/** The heap made so far (never makes one): the kernels' side asks only when a storage is already resident. */
export function currentHeap(): ResidentHeap | null {
  return heap;
}

/** Gives s's block back to its heap when s is resident: true if it was. */
export function releaseResident(s: Storage): boolean {
  const h = heap?.owns(s) ? heap : heaps.get(s.buffer as ArrayBuffer);
  if (!h) return false;
  h.release(s);
  return true;
}
