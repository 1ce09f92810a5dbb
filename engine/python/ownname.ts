// Whether a name reads as a loss: how a user's own loss is told from their other code (a model, a helper).
// Shared by the evaluator (which results it reports), the compute planner (CodeLens, cursor) and the hover.
// Kept free of imports: the hover and the CodeLens load it without the evaluator.

/** `loss`, `focal_loss`, `FocalLoss`, `criterion`, `crit`, `cost`, `objective`. */
export function lossLike(name: string): boolean {
  return /loss|crit|cost|objective/i.test(name);
}
