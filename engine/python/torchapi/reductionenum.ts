// torch.nn._reduction (F._Reduction): get_enum, the reduction names' numbers that custom losses copied from
// PyTorch's own reduce helpers (mmdetection's reduce_loss) branch on: 'none' 0, 'mean' 1, 'sum' 2, the deprecated
// 'elementwise_mean' 1 with its warning, anything else ValueError, in the catalog's words (MSELoss uses get_enum).
import { getLoss, getParam } from "../../catalog";
import { reductionChoice } from "../../api/options";
import { warningIn } from "../../api/versions";
import { PyError } from "../errors";
import { isTensor } from "../tensor";
import { int, NONE, toStr, type Value } from "../values";
import { builtin, kw } from "./args";
import type { Ctx } from "./ctx";

const ENUM = { none: 0, mean: 1, sum: 2 } as const;

export function reductionAttr(name: string, ctx: Ctx): Value | undefined {
  if (name !== "get_enum") return undefined;
  return builtin("torch.nn._reduction.get_enum", (a) => {
    const v = kw(a, "reduction", 0) ?? NONE;
    const spec = getParam(getLoss("MSELoss")!, "reduction")!;
    // f"{reduction} is not a valid value for reduction" of any value: the catalog's message with Python's str().
    const checked = !isTensor(v) && v.t === "str" ? reductionChoice(spec, v.v) : null;
    if (!checked || "error" in checked) throw new PyError("ValueError", spec.check!.message.replace("{value}", toStr(v)), a.span);
    if (checked.warning) ctx.warn(`UserWarning: ${warningIn(ctx.engine.pytorch, checked.warning)}`, a.span);
    return int(ENUM[checked.choice as keyof typeof ENUM]);
  });
}
