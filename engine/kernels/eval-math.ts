// Entry of build/eval-math.wasm (shipped beside engine.wasm): ATen's element-wise math for the evaluator
// (Engine.elementwise). A module of its own because Sleef's and glibc's functions, float32 and float64, cost about
// 17 KB of code and tables, more than engine.wasm's 64 KB budget has left; once the loss kernels carry the same
// primitives, unary_f32 / unary_f64 can move into kernels/index.ts and this module go.
export { unary_f32, unary_f64 } from "./unary";

/** First free byte after the module's static data: where the TypeScript arena starts. */
export function heap_base(): usize {
  return __heap_base;
}
