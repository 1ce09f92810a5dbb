// Person-level screenshots for the Marketplace page and the walkthrough, in code-server + Chromium:
//   node scripts/build.mjs && node scripts/screenshots/marketplace.mjs  -> test-results/marketplace/*.png
// palette.png: F1 + "Loss Lens" lists only the commands that can run now (no result, no playground yet);
// walkthrough.png: the Get Started walkthrough; snippets.png: the snippet list for "CrossEntropy" in an example
// opened with Loss Lens: Open Example.
// Fails (exit 1) when the palette lists a command that cannot run.
import { join } from "node:path";
import { openWorkbench } from "../vscode/workbench.mjs";
import { palette, resultsDir, root } from "./lib.mjs";

const out = resultsDir("marketplace");

const wb = await openWorkbench({
  folder: join(root, "test/integration/workspace"),
  extensionPath: root,
  settings: { "workbench.colorTheme": "Default Dark Modern", "workbench.startupEditor": "none", "editor.minimap.enabled": false },
  viewport: { width: 1280, height: 800 },
});
let failed = false;
try {
  const { page } = wb;
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "sample.py" }).dblclick({ timeout: 60_000 });
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30_000 });
  await page.waitForTimeout(2000); // activation

  await palette(page, "Loss Lens");
  const rows = (await page.locator(".quick-input-list .monaco-list-row").allInnerTexts()).map((t) => t.split("\n")[0]);
  console.log(`palette: ${rows.join(" | ")}`);
  const stale = rows.filter((r) => /Last Result|Export Playground|Copy Playground/.test(r));
  if (stale.length || !rows.some((r) => r.includes("Open Playground"))) {
    console.error(`palette lists commands that cannot run now: ${stale.join(", ")}`);
    failed = true;
  }
  await page.screenshot({ path: join(out, "palette.png") });
  await page.keyboard.press("Escape");

  await palette(page, "Welcome: Open Walkthrough");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(800);
  await page.keyboard.type("Get Started with Loss Lens");
  await page.waitForTimeout(800);
  await page.keyboard.press("Enter");
  await page.locator(".gettingStartedContainer", { hasText: "Hover a loss" }).waitFor({ timeout: 20_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, "walkthrough.png") });

  // Snippets: in an example opened by "Loss Lens: Open Example" (an untitled editor: nothing on disk changes),
  // type a loss name at the end and ask for suggestions.
  await palette(page, "Loss Lens: Open Example");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(800);
  await page.keyboard.type("custom_loss");
  await page.keyboard.press("Enter");
  await page.locator(".monaco-editor .view-line", { hasText: "custom_mean_square_error" }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("CrossEntropy");
  await page.keyboard.press("Control+Space");
  await page.locator(".suggest-widget .monaco-list-row").first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(out, "snippets.png") });
  console.log(`wrote ${out}/palette.png, walkthrough.png, snippets.png`);
} finally {
  await wb.close();
}
process.exitCode = failed ? 1 : 0;
