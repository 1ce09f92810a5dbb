// The playground's own canvas charts (webview/chart/) in real Chromium, read back as pixels: each curve is
// drawn where its values say (through the axes the chart reports, whose grid lines are checked at the ticks),
// crisp at a device pixel ratio of 2 and after a resize; the tooltip gives the values nearest the pointer; the
// PNG export is both charts at their canvases' size with the live curve in it; the theme's colours reach the
// pixels; a case's bars are drawn and named under the pointer.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createEngine } from "../../engine/api/engine";
import type { Engine } from "../../engine/api/types";
import { valueLabel } from "../../webview/chart/ticks";
import { nearestIndex } from "../../webview/chart/curves";
import { toWireCase, type OpenRequest, type PageMessage } from "../../webview/protocol";
import { collectConsole, launch, redraws, servePlayground, waitForRedraw, type PageServer } from "./harness";
import { colourNear, countColour, cssAt, hex, type ChartLayout, type Css } from "./pixels";

let server: PageServer;
let browser: Browser;
let engine: Engine;

before(async () => {
  [server, browser, engine] = await Promise.all([servePlayground(), launch(), createEngine()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(opts: { open?: OpenRequest; theme?: string; scale?: number; width?: number } = {}): Promise<{ page: Page; console: string[] }> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1100, height: 820 }, deviceScaleFactor: opts.scale ?? 1 });
  const console = collectConsole(page);
  const q = new URLSearchParams({ theme: opts.theme ?? "dark" });
  if (opts.open) q.set("open", JSON.stringify(opts.open));
  await page.goto(`${server.url}?${q}`);
  await waitForRedraw(page, 1);
  return { page, console };
}

const layoutOf = async (page: Page, which: "loss" | "grad") => {
  const l = await page.evaluate((w) => window.lossLensPlayground.chartData(1000).layout[w], which);
  assert.ok(l, `the ${which} chart is laid out`);
  return l as ChartLayout;
};
const curves = (page: Page) => page.evaluate(() => window.lossLensPlayground.curves().map((c) => ({ loss: c.loss, x: Array.from(c.x), y: Array.from(c.y), dy: Array.from(c.dy), error: c.error })));

/** Waits for the frame after the next one: a resize observer's redraw has happened by then. */
const settle = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/**
 * The MSE curve's own pixels: at every 40th computed point the curve's colour lies within a device pixel, and
 * at the same x on the other side of the chart's middle (far from the curve) it does not. The grid lines lie at
 * the reported ticks. Returns the backing store's size.
 */
async function expectCurveWhereValuesSay(page: Page, colour: string, grid: string) {
  const [c] = await curves(page);
  const l = await layoutOf(page, "loss");
  const on: Css[] = [];
  const off: Css[] = [];
  for (let i = 0; i < c.x.length; i += 40) {
    on.push(cssAt(l, c.x[i], c.y[i]));
    const mirrored = l.y.max + l.y.min - c.y[i];
    const away = cssAt(l, c.x[i], mirrored);
    if (Math.abs(away[1] - on[on.length - 1][1]) > 12) off.push(away);
  }
  const hit = await colourNear(page, "#loss-figure", on, hex(colour), 1);
  hit.hits.forEach((h, k) => assert.ok(h, `the curve's colour at x = ${c.x[k * 40]}, y = ${c.y[k * 40]} (${on[k].map((v) => v.toFixed(1))})`));
  assert.ok(off.length > 10, "points away from the curve to check");
  const miss = await colourNear(page, "#loss-figure", off, hex(colour), 0);
  assert.ok(miss.hits.every((h) => !h), "no curve where its values are not");
  // Grid lines at the ticks: a column just inside the top of the area (the curve stays below it) and a row just
  // right of its left edge.
  const columns = l.x.ticks.map((v): Css => [cssAt(l, v, 0)[0], l.area.top + 2]);
  const rows = l.y.ticks.filter((v) => v > l.y.min).map((v): Css => [l.area.left + 3, cssAt(l, 0, v)[1]]);
  const lines = await colourNear(page, "#loss-figure", [...columns, ...rows], hex(grid), 1);
  lines.hits.forEach((h, k) => assert.ok(h, `a grid line at tick ${k < columns.length ? `x = ${l.x.ticks[k]}` : `y = ${l.y.ticks.filter((v) => v > l.y.min)[k - columns.length]}`}`));
  return hit;
}

describe("the playground's canvas charts", () => {
  it("draws a curve's pixels where its values say, crisp at a device pixel ratio of 2, and again after a resize", async () => {
    const { page, console } = await open({ open: { loss: "MSELoss" }, scale: 2 });
    const l = await layoutOf(page, "loss");
    // Round ticks, labelled as they are: 0..10 or so for x² over [-3, 3].
    assert.deepEqual([l.x.min, l.x.max], [-3, 3]);
    assert.deepEqual(l.x.labels, l.x.ticks.map(String));
    assert.ok(l.y.min <= 0 && l.y.max >= 9 && l.y.max < 12, `y axis ${l.y.min}..${l.y.max}`);
    let size = await expectCurveWhereValuesSay(page, "#59a4f9", "#454545");
    // One backing pixel per device pixel.
    assert.equal(size.width, Math.round(size.cssWidth * 2));
    assert.equal(size.height, Math.round(size.cssHeight * 2));
    // Narrower: the canvases follow the figure and the curve is redrawn for the new width.
    await page.setViewportSize({ width: 760, height: 820 });
    await page.waitForFunction((w) => (document.getElementById("loss-chart") as HTMLCanvasElement).width < w, size.width);
    await settle(page);
    const narrower = await layoutOf(page, "loss");
    assert.ok(narrower.area.width < l.area.width - 100, `plot area ${l.area.width} -> ${narrower.area.width}`);
    size = await expectCurveWhereValuesSay(page, "#59a4f9", "#454545");
    assert.equal(size.width, Math.round(size.cssWidth * 2));
    assert.deepEqual(console, []);
    await page.close();
  });

  it("shows the values nearest the pointer in a tooltip, and hides it when the pointer leaves", async () => {
    const { page, console } = await open();
    const drawn = await curves(page);
    const l = await layoutOf(page, "loss");
    const box = await page.locator("#loss-figure").boundingBox();
    assert.ok(box);
    const [px, py] = cssAt(l, 1.234, l.y.min + (l.y.max - l.y.min) / 2);
    await page.mouse.move(box.x + px, box.y + py);
    const tip = page.locator("#loss-figure .chart-tooltip");
    await tip.waitFor({ state: "visible" });
    // The pointer's x in data units (as the chart maps pixels), then the nearest computed point of each curve.
    const at = l.x.min + ((px - l.area.left) / l.area.width) * (l.x.max - l.x.min);
    const k = nearestIndex(drawn[0].x, at);
    const lines = (await tip.innerText()).split("\n").map((s) => s.trim()).filter(Boolean);
    assert.deepEqual(lines, [`x = ${valueLabel(drawn[0].x[k])}`, ...drawn.map((c) => `${c.loss}: ${valueLabel(c.y[k])}`)]);
    assert.ok(Math.abs(drawn[0].x[k] - 1.234) < 0.01, `nearest x ${drawn[0].x[k]}`);
    // The gradient chart has its own: d/dx of MSE at that x is 2x.
    const g = await layoutOf(page, "grad");
    const gbox = await page.locator("#grad-figure").boundingBox();
    assert.ok(gbox);
    const [gx, gy] = cssAt(g, -2, 0);
    await page.mouse.move(gbox.x + gx, gbox.y + gy);
    const gtip = page.locator("#grad-figure .chart-tooltip");
    await gtip.waitFor({ state: "visible" });
    await page.waitForFunction(() => (document.querySelector("#loss-figure .chart-tooltip") as HTMLElement).hidden);
    const mse = drawn.findIndex((c) => c.loss === "MSELoss");
    const j = nearestIndex(drawn[mse].x, g.x.min + ((gx - g.area.left) / g.area.width) * (g.x.max - g.x.min));
    assert.ok((await gtip.innerText()).includes(`MSELoss: ${valueLabel(drawn[mse].dy[j])}`));
    assert.ok(Math.abs(drawn[mse].dy[j] - 2 * drawn[mse].x[j]) < 1e-5);
    await page.mouse.move(2, 2);
    await gtip.waitFor({ state: "hidden" });
    assert.deepEqual(console, []);
    await page.close();
  });

  it("exports both charts as one PNG of the canvases' size, the live curve in it and no hover marks", async () => {
    const { page, console } = await open({ open: { loss: "HuberLoss" }, scale: 2 });
    // Drag delta: the Huber curve is then on the live layer (the frame layer holds the axes), which the export
    // must include.
    const before = await redraws(page);
    await page.locator('input[type="range"][data-param="delta"]').fill("0.5");
    await waitForRedraw(page, before + 1);
    await page.locator('input[type="range"][data-param="delta"]').fill("0.6");
    await waitForRedraw(page, before + 2);
    // A hover first: the export must not carry its marks.
    const box = await page.locator("#loss-figure").boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator("#loss-figure .chart-tooltip").waitFor({ state: "visible" });
    await page.evaluate(() => window.postMessage({ type: "request", id: 3, what: "png" }, "*"));
    await page.waitForFunction(() => (window as unknown as { __messages: { id?: number }[] }).__messages.some((m) => m.id === 3));
    const png = ((await page.evaluate(() => (window as unknown as { __messages: PageMessage[] }).__messages)).find((m) => "id" in m && m.id === 3)) as Extract<PageMessage, { type: "png" }>;
    assert.ok(png.dataUrl.startsWith("data:image/png;base64,"));
    const sizes = await page.evaluate(() => ["loss-chart", "grad-chart"].map((id) => {
      const c = document.getElementById(id) as HTMLCanvasElement;
      return [c.width, c.height];
    }));
    const blue = await countColour(page, { png: png.dataUrl }, hex("#59a4f9"));
    assert.equal(blue.width, Math.max(sizes[0][0], sizes[1][0]));
    assert.equal(blue.height, sizes[0][1] + sizes[1][1], "the two charts stacked");
    // The live curve (loss and gradient, ~4 device pixels wide) is in the image.
    assert.ok(blue.count > 2000, `${blue.count} pixels of the curve's blue`);
    const background = await countColour(page, { png: png.dataUrl }, hex("#1f1f1f"));
    assert.ok(background.count > (blue.width * blue.height) / 2, "the theme's background fills the image");
    // The same image once the pointer has left: the hover's guide line and dots were not exported.
    await page.mouse.move(2, 2);
    await page.locator("#loss-figure .chart-tooltip").waitFor({ state: "hidden" });
    await page.evaluate(() => window.postMessage({ type: "request", id: 5, what: "png" }, "*"));
    await page.waitForFunction(() => (window as unknown as { __messages: { id?: number }[] }).__messages.some((m) => m.id === 5));
    const after = ((await page.evaluate(() => (window as unknown as { __messages: PageMessage[] }).__messages)).find((m) => "id" in m && m.id === 5)) as Extract<PageMessage, { type: "png" }>;
    assert.ok(after.dataUrl === png.dataUrl, "no hover marks in the export");
    // The view "loss" exports one chart.
    await page.selectOption(".toolbar select >> nth=1", "loss");
    await page.evaluate(() => window.postMessage({ type: "request", id: 4, what: "png" }, "*"));
    await page.waitForFunction(() => (window as unknown as { __messages: { id?: number }[] }).__messages.some((m) => m.id === 4));
    const one = ((await page.evaluate(() => (window as unknown as { __messages: PageMessage[] }).__messages)).find((m) => "id" in m && m.id === 4)) as Extract<PageMessage, { type: "png" }>;
    const single = await countColour(page, { png: one.dataUrl }, hex("#59a4f9"));
    assert.equal(single.height, sizes[0][1]);
    assert.deepEqual(console, []);
    await page.close();
  });

  it("follows the theme in its pixels: background, grid and curve colours, dark, light and high contrast", async () => {
    const { page, console } = await open({ open: { loss: "MSELoss" } });
    const area = await page.evaluate(() => {
      const c = document.getElementById("loss-chart") as HTMLCanvasElement;
      return c.width * c.height;
    });
    const count = (h: string) => countColour(page, { figure: "#loss-figure" }, hex(h)).then((r) => r.count);
    assert.ok((await count("#1f1f1f")) > area / 2, "Dark Modern's editor background");
    assert.ok((await count("#59a4f9")) > 300, "Dark Modern's charts.blue");
    await expectCurveWhereValuesSay(page, "#59a4f9", "#454545");
    for (const [kind, background, blue, grid] of [
      ["light", "#ffffff", "#0063d3", "#c8c8c8"],
      ["high-contrast", "#000000", "#3794ff", "#6fc3df"],
    ]) {
      await page.evaluate((k) => {
        document.body.className = `vscode-${k}`;
      }, kind);
      await page.waitForFunction((k) => window.lossLensPlayground.palette().kind === k, kind);
      await settle(page);
      assert.ok((await count(background)) > area / 2, `${kind}: the editor background`);
      // (Anti-aliased white text on black has a few pixels of every grey.)
      assert.ok((await count("#1f1f1f")) < area / 200, `${kind}: no dark background left`);
      assert.equal(await count("#59a4f9"), 0, `${kind}: no curve left in the dark theme's blue`);
      await expectCurveWhereValuesSay(page, blue, grid);
    }
    // High contrast draws 3 px lines: more of the curve's colour than the 2 px of the light theme.
    assert.equal((await page.evaluate(() => window.lossLensPlayground.palette())).lineWidth, 3);
    assert.deepEqual(console, []);
    await page.close();
  });

  it("draws a case's bars from zero, one per element, and names the element under the pointer", async () => {
    const input = { dtype: "float32" as const, shape: [4], data: Float32Array.from([0.5, -1.5, 2.5, 0.1]) };
    const target = { dtype: "float32" as const, shape: [4], data: Float32Array.from([0, 0.5, 0, 0.2]) };
    const none = engine.compute({ loss: "MSELoss", inputs: [input, target], options: { reduction: "none" } });
    const mean = engine.compute({ loss: "MSELoss", inputs: [input, target], options: { reduction: "mean" } });
    const evaluation = toWireCase({ loss: "MSELoss", target: "loss", line: 2, options: { reduction: "mean" }, value: mean.value, perElement: none.perElement, grads: { x: mean.grads[0]! }, inputs: [input, target], random: false });
    const { page, console } = await open({ open: { case: evaluation } });
    await page.waitForSelector("#case:not([hidden])");
    await settle(page);
    // Loss per element in the first series colour, the gradient in the second.
    const loss = await countColour(page, { figure: "#case figure.bars:nth-of-type(1)" }, hex("#59a4f9"));
    const grad = await countColour(page, { figure: "#case figure.bars:nth-of-type(2)" }, hex("#f14c4c"));
    assert.ok(loss.count > 100 && grad.count > 100, `bars drawn: ${loss.count}, ${grad.count}`);
    // The element under the pointer: the third bar of the loss chart (x = 2.5, loss 6.25).
    await page.locator("#case figure.bars >> nth=0").scrollIntoViewIfNeeded();
    const b = await page.locator("#case figure.bars >> nth=0").boundingBox();
    assert.ok(b);
    await page.mouse.move(b.x + b.width * 0.2, b.y + b.height / 2);
    await page.mouse.move(b.x + 0.62 * b.width, b.y + b.height / 2);
    const tip = page.locator("#case figure.bars:nth-of-type(1) .chart-tooltip");
    await tip.waitFor({ state: "visible" });
    const text = await tip.innerText();
    assert.match(text, /^element (\d+)\n/);
    const i = Number(/^element (\d+)/.exec(text)?.[1]);
    assert.ok(text.includes(`loss per element: ${valueLabel(none.perElement.data[i])}`), text);
    assert.deepEqual(console, []);
    await page.close();
  });
});
