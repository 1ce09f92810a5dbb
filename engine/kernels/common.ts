// Shared pieces of the kernels: block size for float32 partial sums and a horizontal add in float64.

/** float32 partial sums are kept per block of this many elements, blocks are added in float64. */
export const BLOCK: i32 = 1024;

/**
 * Loops that run in blocks of passes (the exps of a block, then the rest: pointwise.ts, bce.ts) take this many
 * elements a block, through float32 scratch blocks of their own (declared there: writable data stays above the
 * read-only tables at the start of memory, which test/unit/engine-grads-only.test.ts guards).
 */
export const PASS_BLOCK: i32 = 512;

/** End of the pass block that starts at i, clipped to n. */
@inline export function passEnd(i: i32, n: i32): i32 {
  const e = i + PASS_BLOCK;
  return e < n ? e : n;
}

/** Sum of the four lanes of an f32x4, in float64. */
@inline export function hsum(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

/** Byte offset of element i of a T array. */
@inline export function at<T>(p: usize, i: i32): usize {
  return p + (<usize>i << alignof<T>());
}

/** End of the block that starts at i, clipped to n. */
@inline export function blockEnd(i: i32, n: i32): i32 {
  const e = i + BLOCK;
  return e < n ? e : n;
}

/** Adds the lanes of v (f32x4 or f64x2, in lane order) to s. */
@inline export function addLanes<T>(s: T, v: v128): T {
  if (sizeof<T>() == 4) {
    s += <T>f32x4.extract_lane(v, 0);
    s += <T>f32x4.extract_lane(v, 1);
    s += <T>f32x4.extract_lane(v, 2);
    return s + <T>f32x4.extract_lane(v, 3);
  }
  s += <T>f64x2.extract_lane(v, 0);
  return s + <T>f64x2.extract_lane(v, 1);
}
