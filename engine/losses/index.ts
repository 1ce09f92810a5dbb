// Every loss the engine computes. Add a loss: write engine/losses/<name>.ts exporting a LossImpl and list it here.
import type { LossImpl } from "../api/registry";
import { mseLoss } from "./mse";

/** Element-wise (regression and pointwise) losses. */
const pointwise: LossImpl[] = [mseLoss];

export const lossImpls: LossImpl[] = [...pointwise];
