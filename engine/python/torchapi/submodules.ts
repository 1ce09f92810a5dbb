// torch.linalg and torch.special: the vector norms and the aliases real loss code reaches through them.
import { PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import type { Args, Value } from "../values";
import { builtin, isNone, kw, tensorArg, toNumber } from "./args";
import { dimsArg } from "./shared";
import { logsumexpCall, softmaxCall, unaryFn } from "./torch";
import type { Ctx } from "./ctx";

const GRAD_FN = "LinalgVectorNormBackward0";

function boolArg(v: Value | undefined): boolean {
  return !!v && !isTensor(v) && v.t === "bool" && v.v;
}

/** ord as a number: inf / -inf / a float; 'fro' is the 2-norm; other matrix norms (nuc, 2 over a matrix) are refused. */
function ordOf(v: Value | undefined, fname: string): number {
  if (isNone(v)) return 2;
  if (!isTensor(v!) && v!.t === "str") {
    if (v!.v === "fro") return 2;
    throw new Unsupported(`${fname} with ord='${v!.v}'`);
  }
  return toNumber(v!, "ord");
}

/** linalg.vector_norm(x, ord=2, dim=None, keepdim=False): every element when dim is None. */
function vectorNorm(a: Args): Value {
  const x = tensorArg(kw(a, "x", 0) ?? a.kw.get("input"), "linalg.vector_norm");
  const ord = kw(a, "ord", 1);
  if (!isNone(ord) && !isTensor(ord!) && ord!.t === "str") throw new PyError("TypeError", `linalg_vector_norm(): argument 'ord' must be Number, not str`);
  return T.norm(x, ordOf(ord, "linalg.vector_norm"), dimsArg(kw(a, "dim", 2)), boolArg(kw(a, "keepdim", 3)), GRAD_FN);
}

/**
 * linalg.norm(A, ord=None, dim=None, keepdim=False): without ord the 2-norm of every element (or over dim); with a
 * number the vector norm of a 1-D input (or over one dim); 'fro' over a matrix. Matrix norms by singular values
 * (ord 2, -2, 'nuc') and the max / min row or column sums of a matrix (ord +-1, +-inf over two dims) are refused.
 */
function linalgNorm(a: Args): Value {
  const x = tensorArg(kw(a, "A", 0) ?? a.kw.get("input"), "linalg.norm");
  const ordV = kw(a, "ord", 1);
  const dims = dimsArg(kw(a, "dim", 2));
  const keepdim = boolArg(kw(a, "keepdim", 3));
  if (isNone(ordV)) return T.norm(x, 2, dims, keepdim, GRAD_FN);
  const isStr = !isTensor(ordV!) && ordV!.t === "str";
  const matrix = dims ? dims.length === 2 : x.ndim === 2;
  if (!dims && x.ndim !== 1 && x.ndim !== 2) throw new PyError("RuntimeError", `linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${x.ndim}D.`);
  if (isStr && !matrix) throw new PyError("RuntimeError", `linalg.vector_norm: ord must be a number`);
  if (matrix && !(isStr && (ordV as { v: string }).v === "fro")) throw new Unsupported(`linalg.norm with a matrix ord (${isStr ? `'${(ordV as { v: string }).v}'` : toNumber(ordV!)})`);
  return T.norm(x, ordOf(ordV, "linalg.norm"), dims, keepdim, GRAD_FN);
}

export function linalgAttr(name: string): Value | undefined {
  if (name === "vector_norm") return builtin("torch.linalg.vector_norm", vectorNorm);
  if (name === "norm") return builtin("torch.linalg.norm", linalgNorm);
  return undefined;
}

/**
 * torch.autograd: Variable(data, requires_grad=False) (today a new tensor sharing data's storage, detached, with
 * the flag set), and anomaly detection: set_detect_anomaly(mode) switches it when called (a context manager too),
 * detect_anomaly() for a with block; a backward returning NaN then raises PyTorch's error.
 */
export function autogradAttr(name: string): Value | undefined {
  if (name === "Variable") {
    return builtin("torch.autograd.Variable", (a) => {
      const v = T.detach(tensorArg(kw(a, "data", 0), "Variable"));
      const rg = kw(a, "requires_grad", 1);
      if (rg && !isTensor(rg) && rg.t === "bool" && rg.v) v.requiresGrad = true;
      return v;
    });
  }
  if (name === "set_detect_anomaly" || name === "detect_anomaly") {
    return builtin(`torch.autograd.${name}`, (a) => {
      const m = kw(a, "mode", 0);
      const on = name === "detect_anomaly" || (!!m && !isTensor(m) && (m.t === "bool" ? m.v : m.t === "int" && m.v !== 0));
      const prev = name === "set_detect_anomaly" ? T.setAnomaly(on) : T.isAnomalyEnabled();
      return { t: "gradmode", on: T.isGradEnabled(), what: name, prev: T.isGradEnabled(), anomaly: { on, prev } };
    });
  }
  return undefined;
}

/** torch.special's aliases of ops the evaluator has (grad_fn names as the ops print them). */
export function specialAttr(name: string, ctx: Ctx): Value | undefined {
  if (name === "expit") return unaryFn("torch.special.expit", "sigmoid");
  if (name === "expm1" || name === "log1p") return unaryFn(`torch.special.${name}`, name);
  if (name === "logsumexp") return builtin("torch.special.logsumexp", (a) => logsumexpCall(tensorArg(kw(a, "input", 0), "logsumexp"), a, 1));
  if (name === "softmax") return builtin("torch.special.softmax", (a) => softmaxCall(a, "softmax", false, ctx, false));
  if (name === "log_softmax") return builtin("torch.special.log_softmax", (a) => softmaxCall(a, "log_softmax", true, ctx, false));
  return undefined;
}
