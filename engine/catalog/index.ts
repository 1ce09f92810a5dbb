// The loss catalog: lookups over the records, and the Python spelling of defaults. Pure data, no vscode.
import { floatRepr } from "../python/numfmt";
import { records } from "./records";
import type { InputSpec, LossRecord, ParamSpec, ParamValue } from "./types";

export type * from "./types";

/** Every torch.nn loss of every supported version, in PyTorch's documentation order: 1.13's 22, then those a
 * later version added (`since`; catalog/versions.ts `hasLoss` says whether a version has one). */
export const catalog: readonly LossRecord[] = records;

const byClass = new Map(catalog.map((r) => [r.className, r]));
const byFunctional = new Map(catalog.filter((r) => r.functional).map((r) => [r.functional as string, r]));

/** The record of a torch.nn class name ("MSELoss"), or undefined. NLLLoss2d has its own (alias) record. */
export function getLoss(className: string): LossRecord | undefined {
  return byClass.get(className);
}

/** The record of a torch.nn.functional name ("mse_loss"), or undefined. */
export function getByFunctional(name: string): LossRecord | undefined {
  return byFunctional.get(name);
}

/** A parameter as the form has it: the functional's own spec first (catalog types: functionalSignature). */
export function getParam(record: LossRecord, name: string, form: "class" | "functional" = "class"): ParamSpec | undefined {
  if (form === "functional") {
    const own = record.functionalSignature?.params.find((p) => p.name === name);
    if (own) return own;
  }
  return record.params.find((p) => p.name === name);
}

/** The tensor inputs of the form: the class's forward() inputs, or the functional's (its own when it has them). */
export function formInputs(record: LossRecord, form: "class" | "functional"): InputSpec[] {
  return form === "functional" ? (record.functionalSignature?.inputs ?? record.inputs) : record.inputs;
}

/** The names the form's signature gives its tensor inputs, in order (F.poisson_nll_loss: input, not log_input). */
export function inputNames(record: LossRecord, form: "class" | "functional"): string[] {
  return formInputs(record, form).map((i) => (form === "functional" ? (i.functionalName ?? i.name) : i.name));
}

/** A value as Python writes it: None, True, 'mean', 1.0 (float kinds keep their ".0"), 1e-08. */
export function pyRepr(value: ParamValue, kind?: ParamSpec["kind"]): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return `'${value}'`;
  if (kind === "float") return floatRepr(value);
  return String(value);
}

/** The default as the given form's signature spells it. */
export function defaultRepr(param: ParamSpec, form: "class" | "functional" = "class"): string {
  if (form === "functional" && param.functionalDefaultRepr !== undefined) return param.functionalDefaultRepr;
  if (param.repr !== undefined) return param.repr;
  return pyRepr(param.default, param.kind);
}

/** PyTorch's mapping of the deprecated size_average / reduce pair to a reduction (None counts as True). */
export function legacyReduction(sizeAverage: boolean | null, reduce: boolean | null): "none" | "mean" | "sum" {
  const avg = sizeAverage ?? true;
  const red = reduce ?? true;
  if (!red) return "none";
  return avg ? "mean" : "sum";
}

/** The warnings PyTorch 1.13 prints, word for word (checked against the fixture). */
export const warnings = {
  legacyReduction: (reduction: string): string =>
    `size_average and reduce args will be deprecated, please use reduction='${reduction}' instead.`,
  deprecatedReduction: (given: string, choice: string): string => `reduction='${given}' is deprecated, please use reduction='${choice}' instead.`,
  klDivMean:
    "reduction: 'mean' divides the total loss by both the batch size and the support size." +
    "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
    "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
} as const;
