// What the lazily loaded evaluator bundle (evaluator.js; entry.ts) offers the page. Types only: importing this
// file does not pull the evaluator into playground.js.
import type { Engine } from "../../engine/api/types";
import type { NumericParam } from "../../engine/userloss/detect";
import type { SweepResult, SweepSetup } from "../../engine/userloss/sweep";

export type { NumericParam, SweepResult, SweepSetup };

/** A user loss the page can sweep, or why it cannot. */
export type Opened =
  | { ok: true; params: NumericParam[]; kind: "function" | "class"; sweep(setup: SweepSetup, values: Record<string, number>, xs: Float64Array): SweepResult }
  | { ok: false; message: string; line: number | null };

export interface UserLossApi {
  open(source: string, name: string, engine: Engine): Opened;
}

declare global {
  var lossLensUserLoss: UserLossApi | undefined;
}
