// Every loss the engine computes. Add a loss: write engine/losses/<name>.ts exporting a LossImpl and list it here.
import type { LossImpl } from "../api/registry";
import { crossEntropyLoss, nllLoss } from "./classification";
import { ctcLoss } from "./ctc";
import { cosineEmbeddingLoss, tripletMarginLoss, tripletMarginWithDistanceLoss } from "./embedding";
import { multiLabelMarginLoss, multiLabelSoftMarginLoss, multiMarginLoss } from "./margin";
import { mseLoss } from "./mse";

/** Element-wise (regression and pointwise) losses. */
const pointwise: LossImpl[] = [mseLoss];

/** Classification and structured losses (class indices, margins, embeddings, sequences). */
const structured: LossImpl[] = [
  crossEntropyLoss,
  nllLoss,
  multiMarginLoss,
  multiLabelMarginLoss,
  multiLabelSoftMarginLoss,
  cosineEmbeddingLoss,
  tripletMarginLoss,
  tripletMarginWithDistanceLoss,
  ctcLoss,
];

export const lossImpls: LossImpl[] = [...pointwise, ...structured];
