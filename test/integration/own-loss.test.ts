// A loss the user wrote, in a real VS Code: Compute on a selected class + its call, the CodeLens on a custom
// criterion's call, and the hover on that call (forward's signature, the user's own code, Compute this call).
// Real custom losses from the corpus (each file cites its source); values checked against PyTorch's printout
// (test/fixtures/corpus.json).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LossLensApi } from "../../extension/main";

const root = path.resolve(__dirname, "..", "..", "..");
const corpus: { programs: { name: string; stdout: string }[] } = JSON.parse(fs.readFileSync(path.join(root, "test", "fixtures", "corpus.json"), "utf8"));

/** The first line PyTorch printed for a corpus program, as our decoration shows it: `= tensor(1.9982)`. */
function pytorchValue(name: string): string {
  const p = corpus.programs.find((x) => x.name === name);
  assert.ok(p, name);
  return "= " + p.stdout.split("\n")[0].replace(/, grad_fn=<\w+>\)$/, ")");
}

interface Outcome {
  status: string;
  results: { uri: string; line: number; text: string }[];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loss-lens-own-"));

async function openCorpus(name: string): Promise<vscode.TextEditor> {
  const file = path.join(dir, name);
  fs.copyFileSync(path.join(root, "test", "corpus", "programs", name), file);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc);
}

function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let l = 0; l < doc.lineCount; l++) if (doc.lineAt(l).text.includes(text)) return l;
  throw new Error(`${text} is not in the document`);
}

async function hoverMarkdown(doc: vscode.TextDocument, needle: string): Promise<string> {
  const idx = doc.getText().indexOf(needle);
  assert.ok(idx >= 0, needle);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, doc.positionAt(idx + 2))) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .filter((t) => t.includes("your own loss class"))
    .join("\n---\n");
}

describe("a user's own loss", function () {
  this.timeout(60000);
  let api: LossLensApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<LossLensApi>("loss-lens.loss-lens");
    assert.ok(ext);
    api = await ext.activate();
    await vscode.workspace.getConfiguration("lossLens").update("language", "en", vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration("lossLens").update("language", undefined, vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("Compute Loss on a selected class + its call: PyTorch's value after the call, gradients in its hover", async () => {
    const name = "gh_car_blackbox_focal_loss.py";
    const editor = await openCorpus(name);
    const doc = editor.document;
    const from = lineOf(doc, "class FocalLoss");
    const to = lineOf(doc, "loss = criterion(inputs, targets)");
    editor.selection = new vscode.Selection(from, 0, to, doc.lineAt(to).text.length);
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss");
    assert.equal(out.status, "done");
    const decorations = api.compute.decorations(doc.uri);
    assert.equal(decorations.length, 1);
    const d = decorations[0];
    assert.equal(d.range.start.line, to, "after the call's statement");
    assert.equal(d.text.replace(/\s+⚄.*$/, ""), pytorchValue(name));
    assert.match(d.text, /random inputs/, "randn inputs are flagged");
    // The user's class name is file text: escaped for Markdown (`\(`), it renders as FocalLoss().
    assert.match(d.hover, /\*\*FocalLoss\\\(\\\)\*\*/);
    assert.match(d.hover, /inputs\.grad = tensor\(\[\[ 0\.0254, -0\.2800/);
    assert.doesNotMatch(d.hover, /Open in Playground/, "the playground draws torch's losses only");
  });

  it("the CodeLens on a custom criterion's call computes it", async () => {
    const name = "gh_reasoner_bpr_docstring.py";
    const editor = await openCorpus(name);
    const doc = editor.document;
    const call = lineOf(doc, "output = loss(pos_score, neg_score)");
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
    const ours = lenses.filter((l) => l.command?.command === "lossLens.computeLoss");
    assert.deepEqual(ours.map((l) => l.range.start.line), [call], "one lens, on the call (not on the class or its construction)");
    assert.match(ours[0].command?.tooltip ?? "", /BPRLoss/);
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss", ...(ours[0].command?.arguments ?? []));
    assert.equal(out.status, "done");
    const [d] = api.compute.decorations(doc.uri);
    assert.equal(d.range.start.line, call);
    assert.equal(d.text.replace(/\s+⚄.*$/, ""), pytorchValue(name));
    assert.match(d.hover, /pos_score\.grad = tensor\(\[-0\.0915, -0\.1040, -0\.2286\]\)/);
  });

  it("the hover on the call shows forward's signature, the docstring, the user's own code, and computes the call", async () => {
    const editor = await openCorpus("gh_reasoner_bpr_docstring.py");
    const doc = editor.document;
    const md = await hoverMarkdown(doc, "loss(pos_score");
    assert.match(md, /`BPRLoss`: your own loss class \(your code, defined on line 6\)/);
    assert.match(md, /def forward\(self, pos_score, neg_score\)/);
    assert.match(md, /def __init__\(self, gamma=1e-10\)/);
    assert.match(md, /```text\nBPRLoss, based on Bayesian Personalized Ranking/);
    const link = /\(command:lossLens\.computeLoss\?([^)]+)\)/.exec(md);
    assert.ok(link, "a Compute this call link");
    const out = await vscode.commands.executeCommand<Outcome>("lossLens.computeLoss", ...JSON.parse(decodeURIComponent(link[1])));
    assert.equal(out.status, "done");
    assert.equal(api.compute.decorations(doc.uri)[0].range.start.line, lineOf(doc, "output = loss(pos_score"));
    // The class at its instantiation: the same facts, nothing to compute there.
    const made = await hoverMarkdown(doc, "BPRLoss()");
    assert.match(made, /def forward\(self, pos_score, neg_score\)/);
    assert.doesNotMatch(made, /computeLoss/);
  });
});
