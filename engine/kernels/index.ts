// Loss kernels, compiled by AssemblyScript to one module with zero imports (see scripts/build.mjs).
// Memory layout is owned by the TypeScript side (engine/api): it grows memory and passes byte offsets.
// Kernel convention (element-wise losses): name_f32/name_f64(inputs..., n, out, grads..., gscale, params...)
// returns the sum of the per-element losses (float64); out / grad pointers of 0 are skipped.

/** First free byte after the module's static data: where the TypeScript arena starts. */
export function heap_base(): usize {
  return __heap_base;
}

export { mse_f32, mse_f64 } from "./mse";
