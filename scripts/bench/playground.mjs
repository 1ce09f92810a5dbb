// The playground's redraw while a slider moves, in Chromium: 2,000 points x 4 curves (L1 / MSE / SmoothL1 /
// Huber, loss and gradient charts), one engine call per curve. Runs the built page benchmark
// (dist/test/browser/frames.bench.js, built by `node scripts/build.mjs`) and reports its percentiles.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export default async function playground(ctx) {
  const script = join(root, "dist/test/browser/frames.bench.js");
  if (!existsSync(script)) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "ignore" });
  let out;
  try {
    out = execFileSync(process.execPath, [script, "--frames", "600"], { cwd: root, encoding: "utf8" });
  } catch (e) {
    // Exit code 1 = over budget: still report the numbers.
    out = e.stdout ?? "";
    if (!out.includes('"section"')) throw e;
  }
  const r = JSON.parse(out.split("\n").find((l) => l.startsWith('{"section"')));
  ctx.log?.(`playground: frame p95 ${r.frameP95.toFixed(1)} ms, recompute+redraw p95 ${r.redrawP95.toFixed(1)} ms`);
  const ms = (x) => x.toFixed(2);
  return {
    title: "Playground: recompute + redraw while a slider moves (Chromium, headless, software rendering)",
    notes: [
      `${r.curves} curves x ${r.points} points, loss and gradient charts, ${r.frames} frames with 3 slider input events each (${r.redraws} redraws: one per frame)`,
      "compute = the engine calls (one per curve, reduction='none'); draw = both charts' canvas drawing (webview/chart/); frame = requestAnimationFrame interval",
      "target: p95 frame under 16 ms (one 60 Hz frame)",
      `Chromium's CPU time (all its processes, software raster) ${r.cpuPerFrameMs.toFixed(1)} ms per frame; machine load average ${r.loadAverage} on ${r.cores} cores during the run (wall-time percentiles grow with the load)`,
      ...(r.curveErrors.length ? [`curves not computed: ${r.curveErrors.join("; ")}`] : []),
    ],
    columns: ["measure", "p50 ms", "p95 ms"],
    rows: [
      { measure: "engine compute (4 curves)", "p50 ms": ms(r.computeP50), "p95 ms": ms(r.computeP95) },
      { measure: "chart draw (2 charts)", "p50 ms": ms(r.drawP50), "p95 ms": ms(r.drawP95) },
      { measure: "recompute + redraw", "p50 ms": "", "p95 ms": ms(r.redrawP95) },
      { measure: "frame interval", "p50 ms": ms(r.frameP50), "p95 ms": ms(r.frameP95) },
      { measure: "Chromium CPU per frame (mean)", "p50 ms": ms(r.cpuPerFrameMs), "p95 ms": "" },
    ],
  };
}
