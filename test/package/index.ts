// Run inside code-server after `code-server --install-extension dist/loss-lens.vsix`: the packaged
// extension (not the development folder) is installed, activates on a python file and registers its commands.
import * as vscode from "vscode";

export async function run(): Promise<void> {
  console.log("LOSS_LENS_INTEGRATION_START");
  const checks: [string, () => Promise<void>][] = [
    ["the .vsix is installed as a regular extension", async () => {
      const ext = vscode.extensions.getExtension("loss-lens.loss-lens");
      if (!ext) throw new Error("loss-lens.loss-lens is not installed");
      if (!/extensions[\\/]loss-lens\.loss-lens-/.test(ext.extensionPath)) throw new Error(`unexpected path ${ext.extensionPath}`);
    }],
    ["it activates on a python file", async () => {
      const doc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch\n" });
      await vscode.window.showTextDocument(doc);
      const ext = vscode.extensions.getExtension("loss-lens.loss-lens");
      await ext?.activate();
      if (!ext?.isActive) throw new Error("not active");
    }],
    ["its commands are registered", async () => {
      const all = await vscode.commands.getCommands(true);
      const ours = (vscode.extensions.getExtension("loss-lens.loss-lens")?.packageJSON.contributes.commands ?? []) as { command: string }[];
      const missing = ours.map((c) => c.command).filter((c) => !all.includes(c));
      if (ours.length === 0 || missing.length) throw new Error(`missing commands: ${missing.join(", ")}`);
    }],
    // The engine's bytes are files of the installed .vsix (dist/webview/*.wasm.gz), not inside the bundle.
    ["it computes a loss with the engine it ships", async () => {
      const doc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch\nx = torch.tensor([1.0, 2.0])\nloss = torch.nn.functional.mse_loss(x, x * 2)\n" });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(2, 0, 2, 0);
      const api = vscode.extensions.getExtension<{ compute: { run(o?: { line?: number }): Promise<{ status: string; results: { text: string }[] } | undefined> } }>("loss-lens.loss-lens")?.exports;
      const out = await api?.compute.run({ line: 2 });
      // mean((x - 2x)^2) = (1 + 4) / 2
      if (out?.status !== "done" || !out.results.some((r) => /2\.5/.test(r.text))) throw new Error(`compute gave ${JSON.stringify(out)}`);
    }],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      await check();
      passed++;
      console.log(`  ✔ ${name}`);
    } catch (error) {
      failed++;
      console.log(`  ✘ ${name}: ${(error as Error).message}`);
    }
  }
  console.log(`LOSS_LENS_INTEGRATION ${JSON.stringify({ passed, failed })}`);
  if (failed) throw new Error(`${failed} package check(s) failed`);
}
