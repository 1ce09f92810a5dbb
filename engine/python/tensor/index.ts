// A small dense tensor library with PyTorch's semantics for what the evaluator needs. float32 results are
// computed in double and rounded once, which is PyTorch's float32 result (to the last bit for + - * /); exp,
// log, log1p, sigmoid and softmax are bit-exact through the engine's ATen math (setExactMath).
//   core.ts        PTensor, dtypes, storage under the size budget (recycled where lifetimes are known), promotion,
//                  casts (shape helpers: engine/api)
//   autograd.ts    grad mode, the graph (track), backward
//   ops.ts         THE table of element-wise ops and their derivatives
//   elementwise.ts binary / unary over ops.ts with broadcasting, clamp, casts
//   reduce.ts      sum, mean, max / min, softmax, logsumexp
//   expand.ts      a reduction's gradient expanded back, at once or as a broadcast view autograd expands later
//   shape.ts       views, transposes, cat / stack, expand, reduceTo
//   indexing.ts    getIndex / setIndex
//   linalg.ts      matmul, norm
//   stats.ts       var, std, var_mean, std_mean (two-pass or Welford, as ATen chooses)
//   arrange.ts     flip, roll, tril / triu, diagonal, diag, trace: elements moved, not computed
//   scan.ts        cumsum, cumprod, prod
//   cumulative.ts  logcumsumexp, cummax / cummin
//   pointwise.ts   lerp, addcmul / addcdiv, hypot, isclose, heaviside
//   tile.ts        repeat_interleave, tensor_split, meshgrid, amax / amin over dims
//   order.ts       median, quantile, unique, bincount
//   kth.ts         kthvalue (ATen's quickselect)
//   piecewise.ts   hardswish, hardsigmoid, softshrink / hardshrink, threshold, mish
//   gated.ts       glu, prelu
//   im2col.ts      unfold (im2col), fold (col2im)
//   einsum.ts      einsum, bmm, matmul above 2-D
//   pool.ts        avg_pool2d
//   maxpool.ts     max_pool2d, adaptive_avg_pool2d, adaptive_max_pool2d
//   resize.ts      interpolate's nearest / linear / bilinear (upsample_*)
//   wasm.ts        the element loops above in the engine's SIMD kernels (setKernels), JS where they do not apply
//   resident.ts    which resident heap (engine/api/resident.ts) large float storage lives in, so wasm.ts runs in place
export * from "./core";
export * from "./intdtypes";
export * from "./autograd";
export * from "./elementwise";
export * from "./reduce";
export * from "./shape";
export * from "./indexing";
export * from "./linalg";
export { UNARY, BINARY, type UnaryOp, type BinaryOp } from "./ops";
export * from "./inplace";
export * from "./select";
export { polygamma } from "./polygamma";
export { cholesky, det, inv, multiDot, slogdet, solve } from "./linsolve";
export * from "./norms";
export * from "./activations";
export { isContiguous, stridesOfT } from "./layout";
export * from "./stats";
export * from "./arrange";
export * from "./scan";
export * from "./order";
export { einsum, bmm } from "./einsum";
export * from "./pool";
export { maxPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d, type MaxPoolOptions } from "./maxpool";
export { upsample, type UpsampleMode } from "./resize";
export { entr, logaddexp, xlog1py, xlogy } from "./logops";
export { cumExtreme, logcumsumexp } from "./cumulative";
export { addcOp, heaviside, hypot, isclose, lerp } from "./pointwise";
export { amaxDims, indexSelect, meshgrid, repeatIndices, repeatInterleave, tensorSplit } from "./tile";
export { pad, type PadMode } from "./pad";
export { conv, type ConvOptions } from "./conv";
export { groupNorm, layerNorm } from "./layernorm";
export { batchNorm, type BatchNormOptions } from "./batchnorm";
export { setKernels } from "./wasm";
export { setResidentHeap } from "./resident";
export { hardsigmoid, hardswish, mish, shrink, threshold } from "./piecewise";
export { glu, prelu } from "./gated";
export { fold, unfold, type Im2ColOptions } from "./im2col";
export { kthvalue } from "./kth";
export * from "./misc-ops";
export * from "./misc-ops2";
export * from "./misc-ops3";
export { scatterReduce, type ScatterReduce } from "./scatter-reduce";
