// exp / log / log1p exactly as PyTorch 1.13 (Debian, CPU capability AVX2) computes them, bit for bit.
//  - Vectorized<float/double> (torch.exp/log/log1p on any layout, and the vector body of element-wise kernels)
//    calls libsleef 3.5.1's AVX2 u10 functions, whose polynomials use FMA. WebAssembly SIMD has no FMA, so the
//    Sleef float32 algorithms run here on float64 lanes: a product of two floats is exact in float64, and `rf`
//    rounds each step back to float32, so a float32 fma(a, b, c) becomes rf(a * b + c).
//  - The scalar lambdas (the n % 16 tail of cpu_kernel_vec, and cpu_kernel) call glibc's libm: on an FMA CPU,
//    Debian's glibc 2.36 runs variants compiled with -mfma, so the glibc ports fuse where that machine code does.
// Names say which of the two each function reproduces. See engine/README.md "Last digit: transcendentals".
// The ports: sleef-f32.ts, sleef-f64.ts (shared constants: sleef-common.ts) and glibc.ts (tables: glibc-tables.ts).


/**
 * End of the part of n contiguous elements that ATen's cpu_kernel_vec runs through Vectorized (Sleef): whole
 * chunks of 2 * Vec::size() = 16 float32 (AVX2). The last n % 16 elements take the scalar lambda (glibc), even where
 * whole f32x4 vectors would fit.
 */
@inline export function atenVecEndF32(n: i32): i32 {
  return n & ~15;
}

/** As atenVecEndF32 for float64: chunks of 8 elements. */
@inline export function atenVecEndF64(n: i32): i32 {
  return n & ~7;
}

export * from "./sleef-f32";
export * from "./sleef-f64";
export * from "./glibc";
