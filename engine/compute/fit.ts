// Which losses accept a set of selected tensors: the engine itself decides, on stand-in tensors of the same
// shapes and dtypes (the shapes scaled down, equal sizes kept equal, so the check stays cheap at any size).
import type { DType, Engine, Tensor } from "../api/types";
import { catalog } from "../catalog";
import type { LossRecord } from "../catalog/types";
import { Interpreter } from "../python/interp";
import { parse } from "../python/parser";
import { isNarrowInt, isTensor, limits } from "../python/tensor";

export interface TensorShape {
  dtype: DType | "bool";
  shape: number[];
  /** Made by a random constructor. */
  random: boolean;
  /** Already takes part in autograd (requires_grad set, or computed from such a tensor). */
  requiresGrad: boolean;
}

/**
 * Runs `program` (the selection's tensor assignments and what they depend on) in the evaluator, without any
 * loss call, and reports each named variable's dtype and shape; null where it is not a tensor or failed.
 */
export function probeTensors(program: string, names: string[], engine: Engine, maxElements: number): (TensorShape | null)[] {
  const previous = limits.maxElements;
  limits.maxElements = maxElements;
  try {
    const interp = new Interpreter(engine, { maxSteps: 1_000_000 });
    try {
      interp.run(parse(program, { maxElements }).body);
    } catch {
      // A limit or cancellation: what ran so far is still known.
    }
    return names.map((n) => {
      const v = interp.globals.get(n);
      // The narrow integer dtypes are no loss input the fitter makes stand-ins for.
      return isTensor(v) && !isNarrowInt(v.dtype) ? { dtype: v.dtype, shape: v.shape.slice(), random: v.random, requiresGrad: v.requiresGrad || v.gradFn !== null } : null;
    });
  } finally {
    limits.maxElements = previous;
  }
}

/** Sizes mapped to small stand-ins: 0 and 1 stay (they mean empty / broadcast), others become 2, 3, 4... */
function shrink(shapes: number[][]): number[][] {
  const map = new Map<number, number>([
    [0, 0],
    [1, 1],
  ]);
  let next = 2;
  for (const s of shapes) for (const d of s) if (!map.has(d)) map.set(d, next++);
  return shapes.map((s) => s.map((d) => map.get(d) as number));
}

function standIn(dtype: DType, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Floats at 0.5 are valid probabilities, log-probabilities, variances and rates; int64 zeros valid indices.
  const data = dtype === "float32" ? new Float32Array(n).fill(0.5) : new Float64Array(n).fill(dtype === "int64" ? 0 : 0.5);
  return { dtype, shape, data };
}

/** How many tensors a loss takes: [required, all]. */
export function arity(r: LossRecord): [number, number] {
  return [r.inputs.filter((i) => !i.optional).length, r.inputs.length];
}

/** The torch.nn losses (aliases left out) the engine computes on tensors of these dtypes and shapes. */
export function fittingLosses(tensors: TensorShape[], engine: Engine): LossRecord[] {
  const shapes = shrink(tensors.map((t) => t.shape));
  return catalog.filter((r) => {
    if (r.aliasOf) return false;
    const [min, max] = arity(r);
    if (tensors.length < min || tensors.length > max) return false;
    if (tensors.some((t) => t.dtype === "bool")) return false;
    try {
      engine.compute({ loss: r.className, inputs: tensors.map((t, i) => standIn(t.dtype as DType, shapes[i])) });
      return true;
    } catch {
      return false;
    }
  });
}
