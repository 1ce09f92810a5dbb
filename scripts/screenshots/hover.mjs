// Screenshots of the hover over CrossEntropyLoss in English and Chinese, as a person sees it in code-server.
//   node scripts/screenshots/hover.mjs [outDir]   (default: test-results/hover)
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openWorkbench } from "../vscode/workbench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = process.argv[2] ?? join(root, "test-results", "hover");
mkdirSync(outDir, { recursive: true });

async function shoot(lang) {
  const wb = await openWorkbench({
    folder: join(root, "test/integration/workspace"),
    extensionPath: root,
    settings: { "lossLens.language": lang, "workbench.startupEditor": "none", "editor.hover.delay": 100, "window.zoomLevel": 0, "editor.codeLens": false },
    viewport: { width: 1400, height: 1100 },
  });
  try {
    const { page } = wb;
    // Open losses.py from the Explorer (double-click, as a person does).
    const item = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "losses.py" });
    await item.waitFor({ timeout: 60_000 });
    await item.dblclick();
    await page.locator(".view-line").first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    if (process.env.DEBUG_SPANS) console.log(JSON.stringify(await page.locator(".view-line span span").allInnerTexts()));
    // The token of `loss_fn = nn.CrossEntropyLoss(label_smoothing=0.2)`, low enough for the hover to open above it.
    const word = page.locator(".view-line span span", { hasText: /^\s*nn\.CrossEntropyLoss$/ }).nth(1);
    await word.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500); // let the extension activate
    let shown = false;
    for (let attempt = 0; attempt < 5 && !shown; attempt++) {
      const box = await word.boundingBox(); // measured each time: the layout may move while the workbench settles
      await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2);
      try {
        await page.locator(".monaco-hover").filter({ hasText: "CrossEntropyLoss" }).first().waitFor({ timeout: 4000 });
        shown = true;
      } catch {
        await page.mouse.move(5, 5);
      }
    }
    if (!shown) throw new Error(`no hover appeared over CrossEntropyLoss (${lang})`);
    await page.waitForTimeout(500);
    const file = join(outDir, `hover-CrossEntropyLoss-${lang}.png`);
    await page.screenshot({ path: file });
    // And the rest of the hover: scroll it to show the inputs, output and formula.
    const hoverBox = await page.locator(".monaco-hover").first().boundingBox();
    if (hoverBox) {
      await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + hoverBox.height / 2);
      await page.mouse.wheel(0, 170);
      await page.waitForTimeout(400);
      await page.screenshot({ path: file.replace(/\.png$/, "-scrolled.png") });
    }
    const text = await page.locator(".monaco-hover").first().innerText();
    console.log(`${file}\n${text.slice(0, 300)}\n`);
  } finally {
    await wb.close();
  }
}

await shoot("en");
await shoot("zh-cn");
