// The extension host survives any file (issues #16, #18), in a real VS Code: a long compute runs in the compute
// worker and shows a progress notification with Cancel; cancelling stops it within a second; a hover answers
// within 100 ms during the compute; hostile selections end with a located message while the host stays alive;
// on a 2.4 MB line and a 10^5-term chain the hover, CodeLens and diagnostics answer within 50 ms or decline.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { LossLensApi } from "../../extension/main";
import { scratchFiles } from "./scratch";

interface Outcome {
  status: string;
  results: { line: number; text: string }[];
  diagnostics: { range: [number, number, number, number]; severity: string; message: string }[];
  progressAfterMs?: number;
  totalMs: number;
}

let api: LossLensApi;
const open = scratchFiles("robust");

// Long by design: 600 passes over 10^7 elements, past the default work budget (about a second of SIMD work here),
// so the test raises lossLens.maxWork as a person with such a loop would.
const LONG = "import torch\nx = torch.ones(10**7)\nfor i in range(600):\n    y = (x * 2).sum()\nloss = torch.nn.functional.l1_loss(x, x)\n";

async function timed<T>(run: () => Thenable<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await run();
  return { ms: performance.now() - t, value };
}

describe("robustness: the host survives any file", function () {
  this.timeout(120000);

  before(async () => {
    const ext = vscode.extensions.getExtension<LossLensApi>("loss-lens.loss-lens");
    assert.ok(ext);
    api = await ext.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("a long compute shows the progress notification with Cancel; Cancel stops it within a second; a hover answers within 100 ms meanwhile", async () => {
    const config = vscode.workspace.getConfiguration("lossLens");
    await config.update("maxWork", 1e12, vscode.ConfigurationTarget.Global);
    try {
      await longCompute();
    } finally {
      await config.update("maxWork", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  async function longCompute(): Promise<void> {
    const editor = await open(LONG);
    // Warm: the hover's texts and the compute worker.
    const at = new vscode.Position(4, LONG.split("\n")[4].indexOf("l1_loss") + 2);
    await vscode.commands.executeCommand("vscode.executeHoverProvider", editor.document.uri, at);
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    await api.compute.run({ line: 0 });
    const cts = new vscode.CancellationTokenSource();
    editor.selection = new vscode.Selection(0, 0, 5, 0);
    const running = api.compute.run({ token: cts.token }) as Promise<Outcome | undefined>;
    await new Promise((r) => setTimeout(r, 1200));
    const hovers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const h = await timed(() => vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", editor.document.uri, at));
      assert.ok(h.value.length > 0, "the hover answers during the compute");
      hovers.push(h.ms);
    }
    const t = performance.now();
    cts.cancel();
    const out = await running;
    const cancelMs = performance.now() - t;
    console.log(`      hover during a compute: ${hovers.map((h) => h.toFixed(1)).join(", ")} ms; progress after ${out?.progressAfterMs?.toFixed(0)} ms; cancel took ${cancelMs.toFixed(0)} ms`);
    assert.equal(out?.status, "cancelled");
    assert.ok(out?.progressAfterMs !== undefined && out.progressAfterMs >= 450 && out.progressAfterMs < 1500, `notification after ${out?.progressAfterMs} ms`);
    assert.ok(cancelMs < 1000, `cancel took ${cancelMs} ms`);
    assert.ok(Math.min(...hovers) < 100, `hover during compute: ${hovers.join(", ")} ms`);
    // A fresh worker answers the next compute.
    editor.selection = new vscode.Selection(4, 0, 5, 0);
    const next = (await api.compute.run({ line: 4 })) as Outcome;
    assert.equal(next.status, "done");
  }

  it("hostile selections end with a located message or a result, and the host stays alive", async () => {
    const cases: [string, RegExp][] = [
      ["s = 'a' * 120_000_000\nn = len(s)\nloss = torch.nn.functional.l1_loss(torch.ones(2), torch.zeros(2))\n", /^$/],
      ["x = [0]\nfor i in range(60):\n    x = x + x\nloss = torch.nn.functional.l1_loss(torch.ones(2), torch.zeros(2))\n", /MemoryError/],
      ["xs = []\nfor i in range(60):\n    xs = xs + ['a' * 100_000_000]\nloss = torch.nn.functional.l1_loss(torch.ones(2), torch.zeros(2))\n", /work limit|MemoryError/],
      ["s = 'a' * 10**9\nloss = torch.nn.functional.l1_loss(torch.ones(2), torch.zeros(2))\n", /MemoryError/],
      ["y = torch.ones(2)" + " + torch.ones(2)".repeat(100_000) + "\nloss = torch.nn.functional.l1_loss(y, y)\n", /RecursionError/],
    ];
    for (const [body, expected] of cases) {
      const src = "import torch\n" + body;
      const editor = await open(src);
      editor.selection = new vscode.Selection(0, 0, src.split("\n").length, 0);
      const out = (await api.compute.run()) as Outcome;
      assert.equal(out.status, "done", body.slice(0, 60));
      const errors = out.diagnostics.filter((d) => d.severity === "error").map((d) => d.message).join(" | ");
      if (expected.source === "^$") assert.equal(errors, "", body.slice(0, 60));
      else assert.match(errors, expected, body.slice(0, 60));
      for (const d of out.diagnostics) assert.ok(d.range[0] >= 0 && d.range[0] < src.split("\n").length, JSON.stringify(d));
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    }
    const small = await open("import torch\nloss = torch.nn.functional.l1_loss(torch.ones(2), torch.zeros(2))\n");
    small.selection = new vscode.Selection(0, 0, 2, 0);
    assert.equal(((await api.compute.run()) as Outcome).results[0]?.text, "= tensor(1.)");
  });

  it("a 2.4 MB line and a 10^5-term chain: hover, CodeLens and diagnostics answer within 50 ms or decline", async () => {
    const sources = {
      "2.4 MB line of strings": "import torch\nx = [" + Array(240000).fill("'abcdefgh'").join(", ") + "]\nloss = torch.nn.MSELoss()(torch.ones(2), torch.zeros(2))\n",
      "10^5-term chain": "import torch\na = torch.tensor(1.0)\ny = " + Array(100000).fill("a").join(" + ") + "\nloss = torch.nn.MSELoss()(y, a)\n",
      "1.9 MB line of torch.tensor(1.0),": "import torch\nxs = [" + "torch.tensor(1.0),".repeat(105000) + "]\nloss = torch.nn.MSELoss()(xs[0], xs[1])\n",
    };
    for (const [name, src] of Object.entries(sources)) {
      const editor = await open(src);
      const uri = editor.document.uri;
      const last = src.split("\n").length - 2;
      // Each asked twice: the first request of a freshly opened 2 MB document also pays VS Code's own costs.
      const twice = async <T>(run: () => Thenable<T>) => {
        const a = await timed(run);
        const b = await timed(run);
        return { ms: Math.min(a.ms, b.ms), first: a.ms, value: b.value };
      };
      const lens = await twice(() => vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri));
      const hoverLoss = await twice(() => vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, new vscode.Position(last, src.split("\n")[last].indexOf("MSELoss") + 2)));
      const ownLossHover = api.hoverMs() ?? Infinity;
      const hoverLong = await twice(() => vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, new vscode.Position(1, 5000)));
      const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Loss Lens");
      console.log(`      ${name}: CodeLens ${lens.ms.toFixed(1)} ms (first ${lens.first.toFixed(0)}; ${lens.value.length} lenses), hover ${hoverLoss.ms.toFixed(1)} / ${hoverLong.ms.toFixed(1)} ms (first ${hoverLoss.first.toFixed(0)}), passive diagnostics ${diags.length}`);
      // The provider's own time on the host thread (the command's round trip adds VS Code's handling of a 2 MB document).
      const own = api.compute.lensMs();
      console.log(`      ${name}: the CodeLens provider held the host ${own?.toFixed(1)} ms`);
      assert.ok(own !== undefined && own < 50, `${name}: CodeLens provider ${own} ms`);
      // The provider's own time (after the long-line hover, the last one asked); the round trip is logged above.
      const ownHover = Math.max(ownLossHover, api.hoverMs() ?? Infinity);
      console.log(`      ${name}: the hover provider took at most ${ownHover.toFixed(1)} ms`);
      assert.ok(ownHover < 50, `${name}: hover provider ${ownHover} ms`);
      assert.equal(diags.length, 0, "no passive diagnostics are computed");
    }
  });
});
