// Serves the built playground page on 127.0.0.1 the way a VS Code webview gets it: the HTML and CSP from the
// host's own playgroundHtml(), the bundle from dist/webview, plus a stub acquireVsCodeApi (a nonce'd script,
// since the CSP forbids inline ones) and theme variables like the ones VS Code injects.
import { createServer, type Server } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { playgroundHtml } from "../../extension/playground/html";

export const root = resolve(__dirname, "../../..");
const webviewDir = join(root, "dist", "webview");

/** VS Code's default theme colours (Dark Modern / Light Modern / High Contrast, as VS Code 1.139 gives them). */
export const themeCss = `
body.vscode-dark { --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-editorWidget-border: #454545; --vscode-widget-border: #313131; --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-font-size: 13px;
  --vscode-charts-blue: #59a4f9; --vscode-charts-red: #f14c4c; --vscode-charts-green: #89d185; --vscode-charts-orange: rgba(234, 92, 0, 0.33);
  --vscode-charts-purple: #b180d7; --vscode-charts-yellow: #cca700; --vscode-charts-foreground: #cccccc; --vscode-errorForeground: #f85149;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-focusBorder: #0078d4;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-settings-textInputBorder: #3c3c3c; --vscode-settings-checkboxBackground: #313131; --vscode-settings-checkboxBorder: #3c3c3c;
  --vscode-settings-checkboxForeground: #cccccc; --vscode-settings-textInputBackground: #313131; --vscode-settings-textInputForeground: #cccccc; --vscode-settings-dropdownBackground: #313131;
  --vscode-settings-dropdownForeground: #cccccc; --vscode-settings-dropdownBorder: #3c3c3c; --vscode-settings-dropdownListBorder: #454545;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc; --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryHoverBackground: #3c3c3c; --vscode-button-border: #ffffff12; --vscode-checkbox-background: #313131;
  --vscode-checkbox-border: #3c3c3c; --vscode-checkbox-foreground: #cccccc; --vscode-list-activeSelectionBackground: #04395e;
  --vscode-list-activeSelectionForeground: #ffffff; --vscode-list-hoverBackground: #2a2d2e; --vscode-widget-shadow: #0000005c; }
body.vscode-light { --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #3b3b3b; --vscode-editor-background: #ffffff;
  --vscode-editorWidget-border: #c8c8c8; --vscode-widget-border: #e5e5e5; --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-font-size: 13px;
  --vscode-charts-blue: #0063d3; --vscode-charts-red: #e51400; --vscode-charts-green: #388a34; --vscode-charts-orange: rgba(234, 92, 0, 0.33);
  --vscode-charts-purple: #652d90; --vscode-charts-yellow: #bf8803; --vscode-charts-foreground: #616161; --vscode-errorForeground: #f85149;
  --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-focusBorder: #005fb8;
  --vscode-dropdown-background: #ffffff; --vscode-dropdown-foreground: #3b3b3b; --vscode-dropdown-border: #cecece;
  --vscode-settings-textInputBorder: #cecece; --vscode-settings-checkboxBackground: #f8f8f8; --vscode-settings-checkboxBorder: #cecece;
  --vscode-settings-checkboxForeground: #3b3b3b; --vscode-settings-textInputBackground: #ffffff; --vscode-settings-textInputForeground: #3b3b3b; --vscode-settings-dropdownBackground: #ffffff;
  --vscode-settings-dropdownForeground: #3b3b3b; --vscode-settings-dropdownBorder: #cecece; --vscode-settings-dropdownListBorder: #c8c8c8;
  --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryHoverBackground: #cccccc; --vscode-button-border: #0000001a; --vscode-checkbox-background: #f8f8f8;
  --vscode-checkbox-border: #cecece; --vscode-checkbox-foreground: #3b3b3b; --vscode-list-activeSelectionBackground: #e8e8e8;
  --vscode-list-activeSelectionForeground: #000000; --vscode-list-hoverBackground: #f2f2f2; --vscode-widget-shadow: #00000029; }
body.vscode-high-contrast { --vscode-foreground: #ffffff; --vscode-descriptionForeground: #ffffff; --vscode-editor-background: #000000;
  --vscode-contrastBorder: #6fc3df; --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px;
  --vscode-charts-blue: #3794ff; --vscode-charts-red: #f14c4c; --vscode-charts-green: #89d185; --vscode-charts-orange: #d18616;
  --vscode-charts-purple: #b180d7; --vscode-charts-yellow: #cca700; --vscode-charts-foreground: #ffffff; --vscode-focusBorder: #f38518;
  --vscode-dropdown-background: #000000; --vscode-dropdown-foreground: #ffffff; --vscode-dropdown-border: #6fc3df;
  --vscode-settings-textInputBorder: #6fc3df; --vscode-settings-checkboxBackground: #000000; --vscode-settings-checkboxBorder: #6fc3df;
  --vscode-settings-checkboxForeground: #ffffff; --vscode-settings-textInputBackground: #000000; --vscode-settings-textInputForeground: #ffffff; --vscode-settings-dropdownBackground: #000000;
  --vscode-settings-dropdownForeground: #ffffff; --vscode-settings-dropdownBorder: #6fc3df; --vscode-button-background: #000000;
  --vscode-button-foreground: #ffffff; --vscode-button-border: #6fc3df; --vscode-button-secondaryBackground: #000000;
  --vscode-button-secondaryForeground: #ffffff; --vscode-checkbox-background: #000000; --vscode-checkbox-border: #6fc3df; }
`;

/** Records what the page sends, answers "ready" with "init", keeps setState's value; CSP violations too. */
const stubJs = `
(() => {
  const params = new URLSearchParams(location.search);
  document.body.className = "vscode-" + (params.get("theme") || "dark");
  window.__messages = [];
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  let saved = null;
  const open = params.get("open");
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      window.__messages.push(JSON.parse(JSON.stringify(m)));
      if (m && m.type === "ready") setTimeout(() => window.postMessage({ type: "init", state: null, open: open ? JSON.parse(open) : null, pytorch: params.get("pytorch") || "2.13" }, "*"));
    },
    getState: () => saved,
    setState(s) { saved = JSON.parse(JSON.stringify(s)); },
  });
})();
`;

const types: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".html": "text/html" };

export interface PageServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function servePlayground(): Promise<PageServer> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      if (url.pathname === "/" || url.pathname === "/index.html") {
        const nonce = "dGVzdC1ub25jZS0xMjM0NQ==";
        let html = playgroundHtml({
          cspSource: origin,
          scriptUri: `${origin}/playground.js`,
          styleUri: `${origin}/playground.css`,
          nonce,
          lang: url.searchParams.get("lang") === "zh-cn" ? "zh-cn" : "en",
        });
        // What VS Code adds around the page: theme variables and the API object (before the bundle runs).
        html = html.replace("</head>", `<link rel="stylesheet" href="${origin}/__theme.css">\n</head>`);
        html = html.replace(`<script nonce="${nonce}" src=`, `<script nonce="${nonce}" src="${origin}/__stub.js"></script>\n<script nonce="${nonce}" src=`);
        res.writeHead(200, { "content-type": "text/html" }).end(html);
        return;
      }
      if (url.pathname === "/favicon.ico") return void res.writeHead(204).end();
      if (url.pathname === "/__stub.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(stubJs);
      if (url.pathname === "/__theme.css") return void res.writeHead(200, { "content-type": "text/css" }).end(themeCss);
      const file = normalize(join(webviewDir, url.pathname));
      if (!file.startsWith(webviewDir)) return void res.writeHead(403).end();
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Console errors and warnings the page printed (collected from the start). */
export function collectConsole(page: Page): string[] {
  const out: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") out.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => out.push(`pageerror: ${e.message}`));
  return out;
}

/** Waits until the page has drawn at least `count` times in total. */
export async function waitForRedraw(page: Page, count: number): Promise<number> {
  await page.waitForFunction((n) => (window.lossLensPlayground?.perf.redraws ?? 0) >= n, count, { timeout: 10_000 });
  return redraws(page);
}

export const redraws = (page: Page) => page.evaluate(() => window.lossLensPlayground?.perf.redraws ?? 0);

/** Frame timings of a slider drag: several input events per frame (as a drag fires them), one redraw each. */
export interface DragTimes {
  redraws: number;
  computeMs: number[];
  drawMs: number[];
  intervals: number[];
}

/** Drags the range input `selector` through `values` (three steps per frame) for `frames` frames. */
export async function dragSlider(page: Page, selector: string, values: number[], frames: number): Promise<DragTimes> {
  return page.evaluate(
    async ({ selector, values, frames }) => {
      const slider = document.querySelector<HTMLInputElement>(selector);
      if (!slider) throw new Error(`no slider ${selector}`);
      const perf = window.lossLensPlayground.perf;
      const start = perf.computeMs.length;
      const before = perf.redraws;
      const intervals: number[] = [];
      let last = await new Promise<number>((r) => requestAnimationFrame(r));
      for (let i = 0; i < frames; i++) {
        for (let k = 0; k < 3; k++) {
          slider.value = String(values[(i * 3 + k) % values.length]);
          slider.dispatchEvent(new Event("input", { bubbles: true }));
        }
        const t = await new Promise<number>((r) => requestAnimationFrame(r));
        intervals.push(t - last);
        last = t;
      }
      return { redraws: perf.redraws - before, computeMs: perf.computeMs.slice(start), drawMs: perf.drawMs.slice(start), intervals };
    },
    { selector, values, frames },
  );
}

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** The processes below this one (Chromium's browser, renderer and GPU processes). */
function childPids(): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** utime + stime of a /proc stat line, in seconds. */
function cpuOf(path: string): number {
  try {
    const stat = readFileSync(path, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
  } catch {
    return 0;
  }
}

/**
 * CPU seconds (user + system) of every process below this one: Chromium's browser, renderer and GPU
 * processes. Unlike wall time it does not grow when other jobs share the machine's cores.
 */
export function browserCpuSeconds(): number {
  return childPids().reduce((s, pid) => s + cpuOf(`/proc/${pid}/stat`), 0);
}

/** CPU seconds of the renderers' main threads (the page's JavaScript, style, layout, paint; Chromium leaves the
 *  main thread unnamed, so: the thread whose id is the renderer process's). */
export function rendererMainCpuSeconds(): number {
  let total = 0;
  for (const pid of childPids()) {
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmdline.includes("--type=renderer")) total += cpuOf(`/proc/${pid}/task/${pid}/stat`);
  }
  return total;
}
