// The emulated fused multiply-adds (python/fma.ts for the evaluator, kernels/mathT.ts for the kernels and the
// glibc ports) against a + b c rounded once from the exact value (BigInt), on operands chosen where emulations go
// wrong: products that overflow or underflow mid-way, results near the subnormal range, ties that only c breaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import atenBytes from "../../build/aten-math.wasm";
import atenFmaBytes from "../../build/aten-math-fma.wasm";
import { createEngine } from "../../engine/api/engine";
import { fma, fmaf } from "../../engine/python/fma";

const view = new DataView(new ArrayBuffer(8));

/** x = m 2^e exactly (m a BigInt) for a finite float64 x. */
function exact(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased) m |= 1n << 52n;
  return [hi >>> 31 ? -m : m, Math.max(biased, 1) - 1075];
}

/** m 2^e rounded to nearest-even in a binary format of `bits` significant bits, smallest exponent `emin`
 *  (subnormals below it) and largest finite exponent `emax`. */
function roundTo(m: bigint, e: number, bits: number, emin: number, emax: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  if (neg) m = -m;
  const lead = e + m.toString(2).length - 1;
  const lsb = Math.max(lead - bits + 1, emin - bits + 1);
  let q: bigint;
  if (lsb <= e) q = m << BigInt(e - lsb);
  else {
    const drop = BigInt(lsb - e);
    q = m >> drop;
    const rest = m - (q << drop);
    const half = 1n << (drop - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
  }
  const lead2 = lsb + q.toString(2).length - 1;
  const r = lead2 > emax ? Infinity : Number(q) * 2 ** Math.max(lsb, -1000) * 2 ** Math.min(lsb + 1000, 0);
  return neg ? -r : r;
}

/** a b + c rounded once: float64 (bits 53) or float32 (bits 24). */
function reference(a: number, b: number, c: number, bits: 53 | 24): number {
  // A finite a b is exact in the fused sum: an infinite or NaN c is the result.
  if (Number.isFinite(a) && Number.isFinite(b) && !Number.isFinite(c)) return c;
  if (!(Number.isFinite(a) && Number.isFinite(b)) || a === 0 || b === 0) {
    const r = a * b + c;
    return bits === 24 ? Math.fround(r) : r;
  }
  const [ma, ea] = exact(a);
  const [mb, eb] = exact(b);
  let m = ma * mb;
  let e = ea + eb;
  if (c !== 0) {
    const [mc, ec] = exact(c);
    if (ec >= e) m += mc << BigInt(ec - e);
    else {
      m = (m << BigInt(e - ec)) + mc;
      e = ec;
    }
  }
  // An exact zero sum is +0 (round to nearest); a nonzero one that rounds to zero keeps its sign.
  if (m === 0n) return 0;
  const r = bits === 53 ? roundTo(m, e, 53, -1022, 1023) : roundTo(m, e, 24, -126, 127);
  return r === 0 ? (m < 0n ? -0 : 0) : r;
}

/** Deterministic operands, eight kinds in turn (float64 bit patterns with the exponents each kind wants). */
function* operands(count: number, seed: number): Generator<[number, number, number]> {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = (lo: number, hi: number, keep = 52) => {
    const mant = BigInt(Math.floor(rnd() * 2 ** 26)) * 2n ** 26n + BigInt(Math.floor(rnd() * 2 ** 26));
    const kept = (mant >> BigInt(52 - keep)) << BigInt(52 - keep);
    const exp = BigInt(Math.floor(lo + rnd() * (hi - lo)));
    view.setBigUint64(0, (BigInt(rnd() < 0.5 ? 1 : 0) << 63n) | (exp << 52n) | kept);
    return view.getFloat64(0);
  };
  for (let i = 0; i < count; i++) {
    const jitter = (w: number) => 1 + (rnd() - 0.5) * 2 ** -w;
    let a: number, b: number, c: number;
    switch (i % 8) {
      case 0: [a, b, c] = [pick(900, 1150), pick(900, 1150), pick(800, 1250)]; break; // ordinary
      case 1: [a, b, c] = [pick(1900, 2046), pick(1, 300), pick(1, 2046)]; break; // huge times tiny: 2^27 a overflows
      case 2: [a, b, c] = [pick(0, 600), pick(0, 600), pick(0, 700)]; break; // products below 2^-1022
      case 3: [a, b] = [pick(1000, 1100), pick(1000, 1100)]; c = -a * b * jitter(40); break; // cancellation
      case 4: [a, b, c] = [pick(1000, 1050, 8), pick(1000, 1050, 8), pick(0, 900)]; break; // ties c breaks
      case 5: [a, b] = [pick(1500, 2046), pick(1000, 1100)]; c = -a * b * (1 - rnd() * 2 ** -30); break; // a b overflows, the sum does not
      case 6: [a, b] = [pick(400, 560), pick(400, 560)]; c = -a * b * jitter(20); break; // subnormal results
      default: [a, b, c] = [pick(0, 2047), pick(0, 2047), pick(0, 2047)];
    }
    yield [a, b, c];
  }
}

const SPECIAL = [0, -0, 1, -1, 0.5, 3, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1022, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN];

function* specials(): Generator<[number, number, number]> {
  for (const a of SPECIAL) for (const b of SPECIAL) for (const c of SPECIAL) yield [a, b, c];
}

const same = (x: number, y: number) => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
const show = (x: number) => (Object.is(x, -0) ? "-0" : String(x));

function mismatches(f: (a: number, b: number, c: number) => number, cases: Iterable<[number, number, number]>, bits: 53 | 24, skip?: (want: number) => boolean): string[] {
  const bad: string[] = [];
  for (const [a, b, c] of cases) {
    const want = reference(a, b, c, bits);
    if (skip?.(want)) continue;
    const got = f(a, b, c);
    if (!same(got, want) && bad.length < 5) bad.push(`fma(${show(a)}, ${show(b)}, ${show(c)}) = ${show(got)}, rounded once ${show(want)}`);
  }
  return bad;
}

/** float32 operands: the float64 kinds rounded, plus products and sums at float32's own limits. */
function* operands32(count: number, seed: number): Generator<[number, number, number]> {
  let i = 0;
  for (const [a, b, c] of operands(count, seed)) {
    const k = i++ % 4;
    const scale = k === 0 ? 1 : k === 1 ? 2 ** -1000 : k === 2 ? 2 ** -1075 : 2 ** -1150;
    const fa = Math.fround(a * scale);
    const fb = Math.fround(b * (k === 3 ? 2 ** 1000 : 1));
    yield [fa, fb, Math.fround(k === 3 ? -fa * fb * (1 + 2 ** -30) : c * scale)];
  }
}

test("python/fma.ts fma: a b + c rounded once, for 400,000 operands of 8 kinds and every special combination", () => {
  assert.deepEqual(mismatches(fma, operands(400_000, 1), 53), []);
  assert.deepEqual(mismatches(fma, specials(), 53), []);
});

test("python/fma.ts fmaf: float32 a b + c rounded once (overflow, subnormals, ties included)", () => {
  assert.deepEqual(mismatches(fmaf, operands32(200_000, 2), 24), []);
  const f32 = [...new Set(SPECIAL.map(Math.fround))];
  const all: [number, number, number][] = [];
  for (const a of f32) for (const b of f32) for (const c of f32) all.push([a, b, c]);
  assert.deepEqual(mismatches(fmaf, all, 24), []);
});

interface FmaExports {
  fma_f64(a: number, b: number, c: number): number;
  fma_f32(a: number, b: number, c: number): number;
}

async function builds(): Promise<[string, FmaExports][]> {
  const load = async (bytes: Uint8Array) => (await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>, {})).instance.exports as unknown as FmaExports;
  const fuses = (await createEngine()).kernelVariant === "fma";
  return [["emulated", await load(atenBytes)], ...(fuses ? ([["relaxed SIMD", await load(atenFmaBytes)]] as [string, FmaExports][]) : [])];
}

test("kernels/mathT.ts fmaF64 and fmaF32 (kernels, glibc ports): rounded once, in each build this host runs", async () => {
  // The emulation rounds a result in [2^-1023, 2^-1022) twice (to odd at 53 bits, then to the subnormal quantum):
  // those are held to one quantum (2^-1074) below, the rest to the bit.
  for (const [name, k] of await builds()) {
    const topBinade = (want: number) => name === "emulated" && Math.abs(want) >= 2 ** -1023 && Math.abs(want) < 2 ** -1022;
    assert.deepEqual(mismatches(k.fma_f64, operands(400_000, 3), 53, topBinade), [], name);
    assert.deepEqual(mismatches(k.fma_f64, specials(), 53), [], name);
    assert.deepEqual(mismatches(k.fma_f32, operands32(200_000, 4), 24), [], name);
    let checked = 0;
    for (const [a, b, c] of operands(400_000, 3)) {
      const want = reference(a, b, c, 53);
      if (!topBinade(want)) continue;
      checked++;
      assert.ok(Math.abs(k.fma_f64(a, b, c) - want) <= 2 ** -1074, `${name}: fma(${a}, ${b}, ${c})`);
    }
    if (name === "emulated") assert.ok(checked > 100, `only ${checked} results in [2^-1023, 2^-1022)`);
  }
});
