// TEMPORARY: parameter defaults until the catalog branch lands; deleted when engine/catalog is merged.
import type { LossRecord, ParamSpec } from "../catalog/types";

const doc = { en: "", "zh-cn": "" };
const p = (name: string, kind: ParamSpec["kind"], def: ParamSpec["default"]): ParamSpec => ({ name, kind, default: def, doc });
const legacy = [p("size_average", "legacy-bool", null), p("reduce", "legacy-bool", null)];
const red = p("reduction", "reduction", "mean");
const params: Record<string, ParamSpec[]> = {
  L1Loss: [...legacy, red],
  MSELoss: [...legacy, red],
  SmoothL1Loss: [...legacy, red, p("beta", "float", 1.0)],
  HuberLoss: [red, p("delta", "float", 1.0)],
  BCELoss: [p("weight", "tensor", null), ...legacy, red],
  BCEWithLogitsLoss: [p("weight", "tensor", null), ...legacy, red, p("pos_weight", "tensor", null)],
  SoftMarginLoss: [...legacy, red],
  PoissonNLLLoss: [p("log_input", "bool", true), p("full", "bool", false), legacy[0], p("eps", "float", 1e-8), legacy[1], red],
  GaussianNLLLoss: [p("full", "bool", false), p("eps", "float", 1e-6), red],
  KLDivLoss: [...legacy, red, p("log_target", "bool", false)],
  MarginRankingLoss: [p("margin", "float", 0.0), ...legacy, red],
  HingeEmbeddingLoss: [p("margin", "float", 1.0), ...legacy, red],
};

export function getLoss(className: string): LossRecord | undefined {
  const ps = params[className];
  return ps && ({ className, params: ps } as unknown as LossRecord);
}
