// Users' own losses through the Python-subset evaluator (its element-wise ops, reductions and autograd, not the
// loss kernels), against PyTorch running the same source on the same float32 inputs: a focal loss, a
// label-smoothing cross entropy and a Dice loss, taken from public code (the files below cite their sources).
// "fwd" = the loss expression without gradients; "fused" = `x0.grad = None` then `<expr>.backward()` (x0 a leaf).
// BENCH_BASELINE=<checkout with build/engine.wasm.gz> adds the same timings for that tree's evaluator ("before"),
// measured in the same run, e.g. a `git worktree add` of main.
import { readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForNode } from "../bench-lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A public loss's source: the file up to its usage / driver lines (which are ours, not the loss's). */
function lossSource(file, cut) {
  const text = readFileSync(join(root, file), "utf8");
  const at = text.indexOf(cut);
  return at < 0 ? text : text.slice(0, at);
}

// expr: the call both sides time; prep: Python statements run once per size (not timed) making targets from x1.
const LOSSES = [
  {
    name: "sigmoid focal loss (fvcore)",
    file: "test/fixtures/user-losses/sigmoid_focal.py",
    cut: "# usage",
    prep: { t: "(x1 > 0).float()" },
    expr: 'sigmoid_focal_loss(x0, t, alpha=0.25, reduction="mean")',
  },
  {
    name: "label-smoothing CE, 10 classes (PyTorchTips)",
    file: "test/fixtures/user-losses/label_smoothing.py",
    cut: "# usage",
    extra: "criterion = LabelSmoothingCrossEntropyLoss(epsilon=0.1)\n",
    prep: { t: "(x1[:n // 10].abs() * 4).long().clamp(max=9)" },
    expr: "criterion(x0.view(-1, 10), t)",
  },
  {
    name: "Dice loss, 8 images (MyLIDC)",
    file: "test/corpus/programs/gh_mylidc_dice.py",
    cut: "# Driver",
    prep: { t: "(x1 > 0).float().view(8, 1, -1)" },
    expr: "DiceLoss()(x0.view(8, 1, -1), t)",
  },
];

/** The evaluator of the checkout at `dir`, bundled on the fly (its engine's .wasm embedded). */
async function loadEvaluator(dir, tag) {
  const out = join(tmpdir(), `loss-lens-bench-eval-${tag}-${process.pid}.cjs`);
  await bundleForNode(
    dir,
    [
      'export { Interpreter } from "./engine/python/interp";',
      'export { parse } from "./engine/python/parser";',
      'export { fromArray } from "./engine/python/tensor";',
      'export { createEngine } from "./engine/api/engine";',
    ],
    out,
  );
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(out, { force: true });
  }
}

/**
 * An evaluator session for one loss (the loss's source run once): `setUp(n)` binds x0 / x1 and the prep for n and
 * returns the parsed fwd and fused statements with `exec` running them against its globals.
 */
async function evaluatorSession(E, loss, host) {
  const engine = await E.createEngine({ pytorch: "1.13" });
  const interp = new E.Interpreter(engine, { maxSteps: 1e15 });
  // Statements run as the interpreter runs them, without its per-statement result recording (which would keep
  // each run's tensors and take the gradients of the built-in losses inside once more).
  const exec = (body, x0) => {
    interp.globals.set("x0", x0);
    for (const s of body) interp.exec(s);
    return 0;
  };
  const run = (src) => {
    const parsed = E.parse(src);
    if (parsed.errors.length) throw new Error(`${loss.name}: ${parsed.errors[0].text()}`);
    interp.runEach(parsed.body);
    const bad = interp.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning");
    if (bad.length) throw new Error(`${loss.name}: line ${bad[0].line}: ${bad[0].message}\n${src}`);
    return parsed.body;
  };
  interp.run(E.parse("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n").body);
  // The first large tensor makes the Interpreter's resident heap: now, so that kernelTimer's hook sees it made.
  run("torch.zeros(1 << 16)\n");
  run(lossSource(loss.file, loss.cut) + (loss.extra ?? ""));
  return (n) => {
    const x0 = E.fromArray("float32", [n], host[0].subarray(0, n));
    const leaf = E.fromArray("float32", [n], host[0].subarray(0, n));
    leaf.requiresGrad = true;
    interp.globals.set("x0", x0);
    interp.globals.set("x1", E.fromArray("float32", [n], host[1].subarray(0, n)));
    run(`n = ${n}\n` + Object.entries(loss.prep).map(([k, v]) => `${k} = ${v}\n`).join(""));
    const fwd = run(`value = ${loss.expr}\n`);
    interp.globals.set("x0", leaf);
    const fused = run(`x0.grad = None\n${loss.expr}.backward()\n`);
    // Warm up the JIT on both statements first: the evaluator's first calls run in V8's baseline tiers, and its
    // optimising compiles, on a thread of their own, take the timed core's time too under a CPU clock or taskset.
    // 30 passes left Dice at 1e5 three times slower than 2,000 (0.8 against 0.22 ms a fused pass).
    for (let i = 0, t0 = performance.now(); i < 2000 && performance.now() - t0 < 2000; i++) {
      exec(fwd, x0);
      exec(fused, leaf);
    }
    return { fwd: () => exec(fwd, x0), fused: () => exec(fused, leaf) };
  };
}

/** Seconds per call of the loss's fwd and fused statements, timed as every bench column is. */
async function evaluatorTimer(ev, ctx, loss, host) {
  const setUp = await evaluatorSession(ev.default ?? ev, loss, host);
  return (n) => {
    const { fwd, fused } = setUp(n);
    return { fwd: ctx.timeIt(fwd, { minMs: 40, rounds: 5 }), fused: ctx.timeIt(fused, { minMs: 40, rounds: 5 }) };
  };
}

/**
 * Seconds per fused call spent inside the engine's WebAssembly (every kernel call timed, in an engine of its own
 * whose exports are wrapped: the timed runs never pay for the wrapping); best of 5 batches, as timeIt. The floor
 * the evaluator's own work (copies, allocation, dispatch, autograd) sits on.
 */
async function kernelTimer(ev, loss, host) {
  const E = ev.default ?? ev;
  let inWasm = 0;
  const timed = (instanceExports) => {
    const exports = {};
    for (const [name, value] of Object.entries(instanceExports)) {
      exports[name] =
        typeof value !== "function"
          ? value
          : (...a) => {
              const t0 = performance.now();
              try {
                return value(...a);
              } finally {
                inWasm += performance.now() - t0;
              }
            };
    }
    return exports;
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const made = await instantiate(...args);
    const exports = timed((made.instance ?? made).exports);
    return made.instance ? { module: made.module, instance: { exports } } : { exports };
  };
  // The evaluator's resident heap is a second instance, made synchronously during the session's set-up: its
  // kernels are timed too. The hooks are gone before any timed session runs; `ev` is a bundle of its own, so the
  // engine this session installs in the evaluator's module state (kernels, heap) is not the timed sessions'.
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    return { exports: timed(new Instance(module, imports).exports) };
  };
  let setUp;
  try {
    setUp = await evaluatorSession(E, loss, host);
  } finally {
    WebAssembly.instantiate = instantiate;
    WebAssembly.Instance = Instance;
  }
  return (n) => {
    const { fused } = setUp(n);
    const reps = Math.max(3, Math.ceil(2e6 / n));
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      inWasm = 0;
      for (let i = 0; i < reps; i++) fused();
      best = Math.min(best, inWasm / reps);
    }
    return best / 1000;
  };
}

export default async function customLosses(ctx) {
  const sizes = ctx.sizesGiven ? ctx.sizes : [1e4, 1e5, 1e6];
  const nmax = Math.max(...sizes);
  const notes = [];
  const haveTorch = ctx.torch.start();
  const baselineDir = process.env.BENCH_BASELINE;
  const trees = [{ tag: "now", ev: await loadEvaluator(root, "now") }];
  if (baselineDir) trees.push({ tag: "before", ev: await loadEvaluator(baselineDir, "before") });
  // The same tree bundled again: the evaluator keeps its engine in module state, which the kernel timer's wrapped
  // engine would otherwise take over for the timed sessions.
  const kernelTree = await loadEvaluator(root, "kernels");
  const rows = [];
  for (const loss of LOSSES.filter((l) => ctx.wants(l.name))) {
    ctx.log(`bench: ${loss.name}`);
    const r = ctx.rng(11);
    const host = [0, 1].map(() => Float32Array.from({ length: nmax }, () => r.normal()));
    const timers = [];
    for (const tree of trees) timers.push(await evaluatorTimer(tree.ev, ctx, loss, host));
    // Each round measures PyTorch and every tree in turn; each side keeps its best (fewest seconds) per size.
    const best = new Map();
    const keep = (key, r) => {
      const was = best.get(key);
      best.set(key, was ? { fwd: Math.min(was.fwd, r.fwd), fused: Math.min(was.fused, r.fused) } : r);
    };
    for (let round = 0; round < ctx.rounds; round++) {
      if (haveTorch) {
        const torch = await ctx.torch.timeOn(host, nmax, { sizes, setup: lossSource(loss.file, loss.cut) + (loss.extra ?? ""), prep: loss.prep, expr: loss.expr, minMs: 40, rounds: 5 });
        for (const row of torch ?? []) keep(`torch ${row.n}`, row);
      }
      for (const n of sizes) timers.forEach((time, i) => keep(`${i} ${n}`, time(n)));
    }
    const kernels = await kernelTimer(kernelTree, loss, host);
    for (const n of sizes) {
      const m = (sec) => (sec ? n / sec / 1e6 : null);
      const t = best.get(`torch ${n}`) ?? null;
      const [now, before] = timers.map((_, i) => best.get(`${i} ${n}`));
      const kernelSec = kernels(n);
      rows.push({
        loss: loss.name,
        n: n.toExponential(0),
        "eval fwd": m(now.fwd),
        "eval fused": m(now.fused),
        "torch fwd": t && m(t.fwd),
        "torch fused": t && m(t.fused),
        "fwd x torch": t && t.fwd / now.fwd,
        "fused x torch": t && t.fused / now.fused,
        "kernels x torch": t && t.fused / kernelSec,
        ...(before ? { "before fused": m(before.fused), "before x torch": t && t.fused / before.fused, "fused x before": before.fused / now.fused } : {}),
      });
    }
  }
  notes.push(
    haveTorch
      ? `PyTorch ${ctx.torch.version} CPU (/usr/bin/python3), torch.set_num_threads(1), running the same loss source on the same float32 inputs; the evaluator answers as 1.13`
      : "PyTorch columns skipped: /usr/bin/python3 with torch not found",
  );
  notes.push(`Melem/s of x0 (the logits); fwd = the loss expression, fused = forward + backward to x0 (x0.grad reset each time); best of 5 batches${ctx.rounds > 1 ? `, and of ${ctx.rounds} rounds measuring every side in turn` : ""}`);
  notes.push("kernels x torch = PyTorch's fused time over the evaluator's fused time spent inside its wasm kernels alone (each kernel call timed, in an engine of its own): the ratio the evaluator would reach if everything around the kernels cost nothing");
  if (baselineDir) notes.push(`before = the evaluator of ${baselineDir}, measured in this run`);
  notes.push(`load average: ${loadavg().map((x) => x.toFixed(1)).join(" / ")} on ${ctx.machine.cores} cores (timings scale with it)`);
  const columns = ["loss", "n", "eval fwd", "eval fused", "torch fwd", "torch fused", "fwd x torch", "fused x torch", "kernels x torch"];
  if (baselineDir) columns.push("before fused", "before x torch", "fused x before");
  return { title: "Users' own losses through the evaluator (forward + backward) against PyTorch", notes, columns, rows };
}
