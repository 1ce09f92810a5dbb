// What a loss call under the cursor configures and what is wrong or risky with it: the arguments mapped to
// the catalog's parameters, PyTorch's own errors for values it rejects, and the pitfalls of this call
// (KLDivLoss with 'mean', the deprecated size_average / reduce, NLLLoss2d, ...).
import { optionError, pyStr, reductionChoice, reductionOf, type Options } from "../api/options";
import { marginNotPositive, NEWEST_PYTORCH, torchBehaviour, warningIn, type PyTorchVersion, type TorchBehaviour } from "../api/versions";
import { getParam, inputNames, warnings } from "../catalog";
import { addedParams, family, hasLoss } from "../catalog/versions";
import type { LossRecord, ParamSpec, ParamValue, Text } from "../catalog/types";
import { missingArgumentsText } from "../python/errors";
import type { Arg, Call } from "./call";
import { isFloatLiteral } from "./call";
import type { Form } from "./resolve";

export interface Given {
  param: ParamSpec;
  arg: Arg;
}

export interface Finding {
  severity: "error" | "warning" | "info";
  /** The parameter it is about, if any. */
  param?: string;
  message: Text;
}

export interface Configuration {
  /** Parameters given in the call, in parameter order. */
  given: Given[];
  /** Tensor inputs given positionally or by name (functional form). */
  inputs: Arg[];
  /** Keywords that are not parameters of this loss. */
  unknown: Arg[];
  /** The reduction in effect (legacy arguments applied), or undefined when it is not a literal. */
  reduction?: string;
  findings: Finding[];
}

function t(en: string, zh: string): Text {
  return { en, "zh-cn": zh };
}

/**
 * Maps a call's arguments to the loss's parameters (constructor for classes, signature for F.*), as `version`
 * has them (2.x's F.mse_loss takes weight=), with that version's errors and warnings in its words.
 */
export function configure(record: LossRecord, form: Form, call: Call | undefined, version: PyTorchVersion = NEWEST_PYTORCH): Configuration {
  const torch = torchBehaviour(version);
  const given: Given[] = [];
  const inputs: Arg[] = [];
  const unknown: Arg[] = [];
  const findings: Finding[] = [];
  const args = call?.args ?? [];
  const added = form === "functional" ? addedParams(record.className, version, true) : [];
  const paramOf = (name: string): ParamSpec | undefined => getParam(record, name, form) ?? added.find((p) => p.name === name);
  const functionalNames = [...record.functionalParams, ...added.map((p) => p.name)];
  const positional = form === "class" ? [] : inputNames(record, form);
  const order = form === "class" ? record.params.filter((p) => !p.keywordOnly).map((p) => p.name) : [
    ...positional,
    ...functionalNames.filter((n) => !paramOf(n)?.functionalKeywordOnly),
  ];
  let index = 0;
  let starred = false;
  for (const arg of args) {
    if (arg.starred) {
      starred = true;
      continue;
    }
    const name = arg.name ?? order[index++];
    if (name === undefined) continue; // counted below: Python's "takes N positional arguments"
    const inputIndex = positional.indexOf(name);
    if (inputIndex >= 0) {
      inputs.push(arg);
      continue;
    }
    const param = paramOf(name);
    if (!param || (form === "functional" && !functionalNames.includes(name))) {
      unknown.push(arg);
      const where = form === "class" ? `${torch.initOwner(record.className)}.__init__()` : `${record.functional}()`;
      findings.push({
        severity: "error",
        param: name,
        message: t(
          `${name} is not a parameter of ${form === "class" ? "nn." + record.className : "F." + record.functional}: Python raises TypeError: ${where} got an unexpected keyword argument '${name}'.`,
          `${name} 不是 ${form === "class" ? "nn." + record.className : "F." + record.functional} 的参数：Python 会抛出 TypeError: ${where} got an unexpected keyword argument '${name}'。`,
        ),
      });
      continue;
    }
    given.push({ param, arg });
  }
  // A class's required constructor arguments count as Python counts positional ones (LinearCrossEntropyLoss's
  // in_features, num_classes).
  const required = form === "class" ? record.params.filter((p) => p.required).map((p) => p.name) : positional;
  if (!starred) findings.push(...arity(record, form, args, order.length, required, torch));
  if (!hasLoss(record, version)) {
    const [module, name] = form === "class" ? ["torch.nn", record.className] : ["torch.nn.functional", record.functional!];
    const attr = `AttributeError: module '${module}' has no attribute '${name}'`;
    const written = form === "class" ? `nn.${name}` : `F.${name}`;
    findings.unshift({
      severity: "error",
      message: t(
        `${written} needs PyTorch ${family(record.since!)}: PyTorch ${version} raises ${attr}`,
        `${written} 需要 PyTorch ${family(record.since!)}：PyTorch ${version} 会抛出 ${attr}`,
      ),
    });
  }
  const paramOrder = form === "class" ? record.params.map((p) => p.name) : functionalNames;
  const rank = (p: ParamSpec) => (paramOrder.includes(p.name) ? paramOrder.indexOf(p.name) : paramOrder.length);
  given.sort((a, b) => rank(a.param) - rank(b.param));
  const config: Configuration = { given, inputs, unknown, findings };
  for (const g of given) findings.push(...checkValue(g.param, g.arg, record, form, torch));
  if (!starred) config.reduction = effectiveReduction(record, given, findings);
  pitfalls(record, config, torch);
  return config;
}

/** Python's own TypeError for too many positional arguments or missing tensor inputs. */
function arity(record: LossRecord, form: Form, args: Arg[], maxPositional: number, inputs: string[], torch: TorchBehaviour): Finding[] {
  const out: Finding[] = [];
  const fn = form === "class" ? `${torch.initOwner(record.className)}.__init__()` : `${record.functional}()`;
  const self = form === "class" ? 1 : 0;
  const count = args.filter((a) => !a.name).length;
  if (count > maxPositional) {
    const min = self + inputs.length;
    const max = self + maxPositional;
    const takes = min === max ? `takes ${max} positional argument${max === 1 ? "" : "s"}` : `takes from ${min} to ${max} positional arguments`;
    const msg = `TypeError: ${fn} ${takes} but ${count + self} were given`;
    out.push({ severity: "error", message: t(`Python raises ${msg}`, `Python 会抛出 ${msg}`) });
  }
  const missing = inputs.filter((name, i) => i >= count && !args.some((a) => a.name === name));
  if (missing.length) {
    const msg = `TypeError: ${missingArgumentsText(fn, missing)}`;
    out.push({ severity: "error", message: t(`Python raises ${msg}`, `Python 会抛出 ${msg}`) });
  }
  return out;
}

function valueOf(given: Given[], name: string): { value?: ParamValue; text?: string; given: boolean } {
  const g = given.find((x) => x.param.name === name);
  return g ? { value: g.arg.value, text: g.arg.text, given: true } : { given: false };
}

function effectiveReduction(record: LossRecord, given: Given[], findings: Finding[]): string | undefined {
  const sa = valueOf(given, "size_average");
  const rd = valueOf(given, "reduce");
  const red = valueOf(given, "reduction");
  const hasLegacy = (sa.given && sa.value !== null) || (rd.given && rd.value !== null);
  if (hasLegacy) {
    const legacyKnown = (!sa.given || typeof sa.value === "boolean" || sa.value === null) && (!rd.given || typeof rd.value === "boolean" || rd.value === null);
    if (!legacyKnown) return undefined;
    // The engine's resolver decides, as for a computed call (the reduction itself is ignored here).
    const values: Options = { size_average: sa.value ?? null, reduce: rd.value ?? null, reduction: "mean" };
    const r = reductionOf(record, values).reduction;
    findings.push({
      severity: "warning",
      param: sa.given ? "size_average" : "reduce",
      message: t(
        `size_average and reduce are deprecated and override reduction: this call computes reduction='${r}'. PyTorch warns: "${warnings.legacyReduction(r)}"`,
        `size_average 和 reduce 已弃用，并且会覆盖 reduction：此调用实际使用 reduction='${r}'。PyTorch 警告："${warnings.legacyReduction(r)}"`,
      ),
    });
    if (red.given) {
      findings.push({
        severity: "warning",
        param: "reduction",
        message: t(
          `reduction=${red.text} is ignored because size_average / reduce are given.`,
          `由于给出了 size_average / reduce，reduction=${red.text} 被忽略。`,
        ),
      });
    }
    return r;
  }
  const spec = getParam(record, "reduction");
  if (!red.given) return spec?.default as string;
  if (red.value === undefined || !spec) return undefined;
  const c = reductionChoice(spec, red.value);
  return "error" in c ? undefined : c.choice;
}

function checkValue(p: ParamSpec, arg: Arg, record: LossRecord, form: Form, torch: TorchBehaviour): Finding[] {
  const out: Finding[] = [];
  const v = arg.value;
  if (v === undefined) return out; // an expression: its value is only known when the code runs
  if (v === null && p.default === null && !p.required) return out; // None where None is the default (ignore_index=None)
  const when = p.check?.when === "construct" ? t("when the loss is constructed", "在构造损失时") : t("when the loss is computed", "在计算损失时");
  if (p.kind === "reduction") {
    const c = reductionChoice(p, v);
    if ("warning" in c && c.warning) {
      out.push({
        severity: "warning",
        param: p.name,
        message: t(`PyTorch warns: "${warningIn(torch.version, c.warning)}"`, `PyTorch 警告："${warningIn(torch.version, c.warning)}"`),
      });
    }
    if ("error" in c) {
      // PoissonNLLLoss words it itself (as api/options.ts's resolver does for a computed call).
      const msg = record.className === "PoissonNLLLoss" ? torch.poissonBadReduction(pyStr(v)) : c.error.message;
      out.push({
        severity: "error",
        param: p.name,
        message: t(
          `reduction must be one of ${p.choices!.map((c) => `'${c}'`).join(", ")}; PyTorch raises ${when.en}: ValueError: ${msg}`,
          `reduction 必须是 ${p.choices!.map((c) => `'${c}'`).join("、")} 之一；PyTorch ${when["zh-cn"]}抛出：ValueError: ${msg}`,
        ),
      });
    }
    return out;
  }
  if (p.kind === "bool" && typeof v !== "boolean") {
    out.push({
      severity: "warning",
      param: p.name,
      message: t(`${p.name} expects True or False, got ${arg.text}.`, `${p.name} 应为 True 或 False，实际为 ${arg.text}。`),
    });
    return out;
  }
  if (p.kind === "legacy-bool" && v !== null && typeof v !== "boolean") {
    out.push({
      severity: "warning",
      param: p.name,
      message: t(`${p.name} expects True, False or None, got ${arg.text}.`, `${p.name} 应为 True、False 或 None，实际为 ${arg.text}。`),
    });
    return out;
  }
  if ((p.kind === "float" || p.kind === "int") && typeof v !== "number") {
    out.push({
      severity: "warning",
      param: p.name,
      message: t(`${p.name} expects a number, got ${arg.text}.`, `${p.name} 应为数值，实际为 ${arg.text}。`),
    });
    return out;
  }
  if (p.kind === "int" && typeof v === "number" && isFloatLiteral(arg.text)) {
    out.push({
      severity: "warning",
      param: p.name,
      message: t(`${p.name} is an integer parameter; ${arg.text} is a float.`, `${p.name} 是整数参数；${arg.text} 是浮点数。`),
    });
  }
  const rejected = typeof v === "number" ? (optionError(p, v) ?? versionRefusal(record, form, p, v, torch)) : null;
  if (rejected) {
    const msg = rejected.message;
    // A version's own check (2.x's triplet margin) runs at construction for a class, at the call for F.*.
    const own = "when" in rejected ? rejected.when : undefined;
    const at = own === "construct" ? t("when the loss is constructed", "在构造损失时") : own === "call" ? t("when the loss is computed", "在计算损失时") : when;
    out.push({
      severity: "error",
      param: p.name,
      message: t(
        `${p.name}=${arg.text} is rejected: PyTorch raises ${at.en}: ${rejected.kind}: ${msg}`,
        `${p.name}=${arg.text} 不被接受：PyTorch ${at["zh-cn"]}抛出 ${rejected.kind}: ${msg}`,
      ),
    });
  } else if (typeof v === "number" && ((p.min !== undefined && (p.minExclusive ? v <= p.min : v < p.min)) || (p.max !== undefined && v > p.max))) {
    const range = `${p.minExclusive ? "(" : "["}${p.min ?? "−∞"}, ${p.max ?? "∞"}${p.max !== undefined ? "]" : ")"}`;
    const silent = p.name === "label_smoothing" && v < 0;
    out.push({
      severity: "warning",
      param: p.name,
      message: silent
        ? t(
            `label_smoothing=${arg.text} is below 0: PyTorch ${torch.version} does not raise, it silently applies no smoothing.`,
            `label_smoothing=${arg.text} 小于 0：PyTorch ${torch.version} 不会报错，而是悄悄地不做任何平滑。`,
          )
        : t(`${p.name}=${arg.text} is outside the valid range ${range}.`, `${p.name}=${arg.text} 超出有效范围 ${range}。`),
    });
  }
  return out;
}

/** What a version refuses beyond the catalog's checks (2.x: the triplet losses' margin <= 0), or null. */
function versionRefusal(record: LossRecord, form: Form, p: ParamSpec, v: number, torch: TorchBehaviour): { kind: string; message: string; when: "construct" | "call" } | null {
  if (form === "class") {
    const m = torch.constructCheck(record.className, p.name, v);
    return m ? { kind: "ValueError", message: m, when: "construct" } : null;
  }
  const triplet = record.className === "TripletMarginLoss" || record.className === "TripletMarginWithDistanceLoss";
  if (triplet && p.name === "margin" && torch.tripletPositiveMargin && v <= 0) return { kind: "ValueError", message: marginNotPositive(v), when: "call" };
  return null;
}

function pitfalls(record: LossRecord, config: Configuration, torch: TorchBehaviour): void {
  const { findings } = config;
  if (record.aliasOf) {
    findings.push({
      severity: "warning",
      message: t(
        `NLLLoss2d is deprecated: use nn.${record.aliasOf} (same arguments, same results, spatial inputs included). PyTorch warns: "${warningIn(torch.version, record.deprecated ?? "")}"`,
        `NLLLoss2d 已弃用：请使用 nn.${record.aliasOf}（参数和结果相同，同样支持空间维度）。PyTorch 警告："${warningIn(torch.version, record.deprecated ?? "")}"`,
      ),
    });
  }
  if (record.className === "KLDivLoss" && config.reduction === "mean") {
    const byDefault = !config.given.some((g) => ["reduction", "size_average", "reduce"].includes(g.param.name));
    findings.push({
      severity: "warning",
      param: "reduction",
      message: t(
        `reduction='mean'${byDefault ? " (the default)" : ""} divides by the number of elements, not the batch size: the result is not the KL divergence. Use reduction='batchmean'. PyTorch warns: "${warnings.klDivMean}"`,
        `reduction='mean'${byDefault ? "（默认值）" : ""}除以的是元素总数而不是批大小，结果并不是 KL 散度。请使用 reduction='batchmean'。PyTorch 警告："${warnings.klDivMean}"`,
      ),
    });
  }
  const given = (name: string) => config.given.find((g) => g.param.name === name);
  const ls = given("label_smoothing");
  if (ls && typeof ls.arg.value === "number" && ls.arg.value > 0 && ls.arg.value <= 1 && record.className === "CrossEntropyLoss") {
    findings.push({
      severity: "info",
      param: "label_smoothing",
      message: t(
        `With label_smoothing=${ls.arg.text} the loss never reaches 0: its minimum is the entropy of the smoothed target.`,
        `label_smoothing=${ls.arg.text} 时损失不会降到 0：其最小值是平滑后目标分布的熵。`,
      ),
    });
  }
  const log = given("log_target");
  if (record.className === "KLDivLoss" && log && log.arg.value === true) {
    findings.push({
      severity: "info",
      param: "log_target",
      message: t(
        "log_target=True: the target must be log-probabilities too (for example log_softmax of the teacher's logits).",
        "log_target=True：目标也必须是对数概率（例如教师模型 logits 的 log_softmax）。",
      ),
    });
  }
}
