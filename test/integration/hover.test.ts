// The hover in a real VS Code: every form users write, in a .py file and in a notebook cell, in English
// and in Chinese (lossLens.language), and no hover where there is no torch loss.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";

const extensionId = "loss-lens.loss-lens";

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the test workspace is open");
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .join("\n---\n");
}

/** Our hovers only: other extensions (Python language servers) may add theirs. */
async function hoverAt(doc: vscode.TextDocument, needle: string, nth = 0, delta = 1): Promise<string> {
  const text = doc.getText();
  let idx = -1;
  for (let k = 0; k <= nth; k++) idx = text.indexOf(needle, idx + 1);
  assert.ok(idx >= 0, `${needle} is in the document`);
  const pos = doc.positionAt(idx + needle.length - delta);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, pos)) ?? [];
  return hoverText(hovers.filter((h) => hoverText([h]).includes("pytorch.org/docs/1.13")));
}

async function setLanguage(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration("lossLens").update("language", value, vscode.ConfigurationTarget.Global);
}

describe("hover", function () {
  let doc: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    doc = await vscode.workspace.openTextDocument(workspaceFile("losses.py"));
    await vscode.window.showTextDocument(doc);
    await setLanguage("en");
  });

  after(async () => {
    await setLanguage(undefined);
  });

  const forms: [string, string, number?][] = [
    ["nn.MSELoss", "torch.nn.MSELoss"],
    ["torch.nn.L1Loss", "torch.nn.L1Loss"],
    ["tnn.SmoothL1Loss", "torch.nn.SmoothL1Loss"],
    ["N.BCEWithLogitsLoss", "torch.nn.BCEWithLogitsLoss"],
    ["= CrossEntropyLoss", "torch.nn.CrossEntropyLoss"],
    ["= Huber", "torch.nn.HuberLoss"],
    ["F.cross_entropy", "torch.nn.functional.cross_entropy"],
    ["torch.nn.functional.mse_loss", "torch.nn.functional.mse_loss"],
    ["F2.kl_div", "torch.nn.functional.kl_div"],
  ];
  for (const [needle, title] of forms) {
    it(`hovers ${needle} in a .py file`, async () => {
      const md = await hoverAt(doc, needle);
      assert.ok(md.includes(`**${title}**`), md.slice(0, 300));
      assert.ok(md.includes("```python"), "shows the signature");
      assert.ok(md.includes("command:lossLens.openPlayground?"), "links the playground");
    });
  }

  it("shows the signature with defaults, formula, inputs, output and the call's configuration", async () => {
    const md = await hoverAt(doc, "= CrossEntropyLoss");
    assert.ok(md.includes("ignore_index=-100"));
    assert.ok(md.includes("label_smoothing=0.0"));
    assert.ok(md.includes("**Formula**"));
    assert.ok(md.includes("| `input` |"));
    assert.ok(md.includes("logits"));
    assert.ok(md.includes("`label_smoothing=0.1`"), "this call's configuration");
    const link = /command:lossLens\.computeLoss\?([^)]+)\)/.exec(md);
    assert.ok(link, "links compute for a call");
    const [args] = JSON.parse(decodeURIComponent(link[1]));
    assert.equal(args.uri, doc.uri.toString());
    assert.equal(args.line, 15, "the 0-based line of e = CrossEntropyLoss(...), as the compute CodeLens passes it");
  });

  it("hovers all 22 classes and 21 functional forms, in both languages", async () => {
    const names = [
      "L1Loss", "MSELoss", "CrossEntropyLoss", "CTCLoss", "NLLLoss", "NLLLoss2d", "PoissonNLLLoss", "GaussianNLLLoss",
      "KLDivLoss", "BCELoss", "BCEWithLogitsLoss", "MarginRankingLoss", "HingeEmbeddingLoss", "MultiLabelMarginLoss",
      "HuberLoss", "SmoothL1Loss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss",
      "MultiMarginLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss",
    ].map((n) => `nn.${n}`);
    const fns = [
      "l1_loss", "mse_loss", "cross_entropy", "ctc_loss", "nll_loss", "poisson_nll_loss", "gaussian_nll_loss", "kl_div",
      "binary_cross_entropy", "binary_cross_entropy_with_logits", "margin_ranking_loss", "hinge_embedding_loss",
      "multilabel_margin_loss", "huber_loss", "smooth_l1_loss", "soft_margin_loss", "multilabel_soft_margin_loss",
      "cosine_embedding_loss", "multi_margin_loss", "triplet_margin_loss", "triplet_margin_with_distance_loss",
    ].map((n) => `F.${n}`);
    const all = [...names, ...fns];
    assert.equal(all.length, 43);
    const content = "import torch.nn as nn\nimport torch.nn.functional as F\n" + all.map((n) => `v = ${n}\n`).join("");
    const all43 = await vscode.workspace.openTextDocument({ language: "python", content });
    for (const lang of ["en", "zh-cn"]) {
      await setLanguage(lang);
      for (const n of all) {
        const md = await hoverAt(all43, `${n}\n`, 0, 2);
        const full = n.startsWith("nn.") ? `torch.nn.${n.slice(3)}` : `torch.nn.functional.${n.slice(2)}`;
        assert.ok(md.includes(`**${full}**`), `${lang} ${n}: ${md.slice(0, 200)}`);
        assert.ok(/[\u4e00-\u9fff]/.test(md) === (lang === "zh-cn"), `${lang} ${n} is in ${lang}`);
      }
    }
    await setLanguage("en");
  });

  it("flags the pitfalls of this call: KLDivLoss 'mean', size_average, NLLLoss2d, invalid reduction", async () => {
    assert.ok((await hoverAt(doc, "nn.KLDivLoss")).includes("batchmean"));
    assert.ok((await hoverAt(doc, "F2.kl_div")).includes("'batchmean'"));
    assert.ok((await hoverAt(doc, "nn.NLLLoss2d")).includes("deprecated"));
    const legacy = await hoverAt(doc, "size_average", 0, 2);
    assert.ok(legacy.includes("reduction='sum'"), legacy.slice(0, 400));
    const bad = await hoverAt(doc, "reduction='avg'", 0, 10);
    assert.ok(bad.includes("avg is not a valid value for reduction"), bad.slice(0, 400));
  });

  it("explains a keyword argument and its value", async () => {
    const md = await hoverAt(doc, "label_smoothing=0.1", 0, 8);
    assert.ok(md.includes("**label_smoothing**"), md.slice(0, 300));
    assert.ok(md.includes("`label_smoothing=0.1`"));
  });

  it("shows which loss a criterion variable is, and how it was configured", async () => {
    const md = await hoverAt(doc, "loss_fn(x", 0, 3);
    assert.ok(md.includes("`loss_fn`"), md.slice(0, 300));
    assert.ok(md.includes("nn.CrossEntropyLoss(label_smoothing=0.2)"));
    assert.ok(md.includes("line 25"));
  });

  it("gives no hover for a user's own MSELoss, strings and comments", async () => {
    assert.equal(await hoverAt(doc, "mine = MSELoss"), "");
    assert.equal(await hoverAt(doc, '"nn.MSELoss'), "");
    assert.equal(await hoverAt(doc, "# nn.L1Loss"), "");
  });

  it("speaks Chinese when lossLens.language is zh-cn", async () => {
    await setLanguage("zh-cn");
    try {
      const md = await hoverAt(doc, "= CrossEntropyLoss");
      assert.ok(md.includes("**公式**"), md.slice(0, 300));
      assert.ok(md.includes("logits"));
      assert.ok(md.includes("在演练场中打开"));
      const kw = await hoverAt(doc, "label_smoothing=0.1", 0, 8);
      assert.ok(kw.includes("平滑"), kw.slice(0, 300));
    } finally {
      await setLanguage("en");
    }
  });

  it("works in notebook cells, with imports from an earlier cell, in both languages", async function () {
    const cells = [
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "import torch\nimport torch.nn as tnn\nimport torch.nn.functional as Fx\n", "python"),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "crit = tnn.KLDivLoss(reduction='batchmean')\nv = Fx.smooth_l1_loss(a, b)\n", "python"),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "out = crit(p, q)\n", "python"),
    ];
    let nb: vscode.NotebookDocument;
    try {
      nb = await vscode.workspace.openNotebookDocument("jupyter-notebook", new vscode.NotebookData(cells));
    } catch (e) {
      throw new Error(`no notebook support in this VS Code: ${(e as Error).message}`);
    }
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(1).document;
    assert.equal(cell.uri.scheme, "vscode-notebook-cell");
    const en = await hoverAt(cell, "tnn.KLDivLoss");
    assert.ok(en.includes("**torch.nn.KLDivLoss**"), en.slice(0, 300));
    assert.ok(!en.includes("⚠️ reduction='mean'"), "batchmean is not flagged");
    assert.ok((await hoverAt(cell, "Fx.smooth_l1_loss")).includes("**torch.nn.functional.smooth_l1_loss**"));
    const call = await hoverAt(nb.cellAt(2).document, "crit(p", 0, 3);
    assert.ok(call.includes("`crit`") && call.includes("KLDivLoss"), call.slice(0, 300));
    await setLanguage("zh-cn");
    try {
      const zh = await hoverAt(cell, "tnn.KLDivLoss");
      assert.ok(zh.includes("KL 散度"), zh.slice(0, 300));
    } finally {
      await setLanguage("en");
    }
  });
});
