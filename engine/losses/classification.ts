// CrossEntropyLoss, NLLLoss and NLLLoss2d (F.cross_entropy, F.nll_loss), following PyTorch 1.13's ATen
// (LossNLL.cpp, LossNLL2d.cpp): checks in the same order with the same messages, class-index targets with
// weight / ignore_index / label_smoothing, class-probability targets, K-dimensional inputs and unbatched (C).
import { getLoss } from "../catalog";
import { numberOption, tensorOption, type Reduction } from "../api/options";
import { checkedNumber, reductionOf, wantsGrad, type LossContext, type LossImpl } from "../api/registry";
import { makeTensor, numel, sameShape } from "../api/tensor";
import { LossError, type LossValues, type Tensor } from "../api/types";
import type { TorchBehaviour } from "../api/versions";
import { args, dims, floatDtype, out, put, readTensor, typeName, upstream } from "./structured";

/** The (N, C, D) view of an input with its class dimension (dim 1, or 0 when unbatched). */
interface Layout {
  N: number;
  C: number;
  D: number;
  /** Shape of the per-position loss: the target's ((N), (N, d1..dK) or () unbatched). */
  outShape: number[];
}

function layoutOf(x: Tensor): Layout {
  if (x.shape.length === 1) return { N: 1, C: x.shape[0], D: 1, outShape: [] };
  const [N, C, ...rest] = x.shape;
  return { N, C, D: numel(rest), outShape: [N, ...rest] };
}

/** log_softmax's dtype dispatch: integer inputs are not implemented. */
function checkLogSoftmax(x: Tensor): void {
  if (x.dtype === "int64") {
    const impl = x.shape.length <= 1 || x.shape.length === 2 ? "log_softmax_lastdim_kernel_impl" : "log_softmax_kernel_impl";
    throw new LossError("RuntimeError", `"${impl}" not implemented for 'Long'`);
  }
}

/** nll_loss_nd's shape checks, then the kernels' (target dtype, weight size, bounds) in ATen's order. */
function checkNll(x: Tensor, t: Tensor, weight: Tensor | null, torch: TorchBehaviour): Layout {
  const nd = x.shape.length;
  if (nd < 1) throw new LossError("ValueError", `Expected 1 or more dimensions (got ${nd})`);
  if (nd !== 1 && x.shape[0] !== t.shape[0]) {
    throw new LossError("ValueError", `Expected input batch_size (${x.shape[0]}) to match target batch_size (${t.shape[0] ?? 1}).`);
  }
  const C = nd === 1 ? x.shape[0] : x.shape[1];
  if (nd <= 2) {
    if (t.shape.length > 1) throw new LossError("RuntimeError", "0D or 1D target tensor expected, multi-target not supported");
    const noBatch = nd === 1 && t.shape.length === 0;
    if (!noBatch && x.shape[0] !== t.shape[0]) {
      throw new LossError("RuntimeError", `size mismatch (got input: ${dims(x.shape)}, target: ${dims(t.shape)})`);
    }
    if (weight && (weight.shape.length !== 1 || numel(weight.shape) !== C)) {
      throw new LossError("RuntimeError", `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${dims(weight.shape)}`);
    }
  } else {
    if (nd !== 4) {
      const want = [x.shape[0], ...x.shape.slice(2)];
      if (!sameShape(t.shape.slice(1), x.shape.slice(2))) {
        throw new LossError("RuntimeError", `Expected target size ${dims(want)}, got ${dims(t.shape)}`);
      }
    } else {
      if (t.shape.length !== 3) {
        throw new LossError("RuntimeError", `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${t.shape.length}`);
      }
      if (weight && numel(weight.shape) !== C) throw new LossError("RuntimeError", "weight tensor should be defined either for all or no classes");
      if (x.shape[0] !== t.shape[0] || x.shape[2] !== t.shape[1] || x.shape[3] !== t.shape[2]) {
        throw new LossError("RuntimeError", `size mismatch (got input: ${dims(x.shape)} , target: ${dims(t.shape)}`);
      }
    }
    // nll_loss2d (which ATen reshapes every K-dim input to) checks the weight's element count only.
    if (nd !== 4 && weight && numel(weight.shape) !== C) throw new LossError("RuntimeError", "weight tensor should be defined either for all or no classes");
  }
  if (t.dtype !== "int64") throw new LossError("RuntimeError", torch.classTargetDtype(typeName(t)));
  // The kernel reads the weight as the input's scalar type.
  if (weight && weight.dtype !== x.dtype && x.dtype !== "int64") {
    throw new LossError("RuntimeError", `expected scalar type ${typeName(x)} but found ${typeName(weight)}`);
  }
  // The bounds check, ATen's last, runs on the targets in wasm memory: classTargets below.
  return layoutOf(x);
}

/** The class-index targets in wasm memory (float64), after nll_loss's bounds check (its last check). */
function classTargets(ctx: LossContext, t: Tensor, C: number, ignore: number): number {
  const pt = ctx.arena.input("float64", t.data); // in place when pinned (Engine.tensor)
  const bad = ctx.kernels.exports.class_index_check(pt, numel(t.shape), C, ignore);
  if (bad >= 0) throw new LossError("IndexError", `Target ${ctx.arena.view("float64", pt + 8 * bad, 1)[0]} is out of bounds.`);
  return pt;
}

interface IndexJob {
  x: Tensor;
  t: Tensor;
  weight: Tensor | null;
  ignore: number;
  smoothing: number;
  reduction: Reduction;
  layout: Layout;
  /** NLLLoss: x already holds log-probabilities. */
  logProbs: boolean;
}

/** Class-index targets: nll_loss on log_softmax(x) (or on x for NLLLoss), plus the label-smoothing term. */
function runIndex(ctx: LossContext, job: IndexJob): LossValues {
  const { x, t, weight, ignore, reduction, layout } = job;
  const { N, C, D, outShape } = layout;
  const dtype = floatDtype(x);
  const ls = job.smoothing > 0 ? job.smoothing : 0;
  const positions = N * D;
  const mode = reduction === "none" ? 0 : reduction === "sum" ? 1 : 2;
  const pt = classTargets(ctx, t, C, ignore);
  // The upstream gradient: a scalar (the kernel applies it in ATen's order), or per position for 'none'.
  const up = upstream(ctx, dtype, outShape, reduction, 1);
  const wantX = wantsGrad(ctx, 0) && x.dtype !== "int64";

  const px = put(ctx, x, dtype);
  const pw = weight ? put(ctx, weight, dtype) : 0;
  const po = out(ctx, dtype, positions);
  const pg = out(ctx, dtype, numel(x.shape), wantX);
  const res = ctx.arena.array("float64", 2);
  if (job.logProbs) {
    ctx.kernels[dtype].nll(px, pt, pw, N, C, D, clampI32(ignore), mode, up.scale, up.ptr, po, pg, res);
  } else {
    const scratch = ctx.arena.array("float64", 2 * positions + 6 * C + 16 + (ls > 0 ? 3 * positions : 0));
    ctx.kernels[dtype].ce_index(px, pt, pw, N, C, D, clampI32(ignore), ls, mode, up.scale, up.ptr, po, pg, res, scratch);
  }
  const perElement = readTensor(ctx, dtype, po, outShape);
  const value = reduction === "none" ? perElement : makeTensor(dtype, [], [ctx.arena.view("float64", res, 1)[0]]);
  const grads: (Tensor | null)[] = [wantX ? readTensor(ctx, dtype, pg, x.shape) : null, null];
  return { value, perElement, grads, warnings: ctx.warnings };
}

/** Targets are class indices in float64 memory; ignore_index can be any int64, the kernel compares as i32. */
function clampI32(v: number): number {
  return Math.max(-2147483648, Math.min(2147483647, v));
}

/** Class-probability targets (the target has the input's shape). */
function runProb(ctx: LossContext, x: Tensor, p: Tensor, weight: Tensor | null, smoothing: number, reduction: Reduction): LossValues {
  const { N, C, D, outShape } = layoutOf(x);
  const dtype = floatDtype(x);
  const positions = N * D;
  const ls = smoothing > 0 ? smoothing : 0;
  const mode = reduction === "none" ? 0 : reduction === "sum" ? 1 : 2;
  const up = upstream(ctx, dtype, outShape, reduction, 1);
  const wantX = wantsGrad(ctx, 0);
  const wantT = wantsGrad(ctx, 1);
  const n = numel(x.shape);
  const px = put(ctx, x, dtype);
  const pp = put(ctx, p, dtype);
  const pw = weight ? put(ctx, weight, dtype) : 0;
  const po = out(ctx, dtype, positions);
  const pgx = out(ctx, dtype, n, wantX);
  const pgt = out(ctx, dtype, n, wantT);
  const res = ctx.arena.array("float64", 1);
  const scratch = ctx.arena.array("float64", 2 * positions + C + (mode ? n : 0));
  ctx.kernels[dtype].ce_prob(px, pp, pw, N, C, D, ls, mode, up.scale, up.ptr, po, pgx, pgt, res, scratch);
  const perElement = readTensor(ctx, dtype, po, outShape);
  const value = mode === 0 ? perElement : makeTensor(dtype, [], [ctx.arena.view("float64", res, 1)[0]]);
  const grads: (Tensor | null)[] = [
    wantX ? readTensor(ctx, dtype, pgx, x.shape) : null,
    wantT ? readTensor(ctx, floatDtype(p), pgt, p.shape) : null,
  ];
  return { value, perElement, grads, warnings: ctx.warnings };
}

export const crossEntropyLoss: LossImpl = {
  className: "CrossEntropyLoss",
  compute(ctx) {
    const [x, t] = args(ctx, ["input", "target"]);
    const reduction = reductionOf(ctx);
    const weight = tensorOption(ctx.options, "weight");
    const ignore = numberOption(ctx.options, "ignore_index");
    const ls = numberOption(ctx.options, "label_smoothing"); // PyTorch checks it below
    if (sameShape(x.shape, t.shape)) {
      if (t.dtype === "int64") throw new LossError("RuntimeError", "Expected floating point type for target with class probabilities, got Long");
      if (ignore >= 0) throw new LossError("RuntimeError", "ignore_index is not supported for floating point target");
      const C = x.shape.length === 1 ? x.shape[0] : x.shape[1];
      if (weight && (weight.shape.length !== 1 || numel(weight.shape) !== C)) {
        throw new LossError("RuntimeError", `cross_entropy: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${dims(weight.shape)}`);
      }
      checkedNumber(ctx, "label_smoothing");
      checkLogSoftmax(x);
      return runProb(ctx, x, t, weight, ls, reduction);
    }
    checkedNumber(ctx, "label_smoothing");
    checkLogSoftmax(x);
    const layout = checkNll(x, t, weight, ctx.torch);
    return runIndex(ctx, { x, t, weight, ignore, smoothing: ls, reduction, layout, logProbs: false });
  },
};

export const nllLoss: LossImpl = {
  className: "NLLLoss",
  compute(ctx) {
    // The engine resolves the NLLLoss2d alias to this record; its constructor's warning is on the alias record.
    const alias = ctx.call.loss !== ctx.record.className ? getLoss(ctx.call.loss)?.deprecated : undefined;
    if (alias) ctx.warnings.push(alias);
    const [x, t] = args(ctx, ["input", "target"]);
    const reduction = reductionOf(ctx);
    const weight = tensorOption(ctx.options, "weight");
    const ignore = numberOption(ctx.options, "ignore_index");
    if (x.dtype === "int64") throw new LossError("RuntimeError", `"nll_loss_out_frame" not implemented for 'Long'`);
    const layout = checkNll(x, t, weight, ctx.torch);
    return runIndex(ctx, { x, t, weight, ignore, smoothing: 0, reduction, layout, logProbs: true });
  },
};
