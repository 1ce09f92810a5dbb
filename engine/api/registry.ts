// What a loss implementation sees and provides. One module per loss under engine/losses/ exports a LossImpl;
// engine/losses/index.ts lists them.
import type { LossRecord } from "../catalog/types";
import type { Arena } from "./memory";
import type { Options } from "./options";
import { isFloating } from "./tensor";
import type { LossCall, LossResult } from "./types";
import type { TorchBehaviour } from "./versions";
import type { KernelExports } from "./wasm";

export interface LossContext {
  call: LossCall;
  /** The catalog record (names, params with defaults). */
  record: LossRecord;
  /** Every constructor option, defaults from the catalog filled in. */
  options: Options;
  /** PyTorch's warnings, in the order PyTorch emits them; implementations push onto it. */
  warnings: string[];
  kernels: KernelExports;
  /** Scratch memory for this call (reset before each compute). */
  arena: Arena;
  /** What the requested PyTorch version does where versions differ. */
  torch: TorchBehaviour;
}

export interface LossImpl {
  /** torch.nn class name, as in the catalog. */
  className: string;
  compute(ctx: LossContext): LossResult;
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
