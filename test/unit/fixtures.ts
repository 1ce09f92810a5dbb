// Shared runner for PyTorch fixture files (test/fixtures/*.json, written by scripts/fixtures/*.py; format in
// scripts/fixtures/common.py). Each case becomes one node:test test comparing the engine with PyTorch:
// float32 within 1e-5 relative / 1e-6 absolute, float64 within 1e-10, NaN equals NaN, -0 equals 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { exactParts, type ExactPart } from "./exact";
import { LossError, type Engine, type LossCall, type OptionValue, type Tensor } from "../../engine/api/types";
import type { PyTorchVersion } from "../../engine/api/versions";

/** The PyTorch a fixture file is from: 1.13's keep their plain names, others end in -VERSION.json. */
export function fixtureVersion(name: string): PyTorchVersion {
  const m = /-(\d+\.\d+)\.json$/.exec(name);
  return (m ? m[1] : "1.13") as PyTorchVersion;
}

type Num = number | "NaN" | "Infinity" | "-Infinity";
export interface JsonTensor {
  dtype: Tensor["dtype"];
  shape: number[];
  data: Num[];
}
export interface FixtureCase {
  id: string;
  loss: string;
  inputs: JsonTensor[];
  options: Record<string, OptionValue | JsonTensor>;
  requiresGrad: boolean[];
  upstream?: JsonTensor;
  expect?: { value: JsonTensor; perElement: JsonTensor; grads: (JsonTensor | null)[]; warnings: string[] };
  error?: { kind: string; message: string };
}

export function loadFixtures(name: string): FixtureCase[] {
  // Tests run from dist/test/unit (bundled); fixtures stay in the source tree.
  const candidates = [join(__dirname, "..", "..", "..", "test", "fixtures", name), join(process.cwd(), "test", "fixtures", name)];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error(`fixture file ${name} not found`);
  return (JSON.parse(readFileSync(path, "utf8")) as { cases: FixtureCase[] }).cases;
}

function num(v: Num): number {
  return v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v;
}

function isJsonTensor(v: unknown): v is JsonTensor {
  return typeof v === "object" && v !== null && "dtype" in v && "data" in v;
}

export function decodeTensor(t: JsonTensor): Tensor {
  const values = t.data.map(num);
  return { dtype: t.dtype, shape: t.shape, data: t.dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values) };
}

export function toCall(c: FixtureCase): LossCall {
  const options: Record<string, OptionValue> = {};
  for (const [k, v] of Object.entries(c.options)) options[k] = isJsonTensor(v) ? decodeTensor(v) : v;
  return {
    loss: c.loss,
    inputs: c.inputs.map(decodeTensor),
    options,
    requiresGrad: c.requiresGrad,
    ...(c.upstream ? { upstream: decodeTensor(c.upstream) } : {}),
  };
}

/** Tolerances of the project's standard, by the expected tensor's dtype. */
export function close(actual: number, expected: number, dtype: Tensor["dtype"]): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (dtype === "int64") return actual === expected;
  // Relative tolerance, with an absolute floor near zero (float32 1e-6, float64 1e-10).
  const [rel, abs] = dtype === "float64" ? [1e-10, 1e-10] : [1e-5, 1e-6];
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}

export function assertTensorClose(actual: Tensor | null | undefined, expected: JsonTensor | null, what: string): void {
  if (expected === null) {
    assert.equal(actual ?? null, null, `${what}: expected no tensor`);
    return;
  }
  assert.ok(actual, `${what}: missing`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const want = expected.data.map(num);
  assert.equal(actual.data.length, want.length, `${what}: element count`);
  for (let i = 0; i < want.length; i++) {
    if (!close(actual.data[i], want[i], expected.dtype)) {
      assert.fail(`${what}[${i}]: got ${actual.data[i]}, PyTorch ${want[i]} (${expected.dtype})`);
    }
  }
}

/** The bits PyTorch printed: float32 fixtures are written with 9 significant digits, which name one float32. */
function exactValue(v: number, dtype: Tensor["dtype"]): number {
  return dtype === "float32" ? Math.fround(v) : v;
}

/** Bit-identical to PyTorch: same float (NaN equals NaN), and the same sign of zero (print shows "-0."). */
export function assertTensorExact(actual: Tensor | null | undefined, expected: JsonTensor | null, what: string): void {
  assertTensorClose(actual, expected, what);
  if (!expected || !actual) return;
  expected.data.forEach((v, i) => {
    const want = exactValue(num(v), expected.dtype);
    const got = actual.data[i];
    if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) {
      assert.fail(`${what}[${i}]: got ${show(got)}, PyTorch ${show(want)} (${expected.dtype}): not bit-identical`);
    }
  });
}

function show(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

/** Compares one case; throws an assertion error on mismatch. */
export function checkCase(engine: Engine, c: FixtureCase, version: PyTorchVersion = engine.pytorch): void {
  const call = { ...toCall(c), pytorch: version };
  if (c.error) {
    assert.throws(
      () => engine.compute(call),
      (e: unknown) => {
        assert.ok(e instanceof LossError, `expected LossError, got ${String(e)}`);
        assert.equal(e.message, c.error!.message);
        assert.equal(e.kind, c.error!.kind);
        return true;
      },
    );
    return;
  }
  const r = engine.compute(call);
  const want = c.expect!;
  const exact = exactParts(c, version);
  const cmp = (part: ExactPart) => (exact.includes(part) ? assertTensorExact : assertTensorClose);
  cmp("value")(r.value, want.value, "value");
  cmp("perElement")(r.perElement, want.perElement, "perElement");
  assert.equal(r.grads.length, c.inputs.length, "grads length");
  want.grads.forEach((g, i) => cmp("grads")(r.grads[i], g, `grads[${i}]`));
  // Class and functional forms emit the same warnings in different orders: compare as multisets.
  assert.deepEqual([...r.warnings].sort(), [...want.warnings].sort(), "warnings");
}

/**
 * Registers one test per case of a fixture file. On a host whose relaxed SIMD fuses, the default engine runs the
 * FMA build: each case is then checked against the exact emulation (engine.wasm) as well, so both builds are held
 * to PyTorch's bits (scripts/test.mjs enables relaxed SIMD on Node 20).
 */
export function runFixtureFile(name: string, filter: (c: FixtureCase) => boolean = () => true): void {
  const cases = loadFixtures(name).filter(filter);
  const version = fixtureVersion(name);
  const engine = createEngine({ pytorch: version });
  const emulated = engine.then((e) => (e.kernelVariant === "fma" ? createEngine({ pytorch: version, kernels: "emulated" }) : null));
  for (const c of cases) {
    test(`${name} ${c.id}`, async () => {
      checkCase(await engine, c, version);
      const other = await emulated;
      if (other) checkCase(other, c, version);
    });
  }
}
