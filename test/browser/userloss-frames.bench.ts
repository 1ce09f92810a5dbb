// Benchmark: dragging a parameter slider of a loss from the user's code, in Chromium, as a person does it (real
// pointer events on the slider's thumb). For a built-in (HuberLoss, delta, 2,000 points) and each real custom
// loss of test/fixtures/user-losses/ (its own slider, 500 points, with the built-ins it is compared with), per
// frame that showed a new value: the input-to-painted-frame latency, the frame's main-thread work, and that work
// by phase (recompute, the charts' canvas drawing, style/layout/paint/commit), p50 / p95. One JSON line per loss, then a
// table. Exit code 1 when a frame's work misses 16 ms at p95.
//   node dist/test/browser/userloss-frames.bench.js [--frames N] [--trace] [--only NAME]
//   --trace: also Chromium's own breakdown of the main thread per frame (a performance trace of the drag).
//   --profile: also the page's JavaScript functions by self time per frame (V8's sampling profiler).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dragRecords, type FrameRecord } from "./drag";
import { browserCpuSeconds, launch, percentile, rendererMainCpuSeconds, root, servePlayground, waitForRedraw } from "./harness";
import { profiled, traced } from "./trace";
import type { OpenRequest, UserSweepMode } from "../../webview/protocol";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const frames = Number(arg("--frames") ?? 300);
const tracing = process.argv.includes("--trace");
const profiling = process.argv.includes("--profile");
const only = arg("--only");

interface Case {
  label: string;
  open: OpenRequest;
  slider: string;
}

function user(file: string, name: string, mode: UserSweepMode, param: string, compare: string[], plot: Record<string, number | number[]> = {}): Case {
  const source = readFileSync(join(root, "test", "fixtures", "user-losses", file), "utf8");
  const lines = source.split("\n");
  const line = lines.findIndex((l) => new RegExp(`^(def|class) ${name}\\b`).test(l)) + 1;
  return {
    label: `${name} (${file})`,
    open: { user: { loss: { source, name, file, line, endLine: line + 1, version: 1, error: null }, mode, values: {}, pinned: [], plot, compare } },
    slider: `input[type="range"][data-param="${param}"]`,
  };
}

const cases: Case[] = [
  // A built-in: the same page, the engine alone.
  { label: "HuberLoss (built-in, 2,000 points)", open: { loss: "HuberLoss" }, slider: 'input[type="range"][data-param="delta"]' },
  user("charbonnier.py", "charbonnier_loss", "error", "eps", ["L1Loss", "SmoothL1Loss"], { target: 0.5 }),
  user("sigmoid_focal.py", "sigmoid_focal_loss", "input", "gamma", ["BCEWithLogitsLoss"], { target: 1 }),
  user("focal_ce.py", "FocalLoss", "class", "gamma", ["CrossEntropyLoss"], { trueClass: 1, others: [0.5, -1] }),
  user("label_smoothing.py", "LabelSmoothingCrossEntropyLoss", "class", "epsilon", ["CrossEntropyLoss"], { trueClass: 2, others: [1, 0, -0.5] }),
].filter((c) => !only || c.label.includes(only));

const loadAverage = () => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
const stats = (rs: FrameRecord[], k: keyof FrameRecord) => [percentile(rs.map((r) => r[k]), 50), percentile(rs.map((r) => r[k]), 95)].map((x) => Math.round(x * 10) / 10);

async function main(): Promise<void> {
  const [server, browser] = await Promise.all([servePlayground(), launch()]);
  let failed = false;
  const table: string[] = [];
  try {
    for (const c of cases) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}?theme=dark&open=${encodeURIComponent(JSON.stringify(c.open))}`);
      await waitForRedraw(page, 1);
      // The user loss's evaluator loads on first use; its sliders appear once the program is evaluated.
      const ready = await page.waitForSelector(c.slider, { timeout: 15_000 }).then(() => true, () => false);
      const setup = await page.evaluate(() => ({
        curves: window.lossLensPlayground.curves().map((k) => `${k.loss}:${k.x.length}`),
        status: document.querySelector(".status")?.textContent ?? "",
      }));
      if (!ready) {
        console.log(JSON.stringify({ section: "playground-user", loss: c.label, skipped: setup.status || "no slider (the evaluator refused the definition)" }));
        await page.close();
        continue;
      }
      // Warm up (JIT, the charts' frame layers), then the measured drag.
      await dragRecords(page, c.slider, 30);
      const load = loadAverage();
      const cpu0 = [rendererMainCpuSeconds(), browserCpuSeconds()];
      let records: FrameRecord[];
      let chromium: string | undefined;
      if (tracing) {
        const t = await traced(browser, page, () => dragRecords(page, c.slider, frames));
        records = t.result;
        const n = Math.max(1, records.length);
        const top = [...t.self].sort((a, b) => b[1] - a[1]).slice(0, 30);
        chromium = [...top.map(([k, ms]) => `${k} ${(ms / n).toFixed(2)}`), `raster threads ${(t.raster / n).toFixed(2)}`].join("; ");
      } else if (profiling) {
        const p = await profiled(page, () => dragRecords(page, c.slider, frames), 45);
        records = p.result;
        const n = Math.max(1, records.length);
        chromium = p.functions.map(([k, ms]) => `${k} ${(ms / n).toFixed(2)}`).join("; ");
      } else records = await dragRecords(page, c.slider, frames);
      // CPU per frame (unlike wall time, it barely grows when other jobs share the cores).
      const perFrame = (s: number) => Math.round((s * 1000 * 10) / Math.max(1, records.length)) / 10;
      const cpu = { rendererMain: perFrame(rendererMainCpuSeconds() - cpu0[0]), chromium: perFrame(browserCpuSeconds() - cpu0[1]) };
      const row = {
        section: "playground-user",
        loss: c.label,
        curves: setup.curves,
        moves: frames,
        frames: records.length,
        latency: stats(records, "latency"),
        work: stats(records, "work"),
        compute: stats(records, "compute"),
        chart: stats(records, "chart"),
        render: stats(records, "render"),
        cpuMsPerFrame: cpu,
        loadAverage: load,
        ...(chromium ? { chromiumMsPerFrame: chromium } : {}),
        note: setup.status,
      };
      console.log(JSON.stringify(row));
      const f = (p: number[]) => `${p[0].toFixed(1)} / ${p[1].toFixed(1)}`.padEnd(13);
      table.push(`${c.label.padEnd(52)} ${f(row.latency)} ${f(row.work)} ${f(row.compute)} ${f(row.chart)} ${f(row.render)} ${String(cpu.rendererMain).padEnd(9)} ${String(cpu.chromium).padEnd(9)} ${row.frames}`);
      if (!(row.work[1] < 16)) failed = true;
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`\n${"p50 / p95 ms".padEnd(52)} ${"input->paint".padEnd(13)} ${"frame work".padEnd(13)} ${"recompute".padEnd(13)} ${"charts".padEnd(13)} ${"style..paint".padEnd(13)} ${"main CPU".padEnd(9)} ${"all CPU".padEnd(9)} frames`);
  console.log(table.join("\n"));
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
