// A slider drag as a person makes it, and what they see of it: real pointer events through Chromium's input
// pipeline (CDP Input.dispatchMouseEvent, as playwright's page.mouse sends them), and for every frame that
// showed a new value the time from the pointer event to the end of that frame's rendering (input handlers,
// requestAnimationFrame callbacks, style, layout, paint, commit). Split by phase with the page's own marks
// (the recompute and the charts' drawing) and, with a trace, Chromium's (see trace.ts).
import type { Page } from "playwright-core";

export interface FrameRecord {
  /** pointermove timeStamp (the first not yet shown) -> the task after the frame's rendering: what a person waits. */
  latency: number;
  /** The frame's start (its rAF timestamp) -> the same end: the main thread's work for the frame. */
  work: number;
  /** The page's recompute (user sweep, built-ins) and the drawing of both charts, from its perf marks. */
  compute: number;
  chart: number;
  /** After the rAF callbacks to the end: style, layout, paint, commit (and whatever else ran on the thread). */
  render: number;
}

/** Installs the probe: one record per frame that had input, until `window.__drag.stop()`. */
async function install(page: Page, selector: string): Promise<void> {
  await page.evaluate((selector) => {
    const slider = document.querySelector<HTMLInputElement>(selector);
    if (!slider) throw new Error(`no slider ${selector}`);
    const perf = window.lossLensPlayground.perf;
    const records: FrameRecord[] = [];
    let firstMove = -1;
    let pending = false;
    let stopped = false;
    const channel = new MessageChannel();
    let frame: { start: number; rafEnd: number; input: number; redraws: number } | null = null;
    channel.port1.onmessage = () => {
      const end = performance.now();
      const f = frame;
      frame = null;
      pending = false;
      if (!f || stopped) return;
      // Only frames in which the page redrew count: the records pair with its perf entries.
      if (perf.redraws === f.redraws) return;
      const i = perf.computeMs.length - 1;
      records.push({ latency: end - f.input, work: end - f.start, compute: perf.computeMs[i] ?? NaN, chart: perf.drawMs[i] ?? NaN, render: end - f.rafEnd });
    };
    window.addEventListener("pointermove", (e) => { if (firstMove < 0) firstMove = e.timeStamp; }, { capture: true });
    // Bubbling to the document runs after the slider's own listener: this rAF comes after the page's redraw.
    document.addEventListener("input", (e) => {
      if (e.target !== slider || pending) return;
      pending = true;
      const input = firstMove >= 0 ? firstMove : e.timeStamp;
      firstMove = -1;
      const redraws = perf.redraws;
      requestAnimationFrame((ts) => {
        frame = { start: ts, rafEnd: performance.now(), input, redraws };
        channel.port2.postMessage(null);
      });
    });
    (window as unknown as { __drag: { records: FrameRecord[]; stop(): void } }).__drag = { records, stop: () => void (stopped = true) };
  }, selector);
}

/**
 * Drags the thumb of `selector` back and forth across its track, `steps` pointer moves (one per frame when the
 * page keeps up: each move waits for Chromium's acknowledgement), and returns the frames' records.
 */
export async function dragRecords(page: Page, selector: string, steps: number): Promise<FrameRecord[]> {
  await install(page, selector);
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const y = box.y + box.height / 2;
  // Inside the track (the thumb's half-width at each end does not move the value).
  const lo = box.x + 8;
  const hi = box.x + box.width - 8;
  const at = (i: number) => {
    // A triangle wave with a step that is no divisor of the track: every move lands on a new value.
    const span = hi - lo;
    const p = (i * 2.37) % (2 * span);
    return lo + (p <= span ? p : 2 * span - p);
  };
  await page.mouse.move(at(0), y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(at(i), y);
  await page.mouse.up();
  // Let the last frame finish.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  return page.evaluate(() => {
    const d = (window as unknown as { __drag: { records: FrameRecord[]; stop(): void } }).__drag;
    d.stop();
    return d.records;
  });
}
