// PyTorch's CPU generator: MT19937 and the transformations ATen applies (uniform from 24/53 random bits,
// Box-Muller normals, the 16-wide normal_fill for tensors of 16 or more elements, modulo for randint).
// Seeded with 0 by default, so results equal PyTorch's after torch.manual_seed(0).
import { fmaf } from "./fma";

export class MT19937 {
  private mt = new Uint32Array(624);
  private index = 624;
  /** Box-Muller's cached second normal (normal_distribution<double>). */
  nextDoubleNormal: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  seed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing precision.
      mt[i] = ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
    this.index = 624;
    this.nextDoubleNormal = null;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      let v = mt[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v;
    }
    this.index = 0;
  }

  /** 32 random bits. */
  random(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** 64 random bits as (hi, lo): PyTorch's random64() is (first << 32) | second. */
  random64(): [number, number] {
    const hi = this.random();
    const lo = this.random();
    return [hi, lo];
  }

  /** uniform_real_distribution<float>: 24 random bits. */
  uniformFloat(from = 0, to = 1): number {
    const x = Math.fround((this.random() & 0xffffff) * 2 ** -24);
    // ATen's uniform kernel casts from and to to the dtype first.
    const lo = Math.fround(from);
    return Math.fround(x * Math.fround(Math.fround(to) - lo) + lo);
  }

  /** uniform_real_distribution<double>: 53 random bits of random64(). */
  uniformDouble(from = 0, to = 1): number {
    const [hi, lo] = this.random64();
    const bits = (hi & 0x1fffff) * 2 ** 32 + lo;
    return bits * 2 ** -53 * (to - from) + from;
  }

  /** normal_distribution<double>, with its cached second value. */
  normalDouble(mean = 0, std = 1): number {
    if (this.nextDoubleNormal !== null) {
      const r = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return r * std + mean;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }
}

const f = Math.fround;
/** Fused multiply-add in float32: the AVX2 build contracts a*b+c (the product of two floats is exact in double). */
const fma = (a: number, b: number, c: number): number => f(a * b + c);
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** avx_mathfun's log256_ps, one lane, in float32 arithmetic (PyTorch's AVX2 normal_fill uses it). */
function logAvx(x: number): number {
  x = Math.max(x, 1.17549435e-38);
  F32[0] = x;
  let e = f(((U32[0] >>> 23) - 127) + 1);
  U32[0] = (U32[0] & ~0x7f800000) | 0x3f000000;
  x = F32[0];
  const lt = x < 0.707106781186547524;
  const tmp = lt ? x : 0;
  x = f(x - 1);
  if (lt) e = f(e - 1);
  x = f(x + tmp);
  const z = f(x * x);
  let y = f(7.0376836292e-2);
  for (const c of [-1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1]) {
    y = fma(y, x, f(c));
  }
  y = f(y * x);
  y = fma(y, z, f(e * f(-2.12194440e-4)));
  y = fma(z, -0.5, y);
  x = f(x + y);
  return fma(e, 0.693359375, x);
}

/** avx_mathfun's sincos256_ps, one lane, in float32 arithmetic. */
function sincosAvx(xIn: number): [number, number] {
  const negative = xIn < 0;
  let x = f(Math.abs(xIn));
  let j = Math.trunc(f(x * f(1.27323954473516)));
  j = (j + 1) & ~1;
  const y0 = j;
  const swapSin = (j & 4) !== 0;
  const poly = (j & 2) === 0;
  x = fma(y0, f(-0.78515625), x);
  x = fma(y0, f(-2.4187564849853515625e-4), x);
  x = fma(y0, f(-3.77489497744594108e-8), x);
  const signCos = ((~(j - 2)) & 4) !== 0;
  const signSin = negative !== swapSin;
  const z = f(x * x);
  let y = f(2.443315711809948e-5);
  y = fma(y, z, f(-1.388731625493765e-3));
  y = fma(y, z, f(4.166664568298827e-2));
  y = f(y * z);
  y = fma(y, z, -f(z * 0.5));
  y = f(y + 1);
  let y2 = f(-1.9515295891e-4);
  y2 = fma(y2, z, f(8.3321608736e-3));
  y2 = fma(y2, z, f(-1.6666654611e-1));
  y2 = f(y2 * z);
  y2 = fma(y2, x, x);
  const sin = poly ? y2 : y;
  const cos = poly ? y : y2;
  return [signSin ? -sin : sin, signCos ? -cos : cos];
}

/** normal_ on a tensor of n elements (float32 or float64), as ATen's CPU normal_kernel does it (AVX2 build). */
export function fillNormal(g: MT19937, data: Float32Array | Float64Array, mean = 0, std = 1): void {
  const n = data.length;
  const f32 = data instanceof Float32Array;
  if (n < 16) {
    for (let i = 0; i < n; i++) data[i] = g.normalDouble(mean, std);
    return;
  }
  const uniform = () => (f32 ? g.uniformFloat() : g.uniformDouble());
  for (let i = 0; i < n; i++) data[i] = uniform();
  const twoPi = f(2 * Math.PI);
  const fill16 = (base: number) => {
    for (let j = 0; j < 8; j++) {
      if (f32) {
        const u1 = f(1 - data[base + j]);
        const u2 = data[base + j + 8];
        const radius = f(Math.sqrt(f(-2 * logAvx(u1))));
        const [sin, cos] = sincosAvx(f(twoPi * u2));
        // _mm256_fmadd_ps(n, std, mean), std and mean as floats
        data[base + j] = fmaf(f(radius * cos), f(std), f(mean));
        data[base + j + 8] = fmaf(f(radius * sin), f(std), f(mean));
      } else {
        const u1 = 1 - data[base + j];
        const u2 = data[base + j + 8];
        const radius = Math.sqrt(-2 * Math.log(u1));
        const theta = 2 * Math.PI * u2;
        data[base + j] = radius * Math.cos(theta) * std + mean;
        data[base + j + 8] = radius * Math.sin(theta) * std + mean;
      }
    }
  };
  for (let i = 0; i + 16 <= n; i += 16) fill16(i);
  if (n % 16 !== 0) {
    const base = n - 16;
    for (let i = 0; i < 16; i++) data[base + i] = uniform();
    fill16(base);
  }
}

/** uniform_ (rand). */
export function fillUniform(g: MT19937, data: Float32Array | Float64Array, from = 0, to = 1): void {
  const f32 = data instanceof Float32Array;
  for (let i = 0; i < data.length; i++) data[i] = f32 ? g.uniformFloat(from, to) : g.uniformDouble(from, to);
}

/**
 * random_(from, to) / randint: (bits % range) + from, from 64 bits when the range reaches `wide` (TorchBehaviour
 * randint64From: 2^32 in 1.13, 2^28 in 2.x).
 */
export function fillRandomInt(g: MT19937, data: Float32Array | Float64Array, from: number, to: number, wide = 2 ** 32): void {
  const range = to - from;
  for (let i = 0; i < data.length; i++) {
    if (range >= wide) {
      const [hi, lo] = g.random64();
      const v = (BigInt(hi) << 32n) | BigInt(lo);
      data[i] = Number(v % BigInt(range)) + from;
    } else data[i] = (g.random() % range) + from;
  }
}

/** bernoulli_(p) with a number p: one double uniform per element (53 bits), 1 where it is below p. */
export function fillBernoulli(g: MT19937, data: Float32Array | Float64Array, p: number): void {
  for (let i = 0; i < data.length; i++) data[i] = g.uniformDouble() < p ? 1 : 0;
}

/** bernoulli_(p) with a tensor p (already broadcast, in iteration order): a float uniform for float32 p, a double one for float64. */
export function fillBernoulliFrom(g: MT19937, data: Float32Array | Float64Array, p: ArrayLike<number>, pDouble: boolean): void {
  for (let i = 0; i < data.length; i++) data[i] = (pDouble ? g.uniformDouble() : g.uniformFloat()) < p[i] ? 1 : 0;
}

/** exponential_'s n double uniforms u, as 1 - u (1.13 takes log of it) or -u (2.x takes log1p): the log is the caller's. */
export function exponentialArguments(g: MT19937, n: number, log1p: boolean): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = g.uniformDouble();
    out[i] = log1p ? -u : 1 - u;
  }
  return out;
}

/** randperm_cpu: the identity, then Fisher-Yates from the front with random() % (n - i) (n below 2^32 / 20). */
export function fillRandperm(g: MT19937, data: Float32Array | Float64Array): void {
  const n = data.length;
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = g.random() % (n - i);
    const sav = data[i];
    data[i] = data[z + i];
    data[z + i] = sav;
  }
}
