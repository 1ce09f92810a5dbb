// One element of ATen's exp / log, typed by the element type T (f32 or f64), in the two flavours an element-wise
// op can take (kernels/aten-math.ts has the algorithms):
//  vexp / vlog: Sleef, what Vectorized<T> computes (torch.exp & co. on whole tensors, and the vectorized body of
//    cpu_kernel_vec), through aten-math's one-lane helpers;
//  sexp / slog: glibc, what the scalar lambdas compute (cpu_kernel, and cpu_kernel_vec's tails).
// The scalar build (benchmark baseline only) has no SIMD: it uses the scalar ones for both.
import { glibcExp, glibcExpf, glibcLog, glibcLogf, sleefExp, sleefExpf, sleefLog, sleefLogf } from "./aten-math";

@inline export function vexp<T>(x: T): T {
  if (!ASC_FEATURE_SIMD) return sexp<T>(x);
  if (sizeof<T>() == 4) return <T>sleefExpf(<f32>x);
  return <T>sleefExp(<f64>x);
}

@inline export function vlog<T>(x: T): T {
  if (!ASC_FEATURE_SIMD) return slog<T>(x);
  if (sizeof<T>() == 4) return <T>sleefLogf(<f32>x);
  return <T>sleefLog(<f64>x);
}

@inline export function sexp<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcExpf(<f32>x);
  return <T>glibcExp(<f64>x);
}

@inline export function slog<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcLogf(<f32>x);
  return <T>glibcLog(<f64>x);
}
