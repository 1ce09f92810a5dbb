// Tensors whose values live in the engine's wasm memory (Engine.tensor): compute() reads them in place, so a
// loss call over them copies nothing in. Memory growth detaches typed-array views, so `data` is re-viewed
// whenever the memory's buffer has changed. int64 values are float64 there, as in every Tensor (and as the
// kernels read class indices).
import type { DType, Tensor } from "./types";

export class PinnedTensor implements Tensor {
  private v: Float32Array | Float64Array;

  constructor(
    readonly dtype: DType,
    readonly shape: number[],
    /** Byte offset in wasm memory. */
    readonly ptr: number,
    private readonly length: number,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.v = this.make();
  }

  get data(): Float32Array | Float64Array {
    if (this.v.buffer !== this.memory.buffer) this.v = this.make();
    return this.v;
  }

  private make(): Float32Array | Float64Array {
    const b = this.memory.buffer;
    return this.dtype === "float32" ? new Float32Array(b, this.ptr, this.length) : new Float64Array(b, this.ptr, this.length);
  }
}
