// The element-wise math of Engine.elementwise (exp, log, log1p, sigmoid, erf as torch.<op> computes them), on
// values already in a kernel instance's memory: the engine's arena (copies) or the evaluator's resident heap.
import type { Kernels } from "./wasm";
import { LossError, VML, type ElementwiseOp } from "./types";
import { kernelFlags, torchBehaviour, type PyTorchVersion } from "./versions";

/** Engine.elementwise's op codes in kernels/unary.ts. */
export const ELEMENTWISE_OPS: Record<ElementwiseOp, number> = { exp: 0, log: 1, log1p: 2, sigmoid: 3, erf: 4 };

/**
 * Engine.elementwise's work on n values at src into dst (may be the same) in the memory of `k`: op as `version`'s
 * torch.<op> computes it, its first `vector` elements on Sleef's vector path (VML: the version's library).
 * Shared with the evaluator's resident tensors (api/resident.ts), which need no copies.
 */
export function runElementwise(k: Pick<Kernels, "exports" | "float32" | "float64">, op: ElementwiseOp, dtype: "float32" | "float64", src: number, dst: number, n: number, vector: number | undefined, version: PyTorchVersion): void {
  // erf: float32 only; the kernel takes glibc's erff on every element, whatever the split (kernels/unary.ts).
  if (op === "erf" && dtype !== "float32") throw new LossError("TypeError", "elementwise: erf is computed for float32 only");
  // torch.exp / torch.log on a whole tensor: MKL's VML in the 2.x wheels, for which glibc stands in (versions.ts).
  if (vector === VML) vector = (op === "exp" || op === "log") && torchBehaviour(version).vml === "mkl" ? 0 : undefined;
  // cpu_kernel_vec (sigmoid) vectorises whole chunks of 2 * Vec::size(); vml (exp, log, log1p) everything.
  const body = Math.max(0, Math.min(n, vector ?? (op === "sigmoid" ? n - (n % (dtype === "float32" ? 16 : 8)) : n)));
  k.exports.set_torch(kernelFlags(torchBehaviour(version)));
  k[dtype].unary(ELEMENTWISE_OPS[op], src, dst, n, body);
}
