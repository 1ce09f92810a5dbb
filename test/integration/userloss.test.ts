// Plotting the user's own loss in a real VS Code: the "Plot" CodeLens above a `def` opens the playground on it
// with the values the code gives; editing the function updates the open plot, and an error shows as a
// diagnostic and in the page while the plot keeps its last good curve; Copy as Python carries the code.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import type { PlaygroundState } from "../../webview/protocol";

const extensionId = "loss-lens.loss-lens";

async function until<T>(f: () => Thenable<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const pageState = () => vscode.commands.executeCommand<PlaygroundState | undefined>("lossLens.playground.state");
const ourDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Loss Lens");

describe("plotting a user loss", function () {
  this.timeout(90_000);
  let doc: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, "a workspace folder");
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, "charbonnier.py"));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.files.revert");
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("lossLens.playground")) await vscode.window.tabGroups.close(t);
    }
  });

  it("offers a Plot CodeLens above the def and opens the playground on it from there", async () => {
    const defLine = doc.getText().split("\n").findIndex((l) => l.startsWith("def charbonnier_loss"));
    const lenses = await until(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri),
      (ls) => (ls ?? []).some((l) => l.command?.command === "lossLens.plotLoss"),
    );
    const plot = lenses.find((l) => l.command?.command === "lossLens.plotLoss" && l.range.start.line === defLine);
    assert.ok(plot?.command, `a Plot lens on line ${defLine + 1}`);
    assert.equal(plot.command.title, "Plot");
    // The usage line calls the loss: it gets one too.
    const callLine = doc.getText().split("\n").findIndex((l) => l.startsWith("loss = charbonnier_loss("));
    assert.ok(lenses.some((l) => l.command?.command === "lossLens.plotLoss" && l.range.start.line === callLine), "a Plot lens on the call");

    await vscode.commands.executeCommand(plot.command.command, ...(plot.command.arguments ?? []));
    const state = await until(pageState, (s) => !!s?.user);
    assert.ok(state?.user, "the page shows a user loss");
    assert.equal(state.user.loss.name, "charbonnier_loss");
    assert.equal(state.user.loss.file, path.basename(doc.uri.path));
    assert.equal(state.user.mode, "error");
    // The held target is the code's (target = torch.tensor([0.5, ...])); L1 and SmoothL1 beside it.
    assert.equal(state.plot.target, 0.5);
    assert.deepEqual(state.losses, ["L1Loss", "SmoothL1Loss"]);
    assert.equal(state.user.loss.error, null);
    assert.deepEqual(ourDiagnostics(doc.uri), []);
  });

  it("follows edits: an error becomes a diagnostic and a page message, a fix clears both", async () => {
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const text = doc.getText();
    const at = text.indexOf("diff * diff");
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + "diff * diff".length));
    await editor.edit((e) => e.replace(range, "diff * dif"));
    const diags = await until(() => ourDiagnostics(doc.uri), (d) => d.length > 0);
    assert.equal(diags.length, 1);
    assert.match(diags[0].message, /NameError: name 'dif' is not defined/);
    assert.equal(diags[0].range.start.line, range.start.line, "on the line of the mistake");
    const broken = await until(pageState, (s) => !!s?.user?.loss.error);
    assert.match(broken?.user?.loss.error?.message ?? "", /NameError/);

    await editor.edit((e) => e.replace(new vscode.Range(range.start, range.start.translate(0, "diff * dif".length)), "diff * diff"));
    await until(() => ourDiagnostics(doc.uri), (d) => d.length === 0);
    assert.deepEqual(ourDiagnostics(doc.uri), []);
    const fixed = await until(pageState, (s) => s?.user?.loss.error === null);
    assert.equal(fixed?.user?.loss.error, null);
    assert.ok((fixed?.user?.loss.version ?? 0) >= 3, "every edit reached the page");
  });

  it("copies the plotted loss as Python with its code", async () => {
    const code = await vscode.commands.executeCommand<string>("lossLens.playground.copyPython");
    assert.match(code, /^# charbonnier_loss from charbonnier\.py/);
    assert.match(code, /^import torch$/m);
    assert.match(code, /^def charbonnier_loss\(pred: torch\.Tensor, target: torch\.Tensor, eps: float = 1e-3\) -> torch\.Tensor:$/m);
    assert.match(code, /^loss = charbonnier_loss\(input, target\)$/m);
    assert.match(code, /^# compared with: nn\.L1Loss\(\)$/m);
  });
});
