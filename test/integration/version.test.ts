// Which PyTorch answers, in a real VS Code: with no Python extension (code-server here) "auto" falls back to the
// newest supported version; the setting overrides it; compute and hover name the version and answer as it; the
// torch version is read from an environment's files (torch/version.py, else the dist-info's METADATA).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LossLensApi } from "../../extension/main";
import { scratchFiles } from "./scratch";
import { torchVersionIn } from "../../extension/version/detect";
import { nearestSupported } from "../../extension/version/state";

const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
const hadVscodeDir = workspaceFolder !== undefined && fs.existsSync(path.join(workspaceFolder, ".vscode"));
const openFile = scratchFiles("version");

/** Opens the code with the cursor on its last line: the loss statement compute takes without a selection. */
async function open(content: string): Promise<vscode.TextEditor> {
  const editor = await openFile(content);
  const last = content.trimEnd().split("\n").length - 1;
  editor.selection = new vscode.Selection(last, 3, last, 3);
  return editor;
}

interface Outcome {
  results: { text: string }[];
  diagnostics: { message: string }[];
}

async function setVersion(api: LossLensApi, value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration("lossLens").update("pytorchVersion", value, vscode.ConfigurationTarget.Global);
  await api.pytorchVersion();
}

async function hoverOf(doc: vscode.TextDocument, needle: string): Promise<string> {
  const pos = doc.positionAt(doc.getText().indexOf(needle) + needle.length - 1);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === "string" ? c : c.value)).join("\n");
}

// BCELoss with a target above 1: PyTorch 1.13 computes a number, 2.13 refuses it.
const BCE = "import torch\nimport torch.nn as nn\nloss = nn.BCELoss()(torch.tensor([0.25, 0.5]), torch.tensor([1.5, 0.0]))\n";
const LCE = "import torch\nimport torch.nn as nn\ntorch.manual_seed(0)\ncrit = nn.LinearCrossEntropyLoss(4, 3, bias=True)\nx = torch.randn(2, 4, requires_grad=True)\nloss = crit(x, torch.tensor([0, 2]))\n";
const LCE_F = "import torch\nimport torch.nn.functional as F\nloss = F.linear_cross_entropy(torch.ones(2, 4), torch.ones(3, 4), torch.tensor([0, 2]), label_smoothing=1.5)\n";
const WEIGHTED = "import torch\nimport torch.nn.functional as F\nx = torch.tensor([1.0, 2.0])\nloss = F.mse_loss(x, torch.zeros(2), weight=torch.tensor([1.0, 3.0]))\n";

describe("PyTorch version", function () {
  let api: LossLensApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<LossLensApi>("loss-lens.loss-lens");
    assert.ok(ext);
    api = await ext.activate();
    await vscode.workspace.getConfiguration("lossLens").update("language", "en", vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await setVersion(api, undefined);
    await vscode.workspace.getConfiguration("lossLens").update("pytorchVersion", undefined, vscode.ConfigurationTarget.Workspace);
    // The pick's workspace write created .vscode/settings.json in the test workspace: leave it as it was.
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder && !hadVscodeDir) fs.rmSync(path.join(folder, ".vscode"), { recursive: true, force: true });
    await vscode.workspace.getConfiguration("lossLens").update("language", undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("auto without a Python extension answers as the newest, 2.13", async () => {
    await setVersion(api, undefined);
    const choice = await api.pytorchVersion();
    assert.equal(choice.version, "2.13");
    assert.equal(choice.source, "default");
    assert.ok(choice.detected?.from, "says why no environment was read");
    await open(BCE);
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(out.diagnostics.map((d) => d.message), ["all elements of target should be between 0 and 1"]);
  });

  it("the setting overrides: 1.13 computes BCE's number, and compute's hover names the version", async () => {
    await setVersion(api, "1.13");
    const choice = await api.pytorchVersion();
    assert.deepEqual([choice.version, choice.source], ["1.13", "setting"]);
    const editor = await open(BCE);
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.results.length, 1);
    assert.match(out.results[0].text, /tensor\(/);
    const shown = api.compute.decorations(editor.document.uri);
    assert.match(shown[0].hover, /PyTorch 1\.13/);
  });

  it("hover names the version and warns where the user's version lacks a parameter", async () => {
    await setVersion(api, "1.13");
    const doc = (await open(WEIGHTED)).document;
    const old = await hoverOf(doc, "F.mse_loss");
    assert.match(old, /PyTorch 1\.13/);
    assert.match(old, /`weight=` needs PyTorch 2\.x; your environment has 1\.13/);
    await setVersion(api, "2.13");
    const now = await hoverOf(doc, "F.mse_loss");
    assert.match(now, /PyTorch 2\.13/);
    assert.match(now, /since PyTorch 2\.x: `weight=` on `F\.mse_loss`/);
    assert.doesNotMatch(now, /needs PyTorch/);
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(out.diagnostics, []);
    assert.match(out.results[0]?.text ?? "", /3\.2500/);
  });

  it("nn.LinearCrossEntropyLoss: hover and compute as 2.13 (with the CodeLens on its call); under 1.13 PyTorch's AttributeError", async () => {
    await setVersion(api, "2.13");
    const doc = (await open(LCE)).document;
    const now = await hoverOf(doc, "nn.LinearCrossEntropyLoss");
    assert.match(now, /since PyTorch 2\.x: the loss itself, `nn\.LinearCrossEntropyLoss`/);
    assert.doesNotMatch(now, /needs PyTorch/);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri)) ?? [];
    assert.ok(lenses.some((l) => l.range.start.line === 5), `a lens on the call's line: ${lenses.map((l) => `${l.range.start.line}:${l.command?.title}`).join(", ")}`);
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.results.length, 1);
    assert.match(out.results[0].text, /tensor\(/);
    await setVersion(api, "1.13");
    const old = (await hoverOf(doc, "nn.LinearCrossEntropyLoss")).replace(/\\(.)/g, "$1");
    assert.match(old, /AttributeError: module 'torch.nn' has no attribute 'LinearCrossEntropyLoss'/);
    assert.match(old, /`nn\.LinearCrossEntropyLoss` needs PyTorch 2\.x; your environment has 1\.13/);
    const failed = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(failed.results, []);
    assert.deepEqual(failed.diagnostics.map((d) => d.message), ["AttributeError: module 'torch.nn' has no attribute 'LinearCrossEntropyLoss'"]);
  });

  it("F.linear_cross_entropy: its own signature and checks in the hover as 2.13; under 1.13 PyTorch's AttributeError", async () => {
    await setVersion(api, "2.13");
    const doc = (await open(LCE_F)).document;
    const now = (await hoverOf(doc, "F.linear_cross_entropy")).replace(/\\(.)/g, "$1");
    assert.match(now, /since PyTorch 2\.x: the loss itself, `F\.linear_cross_entropy`/);
    assert.match(now, /linear_weight,\s+target,\s+\*,\s+linear_bias=None,/);
    assert.match(now, /RuntimeError: label_smoothing must be between 0\.0 and 1\.0\. Got: 1\.5/);
    assert.doesNotMatch(now, /needs PyTorch|has no attribute/);
    await setVersion(api, "1.13");
    const old = (await hoverOf(doc, "F.linear_cross_entropy")).replace(/\\(.)/g, "$1");
    assert.match(old, /AttributeError: module 'torch.nn.functional' has no attribute 'linear_cross_entropy'/);
    assert.match(old, /`F\.linear_cross_entropy` needs PyTorch 2\.x; your environment has 1\.13/);
  });

  it("the status bar's pick: auto shows what it found, the current is marked, and a pick changes hover and compute", async () => {
    await setVersion(api, undefined);
    const doc = (await open(BCE)).document;
    assert.match(await hoverOf(doc, "nn.BCELoss"), /PyTorch 2\.13/);
    const shown = new Promise<readonly { label: string; description?: string; iconPath?: unknown }[]>((resolve) => {
      const sub = api.onVersionPickShown((items) => {
        sub.dispose();
        resolve(items);
      });
    });
    // The status bar item's command, as a click runs it (no argument): the quick pick opens on the current value.
    const picked = vscode.commands.executeCommand<{ version: string; source: string } | undefined>("lossLens.pickPytorchVersion");
    const items = await shown;
    assert.deepEqual(items.map((i) => i.label), ["auto", "2.13", "1.13"]);
    assert.match(items[0].description ?? "", /^current · now 2\.13, the newest: no Python extension/);
    assert.ok(items[0].iconPath instanceof vscode.ThemeIcon, "the current value is marked");
    assert.equal(items[2].iconPath, undefined);
    // Down twice (auto -> 2.13 -> 1.13), then Enter.
    await vscode.commands.executeCommand("workbench.action.quickOpenSelectNext");
    await vscode.commands.executeCommand("workbench.action.quickOpenSelectNext");
    await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
    const choice = await picked;
    assert.deepEqual([choice?.version, choice?.source], ["1.13", "setting"]);
    // A trusted folder is open and nothing was set: the pick is the workspace's.
    const seen = vscode.workspace.getConfiguration("lossLens").inspect<string>("pytorchVersion");
    assert.deepEqual([seen?.workspaceValue, seen?.globalValue], ["1.13", undefined]);
    assert.match(await hoverOf(doc, "nn.BCELoss"), /PyTorch 1\.13/);
    await vscode.window.showTextDocument(doc);
    let out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(out.diagnostics, []);
    assert.match(out.results[0]?.text ?? "", /tensor\(/);
    // Picking auto again removes the workspace's value (nothing below it): 2.13 refuses the target again.
    const back = await vscode.commands.executeCommand<{ version: string; source: string }>("lossLens.pickPytorchVersion", "auto");
    assert.deepEqual([back.version, back.source], ["2.13", "default"]);
    assert.equal(vscode.workspace.getConfiguration("lossLens").inspect<string>("pytorchVersion")?.workspaceValue, undefined);
    assert.match(await hoverOf(doc, "nn.BCELoss"), /PyTorch 2\.13/);
    out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.deepEqual(out.diagnostics.map((d) => d.message), ["all elements of target should be between 0 and 1"]);
  });

  it("reads torch's version from an environment's files, as the nearest supported version", async () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), "site-packages-"));
    fs.mkdirSync(path.join(site, "torch"));
    fs.writeFileSync(path.join(site, "torch", "version.py"), "from typing import Optional\n__version__ = '2.13.0+cpu'\ndebug = False\n");
    assert.equal(await torchVersionIn(vscode.Uri.file(site)), "2.13.0+cpu");
    const meta = fs.mkdtempSync(path.join(os.tmpdir(), "site-packages-"));
    fs.mkdirSync(path.join(meta, "torch-1.13.1.dist-info"));
    fs.writeFileSync(path.join(meta, "torch-1.13.1.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: torch\nVersion: 1.13.1\n");
    assert.equal(await torchVersionIn(vscode.Uri.file(meta)), "1.13.1");
    assert.equal(await torchVersionIn(vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), "no-torch-")))), undefined);
    assert.deepEqual(["2.13.0+cpu", "1.13.1", "2.5.1", "1.12.0", "3.0.0"].map(nearestSupported), ["2.13", "1.13", "2.13", "1.13", "2.13"]);
  });
});
