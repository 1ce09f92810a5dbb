// The PyTorch version the evaluator answers as, for the few tensor ops whose arithmetic changed between versions
// (the Interpreter sets it from its engine before running; engine/api/versions.ts holds the facts).
import { errorIn, NEWEST_PYTORCH, torchBehaviour, type TorchBehaviour } from "../api/versions";
import type { ErrorKind, PyTorchVersion } from "../api/types";
import { PyError } from "./errors";

let current: TorchBehaviour = torchBehaviour(NEWEST_PYTORCH);

export function setEvalVersion(v: PyTorchVersion): void {
  current = torchBehaviour(v);
}

export function evalTorch(): TorchBehaviour {
  return current;
}

/** A PyTorch error worded as 1.13 words it, raised in the evaluator's version's words and exception type. */
export function versionedError(kind: ErrorKind, message: string): PyError {
  const r = errorIn(current.version, kind, message);
  return new PyError(r.kind, r.message);
}
