// The one place that says how each loss's plot axis enters its inputs (PlotSpec.axis / PlotSpec.classes), for
// records that do not carry it themselves. The x text, range, controls and fixed values stay in the records.
import type { LossRecord, PlotAxis } from "./types";

interface AxisFill {
  axis: PlotAxis;
  classes?: number;
}

const plotAxes: Record<string, AxisFill> = {
  L1Loss: { axis: "error" },
  MSELoss: { axis: "error" },
  HuberLoss: { axis: "error" },
  SmoothL1Loss: { axis: "error" },
  GaussianNLLLoss: { axis: "error" },
  CrossEntropyLoss: { axis: "class-score", classes: 3 },
  NLLLoss: { axis: "class-score", classes: 3 },
  NLLLoss2d: { axis: "class-score", classes: 3 },
  MultiMarginLoss: { axis: "class-score", classes: 2 },
  MultiLabelMarginLoss: { axis: "class-score", classes: 2 },
  CTCLoss: { axis: "ctc", classes: 3 },
  PoissonNLLLoss: { axis: "input" },
  KLDivLoss: { axis: "input" },
  BCELoss: { axis: "input" },
  BCEWithLogitsLoss: { axis: "input" },
  HingeEmbeddingLoss: { axis: "input" },
  SoftMarginLoss: { axis: "input" },
  MultiLabelSoftMarginLoss: { axis: "input", classes: 1 },
  MarginRankingLoss: { axis: "difference" },
  CosineEmbeddingLoss: { axis: "cosine" },
  TripletMarginLoss: { axis: "triplet" },
  TripletMarginWithDistanceLoss: { axis: "triplet" },
};

/** The record's plot axis and class count: its own when it has them, else the table above. */
export function plotAxis(record: LossRecord): AxisFill {
  const own = record.plot.axis;
  if (own) return record.plot.classes === undefined ? { axis: own } : { axis: own, classes: record.plot.classes };
  const fill = plotAxes[record.aliasOf ?? record.className];
  if (!fill) throw new Error(`no plot axis for ${record.className}`);
  return fill;
}
