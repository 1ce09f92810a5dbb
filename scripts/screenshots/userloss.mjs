// Person-level screenshots of plotting a loss from the user's code inside a real VS Code (code-server +
// Chromium), dark and light: open charbonnier.py, click the "Plot" CodeLens above its def, drag nothing.
//   node scripts/build.mjs && node scripts/screenshots/userloss.mjs   -> test-results/playground/vscode-user-*.png
import { join } from "node:path";
import { inEachTheme, resultsDir, webviewFrame } from "./lib.mjs";

const out = resultsDir("playground");

await inEachTheme("charbonnier.py", async (page, name) => {
  // The CodeLens row above the def: click its "Plot".
  const lens = page.locator(".monaco-editor .codelens-decoration a", { hasText: "Plot" }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  await webviewFrame(page, "#pin-curve", "the plot of the user's loss");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, `vscode-user-${name}.png`) });
  console.log(`wrote test-results/playground/vscode-user-${name}.png`);
});
