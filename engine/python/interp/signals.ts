// Control flow as exceptions: return / break / continue travel out of nested statements, and Skip marks a
// statement that uses a name whose own statement was not evaluated.
import type { Value } from "../values";

export class ReturnSignal {
  constructor(readonly value: Value) {}
}
export class BreakSignal {}
export class ContinueSignal {}
/** A statement uses a name whose statement was skipped: skip this one too. */
export class Skip {
  constructor(
    readonly name: string,
    readonly line: number,
  ) {}
}

/** An exception reached the top level: Python stops the program there. */
export class StopRun {}
