// Where PyTorch versions compute differently inside shared kernels: module-wide switches the engine sets before
// every call (set_torch), so the one module answers as either version. Each switch names the ATen change it models.

/** Bit 0: whole-tensor torch.exp / torch.log are MKL's VML (the 2.x wheels) rather than Sleef (Debian's 1.13). */
export const TORCH_VML_MKL: i32 = 1;
/**
 * Bit 1: the float 2-norm along the last dimension (pairwise_distance) of PyTorch 2.x: its vector lanes multiply
 * and add without fusing (1.13: fused multiply-adds), and float64 runs 4 lanes too (1.13: one fused chain).
 */
export const TORCH_NORM_V2: i32 = 2;

/** Bit 2: autograd's product of a 0-dim gradient and a Python float runs in the gradient's dtype (2.x), not float64. */
export const TORCH_SCALAR_IN_DTYPE: i32 = 4;

/** Bit 3: Sleef's log1p of PyTorch 2.x's bundled Sleef computes x > 1e38 (float; 1e307 double) instead of returning inf. */
export const TORCH_SLEEF_LOG1P_BIG: i32 = 8;

let flags: i32 = 0;

/** Sets the switches for the calls that follow (the TypeScript side calls it per compute). */
export function set_torch(f: i32): void {
  flags = f;
}

@inline export function torchFlag(bit: i32): bool {
  return (flags & bit) != 0;
}
