// Loss kernels, compiled by AssemblyScript to one module with zero imports (see scripts/build.mjs); their
// TypeScript types are generated from these exports (engine/api/kernels.generated.ts, scripts/gen-kernel-types.mjs).
// Memory layout is owned by the TypeScript side (engine/api): it grows memory and passes byte offsets.
// Every kernel has a float32 and a float64 twin (name_f32 / name_f64) with one signature. Element-wise losses:
// (inputs..., n, out, grads..., gup, g, params..., nv) write the per-element loss to `out` and each input's final
// gradient to its pointer (0 = skipped), with the upstream gradient gup[i] (reduction 'none') or the scalar g; they
// return nothing: the loss's sum is sum_f32 / sum_f64 over `out` (torch.sum's order). nv: how many leading
// elements take ATen's vectorized formulas. The structured losses document their arguments where they are defined.
// PyTorch versions: a `_v2` twin (bce_v2, bce_logits_v2, soft_margin_v2) is the formula PyTorch 2.x rewrote, with
// its 1.13 sibling's arguments; smaller differences inside shared kernels are switches set per call (set_torch).

/**
 * a * b + c in one float32 lane through this build's multiply-add: fused only in engine-fma.wasm (relaxed SIMD) on a
 * host whose relaxed_madd fuses. engine/api/wasm.ts checks it once with inputs whose fused and unfused results differ.
 */
export function fma_probe(a: f32, b: f32, c: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
  return a * b + c;
}

/** First free byte after the module's static data: where the TypeScript arena starts. */
export function heap_base(): usize {
  return __heap_base;
}

export { l1_f32, l1_f64, mse_f32, mse_f64, smooth_l1_f32, smooth_l1_f64, huber_f32, huber_f64 } from "./regression";
export { bce_f32, bce_f64, bce_logits_f32, bce_logits_f64, bce_v2_f32, bce_v2_f64, bce_logits_v2_f32, bce_logits_v2_f64 } from "./bce";
/** BCE's input (and 2.x's target) range check: -1, the first bad input's index i, or -(i + 2) for a target. */
export { unit_interval_f32, unit_interval_f64 } from "./bce";
/** The PyTorch version's switches inside shared kernels (kernels/torch-flags.ts). */
export { set_torch } from "./torch-flags";
export {
  soft_margin_f32, soft_margin_f64, soft_margin_v2_f32, soft_margin_v2_f64, poisson_nll_f32, poisson_nll_f64, gaussian_nll_f32, gaussian_nll_f64,
  kl_div_f32, kl_div_f64, margin_ranking_f32, margin_ranking_f64, hinge_embedding_f32, hinge_embedding_f64,
} from "./pointwise";
/** GaussianNLL's var check: the first negative element's index, or -1. */
export { first_negative_f32, first_negative_f64 } from "./pointwise";
/** Streaming-read reference for the benchmark: sum of two float32 arrays (what a memory-bound loss must read). */
export { read2_f32 } from "./bandwidth";
export { ce_index_f32, ce_index_f64, nll_f32, nll_f64 } from "./classification";
export { ce_prob_f32, ce_prob_f64 } from "./ce-prob";
/** nll_loss's target bounds check (class indices as float64): the first bad position, or -1. */
export { class_index_check } from "./classification";
export {
  multi_margin_f32, multi_margin_f64, multilabel_margin_f32, multilabel_margin_f64, multilabel_soft_margin_f32,
  multilabel_soft_margin_f64,
} from "./margin";
export { cosine_embedding_f32, cosine_embedding_f64, triplet_f32, triplet_f64 } from "./embedding";
export { ctc_f32, ctc_f64 } from "./ctc";
/** torch.sum in ATen's order (the reductions of mean / sum losses). */
export { sum_f32, sum_f64 } from "./reduce";
/** The evaluator's element-wise math (Engine.elementwise): ATen's Sleef / glibc exp, log, log1p, sigmoid. */
export { unary_f32, unary_f64 } from "./unary";
/** The evaluator's own element-wise ops, clamp, comparisons, row sums and softmax rows (engine/python/tensor/wasm.ts). */
export {
  ew_binary_f32, ew_binary_f64, ew_unary_f32, ew_unary_f64, sigmoid_grad_f32, sigmoid_grad_f64, clamp_f32, clamp_f64,
  ew_compare_f32, ew_compare_f64, row_sums_f32, row_sums_f64, log_softmax_grad_f32, log_softmax_grad_f64,
  softmax_rows_f32, softmax_rows_f64,
} from "./tensor-ops";
