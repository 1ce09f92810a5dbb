// torch.linalg, torch.special, torch.autograd and torch.nn.init: the vector norms, aliases, Variable / anomaly mode
// and initialisers real loss code reaches through them.
import { PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor, type PTensor } from "../tensor";
import { fillNormal, fillUniform } from "../random";
import { hasOwn, NONE, type Args, type Value } from "../values";
import { keepdimArg, builtin, isNone, kw, numberOr, operand, tensorArg, toNumber } from "./args";
import { dimsArg } from "./shared";
import { linalgSolveAttr } from "./linalgapi";
import { linalgCross } from "./miscops";
import { logsumexpCall, polygammaCall, softmaxCall, unaryFn } from "./torch";
import type { Ctx } from "./ctx";

const GRAD_FN = "LinalgVectorNormBackward0";

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
  return T.norm(x, ordOf(ord, "linalg.vector_norm"), dimsArg(kw(a, "dim", 2)), keepdimArg(kw(a, "keepdim", 3)), GRAD_FN);
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
  const keepdim = keepdimArg(kw(a, "keepdim", 3));
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
  if (name === "cross") return builtin("torch.linalg.cross", linalgCross);
  return linalgSolveAttr(name);
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
  if (name === "expm1" || name === "log1p" || name === "erf" || name === "digamma") return unaryFn(`torch.special.${name}`, name);
  if (name === "gammaln") return unaryFn("torch.special.gammaln", "lgamma");
  if (name === "entr") return builtin("torch.special.entr", (a) => T.entr(tensorArg(kw(a, "input", 0), "special_entr")));
  if (name === "xlog1py") return builtin("torch.special.xlog1py", (a) => T.xlog1py(operand(kw(a, "input", 0) ?? NONE, "special_xlog1py", 1, "input"), operand(kw(a, "other", 1) ?? NONE, "special_xlog1py", 2, "other")));
  if (name === "psi") return unaryFn("torch.special.psi", "digamma");
  if (name === "polygamma") return builtin("torch.special.polygamma", (a) => polygammaCall(a, null, "polygamma"));
  if (name === "xlogy") return builtin("torch.special.xlogy", (a) => T.xlogy(operand(kw(a, "input", 0) ?? NONE, "xlogy", 1, "input"), operand(kw(a, "other", 1) ?? NONE, "xlogy", 2, "other")));
  if (name === "logsumexp") return builtin("torch.special.logsumexp", (a) => logsumexpCall(tensorArg(kw(a, "input", 0), "logsumexp"), a, 1));
  if (name === "softmax") return builtin("torch.special.softmax", (a) => softmaxCall(a, "softmax", false, ctx, false));
  if (name === "log_softmax") return builtin("torch.special.log_softmax", (a) => softmaxCall(a, "log_softmax", true, ctx, false));
  return undefined;
}

/** nn.init.calculate_gain(nonlinearity, param=None). */
function gainOf(nonlinearity: string, param: number | null): number {
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.sqrt(2);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope ** 2));
    }
    case "selu":
      return 3 / 4;
  }
  throw new PyError("ValueError", `Unsupported nonlinearity ${nonlinearity}`);
}

/** _calculate_fan_in_and_fan_out: [fan_in, fan_out]. */
function fans(t: PTensor): [number, number] {
  if (t.ndim < 2) throw new PyError("ValueError", "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptive = t.shape.slice(2).reduce((p, q) => p * q, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/**
 * torch.nn.init: the initialisers draw from the seeded generator as Tensor.uniform_ / normal_ do, with PyTorch's
 * bounds computed in Python floats (kaiming / xavier from the fans and calculate_gain).
 */
export function initAttr(name: string, ctx: Ctx): Value | undefined {
  const str = (v: Value | undefined, d: string) => (v && !isTensor(v) && v.t === "str" ? v.v : d);
  const fill = (t: PTensor, kind: "uniform" | "normal", p: number, q: number): PTensor => {
    if (kind === "uniform") fillUniform(ctx.rng, t.data, p, q);
    else fillNormal(ctx.rng, t.data, p, q);
    t.random = true;
    return t;
  };
  const kaiming = (a: Args, kind: "uniform" | "normal"): PTensor => {
    const t = tensorArg(kw(a, "tensor", 0), `kaiming_${kind}_`);
    const mode = str(kw(a, "mode", 2), "fan_in");
    if (mode !== "fan_in" && mode !== "fan_out") throw new PyError("ValueError", `Mode ${mode} not supported, please use one of fan_in, fan_out`);
    const [fanIn, fanOut] = fans(t);
    const std = gainOf(str(kw(a, "nonlinearity", 3), "leaky_relu"), numberOr(kw(a, "a", 1), 0)) / Math.sqrt(mode === "fan_in" ? fanIn : fanOut);
    return kind === "uniform" ? fill(t, "uniform", -Math.sqrt(3) * std, Math.sqrt(3) * std) : fill(t, "normal", 0, std);
  };
  const xavier = (a: Args, kind: "uniform" | "normal"): PTensor => {
    const t = tensorArg(kw(a, "tensor", 0), `xavier_${kind}_`);
    const [fanIn, fanOut] = fans(t);
    const std = numberOr(kw(a, "gain", 1), 1) * Math.sqrt(2 / (fanIn + fanOut));
    return kind === "uniform" ? fill(t, "uniform", -Math.sqrt(3) * std, Math.sqrt(3) * std) : fill(t, "normal", 0, std);
  };
  const F: Record<string, (a: Args) => Value> = {
    calculate_gain: (a) => ({ t: "float", v: gainOf(str(kw(a, "nonlinearity", 0), ""), isNone(kw(a, "param", 1)) ? null : toNumber(kw(a, "param", 1)!)) }),
    uniform_: (a) => fill(tensorArg(kw(a, "tensor", 0), "uniform_"), "uniform", numberOr(kw(a, "a", 1), 0), numberOr(kw(a, "b", 2), 1)),
    normal_: (a) => fill(tensorArg(kw(a, "tensor", 0), "normal_"), "normal", numberOr(kw(a, "mean", 1), 0), numberOr(kw(a, "std", 2), 1)),
    constant_: (a) => {
      const t = tensorArg(kw(a, "tensor", 0), "constant_");
      t.data.fill(toNumber(kw(a, "val", 1) ?? NONE));
      return t;
    },
    zeros_: (a) => (tensorArg(kw(a, "tensor", 0), "zeros_").data.fill(0), a.pos[0] ?? a.kw.get("tensor")!),
    ones_: (a) => (tensorArg(kw(a, "tensor", 0), "ones_").data.fill(1), a.pos[0] ?? a.kw.get("tensor")!),
    kaiming_uniform_: (a) => kaiming(a, "uniform"),
    kaiming_normal_: (a) => kaiming(a, "normal"),
    xavier_uniform_: (a) => xavier(a, "uniform"),
    xavier_normal_: (a) => xavier(a, "normal"),
  };
  return hasOwn(F, name) ? builtin(`torch.nn.init.${name}`, F[name]) : undefined;
}
