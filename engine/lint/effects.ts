// What each mistake does to the numbers, computed by the engine (the selection evaluator on small programs, so
// the numbers are PyTorch's): the hover on a finding shows them. Nothing here is written down by hand.
import type { Engine } from "../api/types";
import { engineAs, type PyTorchVersion } from "../api/versions";
import { evaluate } from "../python";
import type { EvalOutput } from "../python/types";
import type { Rule } from "./rules";

const HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n";

function run(engine: Engine, body: string): EvalOutput {
  return evaluate(HEAD + body, engine, { maxElements: 1000, maxSteps: 10_000, pytorch: engine.pytorch });
}

/** The scalar value of the loss assigned to `name`. */
function value(out: EvalOutput, name: string): number {
  const r = out.results.find((x) => x.target === name);
  if (!r) throw new Error(`effects: no result for ${name}: ${out.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value.data[0];
}

function gradNorm(out: EvalOutput, name: string, of: string): number {
  const r = out.results.find((x) => x.target === name);
  const g = r?.grads[of];
  if (!g) throw new Error(`effects: no gradient of ${name} w.r.t. ${of}`);
  let s = 0;
  for (const v of g.data) s += v * v;
  return Math.sqrt(s);
}

function error(out: EvalOutput): string {
  const d = out.diagnostics.find((x) => x.severity === "error");
  if (!d) throw new Error("effects: expected PyTorch to raise");
  return d.message;
}

const f = (x: number, digits = 2) => x.toFixed(digits);

/**
 * Markdown lines (code spans for code) about what the mistake of `rule` does, or null when it is about style.
 * Computed as `pytorch` (default: the engine's version) computes it, in its words.
 */
export function effectOf(rule: Rule, given: Engine, pytorch?: PyTorchVersion): string | null {
  const engine = engineAs(given, pytorch);
  const v = engine.pytorch;
  switch (rule) {
    case "softmax-before-cross-entropy": {
      const o = run(
        engine,
        "lo = F.cross_entropy(F.softmax(torch.tensor([[30.0, 0.0, 0.0]]), dim=1), torch.tensor([0]))\n" +
          "hi = F.cross_entropy(F.softmax(torch.tensor([[0.0, 30.0, 0.0]]), dim=1), torch.tensor([0]))\n" +
          "z = torch.tensor([[2.0, 0.5, -1.0]], requires_grad=True)\n" +
          "right = F.cross_entropy(z, torch.tensor([1]))\n" +
          "wrong = F.cross_entropy(F.softmax(z, dim=1), torch.tensor([1]))\n",
      );
      const ratio = gradNorm(o, "right", "z") / gradNorm(o, "wrong", "z");
      return (
        `With 3 classes, softmax first confines the loss to [${f(value(o, "lo"))}, ${f(value(o, "hi"))}] however right or wrong the model is ` +
        `(on the logits it goes from 0 to infinity). For logits \`[2.0, 0.5, -1.0]\` and target 1 the loss is ${f(value(o, "wrong"), 4)} instead of ` +
        `${f(value(o, "right"), 4)}, and the gradient is ${f(ratio, 1)}× smaller.`
      );
    }
    case "sigmoid-before-bce-with-logits": {
      const o = run(
        engine,
        "lo = F.binary_cross_entropy_with_logits(torch.sigmoid(torch.tensor([30.0])), torch.tensor([1.0]))\n" +
          "hi = F.binary_cross_entropy_with_logits(torch.sigmoid(torch.tensor([-30.0])), torch.tensor([1.0]))\n" +
          "x = torch.tensor([-2.0], requires_grad=True)\n" +
          "right = F.binary_cross_entropy_with_logits(x, torch.tensor([1.0]))\n" +
          "wrong = F.binary_cross_entropy_with_logits(torch.sigmoid(x), torch.tensor([1.0]))\n",
      );
      const ratio = gradNorm(o, "right", "x") / gradNorm(o, "wrong", "x");
      return (
        `For a positive target the loss can only move between ${f(value(o, "lo"), 3)} and ${f(value(o, "hi"), 3)}. ` +
        `At logit -2.0 it is ${f(value(o, "wrong"), 4)} instead of ${f(value(o, "right"), 4)}, and the gradient is ${f(ratio, 1)}× smaller.`
      );
    }
    case "bce-on-logits": {
      const o = run(engine, "loss = F.binary_cross_entropy(torch.tensor([2.5]), torch.tensor([1.0]))\n");
      return `A score outside [0, 1] stops training: \`F.binary_cross_entropy(torch.tensor([2.5]), torch.tensor([1.0]))\` raises \`${error(o)}\`; scores inside it are read as probabilities.`;
    }
    case "nll-without-log-softmax": {
      const o = run(
        engine,
        "z = torch.tensor([[2.0, 0.5, -1.0]])\nright = F.nll_loss(F.log_softmax(z, dim=1), torch.tensor([0]))\nwrong = F.nll_loss(F.softmax(z, dim=1), torch.tensor([0]))\n",
      );
      return `On probabilities NLLLoss is minus the picked probability, always in [-1, 0]: for logits \`[2.0, 0.5, -1.0]\` and target 0 it gives ${f(value(o, "wrong"), 4)} instead of ${f(value(o, "right"), 4)}.`;
    }
    case "kldiv-input-not-log": {
      const o = run(
        engine,
        "p = F.softmax(torch.tensor([[1.0, 2.0, 3.0]]), dim=1)\nright = F.kl_div(p.log(), p, reduction='batchmean')\nwrong = F.kl_div(p, p, reduction='batchmean')\n",
      );
      return `Between a distribution and itself the KL divergence is ${f(value(o, "right"), 4)}; with probabilities as the input KLDivLoss gives ${f(value(o, "wrong"), 4)}.`;
    }
    case "kldiv-mean-reduction": {
      const o = run(
        engine,
        "p = torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])\nq = torch.tensor([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])\n" +
          "mean = F.kl_div(q.log(), p, reduction='mean')\nbatchmean = F.kl_div(q.log(), p, reduction='batchmean')\n",
      );
      return `For 2 rows of 3 classes, 'mean' gives ${f(value(o, "mean"), 4)} and the KL divergence ('batchmean') is ${f(value(o, "batchmean"), 4)}: 'mean' divides by the number of classes too.`;
    }
    case "cross-entropy-target-dtype": {
      const o = run(engine, "loss = F.nll_loss(F.log_softmax(torch.tensor([[2.0, 0.5, -1.0]]), dim=1), torch.tensor([1.0]))\n");
      return `PyTorch ${v} rejects float class indices: \`${error(o)}\`.`;
    }
    case "bce-target-dtype": {
      const o = run(engine, "loss = F.binary_cross_entropy_with_logits(torch.tensor([0.5, -1.0]), torch.tensor([1, 0]))\n");
      return `PyTorch ${v} rejects integer targets here: \`${error(o)}\`.`;
    }
    case "broadcast-shape-mismatch": {
      const o = run(
        engine,
        "pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]])\ntarget = torch.tensor([1.0, 2.0, 3.0, 4.0])\n" +
          "wrong = F.mse_loss(pred, target)\nright = F.mse_loss(pred.squeeze(1), target)\n",
      );
      return `A perfect prediction \`[[1], [2], [3], [4]]\` against \`[1, 2, 3, 4]\` gives ${f(value(o, "wrong"), 4)} instead of ${f(value(o, "right"), 4)}: every prediction is compared with every target.`;
    }
    case "double-label-smoothing": {
      const o = run(
        engine,
        "z = torch.tensor([[4.0, 0.0, 0.0]])\nsoft = torch.tensor([[0.9333, 0.0333, 0.0333]])\n" +
          "once = F.cross_entropy(z, soft)\ntwice = F.cross_entropy(z, soft, label_smoothing=0.1)\n",
      );
      return `For logits \`[4.0, 0.0, 0.0]\` and targets smoothed by 0.1, the loss is ${f(value(o, "twice"), 4)} with label_smoothing=0.1 on top instead of ${f(value(o, "once"), 4)}.`;
    }
    case "bce-target-range": {
      // Two runs: an exception stops a program at its statement, as in Python.
      const b = run(engine, "bce = F.binary_cross_entropy(torch.tensor([0.01]), torch.tensor([-1.0]))\n");
      const o = run(
        engine,
        "far = F.binary_cross_entropy_with_logits(torch.tensor([-10.0]), torch.tensor([-1.0]))\n" +
          "farther = F.binary_cross_entropy_with_logits(torch.tensor([-20.0]), torch.tensor([-1.0]))\n",
      );
      const call = "`F.binary_cross_entropy(torch.tensor([0.01]), torch.tensor([-1.0]))`";
      const first = b.results.some((r) => r.target === "bce")
        ? `In PyTorch ${v}, ${call} gives ${f(value(b, "bce"), 4)}, below the 0 of a right answer.`
        : `In PyTorch ${v}, ${call} raises \`${error(b)}\`.`;
      return (
        `${first} BCEWithLogitsLoss takes a target of -1 in every version and then has no minimum: ` +
        `logit -10.0 gives ${f(value(o, "far"), 4)}, logit -20.0 gives ${f(value(o, "farther"), 4)}.`
      );
    }
    case "deprecated-reduction-args":
    case "deprecated-nllloss2d":
      return null;
  }
}
