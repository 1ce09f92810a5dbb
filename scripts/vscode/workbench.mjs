// Drives code-server's web workbench with playwright-core + Debian's Chromium: runs the mocha integration
// suite through the smoke-test-driver payload, or opens a workbench for a person-level check (screenshots).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { startCodeServer } from "./code-server.mjs";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless Chromium with the flags this offline machine needs (environment.md). */
export async function launchChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  const { chromium } = await import("playwright-core");
  // launch() gives every run a fresh throw-away profile of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** console.log's printf-style arguments (mocha's reporter uses %s / %d) as one line. */
function formatConsole(args) {
  const [first, ...rest] = args.map((a) => (typeof a === "string" ? a : JSON.stringify(a)));
  if (typeof first !== "string") return "";
  const text = first.replace(/%[sdifoOj]/g, (m) => (rest.length ? rest.shift() : m));
  return [text, ...rest].join(" ");
}

function remote(port, path) {
  return `vscode-remote://127.0.0.1:${port}${resolve(path)}`;
}

/** The workbench URL; with extension/tests paths it becomes a smoke-test-driver payload. */
export function workbenchUrl(server, { folder, extensionPath, testsPath }) {
  const params = new URLSearchParams({ folder: resolve(folder) });
  const payload = [];
  if (extensionPath) payload.push(["extensionDevelopmentPath", remote(server.port, extensionPath)]);
  if (testsPath) payload.push(["extensionTestsPath", remote(server.port, testsPath)]);
  if (payload.length) params.set("payload", JSON.stringify(payload));
  return `${server.url}/?${params}`;
}

/**
 * Runs the mocha suite at testsPath (the compiled suite/index.js without extension) in a real VS Code.
 * Resolves with { code, passed, failed, log }.
 */
export async function runExtensionTests({ folder, extensionPath, testsPath, settings, install, timeoutMs = 6 * 60_000, onLog }) {
  const server = await startCodeServer({ settings, install });
  const browser = await launchChromium().catch((e) => {
    server.stop();
    throw e;
  });
  const lines = [];
  let counts;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const finished = new Promise((resolveExit) => {
      let suiteStarted = false;
      page.exposeFunction("codeAutomationLog", (type, args) => {
        const text = formatConsole(Array.isArray(args) ? args : [args]);
        const marker = text.match(/LOSS_LENS_INTEGRATION (\{.*\})/);
        if (marker) counts = JSON.parse(marker[1]);
        else if (text.includes("LOSS_LENS_INTEGRATION_START")) suiteStarted = true;
        else {
          lines.push(text);
          // The workbench's own chatter before the suite starts is kept for failure reports only.
          if (suiteStarted) onLog?.(text, type);
        }
      });
      page.exposeFunction("codeAutomationExit", (code) => resolveExit(code));
    });
    await page.goto(workbenchUrl(server, { folder, extensionPath, testsPath }));
    const timeout = new Promise((r) => setTimeout(() => r("timeout"), timeoutMs).unref());
    const code = await Promise.race([finished, timeout]);
    if (code === "timeout") {
      lines.push(`integration tests did not finish within ${timeoutMs / 1000} s`);
      return { code: 1, passed: counts?.passed ?? 0, failed: (counts?.failed ?? 0) + 1, log: lines };
    }
    if (!counts) {
      // The suite never reported (it failed to load): that is a failure, never a silent pass.
      const log = [...lines, "the integration suite did not report its results", server.output().slice(-4000)];
      log.forEach((line) => onLog?.(line, "error"));
      return { code: 1, passed: 0, failed: 1, log };
    }
    return { code, passed: counts.passed, failed: counts.failed, log: lines };
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }
}

/**
 * Opens a workbench on `folder` with the extension under development loaded, for a person-level check.
 * Returns { page, server, browser, close() }; the caller drives the page (F1 opens the command palette).
 */
export async function openWorkbench({ folder, extensionPath, settings, viewport = { width: 1400, height: 900 } }) {
  const server = await startCodeServer({ settings });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  await page.goto(workbenchUrl(server, { folder, extensionPath }), { timeout: 120_000 }); // a loaded machine takes over 30 s
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  return {
    page,
    server,
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      server.stop();
    },
  };
}
