// torch.nn.functional's activations beyond the element-wise table: the ELU family, leaky_relu, hardtanh / relu6,
// silu and softsign (tensor/activations.ts computes them).
import * as T from "../tensor";
import type { Args, Value } from "../values";
import { builtin, isNone, kw, tensorArg, toNumber } from "./args";

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

function num(a: Args, name: string, pos: number, dflt: number): number {
  const v = kw(a, name, pos);
  return isNone(v) ? dflt : toNumber(v!, name);
}

const ACTIVATIONS: Record<string, (a: Args) => Value> = {
  elu: (a) => T.elu(tensorArg(kw(a, "input", 0), "elu"), num(a, "alpha", 1, 1), 1, 1),
  selu: (a) => T.elu(tensorArg(kw(a, "input", 0), "selu"), SELU_ALPHA, SELU_SCALE, 1),
  celu: (a) => {
    const alpha = num(a, "alpha", 1, 1);
    return T.elu(tensorArg(kw(a, "input", 0), "celu"), alpha, 1, 1 / alpha, "CeluBackward0");
  },
  leaky_relu: (a) => T.leakyRelu(tensorArg(kw(a, "input", 0), "leaky_relu"), num(a, "negative_slope", 1, 0.01)),
  hardtanh: (a) => T.hardtanh(tensorArg(kw(a, "input", 0), "hardtanh"), num(a, "min_val", 1, -1), num(a, "max_val", 2, 1)),
  relu6: (a) => T.hardtanh(tensorArg(kw(a, "input", 0), "relu6"), 0, 6),
  silu: (a) => T.silu(tensorArg(kw(a, "input", 0), "silu")),
  // input / (input.abs() + 1), as F.softsign composes it.
  softsign: (a) => {
    const x = tensorArg(kw(a, "input", 0), "softsign");
    return T.binary("/", x, T.binary("+", T.unary("abs", x), { value: 1, kind: "int" }));
  },
};

/** F.<name> for the activations above, or undefined. */
export function activationAttr(name: string): Value | undefined {
  const f = ACTIVATIONS[name];
  return f ? builtin(`F.${name}`, f) : undefined;
}
