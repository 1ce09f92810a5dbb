// The grad_fn PyTorch's loss result carries (print(loss) shows `grad_fn=<MseLossBackward0>`): the last op
// PyTorch runs, which depends on the loss, the settled reduction, some options and the inputs.
// The names come from the real PyTorch, one table per version (engine/catalog/gradFn.json is 1.13's,
// gradFn-2.13.json 2.13's; scripts/fixtures/grad_fn_names.py under each interpreter).
import table113 from "../catalog/gradFn.json";
import table213 from "../catalog/gradFn-2.13.json";
import type { LossRecord } from "../catalog/types";
import type { ResolvedOptions } from "./options";
import { isFloating } from "./tensor";
import type { Tensor } from "./types";
import type { PyTorchVersion } from "./versions";

type GradFnTable = Record<string, Record<string, string>>;
const TABLES: Record<PyTorchVersion, GradFnTable> = { "1.13": table113, "2.13": table213 };

export function gradFnName(record: LossRecord, resolved: ResolvedOptions, inputs: readonly Tensor[]): string {
  const base = record.aliasOf ?? record.className;
  const variant = gradVariant(base, resolved, inputs);
  const red = resolved.reported;
  const names = TABLES[resolved.version];
  const name = (variant && names[`${base}[${variant}]`]?.[red]) || names[base]?.[red] || `${base}Backward0`;
  // nll_loss_nd: 4-D input runs nll_loss2d; 3-D and 5-D+ input are reshaped to 4-D for nll_loss2d, and with
  // reduction='none' its result viewed back to the target's shape (same in 1.13 and 2.13).
  const dims = inputs[0]?.shape.length ?? 2;
  if (name !== "NllLossBackward0" || dims <= 2) return name;
  return dims !== 4 && red === "none" ? "ViewBackward0" : "NllLoss2DBackward0";
}

/** Options and inputs that change the op PyTorch ends with. */
function gradVariant(base: string, resolved: ResolvedOptions, inputs: readonly Tensor[]): string | null {
  const o = resolved.values;
  if (base === "CrossEntropyLoss") {
    if (inputs[1] && isFloating(inputs[1].dtype)) return "probabilities";
    if (typeof o.label_smoothing === "number" && o.label_smoothing > 0) return "label_smoothing";
  }
  if (base === "PoissonNLLLoss") {
    if (o.full === true) return "full";
    if (o.log_input === false) return "log_input=False";
  }
  if (base === "KLDivLoss" && o.log_target === true) return "log_target";
  return null;
}
