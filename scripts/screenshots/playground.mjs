// Person-level screenshots of the playground inside a real VS Code (code-server + Chromium), dark and light:
//   node scripts/build.mjs && node scripts/screenshots/playground.mjs   -> test-results/playground/vscode-*.png
// Opens sample.py, runs "Loss Lens: Open Playground" from the command palette (F1), waits for the page.
import { join } from "node:path";
import { inEachTheme, palette, resultsDir, webviewFrame } from "./lib.mjs";

const out = resultsDir("playground");

await inEachTheme("sample.py", async (page, name) => {
  await palette(page, "Loss Lens: Open Playground", 0);
  // The exact entry (not "Open Last Result in Playground", which the palette may rank first when listed).
  const entry = page.locator(".quick-input-list .monaco-list-row", { hasText: /^Loss Lens: Open Playground/ }).first();
  await entry.waitFor({ timeout: 10_000 });
  await entry.click();
  // The page lives in nested iframes: wait for its canvas to be drawn.
  await webviewFrame(page, "#loss-chart", "the playground page");
  await page.mouse.move(5, 5); // no tooltip from the palette's last position
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, `vscode-${name}.png`) });
  console.log(`wrote test-results/playground/vscode-${name}.png`);
});
