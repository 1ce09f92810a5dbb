// The thirteen rules: what each finds at a loss site or constructor, where it points, its message and, where a
// safe edit exists, the quick fix. Rule names and severities are the product contract (issue #15).
import type { Expr } from "../python/ast";
import type { Span } from "../python/errors";
import { NEWEST_PYTORCH, torchBehaviour, type PyTorchVersion } from "../api/versions";
import { legacyReduction, type LossRecord } from "../catalog";
import type { LossSite } from "./analyze";
import type { TensorV, V } from "./values";

export const RULES = [
  "softmax-before-cross-entropy",
  "sigmoid-before-bce-with-logits",
  "bce-on-logits",
  "nll-without-log-softmax",
  "kldiv-input-not-log",
  "kldiv-mean-reduction",
  "cross-entropy-target-dtype",
  "bce-target-dtype",
  "broadcast-shape-mismatch",
  "deprecated-reduction-args",
  "deprecated-nllloss2d",
  "double-label-smoothing",
  "bce-target-range",
] as const;
export type Rule = (typeof RULES)[number];
export type Severity = "error" | "warning" | "information" | "hint";

export const DEFAULT_SEVERITY: Record<Rule, Severity> = Object.fromEntries(
  RULES.map((r) => [r, r === "deprecated-reduction-args" || r === "deprecated-nllloss2d" ? "information" : "warning"]),
) as Record<Rule, Severity>;

export interface Edit extends Span {
  newText: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
}

export interface Finding extends Span {
  rule: Rule;
  severity: Severity;
  message: string;
  fix?: Fix;
  /** The loss the finding is about (the catalog's class name): the hover's example uses it. */
  loss: string;
}

/** Reads source text by span (the analysis' own text), for fixes that keep the user's code. */
export interface SourceText {
  slice(span: Span): string;
  /** The span of a keyword argument `name=value` whose value has span `value`. */
  keywordSpan(value: Span, name: string): Span | null;
}

type Emit = (f: Omit<Finding, "severity">) => void;

/** A safe rewrite that is not a mistake's fix: `BCELoss(sigmoid(x))` -> `BCEWithLogitsLoss(x)` (more stable). */
export interface Refactor extends Span {
  fix: Fix;
}

function tensorOf(v: V | undefined): TensorV | undefined {
  return v?.t === "tensor" ? v : undefined;
}

function spanOf(e: Expr): Span {
  return { line: e.span.line, column: e.span.column, endLine: e.span.endLine, endColumn: e.span.endColumn };
}

function rank(t: TensorV | undefined): number | undefined {
  return t?.shape?.length;
}

/** The tensor a softmax/sigmoid call was applied to: F.softmax(x, 1) -> x, x.softmax(1) -> x. */
function innerOf(via: Expr | undefined): Expr | null {
  if (!via || via.k !== "call") return null;
  const f = via.func;
  if (f.k === "attr" && ["softmax", "sigmoid", "log_softmax"].includes(f.name) && via.args.length <= 1 && !isTorchNamespace(f.obj)) {
    return f.obj;
  }
  const first = via.args[0];
  if (first && first.name === null && !first.star) return first.value;
  return null;
}

function isTorchNamespace(e: Expr): boolean {
  // torch.softmax(x, 1) / F.softmax(x) / nn.functional.softmax(x): the tensor is the first argument.
  return e.k === "name" ? ["torch", "F", "nn", "functional"].includes(e.id) || /^[A-Z]$/.test(e.id) : e.k === "attr";
}

/** The softmax / sigmoid call written right in the argument (so dropping it is a local, safe edit). */
function inlineVia(arg: Expr, t: TensorV): boolean {
  return t.via === arg;
}

function funcNameSpan(call: Expr): Span | null {
  if (call.k !== "call") return null;
  const f = call.func;
  if (f.k === "attr") return { line: f.span.endLine, column: f.span.endColumn - f.name.length, endLine: f.span.endLine, endColumn: f.span.endColumn };
  if (f.k === "name") return spanOf(f);
  return null;
}

function num(e: Expr | undefined): number | undefined {
  if (!e) return undefined;
  if (e.k === "num") return e.value;
  return undefined;
}

function str(e: Expr | undefined): string | undefined {
  return e?.k === "str" ? e.value : undefined;
}

/**
 * The rules at one loss call. `version`: the PyTorch the user runs, for what differs between versions (BCELoss's
 * target range is checked by 2.x and silently computed by 1.13).
 */
export function checkLoss(site: LossSite, src: SourceText, emit: Emit, suggest: (r: Refactor) => void = () => {}, version: PyTorchVersion = NEWEST_PYTORCH): void {
  const { rec } = site;
  const name = rec.aliasOf ?? rec.className;
  const input = site.inputs.get(rec.inputs[0]?.name);
  const target = site.inputs.get(rec.inputs[1]?.name);
  const x = tensorOf(input?.v);
  const y = tensorOf(target?.v);
  const loss = rec.className;
  const dropFix = (what: string): Fix | undefined => {
    if (!input || !x || !inlineVia(input.expr, x)) return undefined;
    const inner = innerOf(x.via);
    if (!inner) return undefined;
    return { title: `Remove the ${what}: pass the logits`, edits: [{ ...spanOf(input.expr), newText: src.slice(spanOf(inner)) }] };
  };
  const toLogFix = (): Fix | undefined => {
    if (!input || !x || !inlineVia(input.expr, x) || !x.via || x.kind !== "softmax") return undefined;
    const s = funcNameSpan(x.via);
    if (!s || src.slice(s) !== "softmax") return undefined;
    return { title: "Use log_softmax", edits: [{ ...s, newText: "log_softmax" }] };
  };

  if (name === "CrossEntropyLoss" && input && x?.kind === "softmax") {
    emit({
      rule: "softmax-before-cross-entropy",
      ...spanOf(input.expr),
      loss,
      message: "CrossEntropyLoss applies log_softmax itself: this input is already softmax probabilities, so the loss is squashed into a narrow band and its gradients shrink. Pass the raw logits.",
      fix: dropFix("softmax"),
    });
  }
  if (name === "BCEWithLogitsLoss" && input && x?.kind === "sigmoid") {
    emit({
      rule: "sigmoid-before-bce-with-logits",
      ...spanOf(input.expr),
      loss,
      message: "BCEWithLogitsLoss applies the sigmoid itself: this input is already sigmoid output, so it is squashed twice (the loss cannot go below 0.31 for a positive target). Pass the raw logits.",
      fix: dropFix("sigmoid"),
    });
  }
  if (name === "BCELoss" && input && x?.kind === "raw") {
    const fix = site.form === "functional" ? renameFix(site.call, "binary_cross_entropy", "binary_cross_entropy_with_logits", src) : undefined;
    emit({
      rule: "bce-on-logits",
      ...spanOf(input.expr),
      loss,
      message: "BCELoss expects probabilities in [0, 1], but this input comes straight from nn.Linear (unbounded scores). Use BCEWithLogitsLoss on the scores, or apply a sigmoid first.",
      fix,
    });
  }
  if (name === "BCELoss" && input && x?.kind === "sigmoid" && inlineVia(input.expr, x)) {
    // Correct but less stable than the fused form: offered as a refactor, not a finding.
    const inner = innerOf(x.via);
    const fnName = site.form === "functional" ? funcNameSpan(site.call) : site.ctor && site.call.func === site.ctor ? funcNameSpan(site.ctor) : null;
    const from = site.form === "functional" ? "binary_cross_entropy" : "BCELoss";
    const to = site.form === "functional" ? "binary_cross_entropy_with_logits" : "BCEWithLogitsLoss";
    if (inner && fnName && src.slice(fnName) === from) {
      suggest({
        ...spanOf(input.expr),
        fix: { title: `Use ${to} on the logits (numerically stable)`, edits: [{ ...fnName, newText: to }, { ...spanOf(input.expr), newText: src.slice(spanOf(inner)) }] },
      });
    }
  }
  if (name === "NLLLoss" && input && (x?.kind === "softmax" || x?.kind === "sigmoid" || x?.kind === "raw")) {
    const what = x.kind === "raw" ? "raw scores straight from nn.Linear" : "probabilities, not log-probabilities";
    emit({
      rule: "nll-without-log-softmax",
      ...spanOf(input.expr),
      loss,
      message: `NLLLoss expects log-probabilities (log_softmax output); this input is ${what}, so the loss is just minus the picked value and is not a likelihood. Use log_softmax (or CrossEntropyLoss on the logits).`,
      fix: toLogFix(),
    });
  }
  if (name === "KLDivLoss" && input && (x?.kind === "softmax" || x?.kind === "sigmoid")) {
    emit({
      rule: "kldiv-input-not-log",
      ...spanOf(input.expr),
      loss,
      message: "KLDivLoss expects its input as log-probabilities; this input is probabilities, so the result is not the KL divergence (it is not even zero for identical distributions). Use log_softmax for the input.",
      fix: toLogFix(),
    });
  }
  if (name === "KLDivLoss" && site.form === "functional") klDivMean(rec, site.call, site.options, src, emit);
  if ((name === "CrossEntropyLoss" || name === "NLLLoss") && target && y?.dtype === "float") {
    const indexShape = rank(y) !== undefined && rank(x) !== undefined && rank(y) === (rank(x) as number) - 1;
    const sameShape = rank(y) !== undefined && rank(y) === rank(x);
    if (name === "NLLLoss" || indexShape || (y.indices && !sameShape)) {
      emit({
        rule: "cross-entropy-target-dtype",
        ...spanOf(target.expr),
        loss,
        message:
          name === "NLLLoss"
            ? "NLLLoss needs class indices as int64 (long); this target is a float tensor, which PyTorch rejects. Use .long()."
            : "These targets are class indices stored as floats: CrossEntropyLoss reads float targets as class probabilities and rejects float indices. Use .long().",
        fix: retypeFix(target.expr, ["float", "double"], "long", src),
      });
    }
  }
  if ((name === "BCELoss" || name === "BCEWithLogitsLoss") && target && y?.dtype === "int") {
    emit({
      rule: "bce-target-dtype",
      ...spanOf(target.expr),
      loss,
      message: `${name} needs float targets of the input's dtype; this target is an integer tensor, which PyTorch rejects. Use .float().`,
      fix: retypeFix(target.expr, ["long", "int"], "float", src),
    });
  }
  if ((name === "BCELoss" || name === "BCEWithLogitsLoss") && target && y?.range && (y.range[0] < 0 || y.range[1] > 1)) {
    const v = y.range[0] < 0 ? y.range[0] : y.range[1];
    const raises = name === "BCELoss" && torchBehaviour(version).bceTargetRange;
    const what = raises
      ? `PyTorch ${version} raises \`all elements of target should be between 0 and 1\``
      : name === "BCELoss"
        ? `PyTorch ${version} computes a number without a word (2.x raises): the loss is no longer smallest at the target and goes below 0`
        : "PyTorch computes a number without a word: the loss has no minimum, it falls without bound as the logit moves away from the target";
    emit({
      rule: "bce-target-range",
      ...spanOf(target.expr),
      loss,
      message: `${name} reads its target as probabilities in [0, 1]; this target holds ${v}, and ${what}. For labels in {-1, 1} pass (y + 1) / 2.`,
    });
  }
  if (["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss"].includes(name) && input && target && x && y) {
    const col = (t: TensorV) => t.shape?.length === 2 && t.shape[1] === 1 && t.shape[0] !== 1;
    const vec = (t: TensorV) => t.shape?.length === 1 && t.shape[0] !== 1;
    const bad = col(x) && vec(y) ? input : col(y) && vec(x) ? target : null;
    if (bad) {
      emit({
        rule: "broadcast-shape-mismatch",
        ...spanOf(bad.expr),
        loss,
        message: `${name} is given (N, 1) against (N,): they broadcast to (N, N), so every prediction is compared with every target and the loss is wrong without an error (PyTorch only warns). Squeeze the (N, 1) side.`,
        fix: { title: "Squeeze dimension 1", edits: [{ ...spanOf(bad.expr), newText: `${paren(bad.expr, src)}.squeeze(1)` }] },
      });
    }
  }
  if (name === "CrossEntropyLoss" && target && y?.smoothed) {
    const ls = site.options.get("label_smoothing");
    const v = num(ls);
    if (ls && v !== undefined && v > 0) {
      emit({
        rule: "double-label-smoothing",
        ...spanOf(target.expr),
        loss,
        message: `These targets are already smoothed by hand, and label_smoothing=${src.slice(spanOf(ls))} smooths them again: the effective smoothing is larger than either. Keep one of the two.`,
      });
    }
  }
  if (site.form === "functional") deprecatedArgs(rec, site.call, site.options, src, emit);
}

/** What a loss constructor decides: KLDivLoss's 'mean', deprecated arguments, NLLLoss2d. */
export function checkConstructor(rec: LossRecord, call: Expr, options: Map<string, Expr>, src: SourceText, emit: Emit): void {
  if (rec.className === "NLLLoss2d") {
    const s = funcNameSpan(call);
    if (s)
      emit({
        rule: "deprecated-nllloss2d",
        ...s,
        loss: rec.className,
        message: "nn.NLLLoss2d is deprecated: nn.NLLLoss takes (N, C, H, W) inputs directly, with the same result.",
        fix: { title: "Use nn.NLLLoss", edits: [{ ...s, newText: "NLLLoss" }] },
      });
  }
  if (rec.className === "KLDivLoss") klDivMean(rec, call, options, src, emit);
  deprecatedArgs(rec, call, options, src, emit);
}

function klDivMean(rec: LossRecord, call: Expr, options: Map<string, Expr>, src: SourceText, emit: Emit): void {
  if (call.k !== "call" || options.has("size_average") || options.has("reduce") || call.args.some((a) => a.star)) return;
  const red = options.get("reduction");
  const message =
    "KLDivLoss with reduction='mean' divides by the number of elements (batch × classes), not the batch size: the value is not the KL divergence. Use reduction='batchmean'.";
  if (!red) {
    const s = funcNameSpan(call);
    if (!s) return;
    emit({ rule: "kldiv-mean-reduction", ...s, loss: rec.className, message: message.replace("with reduction='mean'", "by default (reduction='mean')"), fix: appendArgFix(call, "reduction='batchmean'", src) });
  } else if (str(red) === "mean" || str(red) === "elementwise_mean") {
    if (str(red) === "elementwise_mean") return;
    const q = src.slice(spanOf(red)).startsWith('"') ? '"' : "'";
    emit({ rule: "kldiv-mean-reduction", ...spanOf(red), loss: rec.className, message, fix: { title: "Use reduction='batchmean'", edits: [{ ...spanOf(red), newText: `${q}batchmean${q}` }] } });
  }
}

function deprecatedArgs(rec: LossRecord, call: Expr, options: Map<string, Expr>, src: SourceText, emit: Emit): void {
  if (call.k !== "call") return;
  const sa = options.get("size_average");
  const rd = options.get("reduce");
  const red = options.get("reduction");
  if (sa || rd) {
    const spans = (["size_average", "reduce"] as const).map((n) => {
      const v = options.get(n);
      return v ? (src.keywordSpan(spanOf(v), n) ?? spanOf(v)) : null;
    });
    const present = (spans.filter((s) => s) as Span[]).sort((a, b) => a.line - b.line || a.column - b.column);
    const first = present[0];
    const last = present[present.length - 1];
    const bool = (e: Expr | undefined): boolean | null | undefined =>
      e === undefined ? null : e.k === "const" && (e.value === true || e.value === false || e.value === null) ? e.value : undefined;
    const b1 = bool(sa);
    const b2 = bool(rd);
    let fix: Fix | undefined;
    const keywordOnly = call.args.every((a) => a.name !== "size_average" && a.name !== "reduce") ? undefined : true;
    if (b1 !== undefined && b2 !== undefined && !red && keywordOnly) {
      const reduction = legacyReduction(b1, b2);
      const rebuilt = rebuildArgs(call, ["size_average", "reduce"], `reduction='${reduction}'`, src);
      if (rebuilt) fix = { title: `Use reduction='${reduction}'`, edits: [rebuilt] };
    }
    emit({
      rule: "deprecated-reduction-args",
      line: first.line,
      column: first.column,
      endLine: last.endLine,
      endColumn: last.endColumn,
      loss: rec.className,
      message: `size_average and reduce are deprecated; reduction='${b1 !== undefined && b2 !== undefined ? legacyReduction(b1, b2) : "..."}' says the same.`,
      fix,
    });
  }
  if (red && str(red) === "elementwise_mean") {
    emit({
      rule: "deprecated-reduction-args",
      ...spanOf(red),
      loss: rec.className,
      message: "reduction='elementwise_mean' is deprecated (an old name of 'mean').",
      fix: { title: "Use reduction='mean'", edits: [{ ...spanOf(red), newText: "'mean'" }] },
    });
  }
}

/** The call's argument list rewritten without the named keywords, plus one new keyword. */
function rebuildArgs(call: Extract<Expr, { k: "call" }>, drop: string[], add: string, src: SourceText): Edit | null {
  const kept = call.args.filter((a) => !(a.name && drop.includes(a.name)));
  const parts = kept.map((a) => (a.name ? `${a.name}=${src.slice(spanOf(a.value))}` : `${a.star ?? ""}${src.slice(spanOf(a.value))}`));
  parts.push(add);
  const f = call.func.span;
  return { line: f.endLine, column: f.endColumn, endLine: call.span.endLine, endColumn: call.span.endColumn, newText: `(${parts.join(", ")})` };
}

function appendArgFix(call: Extract<Expr, { k: "call" }>, arg: string, src: SourceText): Fix | undefined {
  const close: Span = { line: call.span.endLine, column: call.span.endColumn - 1, endLine: call.span.endLine, endColumn: call.span.endColumn };
  if (src.slice(close) !== ")") return undefined;
  // Trailing commas and comments inside the call are kept: the argument goes right before ')'.
  const last = call.args[call.args.length - 1];
  let sep = "";
  if (last) {
    const between = src.slice({ line: last.value.span.endLine, column: last.value.span.endColumn, endLine: close.line, endColumn: close.column });
    sep = /^\s*,/.test(between) ? (between.includes("\n") ? "" : " ") : ", ";
  }
  return { title: `Add ${arg}`, edits: [{ ...close, newText: `${sep}${arg})` }] };
}

function renameFix(call: Expr, from: string, to: string, src: SourceText): Fix | undefined {
  const s = funcNameSpan(call);
  if (!s || src.slice(s) !== from) return undefined;
  return { title: `Use ${to}`, edits: [{ ...s, newText: to }] };
}

/** `y.float()` -> `y.long()` when the cast is written right in the argument. */
function retypeFix(arg: Expr, from: string[], to: string, src: SourceText): Fix | undefined {
  if (arg.k !== "call" || arg.func.k !== "attr" || !from.includes(arg.func.name) || arg.args.length) return undefined;
  const s = funcNameSpan(arg);
  if (!s) return undefined;
  void src;
  return { title: `Use .${to}()`, edits: [{ ...s, newText: to }] };
}

function paren(e: Expr, src: SourceText): string {
  const text = src.slice(spanOf(e));
  return e.k === "name" || e.k === "attr" || e.k === "call" || e.k === "index" ? text : `(${text})`;
}
