// The errors a loss's own Python / composite code raises on bool, int64 or 0-d inputs before any kernel of the
// engine's would (each measured on 1.13 and 2.13): the engine computes those inputs as int64 values instead.
import type { OptionValue } from "../api/types";
import { PyError, Unsupported } from "./errors";
import { dtypeName, isTensor, type PTensor } from "./tensor";
import type { Args } from "./values";
import { versionedError } from "./version";

const SUB_BOOL = "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";
const SUB_TWO_BOOLS = "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.";
const noDims = (d: number) => new PyError("IndexError", `Dimension specified as ${d} but tensor has no dimensions`);

/** Throws the error PyTorch raises for these inputs of `loss` (its nn class name), if one of these. */
export function checkLossInputs(loss: string, inputs: PTensor[], options: Record<string, OptionValue>): void {
  const [x, y] = inputs;
  if (!x || !y) return;
  const isBool = (t: PTensor) => t.dtype === "bool";
  switch (loss) {
    case "L1Loss":
      // (input - target).abs(): sub_check.
      if (isBool(x) && isBool(y)) throw new PyError("RuntimeError", SUB_TWO_BOOLS);
      if (isBool(x) || isBool(y)) throw new PyError("RuntimeError", SUB_BOOL);
      return;
    case "HingeEmbeddingLoss":
      // margin - input, with the margin a tensor of the input's dtype.
      if (isBool(x)) throw new PyError("RuntimeError", SUB_TWO_BOOLS);
      return;
    case "PoissonNLLLoss":
      // log_input: exp(input) - target * input; else input - target * log(input + eps).
      if (options.log_input === false ? isBool(x) : isBool(x) && isBool(y)) throw new PyError("RuntimeError", SUB_BOOL);
      return;
    case "MultiLabelSoftMarginLoss":
      // -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input)), then loss * weight, then input.size(-1).
      if (!x.isFloat) throw versionedError("RuntimeError", `"log_sigmoid_cpu" not implemented for '${dtypeName(x.dtype)}'`);
      if (isBool(y)) throw new PyError("RuntimeError", SUB_BOOL);
      if (x.ndim === 0) throw noDims(-1);
      return;
    case "CrossEntropyLoss":
      // Class probabilities of a 0-d input: log_softmax over dim 1.
      if (x.ndim === 0 && y.ndim === 0 && y.isFloat) throw noDims(1);
      return;
  }
}

/** F.multilabel_soft_margin_loss multiplies by its weight in Python: a number works there, not in the engine. */
export function checkLossArgs(loss: string, args: Args): void {
  const w = args.kw.get("weight") ?? args.pos[2];
  if (loss === "MultiLabelSoftMarginLoss" && w && !isTensor(w) && (w.t === "int" || w.t === "float")) throw new Unsupported("multilabel_soft_margin_loss with a number weight");
}
