// Person-level screenshots of plotting a loss from the user's code inside a real VS Code (code-server +
// Chromium), dark and light: open charbonnier.py, click the "Plot" CodeLens above its def, drag nothing.
//   node scripts/build.mjs && node scripts/screenshots/userloss.mjs   -> test-results/playground/vscode-user-*.png
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
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "charbonnier.py" }).dblclick({ timeout: 30_000 });
    await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30_000 });
    // The CodeLens row above the def: click its "Plot".
    const lens = page.locator(".monaco-editor .codelens-decoration a", { hasText: "Plot" }).first();
    await lens.waitFor({ timeout: 30_000 });
    await lens.click();
    const frameReady = async () => {
      for (const f of page.frames()) {
        if (await f.locator("#pin-curve").count().catch(() => 0)) return f;
      }
      return undefined;
    };
    let frame;
    for (let i = 0; i < 60 && !(frame = await frameReady()); i++) await page.waitForTimeout(500);
    if (!frame) throw new Error("the plot of the user's loss did not appear");
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(out, `vscode-user-${name}.png`) });
    console.log(`wrote test-results/playground/vscode-user-${name}.png`);
  } finally {
    await wb.close();
  }
}
