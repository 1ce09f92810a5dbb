// Fused multiply-add, rounded once, as the FMA instructions PyTorch's AVX2 kernels are compiled to (GCC
// contracts a * b + c in them): needed where the evaluator reproduces such a kernel to the last bit.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 next to x (a float32, finite) away from zero (up = true) or toward it. */
function step32(x: number, up: boolean): number {
  f32[0] = x;
  u32[0] += up ? 1 : -1;
  return f32[0];
}

/** fmaf(a, b, c) for float32 a, b, c: a * b is exact in float64, so only the final sum needs care. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  // The part of the exact sum that s lost (Fast2Sum on the larger magnitude first).
  const e = Math.abs(p) >= Math.abs(c) ? p - s + c : c - s + p;
  const r = Math.fround(s);
  if (e === 0 || r === s || !Number.isFinite(r)) return r;
  // s rounds to r; that is wrong only when s sits exactly halfway between two float32 and e pushes the exact sum
  // to the other side of the halfway point.
  const other = step32(r, Math.abs(s) > Math.abs(r));
  if (s !== (r + other) / 2) return r;
  const exactAbove = s + e > s || (s + e === s && e > 0);
  return exactAbove === other > r ? other : r;
}

/** fma(a, b, c) for float64: the product split exactly (Dekker), then summed with one rounding in all but
 *  vanishingly rare cases (a correction term below half an ulp of the sum). */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0) return p + c;
  const split = (x: number): [number, number] => {
    const t = 134217729 * x; // 2^27 + 1
    const hi = t - (t - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const pl = ah * bh - p + ah * bl + al * bh + al * bl; // p + pl = a * b exactly
  const s = p + c;
  const bb = s - p;
  const e = p - (s - bb) + (c - bb); // s + e = p + c exactly (TwoSum)
  return s + (e + pl);
}
