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

/** The statement reader alone (no engine): what the CodeLens needs. */
export function loadAnalysis(): Promise<typeof import("../../engine/compute/analysis")> {
  return import("../../engine/compute/analysis");
}
