// Options with the catalog's defaults, and PyTorch's reduction rules (legacy size_average/reduce included).
import { legacyReduction as legacyName, warnings as torchWarnings } from "../catalog";
import type { LossRecord, ParamSpec, ParamValue } from "../catalog/types";
import { LossError, type OptionValue, type Tensor } from "./types";

export type Options = Record<string, OptionValue>;
export type Reduction = "none" | "mean" | "sum";

/** Every constructor parameter of the loss: the user's value, else PyTorch's default from the catalog. */
export function resolveOptions(record: LossRecord, given: Options, added: ParamSpec[] = []): Options {
  const out: Options = {};
  for (const p of record.params) out[p.name] = Object.prototype.hasOwnProperty.call(given, p.name) ? given[p.name] : p.default;
  // Parameters a later version added (catalog/versions.ts), present only when given.
  for (const p of added) if (Object.prototype.hasOwnProperty.call(given, p.name)) out[p.name] = given[p.name];
  for (const name of Object.keys(given)) {
    if (!(name in out)) {
      throw new LossError("TypeError", `${record.className}.__init__() got an unexpected keyword argument '${name}'`, name);
    }
  }
  return out;
}

/** Python's str() of an option value, as it appears inside PyTorch's messages. */
export function pyStr(v: OptionValue | undefined): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === "string") return v;
  return "<object>";
}

/**
 * The reduction after the legacy arguments: when size_average or reduce is given, PyTorch derives the reduction
 * from them (None counts as True) and warns, ignoring `reduction`.
 */
export function legacyReduction(opts: Options, warnings: string[]): OptionValue {
  const sa = opts.size_average;
  const re = opts.reduce;
  if ((sa === undefined || sa === null) && (re === undefined || re === null)) return opts.reduction;
  const r = legacyName(sa === null || sa === undefined ? null : truthy(sa), re === null || re === undefined ? null : truthy(re));
  warnings.push(torchWarnings.legacyReduction(r));
  return r;
}

/** _Reduction.get_enum: the three valid names, 'elementwise_mean' with its warning, else ValueError. */
export function getReduction(r: OptionValue, warnings: string[]): Reduction {
  if (r === "none" || r === "mean" || r === "sum") return r;
  if (r === "elementwise_mean") {
    warnings.push("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
    return "mean";
  }
  throw new LossError("ValueError", `${pyStr(r)} is not a valid value for reduction`, "reduction");
}

/** The usual order: legacy arguments first, then get_enum. */
export function reductionOf(opts: Options, warnings: string[]): Reduction {
  return getReduction(legacyReduction(opts, warnings), warnings);
}

function truthy(v: OptionValue): boolean {
  return typeof v === "object" ? v !== null : Boolean(v);
}

export function numberOption(opts: Options, name: string): number {
  const v = opts[name];
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw new LossError("TypeError", `${name} must be a number, not ${pyStr(v)}`, name);
}

export function boolOption(opts: Options, name: string): boolean {
  const v = opts[name];
  return truthy(v);
}

export function tensorOption(opts: Options, name: string): Tensor | null {
  const v = opts[name];
  if (v === null || v === undefined) return null;
  if (typeof v === "object" && "data" in v) return v;
  throw new LossError("TypeError", `${name} must be a Tensor, not ${pyStr(v as ParamValue)}`, name);
}
