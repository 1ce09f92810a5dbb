// One element of ATen's exp / log / log1p, typed by the element type T (f32 or f64), in the two flavours a
// kernel can take (kernels/aten-math.ts has the algorithms; its four-lane Sleef functions serve SIMD loops):
//  vexp / vlog / vlog1p: Sleef, what Vectorized<T> computes (torch.exp & co. on whole tensors, log_softmax, the
//    vectorized body of cpu_kernel_vec), through aten-math's one-lane helpers;
//  gexp / glog: glibc, what the scalar loops compute (cpu_kernel, cpu_kernel_vec's tails, LossCTC's loops).
// The scalar build (benchmark baseline only) has no SIMD: it uses the glibc ones for both.
import {
  glibcExp, glibcExpf, glibcLog, glibcLog1p, glibcLog1pf, glibcLogf, sleefExp, sleefExpf, sleefLog, sleefLog1p,
  sleefLog1pf, sleefLogf,
} from "./aten-math";
import { TORCH_VML_MKL, torchFlag } from "./torch-flags";

@inline export function vexp<T>(x: T): T {
  if (!ASC_FEATURE_SIMD) return gexp<T>(x);
  if (sizeof<T>() == 4) return <T>sleefExpf(<f32>x);
  return <T>sleefExp(<f64>x);
}

@inline export function vlog<T>(x: T): T {
  if (!ASC_FEATURE_SIMD) return glog<T>(x);
  if (sizeof<T>() == 4) return <T>sleefLogf(<f32>x);
  return <T>sleefLog(<f64>x);
}

@inline export function vlog1p<T>(x: T): T {
  if (!ASC_FEATURE_SIMD) return sizeof<T>() == 4 ? <T>glibcLog1pf(<f32>x) : <T>glibcLog1p(<f64>x);
  if (sizeof<T>() == 4) return <T>sleefLog1pf(<f32>x);
  return <T>sleefLog1p(<f64>x);
}

@inline export function gexp<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcExpf(<f32>x);
  return <T>glibcExp(<f64>x);
}

@inline export function glog<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcLogf(<f32>x);
  return <T>glibcLog(<f64>x);
}

// ---- torch.exp / torch.log on whole tensors (ATen's vml unary ops) differ by build: Debian's 1.13 runs Sleef's
//      vector functions, the PyPI 2.x wheels Intel MKL's VML (closed source). The engine approximates MKL with
//      glibc's functions (equal on about 99 % of float32 exps, 94 % of logs: engine/README.md, "PyTorch
//      versions"). The composites that call torch.exp / torch.log use texp / tlog. ----

/** Whether SIMD loops that call Sleef for a whole-tensor exp/log must step aside. */
@inline export function vmlIsMkl(): bool {
  return torchFlag(TORCH_VML_MKL);
}

@inline export function texp<T>(x: T): T {
  return vmlIsMkl() ? gexp<T>(x) : vexp<T>(x);
}

@inline export function tlog<T>(x: T): T {
  return vmlIsMkl() ? glog<T>(x) : vlog<T>(x);
}
