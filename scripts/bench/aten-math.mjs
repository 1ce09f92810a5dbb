// exp / log / log1p primitives (engine/kernels/aten-math.ts), ns per element over 1e5 values (in cache), side by
// side in one run with what the engine used before: float32 SIMD Cephes expv / logv / log1pv and Mathf.*,
// float64 Math.*. "Sleef" rows are the vector primitives (f32x4 / f64x2), "glibc" rows the scalar ones.
export default async function atenMath(ctx) {
  const { timeIt, rng } = ctx;
  const { loadBuild } = await import("../bench-lib.mjs");
  const b = await loadBuild("build/aten-math.wasm");
  const k = b.k;
  const n = 1e5;
  const r = rng(7);
  const domains = { exp: [-20, 20], log: [1e-3, 1e3], log1p: [-0.9, 20] };
  const rows = [];
  for (const [fn, [lo, hi]] of Object.entries(domains)) {
    const op = ["exp", "log", "log1p"].indexOf(fn);
    for (const dtype of ["float32", "float64"]) {
      b.reset();
      const size = dtype === "float32" ? 4 : 8;
      const src = b.alloc(n * size);
      const dst = b.alloc(n * size);
      const view = dtype === "float32" ? new Float32Array(k.memory.buffer, src, n) : new Float64Array(k.memory.buffer, src, n);
      for (let i = 0; i < n; i++) view[i] = lo + (hi - lo) * r.uniform();
      const ns = (f) => (timeIt(() => (f(), 0)) / n) * 1e9;
      const suffix = dtype === "float32" ? "f32" : "f64";
      const sleef = ns(() => k[`aten_${fn}_${suffix}`](src, dst, n, 1));
      const glibc = ns(() => k[`aten_${fn}_${suffix}`](src, dst, n, 0));
      const before = dtype === "float32" ? ns(() => k.previous_f32(src, dst, n, 1, op)) : null;
      const beforeScalar = dtype === "float32" ? ns(() => k.previous_f32(src, dst, n, 0, op)) : ns(() => k.previous_f64(src, dst, n, op));
      rows.push({
        fn,
        dtype,
        "Sleef ns/elem": sleef,
        "before SIMD ns/elem": before,
        "Sleef x before": before && sleef / before,
        "glibc ns/elem": glibc,
        "before scalar ns/elem": beforeScalar,
        "glibc x before": glibc / beforeScalar,
      });
    }
  }
  return {
    title: "exp / log / log1p as PyTorch computes them vs the engine's earlier primitives (ns per element, 1e5 values)",
    notes: ["before SIMD = Cephes-style expv / logv / log1pv (about 1 ulp); before scalar = Mathf.* (float32) / Math.* (float64)"],
    columns: ["fn", "dtype", "Sleef ns/elem", "before SIMD ns/elem", "Sleef x before", "glibc ns/elem", "before scalar ns/elem", "glibc x before"],
    rows,
  };
}
