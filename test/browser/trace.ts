// Where a page's main thread spends a drag, from a Chromium performance trace (the DevTools timeline's events):
// self time per event name on the renderer's main thread, and the raster threads' total, per frame.
import type { Browser, Page } from "playwright-core";

const categories = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8", "cc", "gpu"];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** Runs `body` under a trace; returns its result and the trace's self times (ms) per event name. */
export async function traced<T>(browser: Browser, page: Page, body: () => Promise<T>): Promise<{ result: T; self: Map<string, number>; raster: number }> {
  await browser.startTracing(page, { categories });
  const result = await body();
  const buffer = await browser.stopTracing();
  const events = (JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const isMain = (e: TraceEvent) => threadName.get(`${e.pid}:${e.tid}`) === "CrRendererMain";
  const isRaster = (e: TraceEvent) => /Raster|CompositorTile/i.test(threadName.get(`${e.pid}:${e.tid}`) ?? "");
  // Complete events of the main thread, nested by time: self = duration minus the children's.
  const main = events.filter((e) => e.ph === "X" && e.dur !== undefined && isMain(e)).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; children: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + ((top.e.dur ?? 0) - top.children) / 1000);
    }
  };
  for (const e of main) {
    close(e.ts);
    if (stack.length) stack[stack.length - 1].children += e.dur ?? 0;
    stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
  }
  close(Infinity);
  let raster = 0;
  for (const e of events) if (e.ph === "X" && isRaster(e) && e.name === "RasterTask") raster += (e.dur ?? 0) / 1000;
  return { result, self, raster };
}

/** Runs `body` under V8's sampling profiler; returns its result and the top functions by self time (ms). */
export async function profiled<T>(page: Page, body: () => Promise<T>, top = 20): Promise<{ result: T; functions: [string, number][] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const result = await body();
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.detach();
  const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  profile.samples?.forEach((id, i) => {
    const f = nodes.get(id)?.callFrame;
    const key = f ? `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}` : "?";
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  return { result, functions: [...self].sort((a, b) => b[1] - a[1]).slice(0, top) };
}
