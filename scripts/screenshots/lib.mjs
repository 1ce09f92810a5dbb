// Steps every person-level screenshot script takes in code-server + Chromium: the command palette, a file
// of the integration workspace opened from the Explorer in each colour theme, the webview frame of a page.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openWorkbench } from "../vscode/workbench.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** test-results/<name>, created. */
export function resultsDir(name) {
  const out = join(root, "test-results", name);
  mkdirSync(out, { recursive: true });
  return out;
}

/** What a person does: F1, wait for the palette, type `text`, let the list settle. */
export async function palette(page, text, settleMs = 800) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { timeout: 10_000 });
  await page.keyboard.type(text);
  await page.waitForTimeout(settleMs);
}

/** Runs a command by its title: the palette, then Enter on the first entry. */
export async function runCommand(page, title, settleMs = 600) {
  await palette(page, title, settleMs);
  await page.keyboard.press("Enter");
}

export const THEMES = [
  ["dark", "Default Dark Modern"],
  ["light", "Default Light Modern"],
];

/**
 * For each theme (dark, light): a workbench on test/integration/workspace with `file` opened from the Explorer
 * (double-click), then `body(page, themeName)`; the workbench is closed afterwards.
 */
export async function inEachTheme(file, body) {
  for (const [name, theme] of THEMES) {
    const wb = await openWorkbench({
      folder: join(root, "test/integration/workspace"),
      extensionPath: root,
      settings: { "workbench.colorTheme": theme, "chat.disableAIFeatures": true, "workbench.startupEditor": "none" },
      viewport: { width: 1500, height: 900 },
    });
    try {
      const { page } = wb;
      await page.locator(".explorer-folders-view .monaco-list-row", { hasText: file }).dblclick({ timeout: 30_000 });
      await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30_000 });
      await body(page, name);
    } finally {
      await wb.close();
    }
  }
}

/** The webview frame holding `selector` (a page lives in nested iframes), waited for up to 30 s. */
export async function webviewFrame(page, selector, what) {
  for (let i = 0; i < 60; i++) {
    for (const f of page.frames()) {
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`${what} did not appear`);
}
