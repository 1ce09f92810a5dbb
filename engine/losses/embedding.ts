// CosineEmbeddingLoss, TripletMarginLoss and TripletMarginWithDistanceLoss (F.cosine_embedding_loss,
// F.triplet_margin_loss, F.triplet_margin_with_distance_loss) as PyTorch 1.13 computes them.
import type { FloatDType } from "../api/memory";
import { getParam } from "../catalog";
import { boolOption, numberOption, reductionChoice, type Reduction } from "../api/options";
import { reductionOf, wantsGrad, type LossContext, type LossImpl } from "../api/registry";
import { broadcastShapes, makeTensor, numel, sameShape, sumToShape } from "../api/tensor";
import { marginNotPositive as marginMessage } from "../api/versions";
import { LossError, type DistanceFunction, type LossValues, type Tensor } from "../api/types";
import { expanded } from "./margin";
import { reduceLoss } from "./pointwise";
import { args, dims, out, readTensor, upstream } from "./structured";

/** Python's str() of a float option (margin=0 given as 0.0 prints "0.0"). */
/** 2.x's functional triplet losses refuse margin <= 0 (ValueError). */
function marginNotPositive(margin: number): LossError {
  return new LossError("ValueError", marginMessage(margin), "margin");
}

function computeDtype(...ts: Tensor[]): FloatDType {
  return ts.some((t) => t.dtype === "float64") ? "float64" : "float32";
}

/**
 * What autograd feeds a per-row loss's backward: the upstream gradient, divided by N (rounded in the dtype)
 * after a mean; per row (`ptr`) for reduction 'none' with a non-scalar upstream.
 */
function rowGradient(ctx: LossContext, dtype: FloatDType, outShape: number[], reduction: Reduction, N: number): { G: number; ptr: number } {
  const up = upstream(ctx, dtype, outShape, reduction, 1);
  if (reduction !== "mean") return { G: up.scale, ptr: up.ptr };
  return { G: dtype === "float32" ? Math.fround(up.scale / N) : up.scale / N, ptr: 0 };
}

/** The loss value from the per-row losses at `po`: torch.mean / torch.sum in ATen's order, or the rows. */
function lossValue(ctx: LossContext, dtype: FloatDType, reduction: Reduction, po: number, N: number, perElement: Tensor): Tensor {
  if (reduction === "none") return perElement;
  return makeTensor(dtype, [], [reduceLoss(ctx, dtype, po, N, reduction === "mean" ? N : 1)]);
}

function gradOf(ctx: LossContext, dtype: FloatDType, ptr: number, from: number[], like: Tensor): Tensor {
  const gd: FloatDType = like.dtype === "float64" ? "float64" : "float32";
  // The kernel's buffer is the gradient itself: handed out as a view or one copy (outputs: "view" or not).
  if (gd === dtype && sameShape(like.shape, from)) return readTensor(ctx, dtype, ptr, like.shape);
  const g = ctx.arena.read(dtype, ptr, numel(from));
  return makeTensor(gd, like.shape, sameShape(like.shape, from) ? g : sumToShape(g, from, like.shape));
}

export const cosineEmbeddingLoss: LossImpl = {
  className: "CosineEmbeddingLoss",
  compute(ctx) {
    const [x1, x2, y] = args(ctx, ["input1", "input2", "target"]);
    const margin = numberOption(ctx.options, "margin");
    const reduction = reductionOf(ctx);
    const td = y.shape.length;
    if (td !== 0 && td !== 1) throw new LossError("RuntimeError", "0D or 1D target tensor expected, multi-target not supported");
    if (td === 1 && !(x1.shape.length === 2 && x2.shape.length === 2)) {
      throw new LossError("RuntimeError", `1D target tensor expects 2D input tensors, but found inputs with sizes ${dims(x1.shape)} and ${dims(x2.shape)}.`);
    }
    if (td === 0 && !(x1.shape.length === 1 && x2.shape.length === 1)) {
      throw new LossError("RuntimeError", `0D target tensor expects 1D input tensors, but found inputs with sizes ${dims(x1.shape)} and ${dims(x2.shape)}.`);
    }
    const shape = broadcastShapes(x1.shape, x2.shape);
    const cosShape = shape.slice(0, -1);
    const outShape = broadcastShapes(cosShape, y.shape);
    if (!sameShape(outShape, cosShape)) throw new LossError("RuntimeError", `The size of tensor a (${cosShape[0]}) must match the size of tensor b (${y.shape[0]}) at non-singleton dimension 0`);
    const dtype = computeDtype(x1, x2);
    const N = numel(cosShape);
    const D = shape[shape.length - 1];
    const up = rowGradient(ctx, dtype, outShape, reduction, N);
    const w1 = wantsGrad(ctx, 0) && x1.dtype !== "int64";
    const w2 = wantsGrad(ctx, 1) && x2.dtype !== "int64";
    const p1 = expanded(ctx, x1, shape, dtype);
    const p2 = expanded(ctx, x2, shape, dtype);
    const py = expanded(ctx, y, cosShape, dtype);
    const po = out(ctx, dtype, N);
    const g1 = out(ctx, dtype, numel(shape), w1);
    const g2 = out(ctx, dtype, numel(shape), w2);
    const tmp = ctx.arena.array(dtype, Math.max(D, 1));
    ctx.kernels[dtype].cosine_embedding(p1, p2, py, N, D, margin, up.G, up.ptr, po, g1, g2, tmp);
    const perElement = readTensor(ctx, dtype, po, outShape);
    return {
      value: lossValue(ctx, dtype, reduction, po, N, perElement),
      perElement,
      grads: [w1 ? gradOf(ctx, dtype, g1, shape, x1) : null, w2 ? gradOf(ctx, dtype, g2, shape, x2) : null, null],
      warnings: ctx.warnings,
    };
  },
};

interface TripletJob {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  /** F.triplet_margin_with_distance_loss adds the margin last: (d_p - d_n) + margin, not (margin + d_p) - d_n. */
  marginLast: boolean;
  reduction: Reduction;
}

function runTriplet(ctx: LossContext, job: TripletJob): LossValues {
  const [a, pos, neg] = args(ctx, ["anchor", "positive", "negative"]);
  // a - p, a - n (and p - n with swap) broadcast: "tensor a" is the first operand.
  let shape = broadcastShapes(a.shape, pos.shape);
  shape = broadcastShapes(shape, broadcastShapes(a.shape, neg.shape));
  if (job.swap) broadcastShapes(pos.shape, neg.shape);
  const dtype = computeDtype(a, pos, neg);
  const outShape = shape.slice(0, -1);
  const N = numel(outShape);
  const D = shape.length === 0 ? 1 : shape[shape.length - 1];
  const n = numel(shape);
  const up = rowGradient(ctx, dtype, outShape, job.reduction, N);
  // p = 0 counts non-zeros: PyTorch's result does not require grad, so there is no gradient at all.
  const want = [0, 1, 2].map((i) => job.p !== 0 && wantsGrad(ctx, i) && ctx.call.inputs[i].dtype !== "int64");
  const pa = expanded(ctx, a, shape, dtype);
  const pp = expanded(ctx, pos, shape, dtype);
  const pn = expanded(ctx, neg, shape, dtype);
  const po = out(ctx, dtype, N);
  const gs = want.map((w) => out(ctx, dtype, n, w));
  ctx.kernels[dtype].triplet(
    pa, pp, pn, N, D, job.margin, job.p, job.eps, job.swap, job.marginLast, up.G, up.ptr, po, gs[0], gs[1], gs[2],
  );
  const perElement = readTensor(ctx, dtype, po, outShape);
  return {
    value: lossValue(ctx, dtype, job.reduction, po, N, perElement),
    perElement,
    grads: [a, pos, neg].map((t, i) => (want[i] ? gradOf(ctx, dtype, gs[i], shape, t) : null)),
    warnings: ctx.warnings,
  };
}

export const tripletMarginLoss: LossImpl = {
  className: "TripletMarginLoss",
  compute(ctx) {
    const [a, pos, neg] = args(ctx, ["anchor", "positive", "negative"]);
    const reduction = reductionOf(ctx);
    const [ad, pd, nd] = [a.shape.length, pos.shape.length, neg.shape.length];
    const margin = numberOption(ctx.options, "margin");
    // 2.x's F.triplet_margin_loss refuses margin <= 0 before ATen's checks (the module already at construction).
    if (ctx.torch.tripletPositiveMargin && margin <= 0) throw marginNotPositive(margin);
    if (!(ad === pd && pd === nd)) throw new LossError("RuntimeError", `All inputs should have same dimension but got ${ad}D, ${pd}D and ${nd}D inputs.`);
    return runTriplet(ctx, {
      margin,
      p: numberOption(ctx.options, "p"),
      eps: numberOption(ctx.options, "eps"),
      swap: boolOption(ctx.options, "swap"),
      marginLast: false,
      reduction,
    });
  },
};

/** F.pairwise_distance's defaults, the distance TripletMarginWithDistanceLoss uses when given None. */
const PAIRWISE_DEFAULT = { p: 2, eps: 1e-6 };

export const tripletMarginWithDistanceLoss: LossImpl = {
  className: "TripletMarginWithDistanceLoss",
  compute(ctx) {
    const [a, pos, neg] = args(ctx, ["anchor", "positive", "negative"]);
    if (ctx.torch.tripletDistanceChecks) {
      // 2.x's F.triplet_margin_with_distance_loss checks these itself, in this order, before any distance.
      // Its own check of the name: the three choices, no deprecated spelling ('elementwise_mean' is refused).
      const checked = reductionChoice({ ...getParam(ctx.record, "reduction")!, deprecatedChoices: undefined }, ctx.options.reduction);
      if ("error" in checked) throw checked.error;
      const margin = numberOption(ctx.options, "margin");
      if (margin <= 0) throw marginNotPositive(margin);
      const [ad, pd, nd] = [a.shape.length, pos.shape.length, neg.shape.length];
      if (!(ad === pd && pd === nd)) {
        throw new LossError(
          "RuntimeError",
          `The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${ad}D, positive ${pd}D, and negative ${nd}D inputs`,
        );
      }
    }
    const reduction = reductionOf(ctx);
    const fn = ctx.options.distance_function;
    let dist = PAIRWISE_DEFAULT;
    if (fn !== null && fn !== undefined) {
      if (typeof fn !== "object" || !("kind" in fn) || (fn as DistanceFunction).kind !== "pairwise") {
        throw new LossError("TypeError", "Loss Lens can evaluate distance_function only as nn.PairwiseDistance(...) or F.pairwise_distance", "distance_function");
      }
      dist = fn as DistanceFunction;
    }
    return runTriplet(ctx, {
      margin: numberOption(ctx.options, "margin"),
      p: dist.p,
      eps: dist.eps,
      swap: boolOption(ctx.options, "swap"),
      marginLast: ctx.torch.formulas.tripletDistance === "marginLast",
      reduction,
    });
  },
};
