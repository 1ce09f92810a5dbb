// createEngine(): the typed entry point. Looks the loss up in the registry, fills options from the catalog,
// resets scratch memory, and lets the loss module compute.
import { getLoss } from "../catalog";
import { lossImpls } from "../losses";
import { Arena } from "./memory";
import { resolveOptions } from "./options";
import type { LossContext, LossImpl } from "./registry";
import { numel } from "./tensor";
import { LossError, type Engine, type LossCall, type LossResult, type Tensor } from "./types";
import { loadKernels } from "./wasm";

export interface EngineOptions {
  /** Alternative module bytes (the benchmark's scalar build); default: the bundled SIMD module. */
  wasm?: Uint8Array;
}

/** A malformed tensor (data and shape disagree) is the caller's bug; say so rather than compute garbage. */
function checkTensor(t: Tensor, i: number): void {
  const n = numel(t.shape);
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || t.data.length !== n) {
    throw new LossError("ValueError", `input ${i}: shape [${t.shape.join(", ")}] needs ${n} values, the tensor holds ${t.data.length}`, i);
  }
}

export async function createEngine(opts: EngineOptions = {}): Promise<Engine> {
  const kernels = await loadKernels(opts.wasm);
  const arena = new Arena(kernels);
  const registry = new Map<string, LossImpl>(lossImpls.map((impl) => [impl.className, impl]));
  return {
    compute(call: LossCall): LossResult {
      let record = getLoss(call.loss);
      if (record?.aliasOf) record = getLoss(record.aliasOf) ?? record;
      const impl = record && registry.get(record.className);
      if (!record || !impl) throw new LossError("ValueError", `Loss Lens cannot compute ${call.loss} yet`);
      call.inputs.forEach((t, i) => checkTensor(t, i));
      arena.reset();
      const ctx: LossContext = { call, record, options: resolveOptions(record, call.options ?? {}), warnings: [], kernels, arena };
      return impl.compute(ctx);
    },
  };
}
