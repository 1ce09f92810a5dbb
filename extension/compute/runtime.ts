// The engine and the evaluator load on the first compute, not at activation: one dynamic import (kept lazy by
// esbuild) and one WebAssembly compile, shared by every later compute.
import type { Engine } from "../../engine/api/types";

export type Heavy = typeof import("./heavy");

export interface Runtime {
  engine: Engine;
  lib: Heavy;
}

let runtime: Promise<Runtime> | undefined;

export function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const lib = await import("./heavy");
    return { engine: await lib.createEngine(), lib };
  })();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

/** The statement reader alone (no engine): what the CodeLens needs. */
export function loadAnalysis(): Promise<typeof import("../../engine/compute/analysis")> {
  return import("../../engine/compute/analysis");
}
