// A person-level run of "Loss Lens: Compute Loss" in code-server: open a seed example from the notes, select
// it, run the command from the palette (F1), and screenshot the decoration, its hover and the output channel
// into test-results/. Run after a build: node scripts/screenshots/compute.mjs
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openWorkbench } from "../vscode/workbench.mjs";
import { runCommand, root } from "./lib.mjs";

/** What a person does: F1, type the command's title, Enter. */
const computeFromPalette = (page) => runCommand(page, "Loss Lens: Compute Loss");

const out = join(root, "test-results");
mkdirSync(out, { recursive: true });
const folder = mkdtempSync(join(tmpdir(), "loss-lens-compute-"));
// seed 003 (the BCEWithLogitsLoss example the notes annotate with "tensor(0.2014)"), as a user has it.
const source = [
  "import torch",
  "import torch.nn as nn",
  "",
  "flag = 1",
  "if flag:",
  "    target = torch.ones([10, 64], dtype=torch.float32)  # 64 classes, batch size = 10",
  "    output = torch.full([10, 64], 1.5)  # A prediction (logit)",
  "    pos_weight = torch.ones([64])  # All weights are equal to 1",
  "    criterion = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)",
  "    loss = criterion(output, target)  # -log(sigmoid(1.5))",
  "    print(loss) #tensor(0.2014)",
  "",
].join("\n");
writeFileSync(join(folder, "bce_example.py"), source);
// Two tensors alone, for the QuickPick flow.
writeFileSync(
  join(folder, "two_tensors.py"),
  ["import torch", "", "logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])", "labels = torch.tensor([0, 1])", ""].join("\n"),
);

// A long compute (a loop over 10^7 elements, past the work budget's default: the settings below raise it, as a
// person would for it) shows the progress notification after half a second.
writeFileSync(
  join(folder, "long_loop.py"),
  ["import torch", "", "x = torch.ones(10_000_000)", "for i in range(300):", "    x = x * 1.0000001", "loss = torch.nn.functional.mse_loss(x, torch.zeros(10_000_000))", ""].join("\n"),
);

// --web runs the extension in the web-worker extension host (the same dist/extension.js), as vscode.dev would.
const web = process.argv.includes("--web");
const settings = { "workbench.startupEditor": "none", "chat.disableAIFeatures": true, "editor.minimap.enabled": false, "lossLens.maxWork": 1e10 };
if (web) settings["remote.extensionKind"] = { "loss-lens.loss-lens": ["web"] };
const prefix = web ? "compute-web-" : "compute-";
const wb = await openWorkbench({ folder, extensionPath: root, settings });
const { page } = wb;
const shot = (name) => page.screenshot({ path: join(out, prefix + name) }).then(() => console.log(`screenshot: test-results/${prefix + name}`));
try {
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "bce_example.py" }).dblclick({ timeout: 30_000 });
  await page.waitForSelector(".monaco-editor .view-line", { timeout: 30_000 });
  await page.waitForTimeout(1500);
  // Select the `if flag:` body (lines 6 to 11) as a person would: click, Home, Shift+Down, Shift+End.
  const line6 = page.locator(".monaco-editor .view-line", { hasText: "target = torch.ones" });
  await line6.click();
  await page.keyboard.press("Home");
  await page.keyboard.press("Home");
  for (let i = 0; i < 5; i++) await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+End");
  await computeFromPalette(page);
  await page.waitForTimeout(2500);
  await shot("decoration.png");
  // The hover on the computed statement: full value, per-element loss, gradients, actions.
  await page.locator(".monaco-editor .view-line", { hasText: "loss = criterion" }).locator("span").first().hover();
  await page.waitForSelector(".monaco-hover", { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(1200);
  await shot("hover.png");
  const hover = await page.locator(".monaco-hover").allInnerTexts().catch(() => []);
  console.log("hover text:", JSON.stringify(hover).slice(0, 600));
  await page.mouse.move(5, 5);
  await page.waitForTimeout(500);
  const output = await page.locator(".output-view, .panel .monaco-editor").allInnerTexts().catch(() => []);
  console.log("output panel:", JSON.stringify(output).slice(0, 800));
  await shot("output.png");
  // The selected-tensors flow: the QuickPick of the losses that fit, then reduction (Enter keeps the defaults).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "two_tensors.py" }).dblclick();
  await page.waitForTimeout(1500);
  await page.locator(".monaco-editor .view-line", { hasText: "logits = torch" }).click();
  await page.keyboard.press("Home");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+End");
  await computeFromPalette(page);
  await page.waitForTimeout(2000);
  await shot("quickpick.png");
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Enter");
    await page.waitForTimeout(800);
  }
  await page.waitForTimeout(1500);
  await shot("tensors-result.png");
  // The long compute: its progress notification with Cancel, then Cancel (the worker is ended at once).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "long_loop.py" }).dblclick();
  await page.waitForTimeout(1500);
  await page.locator(".monaco-editor .view-line", { hasText: "loss = torch" }).click();
  await computeFromPalette(page);
  // The notification shows as a toast, or only behind the bell when the window lacks focus (as this headless one
  // does): open the notifications center then.
  await page.waitForTimeout(1500);
  let note = page.locator(".notification-toast", { hasText: "computing" });
  if (!(await note.isVisible())) {
    await page.locator("#status\\.notifications").click();
    note = page.locator(".notifications-center .notification-list-item", { hasText: "computing" });
  }
  await note.waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  await shot("progress.png");
  const clicked = performance.now();
  await note.getByRole("button", { name: "Cancel" }).click();
  await note.waitFor({ state: "hidden", timeout: 5_000 });
  console.log(`progress: the notification closed ${(performance.now() - clicked).toFixed(0)} ms after Cancel`);
  await page.waitForTimeout(500);
  await shot("cancelled.png");
  if (web) {
    // Which extension host ran it: the Running Extensions view names the host.
    await runCommand(page, "Developer: Show Running Extensions");
    await page.waitForTimeout(2500);
    await shot("running-extensions.png");
    console.log("running extensions:", JSON.stringify(await page.locator(".runtime-extensions-editor").allInnerTexts().catch(() => [])).slice(0, 800));
  }
} finally {
  await wb.close();
}
