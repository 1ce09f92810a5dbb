// Benchmark: dragging a parameter slider of a loss from the user's code, in Chromium. For a built-in (HuberLoss,
// delta; the same 500-point grid) and each real custom loss of test/fixtures/user-losses/ (its own slider),
// the page's recompute + redraw per frame and the frame interval, p50 / p95. One JSON line per loss.
//   node dist/test/browser/userloss-frames.bench.js [--frames N]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dragSlider, launch, percentile, root, servePlayground, waitForRedraw } from "./harness";
import type { OpenRequest, UserSweepMode } from "../../webview/protocol";

const framesArg = process.argv.indexOf("--frames");
const frames = framesArg > 0 ? Number(process.argv[framesArg + 1]) : 300;

interface Case {
  label: string;
  open: OpenRequest;
  slider: string;
  values: number[];
}

const sweep = (lo: number, hi: number, n = 40) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

function user(file: string, name: string, mode: UserSweepMode, param: string, values: number[], compare: string[], plot: Record<string, number | number[]> = {}): Case {
  const source = readFileSync(join(root, "test", "fixtures", "user-losses", file), "utf8");
  const lines = source.split("\n");
  const line = lines.findIndex((l) => new RegExp(`^(def|class) ${name}\\b`).test(l)) + 1;
  return {
    label: `${name} (${file})`,
    open: { user: { loss: { source, name, file, line, endLine: line + 1, version: 1, error: null }, mode, values: {}, pinned: [], plot, compare } },
    slider: `input[type="range"][data-param="${param}"]`,
    values,
  };
}

const cases: Case[] = [
  // A built-in on the user plot's grid: the same page, the engine alone.
  { label: "HuberLoss (built-in, 2,000 points)", open: { loss: "HuberLoss" }, slider: 'input[type="range"][data-param="delta"]', values: sweep(0.05, 3) },
  user("charbonnier.py", "charbonnier_loss", "error", "eps", sweep(0.001, 1), ["L1Loss", "SmoothL1Loss"], { target: 0.5 }),
  user("sigmoid_focal.py", "sigmoid_focal_loss", "input", "gamma", sweep(0, 8), ["BCEWithLogitsLoss"], { target: 1 }),
  user("focal_ce.py", "FocalLoss", "class", "gamma", sweep(0, 8), ["CrossEntropyLoss"], { trueClass: 1, others: [0.5, -1] }),
  user("label_smoothing.py", "LabelSmoothingCrossEntropyLoss", "class", "epsilon", sweep(0, 1), ["CrossEntropyLoss"], { trueClass: 2, others: [1, 0, -0.5] }),
];

async function main(): Promise<void> {
  const [server, browser] = await Promise.all([servePlayground(), launch()]);
  let failed = false;
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
      const r = await dragSlider(page, c.slider, c.values, frames);
      const work = r.computeMs.map((x, i) => x + (r.drawMs[i] ?? 0));
      const row = {
        section: "playground-user",
        loss: c.label,
        curves: setup.curves,
        frames,
        redraws: r.redraws,
        computeP50: percentile(r.computeMs, 50),
        computeP95: percentile(r.computeMs, 95),
        redrawP50: percentile(work, 50),
        redrawP95: percentile(work, 95),
        frameP50: percentile(r.intervals, 50),
        frameP95: percentile(r.intervals, 95),
        note: setup.status,
      };
      console.log(JSON.stringify(row));
      if (!(row.redrawP95 < 16)) failed = true;
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
