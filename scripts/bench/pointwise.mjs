// Element-wise losses: SIMD engine (forward, fused forward + gradient), the scalar build, PyTorch CPU with one
// thread, on the same float32 inputs; plus a streaming-read reference for the memory-bound losses.
// "forward" = the mean-reduced loss (the per-element losses, then torch.sum's order); "fused" = the same with the
// gradient w.r.t. the first input in the same pass (what the engine does when a gradient is asked for).

const normal = (r, s = 1) => () => r.normal() * s;
const uniform = (r, lo, hi) => () => lo + (hi - lo) * r.uniform();
const pm1 = (r) => () => (r.uniform() < 0.5 ? -1 : 1);

// inputs: generators for each array; call(k, [ptrs], n, out, grad, g) runs the float32 kernel (per-element loss to
// out, the gradient w.r.t. the first input to grad unless 0; g = the mean's 1/n where the kernel takes the upstream
// after torch.mean's backward, the norm where ATen's fused backward folds it in); the bench adds torch.sum's kernel.
export const LOSSES = [
  { name: "L1Loss", mem: true, inputs: (r) => [normal(r), normal(r)], torch: "F.l1_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.l1_f32(a, b, n, o, g, 0, 0, s, 1, 0, n) },
  { name: "MSELoss", mem: true, inputs: (r) => [normal(r), normal(r)], torch: "F.mse_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.mse_f32(a, b, n, o, g, 0, 0, 1, 2 * s, 0, n) },
  { name: "SmoothL1Loss", mem: true, inputs: (r) => [normal(r, 2), normal(r, 2)], torch: "F.smooth_l1_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.smooth_l1_f32(a, b, n, o, g, 0, 0, 1, s, 1, n - (n % 16)) },
  { name: "HuberLoss", mem: true, inputs: (r) => [normal(r, 2), normal(r, 2)], torch: "F.huber_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.huber_f32(a, b, n, o, g, 0, 0, 1, s, 1, n - (n % 16)) },
  { name: "BCELoss", inputs: (r) => [uniform(r, 0.001, 0.999), uniform(r, 0, 1)], torch: "F.binary_cross_entropy(x0, x1)", call: (k, [a, b], n, o, g) => k.bce_f32(a, b, 0, n, o, g, 0, 0, 1, n) },
  { name: "BCEWithLogitsLoss", inputs: (r) => [normal(r, 3), uniform(r, 0, 1)], torch: "F.binary_cross_entropy_with_logits(x0, x1)", call: (k, [a, b], n, o, g) => k.bce_logits_f32(a, b, 0, 0, n, o, g, 0, 0, 1, n, n - (n % 16)) },
  { name: "SoftMarginLoss", inputs: (r) => [normal(r, 2), pm1(r)], torch: "F.soft_margin_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.soft_margin_f32(a, b, n, o, g, 0, 1, s) },
  { name: "PoissonNLLLoss", inputs: (r) => [normal(r), () => Math.floor(5 * r.uniform())], torch: "F.poisson_nll_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.poisson_nll_f32(a, b, n, o, g, 0, 0, s, 1, 0, 1e-8) },
  { name: "GaussianNLLLoss", inputs: (r) => [normal(r), normal(r), uniform(r, 0.1, 2)], torch: "F.gaussian_nll_loss(x0, x1, x2)", call: (k, [a, b, v], n, o, g, s) => k.gaussian_nll_f32(a, b, v, n, o, g, 0, 0, 0, s, 1e-6, 0) },
  { name: "KLDivLoss", options: { reduction: "batchmean" }, inputs: (r) => [uniform(r, -8, 0), uniform(r, 0, 0.01)], torch: "F.kl_div(x0, x1, reduction='batchmean')", call: (k, [a, b], n, o, g, s) => k.kl_div_f32(a, b, n, o, g, 0, 0, s, 0) },
  { name: "MarginRankingLoss", inputs: (r) => [normal(r), normal(r), pm1(r)], torch: "F.margin_ranking_loss(x0, x1, x2)", call: (k, [a, b, y], n, o, g, s) => k.margin_ranking_f32(a, b, y, n, o, g, 0, 0, 0, s, 0) },
  { name: "HingeEmbeddingLoss", inputs: (r) => [uniform(r, 0, 2), pm1(r)], torch: "F.hinge_embedding_loss(x0, x1)", call: (k, [a, b], n, o, g, s) => k.hinge_embedding_f32(a, b, n, o, g, 0, s, 1) },
];

export default async function pointwise(ctx) {
  const { sizes, timeIt, log, rateColumns } = ctx;
  const nmax = Math.max(...sizes);
  const rows = [];
  const notes = [];
  const haveTorch = ctx.torch.start();
  // The kernel columns call the float32 exports directly with 1.13's switches; the API column answers as --pytorch.
  if (ctx.pytorch !== "1.13") notes.push(`fwd / fused / scalar time PyTorch 1.13's kernels; API and torch are ${ctx.pytorch}'s (its _v2 formulas and glibc stand-ins for MKL)`);
  if (haveTorch) notes.push(`PyTorch ${ctx.torch.version} CPU, torch.set_num_threads(1), same float32 inputs, F.* with reduction='mean' (KLDiv 'batchmean'); fused = forward + backward w.r.t. the input`);
  else notes.push(`PyTorch columns skipped: ${ctx.torch.python} with torch not found`);

  // Streaming-read reference: a SIMD sum over two float32 arrays of nmax elements (read twice to warm up).
  ctx.simd.reset();
  const ra = ctx.simd.alloc(nmax * 4);
  const rb = ctx.simd.alloc(nmax * 4);
  const r0 = ctx.rng(7);
  const va = ctx.simd.f32(ra, nmax);
  const vb = ctx.simd.f32(rb, nmax);
  for (let i = 0; i < nmax; i++) {
    va[i] = r0.normal();
    vb[i] = r0.normal();
  }
  const readSec = timeIt(() => ctx.simd.k.read2_f32(ra, rb, nmax), { minMs: 200 });
  const readMelem = nmax / readSec / 1e6;
  notes.push(
    `streaming read reference: read2_f32, a SIMD sum of two float32 arrays (${nmax.toExponential(0)} elements each: ` +
      `${readMelem.toFixed(0)} Melem/s = ${((readMelem * 8) / 1000).toFixed(1)} GB/s). For L1/MSE/SmoothL1/Huber it is re-measured ` +
      "on the loss's own two input arrays right before the loss ('read' column, Melem/s); %BW = loss Melem/s / read Melem/s " +
      "(forward reads exactly those two arrays; fused also writes the gradient, a third stream)",
  );

  for (const loss of LOSSES) {
    if (!ctx.wants(loss.name)) continue;
    log(`bench: ${loss.name}`);
    const r = ctx.rng(42);
    const gens = loss.inputs(r);
    const host = gens.map((gen) => {
      const a = new Float32Array(nmax);
      for (let i = 0; i < nmax; i++) a[i] = gen();
      return a;
    });
    // Same inputs in both builds.
    const setups = [ctx.simd, ctx.scalar].map((b) => {
      b.reset();
      const ptrs = host.map((a) => {
        const p = b.alloc(nmax * 4);
        b.f32(p, nmax).set(a);
        return p;
      });
      return { b, ptrs, out: b.alloc(nmax * 4), grad: b.alloc(nmax * 4) };
    });
    const torchTiming = { minMs: 40, rounds: 3 };
    const torchRows = haveTorch ? await ctx.torch.timeOn(host, nmax, { sizes, expr: loss.torch, ...torchTiming }) : null;
    for (const n of sizes) {
      const s = 1 / n;
      // Memory-bound losses: the streaming-read reference on the same two arrays, measured right before.
      const read = loss.mem ? timeIt(() => ctx.simd.k.read2_f32(setups[0].ptrs[0], setups[0].ptrs[1], n)) : null;
      // The scalar baseline and 'API copy' get fewer, shorter rounds ('API fused' PyTorch's): the budget is ~5 minutes for all sections.
      const [simd, scalar] = setups.map(({ b, ptrs, out, grad }, j) => {
        const opts = j === 0 ? {} : { minMs: 30, rounds: 2 };
        const run = (g) => () => {
          loss.call(b.k, ptrs, n, out, g, s);
          return b.k.sum_f32(out, n);
        };
        return { fwd: timeIt(run(0), opts), fused: timeIt(run(grad), opts) };
      });
      // The whole engine API on the same data: kernel, per-element loss, gradient w.r.t. the input.
      const call = {
        loss: loss.name,
        inputs: host.map((a) => ({ dtype: "float32", shape: [n], data: a.subarray(0, n) })),
        options: loss.options ?? {},
        requiresGrad: host.map((_, i) => i === 0),
      };
      const api = ctx.timeApi(ctx.engine, call, timeIt, undefined, torchTiming);
      const t = torchRows?.find((row) => row.n === n) ?? null;
      const m = (sec) => (sec ? n / sec / 1e6 : null);
      rows.push({
        ...rateColumns(loss.name, n, simd, scalar, t),
        ...ctx.apiColumns(n, simd.fused, api, t),
        "read": read && m(read),
        "%BW fwd": read && (100 * read) / simd.fwd,
        "%BW fused": read && (100 * read) / simd.fused,
      });
    }
  }
  notes.push("Melem/s = million elements per second (higher is better); 'x torch' = PyTorch time / engine time");
  notes.push("fwd / fused / scalar: the float32 kernels called directly (fused: + torch.sum's kernel); API fused: engine.compute() end to end with the inputs written into wasm memory once (engine.tensor) and the per-element loss and gradient as views (outputs: 'view'), after a 100 ms warm-up of the call (a process's first ~1,000 compute() calls cost 20-100 us more each); API copy: the same call on plain arrays, copied in and out as fresh arrays; API % kernel = API fused / fused");
  notes.push(`wasm sizes: ${ctx.simd.file} ${ctx.simd.bytes} bytes, ${ctx.scalar.file} ${ctx.scalar.bytes} bytes`);
  return {
    title: "Element-wise losses (float32), Melem/s",
    notes,
    columns: ["loss", "n", "fwd", "fused", "API fused", "API copy", "torch fwd", "torch fused", "fwd x torch", "fused x torch", "API x torch", "API % kernel", "scalar fused", "SIMD x scalar", "read", "%BW fused"],
    rows,
    readMelem,
  };
}
