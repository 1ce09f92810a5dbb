// A loss from the user's code in the playground page, in real Chromium under the host's CSP: the evaluator
// bundle loads on first use, the curves equal the evaluator's own sweep in Node (which equals PyTorch: the unit
// test), sliders come from the definition's defaults, kept curves, a new version with an error keeps the last
// good curve and says so, a loss whose samples interact says it is evaluated point by point. Screenshots
// (dark, light) go to test-results/playground/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createEngine } from "../../engine/api/engine";
import type { Engine } from "../../engine/api/types";
import { findUserLosses, LossSession, paramValues, sweep } from "../../engine/userloss";
import { isPageMessage, type OpenRequest, type PageMessage, type PlaygroundState, type UserLossSource } from "../../webview/protocol";
import { collectConsole, launch, redraws, root, servePlayground, waitForRedraw, type PageServer } from "./harness";
import { colourNear, countColour, cssAt, hex, type ChartLayout } from "./pixels";

const shots = join(root, "test-results", "playground");
let server: PageServer;
let browser: Browser;
let engine: Engine;

before(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser, engine] = await Promise.all([servePlayground(), launch(), createEngine()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const corpus = (file: string) => readFileSync(join(root, "test", "fixtures", "user-losses", file), "utf8");

function source(file: string, name: string, src = corpus(file), version = 1, error: UserLossSource["error"] = null): UserLossSource {
  const def = findUserLosses(src).find((d) => d.name === name);
  return { source: src, name, file, line: def?.line ?? 1, endLine: def?.span.endLine ?? 1, version, error };
}

const charbonnier = (plot: Record<string, number | number[]> = { target: 0.5 }): OpenRequest => ({
  user: { loss: source("charbonnier.py", "charbonnier_loss"), mode: "error", values: {}, pinned: [], plot, compare: ["L1Loss", "SmoothL1Loss"] },
});

async function open(request: OpenRequest, theme = "dark"): Promise<{ page: Page; console: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 820 }, deviceScaleFactor: 1 });
  const console = collectConsole(page);
  await page.goto(`${server.url}?theme=${theme}&open=${encodeURIComponent(JSON.stringify(request))}`);
  await waitForRedraw(page, 1);
  // The evaluator bundle loads, evaluates the program, then the sliders appear and the curves are drawn.
  await page.waitForFunction(() => window.lossLensPlayground.curves().length > 0, undefined, { timeout: 15_000 });
  return { page, console };
}

const pageState = (page: Page) => page.evaluate(() => window.lossLensPlayground.state());
const curves = (page: Page) => page.evaluate(() => window.lossLensPlayground.curves().map((c) => ({ loss: c.loss, x: Array.from(c.x), y: Array.from(c.y), dy: Array.from(c.dy) })));
const statusText = (page: Page) => page.evaluate(() => document.querySelector(".status")?.textContent ?? "");

async function clean(page: Page, console: string[]): Promise<void> {
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], "no CSP violation");
  assert.deepEqual(console, [], "no console error or warning");
  const sent = await page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages);
  for (const m of sent) assert.ok(isPageMessage(m), `a valid message: ${JSON.stringify(m).slice(0, 100)}`);
}

/** The same sweep in Node: the page must draw exactly the evaluator's values. */
function nodeSweep(state: PlaygroundState, xs: number[], values: Record<string, number>) {
  const user = state.user;
  assert.ok(user);
  const def = findUserLosses(user.loss.source).find((d) => d.name === user.loss.name);
  assert.ok(def);
  const session = LossSession.open(user.loss.source, def, engine);
  const others = (state.plot.others as number[] | undefined) ?? [0, 0];
  return sweep(
    session,
    { mode: user.mode, target: Number(state.plot.target ?? 0), classes: others.length + 1, trueClass: Number(state.plot.trueClass ?? 0), others },
    paramValues(def, values),
    Float64Array.from(xs),
  );
}

describe("a user loss in the playground page", () => {
  it("plots the user's Charbonnier loss beside L1 and SmoothL1, with eps as a slider, the evaluator's values at every point", async () => {
    const { page, console } = await open(charbonnier());
    const state = await pageState(page);
    assert.equal(state.user?.loss.name, "charbonnier_loss");
    const drawn = await curves(page);
    assert.deepEqual(drawn.map((c) => c.loss), ["charbonnier_loss", "L1Loss", "SmoothL1Loss"]);
    assert.equal(drawn[0].x.length, 500);
    assert.deepEqual([drawn[0].x[0], drawn[0].x.at(-1)], [-3, 3]);
    const want = nodeSweep(state, drawn[0].x, {});
    assert.equal(want.batched, true);
    drawn[0].x.forEach((x, i) => {
      assert.equal(drawn[0].y[i], want.y[i], `loss at ${x}`);
      assert.equal(drawn[0].dy[i], want.dy[i], `gradient at ${x}`);
    });
    // The slider is the definition's default, eps = 1e-3; no "point by point" note.
    assert.equal(await page.locator('input[type="range"][data-param="eps"]').inputValue(), "0.001");
    assert.equal(await statusText(page), "");
    await page.screenshot({ path: join(shots, "user-charbonnier-dark.png") });
    await clean(page, console);
    await page.close();
  });

  it("redraws as eps is dragged, keeps a curve, and copies the code as Python", async () => {
    const { page, console } = await open(charbonnier());
    const before = await redraws(page);
    await page.locator('input[type="range"][data-param="eps"]').fill("0.5");
    await waitForRedraw(page, before + 1);
    let state = await pageState(page);
    assert.equal(state.user?.values.eps, 0.5);
    let drawn = await curves(page);
    const at0 = drawn[0].x.reduce((best, x, i) => (Math.abs(x) < Math.abs(drawn[0].x[best]) ? i : best), 0);
    // sqrt(d² + eps²) at d ≈ 0 is eps.
    assert.ok(Math.abs(drawn[0].y[at0] - Math.sqrt(drawn[0].x[at0] ** 2 + 0.25)) < 1e-6, `${drawn[0].y[at0]}`);
    await page.click("#pin-curve");
    await page.waitForFunction(() => window.lossLensPlayground.curves().length === 4);
    await page.locator('input[type="range"][data-param="eps"]').fill("0.1");
    // The live curve follows (at the error nearest 0 it is about eps), the kept one stays.
    await page.waitForFunction((i) => Math.abs(window.lossLensPlayground.curves()[0].y[i] - 0.1) < 0.01, at0);
    drawn = await curves(page);
    assert.deepEqual(drawn.map((c) => c.loss), ["charbonnier_loss", "charbonnier_loss (eps=0.5)", "L1Loss", "SmoothL1Loss"]);
    state = await pageState(page);
    assert.deepEqual(state.user?.pinned, [{ eps: 0.5 }]);
    await page.click("#copy-python");
    await page.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.some((m) => m.type === "python"));
    const sent = (await page.evaluate(() => (window as unknown as { __messages: PageMessage[] }).__messages)).filter((m) => m.type === "python");
    const code = (sent.at(-1) as Extract<PageMessage, { type: "python" }>).code;
    assert.match(code, /^def charbonnier_loss\(pred: torch\.Tensor, target: torch\.Tensor, eps: float = 1e-3\) -> torch\.Tensor:$/m);
    assert.match(code, /^    loss = torch\.sqrt\(diff \* diff \+ eps \* eps\)$/m);
    assert.match(code, /^loss = charbonnier_loss\(input, target, eps=0\.1\)$/m);
    assert.match(code, /^# and with itself at: eps=0\.5$/m);
    await clean(page, console);
    await page.close();
  });

  it("while a slider moves, the drawn chart follows the values, the axis title and a theme change", async () => {
    // The charts keep their frame layer between frames of a drag: what changes must still reach the pixels.
    const { page, console } = await open(charbonnier());
    /** Pixels of the loss chart (both its layers, as shown) in exactly this colour. */
    const pixels = (h: string) => countColour(page, { figure: "#loss-figure" }, hex(h)).then((r) => r.count);
    const layers = () => page.evaluate(() => window.lossLensPlayground.chartData(1000).layers.loss);
    const slider = page.locator('input[type="range"][data-param="eps"]');
    const start = await layers();
    const values = ["0.5", "0.25", "0.3", "0.35", "0.4", "0.45"];
    for (const eps of values) {
      const before = await redraws(page);
      await slider.fill(eps);
      await waitForRedraw(page, before + 1);
      assert.match((await page.evaluate(() => window.lossLensPlayground.chartData(1000))).xTitle, new RegExp(`\\(eps=${eps}\\)`));
    }
    // Only the live curve changed: the frame layer (axes, L1, SmoothL1) was drawn once more when the live curve
    // left it, then kept; the live layer every frame.
    const end = await layers();
    assert.ok(end.live - start.live >= values.length, `live layer drawn ${end.live - start.live} times`);
    assert.ok(end.base - start.base <= 1, `frame layer drawn ${end.base - start.base} times`);
    assert.ok((await pixels("#59a4f9")) > 50, "the live curve in the dark theme's blue");
    await page.evaluate(() => {
      document.body.className = "vscode-light";
    });
    await page.waitForFunction(() => window.lossLensPlayground.palette().kind === "light");
    const before = await redraws(page);
    await slider.fill("0.125");
    await waitForRedraw(page, before + 1);
    assert.match((await page.evaluate(() => window.lossLensPlayground.chartData(1000))).xTitle, /\(eps=0\.125\)/);
    assert.equal(await pixels("#59a4f9"), 0, "no curve left in the old theme's colour");
    assert.ok((await pixels("#0063d3")) > 50, "the live curve in the light theme's blue");
    // The frame layer too (background, grid), not only the curves.
    const area = await page.evaluate(() => {
      const c = document.getElementById("loss-chart") as HTMLCanvasElement;
      return c.width * c.height;
    });
    assert.ok((await pixels("#ffffff")) > area / 2, "the light theme's background");
    assert.equal(await pixels("#1f1f1f"), 0, "no dark background left");
    // (A few anti-aliased pixels of text can be any grey: compare the counts.)
    const grid = { light: await pixels("#c8c8c8"), dark: await pixels("#454545") };
    assert.ok(grid.light > 100 && grid.light > 10 * grid.dark, `the light theme's grid: ${JSON.stringify(grid)}`);
    // The live curve is the one drawn, where its values say: at the error nearest 0 it is about eps.
    const drawn = await page.evaluate(() => window.lossLensPlayground.chartData(1));
    const near0 = drawn.loss[0].points.reduce((best, p) => (Math.abs(p[0]) < Math.abs(best[0]) ? p : best));
    assert.ok(Math.abs(near0[1] - Math.hypot(near0[0], 0.125)) < 1e-6, `${near0}`);
    const at = await colourNear(page, "#loss-figure", [cssAt(drawn.layout.loss as ChartLayout, near0[0], near0[1])], hex("#0063d3"), 1);
    assert.ok(at.hits[0], "the live curve's pixel at its value");
    await clean(page, console);
    await page.close();
  });

  it("a new version with an error keeps the last good curve and says where; the next good version replaces it", async () => {
    const { page, console } = await open(charbonnier());
    const good = await curves(page);
    const broken = corpus("charbonnier.py").replace("diff * diff + eps * eps", "diff * dif + eps * eps");
    const post = (loss: UserLossSource) => page.evaluate((l) => window.postMessage({ type: "userSource", loss: l }, "*"), loss);
    await post(source("charbonnier.py", "charbonnier_loss", broken, 2, { message: "NameError: name 'dif' is not defined", line: 9 }));
    await page.waitForFunction(() => (document.querySelector(".status")?.textContent ?? "").includes("NameError"));
    assert.match(await statusText(page), /^Line 9: NameError: name 'dif' is not defined \(the curve shows the last version that worked\)/);
    assert.deepEqual((await curves(page))[0].y, good[0].y, "the last good curve stays");
    // Fixed differently: the curve follows the new code (an L2-like loss now).
    const squared = corpus("charbonnier.py").replace("torch.sqrt(diff * diff + eps * eps)", "diff * diff + eps * eps");
    await post(source("charbonnier.py", "charbonnier_loss", squared, 3));
    await page.waitForFunction(() => (document.querySelector(".status")?.textContent ?? "") === "");
    await page.waitForFunction(() => Math.abs(window.lossLensPlayground.curves()[0].y[0] - 9) < 1e-3);
    assert.equal((await pageState(page)).user?.loss.version, 3);
    await clean(page, console);
    await page.close();
  });

  it("says when a loss cannot be batched and draws it point by point", async () => {
    const src = "import torch\n\ndef batch_scaled_l2(x, y, eps=1e-3):\n    d = x - y\n    return (d / (d.abs().max() + eps)).pow(2).mean()\n";
    const request: OpenRequest = { user: { loss: source("scaled.py", "batch_scaled_l2", src), mode: "error", values: {}, pinned: [], plot: {}, compare: [] } };
    const { page, console } = await open(request);
    assert.match(await statusText(page), /^Evaluated point by point \(slower\): samples interact in the batch/);
    const drawn = await curves(page);
    // Alone, each sample is its own maximum: (d / (|d| + eps))² is just below 1 away from 0.
    const i = drawn[0].x.findIndex((x) => x > 2);
    assert.ok(Math.abs(drawn[0].y[i] - (drawn[0].x[i] / (Math.abs(drawn[0].x[i]) + 1e-3)) ** 2) < 1e-5);
    await clean(page, console);
    await page.close();
  });

  it("plots the sigmoid focal loss over the logit with alpha and gamma as sliders, in the light theme", async () => {
    const request: OpenRequest = {
      user: { loss: source("sigmoid_focal.py", "sigmoid_focal_loss"), mode: "input", values: { gamma: 2, alpha: 0.25 }, pinned: [{ alpha: 0.25, gamma: 0 }], plot: { target: 1 }, compare: ["BCEWithLogitsLoss"] },
    };
    const { page, console } = await open(request, "light");
    const drawn = await curves(page);
    assert.deepEqual(drawn.map((c) => c.loss), ["sigmoid_focal_loss", "sigmoid_focal_loss (alpha=0.25, gamma=0)", "BCEWithLogitsLoss"]);
    assert.equal(await page.locator('input[type="range"][data-param="alpha"]').inputValue(), "0.25");
    assert.equal(await page.locator('input[type="range"][data-param="gamma"]').inputValue(), "2");
    // gamma = 0, alpha = 0.25: a quarter of BCE with logits, point for point.
    drawn[1].y.forEach((y, i) => assert.ok(Math.abs(y - 0.25 * drawn[2].y[i]) <= 1e-5 * drawn[2].y[i] + 1e-6, `at ${drawn[1].x[i]}`));
    await page.screenshot({ path: join(shots, "user-focal-light.png") });
    await clean(page, console);
    await page.close();
  });

  it("plots an nn.Module focal loss over the true class's logit beside CrossEntropyLoss: gamma = 0 is cross entropy", async () => {
    const request: OpenRequest = {
      user: { loss: source("focal_ce.py", "FocalLoss"), mode: "class", values: {}, pinned: [{ gamma: 0 }], plot: { trueClass: 1, others: [0.5, -1] }, compare: ["CrossEntropyLoss"] },
    };
    const { page, console } = await open(request);
    const state = await pageState(page);
    const drawn = await curves(page);
    assert.deepEqual(drawn.map((c) => c.loss), ["FocalLoss", "FocalLoss (gamma=0)", "CrossEntropyLoss"]);
    const want = nodeSweep(state, drawn[0].x, {});
    assert.equal(want.batched, true);
    drawn[0].x.forEach((x, i) => {
      assert.equal(drawn[0].y[i], want.y[i], `loss at ${x}`);
      assert.equal(drawn[0].dy[i], want.dy[i], `gradient at ${x}`);
    });
    // (1 - p)^0 · CE = CE: the kept curve lies on the built-in one, loss and gradient.
    drawn[1].y.forEach((y, i) => assert.ok(Math.abs(y - drawn[2].y[i]) <= 1e-5 * Math.abs(drawn[2].y[i]) + 1e-6, `CE at ${drawn[1].x[i]}`));
    drawn[1].dy.forEach((g, i) => assert.ok(Math.abs(g - drawn[2].dy[i]) <= 1e-5 * Math.abs(drawn[2].dy[i]) + 1e-6, `CE' at ${drawn[1].x[i]}`));
    assert.equal(await page.locator('input[type="range"][data-param="gamma"]').inputValue(), "2");
    await page.screenshot({ path: join(shots, "user-focal-class-dark.png") });
    await clean(page, console);
    await page.close();
  });
});
