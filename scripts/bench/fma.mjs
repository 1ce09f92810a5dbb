// The relaxed-SIMD FMA build against the exact emulation, kernel for kernel on the same float32 inputs, timed
// interleaved in one process (so a loaded machine slows both alike): what engine-fma.wasm buys each element-wise
// loss (fused = per-element loss + gradient w.r.t. the input + torch.sum's kernel). Skipped where this Node has no
// relaxed SIMD (Node 20 without --experimental-wasm-relaxed-simd).
import { loadBuild } from "../bench-lib.mjs";
import { LOSSES } from "./pointwise.mjs";

export default async function fma(ctx) {
  const notes = [];
  let fmaBuild;
  try {
    fmaBuild = await loadBuild("build/engine-fma.wasm");
  } catch (e) {
    return { title: "FMA build vs emulation", notes: [`skipped: this host does not compile relaxed SIMD (${String(e).slice(0, 80)})`], columns: ["loss"], rows: [] };
  }
  const fuses = fmaBuild.k.fma_probe(1 + 2 ** -12, 1 - 2 ** -12, -1) === -(2 ** -24);
  notes.push(`relaxed_madd ${fuses ? "fuses" : "does not fuse"} on this host (${process.version}); the engine uses the FMA build only where it fuses`);
  const builds = [await loadBuild("build/engine.wasm"), fmaBuild];
  const nmax = Math.max(...ctx.sizes);
  const rows = [];
  for (const loss of LOSSES) {
    ctx.log(`bench: fma ${loss.name}`);
    const r = ctx.rng(42);
    const host = loss.inputs(r).map((gen) => Float32Array.from({ length: nmax }, gen));
    const sets = builds.map((b) => {
      b.reset();
      const ptrs = host.map((a) => {
        const p = b.alloc(nmax * 4);
        b.f32(p, nmax).set(a);
        return p;
      });
      return { b, ptrs, out: b.alloc(nmax * 4), grad: b.alloc(nmax * 4) };
    });
    for (const n of ctx.sizes) {
      const best = [Infinity, Infinity];
      const reps = Math.max(1, Math.round(2e5 / n));
      for (let round = 0; round < 9; round++) {
        for (let j = 0; j < 2; j++) {
          const { b, ptrs, out, grad } = sets[j];
          const t0 = performance.now();
          for (let i = 0; i < reps; i++) {
            loss.call(b.k, ptrs, n, out, grad, 1 / n);
            b.k.sum_f32(out, n);
          }
          best[j] = Math.min(best[j], (performance.now() - t0) / reps / 1000);
        }
      }
      rows.push({ loss: loss.name, n: n.toExponential(0), "emulated fused": n / best[0] / 1e6, "FMA fused": n / best[1] / 1e6, "FMA x emulated": best[0] / best[1] });
    }
  }
  notes.push("Melem/s, best of 9 interleaved rounds; engine.wasm = the exact emulation, engine-fma.wasm = f32x4/f64x2.relaxed_madd");
  return { title: "FMA build (relaxed SIMD) vs exact emulation, float32 kernels, Melem/s", notes, columns: ["loss", "n", "emulated fused", "FMA fused", "FMA x emulated"], rows };
}
