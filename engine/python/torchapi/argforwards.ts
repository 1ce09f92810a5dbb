// F functions written in Python (torch/nn/functional.py) that hand their arguments to a torch binding: the
// binding's arguments, for argparser.ts to check as PyTorch's parser does.
import { isTensor } from "../tensor";
import type { Args, Value } from "../values";

const NONE: Value = { t: "none" };
const FALSE: Value = { t: "bool", v: false };
const TRUE: Value = { t: "bool", v: true };
const num = (v: number): Value => ({ t: "float", v });
const absent = (v: Value | undefined): boolean => v === undefined || (!isTensor(v) && v.t === "none");
const isBool = (v: Value | undefined, b: boolean): boolean => !!v && !isTensor(v) && v.t === "bool" && v.v === b;
/** _verify_spatial_size(input.size()) passes: more than one spatial element. */
const spatial = (v: Value | undefined): boolean => !!v && isTensor(v) && v.shape.slice(2).reduce((p, n) => p * n, 1) !== 1;

/**
 * F functions written in Python (functional.py) that hand their arguments, in another order, to a torch binding
 * (cudnn_enabled last): their parameters (required ones first, count given), and the binding's positional
 * arguments, or null where their own code would act first (a training batch_norm's batch check, a padding_idx...).
 */
export const FORWARDS: Record<string, [string[], number, (a: Record<string, Value | undefined>) => Value[] | null]> = {
  "F.layer_norm": [["input", "normalized_shape", "weight", "bias", "eps"], 2, (a) => [a.input!, a.normalized_shape!, a.weight ?? NONE, a.bias ?? NONE, a.eps ?? num(1e-5), TRUE]],
  "F.batch_norm": [
    ["input", "running_mean", "running_var", "weight", "bias", "training", "momentum", "eps"], 3,
    // 2.x compares eps with 0 first.
    (a) => ((absent(a.training) || isBool(a.training, false)) && (a.eps === undefined || (!isTensor(a.eps) && (a.eps.t === "int" || a.eps.t === "float") && a.eps.v >= 0)) ? [a.input!, a.weight ?? NONE, a.bias ?? NONE, a.running_mean!, a.running_var!, a.training ?? FALSE, a.momentum ?? num(0.1), a.eps ?? num(1e-5), TRUE] : null),
  ],
  "F.instance_norm": [
    ["input", "running_mean", "running_var", "weight", "bias", "use_input_stats", "momentum", "eps"], 1,
    (a) => (!(isBool(a.use_input_stats, false) || ((a.use_input_stats === undefined || isBool(a.use_input_stats, true)) && spatial(a.input))) ? null : [a.input!, a.weight ?? NONE, a.bias ?? NONE, a.running_mean ?? NONE, a.running_var ?? NONE, a.use_input_stats ?? TRUE, a.momentum ?? num(0.1), a.eps ?? num(1e-5), TRUE]),
  ],
  "F.embedding": [
    ["input", "weight", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"], 2,
    (a) => (absent(a.padding_idx) && absent(a.max_norm) ? [a.weight!, a.input!, { t: "int", v: -1 }, a.scale_grad_by_freq ?? FALSE, a.sparse ?? FALSE] : null),
  ],
};

/** The binding's arguments of a forwarding F call that Python binds; null where Python or the F code raises first. */
export function forwarded([names, required, build]: (typeof FORWARDS)[string], args: Args): Value[] | null {
  if (args.pos.length > names.length || [...args.kw.keys()].some((k) => names.indexOf(k) < args.pos.length)) return null;
  const a: Record<string, Value | undefined> = {};
  names.forEach((n, i) => (a[n] = i < args.pos.length ? args.pos[i] : args.kw.get(n)));
  return names.slice(0, required).every((n) => a[n] !== undefined) ? build(a) : null;
}
