// The formatting library (decorations, hovers, the printout) loads on the first compute, not at activation: one
// dynamic import kept lazy by esbuild. The engine itself runs in the compute worker (./worker), which compiles it.
export type Heavy = typeof import("./heavy");

export interface Runtime {
  lib: Heavy;
}

let runtime: Promise<Runtime> | undefined;

export function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => ({ lib: await import("./heavy") }))();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

let hostEngine: Promise<import("../../engine/api/types").Engine> | undefined;

/**
 * An engine on the extension host, for what does not run in the compute worker yet: the loss doctor's effect
 * hovers (fixed small programs) and the user-loss playground's check (the user's code, under the evaluator's
 * work and memory budgets: engine/userloss/session.ts).
 */
export function loadEngine(): Promise<import("../../engine/api/types").Engine> {
  hostEngine ??= import("../../engine/api/engine").then((m) => m.createEngine());
  hostEngine.catch(() => (hostEngine = undefined));
  return hostEngine;
}

/** The statement reader alone (no engine): what the CodeLens needs. */
export function loadAnalysis(): Promise<typeof import("../../engine/compute/analysis")> {
  return import("../../engine/compute/analysis");
}
