// Which engine build a host should load, known without the engine's own probe: relaxed SIMD on by default (the
// caller says: Node >= 22, Chromium >= 114) on an x86-64 Linux CPU with FMA (its fma flag). null: not x86-64 Linux,
// where /proc/cpuinfo does not say.
import { readFileSync } from "node:fs";

export function expectedKernels(relaxedSimdOnByDefault: boolean): "fma" | "emulated" | null {
  if (process.platform !== "linux" || process.arch !== "x64") return null;
  const fma = /^flags\s*:.*\bfma\b/m.test(readFileSync("/proc/cpuinfo", "utf8"));
  return relaxedSimdOnByDefault && fma ? "fma" : "emulated";
}
