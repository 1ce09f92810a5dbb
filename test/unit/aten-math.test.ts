// exp / log / log1p bit-identical to PyTorch 1.13 (test/fixtures/aten-math.json, scripts/fixtures/aten_math.py):
// the Sleef (vector) primitives against torch.exp/log/log1p, the glibc (scalar) ones against libm, and
// F.softplus of lengths 1..40 and 100 against the vector body + scalar tail rule built from both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import atenBytes from "../../build/aten-math.wasm";
import atenFmaBytes from "../../build/aten-math-fma.wasm";
import { createEngine } from "../../engine/api/engine";

/** build/aten-math.wasm's exports (test/kernels/aten-test.ts): one primitive over an array; vec = Sleef, else glibc. */
type Apply = (src: number, dst: number, n: number, vec: number) => void;
interface AtenExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  aten_exp_f32: Apply;
  aten_log_f32: Apply;
  aten_log1p_f32: Apply;
  aten_exp_f64: Apply;
  aten_log_f64: Apply;
  aten_log1p_f64: Apply;
  logf4_mismatches(start: number, count: number, step: number): number;
  expf4_mismatches(start: number, count: number, step: number): number;
  expf4odd_mismatches(start: number, count: number, step: number): number;
}

async function instantiate(bytes: Uint8Array): Promise<AtenExports> {
  const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>, {});
  return instance.exports as unknown as AtenExports;
}

/** The primitives' builds this host runs: the exact emulation, and the relaxed-SIMD FMA one where it fuses. */
async function atenBuilds(): Promise<AtenExports[]> {
  const fuses = (await createEngine()).kernelVariant === "fma";
  return [await instantiate(atenBytes), ...(fuses ? [await instantiate(atenFmaBytes)] : [])];
}

function primitive(k: AtenExports, fn: "exp" | "log" | "log1p", dtype: Dtype): Apply {
  const f32 = { exp: k.aten_exp_f32, log: k.aten_log_f32, log1p: k.aten_log1p_f32 };
  const f64 = { exp: k.aten_exp_f64, log: k.aten_log_f64, log1p: k.aten_log1p_f64 };
  return (dtype === "float32" ? f32 : f64)[fn];
}

type Dtype = "float32" | "float64";
interface FunctionCase {
  fn: "exp" | "log" | "log1p";
  dtype: Dtype;
  inputs: string;
  vector: string;
  scalar: string;
}
interface SoftplusCase {
  dtype: Dtype;
  inputs: string;
  softplus: string;
}

function load(): { functions: FunctionCase[]; softplus: SoftplusCase[] } {
  const candidates = [join(__dirname, "..", "..", "..", "test", "fixtures", "aten-math.json"), join(process.cwd(), "test", "fixtures", "aten-math.json")];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error("fixture file aten-math.json not found");
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The raw bytes of a base64 array as float32 / float64 values. */
function decode(b64: string, dtype: Dtype): Float32Array | Float64Array {
  const bytes = Buffer.from(b64, "base64");
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return dtype === "float32" ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
}

/** Applies one primitive (`aten_<fn>_<f32|f64>`, vec = Sleef, else glibc) to xs in the test module. */
function apply(k: AtenExports, fn: "exp" | "log" | "log1p", dtype: Dtype, xs: Float32Array | Float64Array, vec: boolean): Float32Array | Float64Array {
  const size = xs.byteLength;
  const base = (k.heap_base() + 15) & ~15;
  const need = base + 2 * size + 16;
  if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  const Arr = dtype === "float32" ? Float32Array : Float64Array;
  new Arr(k.memory.buffer, base, xs.length).set(xs);
  const out = base + ((size + 15) & ~15);
  primitive(k, fn, dtype)(base, out, xs.length, vec ? 1 : 0);
  return new Arr(k.memory.buffer, out, xs.length).slice();
}

/** Indices where got and want differ in their bits (any NaN equals any NaN: payloads are not compared). */
function mismatches(got: Float32Array | Float64Array, want: Float32Array | Float64Array): number[] {
  const gb = got instanceof Float32Array ? new Uint32Array(got.buffer) : new BigUint64Array(got.buffer);
  const wb = want instanceof Float32Array ? new Uint32Array(want.buffer) : new BigUint64Array(want.buffer);
  const bad: number[] = [];
  for (let i = 0; i < got.length; i++) if (gb[i] !== wb[i] && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) bad.push(i);
  return bad;
}

function report(bad: number[], xs: Float32Array | Float64Array, got: Float32Array | Float64Array, want: Float32Array | Float64Array): string {
  return bad.slice(0, 5).map((i) => `x=${xs[i]}: got ${got[i]}, want ${want[i]}`).join("; ");
}

const fixture = load();

for (const c of fixture.functions) {
  for (const path of ["vector", "scalar"] as const) {
    const what = path === "vector" ? "Sleef AVX2 u10 (torch." + c.fn + ")" : "glibc (ATen's scalar std::" + c.fn + ")";
    test(`${c.fn} ${c.dtype}, ${what}: bit-identical on every fixture input`, async () => {
      for (const k of await atenBuilds()) {
        const xs = decode(c.inputs, c.dtype);
        const want = decode(c[path], c.dtype);
        const got = apply(k, c.fn, c.dtype, xs, path === "vector");
        const bad = mismatches(got, want);
        assert.equal(bad.length, 0, `${bad.length} of ${xs.length} differ: ${report(bad, xs, got, want)}`);
      }
    });
  }
}

test("softplus (an element-wise kernel): chunks of 2 * Vec::size() elements take Sleef, the n % (2 * Vec::size()) tail glibc", async () => {
  let tails = 0;
  for (const k of await atenBuilds()) {
    for (const c of fixture.softplus) {
      const xs = decode(c.inputs, c.dtype);
      const want = decode(c.softplus, c.dtype);
      // 2 * Vec::size(): 16 float32 or 8 float64 lanes under AVX2.
      const chunk = c.dtype === "float32" ? 16 : 8;
      const body = xs.length - (xs.length % chunk);
      const viaVector = apply(k, "log1p", c.dtype, apply(k, "exp", c.dtype, xs, true), true);
      const viaScalar = apply(k, "log1p", c.dtype, apply(k, "exp", c.dtype, xs, false), false);
      // softplus(x) = x above the threshold 20 (none here), log1p(exp(x)) otherwise.
      const got = xs.map((_, i) => (i < body ? viaVector[i] : viaScalar[i]));
      const bad = mismatches(got, want);
      assert.equal(bad.length, 0, `${c.dtype} n=${xs.length}: ${report(bad, xs, got, want)}`);
      // The rule must matter somewhere: the two paths differ on some tail element of the fixture.
      for (let i = body; i < xs.length; i++) if (viaVector[i] !== viaScalar[i]) tails++;
    }
  }
  assert.ok(tails > 0, "no tail element tells the scalar path from the vector one: the fixture does not test the rule");
});

test("glibcLogf4 (glibc's logf four lanes at a time) gives glibcLogf's bits: every 251st float32 bit pattern", async () => {
  // The whole 2^32 range (step 1) agreed too: 0 mismatches, measured once (two minutes; engine/README.md).
  for (const k of await atenBuilds()) {
    let bad = 0;
    for (let piece = 0; piece < 16; piece++) bad += k.logf4_mismatches(piece * 2 ** 28, Math.floor(2 ** 28 / 251), 251);
    assert.equal(bad, 0);
  }
});

test("glibcExpf4 and glibcExpf4Odd (glibc's expf on four lanes, on the odd two) give glibcExpf's bits: every 251st float32 bit pattern", async () => {
  // The whole 2^32 range (step 1) agreed too: 0 mismatches, measured once (engine/README.md).
  for (const k of await atenBuilds()) {
    let bad = 0;
    let badOdd = 0;
    for (let piece = 0; piece < 16; piece++) {
      bad += k.expf4_mismatches(piece * 2 ** 28, Math.floor(2 ** 28 / 251), 251);
      badOdd += k.expf4odd_mismatches(piece * 2 ** 28, Math.floor(2 ** 28 / 251), 251);
    }
    assert.equal(bad, 0);
    assert.equal(badOdd, 0);
  }
});
