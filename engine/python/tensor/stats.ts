// var / std / var_mean / std_mean as ATen computes them on the CPU, with their backward formulas.
// A reduction to one element (var / std only) takes std_var_all_cpu's two passes: the tensor's mean as a double,
// then the squared differences summed in double in memory order. Every other reduction is Welford's update per
// output in double over the reduced elements in row-major order (binary_kernel_reduce, one thread); 1.13's AVX2
// build contracts its m2 update into a fused multiply-add (TorchBehaviour.welfordFused).
import { budget } from "../budget";
import { fma } from "../fma";
import { PyError } from "../errors";
import { evalTorch } from "../version";
import { track, withNoGrad } from "./autograd";
import { normDim, PTensor, storage } from "./core";
import { binary } from "./elementwise";
import { maskedFill, permute, reduceDims, where } from "./select";
import { mean } from "./reduce";
import { broadcastTo, reshape } from "./shape";

export interface VarOptions {
  /** The reduced dims as given (null: all, and var_backward's all-elements formula). */
  dims: number[] | null;
  correction: number;
  keepdim: boolean;
  sqrt: boolean;
}

/** The reduced dims in order (all for null or none), checked as make_reduction does. */
function reducedDims(t: PTensor, dims: number[] | null): number[] {
  // A 0-d tensor takes dims -1 and 0 (IndexError beyond), and reduces over nothing.
  if (t.ndim === 0) dims?.forEach((d) => normDim(d, 0));
  if (!dims || !dims.length || t.ndim === 0) return t.shape.map((_, i) => i);
  const ds = dims.map((d) => normDim(d, t.ndim));
  const dup = ds.find((d, i) => ds.indexOf(d) !== i);
  if (dup !== undefined) throw new PyError("RuntimeError", `dim ${dup} appears multiple times in the list of dims`);
  return [...ds].sort((a, b) => a - b);
}

function checkFloat(t: PTensor, fname: string): void {
  if (!t.isFloat) throw new PyError("RuntimeError", `${fname} only support floating point and complex dtypes`);
}

/** Each output's reduced elements, contiguous and in row-major order: the kept dims first, then the reduced ones. */
function groupedByOutput(t: PTensor, ds: number[]): Float32Array | Float64Array {
  const kept = t.shape.map((_, i) => i).filter((i) => !ds.includes(i));
  const order = [...kept, ...ds];
  return order.every((d, i) => d === i) ? t.data : withNoGrad(() => permute(t, order)).data;
}

/** Welford over each output's group: [variance (or its root), mean], both rounded to the dtype by the caller. */
function welford(src: Float32Array | Float64Array, outputs: number, size: number, correction: number, sqrt: boolean): [Float64Array, Float64Array] {
  const fused = evalTorch().welfordFused;
  const vars = new Float64Array(outputs);
  const means = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let m = 0;
    let m2 = 0;
    for (let k = 0; k < size; k++) {
      const x = src[o * size + k];
      const delta = x - m;
      m += delta / (k + 1);
      m2 = fused ? fma(delta, x - m, m2) : m2 + delta * (x - m);
    }
    const v = m2 / (size > correction ? size - correction : 0);
    vars[o] = sqrt ? Math.sqrt(v) : v;
    means[o] = m;
  }
  return [vars, means];
}

/** std_var_all_cpu: the mean (ATen's, as a double), then the squared differences summed in double. */
function allReduce(t: PTensor, correction: number, sqrt: boolean): number {
  const m = withNoGrad(() => mean(t, null)).data[0];
  let s = 0;
  for (let i = 0; i < t.numel; i++) {
    const d = t.data[i] - m;
    s += d * d;
  }
  const v = s / Math.max(0, t.numel - correction);
  return sqrt ? Math.sqrt(v) : v;
}

function outShape(t: PTensor, ds: number[], keepdim: boolean): number[] {
  return keepdim ? t.shape.map((s, i) => (ds.includes(i) ? 1 : s)) : t.shape.filter((_, i) => !ds.includes(i));
}

/** var_backward: (2 / dof) · grad · (self - mean), or grad · (NaN where self equals its mean, else inf) when dof <= 0. */
function varBackward(g: PTensor, t: PTensor, o: VarOptions, node: string): PTensor {
  if (t.ndim === 0 || o.dims === null) {
    const dof = t.numel - o.correction;
    const m = mean(t, null);
    if (dof === 0 && !evalTorch().varDofChecks) {
      if (t.ndim) throw new PyError("RuntimeError", `Function ${node} returned an invalid gradient at index 0 - got [] but expected shape compatible with [${t.shape.join(", ")}]`);
      return binary("*", g, { value: Infinity, kind: "float" });
    }
    if (dof <= 0 && evalTorch().varDofChecks) return binary("*", g, where(binary("==", t, m), { value: NaN, kind: "float" }, { value: Infinity, kind: "float" }));
    return binary("*", binary("*", { value: 2 / dof, kind: "float" }, g), binary("-", t, m));
  }
  const ds = reducedDims(t, o.dims);
  const kept = outShape(t, ds, true);
  const dof = ds.reduce((p, d) => p * t.shape[d], 1) - o.correction;
  return binary("*", binary("*", { value: 2 / dof, kind: "float" }, reshape(g, kept)), binary("-", t, reduceDims(t, ds, true, "mean")));
}

/** std_backward: var_backward of grad / (2 · result), 0 where the result is 0. */
function stdBackward(g: PTensor, t: PTensor, result: PTensor, o: VarOptions, node: string): PTensor {
  const q = binary("/", g, binary("*", result, { value: 2, kind: "int" }));
  return varBackward(maskedFill(q, binary("==", result, { value: 0, kind: "int" }), { value: 0, kind: "int" }), t, o, node);
}

/** How many elements each output reduces (ATen's "reduction factor", for its degrees-of-freedom warning). */
export function reductionFactor(t: PTensor, dims: number[] | null): number {
  const ds = reducedDims(t, dims);
  return ds.reduce((p, d) => p * t.shape[d], 1);
}

/** torch.var / torch.std (VarBackward0 / StdBackward0). */
export function variance(t: PTensor, o: VarOptions): PTensor {
  checkFloat(t, "std and var");
  budget().charge(t.numel);
  const ds = reducedDims(t, o.dims);
  const shape = outShape(t, ds, o.keepdim);
  const outputs = shape.reduce((p, s) => p * s, 1);
  const size = outputs ? t.numel / outputs : 0;
  const out = storage(t.dtype, outputs, true);
  if (t.numel === 0) out.fill(NaN);
  else if (outputs === 1) out[0] = allReduce(t, o.correction, o.sqrt);
  else out.set(welford(groupedByOutput(t, ds), outputs, size, o.correction, o.sqrt)[0]);
  const r = new PTensor(t.dtype, shape, out);
  const name = o.sqrt ? "StdBackward0" : "VarBackward0";
  return track(r, name, [t], (g) => [o.sqrt ? stdBackward(g, t, r, o, name) : varBackward(g, t, o, name)]);
}

/**
 * torch.var_mean / torch.std_mean: Welford for every reduction (no two-pass special case). Both outputs carry the
 * one node's name; their gradients reach the input separately, summed by autograd (the node adds the same two).
 */
export function varianceMean(t: PTensor, o: VarOptions): [PTensor, PTensor] {
  const fname = o.sqrt ? "std_mean" : "var_mean";
  checkFloat(t, fname);
  budget().charge(t.numel);
  const ds = reducedDims(t, o.dims);
  const shape = outShape(t, ds, o.keepdim);
  const outputs = shape.reduce((p, s) => p * s, 1);
  const size = outputs ? t.numel / outputs : 0;
  const [v, m] = t.numel === 0 ? [new Float64Array(outputs).fill(NaN), new Float64Array(outputs).fill(NaN)] : welford(groupedByOutput(t, ds), outputs, size, o.correction, o.sqrt);
  const rv = new PTensor(t.dtype, shape.slice(), storage(t.dtype, outputs, true));
  rv.data.set(v);
  const rm = new PTensor(t.dtype, shape.slice(), storage(t.dtype, outputs, true));
  rm.data.set(m);
  const name = o.sqrt ? "StdMeanBackward0" : "VarMeanBackward0";
  track(rv, name, [t], (g) => [o.sqrt ? stdBackward(g, t, rv, o, name) : varBackward(g, t, o, name)]);
  // mean_backward: the gradient expanded over the reduced elements, divided by their count.
  track(rm, name, [t], (g) => [broadcastTo(reshape(binary("/", g, { value: size, kind: "int" }), outShape(t, ds, true)), t.shape)]);
  return [rv, rm];
}
