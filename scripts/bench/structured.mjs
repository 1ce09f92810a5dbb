// Classification / structured losses: SIMD engine (forward, fused forward + gradient w.r.t. the first input),
// the scalar build, PyTorch CPU with one thread, on the same float32 inputs, reduction='mean'.
// n = elements of the first input: (N, C) for the class losses, (N, D) for the embeddings, (T, N, C) for CTC.
// The engine side times the kernels as the engine calls them (fused also clears the gradient where the
// kernel accumulates into it); the PyTorch side times F.* (fused: forward + backward).

const int = (r, k) => Math.floor(r.uniform() * k);

/** Rows of `C` log-softmax values (CTC's log_probs). */
function logSoftmaxRows(r, len, C) {
  const a = new Float32Array(len);
  for (let i = 0; i < len; i += C) {
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp((a[i + c] = r.normal() * 2));
    const l = Math.log(s);
    for (let c = 0; c < C; c++) a[i + c] -= l;
  }
  return a;
}

/** Tensors for engine.compute(): float32 views of the host arrays, int64 copies (class indices, lengths). */
const f32 = (a, shape) => ({ dtype: "float32", shape, data: a.subarray(0, shape.reduce((p, d) => p * d, 1)) });
const i64 = (a, shape) => ({ dtype: "int64", shape, data: Float64Array.from(a.subarray(0, shape.reduce((p, d) => p * d, 1))) });

function fill(len, gen) {
  const a = new Float32Array(len);
  for (let i = 0; i < len; i++) a[i] = gen(i);
  return a;
}

/** Memory of one build for one case: float32 copies of the host arrays, f64 copies where asked, scratch. */
function place(b, host, f64 = []) {
  b.reset();
  const ptrs = host.map((a, i) => {
    if (f64.includes(i)) {
      const p = b.alloc(a.length * 8);
      new Float64Array(b.k.memory.buffer, p, a.length).set(a);
      return p;
    }
    const p = b.alloc(a.length * 4);
    b.f32(p, a.length).set(a);
    return p;
  });
  return ptrs;
}

const T_CTC = 50;
const C_CTC = 20;
const S_CTC = 10;

// Each case: row = elements per sample; inputs(r, nmax) = host float32 arrays (x0 is the differentiated input);
// f64 = indices of arrays the kernel reads as float64 (class indices); torch = F.* expression (+ prep);
// prepare(b, ptrs, nmax) -> (n, fused) => kernel result.
const CASES = [
  ...[10, 1000].map((C) => ({
    name: `CrossEntropyLoss C=${C}`,
    row: C,
    inputs: (r, nmax) => [fill(nmax, () => r.normal() * 2), fill(nmax / C, () => int(r, C))],
    f64: [1],
    torch: { expr: `F.cross_entropy(x0.view(-1, ${C}), t)`, prep: { t: `x1[: n // ${C}].long()` } },
    api: ([x, t], n) => ({ loss: "CrossEntropyLoss", inputs: [f32(x, [n / C, C]), i64(t, [n / C])] }),
    prepare: (b, [x, t], nmax) => {
      // scratch: 16 bytes of row statistics per row, a row buffer.
      const g = b.alloc(nmax * 4), res = b.alloc(16), sc = b.alloc(16 * (nmax / C) + 48 * C + 128);
      return (n, fused) => (b.k.ce_index_f32(x, t, 0, n / C, C, 1, -100, 0, 2, 1, 0, 0, fused ? g : 0, res, sc), 0);
    },
  })),
  {
    name: "CrossEntropyLoss probs C=10",
    row: 10,
    inputs: (r, nmax) => [fill(nmax, () => r.normal() * 2), fill(nmax, () => r.uniform() / 5)],
    torch: { expr: "F.cross_entropy(x0.view(-1, 10), p)", prep: { p: "x1.view(-1, 10)" } },
    api: ([x, p], n) => ({ loss: "CrossEntropyLoss", inputs: [f32(x, [n / 10, 10]), f32(p, [n / 10, 10])] }),
    prepare: (b, [x, p], nmax) => {
      // scratch: row statistics (16 bytes a row), a row buffer, the products (8 bytes an element).
      const g = b.alloc(nmax * 4), res = b.alloc(16), sc = b.alloc(16 * (nmax / 10) + 80 + 8 * nmax);
      return (n, fused) => (b.k.ce_prob_f32(x, p, 0, n / 10, 10, 1, 0, 2, 1, 0, 0, fused ? g : 0, 0, res, sc), 0);
    },
  },
  {
    name: "NLLLoss C=10",
    row: 10,
    inputs: (r, nmax) => [logSoftmaxRows(r, nmax, 10), fill(nmax / 10, () => int(r, 10))],
    f64: [1],
    torch: { expr: "F.nll_loss(x0.view(-1, 10), t)", prep: { t: "x1[: n // 10].long()" } },
    api: ([x, t], n) => ({ loss: "NLLLoss", inputs: [f32(x, [n / 10, 10]), i64(t, [n / 10])] }),
    prepare: (b, [x, t], nmax) => {
      const g = b.alloc(nmax * 4), res = b.alloc(16);
      return (n, fused) => (b.k.nll_f32(x, t, 0, n / 10, 10, 1, -100, 2, 1, 0, 0, fused ? g : 0, res), 0);
    },
  },
  {
    name: "MultiMarginLoss C=10",
    row: 10,
    inputs: (r, nmax) => [fill(nmax, () => r.normal()), fill(nmax / 10, () => int(r, 10))],
    f64: [1],
    torch: { expr: "F.multi_margin_loss(x0.view(-1, 10), t)", prep: { t: "x1[: n // 10].long()" } },
    api: ([x, t], n) => ({ loss: "MultiMarginLoss", inputs: [f32(x, [n / 10, 10]), i64(t, [n / 10])] }),
    prepare: (b, [x, t], nmax) => {
      const g = b.alloc(nmax * 4);
      return (n, fused) => b.k.multi_margin_f32(x, t, 0, n / 10, 10, 1, 1, 1 / n, 1, 0, 0, fused ? g : 0);
    },
  },
  {
    name: "MultiLabelMarginLoss C=10",
    row: 10,
    // Three labels per row, then -1.
    inputs: (r, nmax) => [fill(nmax, () => r.normal()), fill(nmax, (i) => (i % 10 < 3 ? (i % 10) * 3 + int(r, 3) : -1))],
    f64: [1],
    torch: { expr: "F.multilabel_margin_loss(x0.view(-1, 10), t)", prep: { t: "x1.view(-1, 10).long()" } },
    api: ([x, t], n) => ({ loss: "MultiLabelMarginLoss", inputs: [f32(x, [n / 10, 10]), i64(t, [n / 10, 10])] }),
    prepare: (b, [x, t], nmax) => {
      const g = b.alloc(nmax * 4), mark = b.alloc(24 * 14);
      return (n, fused) => b.k.multilabel_margin_f32(x, t, n / 10, 10, 1 / n, 1, 0, 0, fused ? g : 0, mark);
    },
  },
  {
    name: "MultiLabelSoftMarginLoss C=10",
    row: 10,
    inputs: (r, nmax) => [fill(nmax, () => r.normal() * 2), fill(nmax, () => int(r, 2))],
    torch: { expr: "F.multilabel_soft_margin_loss(x0.view(-1, 10), x1.view(-1, 10))" },
    api: ([x, t], n) => ({ loss: "MultiLabelSoftMarginLoss", inputs: [f32(x, [n / 10, 10]), f32(t, [n / 10, 10])] }),
    prepare: (b, [x, t], nmax) => {
      // (x, t, w, N, C, mode = 2 (mean), go, up, out (per row), gx, gt, tmp (per element), res)
      const g = b.alloc(nmax * 4), tmp = b.alloc(nmax * 4), o = b.alloc(nmax / 10 * 4 + 16), res = b.alloc(16);
      return (n, fused) => (b.k.multilabel_soft_margin_f32(x, t, 0, n / 10, 10, 2, 1, 0, o, fused ? g : 0, 0, tmp, res), 0);
    },
  },
  {
    name: "CosineEmbeddingLoss D=16",
    row: 16,
    inputs: (r, nmax) => [fill(nmax, () => r.normal()), fill(nmax, () => r.normal()), fill(nmax / 16, () => (r.uniform() < 0.5 ? -1 : 1))],
    torch: { expr: "F.cosine_embedding_loss(x0.view(-1, 16), x1.view(-1, 16), y)", prep: { y: "x2[: n // 16]" } },
    api: ([a, b, y], n) => ({ loss: "CosineEmbeddingLoss", inputs: [f32(a, [n / 16, 16]), f32(b, [n / 16, 16]), f32(y, [n / 16])] }),
    prepare: (b, [x1, x2, y], nmax) => {
      const g = b.alloc(nmax * 4), out = b.alloc(nmax / 4), tmp = b.alloc(64);
      return (n, fused) => {
        b.k.cosine_embedding_f32(x1, x2, y, n / 16, 16, 0, 16 / n, 0, out, fused ? g : 0, 0, tmp);
        return b.k.sum_f32(out, n / 16);
      };
    },
  },
  ...["TripletMarginLoss", "TripletMarginWithDistanceLoss"].map((name) => ({
    name: `${name} D=16`,
    row: 16,
    inputs: (r, nmax) => [0, 1, 2].map(() => fill(nmax, () => r.normal())),
    api: (xs, n) => ({ loss: name, inputs: xs.map((x) => f32(x, [n / 16, 16])) }),
    torch: {
      expr: `F.${name === "TripletMarginLoss" ? "triplet_margin_loss" : "triplet_margin_with_distance_loss"}(x0.view(-1, 16), x1.view(-1, 16), x2.view(-1, 16))`,
    },
    prepare: (b, [a, p, q], nmax) => {
      const g = b.alloc(nmax * 4), out = b.alloc(nmax / 4);
      const marginLast = name === "TripletMarginWithDistanceLoss" ? 1 : 0;
      return (n, fused) => {
        b.k.triplet_f32(a, p, q, n / 16, 16, 1, 2, 1e-6, 0, marginLast, 16 / n, 0, out, fused ? g : 0, 0, 0);
        return b.k.sum_f32(out, n / 16);
      };
    },
  })),
  {
    name: `CTCLoss T=${T_CTC} C=${C_CTC} S=${S_CTC}`,
    row: T_CTC * C_CTC,
    inputs: (r, nmax) => [logSoftmaxRows(r, nmax, C_CTC), fill(nmax, () => 1 + int(r, C_CTC - 1))],
    api: ([lp, tg], n) => {
      const N = n / (T_CTC * C_CTC);
      const full = (v) => ({ dtype: "int64", shape: [N], data: new Float64Array(N).fill(v) });
      return { loss: "CTCLoss", inputs: [f32(lp, [T_CTC, N, C_CTC]), i64(tg, [N, S_CTC]), full(T_CTC), full(S_CTC)] };
    },
    f64: [1],
    torch: {
      expr: `F.ctc_loss(x0.view(${T_CTC}, -1, ${C_CTC}), tg, il, tl)`,
      prep: {
        tg: `x1[: (n // ${T_CTC * C_CTC}) * ${S_CTC}].view(-1, ${S_CTC}).long()`,
        il: `torch.full((n // ${T_CTC * C_CTC},), ${T_CTC}, dtype=torch.long)`,
        tl: `torch.full((n // ${T_CTC * C_CTC},), ${S_CTC}, dtype=torch.long)`,
      },
    },
    prepare: (b, [lp, tg], nmax) => {
      const Nmax = nmax / (T_CTC * C_CTC);
      const i32 = (values) => {
        const p = b.alloc(values.length * 4);
        new Int32Array(b.k.memory.buffer, p, values.length).set(values);
        return p;
      };
      const offs = i32(Array.from({ length: Nmax }, (_, i) => i * S_CTC));
      const tl = i32(new Array(Nmax).fill(S_CTC));
      const il = i32(new Array(Nmax).fill(T_CTC));
      const nll = b.alloc(Nmax * 4), gs = b.alloc(Nmax * 4), g = b.alloc(nmax * 4);
      const S = 2 * S_CTC + 12;
      const la = b.alloc(T_CTC * S * 4), lb = b.alloc(T_CTC * S * 4);
      b.f32(gs, Nmax).fill(1 / (Nmax * S_CTC));
      return (n, fused) => {
        const N = n / (T_CTC * C_CTC);
        b.k.ctc_f32(lp, T_CTC, N, C_CTC, tg, offs, 1, tl, il, 0, 0, nll, fused ? gs : 0, fused ? g : 0, la, lb);
        return 0;
      };
    },
  },
];

export default async function structured(ctx) {
  const { timeIt, log, rateColumns, timeApi, apiColumns } = ctx;
  const rows = [];
  const notes = [];
  const haveTorch = ctx.torch.start();
  // The kernel columns call the float32 exports directly with 1.13's switches; the API column answers as --pytorch.
  if (ctx.pytorch !== "1.13") notes.push(`fwd / fused / scalar time PyTorch 1.13's kernels; API and torch are ${ctx.pytorch}'s (its _v2 formulas and glibc stand-ins for MKL)`);
  if (haveTorch) notes.push(`PyTorch ${ctx.torch.version} CPU, torch.set_num_threads(1), same float32 inputs, F.* with reduction='mean'; fused = forward + backward w.r.t. the first input`);
  else notes.push(`PyTorch columns skipped: ${ctx.torch.python} with torch not found`);
  notes.push("CrossEntropy (class indices): SIMD across rows below 32 classes (one row per lane, 4x4 transposes), from 32 classes a row at a time in ATen's 8 lanes; ATen's order, Sleef's exp/log (fused multiply-adds emulated exactly, or relaxed SIMD's where the host fuses)");

  for (const c of CASES) {
    if (!ctx.wants(c.name)) continue;
    // Sizes rounded down to whole samples (C = 1000 and CTC at 1e3 elements: one sample).
    const sizes = [...new Set(ctx.sizes.map((n) => Math.max(c.row, Math.floor(n / c.row) * c.row)))];
    const nmax = Math.max(...sizes);
    log(`bench: ${c.name}`);
    const host = c.inputs(ctx.rng(42), nmax);
    const torchTiming = { minMs: 60, rounds: 5 };
    const torchRows = haveTorch ? await ctx.torch.timeOn(host, nmax, { sizes, expr: c.torch.expr, prep: c.torch.prep ?? {}, ...torchTiming }) : null;
    const runs = [ctx.simd, ctx.scalar].map((b) => c.prepare(b, place(b, host, c.f64 ?? []), nmax));
    for (const n of sizes) {
      const [simd, scalar] = runs.map((run) => ({ fwd: timeIt(() => run(n, false)), fused: timeIt(() => run(n, true)) }));
      const t = torchRows?.find((row) => row.n === n) ?? null;
      // The engine API on the same data (the gradient w.r.t. the first input, as the fused kernel).
      const call = c.api(host, n);
      const api = timeApi(ctx.engine, { ...call, requiresGrad: call.inputs.map((_, i) => i === 0) }, timeIt, undefined, torchTiming);
      rows.push({ ...rateColumns(c.name, n, simd, scalar, t), ...apiColumns(n, simd.fused, api, t) });
    }
  }
  notes.push("Melem/s = million elements of the first input per second (higher is better); 'x torch' = PyTorch time / engine time");
  notes.push("API fused: engine.compute() end to end with every input (int64 targets too) written into wasm memory once (engine.tensor) and outputs as views, after a 100 ms warm-up of the call; API copy: plain arrays copied in and fresh arrays out; API % kernel = API fused / fused");
  return {
    title: "Classification and structured losses (float32), Melem/s",
    notes,
    columns: ["loss", "n", "fwd", "fused", "API fused", "API copy", "torch fwd", "torch fused", "fwd x torch", "fused x torch", "API x torch", "API % kernel", "scalar fused", "SIMD x scalar"],
    rows,
  };
}
