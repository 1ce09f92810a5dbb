import * as assert from "node:assert/strict";
import * as vscode from "vscode";

const extensionId = "loss-lens.loss-lens";

describe("activation", () => {
  it("activates on a python file and registers its commands", async () => {
    const doc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch\n" });
    await vscode.window.showTextDocument(doc);
    const ext = vscode.extensions.getExtension<{ activationMs: number }>(extensionId);
    assert.ok(ext, `extension ${extensionId} is installed`);
    const api = await ext.activate();
    assert.ok(ext.isActive);
    assert.equal(typeof api.activationMs, "number");
    console.log(`activation took ${api.activationMs.toFixed(2)} ms`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["lossLens.computeLoss", "lossLens.openPlayground"]) assert.ok(commands.includes(id), id);
  });
});
