// torch.polygamma(n, x): digamma (n = 0) and trigamma (n = 1), ATen's scalar kernels (special/digamma.ts), with
// PolygammaBackward0 (grad * polygamma(n + 1, x)). n >= 2 (ATen's Hurwitz zeta) is not reproduced.
import { PyError, Unsupported } from "../errors";
import { digamma, digammaf, trigamma, trigammaf } from "../special/digamma";
import { track } from "./autograd";
import { map, type PTensor } from "./core";
import { binary } from "./elementwise";
import { elementwiseStrides, withStrides } from "./layout";

export function polygamma(n: number, t: PTensor): PTensor {
  if (n < 0) throw new PyError("RuntimeError", "polygamma(n, x) does not support negative n.");
  if (n > 1) throw new Unsupported(`torch.polygamma with n = ${n}`);
  const dtype = t.isFloat ? t.dtype : "float32";
  const f32 = dtype === "float32";
  const f = n === 0 ? (f32 ? digammaf : digamma) : f32 ? trigammaf : trigamma;
  const out = withStrides(
    map(t, dtype, f32 ? (v) => f(Math.fround(v)) : f),
    elementwiseStrides(t.shape, [t]),
  );
  return track(out, "PolygammaBackward0", [t], (g) => [binary("*", g, polygamma(n + 1, t))]);
}
