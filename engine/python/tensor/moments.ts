// The arithmetic ATen's CPU normalization kernels share, in the AVX2 build's lanes (8 floats, 4 doubles):
// RowwiseMoments (moments_utils.h: Welford per lane over chunks of 16 vectors, the chunks merged in a cascade,
// then a scalar Welford tail and the lanes merged in order) and the vector row sums (vec::reduce_all /
// map_reduce_all: lane accumulators, the partial last vector masked in, the lanes folded). Which
// steps are fused multiply-adds differs by version (TorchBehaviour.normKernels), measured against both builds.
import { fma, fmaf } from "../fma";
import type { TDtype } from "./core";

export interface Arith {
  /** Lanes of one AVX2 vector. */
  lanes: number;
  /** Rounds to the dtype. */
  r: (x: number) => number;
  /** Fused multiply-add in the dtype. */
  fma: (a: number, b: number, c: number) => number;
}

const ID = (x: number) => x;
export const arith = (dtype: TDtype): Arith => (dtype === "float32" ? { lanes: 8, r: Math.fround, fma: fmaf } : { lanes: 4, r: ID, fma });

const CHUNK = 16;

/**
 * [mean, biased variance] of X[off, off + n) as RowwiseMoments returns them. v2: the 2.x kernel (explicit
 * fmadd in the chunk update and the vector merge, a fused scalar merge); else 1.13's (nothing fused).
 */
export function rowwiseMoments(X: ArrayLike<number>, off: number, n: number, a: Arith, v2: boolean): [number, number] {
  const { lanes: L, r } = a;
  const nv = Math.floor(n / L);
  const chunks = Math.ceil(nv / CHUNK);
  const depth = chunks <= 1 ? 0 : Math.ceil(Math.log2(chunks));
  const slots = Math.max(depth, 1);
  const m0s = new Array<number>(slots).fill(0);
  const m1s = Array.from({ length: slots }, () => new Float64Array(L));
  const m2s = Array.from({ length: slots }, () => new Float64Array(L));
  // AddMomentsVec: merges (m0add, m1a, m2a) into slot k, lane by lane.
  const merge = (m0add: number, m1a: Float64Array, m2a: Float64Array, k: number): void => {
    const m0 = m0s[k];
    const nn = m0 + m0add;
    const c = nn === 0 ? 0 : r(m0add / nn);
    const m1 = m1s[k];
    const m2 = m2s[k];
    for (let l = 0; l < L; l++) {
      const delta = r(m1a[l] - m1[l]);
      if (v2) {
        const cd = r(c * delta);
        m2[l] = a.fma(r(delta * m0), cd, r(m2[l] + m2a[l]));
        m1[l] = r(m1[l] + cd);
      } else {
        m1[l] = r(m1[l] + r(c * delta));
        m2[l] = r(m2[l] + r(m2a[l] + r(r(r(delta * delta) * c) * m0)));
      }
    }
    m0s[k] = nn;
  };
  const m1v = new Float64Array(L);
  const m2v = new Float64Array(L);
  for (let i = 0; i < chunks; i++) {
    const base = off + i * CHUNK * L;
    const cnt = Math.min(CHUNK, nv - i * CHUNK);
    m1v.fill(0);
    m2v.fill(0);
    for (let j = 0; j < cnt; j++) {
      const c = r(1 / (j + 1));
      for (let l = 0; l < L; l++) {
        const x = X[base + j * L + l];
        const delta = r(x - m1v[l]);
        // 1.13's build leaves these unfused; 2.x writes them as fmadd.
        m1v[l] = v2 ? a.fma(c, delta, m1v[l]) : r(m1v[l] + r(delta * c));
        m2v[l] = v2 ? a.fma(delta, r(x - m1v[l]), m2v[l]) : r(m2v[l] + r(delta * r(x - m1v[l])));
      }
    }
    merge(cnt, m1v, m2v, 0);
    for (let j = 1, mask = i + 1; j < depth && (mask & 1) === 0; j++, mask >>= 1) {
      merge(m0s[j - 1], m1s[j - 1], m2s[j - 1], j);
      m0s[j - 1] = 0;
      m1s[j - 1].fill(0);
      m2s[j - 1].fill(0);
    }
  }
  for (let i = 1; i < depth; i++) merge(m0s[i], m1s[i], m2s[i], 0);
  // The scalar tail, then each lane merged in (AddMoments).
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = nv * L; i < n; i++) {
    const x = X[off + i];
    const delta = r(x - m1);
    m0++;
    m1 = r(m1 + r(delta / m0));
    m2 = r(m2 + r(delta * r(x - m1)));
  }
  for (let l = 0; l < L; l++) {
    const nn = m0 + nv;
    const c = nn === 0 ? 0 : r(nv / nn);
    const delta = r(m1s[0][l] - m1);
    if (v2) {
      m1 = a.fma(c, delta, m1);
      m2 = r(m2 + a.fma(r(r(delta * delta) * c), m0, m2s[0][l]));
    } else {
      m1 = r(m1 + r(c * delta));
      m2 = r(m2 + r(m2s[0][l] + r(r(r(delta * delta) * c) * m0)));
    }
    m0 = nn;
  }
  return [m1, r(m2 / n)];
}

/**
 * A vector row sum of n mapped items (vec::map_reduce_all with x + y): item(j) is the mapped value, step(acc, j)
 * adds item j to a lane's accumulator (fused or not, as the caller's build does). Fewer than a vector: the items
 * added in order; else lane accumulators, the last partial vector masked in, and the lanes folded.
 */
export function laneSum(n: number, a: Arith, item: (j: number) => number, step: (acc: number, j: number) => number, tailStep = step): number {
  const { lanes: L, r } = a;
  if (n < L) {
    let s = n ? item(0) : 0;
    for (let j = 1; j < n; j++) s = r(s + item(j));
    return s;
  }
  const acc = new Float64Array(L);
  for (let l = 0; l < L; l++) acc[l] = item(l);
  let d = L;
  for (; d < n - (n % L); d += L) for (let l = 0; l < L; l++) acc[l] = step(acc[l], d + l);
  for (let l = 0; l < n - d; l++) acc[l] = tailStep(acc[l], d + l);
  return foldLanes(acc, r);
}

/**
 * The lanes folded: float's VecReduceAllSIMD adds halves, then quarters, then neighbours; double has no such
 * specialization and adds its four lanes in order (both measured).
 */
function foldLanes(acc: Float64Array, r: (x: number) => number): number {
  if (acc.length === 4) return r(r(r(acc[0] + acc[1]) + acc[2]) + acc[3]);
  for (let w = acc.length / 2; w >= 1; w /= 2) for (let l = 0; l < w; l++) acc[l] = r(acc[l] + acc[l + w]);
  return acc[0];
}
