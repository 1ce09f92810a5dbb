// Every loss the engine computes. Add a loss: write engine/losses/<name>.ts exporting a LossImpl and list it here.
import type { LossImpl } from "../api/registry";
import { bceLoss } from "./bce";
import { bceWithLogitsLoss } from "./bce-with-logits";
import { gaussianNllLoss } from "./gaussian-nll";
import { hingeEmbeddingLoss } from "./hinge-embedding";
import { huberLoss } from "./huber";
import { klDivLoss } from "./kl-div";
import { l1Loss } from "./l1";
import { marginRankingLoss } from "./margin-ranking";
import { crossEntropyLoss, nllLoss } from "./classification";
import { ctcLoss } from "./ctc";
import { cosineEmbeddingLoss, tripletMarginLoss, tripletMarginWithDistanceLoss } from "./embedding";
import { multiLabelMarginLoss, multiLabelSoftMarginLoss, multiMarginLoss } from "./margin";
import { mseLoss } from "./mse";
import { poissonNllLoss } from "./poisson-nll";
import { smoothL1Loss } from "./smooth-l1";
import { softMarginLoss } from "./soft-margin";

/** Element-wise (regression and pointwise) losses. */
const pointwise: LossImpl[] = [
  l1Loss, mseLoss, smoothL1Loss, huberLoss, bceLoss, bceWithLogitsLoss, softMarginLoss,
  poissonNllLoss, gaussianNllLoss, klDivLoss, marginRankingLoss, hingeEmbeddingLoss,
];

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
