// The loss doctor in a real VS Code: the diagnostic on the exact argument (source "Loss Lens", the rule as its code,
// linked to its explanation), the quick fix applied and the document right after it, the hover with the engine's
// numbers, in a .py document and in a notebook cell; the settings (per-rule severity, off, disabled).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LossLensApi } from "../../extension/main";

let api: LossLensApi;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loss-lens-lint-"));
let files = 0;

/** Each case in a file of its own (untitled documents get their names reused). */
async function openPython(content: string): Promise<vscode.TextDocument> {
  const file = path.join(dir, `lint${files++}.py`);
  fs.writeFileSync(file, content);
  return vscode.workspace.openTextDocument(vscode.Uri.file(file));
}

async function until<T>(what: string, get: () => T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Loss Lens");
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === "object" ? String(d.code.value) : String(d.code);
}

async function quickFix(uri: vscode.Uri, d: vscode.Diagnostic, title: string): Promise<void> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, d.range)) ?? [];
  const fix = actions.find((a) => a.title === title);
  assert.ok(fix?.edit, `a "${title}" quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
}

async function setLint(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("lossLens.lint").update(key, value, vscode.ConfigurationTarget.Global);
}

const PY = [
  "import torch",
  "import torch.nn as nn",
  "import torch.nn.functional as F",
  "",
  "class Net(nn.Module):",
  "    def __init__(self):",
  "        super().__init__()",
  "        self.fc = nn.Linear(8, 3)",
  "",
  "    def forward(self, x):",
  "        return F.softmax(self.fc(x), dim=1)",
  "",
  "net = Net()",
  "x = torch.randn(4, 8)",
  "y = torch.tensor([0, 2, 1, 1])",
  "loss = F.cross_entropy(F.softmax(x @ torch.randn(8, 3), dim=1), y)",
  "loss2 = nn.CrossEntropyLoss()(net(x), y)",
  "kl = nn.KLDivLoss()",
  "",
].join("\n");

describe("loss doctor", function () {
  before(async () => {
    const ext = vscode.extensions.getExtension<LossLensApi>("loss-lens.loss-lens");
    assert.ok(ext);
    api = await ext.activate();
  });

  after(async () => {
    await setLint("severity", undefined);
    await setLint("enabled", undefined);
  });

  it("a .py file: the squiggle on the argument, its rule and link; the quick fix and the document after it", async () => {
    const doc = await openPython(PY);
    await vscode.window.showTextDocument(doc);
    const diags = await until("three findings", () => (ours(doc.uri).length === 3 ? ours(doc.uri) : undefined));
    assert.deepEqual(diags.map(codeOf), ["softmax-before-cross-entropy", "softmax-before-cross-entropy", "kldiv-mean-reduction"]);
    const first = diags[0];
    assert.equal(doc.getText(first.range), "F.softmax(x @ torch.randn(8, 3), dim=1)");
    assert.equal(first.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(typeof first.code === "object" && String(first.code.target).endsWith("docs/lint.md#softmax-before-cross-entropy"));
    assert.equal(doc.getText(diags[1].range), "net(x)", "the model's forward returns a softmax");

    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, first.range.start.translate(0, 2))) ?? [];
    const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === "string" ? c : c.value)).join("\n");
    assert.match(md, /confines the loss to \[0\.55, 1\.55\]/, md.slice(0, 400));

    await quickFix(doc.uri, first, "Remove the softmax: pass the logits");
    assert.equal(doc.lineAt(15).text, "loss = F.cross_entropy(x @ torch.randn(8, 3), y)");
    const kl = await until("the fix re-analysed", () => (ours(doc.uri).length === 2 ? ours(doc.uri)[1] : undefined));
    await quickFix(doc.uri, kl, "Add reduction='batchmean'");
    assert.equal(doc.lineAt(17).text, "kl = nn.KLDivLoss(reduction='batchmean')");
    await until("one finding left", () => (ours(doc.uri).length === 1 ? true : undefined));
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("a notebook cell: the value comes from an earlier cell; the fix edits the cell", async () => {
    const cells = [
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "import torch\nimport torch.nn.functional as F\n", "python"),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "probs = F.softmax(torch.randn(4, 3), dim=1)\n", "python"),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "y = torch.tensor([0, 1, 2, 1])\nloss = F.nll_loss(F.softmax(torch.randn(4, 3), dim=1), y)\n", "python"),
    ];
    const nb = await vscode.workspace.openNotebookDocument("jupyter-notebook", new vscode.NotebookData(cells));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    const d = await until("the cell's finding", () => ours(cell.uri)[0]);
    assert.equal(codeOf(d), "nll-without-log-softmax");
    assert.equal(cell.getText(d.range), "F.softmax(torch.randn(4, 3), dim=1)");
    assert.deepEqual(ours(nb.cellAt(1).document.uri), []);
    await quickFix(cell.uri, d, "Use log_softmax");
    assert.equal(cell.lineAt(1).text, "loss = F.nll_loss(F.log_softmax(torch.randn(4, 3), dim=1), y)");
    await until("the cell is clean", () => (ours(cell.uri).length === 0 ? true : undefined));
  });

  it("a refactoring for correct code with a stabler form: BCELoss(sigmoid(x)) -> BCEWithLogitsLoss(x)", async () => {
    const doc = await openPython("import torch\nimport torch.nn.functional as F\nloss = F.binary_cross_entropy(torch.sigmoid(z), y)\n");
    await vscode.window.showTextDocument(doc);
    await api.lint.settled();
    await new Promise((r) => setTimeout(r, 100));
    await api.lint.settled();
    assert.deepEqual(ours(doc.uri), []);
    const at = new vscode.Range(2, 35, 2, 35);
    const list = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, at, vscode.CodeActionKind.RefactorRewrite.value)) ?? [];
    const r = list.find((a) => a.title === "Use binary_cross_entropy_with_logits on the logits (numerically stable)");
    assert.ok(r?.edit, JSON.stringify(list.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(r.edit));
    assert.equal(doc.lineAt(2).text, "loss = F.binary_cross_entropy_with_logits(z, y)");
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("settings: a rule's severity, a rule off, the doctor disabled", async () => {
    const doc = await openPython("import torch.nn as nn\nkl = nn.KLDivLoss()\nold = nn.NLLLoss2d()\n");
    await until("two findings", () => (ours(doc.uri).length === 2 ? true : undefined));
    await setLint("severity", { "kldiv-mean-reduction": "error", "deprecated-nllloss2d": "off" });
    const d = await until("the new severities", () => {
      const o = ours(doc.uri);
      return o.length === 1 && o[0].severity === vscode.DiagnosticSeverity.Error ? o[0] : undefined;
    });
    assert.equal(codeOf(d), "kldiv-mean-reduction");
    await setLint("enabled", false);
    await until("no findings", () => (ours(doc.uri).length === 0 ? true : undefined));
    await setLint("enabled", undefined);
    await setLint("severity", undefined);
    await until("findings back", () => (ours(doc.uri).length === 2 ? true : undefined));
    await api.lint.settled();
  });
});
