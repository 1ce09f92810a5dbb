// Person-level screenshots of the playground inside a real VS Code (code-server + Chromium), dark and light:
//   node scripts/build.mjs && node scripts/screenshots/playground.mjs   -> test-results/playground/vscode-*.png
// Opens sample.py, runs "Loss Lens: Open Playground" from the command palette (F1), waits for the page.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openWorkbench } from "../vscode/workbench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "test-results", "playground");
mkdirSync(out, { recursive: true });

for (const [name, theme] of [["dark", "Default Dark Modern"], ["light", "Default Light Modern"]]) {
  const wb = await openWorkbench({
    folder: join(root, "test/integration/workspace"),
    extensionPath: root,
    settings: { "workbench.colorTheme": theme, "chat.disableAIFeatures": true, "workbench.startupEditor": "none" },
    viewport: { width: 1500, height: 900 },
  });
  try {
    const { page } = wb;
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "sample.py" }).dblclick({ timeout: 30_000 });
    await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30_000 });
    // What a person does: F1, wait for the palette, type the command's title, Enter once it is listed.
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget input", { timeout: 10_000 });
    await page.keyboard.type("Loss Lens: Open Playground");
    // The exact entry (not "Open Last Result in Playground", which the palette may rank first when listed).
    const entry = page.locator(".quick-input-list .monaco-list-row", { hasText: /^Loss Lens: Open Playground/ }).first();
    await entry.waitFor({ timeout: 10_000 });
    await entry.click();
    // The page lives in nested iframes: wait for its canvas to be drawn.
    const frameReady = async () => {
      for (const f of page.frames()) {
        if (await f.locator("#loss-chart").count().catch(() => 0)) return f;
      }
      return undefined;
    };
    let frame;
    for (let i = 0; i < 60 && !(frame = await frameReady()); i++) await page.waitForTimeout(500);
    if (!frame) throw new Error("the playground page did not appear");
    await page.mouse.move(5, 5); // no tooltip from the palette's last position
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(out, `vscode-${name}.png`) });
    console.log(`wrote test-results/playground/vscode-${name}.png`);
  } finally {
    await wb.close();
  }
}
