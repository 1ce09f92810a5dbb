// `npm start`: a real VS Code with Loss Lens loaded on demo/.
// Desktop VS Code (`code`) when it exists; otherwise code-server on 127.0.0.1, installed on demand into the
// cache folder (first run about 3 min), with its URL printed. Ctrl-C stops everything it started.
//   node scripts/start.mjs [--port N] [--screenshot FILE]   (--screenshot: open it in headless Chromium, save a PNG, exit)
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODE_SERVER_VERSION, startCodeServer } from "./vscode/code-server.mjs";
import { launchChromium, workbenchUrl } from "./vscode/workbench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "demo");
const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const screenshot = option("--screenshot");

const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const hasCode = !screenshot && !process.env.LOSS_LENS_CODE_SERVER && spawnSync("code", ["--version"], { stdio: "ignore" }).status === 0;
if (hasCode) {
  console.log("Opening VS Code with Loss Lens in development mode on demo/");
  const child = spawn("code", ["--new-window", `--extensionDevelopmentPath=${root}`, demo], { stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  const server = await startCodeServer({
    settings: { "workbench.colorTheme": "Default Dark Modern", "python.defaultInterpreterPath": "/usr/bin/python3" },
    port: option("--port") ? Number(option("--port")) : undefined,
  });
  const url = workbenchUrl(server, { folder: demo, extensionPath: root });
  const stop = (code = 0) => {
    server.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => stop());
  process.on("SIGTERM", () => stop());
  if (screenshot) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url);
      await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
      // Open a demo file (the extension activates on python) and hover a loss: what a person sees first.
      await page.locator(".monaco-list-row", { hasText: "cross_entropy.py" }).first().dblclick();
      // The token may be "nn.CrossEntropyLoss" as a whole: hover near its end, over the class name.
      const token = page.locator(".view-line span span", { hasText: /^\s*nn\.CrossEntropyLoss$/ }).first();
      const box = await token.boundingBox({ timeout: 60_000 });
      await token.hover({ position: { x: (box?.width ?? 40) - 20, y: (box?.height ?? 10) / 2 } });
      await page.waitForSelector(".monaco-hover", { timeout: 30_000 }).catch(() => console.error("no hover appeared"));
      await page.waitForTimeout(500);
      await page.screenshot({ path: screenshot });
      console.log(`screenshot: ${screenshot}`);
      await browser.close();
      stop();
    } catch (error) {
      console.error(`screenshot failed: ${error.message}`);
      await browser.close();
      stop(1);
    }
  } else {
    console.log(`\nLoss Lens is running in code-server (code-server ${CODE_SERVER_VERSION}):\n\n  ${url}\n\nOpen it in a browser. Ctrl-C stops it.`);
  }
}
