// Fewer points than a curve has, drawn the same: per bucket of x (about one pixel column), the lowest and the
// highest point in x order, and a gap where the bucket has one. Every extreme and kink of the 2,000 computed
// points stays on the line at a fraction of the cost of drawing them all.

/** What `decimate` wrote: `n` points as x, y pairs in `pts` (NaN y = a gap: the line stops there). */
export interface Decimated {
  pts: Float64Array;
  n: number;
}

/**
 * Copies (x, y) into `out` (pairs), at most two points per bucket plus a gap and both ends. Non-finite values
 * become gaps, so one inf cannot stretch an axis to infinity. Reuses `out` when it is large enough.
 */
export function decimate(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number, out?: Float64Array): Decimated {
  const n = Math.min(x.length, y.length);
  const whole = n <= 2 * buckets;
  const cap = 2 * (whole ? n : 3 * buckets + 2);
  const pts = out && out.length >= cap ? out : new Float64Array(cap);
  let k = 0;
  let last = -1;
  const put = (i: number) => {
    if (i === last) return;
    last = i;
    pts[2 * k] = x[i];
    pts[2 * k + 1] = Number.isFinite(y[i]) ? y[i] : NaN;
    k++;
  };
  if (whole) {
    for (let i = 0; i < n; i++) put(i);
    return { pts, n: k };
  }
  // Both ends exactly, so the curve spans the whole x range.
  put(0);
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor(b * size);
    const hi = b === buckets - 1 ? n : Math.floor((b + 1) * size);
    let min = -1;
    let max = -1;
    let gap = -1;
    for (let i = lo; i < hi; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (min < 0 || v < y[min]) min = i;
      if (max < 0 || v > y[max]) max = i;
    }
    const a = Math.min(min, max);
    const z = Math.max(min, max);
    // In x order: the gap (if any) where it falls relative to the extremes.
    if (gap >= 0 && (a < 0 || gap < a)) put(gap);
    if (a >= 0) put(a);
    if (gap >= 0 && a >= 0 && gap > a && gap < z) put(gap);
    if (z >= 0) put(z);
    if (gap >= 0 && z >= 0 && gap > z) put(gap);
  }
  put(n - 1);
  return { pts, n: k };
}

/** The lowest and highest finite value (NaN, NaN when there is none). */
export function extent(v: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const a = v[i];
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  // (inf and -inf compare too: drop them, as the drawing does.)
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      const a = v[i];
      if (!Number.isFinite(a)) continue;
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}
