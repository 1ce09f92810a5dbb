// Temporary (not committed): session 11's person-level check of the compute command on losses using the new ops.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openWorkbench } from "../vscode/workbench.mjs";
import { runCommand, root } from "./lib.mjs";
const out = join(root, "test-results");
mkdirSync(out, { recursive: true });
const folder = mkdtempSync(join(tmpdir(), "loss-lens-s11-"));
writeFileSync(join(folder, "ppo_loss.py"), [
  "import torch",
  "from torch.distributions import Categorical",
  "",
  "def ppo_loss(logits, actions, old_logp, adv, clip=0.2):",
  "    dist = Categorical(logits=logits)",
  "    ratio = (dist.log_prob(actions) - old_logp).exp()",
  "    surr = torch.min(ratio * adv, torch.clamp(ratio, 1 - clip, 1 + clip) * adv)",
  "    return -surr.mean() - 0.01 * dist.entropy().mean()",
  "",
  "torch.manual_seed(0)",
  "logits = torch.randn(4, 3, requires_grad=True)",
  "loss = ppo_loss(logits, torch.tensor([0, 2, 1, 1]), torch.randn(4) - 1.0, torch.randn(4))",
  "loss.backward()",
  "print(loss, logits.grad)",
  "",
  "alpha = torch.rand(2, 3) * 4 + 1",
  "S = alpha.sum(1, keepdim=True)",
  "kl = torch.lgamma(S) - torch.lgamma(alpha).sum(1, keepdim=True) + ((alpha - 1) * (torch.digamma(alpha) - torch.digamma(S))).sum(1, keepdim=True)",
  "print(kl)",
  "",
].join("\n"));
const settings = { "workbench.startupEditor": "none", "chat.disableAIFeatures": true, "editor.minimap.enabled": false };
const wb = await openWorkbench({ folder, extensionPath: root, settings });
const { page } = wb;
const shot = (name) => page.screenshot({ path: join(out, "s11-" + name) }).then(() => console.log(`screenshot: test-results/s11-${name}`));
try {
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "ppo_loss.py" }).dblclick({ timeout: 30_000 });
  await page.waitForSelector(".monaco-editor .view-line", { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.locator(".monaco-editor .view-line").first().click();
  await page.keyboard.press("Control+A");
  await runCommand(page, "Loss Lens: Compute Loss");
  await page.waitForTimeout(3500);
  await shot("ppo-decoration.png");
  const output = await page.locator(".output-view, .panel .monaco-editor").allInnerTexts().catch(() => []);
  console.log("output panel:", JSON.stringify(output).slice(0, 1500));
  await page.locator(".monaco-editor .view-line", { hasText: "loss = ppo_loss" }).locator("span").first().hover();
  await page.waitForSelector(".monaco-hover", { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(1200);
  await shot("ppo-hover.png");
  console.log("hover:", JSON.stringify(await page.locator(".monaco-hover").allInnerTexts().catch(() => [])).slice(0, 800));
} finally {
  await wb.close();
}
