// The selection evaluator's contract, shared by the CLI (`loss-lens run`), the compute command and the
// playground. The JSON form of EvalOutput is the CLI contract in product.md.
import type { PyTorchVersion, Tensor } from "../api/types";

/** A located message. Lines and columns are 1-based; end is exclusive. */
export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning" | "info";
  message: string;
}

/** One statement that evaluated a loss (criterion call, functional call, inline nn.X(...)(...)). */
export interface LossEvaluation {
  /** 1-based line of the statement, and its full range for decorations. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The variable assigned, or null. */
  target: string | null;
  /** torch.nn class name; for a loss the user wrote, their class or function name (see `own`). */
  loss: string;
  /** Set when the loss is the user's own code: an instance of their nn.Module class, or their def. */
  own?: "class" | "function";
  /** Options after defaults were applied, for "how was it configured". */
  options: Record<string, unknown>;
  value: Tensor;
  perElement: Tensor;
  /** Gradient w.r.t. each requires_grad variable the loss depends on (of the sum when not scalar). */
  grads: Record<string, Tensor>;
  /** The inputs' values, for the playground's per-element view. */
  inputs: Tensor[];
  /** True when an input came from a random constructor (seeded; PyTorch's numbers differ). */
  random: boolean;
}

export interface EvalOutput {
  results: LossEvaluation[];
  diagnostics: Diagnostic[];
  /** What the program's print() calls would print, PyTorch-formatted. */
  stdout: string;
}

export interface EvalOptions {
  /** Largest tensor (elements) a literal or constructor may create. Default 10,000,000. */
  maxElements?: number;
  /** Evaluation step budget against runaway input. */
  maxSteps?: number;
  /** Work budget: elements touched by tensor, string and list operations plus Python steps. See budget.ts. */
  maxWork?: number;
  /** Memory budget (MB) for the values a program holds: tensors, strings, lists, dicts. See budget.ts. */
  maxMemoryMB?: number;
  /** Checked between statements; when set, evaluation stops with a "cancelled" diagnostic. */
  isCancelled?: () => boolean;
  /** The PyTorch whose answers are given (default: the engine's). */
  pytorch?: PyTorchVersion;
}
