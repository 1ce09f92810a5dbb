// Plumbing shared by the classification / structured losses (cross entropy, NLL, margins, embeddings, CTC):
// copying tensors into wasm memory, the caller's upstream gradient, and assembling the LossValues.
import type { FloatDType } from "../api/memory";
import type { Reduction } from "../api/options";
import type { LossContext } from "../api/registry";
import { makeTensor, numel, sameShape } from "../api/tensor";
import { LossError, type Tensor } from "../api/types";

/** A tensor's values in wasm memory as `dtype` for a kernel to read: in place when they live there (Engine.tensor),
 * else copied (int64 class indices stay float64). */
export function put(ctx: LossContext, t: Tensor, dtype: FloatDType): number {
  return ctx.arena.input(dtype, t.data);
}

/** An output buffer of n elements (0 when not wanted). */
export function out(ctx: LossContext, dtype: FloatDType, n: number, want = true, zero = false): number {
  return want ? ctx.arena.array(dtype, Math.max(n, 1), zero) : 0;
}

export interface Upstream {
  /** Factor every gradient is multiplied by (the reduction's and a scalar upstream's). */
  scale: number;
  /** Per-position upstream values in wasm memory (reduction 'none' with a non-scalar upstream), else 0. */
  ptr: number;
}

/**
 * The caller's upstream gradient for an output of `outShape` after `reduction`, checked as autograd does.
 * `divisor` is what the reduction divides by (1 for sum / none).
 */
export function upstream(ctx: LossContext, dtype: FloatDType, outShape: number[], reduction: Reduction, divisor: number): Upstream {
  const shape = reduction === "none" ? outShape : [];
  const up = ctx.call.upstream;
  let scale = reduction === "mean" ? 1 / divisor : 1;
  if (!up) return { scale, ptr: 0 };
  if (up.shape.length === 0 || numel(up.shape) === 1 && shape.length === 0) {
    scale *= up.data[0];
    return { scale, ptr: 0 };
  }
  if (!sameShape(up.shape, shape)) {
    throw new LossError(
      "RuntimeError",
      `Mismatch in shape: grad_output[0] has a shape of torch.Size([${up.shape.join(", ")}]) and output[0] has a shape of torch.Size([${shape.join(", ")}]).`,
    );
  }
  return { scale, ptr: ctx.arena.input(dtype, up.data) };
}

/** A float tensor read back from wasm memory. */
export function readTensor(ctx: LossContext, dtype: FloatDType, ptr: number, shape: number[]): Tensor {
  return { dtype, shape: [...shape], data: ctx.arena.output(dtype, ptr, numel(shape), ctx.call.outputs === "view") };
}

/** The reduced value from the per-element sum. */
export function reduced(dtype: FloatDType, reduction: Reduction, sum: number, divisor: number, perElement: Tensor): Tensor {
  if (reduction === "none") return perElement;
  return makeTensor(dtype, [], [reduction === "mean" ? sum / divisor : sum]);
}

/** The float dtype a loss computes in (int64 inputs are rejected by the caller). */
export function floatDtype(t: Tensor): FloatDType {
  return t.dtype === "float64" ? "float64" : "float32";
}

/** Python's repr of a shape inside ATen messages: [2, 3]. */
export function dims(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** PyTorch's scalar type name of a dtype, as in "expected scalar type Long but found Float". */
export function typeName(t: Tensor): string {
  return t.dtype === "float32" ? "Float" : t.dtype === "float64" ? "Double" : "Long";
}

/** Inputs by position, with Python's message when one is missing. */
export function args(ctx: LossContext, names: string[]): Tensor[] {
  const got = ctx.call.inputs;
  const missing = names.filter((_, i) => !got[i]);
  if (missing.length) {
    const list = missing.map((m) => `'${m}'`);
    const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
    throw new LossError("TypeError", `forward() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${joined}`);
  }
  return got.slice(0, names.length);
}
