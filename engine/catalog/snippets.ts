// Snippet bodies from the catalog: a loss's class with a tab stop per argument (defaults filled in, reduction as
// a choice) and its functional form, for one PyTorch version. The contributed file (scripts/snippets/generate.ts)
// holds what every version shares; the functional forms whose signature differs between versions (weight= on
// F.mse_loss since 2.x) come from the extension's completion provider, for the version it answers as.
import type { PyTorchVersion } from "../api/versions";
import { PYTORCH_VERSIONS } from "../api/versions";
import { catalog, defaultRepr, getParam, inputNames } from "./index";
import type { LossRecord, ParamSpec } from "./types";
import { addedParams, hasLoss } from "./versions";

export interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

/** Short names users type: mse, ce, bce-logits, smoothl1 ... */
export const SHORT_NAMES: Record<string, string[]> = {
  L1Loss: ["l1", "mae"],
  MSELoss: ["mse"],
  CrossEntropyLoss: ["ce", "cross-entropy"],
  CTCLoss: ["ctc"],
  NLLLoss: ["nll"],
  NLLLoss2d: ["nll2d"],
  PoissonNLLLoss: ["poisson", "poisson-nll"],
  GaussianNLLLoss: ["gaussian", "gaussian-nll"],
  KLDivLoss: ["kl", "kldiv", "kl-div"],
  BCELoss: ["bce"],
  BCEWithLogitsLoss: ["bce-logits", "bcewithlogits"],
  MarginRankingLoss: ["margin-ranking", "ranking"],
  HingeEmbeddingLoss: ["hinge", "hinge-embedding"],
  MultiLabelMarginLoss: ["multilabel-margin"],
  HuberLoss: ["huber"],
  SmoothL1Loss: ["smoothl1", "smooth-l1"],
  SoftMarginLoss: ["soft-margin"],
  MultiLabelSoftMarginLoss: ["multilabel-soft-margin"],
  CosineEmbeddingLoss: ["cosine-embedding", "cosine"],
  MultiMarginLoss: ["multi-margin", "svm"],
  TripletMarginLoss: ["triplet"],
  TripletMarginWithDistanceLoss: ["triplet-distance"],
  LinearCrossEntropyLoss: ["linear-ce", "lce"],
};

/** Escapes text for a snippet body ($ } \ are special; inside a choice also , and |). */
export function esc(text: string, inChoice = false): string {
  const re = inChoice ? /[$}\\,|]/g : /[$}\\]/g;
  return text.replace(re, (c) => `\\${c}`);
}

/** The arguments with tab stops: every non-deprecated parameter, its default as the placeholder (a required one
 * positional, its name as the placeholder). */
function argStops(params: ParamSpec[], form: "class" | "functional", first: number): string {
  let n = first;
  const parts: string[] = [];
  for (const p of params) {
    if (p.deprecated) continue;
    const def = defaultRepr(p, form);
    if (p.required) {
      parts.push(`\${${n++}:${p.name}}`);
    } else if (p.choices) {
      const values = [p.default as string, ...p.choices.filter((c) => c !== p.default)].map((c) => esc(`'${c}'`, true));
      parts.push(`${p.name}=\${${n++}|${values.join(",")}|}`);
    } else {
      parts.push(`${p.name}=\${${n++}:${esc(def)}}`);
    }
  }
  return parts.join(", ");
}

export function classSnippet(r: LossRecord): Snippet {
  const short = SHORT_NAMES[r.className];
  return {
    prefix: [`nn.${r.className}`, r.className, ...short, ...short.map((s) => `loss-${s}`)],
    body: [`nn.${r.className}(${argStops(r.params, "class", 1)})$0`],
    description: `${r.deprecated ? "(deprecated) " : ""}${r.summary.en}`,
  };
}

/** The functional form as `version` spells it: 1.13's parameters, then those the version added (PyTorch's order). */
export function functionalSnippet(r: LossRecord, version: PyTorchVersion): Snippet {
  const names = inputNames(r, "functional");
  const inputs = names.map((name, k) => `\${${k + 1}:${name}}`);
  const params = [...r.functionalParams.map((name) => getParam(r, name, "functional") as ParamSpec), ...addedParams(r.className, version, true)];
  const text = argStops(params, "functional", names.length + 1);
  return {
    prefix: [`F.${r.functional}`, r.functional as string, ...SHORT_NAMES[r.className].map((s) => `f-${s}`)],
    body: [`F.${r.functional}(${[...inputs, ...(text ? [text] : [])].join(", ")})$0`],
    description: r.summary.en,
  };
}

/** True when the versions spell the loss's functional snippet differently. */
function differsByVersion(r: LossRecord): boolean {
  const bodies = new Set(PYTORCH_VERSIONS.map((v) => functionalSnippet(r, v).body.join("\n")));
  return bodies.size > 1;
}

/** The functional snippets every version shares (the contributed file's), by name ("F.cross_entropy"). */
export function sharedFunctionalSnippets(): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  for (const r of catalog) if (r.functional && !r.since && !differsByVersion(r)) out[`F.${r.functional}`] = functionalSnippet(r, PYTORCH_VERSIONS[0]);
  return out;
}

/** The losses every supported version has: the contributed file's class snippets. */
export function sharedClassSnippets(): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  for (const r of catalog) if (!r.since) out[`nn.${r.className}`] = classSnippet(r);
  return out;
}

/**
 * What differs between versions, as `version` spells it (the completion provider's): the functional forms whose
 * signature changed, and the classes only some versions have (nn.LinearCrossEntropyLoss, 2.x).
 */
export function versionedSnippets(version: PyTorchVersion): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  for (const r of catalog) {
    if (r.since && hasLoss(r, version)) {
      const s = classSnippet(r);
      out[`nn.${r.className}`] = { ...s, description: `${s.description} (PyTorch ${version})` };
    }
    // The functional forms that changed, and those of the losses only some versions have (F.linear_cross_entropy).
    if (!r.functional || !(r.since ? hasLoss(r, version) : differsByVersion(r))) continue;
    const s = functionalSnippet(r, version);
    out[`F.${r.functional}`] = { ...s, description: `${s.description} (PyTorch ${version})` };
  }
  return out;
}
