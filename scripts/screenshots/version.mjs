// The PyTorch version as a person sees it in code-server: the status bar item, the hover of a call that uses what
// their version lacks (F.mse_loss(weight=...) under 1.13), and the quick pick that switches it, into
// test-results/version/. Run after a build: node scripts/screenshots/version.mjs
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openWorkbench } from "../vscode/workbench.mjs";

const root = resolve(import.meta.dirname, "..", "..");
const out = join(root, "test-results", "version");
mkdirSync(out, { recursive: true });
const folder = mkdtempSync(join(tmpdir(), "loss-lens-version-"));
writeFileSync(
  join(folder, "weighted.py"),
  [
    "import torch",
    "import torch.nn.functional as F",
    "",
    "pred = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)",
    "target = torch.zeros(3)",
    "w = torch.tensor([1.0, 3.0, 0.5])",
    "loss = F.mse_loss(pred, target, weight=w)",
    "",
  ].join("\n"),
);
const settings = {
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "editor.minimap.enabled": false,
  "editor.hover.delay": 100,
  "lossLens.language": "en",
  "lossLens.pytorchVersion": "1.13",
};
const wb = await openWorkbench({ folder, extensionPath: root, settings, viewport: { width: 1400, height: 900 } });
const { page } = wb;
const shot = (name) => page.screenshot({ path: join(out, name) }).then(() => console.log(`screenshot: test-results/version/${name}`));
try {
  const item = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "weighted.py" });
  await item.waitFor({ timeout: 60_000 });
  await item.dblclick();
  await page.locator(".view-line").first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2500);
  const status = page.locator(".statusbar-item", { hasText: "PyTorch" });
  console.log("status bar:", JSON.stringify(await status.allInnerTexts().catch(() => [])));
  const word = page.locator(".view-line span span", { hasText: /F\.mse_loss/ }).first();
  let shown = false;
  for (let attempt = 0; attempt < 5 && !shown; attempt++) {
    const box = await word.boundingBox();
    await page.mouse.move(box.x + box.width - 12, box.y + box.height / 2);
    try {
      await page.locator(".monaco-hover").filter({ hasText: "PyTorch" }).first().waitFor({ timeout: 4000 });
      shown = true;
    } catch {
      await page.mouse.move(5, 5);
      await page.waitForTimeout(800);
    }
  }
  await page.waitForTimeout(600);
  console.log("hover:", JSON.stringify(await page.locator(".monaco-hover").allInnerTexts().catch(() => [])).slice(-500));
  await shot("hover-1.13.png");
  await page.mouse.move(5, 5);
  await page.waitForTimeout(400);
  await status.first().click();
  await page.waitForSelector(".quick-input-widget", { timeout: 10_000 });
  await page.waitForTimeout(800);
  await shot("quickpick.png");
  await page.keyboard.type("2.13");
  await page.keyboard.press("Enter");
  // The pick writes settings.json first (slow on a loaded machine): wait for the item to say so.
  await page.locator(".statusbar-item", { hasText: "PyTorch 2.13" }).first().waitFor({ timeout: 20_000 }).catch(() => console.log("status bar did not switch to 2.13 within 20 s"));
  await page.waitForTimeout(300);
  console.log("status bar after:", JSON.stringify(await status.allInnerTexts().catch(() => [])));
  await shot("status-2.13.png");
} finally {
  await wb.close();
}
