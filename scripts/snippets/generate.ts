// The contributed snippets, generated from the catalog (run: node scripts/gen-snippets.mjs; the build runs
// it too). Per loss: the class with a tab stop per argument (defaults filled in, reduction as a choice),
// the functional form, and a runnable example; plus templates for custom losses and a training step.
import { catalog } from "../../engine/catalog";
import { esc, SHORT_NAMES as short, sharedClassSnippets, sharedFunctionalSnippets, type Snippet } from "../../engine/catalog/snippets";
import type { LossRecord } from "../../engine/catalog/types";
import { examples } from "./examples";

export type { Snippet };

function exampleSnippet(r: LossRecord): Snippet {
  const ex = examples[r.className];
  return {
    prefix: [`example-${short[r.className][0]}`, `loss-${short[r.className][0]}-example`, `${r.className} example`],
    body: [
      "import torch",
      "import torch.nn as nn",
      "",
      ...ex.tensors.map((l) => esc(l)),
      `criterion = nn.${r.className}(${esc(ex.args ?? "")})`,
      `loss = criterion(${ex.call})`,
      "loss.backward()",
      "print(loss)",
      "print(x.grad)$0",
    ],
    description: `Runnable example: nn.${r.className} on small tensors, with the loss and its gradient printed.`,
  };
}

const templates: Record<string, Snippet> = {
  "Custom loss function": {
    prefix: ["loss-function", "def-loss", "custom-loss-fn"],
    body: [
      "def ${1:my_loss}(${2:input}: torch.Tensor, ${3:target}: torch.Tensor, reduction: str = ${4|'mean','sum','none'|}) -> torch.Tensor:",
      "    loss = ${5:(${2:input} - ${3:target}).abs()}",
      "    if reduction == 'mean':",
      "        return loss.mean()",
      "    if reduction == 'sum':",
      "        return loss.sum()",
      "    return loss$0",
    ],
    description: "A custom loss as a function, with PyTorch's reduction argument.",
  },
  "Custom loss module": {
    prefix: ["loss-module", "class-loss", "custom-loss"],
    body: [
      "class ${1:MyLoss}(nn.Module):",
      "    def __init__(self, reduction: str = ${2|'mean','sum','none'|}):",
      "        super().__init__()",
      "        self.reduction = reduction",
      "",
      "    def forward(self, ${3:input}: torch.Tensor, ${4:target}: torch.Tensor) -> torch.Tensor:",
      "        loss = ${5:(${3:input} - ${4:target}) ** 2}",
      "        if self.reduction == 'mean':",
      "            return loss.mean()",
      "        if self.reduction == 'sum':",
      "            return loss.sum()",
      "        return loss$0",
    ],
    description: "A custom loss as an nn.Module with a forward method and PyTorch's reduction argument.",
  },
  "Training step": {
    prefix: ["train-step", "training-step", "loss-train"],
    body: [
      "${1:criterion} = nn.${2:CrossEntropyLoss}()",
      "${3:optimizer} = torch.optim.${4:SGD}(${5:model}.parameters(), lr=${6:0.01})",
      "",
      "${5:model}.train()",
      "for ${7:inputs}, ${8:targets} in ${9:loader}:",
      "    ${3:optimizer}.zero_grad()",
      "    outputs = ${5:model}(${7:inputs})",
      "    loss = ${1:criterion}(outputs, ${8:targets})",
      "    loss.backward()",
      "    ${3:optimizer}.step()$0",
    ],
    description: "A training loop step: criterion, optimizer, zero_grad, forward, loss, backward, step.",
  },
};

export function generateSnippets(): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  // The functional forms whose signature differs between versions (F.mse_loss's weight=) are not here: the
  // extension offers them for the version it answers as (extension/snippets/).
  // Nor are the classes only some versions have (nn.LinearCrossEntropyLoss, 2.x).
  const functional = sharedFunctionalSnippets();
  const classes = sharedClassSnippets();
  const shared = catalog.filter((r) => classes[`nn.${r.className}`]);
  for (const r of shared) {
    out[`nn.${r.className}`] = classes[`nn.${r.className}`];
    const f = functional[`F.${r.functional}`];
    if (f) out[`F.${r.functional}`] = f;
  }
  for (const r of shared) out[`Example: nn.${r.className}`] = exampleSnippet(r);
  Object.assign(out, templates);
  return out;
}

/** The file's exact text (what scripts/gen-snippets.mjs writes and the test compares). */
export function snippetsFileText(): string {
  return JSON.stringify(generateSnippets(), null, 2) + "\n";
}

/** A snippet body with every tab stop replaced by its default (first choice; nested placeholders expanded). */
export function expandDefaults(body: string[]): string {
  const text = body.join("\n");
  let i = 0;
  // Reads until `stop` (a "}" closing a placeholder) at this nesting level; returns the expanded text.
  function read(stop: string | null): string {
    let out = "";
    while (i < text.length) {
      const c = text[i];
      if (c === "\\") {
        out += text[i + 1] ?? "";
        i += 2;
      } else if (stop !== null && c === stop) {
        i++;
        return out;
      } else if (c === "$") {
        const m = /^\$(\d+)|^\$\{(\d+)([:|}])/.exec(text.slice(i));
        if (!m) {
          out += c;
          i++;
        } else if (m[1] !== undefined) {
          i += m[0].length;
        } else if (m[3] === "}") {
          i += m[0].length;
        } else if (m[3] === ":") {
          i += m[0].length;
          out += read("}");
        } else {
          i += m[0].length;
          let first = "";
          while (i < text.length && text[i] !== "," && text[i] !== "|") {
            if (text[i] === "\\") i++;
            first += text[i++];
          }
          while (i < text.length && !(text[i] === "|" && text[i + 1] === "}")) i += text[i] === "\\" ? 2 : 1;
          i += 2;
          out += first;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }
  return read(null);
}
