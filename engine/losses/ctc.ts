// CTCLoss / F.ctc_loss as PyTorch 1.13 runs it on the CPU: the native ctc_loss wrapper (unbatched input,
// zero_infinity, the 'mean' over target lengths) around ctc_loss_cpu_template's checks and messages.
//
// The gradient returned for log_probs is PyTorch's own: exp(log_probs) - posterior, i.e. the true gradient
// plus exp(log_probs) (environment.md). It is what `log_probs.grad` shows in PyTorch, and chained through
// log_softmax's backward it gives exactly PyTorch's gradient w.r.t. the logits.
import type { FloatDType } from "../api/memory";
import { boolOption, numberOption } from "../api/options";
import { optionRejected, reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { makeTensor, numel } from "../api/tensor";
import { LossError, type Tensor } from "../api/types";
import { args, out, readTensor } from "./structured";

const WHERE = "(while checking arguments for ctc_loss_cpu)";

/** Lengths as numbers: integral tensors only ("input_lengths must be integral"). */
function lengths(t: Tensor, name: string): number[] {
  if (t.dtype !== "int64") throw new LossError("RuntimeError", `${name} must be integral`);
  return Array.from(t.data);
}

export const ctcLoss: LossImpl = {
  className: "CTCLoss",
  compute(ctx) {
    const [lp0, targets, il0, tl0] = args(ctx, ["log_probs", "targets", "input_lengths", "target_lengths"]);
    const reduction = reductionOf(ctx);
    const blank = numberOption(ctx.options, "blank");
    const zeroInf = boolOption(ctx.options, "zero_infinity");
    const il = lengths(il0, "input_lengths");
    const tl = lengths(tl0, "target_lengths");
    const batched = lp0.shape.length === 3;
    // ATen unsqueezes an unbatched (T, C) input to (T, 1, C); the targets stay as given.
    const shape = batched ? lp0.shape : [lp0.shape[0], 1, ...lp0.shape.slice(1)];
    if (shape.length !== 3) {
      throw new LossError("RuntimeError", `Expected 3-dimensional tensor, but got ${shape.length}-dimensional tensor for argument #1 'log_probs' ${WHERE}`);
    }
    const td = targets.shape.length;
    if (td < 1 || td > 2) {
      throw new LossError("RuntimeError", `Expected 1 to 2 dimensions, but got ${td}-dimensional tensor for argument #2 'targets' ${WHERE}`);
    }
    const [T, N, C] = shape;
    if (!(blank >= 0 && blank < C)) optionRejected(ctx, "blank"); // the catalog's check, with C as the upper bound
    if (il.length !== N) throw new LossError("RuntimeError", "input_lengths must be of size batch_size");
    if (tl.length !== N) throw new LossError("RuntimeError", "target_lengths must be of size batch_size");
    const offs = new Int32Array(N);
    let maxTarget = 0;
    let stride = 1;
    if (td === 1) {
      let pos = 0;
      for (let b = 0; b < N; b++) {
        offs[b] = pos;
        pos += tl[b];
        maxTarget = Math.max(maxTarget, tl[b]);
      }
      if (targets.shape[0] !== pos) {
        throw new LossError("RuntimeError", `Expected tensor to have size ${pos} at dimension 0, but got size ${targets.shape[0]} for argument #2 'targets' ${WHERE}`);
      }
    } else {
      stride = 1;
      for (let b = 0; b < N; b++) {
        offs[b] = b * targets.shape[1];
        maxTarget = Math.max(maxTarget, tl[b]);
      }
      if (targets.shape[0] !== N) {
        throw new LossError("RuntimeError", `Expected tensor to have size ${N} at dimension 0, but got size ${targets.shape[0]} for argument #2 'targets' ${WHERE}`);
      }
      if (targets.shape[1] < maxTarget) {
        throw new LossError("RuntimeError", `Expected tensor to have size at least ${maxTarget} at dimension 1, but got size ${targets.shape[1]} for argument #2 'targets' ${WHERE}`);
      }
    }
    for (let b = 0; b < N; b++) {
      if (il[b] > T) throw new LossError("RuntimeError", `Expected input_lengths to have value at most ${T}, but got value ${il[b]} ${WHERE}`);
    }
    // PyTorch reads outside its tables for negative lengths (undefined results); refuse them instead.
    for (let b = 0; b < N; b++) {
      if (il[b] < 0 || tl[b] < 0) throw new LossError("RuntimeError", `Expected non-negative input and target lengths, but got ${il[b] < 0 ? il[b] : tl[b]} ${WHERE}`);
    }
    for (let i = 0; i < targets.data.length; i++) {
      const v = Math.trunc(targets.data[i]);
      if (!(v >= 0 && v < C)) {
        // ATen indexes log_probs with the label unchecked; refuse rather than read garbage.
        throw new LossError("IndexError", `Target ${v} is out of bounds.`);
      }
    }
    if (lp0.dtype === "int64") throw new LossError("RuntimeError", `"ctc_loss_cpu" not implemented for 'Long'`);
    const dtype: FloatDType = lp0.dtype === "float64" ? "float64" : "float32";
    const want = wantsGrad(ctx, 0);
    const outShape = batched ? [N] : [];
    const up = ctx.call.upstream;
    if (up && !(numel(up.shape) === 1 && (up.shape.length === 0 || reduction === "none")) && !(reduction === "none" && up.shape.length === 1 && up.shape[0] === N && batched)) {
      throw new LossError("RuntimeError", `Mismatch in shape: grad_output[0] has a shape of torch.Size([${up.shape.join(", ")}]) and output[0] has a shape of torch.Size([${(reduction === "none" ? outShape : []).join(", ")}]).`);
    }
    const gs = new Float64Array(N);
    const r = dtype === "float32" ? Math.fround : (v: number) => v;
    for (let b = 0; b < N; b++) {
      const u = up ? (numel(up.shape) === 1 ? up.data[0] : up.data[b]) : 1;
      // mean: autograd's (go / N) / max(target_length, 1), each step in the dtype.
      gs[b] = reduction === "mean" ? r(r(u / N) / Math.max(tl[b], 1)) : u;
    }
    const S = 2 * maxTarget + 12;
    const plp = ctx.arena.put(dtype, lp0.data);
    const pt = ctx.arena.put("float64", Array.from(targets.data, Math.trunc));
    const poffs = putI32(ctx, offs);
    const ptl = putI32(ctx, Int32Array.from(tl));
    const pil = putI32(ctx, Int32Array.from(il));
    const pnll = out(ctx, dtype, N);
    const pgs = want ? ctx.arena.put(dtype, gs) : 0;
    const pg = out(ctx, dtype, T * N * C, want);
    const la = ctx.arena.array(dtype, Math.max(T * S, 1));
    const lb = ctx.arena.array(dtype, Math.max(T * S, 1));
    ctx.kernels[dtype].ctc(plp, T, N, C, pt, poffs, stride, ptl, pil, blank, zeroInf, pnll, pgs, pg, la, lb);
    const nll = ctx.arena.read(dtype, pnll, N);
    const perElement = makeTensor(dtype, outShape, nll);
    let value: Tensor;
    if (reduction === "none") value = perElement;
    else if (reduction === "sum") value = makeTensor(dtype, [], [sumOf(nll, dtype)]);
    else {
      const scaled = dtype === "float32" ? new Float32Array(N) : new Float64Array(N);
      for (let b = 0; b < N; b++) scaled[b] = nll[b] / Math.max(tl[b], 1);
      value = makeTensor(dtype, [], [sumOf(scaled, dtype) / N]);
    }
    return {
      value,
      perElement,
      grads: [want ? readTensor(ctx, dtype, pg, lp0.shape) : null, null, null, null],
      warnings: ctx.warnings,
    };
  },
};

function sumOf(v: Float32Array | Float64Array, dtype: FloatDType): number {
  let s = 0;
  for (const x of v) s += x;
  return dtype === "float32" ? Math.fround(s) : s;
}

function putI32(ctx: Parameters<LossImpl["compute"]>[0], values: Int32Array): number {
  const ptr = ctx.arena.alloc(Math.max(values.length, 1) * 4);
  new Int32Array(ctx.kernels.exports.memory.buffer, ptr, values.length).set(values);
  return ptr;
}
