// CTCLoss's float32 kernel runs its recursions four s at a time (engine/kernels/ctc.ts ctc4); the scalar recursion
// beside it is ATen's loop as the fixtures check it against PyTorch. On random cases with every special value
// log_probs can hold (-inf, NaN, +inf, values whose exp underflows), repeated labels, labels equal to blank,
// short and zero input lengths, zero_infinity and strided targets, the two must give the same bits.
import { test } from "node:test";
import assert from "node:assert/strict";
import atenBytes from "../../build/aten-math.wasm";
import atenFmaBytes from "../../build/aten-math-fma.wasm";
import { createEngine } from "../../engine/api/engine";

type Ctc = (lp: number, Tn: number, N: number, C: number, tgt: number, offs: number, stride: number, tl: number, il: number, blank: number, zeroInf: boolean, nllOut: number, gs: number, grad: number, la: number, lb: number) => void;
interface CtcExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  ctc_f32: Ctc;
  ctc_scalar_f32: Ctc;
}

async function builds(): Promise<CtcExports[]> {
  const inst = async (bytes: Uint8Array) => (await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>, {})).instance.exports as unknown as CtcExports;
  const fuses = (await createEngine()).kernelVariant === "fma";
  return [await inst(atenBytes), ...(fuses ? [await inst(atenFmaBytes)] : [])];
}

/** One random case through `fn`: the nll and gradient bits (NaNs made one pattern). */
function runCase(k: CtcExports, seed: number, fn: Ctc): Uint32Array {
  let state = seed;
  const rnd = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const ri = (n: number) => Math.floor(rnd() * n);
  const Tn = 1 + ri(seed % 5 === 0 ? 3 : 40);
  const N = 1 + ri(4);
  const C = 1 + ri(seed % 3 ? 25 : 6);
  const blank = ri(C);
  const maxL = ri(Math.min(14, Tn + 4));
  const special = seed % 4 === 0;
  const lp = Float32Array.from({ length: Tn * N * C }, () => {
    const u = rnd();
    if (special && u < 0.08) return -Infinity;
    if (special && u < 0.1) return NaN;
    if (special && u < 0.11) return Infinity;
    if (special && u < 0.13) return -95 - rnd() * 10;
    return -rnd() * (seed % 7 === 0 ? 200 : 6);
  });
  const tl = Int32Array.from({ length: N }, () => ri(maxL + 1));
  const il = Int32Array.from({ length: N }, () => (rnd() < 0.2 ? ri(Tn + 1) : Tn));
  const stride = 1 + ri(2);
  const offs = Int32Array.from({ length: N }, (_, b) => b * maxL * stride);
  const tg = Float64Array.from({ length: Math.max(N * maxL * stride, 1) }, () => (rnd() < 0.3 ? ri(3) % C : ri(C)));
  const gs = Float32Array.from({ length: N }, () => (rnd() < 0.5 ? 1 : rnd()));
  const zeroInf = rnd() < 0.3;
  const withGrad = seed % 9 !== 0;
  const S = 2 * maxL + 12;
  const need = (Tn * N * C * 8 + Tn * S * 8 + tg.length * 8 + 4096) * 2;
  if (k.memory.buffer.byteLength < k.heap_base() + need) k.memory.grow(Math.ceil(need / 65536));
  let p = k.heap_base();
  const put = (a: Float32Array | Float64Array | Int32Array): number => {
    p = (p + 15) & ~15;
    const at = p;
    new Uint8Array(k.memory.buffer, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    p += a.byteLength;
    return at;
  };
  // Scratch and outputs start filled with garbage, at addresses not 16-byte aligned.
  const scratch = (bytes: number): number => {
    const at = ((p + 15) & ~15) + 4;
    new Uint8Array(k.memory.buffer, at, bytes).fill(0x7f);
    p = at + bytes;
    return at;
  };
  const plp = put(lp), ptg = put(tg), poffs = put(offs), ptl = put(tl), pil = put(il), pgs = put(gs);
  const nll = scratch(N * 4), g = scratch(Tn * N * C * 4), la = scratch(Tn * S * 4), lb = scratch(Tn * S * 4);
  fn(plp, Tn, N, C, ptg, poffs, stride, ptl, pil, blank, zeroInf, nll, withGrad ? pgs : 0, withGrad ? g : 0, la, lb);
  const bits = new Uint32Array(N + (withGrad ? Tn * N * C : 0));
  bits.set(new Uint32Array(k.memory.buffer.slice(nll, nll + N * 4)));
  if (withGrad) bits.set(new Uint32Array(k.memory.buffer.slice(g, g + Tn * N * C * 4)), N);
  return bits.map((v) => ((v & 0x7f800000) === 0x7f800000 && (v & 0x7fffff) !== 0 ? 0x7fc00000 : v));
}

test("CTC float32: the four-lane recursions give the scalar recursion's bits (2,000 random cases per build)", async () => {
  for (const k of await builds()) {
    let bad = 0;
    let first = "";
    for (let seed = 1; seed <= 2000; seed++) {
      const lanes = runCase(k, seed, k.ctc_f32);
      const scalar = runCase(k, seed, k.ctc_scalar_f32);
      if (lanes.length !== scalar.length || lanes.some((v, i) => v !== scalar[i])) {
        bad++;
        first ||= `seed ${seed}`;
      }
    }
    assert.equal(bad, 0, `differing cases, first: ${first}`);
  }
});
