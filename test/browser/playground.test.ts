// The playground page in real Chromium, served as a webview would serve it (same HTML and CSP as the host).
// Curves are checked against the engine running here in Node; screenshots go to test-results/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createEngine } from "../../engine/api/engine";
import type { Engine } from "../../engine/api/types";
import { catalog, getLoss } from "../../engine/catalog";
import { buildCurveCall } from "../../webview/axes";
import { expectedKernels } from "../host-fma";
import { isPageMessage, toWireCase, type OpenRequest, type PageMessage, type PlaygroundState } from "../../webview/protocol";
import { paramValues } from "../../webview/state";
import { collectConsole, launch, redraws, root, servePlayground, waitForRedraw, type PageServer } from "./harness";

const shots = join(root, "test-results", "playground");

let server: PageServer;
let browser: Browser;
let engine: Engine;

before(async () => {
  mkdirSync(join(shots, "losses"), { recursive: true });
  [server, browser, engine] = await Promise.all([servePlayground(), launch(), createEngine()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened {
  page: Page;
  console: string[];
}

async function open(opts: { theme?: string; open?: OpenRequest; width?: number; lang?: string; pytorch?: string } = {}): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1100, height: 820 }, deviceScaleFactor: 1 });
  const console = collectConsole(page);
  const q = new URLSearchParams({ theme: opts.theme ?? "dark" });
  if (opts.open) q.set("open", JSON.stringify(opts.open));
  if (opts.lang) q.set("lang", opts.lang);
  if (opts.pytorch) q.set("pytorch", opts.pytorch);
  await page.goto(`${server.url}?${q}`);
  await waitForRedraw(page, 1);
  return { page, console };
}

const messages = (page: Page) => page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages);
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
const pageState = (page: Page) => page.evaluate(() => window.lossLensPlayground.state());
const chartData = (page: Page, every = 1) => page.evaluate((e) => window.lossLensPlayground.chartData(e), every);

async function lastMessage(page: Page, type: string): Promise<PageMessage> {
  await page.waitForFunction((t) => (window as unknown as { __messages: { type: string }[] }).__messages.some((m) => m.type === t), type);
  const all = (await messages(page)) as PageMessage[];
  return all.filter((m) => m.type === type).at(-1) as PageMessage;
}

async function clean(o: Opened): Promise<void> {
  assert.deepEqual(await cspViolations(o.page), [], "no CSP violation");
  assert.deepEqual(o.console, [], "no console error or warning");
  for (const m of await messages(o.page)) assert.ok(isPageMessage(m), `the page sent a valid message: ${JSON.stringify(m).slice(0, 120)}`);
}

/** The engine in Node at the chart's sampled x values (a fresh call per point set: batch position must not matter). */
function expectCurveMatchesEngine(state: PlaygroundState, name: string, pts: number[][], which: "loss" | "grad", pytorch?: "2.13" | "1.13"): void {
  const record = getLoss(name);
  assert.ok(record);
  const xs = Float64Array.from(pts.map((p) => p[0]));
  const { call, dx } = buildCurveCall(record, paramValues(state, record), state.plot, xs);
  const result = engine.compute({ ...call, pytorch });
  const want = which === "loss" ? Array.from(result.perElement.data) : Array.from(dx(result));
  pts.forEach(([x, y], i) => {
    const w = want[i];
    if (!Number.isFinite(w)) return assert.ok(Number.isNaN(y), `${name} ${which} at ${x}: a gap where the engine gives ${w}`);
    assert.ok(Math.abs(y - w) <= 1e-5 * Math.abs(w) + 1e-6, `${name} ${which} at x=${x}: chart ${y}, engine ${w}`);
  });
}

describe("playground page in Chromium", () => {
  it("loads under the host's CSP, sends ready and its state, draws the four regression losses", async () => {
    const o = await open();
    const { page } = o;
    const state = await pageState(page);
    assert.deepEqual(state.losses, ["L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss"]);
    const sent = (await messages(page)) as PageMessage[];
    assert.equal(sent[0]?.type, "ready");
    await lastMessage(page, "state");
    const data = await chartData(page);
    assert.deepEqual(data.loss.map((d) => d.label), state.losses);
    // The page's engine build: Chromium ships relaxed SIMD from 114.
    const kernels = await page.evaluate(() => window.lossLensPlayground.kernels());
    const expected = expectedKernels(Number(/^(\d+)\./.exec(browser.version())?.[1]) >= 114);
    console.log(`BENCH playground page: Chromium ${browser.version()}, engine build: ${kernels}`);
    if (expected) assert.equal(kernels, expected);
    else assert.ok(kernels === "fma" || kernels === "emulated", String(kernels));
    const curves = await page.evaluate(() => window.lossLensPlayground.curves().map((c) => ({ error: c.error, n: c.x.length })));
    for (const [i, name] of state.losses.entries()) {
      assert.equal(curves[i].n, 2000, `${name}: 2,000 computed points`);
      assert.equal(curves[i].error, null, `${name}: ${curves[i].error}`);
      // Drawn: the extremes of every two-pixel bucket, both ends included.
      for (const d of [data.loss[i], data.grad[i]]) {
        assert.ok(d.points.length > 200 && d.points.length < 2000, `${name}: ${d.points.length} drawn points`);
        assert.deepEqual([d.points[0][0], d.points.at(-1)?.[0]], [-3, 3]);
      }
    }
    await page.screenshot({ path: join(shots, "overlay-dark.png") });
    await clean(o);
    await page.close();
  });

  it("draws the engine's values at sampled points, loss and gradient (and PyTorch's closed forms for L1/MSE)", async () => {
    const o = await open();
    const { page } = o;
    const state = await pageState(page);
    const data = await chartData(page, 13);
    const curves = await page.evaluate(() => window.lossLensPlayground.curves().map((c) => ({ loss: c.loss, error: c.error })));
    for (const [i, name] of state.losses.entries()) {
      if (curves[i].error?.includes("cannot compute")) continue; // engine-class not merged yet for this loss
      expectCurveMatchesEngine(state, name, data.loss[i].points, "loss");
      expectCurveMatchesEngine(state, name, data.grad[i].points, "grad");
    }
    // Independent of the engine: MSE(x, 0) = x², d/dx = 2x; L1 = |x|, d/dx = sign(x).
    const f32 = (v: number) => Math.fround(v);
    const mse = state.losses.indexOf("MSELoss");
    for (const [x, y] of data.loss[mse].points) assert.ok(Math.abs(y - f32(x) ** 2) <= 1e-5 * f32(x) ** 2 + 1e-6, `MSE at ${x}`);
    for (const [x, y] of data.grad[mse].points) assert.ok(Math.abs(y - 2 * f32(x)) <= 1e-5 * Math.abs(2 * x) + 1e-6, `MSE' at ${x}`);
    const l1 = state.losses.indexOf("L1Loss");
    if (!curves[l1].error) {
      for (const [x, y] of data.loss[l1].points) assert.ok(Math.abs(y - Math.abs(f32(x))) <= 1e-6, `L1 at ${x}`);
      for (const [x, y] of data.grad[l1].points) assert.equal(y, Math.sign(f32(x)), `L1' at ${x}`);
    }
    await clean(o);
    await page.close();
  });

  it("redraws live while a parameter slider moves, by mouse value or keyboard", async () => {
    const o = await open({ open: { loss: "HuberLoss" } });
    const { page } = o;
    assert.deepEqual((await pageState(page)).losses, ["HuberLoss"]);
    const before = await redraws(page);
    const slider = page.locator('input[type="range"][data-param="delta"]');
    await slider.fill("0.5");
    await waitForRedraw(page, before + 1);
    let state = await pageState(page);
    assert.equal(state.params.HuberLoss?.delta, 0.5);
    const curves = await page.evaluate(() => window.lossLensPlayground.curves().map((c) => c.error));
    if (!curves[0]) expectCurveMatchesEngine(state, "HuberLoss", (await chartData(page, 11)).loss[0].points, "loss");
    // Keyboard: focus the slider, arrow right = one step (0.05).
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await waitForRedraw(page, (await redraws(page)) + 0);
    await page.waitForFunction(() => window.lossLensPlayground.state().params.HuberLoss?.delta === 0.55);
    state = await pageState(page);
    assert.equal(state.params.HuberLoss?.delta, 0.55);
    // The copy-as-Python button writes the constructor with the changed value only.
    await page.locator("#copy-python").click();
    const py = await lastMessage(page, "python");
    assert.equal(py.type === "python" && py.code, "nn.HuberLoss(delta=0.55)");
    await page.screenshot({ path: join(shots, "single-huber-dark.png") });
    await clean(o);
    await page.close();
  });

  it("follows the theme: chart colours change when the body class changes (light, dark, high contrast)", async () => {
    const o = await open({ theme: "dark" });
    const { page } = o;
    const dark = await chartData(page, 1000);
    await page.evaluate(() => {
      document.body.className = "vscode-light";
    });
    await page.waitForFunction(() => window.lossLensPlayground.palette().kind === "light");
    const light = await chartData(page, 1000);
    assert.notEqual(light.loss[0].colour, dark.loss[0].colour);
    assert.equal(light.loss[0].colour, "#0063d3");
    assert.equal(dark.loss[0].colour, "#59a4f9");
    // The Modern themes' translucent charts.orange, drawn opaque.
    assert.equal(light.loss[3].colour, "rgb(234, 92, 0)");
    await page.screenshot({ path: join(shots, "overlay-light.png") });
    await page.evaluate(() => {
      document.body.className = "vscode-high-contrast";
    });
    await page.waitForFunction(() => window.lossLensPlayground.palette().kind === "high-contrast");
    assert.equal((await page.evaluate(() => window.lossLensPlayground.palette())).lineWidth, 3);
    await page.screenshot({ path: join(shots, "overlay-high-contrast.png") });
    await clean(o);
    await page.close();
  });

  it("exports a PNG on the button and on the host's request, and answers requests by id", async () => {
    const o = await open();
    const { page } = o;
    await page.locator("#export-png").click();
    const png = await lastMessage(page, "png");
    assert.ok(png.type === "png" && png.dataUrl.startsWith("data:image/png;base64,"));
    assert.equal(png.type === "png" && png.id, undefined);
    const bytes = Buffer.from((png as { dataUrl: string }).dataUrl.split(",")[1], "base64");
    assert.equal(bytes.subarray(1, 4).toString(), "PNG");
    assert.ok(bytes.readUInt32BE(16) > 100 && bytes.readUInt32BE(20) > 100, "a chart-sized image");
    await page.evaluate(() => window.postMessage({ type: "request", id: 7, what: "png" }, "*"));
    await page.waitForFunction(() => (window as unknown as { __messages: { id?: number }[] }).__messages.some((m) => m.id === 7));
    await page.evaluate(() => window.postMessage({ type: "request", id: 8, what: "state" }, "*"));
    await page.waitForFunction(() => (window as unknown as { __messages: { id?: number }[] }).__messages.some((m) => m.id === 8));
    const answer = ((await messages(page)) as PageMessage[]).find((m) => "id" in m && m.id === 8);
    assert.equal(answer?.type, "state");
    await clean(o);
    await page.close();
  });

  it("rejects and logs a message that is not in the protocol", async () => {
    const o = await open();
    const { page } = o;
    await page.evaluate(() => window.postMessage({ type: "request", id: -1, what: "secrets" }, "*"));
    await page.evaluate(() => window.postMessage({ type: "open", open: { loss: "<img src=x>" } }, "*"));
    await page.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.filter((m) => m.type === "log").length >= 2);
    const logs = ((await messages(page)) as PageMessage[]).filter((m) => m.type === "log");
    assert.ok(logs.every((m) => m.type === "log" && m.level === "warn" && m.message.includes("rejected")));
    assert.deepEqual((await pageState(page)).losses, ["L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss"]);
    o.console.length = 0; // the page warns on its console on purpose here
    await clean(o);
    await page.close();
  });

  it("shows a computed case: per-element bars and the elements marked on the curve", async () => {
    const input = { dtype: "float32" as const, shape: [4], data: Float32Array.from([0.5, -1.5, 2.5, 0.1]) };
    const target = { dtype: "float32" as const, shape: [4], data: Float32Array.from([0, 0.5, 0, 0.2]) };
    const result = engine.compute({ loss: "MSELoss", inputs: [input, target], options: { reduction: "mean" } });
    const perElement = engine.compute({ loss: "MSELoss", inputs: [input, target], options: { reduction: "none" } }).perElement;
    const evaluation = toWireCase({
      loss: "MSELoss",
      target: "loss",
      line: 6,
      options: { reduction: "mean" },
      value: result.value,
      perElement,
      grads: { x: result.grads[0]! },
      inputs: [input, target],
      random: false,
    });
    const o = await open({ open: { case: evaluation }, theme: "light" });
    const { page } = o;
    await page.waitForSelector("#case:not([hidden])");
    const data = await chartData(page);
    const marks = data.loss.find((d) => d.scatter);
    assert.ok(marks, "the case's elements are marked");
    assert.deepEqual(
      marks.points.map((p) => p[0]),
      [0.5, -2, 2.5, -0.1].map((v, i) => Math.fround(input.data[i]) - Math.fround(target.data[i]) || v),
    );
    marks.points.forEach(([, y], i) => assert.ok(Math.abs(y - perElement.data[i]) < 1e-7));
    const gradMarks = data.grad.find((d) => d.scatter);
    assert.ok(gradMarks);
    gradMarks.points.forEach(([x, y]) => assert.ok(Math.abs(y - 2 * x) < 1e-5, `d/dx at ${x}`));
    assert.match(await page.locator("#case h2").innerText(), /Line 6: loss = /);
    await page.screenshot({ path: join(shots, "case-light.png"), fullPage: true });
    await page.evaluate(() => {
      document.body.className = "vscode-dark";
    });
    await page.waitForFunction(() => window.lossLensPlayground.palette().kind === "dark");
    await page.screenshot({ path: join(shots, "case-dark.png"), fullPage: true });
    await clean(o);
    await page.close();
  });

  it("plots every loss of the catalog the engine computes, with finite loss and gradient", async () => {
    const o = await open();
    const { page } = o;
    const skipped: string[] = [];
    for (const record of catalog) {
      const before = await redraws(page);
      await page.evaluate((loss) => window.postMessage({ type: "open", open: { loss } }, "*"), record.className);
      await waitForRedraw(page, before + 1);
      const [c] = await page.evaluate(() =>
        window.lossLensPlayground.curves().map((k) => {
          // The gradient curve must be the loss curve's slope: central differences, away from kinks.
          let agree = 0;
          let compared = 0;
          for (let i = 1; i + 1 < k.x.length; i++) {
            const fd = (k.y[i + 1] - k.y[i - 1]) / (k.x[i + 1] - k.x[i - 1]);
            if (!Number.isFinite(fd) || !Number.isFinite(k.dy[i])) continue;
            compared++;
            if (Math.abs(fd - k.dy[i]) <= 0.02 * Math.max(1, Math.abs(k.dy[i]))) agree++;
          }
          return {
            error: k.error,
            finite: Array.from(k.y).filter(Number.isFinite).length,
            finiteGrad: Array.from(k.dy).filter(Number.isFinite).length,
            slopeAgreement: compared ? agree / compared : 0,
          };
        }),
      );
      if (c.error?.includes("cannot compute")) {
        skipped.push(record.className);
        continue;
      }
      await page.screenshot({ path: join(shots, "losses", `${record.className}.png`) });
      assert.equal(c.error, null, `${record.className}: ${c.error}`);
      assert.ok(c.finite > 1900, `${record.className}: ${c.finite} finite loss points`);
      assert.ok(c.finiteGrad > 1900, `${record.className}: ${c.finiteGrad} finite gradient points`);
      assert.ok(c.slopeAgreement > 0.97, `${record.className}: the gradient is the loss's slope at ${(c.slopeAgreement * 100).toFixed(1)}% of points`);
    }
    if (skipped.length) console.log(`not yet in the engine: ${skipped.join(", ")}`);
    await clean(o);
    await page.close();
  });

  it("stays usable at a narrow width (controls below the chart, nothing wider than the view)", async () => {
    const o = await open({ width: 420, open: { loss: "SmoothL1Loss" } });
    const { page } = o;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
    const chart = await page.locator("#loss-chart").boundingBox();
    const controls = await page.locator(".controls").boundingBox();
    assert.ok(chart && controls && controls.y >= chart.y + chart.height - 1, "controls stack under the charts");
    await page.screenshot({ path: join(shots, "narrow-dark.png"), fullPage: true });
    await clean(o);
    await page.close();
  });

  it("opens nn.LinearCrossEntropyLoss as CrossEntropyLoss's curve, labelled so, in each language; picking another loss drops the label", async () => {
    for (const [lang, label] of [["en", /nn\.LinearCrossEntropyLoss \(PyTorch 2\.x\) is drawn as CrossEntropyLoss/], ["zh-cn", /nn\.LinearCrossEntropyLoss（PyTorch 2\.x）按 CrossEntropyLoss 绘制/]] as const) {
      const o = await open({ lang, open: { loss: "LinearCrossEntropyLoss" } });
      const { page } = o;
      await page.waitForSelector("#drawn-as");
      assert.match(await page.locator("#drawn-as").innerText(), label);
      assert.deepEqual(await page.evaluate(() => window.lossLensPlayground.curves().map((c) => c.loss)), ["CrossEntropyLoss"]);
      const options = await page.locator("select >> nth=0").locator("option").allInnerTexts();
      assert.ok(!options.includes("LinearCrossEntropyLoss") && options.includes("CrossEntropyLoss"), "not offered in the picker");
      await page.screenshot({ path: join(shots, `linear-cross-entropy-${lang}.png`) });
      if (lang === "en") {
        await page.locator("select >> nth=0").selectOption("NLLLoss");
        await page.waitForSelector("#drawn-as", { state: "detached" });
      }
      await clean(o);
      await page.close();
    }
  });

  it("speaks the UI language: Simplified Chinese labels and the catalog's Chinese axis text", async () => {
    const o = await open({ lang: "zh-cn", open: { loss: "CrossEntropyLoss" } });
    const { page } = o;
    await page.waitForSelector("text=损失函数");
    assert.match(await page.locator(".plot legend").innerText(), /真实类别的 logit/);
    assert.equal(await page.locator("#export-png").innerText(), "导出 PNG");
    await page.screenshot({ path: join(shots, "cross-entropy-zh-cn.png") });
    await clean(o);
    await page.close();
  });

  it("is keyboard reachable: Tab visits the pickers, buttons, checkboxes, sliders and number fields", async () => {
    const o = await open();
    const { page } = o;
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      seen.add(await page.evaluate(() => {
        const a = document.activeElement;
        return a ? `${a.tagName.toLowerCase()}${a instanceof HTMLInputElement ? `:${a.type}` : ""}` : "none";
      }));
    }
    for (const want of ["select", "vscode-button", "vscode-checkbox", "input:range", "vscode-textfield"]) {
      assert.ok(seen.has(want), `${want} is reachable (saw ${[...seen].join(", ")})`);
    }
    await clean(o);
    await page.close();
  });

  it("shows PyTorch's own error for a value PyTorch rejects, and recovers", async () => {
    const o = await open({ open: { loss: "HuberLoss" } });
    const { page } = o;
    const field = page.locator('.field.slider:has(input[data-param="delta"]) vscode-textfield input');
    await field.fill("0");
    await field.press("Enter");
    await page.waitForFunction(() => document.querySelector(".status")?.textContent?.includes("delta"));
    assert.equal(
      await page.locator(".status").innerText(),
      "HuberLoss: RuntimeError: huber_loss does not support non-positive values for delta.",
    );
    await field.fill("2");
    await field.press("Enter");
    await page.waitForFunction(() => document.querySelector(".status")?.textContent === "");
    assert.equal((await pageState(page)).params.HuberLoss?.delta, 2);
    await clean(o);
    await page.close();
  });

  it("answers as the host's PyTorch version: its errors, its numbers, its Copy as Python; and follows a change", async () => {
    const o = await open({ open: { loss: "TripletMarginLoss" }, pytorch: "2.13" });
    const { page } = o;
    assert.equal(await page.locator("#pytorch-version").innerText(), "Answers as PyTorch 2.13");
    const field = page.locator('.field.slider:has(input[data-param="margin"]) vscode-textfield input');
    await field.fill("0");
    await field.press("Enter");
    // PyTorch 2.x refuses margin <= 0 (1.13 computed it).
    await page.waitForFunction(() => document.querySelector(".status")?.textContent?.includes("margin"));
    assert.equal(await page.locator(".status").innerText(), "TripletMarginLoss: ValueError: margin must be greater than 0, got 0.0");
    await page.locator("#copy-python").click();
    let py = await lastMessage(page, "python");
    assert.equal(py.type === "python" && py.code, "nn.TripletMarginLoss(margin=0.0)  # PyTorch 2.13 raises ValueError: margin must be greater than 0, got 0.0");
    // The host's version changes (status bar pick): the same configuration computes as 1.13 does.
    const before = await redraws(page);
    await page.evaluate(() => window.postMessage({ type: "pytorch", version: "1.13" }, "*"));
    await waitForRedraw(page, before + 1);
    await page.waitForFunction(() => document.querySelector(".status")?.textContent === "");
    assert.equal(await page.locator("#pytorch-version").innerText(), "Answers as PyTorch 1.13");
    assert.equal(await page.evaluate(() => window.lossLensPlayground.pytorch()), "1.13");
    const state = await pageState(page);
    const data = await chartData(page, 7);
    expectCurveMatchesEngine(state, "TripletMarginLoss", data.loss[0].points, "loss", "1.13");
    expectCurveMatchesEngine(state, "TripletMarginLoss", data.grad[0].points, "grad", "1.13");
    await page.locator("#copy-python").click();
    await page.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.filter((m) => m.type === "python").length === 2);
    py = await lastMessage(page, "python");
    assert.equal(py.type === "python" && py.code, "nn.TripletMarginLoss(margin=0.0)");
    // An invalid version is refused by the protocol, and nothing changes.
    await page.evaluate(() => window.postMessage({ type: "pytorch", version: "3.0" }, "*"));
    assert.equal(await page.evaluate(() => window.lossLensPlayground.pytorch()), "1.13");
    o.console.splice(0); // the refusal above is logged as a warning on purpose
    await clean(o);
    await page.close();
  });

  it("places a classification case on the true-class logit axis, the curve drawn for its first row", async () => {
    const x = { dtype: "float32" as const, shape: [2, 3], data: Float32Array.from([1, 2, 3, 0.5, -1, 2]) };
    const y = { dtype: "int64" as const, shape: [2], data: Float64Array.from([0, 2]) };
    const call = { loss: "CrossEntropyLoss", inputs: [x, y], options: { reduction: "none" as const, label_smoothing: 0.1 } };
    const none = engine.compute(call);
    const evaluation = toWireCase({
      loss: "CrossEntropyLoss",
      target: "loss",
      line: 3,
      options: { reduction: "none", label_smoothing: 0.1 },
      value: none.value,
      perElement: none.perElement,
      grads: { x: none.grads[0]! },
      inputs: [x, y],
      random: false,
    });
    const o = await open({ open: { case: evaluation } });
    const { page } = o;
    await page.waitForSelector("#case:not([hidden])");
    const state = await pageState(page);
    assert.deepEqual(state.plot.others, [2, 3], "row 0's other logits");
    assert.equal(state.plot.trueClass, 0);
    assert.equal(state.params.CrossEntropyLoss?.label_smoothing, 0.1);
    const marks = (await chartData(page)).loss.find((d) => d.scatter);
    assert.deepEqual(marks?.points.map((p) => p[0]), [1, 2], "x = each row's true-class logit");
    // Row 0 is on the curve: the curve at x = 1 equals its per-element loss.
    expectCurveMatchesEngine(state, "CrossEntropyLoss", [[1, none.perElement.data[0]]], "loss");
    // The gradient marks are each row's own d loss / d x[true class], from the engine on the case's inputs.
    const gradMarks = (await chartData(page)).grad.find((d) => d.scatter);
    const g = none.grads[0]!.data;
    assert.deepEqual(gradMarks?.points.map((p) => p[1]), [g[0], g[3 + 2]]);
    await page.screenshot({ path: join(shots, "case-cross-entropy-dark.png"), fullPage: true });
    await clean(o);
    await page.close();
  });
});
