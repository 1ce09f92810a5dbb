// The PyTorch version the evaluator answers as, for the few tensor ops whose arithmetic changed between versions
// (the Interpreter sets it from its engine before running; engine/api/versions.ts holds the facts).
import { NEWEST_PYTORCH, torchBehaviour, type TorchBehaviour } from "../api/versions";
import type { PyTorchVersion } from "../api/types";

let current: TorchBehaviour = torchBehaviour(NEWEST_PYTORCH);

export function setEvalVersion(v: PyTorchVersion): void {
  current = torchBehaviour(v);
}

export function evalTorch(): TorchBehaviour {
  return current;
}
