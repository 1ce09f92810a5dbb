import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { PlaygroundState } from "../../webview/protocol";

const extensionId = "loss-lens.loss-lens";

function playgroundTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("lossLens.playground"));
}

/** The page's own state, asked through the protocol (host -> page request, page -> host answer). */
async function pageState(): Promise<PlaygroundState> {
  const state = await vscode.commands.executeCommand<PlaygroundState | undefined>("lossLens.playground.state");
  assert.ok(state, "the playground answered");
  return state;
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("playground", function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  after(async () => {
    for (const t of playgroundTabs()) await vscode.window.tabGroups.close(t);
  });

  it("opens a webview panel beside the editor with the loss a hover link names", async () => {
    const doc = await vscode.workspace.openTextDocument({ language: "python", content: "import torch\n" });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand("lossLens.openPlayground", "HuberLoss");
    const tabs = await until(async () => playgroundTabs(), (t) => t.length > 0);
    assert.equal(tabs.length, 1, "one playground tab");
    assert.notEqual(tabs[0].group.viewColumn, vscode.ViewColumn.One, "beside the editor");
    const state = await pageState();
    assert.deepEqual(state.losses, ["HuberLoss"]);
  });

  it("round-trips messages: the page answers the copy-as-Python request", async () => {
    const code = await vscode.commands.executeCommand<string>("lossLens.playground.copyPython");
    assert.equal(code, "nn.HuberLoss()");
    assert.equal(await vscode.env.clipboard.readText(), "nn.HuberLoss()");
  });

  it("shows a computed case passed by the compute command", async () => {
    const t = (data: number[]) => ({ dtype: "float32" as const, shape: [data.length], data: Float32Array.from(data) });
    await vscode.commands.executeCommand("lossLens.openPlayground", {
      case: {
        line: 3, column: 1, endLine: 3, endColumn: 20,
        target: "loss",
        loss: "MSELoss",
        options: { reduction: "mean" },
        value: { dtype: "float32", shape: [], data: Float32Array.from([2.5]) },
        perElement: t([1, 4]),
        grads: { x: t([1, 2]) },
        inputs: [t([1, 2]), t([0, 0])],
        random: false,
      },
    });
    const state = await until(pageState, (s) => s.case !== null);
    assert.deepEqual(state.losses, ["MSELoss"]);
    assert.equal(state.case?.loss, "MSELoss");
    assert.deepEqual(state.case?.perElement.data, [1, 4]);
  });

  it("opens what the compute command computed: its result's \"Open in Playground\" link", async () => {
    const source = [
      "import torch",
      "import torch.nn as nn",
      "x = torch.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], requires_grad=True)",
      "y = torch.tensor([0, 2])",
      "loss = nn.CrossEntropyLoss(label_smoothing=0.1)(x, y)",
      "",
    ].join("\n");
    const doc = await vscode.workspace.openTextDocument({ language: "python", content: source });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, doc.lineCount, 0);
    await vscode.commands.executeCommand("lossLens.computeLoss");
    await vscode.commands.executeCommand("lossLens.compute.openPlayground");
    const state = await until(pageState, (s) => s.case?.loss === "CrossEntropyLoss");
    assert.deepEqual(state.losses, ["CrossEntropyLoss"]);
    assert.equal(state.case?.line, 5);
    assert.equal(state.params.CrossEntropyLoss?.label_smoothing, 0.1, "the case's options set the controls");
    assert.deepEqual(state.case?.inputs[1].data, [0, 2]);
  });

  it("restores its state after the panel is closed and reopened", async () => {
    await vscode.commands.executeCommand("lossLens.openPlayground", "SmoothL1Loss");
    const before = await until(pageState, (s) => s.losses[0] === "SmoothL1Loss");
    assert.deepEqual(before.losses, ["SmoothL1Loss"]);
    for (const t of playgroundTabs()) await vscode.window.tabGroups.close(t);
    assert.equal(playgroundTabs().length, 0);
    await vscode.commands.executeCommand("lossLens.openPlayground");
    const after = await pageState();
    assert.deepEqual(after.losses, ["SmoothL1Loss"]);
  });

  it("from the palette (no argument) opens on the loss at the cursor", async () => {
    for (const t of playgroundTabs()) await vscode.window.tabGroups.close(t);
    const source = "import torch.nn as nn\nx = 1\ncriterion = nn.CrossEntropyLoss(label_smoothing=0.1)\nloss = criterion(a, b)\n";
    const doc = await vscode.workspace.openTextDocument({ language: "python", content: source });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    // On the criterion's call line (not on the class name): the loss comes from the criterion's binding.
    editor.selection = new vscode.Selection(3, 2, 3, 2);
    await vscode.commands.executeCommand("lossLens.openPlayground");
    const state = await until(pageState, (s) => s.losses[0] === "CrossEntropyLoss");
    assert.deepEqual(state.losses, ["CrossEntropyLoss"]);
    // A line with no loss keeps what the playground showed.
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand("lossLens.openPlayground");
    assert.deepEqual((await pageState()).losses, ["CrossEntropyLoss"]);
  });

  it("refuses an argument it cannot show without opening anything broken", async () => {
    for (const t of playgroundTabs()) await vscode.window.tabGroups.close(t);
    await vscode.commands.executeCommand("lossLens.openPlayground", { loss: 42 });
    assert.equal(playgroundTabs().length, 0);
  });
});
