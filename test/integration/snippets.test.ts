// Snippets in a real VS Code: typing a prefix offers the snippet in the completion list, and inserting it
// expands to the loss with its defaults.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";

async function complete(prefix: string, label: string): Promise<{ editor: vscode.TextEditor; item: vscode.CompletionItem }> {
  const doc = await vscode.workspace.openTextDocument({ language: "python", content: `import torch.nn as nn\n${prefix}` });
  const editor = await vscode.window.showTextDocument(doc);
  const end = doc.lineAt(1).range.end;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", doc.uri, end);
  const labelOf = (i: vscode.CompletionItem) => (typeof i.label === "string" ? i.label : i.label.label);
  const item = list.items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i) === label);
  assert.ok(item, `snippet ${label} offered for "${prefix}" among ${list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf).slice(0, 20).join(", ")}`);
  return { editor, item };
}

async function insert(editor: vscode.TextEditor, item: vscode.CompletionItem): Promise<string> {
  const line = editor.document.lineAt(1);
  const snippet = item.insertText instanceof vscode.SnippetString ? item.insertText : new vscode.SnippetString(String(item.insertText));
  assert.ok(await editor.insertSnippet(snippet, line.range));
  return editor.document.lineAt(1).text;
}

describe("snippets", () => {
  it("nn.MSELoss expands with reduction's default choice", async () => {
    const { editor, item } = await complete("nn.MSE", "nn.MSELoss");
    assert.equal(await insert(editor, item), "nn.MSELoss(reduction='mean')");
  });

  it("mse offers the MSELoss snippet", async () => {
    const { editor, item } = await complete("mse", "mse");
    assert.equal(await insert(editor, item), "nn.MSELoss(reduction='mean')");
  });

  it("loss-huber expands HuberLoss with delta's default", async () => {
    const { editor, item } = await complete("loss-hub", "loss-huber");
    assert.equal(await insert(editor, item), "nn.HuberLoss(reduction='mean', delta=1.0)");
  });

  it("F.cross_entropy expands with its inputs and every parameter's default", async () => {
    const { editor, item } = await complete("F.cross_en", "F.cross_entropy");
    assert.equal(
      await insert(editor, item),
      "F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)",
    );
  });

  it("F.mse_loss follows the PyTorch version: weight= under 2.13, none under 1.13", async () => {
    const config = vscode.workspace.getConfiguration("lossLens");
    try {
      // Set in the user settings first: the picks below then replace it there (not in the test workspace).
      await config.update("pytorchVersion", "2.13", vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand("lossLens.pickPytorchVersion", "2.13");
      let { editor, item } = await complete("F.mse", "F.mse_loss");
      assert.equal(await insert(editor, item), "F.mse_loss(input, target, reduction='mean', weight=None)");
      await vscode.commands.executeCommand("lossLens.pickPytorchVersion", "1.13");
      ({ editor, item } = await complete("F.mse", "F.mse_loss"));
      assert.equal(await insert(editor, item), "F.mse_loss(input, target, reduction='mean')");
      // One F.mse_loss item, not the file's and the provider's both.
      const doc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch.nn.functional as F\nF.mse" });
      const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", doc.uri, doc.lineAt(1).range.end);
      const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === "string" ? i.label : i.label.label));
      assert.equal(labels.filter((l) => l === "F.mse_loss").length, 1);
    } finally {
      await config.update("pytorchVersion", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("nn.LinearCrossEntropyLoss and F.linear_cross_entropy are offered under 2.13 only, their required arguments first", async () => {
    const config = vscode.workspace.getConfiguration("lossLens");
    try {
      await config.update("pytorchVersion", "2.13", vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand("lossLens.pickPytorchVersion", "2.13");
      const { editor, item } = await complete("nn.LinearCross", "nn.LinearCrossEntropyLoss");
      assert.equal(
        await insert(editor, item),
        "nn.LinearCrossEntropyLoss(in_features, num_classes, out_features=(), bias=False, device=None, dtype=None, reduction='mean', weight=None, ignore_index=None, label_smoothing=0.0, options=None)",
      );
      // Its functional form, with the function's own inputs and parameters (the catalog's functionalSignature).
      const f = await complete("F.linear_cross", "F.linear_cross_entropy");
      assert.equal(
        await insert(f.editor, f.item),
        "F.linear_cross_entropy(input, linear_weight, target, linear_bias=None, weight=None, reduction='mean', ignore_index=None, label_smoothing=0.0, options=None)",
      );
      await vscode.commands.executeCommand("lossLens.pickPytorchVersion", "1.13");
      const doc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch.nn as nn\nnn.LinearCross" });
      const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", doc.uri, doc.lineAt(1).range.end);
      const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === "string" ? i.label : i.label.label));
      assert.ok(!labels.includes("nn.LinearCrossEntropyLoss"), labels.slice(0, 20).join(", "));
      const fdoc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch.nn as nn\nF.linear_cross" });
      const flist = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", fdoc.uri, fdoc.lineAt(1).range.end);
      assert.ok(!flist.items.some((i) => i.kind === vscode.CompletionItemKind.Snippet && (typeof i.label === "string" ? i.label : i.label.label) === "F.linear_cross_entropy"));
    } finally {
      await config.update("pytorchVersion", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("a runnable example inserts a whole program", async () => {
    const { editor, item } = await complete("example-kl", "example-kl");
    await insert(editor, item);
    const text = editor.document.getText();
    assert.ok(text.includes("criterion = nn.KLDivLoss(reduction='batchmean')"));
    assert.ok(text.includes("print(loss)"));
  });
});
