// A screenshot of the hover over a call of the user's own loss class (bpr_loss.py in the test workspace,
// RecBole's BPRLoss from the corpus), as a person sees it in code-server.
//   node scripts/screenshots/hover-own.mjs [outDir]   (default: test-results/hover)
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openWorkbench } from "../vscode/workbench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = process.argv[2] ?? join(root, "test-results", "hover");
mkdirSync(outDir, { recursive: true });

const wb = await openWorkbench({
  folder: join(root, "test/integration/workspace"),
  extensionPath: root,
  settings: { "lossLens.language": "en", "workbench.startupEditor": "none", "editor.hover.delay": 100, "window.zoomLevel": 0 },
  viewport: { width: 1400, height: 1100 },
});
try {
  const { page } = wb;
  const item = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "bpr_loss.py" });
  await item.waitFor({ timeout: 120_000 });
  await item.dblclick();
  await page.locator(".view-line").first().waitFor({ timeout: 120_000 }); // a loaded machine opens editors slowly
  await page.waitForTimeout(1500); // let the extension activate
  // `loss` in `output = loss(pos_score, neg_score)`: the criterion (an instance of BPRLoss) being called.
  // Monaco renders spaces as U+00A0 (\s matches both).
  const line = page.locator(".view-line", { hasText: /output\s=\sloss\(pos_score/ });
  const word = line.locator("span span", { hasText: /^\s*loss$/ }).first();
  await word.waitFor({ timeout: 60_000 });
  let shown = false;
  for (let attempt = 0; attempt < 5 && !shown; attempt++) {
    const box = await word.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    try {
      await page.locator(".monaco-hover").filter({ hasText: "your own loss class" }).first().waitFor({ timeout: 4000 });
      shown = true;
    } catch {
      await page.mouse.move(5, 5);
    }
  }
  if (!shown) throw new Error("no hover appeared over the BPRLoss criterion's call");
  await page.waitForTimeout(500);
  const file = join(outDir, "hover-own-loss-en.png");
  await page.screenshot({ path: file });
  const text = await page.locator(".monaco-hover").filter({ hasText: "your own loss class" }).first().innerText();
  console.log(`${file}\n${text.slice(0, 600)}\n`);
} finally {
  await wb.close();
}
