// One element of ATen's exp / log / log1p, typed by the element type T (f32 or f64), in the two flavours an
// element-wise op can take (kernels/aten-math.ts has the algorithms):
//  vexp / vlog / vlog1p: Sleef, what Vectorized<T> computes (torch.exp & co. on whole tensors, and the vectorized
//    body of cpu_kernel_vec);
//  sexp / slog / slog1p: glibc, what the scalar lambdas compute (cpu_kernel, and cpu_kernel_vec's tails).
// The Sleef ones run the vector routine on a splat and keep lane 0. The scalar build (benchmark baseline only)
// has no SIMD: it uses glibc's for both.
import {
  glibcExp, glibcExpf, glibcLog, glibcLog1p, glibcLog1pf, glibcLogf, sleefExpd2, sleefExpf4, sleefLog1pd2, sleefLog1pf4,
  sleefLogd2, sleefLogf4,
} from "./aten-math";

const EXP = 0;
const LOG = 1;
const LOG1P = 2;

@inline function sleef<T>(op: i32, x: T): T {
  if (!ASC_FEATURE_SIMD) return glibc<T>(op, x);
  if (sizeof<T>() == 4) {
    const v = f32x4.splat(<f32>x);
    return <T>f32x4.extract_lane(op == EXP ? sleefExpf4(v) : op == LOG ? sleefLogf4(v) : sleefLog1pf4(v), 0);
  }
  const v = f64x2.splat(<f64>x);
  return <T>f64x2.extract_lane(op == EXP ? sleefExpd2(v) : op == LOG ? sleefLogd2(v) : sleefLog1pd2(v), 0);
}

@inline function glibc<T>(op: i32, x: T): T {
  if (sizeof<T>() == 4) return <T>(op == EXP ? glibcExpf(<f32>x) : op == LOG ? glibcLogf(<f32>x) : glibcLog1pf(<f32>x));
  return <T>(op == EXP ? glibcExp(<f64>x) : op == LOG ? glibcLog(<f64>x) : glibcLog1p(<f64>x));
}

@inline export function vexp<T>(x: T): T {
  return sleef<T>(EXP, x);
}
@inline export function vlog<T>(x: T): T {
  return sleef<T>(LOG, x);
}
@inline export function vlog1p<T>(x: T): T {
  return sleef<T>(LOG1P, x);
}
@inline export function sexp<T>(x: T): T {
  return glibc<T>(EXP, x);
}
@inline export function slog<T>(x: T): T {
  return glibc<T>(LOG, x);
}
@inline export function slog1p<T>(x: T): T {
  return glibc<T>(LOG1P, x);
}
