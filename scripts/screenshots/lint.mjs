// A person-level run of the loss doctor in code-server: open a training script with softmax before
// CrossEntropyLoss, see the squiggle and the Problems entry, hover it (the engine's numbers), open the quick-fix
// menu (Ctrl+.) and apply the fix, then the same in a notebook cell. Screenshots into test-results/lint-*.png.
// Run after a build: node scripts/screenshots/lint.mjs
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openWorkbench } from "../vscode/workbench.mjs";

const root = resolve(import.meta.dirname, "..", "..");
const out = join(root, "test-results");
mkdirSync(out, { recursive: true });
const folder = mkdtempSync(join(tmpdir(), "loss-lens-lint-"));
writeFileSync(
  join(folder, "train.py"),
  [
    "import torch",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    "",
    "",
    "class Classifier(nn.Module):",
    "    def __init__(self):",
    "        super().__init__()",
    "        self.fc = nn.Linear(784, 10)",
    "",
    "    def forward(self, x):",
    "        return F.softmax(self.fc(x), dim=1)",
    "",
    "",
    "model = Classifier()",
    "criterion = nn.CrossEntropyLoss()",
    "distill = nn.KLDivLoss()",
    "",
    "for images, labels in loader:",
    "    outputs = model(images)",
    "    loss = criterion(outputs, labels)",
    "    loss.backward()",
    "",
  ].join("\n"),
);
const cell = (source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
writeFileSync(
  join(folder, "distill.ipynb"),
  JSON.stringify({
    cells: [
      cell(["import torch\n", "import torch.nn.functional as F\n"]),
      cell(["student = torch.randn(8, 10)\n", "teacher = torch.randn(8, 10)\n"]),
      cell(["loss = F.kl_div(F.softmax(student, dim=1), F.softmax(teacher, dim=1), reduction='batchmean')"]),
    ],
    metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" }, language_info: { name: "python" } },
    nbformat: 4,
    nbformat_minor: 5,
  }),
);

const settings = { "workbench.startupEditor": "none", "chat.disableAIFeatures": true, "editor.minimap.enabled": false };
const wb = await openWorkbench({ folder, extensionPath: root, settings });
const { page } = wb;
const shot = (name) => page.screenshot({ path: join(out, `lint-${name}`) }).then(() => console.log(`screenshot: test-results/lint-${name}`));
try {
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "train.py" }).dblclick({ timeout: 30_000 });
  await page.waitForSelector(".monaco-editor .view-line", { timeout: 30_000 });
  await page.waitForSelector(".monaco-editor .squiggly-warning", { timeout: 20_000 });
  await page.waitForTimeout(800);
  // The Problems panel (Ctrl+Shift+M does nothing in headless Chromium: the palette does).
  await page.keyboard.press("F1");
  await page.keyboard.type("View: Focus Problems");
  await page.waitForTimeout(600);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(1200);
  console.log("problems:", JSON.stringify(await page.locator(".markers-panel").allInnerTexts().catch(() => [])).slice(0, 600));
  await shot("py-squiggle.png");
  // The hover on the flagged argument.
  const line = page.locator(".monaco-editor .view-line", { hasText: "loss = criterion" });
  await line.locator("span", { hasText: "outputs" }).last().hover();
  await page.waitForSelector(".monaco-hover", { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(2500);
  console.log("hover:", JSON.stringify(await page.locator(".monaco-hover").allInnerTexts().catch(() => [])).slice(0, 800));
  await shot("py-hover.png");
  await page.mouse.move(5, 5);
  // The quick fix on `distill = nn.KLDivLoss()`: cursor on it, Ctrl+. , pick the fix.
  await page.locator(".monaco-editor .view-line", { hasText: "distill = nn.KLDivLoss" }).locator("span", { hasText: "KLDivLoss" }).last().click();
  await page.keyboard.press("Control+.");
  await page.waitForSelector(".action-widget", { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(800);
  await shot("py-quickfix-menu.png");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(1500);
  console.log("after fix:", JSON.stringify(await page.locator(".monaco-editor .view-line", { hasText: "distill =" }).allInnerTexts()));
  await shot("py-fixed.png");
  // The notebook.
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "distill.ipynb" }).dblclick();
  await page.waitForSelector(".notebook-editor .squiggly-warning, .notebookOverlay .squiggly-warning", { timeout: 30_000 }).catch(() => {});
  await page.waitForTimeout(2000);
  await shot("notebook-squiggle.png");
  await page.locator(".notebookOverlay .view-line, .notebook-editor .view-line", { hasText: "F.kl_div" }).locator("span", { hasText: "softmax" }).first().click();
  await page.keyboard.press("Control+.");
  await page.waitForSelector(".action-widget", { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(800);
  await shot("notebook-quickfix-menu.png");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(1500);
  console.log("cell after fix:", JSON.stringify(await page.locator(".notebookOverlay .view-line, .notebook-editor .view-line", { hasText: "F.kl_div" }).allInnerTexts()));
  await shot("notebook-fixed.png");
} finally {
  await wb.close();
}
