// Every option of a loss call settled in one place, from the catalog's spec: defaults, the legacy
// size_average / reduce pair, the reduction's name (and its deprecated spellings), and the values PyTorch rejects.
// resolveOptions() runs once per call; the loss modules read its answer (LossContext.resolved) and raise its
// errors where PyTorch checks them, so the order of PyTorch's errors is kept; the hover and the evaluator's
// constructor use the same checks (optionError, reductionOf).
import { getParam, legacyReduction as legacyName, warnings as torchWarnings } from "../catalog";
import type { LossRecord, ParamSpec, ParamValue, Reduction, ReductionChoice } from "../catalog/types";
import { addedParams } from "../catalog/versions";
import { LossError, type OptionValue, type Tensor } from "./types";
import { isPyTorchVersion, NEWEST_PYTORCH, torchBehaviour, type PyTorchVersion, type TorchBehaviour } from "./versions";

export type { Reduction, ReductionChoice };
export type Options = Record<string, OptionValue>;

/** The PyTorch release whose behaviour is reproduced; one more input of the resolver (api/versions.ts). */
export type TorchVersion = PyTorchVersion;
/** The version answered where none is named: the newest supported. */
export const DEFAULT_VERSION: TorchVersion = NEWEST_PYTORCH;

export interface ResolveContext {
  version?: TorchVersion;
}

export interface ResolvedOptions {
  version: TorchVersion;
  /** What that version does where versions differ (its messages, formulas and kernel switches). */
  torch: TorchBehaviour;
  /** Every constructor parameter of the loss: the user's value, else PyTorch's default from the catalog. */
  values: Options;
  /** The reduction the kernels run ('batchmean' runs 'sum', then divides by the batch size). */
  reduction: Reduction;
  /** The reduction as PyTorch names its result ('batchmean' kept); what the engine reports with the result. */
  reported: ReductionChoice;
  /** KLDivLoss's 'batchmean'. */
  batchmean: boolean;
  /** size_average or reduce was given and decided the reduction. */
  legacy: boolean;
  /** PyTorch's exception for an invalid reduction (then `reduction` is "mean"); raised where PyTorch checks it. */
  reductionError: LossError | null;
  /** PyTorch's exception per rejected option value (the catalog's checks). */
  optionErrors: Map<string, LossError>;
  /** The warnings PyTorch emits for these options (legacy arguments, deprecated spellings, KLDiv's 'mean'). */
  warnings: string[];
}

// The catalog's version facts are static: each (loss, version)'s added parameters are worked out once, not per
// compute() (the filter and its version parsing were a tenth of a small call's time).
const addedCache = new Map<string, ParamSpec[]>();
function addedFor(loss: string, version: PyTorchVersion): ParamSpec[] {
  const key = `${loss}|${version}`;
  let params = addedCache.get(key);
  if (!params) addedCache.set(key, (params = addedParams(loss, version, true)));
  return params;
}

/** Settles a call's options in one pass (see the header). Unknown keywords raise PyTorch's TypeError at once. */
export function resolveOptions(record: LossRecord, given: Options, ctx: ResolveContext = {}): ResolvedOptions {
  const version = ctx.version ?? DEFAULT_VERSION;
  if (!isPyTorchVersion(version)) throw new LossError("ValueError", `unsupported PyTorch version ${String(version)}`);
  const values: Options = {};
  for (const p of record.params) values[p.name] = Object.prototype.hasOwnProperty.call(given, p.name) ? given[p.name] : p.default;
  // Parameters a later version added (catalog/versions.ts), present only when given and only from that version.
  for (const p of addedFor(record.className, version)) {
    if (Object.prototype.hasOwnProperty.call(given, p.name)) values[p.name] = given[p.name];
  }
  for (const name of Object.keys(given)) {
    if (!(name in values)) {
      throw new LossError("TypeError", `${record.className}.__init__() got an unexpected keyword argument '${name}'`, name);
    }
  }
  const warnings: string[] = [];
  const optionErrors = new Map<string, LossError>();
  for (const p of record.params) {
    const e = p.kind === "reduction" ? null : optionError(p, values[p.name]);
    if (e) optionErrors.set(p.name, e);
  }
  const r = reductionOf(record, values);
  warnings.push(...r.warnings);
  const torch = torchBehaviour(version);
  // poisson_nll_loss words its own check of the name, differently per version.
  const reductionError =
    r.error && record.className === "PoissonNLLLoss" ? new LossError(r.error.kind, torch.poissonBadReduction(pyStr(values.reduction)), "reduction") : r.error;
  return {
    version,
    torch,
    values,
    reduction: r.reduction,
    reported: r.batchmean ? "batchmean" : r.reduction,
    batchmean: r.batchmean,
    legacy: r.legacy,
    reductionError,
    optionErrors,
    warnings,
  };
}

export interface ReductionAnswer {
  reduction: Reduction;
  batchmean: boolean;
  legacy: boolean;
  error: LossError | null;
  warnings: string[];
}

/**
 * The reduction a loss runs with these options, as PyTorch 1.13 decides it: when size_average or reduce is given
 * (not None), _Reduction.legacy_get_string (None counts as True) with its warning, `reduction` ignored; else
 * `reduction` checked against the catalog's choices (KLDivLoss's 'batchmean' runs 'sum'; get_enum's
 * 'elementwise_mean' is 'mean' with a warning; anything else PyTorch's ValueError in the catalog's words).
 */
export function reductionOf(record: LossRecord, values: Options): ReductionAnswer {
  const spec = getParam(record, "reduction");
  const warnings: string[] = [];
  const sa = values.size_average;
  const re = values.reduce;
  const hasLegacy = getParam(record, "size_average") !== undefined && ((sa ?? null) !== null || (re ?? null) !== null);
  if (hasLegacy) {
    const r = legacyName(sa === null || sa === undefined ? null : truthy(sa), re === null || re === undefined ? null : truthy(re));
    warnings.push(torchWarnings.legacyReduction(r));
    return { reduction: r, batchmean: false, legacy: true, error: null, warnings };
  }
  const v = values.reduction;
  if (!spec) return { reduction: "mean", batchmean: false, legacy: false, error: null, warnings };
  const checked = reductionChoice(spec, v);
  if ("error" in checked) return { reduction: "mean", batchmean: false, legacy: false, error: checked.error, warnings };
  if (checked.warning) warnings.push(checked.warning);
  if (v === "mean" && spec.choices?.includes("batchmean")) warnings.push(torchWarnings.klDivMean);
  const choice = checked.choice;
  const batchmean = choice === "batchmean";
  return { reduction: choice === "batchmean" ? "sum" : choice, batchmean, legacy: false, error: null, warnings };
}

/** A `reduction` value against its spec: the choice it names (with PyTorch's deprecation warning), or PyTorch's error. */
export function reductionChoice(spec: ParamSpec, v: OptionValue | undefined): { choice: ReductionChoice; warning?: string } | { error: LossError } {
  if (typeof v === "string" && spec.choices?.includes(v)) return { choice: v as ReductionChoice };
  const alias = typeof v === "string" ? spec.deprecatedChoices?.[v] : undefined;
  if (alias) return { choice: alias, warning: torchWarnings.deprecatedReduction(v as string, alias) };
  const check = spec.check!;
  return { error: new LossError(check.errorType, check.message.replace("{value}", pyStr(v)), spec.name) };
}

/**
 * PyTorch's exception for a numeric option value its catalog check rejects (a range, or a few allowed values),
 * or null. The value prints as C++ prints a double in ATen's messages ("2", "1.5").
 */
export function optionError(p: ParamSpec, v: OptionValue | undefined): LossError | null {
  const c = p.check;
  if (!c || typeof v !== "number") return null;
  const bad =
    (c.oneOf !== undefined && !c.oneOf.includes(v)) ||
    (c.min !== undefined && (c.minExclusive ? !(v > c.min) : !(v >= c.min))) ||
    (c.max !== undefined && !(v <= c.max));
  return bad ? rejected(p, v) : null;
}

/** PyTorch's exception for a value of p it rejects, in the catalog's words (also for bounds the catalog cannot
 * hold, such as CTCLoss's blank < C). */
export function rejected(p: ParamSpec, v: number): LossError {
  const c = p.check!;
  return new LossError(c.errorType, c.message.replace("{value}", String(v)), p.name);
}

/** The option errors PyTorch raises when the nn class is constructed (F.* raises them when called). */
export function constructErrors(record: LossRecord, values: Options): LossError | null {
  for (const p of record.params) {
    if (p.check?.when !== "construct") continue;
    const e = optionError(p, values[p.name]);
    if (e) return e;
  }
  return null;
}

/** Python's str() of an option value, as it appears inside PyTorch's messages. */
export function pyStr(v: OptionValue | undefined): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" || typeof v === "string") return String(v);
  return "<object>";
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
