// MultiMarginLoss, MultiLabelMarginLoss and MultiLabelSoftMarginLoss (F.multi_margin_loss,
// F.multilabel_margin_loss, F.multilabel_soft_margin_loss), with PyTorch 1.13's checks and messages.
import { numberOption, tensorOption, type Reduction } from "../api/options";
import type { FloatDType } from "../api/memory";
import { checkedNumber, reductionOf, wantsGrad, type LossContext, type LossImpl } from "../api/registry";
import { broadcastShapes, expandInto, numel, sameShape, sumToShape, makeTensor } from "../api/tensor";
import { LossError, type LossValues, type Tensor } from "../api/types";
import type { DtypeKernels } from "../api/wasm";
import { args, dims, floatDtype, out, put, readTensor, reduced, typeName, upstream, type Upstream } from "./structured";

/** Both C++ margin kernels accept (C), (N, C) or a 0-dim input, never an empty class dimension. */
function checkVectorOrMatrix(x: Tensor): void {
  const nd = x.shape.length;
  if (!((nd === 2 && x.shape[1] !== 0) || (nd === 1 && x.shape[0] !== 0) || nd === 0)) {
    throw new LossError("RuntimeError", `Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${dims(x.shape)}`);
  }
}

function frames(x: Tensor): { N: number; C: number } {
  return x.shape.length <= 1 ? { N: 1, C: x.shape.length === 0 ? 1 : x.shape[0] } : { N: x.shape[0], C: x.shape[1] };
}

/**
 * The run both class-margin kernels share: the input and the outputs placed in wasm memory (the class-index
 * target at `pt` already, as float64, by targetsIn), one kernel call over the N rows, then the value, the per-row loss and the input's gradient read back.
 * As ATen's kernels, the call gets the reduction's factor (`g`: 1/(N·C) for mean, else 1/C) apart from the
 * upstream gradient (`up.scale` or per row `up.ptr`), which multiplies the finished gradient; its float64 sum
 * of the rows is divided by N for the mean (ATen's accumulate type).
 */
function runRows(
  ctx: LossContext,
  x: Tensor,
  dtype: FloatDType,
  outShape: number[],
  reduction: Reduction,
  N: number,
  C: number,
  call: (k: DtypeKernels, px: number, pt: number, g: number, up: Upstream, po: number, pg: number) => number,
  pt: number,
): LossValues {
  const up = upstream(ctx, dtype, outShape, reduction, 1);
  const g = reduction === "mean" ? 1 / (N * C) : 1 / C;
  const wantX = wantsGrad(ctx, 0);
  const px = put(ctx, x, dtype);
  const po = out(ctx, dtype, N);
  const pg = out(ctx, dtype, N * C, wantX);
  const sum = call(ctx.kernels[dtype], px, pt, g, up, po, pg);
  const perElement = readTensor(ctx, dtype, po, outShape);
  return {
    value: reduced(dtype, reduction, sum, N, perElement),
    perElement,
    grads: [wantX ? readTensor(ctx, dtype, pg, x.shape) : null, null],
    warnings: ctx.warnings,
  };
}

/**
 * Class-index targets placed in wasm memory as float64, after the kernel's range check (in wasm: a JavaScript
 * loop over the caller's array cost more than the loss): every value in [0, C) or equal to `allowed`.
 */
function targetsIn(ctx: LossContext, t: Tensor, C: number, allowed: number, message: string): number {
  const pt = ctx.arena.input("float64", t.data); // in place when pinned (Engine.tensor)
  if (ctx.kernels.exports.class_index_check(pt, numel(t.shape), C, allowed) >= 0) throw new LossError("RuntimeError", message);
  return pt;
}

export const multiMarginLoss: LossImpl = {
  className: "MultiMarginLoss",
  compute(ctx) {
    const [x, t] = args(ctx, ["input", "target"]);
    const margin = numberOption(ctx.options, "margin");
    const weight = tensorOption(ctx.options, "weight");
    const reduction = reductionOf(ctx);
    const p = checkedNumber(ctx, "p");
    if (weight && weight.shape.length !== 1) throw new LossError("ValueError", "weight must be one-dimensional", "weight");
    checkVectorOrMatrix(x);
    const { N, C } = frames(x);
    if (!(t.shape.length <= 1 && numel(t.shape) === N)) throw new LossError("RuntimeError", ctx.torch.multiMarginTargetSize(`[${N}]`, dims(t.shape), dims(x.shape)));
    if (weight && numel(weight.shape) !== C) throw new LossError("RuntimeError", `inconsistent weight size, expected ${C} but got ${dims(weight.shape)}`);
    if (t.dtype !== "int64") throw new LossError("RuntimeError", `expected scalar type Long but found ${typeName(t)}`);
    const pt = targetsIn(ctx, t, C, NaN, "target out of range");
    if (x.dtype === "int64") throw new LossError("RuntimeError", `"multi_margin_loss_cpu_kernel" not implemented for 'Long'`);
    const dtype = floatDtype(x);
    const outShape = t.shape.length > 0 ? [N] : [];
    const pw = weight ? put(ctx, weight, dtype) : 0;
    return runRows(ctx, x, dtype, outShape, reduction, N, C, (k, px, pt, g, up, po, pg) =>
      k.multi_margin(px, pt, pw, N, C, p, margin, g, up.scale, up.ptr, po, pg),
    pt);
  },
};

export const multiLabelMarginLoss: LossImpl = {
  className: "MultiLabelMarginLoss",
  compute(ctx) {
    const [x, t] = args(ctx, ["input", "target"]);
    const reduction = reductionOf(ctx);
    checkVectorOrMatrix(x);
    const { N, C } = frames(x);
    const ok = x.shape.length <= 1 ? t.shape.length <= 1 && numel(t.shape) === C : t.shape.length === 2 && t.shape[0] === N && t.shape[1] === C;
    if (!ok) throw new LossError("RuntimeError", ctx.torch.multilabelTargetSize(dims(t.shape), dims(x.shape)));
    // Targets in [-1, C): -1 (the list's end) is the one value below 0 allowed.
    const pt = targetsIn(ctx, t, C, -1, "argument #2 'target' is out of range");
    if (t.dtype !== "int64") throw new LossError("RuntimeError", `expected scalar type Long but found ${typeName(t)}`);
    if (x.dtype === "int64") throw new LossError("RuntimeError", `"multilabel_margin_loss_forward_out_frame" not implemented for 'Long'`);
    const dtype = floatDtype(x);
    const outShape = x.shape.length <= 1 ? [] : [N];
    return runRows(ctx, x, dtype, outShape, reduction, N, C, (k, px, pt, g, up, po, pg) => {
      const work = ctx.arena.alloc(24 * (C + 4));
      return k.multilabel_margin(px, pt, N, C, g, up.scale, up.ptr, po, pg, work);
    }, pt);
  },
};

export const multiLabelSoftMarginLoss: LossImpl = {
  className: "MultiLabelSoftMarginLoss",
  compute(ctx) {
    const [x, t] = args(ctx, ["input", "target"]);
    const weight = tensorOption(ctx.options, "weight");
    // F.multilabel_soft_margin_loss applies the legacy arguments first and checks `reduction` last, itself.
    // target * logsigmoid(input): the target is tensor "a" in the broadcasting message.
    let shape = broadcastShapes(t.shape, x.shape);
    if (weight) shape = broadcastShapes(shape, weight.shape);
    const reduction = reductionOf(ctx);
    // The loss term is computed in promote(input, target); `* weight` may promote it further (a float64 weight
    // on float32 inputs): then the kernel runs in float32 and the weighting and sums happen in float64.
    const dtype = x.dtype === "float64" || t.dtype === "float64" ? "float64" : "float32";
    const outDtype = dtype === "float64" || weight?.dtype === "float64" ? "float64" : "float32";
    const C = shape.length === 0 ? 1 : shape[shape.length - 1];
    const outShape = shape.slice(0, -1);
    const N = numel(outShape);
    const n = numel(shape);
    const mode = reduction === "none" ? 0 : reduction === "sum" ? 1 : 2;
    // The upstream as given: the kernel applies mean's 1/N and the 1/C in ATen's order.
    const up = upstream(ctx, dtype, outShape, reduction, 1);
    const wantX = wantsGrad(ctx, 0) && x.dtype !== "int64";
    const wantT = wantsGrad(ctx, 1) && t.dtype !== "int64";
    const px = expanded(ctx, x, shape, dtype);
    const pt = expanded(ctx, t, shape, dtype);
    const pw = weight ? expanded(ctx, weight, shape, dtype) : 0;
    const po = out(ctx, dtype, N);
    const pgx = out(ctx, dtype, n, wantX);
    const pgt = out(ctx, dtype, n, wantT);
    const tmp = ctx.arena.array(dtype, Math.max(n, 1));
    const res = ctx.arena.array("float64", 1);
    const run = ctx.kernels[dtype].multilabel_soft_margin;
    run(px, pt, pw, N, C, mode, up.scale, up.ptr, po, pgx, pgt, tmp, res);
    let perElement = readTensor(ctx, dtype, po, outShape);
    let value = mode === 0 ? perElement : makeTensor(dtype, [], [ctx.arena.view("float64", res, 1)[0]]);
    if (outDtype !== dtype && weight) {
      // A float64 weight on float32 inputs: the per-element terms in float32 (unweighted), the rest in float64.
      run(px, pt, 0, N, C, 0, 1, 0, po, 0, 0, tmp, res);
      const l = ctx.arena.read(dtype, tmp, n);
      const w = new Float64Array(n);
      expandInto(weight.data, weight.shape, shape, w);
      const rows = new Float64Array(N);
      let sum = 0;
      for (let r = 0; r < N; r++) {
        let acc = 0;
        for (let c = 0; c < C; c++) acc += l[r * C + c] * w[r * C + c];
        rows[r] = acc / C;
        sum += rows[r];
      }
      perElement = makeTensor(outDtype, outShape, rows);
      value = reduced(outDtype, reduction, sum, N, perElement);
    }
    const back = (ptr: number, like: Tensor): Tensor => {
      if (floatDtype(like) === dtype && sameShape(like.shape, shape)) return readTensor(ctx, dtype, ptr, like.shape);
      const g = ctx.arena.read(dtype, ptr, n);
      return makeTensor(floatDtype(like), like.shape, sameShape(like.shape, shape) ? g : sumToShape(g, shape, like.shape));
    };
    return {
      value,
      perElement,
      grads: [wantX ? back(pgx, x) : null, wantT ? back(pgt, t) : null],
      warnings: ctx.warnings,
    };
  },
};

/** A tensor expanded to `shape` in wasm memory. */
function expanded(ctx: Parameters<LossImpl["compute"]>[0], t: Tensor, shape: number[], dtype: "float32" | "float64"): number {
  if (sameShape(t.shape, shape)) return put(ctx, t, dtype);
  const n = numel(shape);
  const ptr = ctx.arena.array(dtype, Math.max(n, 1));
  expandInto(t.data, t.shape, shape, ctx.arena.view(dtype, ptr, n));
  return ptr;
}

export { expanded };
