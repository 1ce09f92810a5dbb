// createEngine(): the typed entry point. Looks the loss up in the registry, fills options from the catalog,
// resets scratch memory, and lets the loss module compute.
import { getLoss } from "../catalog";
import { lossImpls } from "../losses";
import { Arena } from "./memory";
import { resolveOptions } from "./options";
import type { LossContext, LossImpl } from "./registry";
import { LossError, type Engine, type LossCall, type LossResult } from "./types";
import { loadKernels } from "./wasm";

export interface EngineOptions {
  /** Alternative module bytes (the benchmark's scalar build); default: the bundled SIMD module. */
  wasm?: Uint8Array;
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
      arena.reset();
      const ctx: LossContext = { call, record, options: resolveOptions(record, call.options ?? {}), warnings: [], kernels, arena };
      return impl.compute(ctx);
    },
  };
}
