// Which PyTorch answers, in a real VS Code: with no Python extension (code-server here) "auto" falls back to the
// newest supported version; the setting overrides it; compute and hover name the version and answer as it; the
// torch version is read from an environment's files (torch/version.py, else the dist-info's METADATA).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LossLensApi } from "../../extension/main";
import { torchVersionIn } from "../../extension/version/detect";
import { nearestSupported } from "../../extension/version/state";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loss-lens-version-"));
let files = 0;

/** Opens the code with the cursor on its last line: the loss statement compute takes without a selection. */
async function open(content: string): Promise<vscode.TextEditor> {
  const file = path.join(dir, `case${files++}.py`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc);
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

  it("reads torch's version from an environment's files, as the nearest supported version", async () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), "site-packages-"));
    fs.mkdirSync(path.join(site, "torch"));
    fs.writeFileSync(path.join(site, "torch", "version.py"), "from typing import Optional\n__version__ = '2.13.0+cpu'\ndebug = False\n");
    assert.equal(await torchVersionIn(vscode.Uri.file(site)), "2.13.0+cpu");
    const meta = fs.mkdtempSync(path.join(os.tmpdir(), "site-packages-"));
    fs.mkdirSync(path.join(meta, "torch-1.13.1.dist-info"));
    fs.writeFileSync(path.join(meta, "torch-1.13.1.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: torch\nVersion: 1.13.1\n");
    assert.equal(await torchVersionIn(vscode.Uri.file(meta)), "1.13.1");
    assert.equal(await torchVersionIn(vscode.Uri.file(dir)), undefined);
    assert.deepEqual(["2.13.0+cpu", "1.13.1", "2.5.1", "1.12.0", "3.0.0"].map(nearestSupported), ["2.13", "1.13", "2.13", "1.13", "2.13"]);
  });
});
