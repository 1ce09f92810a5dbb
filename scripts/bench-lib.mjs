// Helpers shared by the benchmark sections (scripts/bench/*.mjs): the two wasm builds, timing, PyTorch.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The PyTorch each version's timings come from (docs/environment.md): Debian's 1.13, the 2.13 CPU wheel's venv. */
export const PYTHONS = {
  "1.13": { python: "/usr/bin/python3", env: {} },
  // The engine reproduces 2.13's AVX2 kernels (engine/README.md "PyTorch versions"): time those.
  "2.13": { python: "/work/venv213/bin/python", env: { ATEN_CPU_CAPABILITY: "avx2" } },
};

/** A raw instance of an engine build with a bump allocator over its memory (byte offsets, 16-aligned). */
export async function loadBuild(file) {
  const bytes = readFileSync(join(root, file));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const k = instance.exports;
  let top = (k.heap_base() + 15) & ~15;
  const base = top;
  return {
    file,
    bytes: bytes.length,
    k,
    reset() {
      top = base;
    },
    alloc(nbytes) {
      const p = top;
      top = (top + nbytes + 15) & ~15;
      const have = k.memory.buffer.byteLength;
      if (top > have) k.memory.grow(Math.ceil((top - have) / 65536));
      return p;
    },
    f32(ptr, n) {
      return new Float32Array(k.memory.buffer, ptr, n);
    },
  };
}

/**
 * The clock every section and the PyTorch runner time with: "cpu" (the default) counts the process's CPU time, so
 * a batch during which the scheduler ran another process is not charged for it (this machine's 2 cores are
 * shared: at a load of 10 the wall clock halved PyTorch's and the engine's rates at random); "wall": elapsed time
 * (--clock wall). Both sides of a ratio use the same clock: process.cpuUsage() here (every thread of Node, GC
 * included), time.process_time() in PyTorch's runner (one thread).
 */
export const clocks = {
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  wall: () => performance.now(),
};
let clock = clocks.cpu;
export function setClock(name) {
  if (!clocks[name]) throw new Error(`--clock: one of ${Object.keys(clocks).join(", ")}`);
  clock = clocks[name];
  timeIt.clock = name;
}

/**
 * Seconds per call of fn: batches of calls sized to ~minMs / 4, best of `rounds` batches (the least disturbed
 * by other processes: shared machines make the median meaningless), on `clock`.
 * fn's result is accumulated so no engine can skip the work.
 */
export function timeIt(fn, { minMs = 60, rounds = 5 } = {}) {
  let sink = 0;
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) sink += fn();
    const dt = performance.now() - t0;
    if (dt >= minMs / 4 || reps > 1e6) break;
    reps *= 4;
  }
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = clock();
    for (let i = 0; i < reps; i++) sink += fn();
    best = Math.min(best, (clock() - t0) / reps);
  }
  timeIt.sink = sink;
  return best / 1000;
}

/** Deterministic inputs (mulberry32 + Box-Muller), so every engine and PyTorch see the same numbers. */
export function rng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/**
 * PyTorch's CPU tensors come from glibc's malloc, which maps a block of 128 KB or more fresh from the kernel and
 * trims the heap's free top: then each op pays page faults on its outputs, and which ops do depends on the
 * allocator's history. The same Dice loss measured 0.2 ms and 1.7 ms a pass at 1e5 in two runs that way. Holding
 * freed memory (up to 32 MB a block, glibc's cap) times PyTorch at its steady best in every run.
 */
const STEADY_MALLOC = "glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432";

/** A long-lived `/usr/bin/python3` with torch (one thread) answering JSON requests line by line. */
class TorchRunner {
  constructor(log, pytorch) {
    this.log = log;
    this.pytorch = pytorch;
    this.python = PYTHONS[pytorch].python;
    this.env = { ...process.env, GLIBC_TUNABLES: STEADY_MALLOC, ...PYTHONS[pytorch].env };
    this.proc = null;
    this.available = undefined;
    this.version = null;
  }

  start() {
    if (this.available !== undefined) return this.available;
    const PYTHON = this.python;
    const probe = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8", env: this.env });
    if (!probe || probe.status !== 0) {
      this.log(`note: PyTorch not available through ${PYTHON}; its columns are skipped`);
      this.available = false;
      return false;
    }
    this.version = probe.stdout.trim();
    this.proc = spawn(PYTHON, [join(root, "scripts", "bench_torch.py")], { stdio: ["pipe", "pipe", "inherit"], env: this.env });
    this.lines = createInterface({ input: this.proc.stdout });
    this.waiting = [];
    this.lines.on("line", (line) => this.waiting.shift()?.(JSON.parse(line)));
    this.available = true;
    return true;
  }

  /** Sends one request; resolves with the runner's JSON answer. */
  request(req) {
    if (!this.start()) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(JSON.stringify(req) + "\n");
    });
  }

  /**
   * Times `req.expr` in PyTorch on the same float32 inputs the engine gets: the arrays (each `length` long) go
   * through a temporary file. Resolves with the runner's rows, or null without PyTorch.
   */
  async timeOn(arrays, length, req) {
    if (!this.start()) return null;
    const file = join(tmpdir(), `loss-lens-bench-${process.pid}.f32`);
    const all = new Float32Array(length * arrays.length);
    arrays.forEach((a, i) => all.set(a, i * length));
    writeFileSync(file, Buffer.from(all.buffer));
    try {
      const answer = await this.request({ file, arrays: arrays.length, length, clock: timeIt.clock, ...req });
      return answer?.rows ?? null;
    } finally {
      rmSync(file, { force: true });
    }
  }

  close() {
    this.proc?.stdin.end();
  }
}

/**
 * The engine's TypeScript API (createEngine from engine/index.ts), bundled on the fly with esbuild so a section
 * can time engine.compute() end to end: copies in, kernel, per-element output, gradients out.
 */
async function loadEngineApi() {
  const esbuild = await import("esbuild");
  const out = join(tmpdir(), `loss-lens-bench-engine-${process.pid}.mjs`);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["engine/index.ts"],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022", // as scripts/build.mjs: esnext would decode the .wasm with Uint8Array.fromBase64 (Node 22+)
    outfile: out,
    loader: { ".wasm": "binary", ".gz": "binary" },
    logLevel: "warning",
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(out, { force: true });
  }
}

/**
 * pytorch: the version timed against, "1.13" (Debian's, the default: what the figures were taken with) or
 * "2.13" (the product's default version); the engine answers as that version. losses: row-name prefixes a section
 * keeps (all when absent), to repeat a row in isolation.
 */
export async function createContext({ sizes, log, pytorch = "1.13", losses, clock = "cpu", rounds = 1 }) {
  if (!PYTHONS[pytorch]) throw new Error(`--pytorch: one of ${Object.keys(PYTHONS).join(", ")}`);
  setClock(clock);
  const torch = new TorchRunner(log, pytorch);
  const api = await loadEngineApi();
  // The engine answers as the PyTorch it is timed against.
  const engine = await api.createEngine({ pytorch });
  return {
    engine,
    // The kernels the engine runs on this host: the relaxed-SIMD FMA build where it fuses (engine/api/wasm.ts).
    simd: await loadBuild(engine.kernelVariant === "fma" ? "build/engine-fma.wasm" : "build/engine.wasm"),
    scalar: await loadBuild("build/engine-scalar.wasm"),
    sizes: sizes ?? [1e3, 1e5, 1e6, 1e7],
    pytorch,
    /** Whether a section runs the row `name` (--loss). */
    wants: (name) => !losses || losses.some((l) => name.startsWith(l)),
    /** Whether --sizes was given (sections with their own default sizes use it only then). */
    sizesGiven: sizes !== undefined,
    /** --rounds: how many times a section that honours it measures every side, keeping each side's best. */
    rounds,
    timeApi,
    apiColumns,
    timeIt,
    rateColumns,
    rng,
    torch,
    log,
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      node: process.version,
      kernels: engine.kernelVariant,
      clock,
      // Which PyTorch the "torch" columns timed (the engine answered as the same version).
      get pytorch() {
        return { version: pytorch, torch: torch.version, python: torch.python };
      },
    },
    close: () => torch.close(),
  };
}

/**
 * The columns every engine section prints for one loss at n elements: Melem/s of the SIMD and scalar builds and
 * of PyTorch (fwd / fused, seconds per call; torch may be null when PyTorch is absent) and their ratios.
 */
export function rateColumns(name, n, simd, scalar, torch) {
  const m = (sec) => (sec ? n / sec / 1e6 : null);
  return {
    loss: name,
    n: n.toExponential(0),
    fwd: m(simd.fwd),
    fused: m(simd.fused),
    "scalar fwd": m(scalar.fwd),
    "scalar fused": m(scalar.fused),
    "torch fwd": torch && m(torch.fwd),
    "torch fused": torch && m(torch.fused),
    "fwd x torch": torch && torch.fwd / simd.fwd,
    "fused x torch": torch && torch.fused / simd.fused,
    "SIMD x scalar": scalar.fused / simd.fused,
  };
}

export function formatTable(columns, rows) {
  const cell = (v) => (v === null || v === undefined ? "-" : typeof v === "number" ? fmt(v) : String(v));
  const body = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((b) => b[i].length)));
  const line = (cells) => "| " + cells.map((s, i) => s.padStart(widths[i])).join(" | ") + " |";
  return [line(columns), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...body.map(line)].join("\n");
}

function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/**
 * engine.compute() end to end on one call, two ways: "API fused" with the inputs written into wasm memory once
 * (engine.tensor) and the outputs as views (outputs: "view"): what the engine costs over its kernel; "API copy"
 * with plain arrays in and fresh arrays out (each call copies its inputs in and its outputs out).
 * call: a LossCall with host tensors; every input is pinned for "API fused" (int64 targets too).
 * "API fused" is timed first, with viewOpts (the sections pass their PyTorch rounds): "API copy" leaves
 * garbage (fresh arrays per call) that the collector would charge to whatever runs after it.
 */
/** Wall-clock warm-up of each API row before it is timed (timeApi). */
export const API_WARMUP_MS = 100;

export function timeApi(engine, call, timeIt, opts = { minMs: 30, rounds: 2 }, viewOpts = opts) {
  const pinned = call.inputs.map((t) => engine.tensor(t.dtype, t.shape, t.data));
  let viewSec;
  try {
    const run = () => engine.compute({ ...call, inputs: pinned, outputs: "view" }).value.data[0];
    // Warm-up: a process's first thousand or so compute() calls cost 20-100 us more each (measured at n = 16 on
    // Node 20 and 24: JIT and heap warm-up, partly per loss), more than timeIt's own ramp covers at 1e5.
    for (const t0 = performance.now(); performance.now() - t0 < API_WARMUP_MS; ) run();
    viewSec = timeIt(run, viewOpts);
  } finally {
    for (const t of [...pinned].reverse()) engine.release(t);
  }
  const copySec = timeIt(() => engine.compute(call).value.data[0], opts);
  return { view: viewSec, copy: copySec };
}

/** The API columns of a loss row at n elements (kernel: seconds of the fused kernel; torch may be null). */
export function apiColumns(n, kernelFused, api, torch) {
  const m = (sec) => (sec ? n / sec / 1e6 : null);
  return {
    "API fused": m(api.view),
    "API copy": m(api.copy),
    "API % kernel": (100 * kernelFused) / api.view,
    "API x torch": torch && torch.fused / api.view,
  };
}

/** Prints a section's rows as one table per loss (rows carry `loss`), without the loss column. */
export function formatPerLoss(columns, rows) {
  const out = [];
  const names = [...new Set(rows.map((r) => r.loss))];
  for (const name of names) {
    out.push(`### ${name}\n`);
    out.push(formatTable(columns.filter((c) => c !== "loss"), rows.filter((r) => r.loss === name)) + "\n");
  }
  return out.join("\n");
}

/**
 * Bundles `exports` (lines of `export ... from "./engine/..."`, resolved in the checkout at `dir`) into one
 * CommonJS file for Node, the engine's .wasm embedded: how a bench section loads an evaluator without a build.
 */
export async function bundleForNode(dir, exports, outfile) {
  await esbuild.build({
    stdin: { contents: exports.join("\n"), resolveDir: dir, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "es2022",
    loader: { ".wasm": "binary", ".gz": "binary" },
    outfile,
    logLevel: "warning",
  });
}
