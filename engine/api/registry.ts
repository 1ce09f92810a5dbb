// What a loss implementation sees and provides. One module per loss under engine/losses/ exports a LossImpl;
// engine/losses/index.ts lists them.
import type { LossRecord } from "../catalog/types";
import type { Arena } from "./memory";
import { getParam } from "../catalog";
import { numberOption, rejected, type Options, type Reduction, type ResolvedOptions } from "./options";
import { isFloating } from "./tensor";
import type { LossCall, LossValues } from "./types";
import type { TorchBehaviour } from "./versions";
import type { Kernels } from "./wasm";

export interface LossContext {
  call: LossCall;
  /** The catalog record (names, params with defaults). */
  record: LossRecord;
  /** Every constructor option, defaults from the catalog filled in (resolved.values). */
  options: Options;
  /** The options as api/options.ts settled them: reduction, legacy arguments, rejected values. */
  resolved: ResolvedOptions;
  /** PyTorch's warnings, in the order PyTorch emits them; implementations push onto it. */
  warnings: string[];
  /** engine.wasm: `exports`, and each dtype's kernels by base name (`kernels[dtype].mse(...)`). */
  kernels: Kernels;
  /** Scratch memory for this call (reset before each compute). */
  arena: Arena;
  /** Set by reductionOf() once the resolver's warnings are on `warnings`. */
  reductionTaken?: boolean;
  /** What the requested PyTorch version does where versions differ (resolved.torch). */
  torch: TorchBehaviour;
}

export interface LossImpl {
  /** torch.nn class name, as in the catalog. */
  className: string;
  compute(ctx: LossContext): LossValues;
}

/** Whether the caller wants the gradient w.r.t. input i (default: every floating input). */
export function wantsGrad(ctx: LossContext, i: number): boolean {
  const given = ctx.call.requiresGrad?.[i];
  if (given !== undefined) return given;
  const t = ctx.call.inputs[i];
  return t !== undefined && isFloating(t.dtype);
}

/** True when the caller explicitly marked input i as requiring a gradient (PyTorch errors on some of these). */
export function explicitGrad(ctx: LossContext, i: number): boolean {
  return ctx.call.requiresGrad?.[i] === true;
}

/** The settled reduction; raises PyTorch's error for an invalid one (call it where PyTorch checks `reduction`). */
export function reductionOf(ctx: LossContext): Reduction {
  const r = ctx.resolved;
  // The resolver's warnings (legacy arguments, KLDiv's 'mean') join the loss's at this point, in PyTorch's order.
  if (!ctx.reductionTaken) ctx.warnings.push(...r.warnings);
  ctx.reductionTaken = true;
  if (r.reductionError) throw r.reductionError;
  return r.reduction;
}

/** A numeric option; raises PyTorch's error for a value it rejects (call it where PyTorch checks the value). */
export function checkedNumber(ctx: LossContext, name: string): number {
  const e = ctx.resolved.optionErrors.get(name);
  if (e) throw e;
  return numberOption(ctx.options, name);
}

/** The catalog's error for option `name` with its current value (a bound that depends on the inputs). */
export function optionRejected(ctx: LossContext, name: string): never {
  throw rejected(getParam(ctx.record, name)!, numberOption(ctx.options, name));
}
