// PyTorch's CPU sum reproduced addition for addition, so that a loss's mean or sum has PyTorch's last digit
// (loss.item() prints 17 digits). ATen's cascade_sum (SumKernel.cpp), single-threaded, for a contiguous
// input: the data is read as 32-byte vectors (8 float32 / 4 float64 lanes, AVX2 and the default build alike),
// in groups of 4 vectors with one accumulator per (vector, lane), rolled up through 4 levels every 2^p groups;
// leftover vectors go into the first accumulator, leftover elements into a scalar that then adds the lanes.
// Accumulation stays in the input's dtype (ATen's acc_type<float, is_cuda=true> is float).
// A group is 128 bytes for both dtypes, so the skeleton below is shared; only the lane type differs.

const GROUP: usize = 128;
/** Levels 1..3 of the cascade (level 0 lives in locals): 3 levels x 8 v128. */
const LEVELS = memory.data(3 * 8 * 16, 16);
/** The non-SIMD build's lane accumulators: 4 levels x 128 bytes. */
const LANES = memory.data(4 * 128, 16);

@inline function ceilLog2(x: i32): i32 {
  return x <= 2 ? 1 : 32 - clz<i32>(x - 1);
}

/** Sum of n elements of T at p in ATen's order (returned as f64; exact for float32). */
@inline function atenSum<T>(p: usize, n: i32): f64 {
  const lanes: i32 = 32 / sizeof<T>();
  if (n < lanes) return <f64>rowSum<T>(p, n);
  const nv = n / lanes;
  if (nv < 4) return shortSum<T>(p, n, nv);
  const groups = nv >> 2;
  const lp = max<i32>(4, ceilLog2(groups) / 4);
  const step = 1 << lp;
  const mask = step - 1;
  groupSums<T>(p, groups, lp, step, mask);
  // LANES[0] now holds the 4 group accumulators (vector k at byte 32k); leftover vectors join vector 0.
  const acc = LANES;
  for (let v = groups << 2; v < nv; v++) addVec<T>(acc, p + (<usize>v << 5));
  for (let k: usize = 1; k < 4; k++) addVec<T>(acc, acc + (k << 5));
  let fin = <T>0;
  for (let i = nv * lanes; i < n; i++) fin += load<T>(p + (<usize>i << alignof<T>()));
  for (let k = 0; k < lanes; k++) fin += load<T>(acc + (<usize>k << alignof<T>()));
  return <f64>(<T>0 + fin);
}

/**
 * atenSum for fewer than 4 whole vectors (no group: rows of a few classes, summed once per row by the class
 * losses): the same additions without the cascade's bookkeeping. Every accumulator starts at +0 and takes the
 * vectors in order; the zero accumulators the general path adds afterwards change nothing (a sum that started
 * from +0 is never -0, and x + 0 = x otherwise).
 */
@inline function shortSum<T>(p: usize, n: i32, nv: i32): f64 {
  const lanes: i32 = 32 / sizeof<T>();
  let fin = <T>0;
  for (let i = nv * lanes; i < n; i++) fin += load<T>(p + (<usize>i << alignof<T>()));
  for (let k = 0; k < lanes; k++) {
    let a = <T>0;
    for (let v = 0; v < nv; v++) a += load<T>(p + (<usize>(v * lanes + k) << alignof<T>()));
    fin += a;
  }
  return <f64>(<T>0 + fin);
}

/** 32-byte vector at dst += the one at src, lane by lane. */
@inline function addVec<T>(dst: usize, src: usize): void {
  const lanes: usize = 32 / sizeof<T>();
  for (let k: usize = 0; k < lanes; k++) {
    const o = k << alignof<T>();
    store<T>(dst + o, load<T>(dst + o) + load<T>(src + o));
  }
}

/** multi_row_sum over `groups` groups of 4 vectors; the result (level 0 after the roll-up) lands in LANES[0..128). */
@inline function groupSums<T>(p: usize, groups: i32, lp: i32, step: i32, mask: i32): void {
  if (ASC_FEATURE_SIMD) {
    memory.fill(LEVELS, 0, 3 * 8 * 16);
    let a0 = v128.splat<T>(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    let i = 0;
    while (i + step <= groups) {
      let q = p + <usize>i * GROUP;
      const end = q + <usize>step * GROUP;
      do {
        a0 = v128.add<T>(a0, v128.load(q)); a1 = v128.add<T>(a1, v128.load(q, 16));
        a2 = v128.add<T>(a2, v128.load(q, 32)); a3 = v128.add<T>(a3, v128.load(q, 48));
        a4 = v128.add<T>(a4, v128.load(q, 64)); a5 = v128.add<T>(a5, v128.load(q, 80));
        a6 = v128.add<T>(a6, v128.load(q, 96)); a7 = v128.add<T>(a7, v128.load(q, 112));
        q += GROUP;
      } while (q < end);
      i += step;
      // Level 1 += level 0, then up while the group count is a multiple of the next level's span.
      const l1 = LEVELS;
      v128.store(l1, v128.add<T>(v128.load(l1), a0)); v128.store(l1, v128.add<T>(v128.load(l1, 16), a1), 16);
      v128.store(l1, v128.add<T>(v128.load(l1, 32), a2), 32); v128.store(l1, v128.add<T>(v128.load(l1, 48), a3), 48);
      v128.store(l1, v128.add<T>(v128.load(l1, 64), a4), 64); v128.store(l1, v128.add<T>(v128.load(l1, 80), a5), 80);
      v128.store(l1, v128.add<T>(v128.load(l1, 96), a6), 96); v128.store(l1, v128.add<T>(v128.load(l1, 112), a7), 112);
      a0 = v128.splat<T>(0); a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0; a7 = a0;
      for (let j = 2; j < 4; j++) {
        if ((i & (mask << ((j - 1) * lp))) != 0) break;
        const lo = LEVELS + <usize>(j - 2) * GROUP;
        addLevel<T>(lo + GROUP, lo);
      }
    }
    for (; i < groups; i++) {
      const q = p + <usize>i * GROUP;
      a0 = v128.add<T>(a0, v128.load(q)); a1 = v128.add<T>(a1, v128.load(q, 16));
      a2 = v128.add<T>(a2, v128.load(q, 32)); a3 = v128.add<T>(a3, v128.load(q, 48));
      a4 = v128.add<T>(a4, v128.load(q, 64)); a5 = v128.add<T>(a5, v128.load(q, 80));
      a6 = v128.add<T>(a6, v128.load(q, 96)); a7 = v128.add<T>(a7, v128.load(q, 112));
    }
    const r = LANES;
    v128.store(r, a0); v128.store(r, a1, 16); v128.store(r, a2, 32); v128.store(r, a3, 48);
    v128.store(r, a4, 64); v128.store(r, a5, 80); v128.store(r, a6, 96); v128.store(r, a7, 112);
    for (let j = 0; j < 3; j++) addLevelScalar<T>(r, LEVELS + <usize>j * GROUP);
  } else {
    // Same additions, one lane at a time (the scalar baseline build).
    memory.fill(LANES, 0, 4 * 128);
    let i = 0;
    while (i + step <= groups) {
      for (let g = 0; g < step; g++, i++) addLevelScalar<T>(LANES, p + <usize>i * GROUP);
      for (let j = 1; j < 4; j++) {
        const lo = LANES + <usize>(j - 1) * GROUP;
        addLevelScalar<T>(lo + GROUP, lo);
        memory.fill(lo, 0, GROUP);
        if ((i & (mask << (j * lp))) != 0) break;
      }
    }
    for (; i < groups; i++) addLevelScalar<T>(LANES, p + <usize>i * GROUP);
    for (let j = 1; j < 4; j++) addLevelScalar<T>(LANES, LANES + <usize>j * GROUP);
  }
}

/** hi += lo; lo = 0 (one cascade level, 8 v128). */
@inline function addLevel<T>(hi: usize, lo: usize): void {
  for (let o: usize = 0; o < GROUP; o += 16) {
    v128.store(hi + o, v128.add<T>(v128.load(hi + o), v128.load(lo + o)));
    v128.store(lo + o, v128.splat<T>(0));
  }
}

/** dst += src over one group's 128 bytes, lane by lane. */
@inline function addLevelScalar<T>(dst: usize, src: usize): void {
  for (let o: usize = 0; o < GROUP; o += sizeof<T>()) store<T>(dst + o, load<T>(dst + o) + load<T>(src + o));
}

/** ATen's row_sum for a short row (fewer elements than one vector): 4 interleaved partial sums. */
@inline function rowSum<T>(p: usize, n: i32): T {
  let s0 = <T>0, s1 = <T>0, s2 = <T>0, s3 = <T>0;
  const n4 = n & ~3; // n < 8 here: at most one row of 4, so no cascade level is ever reached
  if (n4) {
    s0 += load<T>(p); s1 += load<T>(p + sizeof<T>()); s2 += load<T>(p + 2 * sizeof<T>()); s3 += load<T>(p + 3 * sizeof<T>());
  }
  for (let i = n4; i < n; i++) s0 += load<T>(p + (<usize>i << alignof<T>()));
  s0 += s1; s0 += s2; s0 += s3;
  return <T>0 + s0;
}

/** torch.sum of n float32 at p, as PyTorch's CPU kernel computes it (single thread). */
export function sum_f32(p: usize, n: i32): f64 {
  return atenSum<f32>(p, n);
}

/** torch.sum of n float64 at p, as PyTorch's CPU kernel computes it (single thread). */
export function sum_f64(p: usize, n: i32): f64 {
  return atenSum<f64>(p, n);
}
