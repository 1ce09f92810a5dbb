// Markdown for a hover target, in one language. Pure: the VS Code adapter wraps the string in a
// MarkdownString that trusts only our two commands.
import { NEWEST_PYTORCH, type PyTorchVersion } from "../api/versions";
import { defaultRepr, formInputs, getParam, inputNames } from "../catalog";
import { addedParams } from "../catalog/versions";
import type { DocsBundle, Lang, LossDocs, LossRecord, ParamSpec, ReductionChoice } from "../catalog/types";
import type { Arg } from "./call";
import { configure, type Configuration, type Finding } from "./check";
import type { OwnTarget } from "./own";
import type { CriterionTarget, Form, HoverTarget, KeywordTarget, LossTarget } from "./resolve";
import { localShape, strings, type HoverStrings } from "./strings";

export interface RenderOptions {
  lang: Lang;
  docs: DocsBundle;
  /** Arguments for `lossLens.computeLoss` when the hovered code is a call that can be computed. */
  computeArgs?: unknown;
  /** 1-based line of an offset, for "created on line N". */
  lineOf?: (offset: number) => number;
  /** The PyTorch the hover answers as (default: the newest): its signatures, errors and warnings. */
  pytorch?: PyTorchVersion;
}

export const commands = { playground: "lossLens.openPlayground", compute: "lossLens.computeLoss", plot: "lossLens.plotLoss" } as const;

/** Escapes Loss Lens's own prose (the catalog's texts) for Markdown: shapes like (N, *) must not become emphasis. */
export function md(text: string): string {
  return text.replace(/[\\*_<>[\]`]/g, (c) => `\\${c}`);
}

/**
 * Escapes prose that may hold text from the user's file: every ASCII punctuation mark Markdown gives a meaning
 * (emphasis, links and autolinks, code, HTML, entities, headings, lists, tables, theme icons) is backslash-escaped,
 * so the text is shown, never interpreted.
 */
export function userText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~^$:]/g, (c) => `\\${c}`);
}

/** A Markdown code span holding `text` verbatim: fenced by more backticks than its longest backtick run. */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  let longest = 0;
  for (const m of flat.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  // CommonMark strips one space from each side when both are there: pad when the text starts or ends with a
  // backtick (it would join the fence) or already has both spaces (they would be stripped).
  const pad = /^`|`$/.test(flat) || (flat.startsWith(" ") && flat.endsWith(" ") && flat.trim() !== "") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block holding `text` verbatim: its fence is longer than any backtick run inside. */
export function codeBlock(text: string, lang = ""): string {
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function commandLink(label: string, command: string, args: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** The Python signature with defaults, as the form (class or F.*) spells it. */
export function signature(record: LossRecord, form: Form, written?: string, version?: PyTorchVersion): string {
  const parts: string[] = [];
  let star = false;
  const kwOnly = (p: ParamSpec) => (form === "class" ? p.keywordOnly : p.functionalKeywordOnly);
  if (form === "functional") parts.push(...inputNames(record, form));
  const added = version && form === "functional" ? addedParams(record.className, version, true) : [];
  const names = form === "class" ? record.params.map((p) => p.name) : [...record.functionalParams, ...added.map((p) => p.name)];
  for (const name of names) {
    const p = getParam(record, name, form) ?? added.find((a) => a.name === name)!;
    if (kwOnly(p) && !star) {
      parts.push("*");
      star = true;
    }
    parts.push(p.required ? p.name : `${p.name}=${defaultRepr(p, form)}`);
  }
  const head = written ?? (form === "class" ? `torch.nn.${record.className}` : `torch.nn.functional.${record.functional}`);
  const oneLine = `${head}(${parts.join(", ")})`;
  return oneLine.length <= 140 ? oneLine : `${head}(\n    ${parts.join(",\n    ")},\n)`;
}

/** The form's text for a parameter or input: the functional's own where it has one, else the class's. */
function formDoc(doc: LossDocs, form: Form, kind: "params" | "inputs", name: string): string {
  return (form === "functional" ? doc.functional?.[kind][name] : undefined) ?? doc[kind][name] ?? "";
}

function findingLine(f: Finding, lang: Lang): string {
  const icon = f.severity === "error" ? "⛔" : f.severity === "warning" ? "⚠️" : "ℹ️";
  // Findings quote the call's own text (an invalid reduction string...): user text.
  return `${icon} ${userText(f.message[lang])}`;
}

function inputsTable(record: LossRecord, doc: LossDocs, s: HoverStrings, form: Form, lang: Lang, given?: Arg[]): string {
  const rows = [`| ${s.input} | ${s.shape} | ${s.meaning} |`, "|---|---|---|"];
  const names = inputNames(record, form);
  formInputs(record, form).forEach((i, k) => {
    const name = names[k];
    const meaning = s.meanings[i.meaning] + (i.altMeaning ? ` / ${s.meanings[i.altMeaning]}` : "");
    const arg = given?.[k];
    const label = arg ? `${code(name)} ← ${code(arg.text.length > 24 ? arg.text.slice(0, 23) + "…" : arg.text)}` : code(name);
    const cell = (x: string) => x.replace(/\|/g, "\\|");
    rows.push(`| ${cell(label)} | ${code(localShape(i.shape, lang))} | **${md(meaning)}**, ${s.dtypes[i.dtype]}: ${cell(md(formDoc(doc, form, "inputs", i.name)))} |`);
  });
  return rows.join("\n");
}

function outputLines(record: LossRecord, doc: LossDocs, reduction: string | undefined, lang: Lang): string {
  const keys = Object.keys(record.output) as ReductionChoice[];
  const shown = reduction && keys.includes(reduction as ReductionChoice) ? [reduction as ReductionChoice] : keys;
  return shown.map((r) => `- \`reduction='${r}'\` → ${code(localShape(record.output[r]!, lang))}: ${md(doc.output[r] ?? "")}`).join("\n");
}

function configLine(config: Configuration, s: HoverStrings): string {
  if (config.given.length === 0 && config.unknown.length === 0) return s.defaults;
  return [...config.given.map((g) => `${g.param.name}=${g.arg.text}`), ...config.unknown.map((a) => `${a.name}=${a.text}`)]
    .map(code)
    .join(", ");
}

function links(record: LossRecord, s: HoverStrings, opts: RenderOptions): string {
  const out = [commandLink(s.openPlayground, commands.playground, [record.aliasOf ?? record.className])];
  if (opts.computeArgs !== undefined) out.push(commandLink(s.compute, commands.compute, [opts.computeArgs]));
  out.push(`[${s.docs}](${record.docsUrl})`);
  return out.join(" · ");
}

function title(record: LossRecord, form: Form): string {
  return form === "class" ? `**torch.nn.${record.className}**` : `**torch.nn.functional.${record.functional}**`;
}

function body(record: LossRecord, form: Form, config: Configuration, opts: RenderOptions, callInputs?: Arg[], heading?: string): string {
  const s = strings[opts.lang];
  const doc = opts.docs[record.className];
  const parts: string[] = [];
  // What matters at a glance first (VS Code shows the top of a long hover): what it is, this call's
  // configuration and problems, the links, the signature and what the inputs must be.
  parts.push(heading ?? `${title(record, form)} — ${md(record.summary[opts.lang])}`);
  parts.push(links(record, s, opts));
  const findings = config.findings;
  if (findings.length) parts.push(findings.map((f) => findingLine(f, opts.lang)).join("\n\n"));
  parts.push(codeBlock(signature(record, form, undefined, opts.pytorch), "python"));
  parts.push(`**${s.inputs}**\n\n` + inputsTable(record, doc, s, form, opts.lang, callInputs));
  parts.push(`**${s.output}**\n\n` + outputLines(record, doc, config.reduction, opts.lang));
  parts.push(`**${s.formula}**\n\n` + "```text\n" + record.formula + "\n```");
  parts.push(md(doc.details));
  const pitfalls = (form === "functional" ? doc.functional?.pitfalls : undefined) ?? doc.pitfalls;
  parts.push(`**${s.pitfalls}**\n\n` + pitfalls.map((p) => `- ${md(p)}`).join("\n"));
  parts.push(`${s.related}: ${record.related.map((r) => code(`nn.${r}`)).join(", ")}`);
  return parts.join("\n\n");
}

function renderLoss(t: LossTarget, opts: RenderOptions): string {
  const s = strings[opts.lang];
  const config = configure(t.record, t.form, t.call, opts.pytorch);
  let heading = `${title(t.record, t.form)} — ${md(t.record.summary[opts.lang])}`;
  if (t.call) heading += `\n\n${s.thisCall}: ${configLine(config, s)}`;
  const inputs = t.form === "functional" ? config.inputs : undefined;
  return body(t.record, t.form, config, opts, inputs, heading);
}

function paramDescription(p: ParamSpec, s: HoverStrings, form: Form): string[] {
  const lines: string[] = [];
  if (!p.required) lines.push(`${s.default}: ${code(defaultRepr(p, form))}`);
  if (p.choices) lines.push(`${s.choices}: ${p.choices.map((c) => code(`'${c}'`)).join(" · ")}`);
  if (p.min !== undefined || p.max !== undefined) {
    const lo = p.min === undefined ? "(−∞" : `${p.minExclusive ? "(" : "["}${p.min}`;
    const hi = p.max === undefined ? "∞)" : `${p.max}]`;
    lines.push(`${s.range}: ${code(`${lo}, ${hi}`)}`);
  }
  if (p.deprecated) lines.push(`⚠️ ${s.deprecatedParam}`);
  return lines;
}

function renderKeyword(t: KeywordTarget, opts: RenderOptions): string {
  const s = strings[opts.lang];
  const doc = opts.docs[t.record.className];
  const owner = t.form === "class" ? `nn.${t.record.className}` : `F.${t.record.functional}`;
  const config = configure(t.record, t.form, t.call, opts.pytorch);
  const parts: string[] = [];
  const added = t.form === "functional" && opts.pytorch ? addedParams(t.record.className, opts.pytorch, true).find((p) => p.name === t.keyword) : undefined;
  if (!added && (!t.param || (t.form === "functional" && !t.record.functionalParams.includes(t.keyword)))) {
    parts.push(s.notAParameter(t.keyword, code(owner)));
    const f = config.findings.filter((x) => x.param === t.keyword);
    if (f.length) parts.push(f.map((x) => findingLine(x, opts.lang)).join("\n\n"));
    parts.push(codeBlock(signature(t.record, t.form, undefined, opts.pytorch), "python"));
    return parts.join("\n\n");
  }
  const p = (added ?? t.param)!;
  parts.push(`**${p.name}**: ${s.kinds[p.kind]} — ${s.parameterOf === "parameter of" ? `${s.parameterOf} ${code(owner)}` : `${code(owner)} ${s.parameterOf}`}`);
  parts.push(md(formDoc(doc, t.form, "params", p.name)));
  parts.push(paramDescription(p, s, t.form).join("  \n"));
  parts.push(`${s.given}: ${code(`${p.name}=${t.arg.text}`)}`);
  const relevant = config.findings.filter((x) => x.param === p.name || (p.name === "reduction" && x.param === undefined));
  if (relevant.length) parts.push(relevant.map((x) => findingLine(x, opts.lang)).join("\n\n"));
  if (p.kind === "reduction" && typeof t.arg.value === "string" && t.record.output[t.arg.value as ReductionChoice]) {
    parts.push(`**${s.output}**\n\n` + outputLines(t.record, doc, t.arg.value, opts.lang));
  }
  parts.push(links(t.record, s, opts));
  return parts.join("\n\n");
}

function renderCriterion(t: CriterionTarget, opts: RenderOptions): string {
  const s = strings[opts.lang];
  const config = configure(t.record, "class", t.construction, opts.pytorch);
  const line = opts.lineOf ? opts.lineOf(t.definedAt) : 0;
  const heading =
    `${s.criterion(t.variable, line)} ${code(`nn.${t.record.className}(${config.given.map((g) => `${g.param.name}=${g.arg.text}`).join(", ")})`)}\n\n` +
    `${title(t.record, "class")} — ${md(t.record.summary[opts.lang])}\n\n${s.thisCall}: ${configLine(config, s)}`;
  const inputs = t.call.args.filter((a) => !a.name);
  return body(t.record, "class", config, opts, inputs, heading);
}

/** The user's own loss class: what it is and where, its constructor and forward, its docstring, Compute. */
function renderOwn(t: OwnTarget, opts: RenderOptions): string {
  const s = strings[opts.lang];
  const line = (o: number) => (opts.lineOf ? opts.lineOf(o) : 0);
  const { own } = t;
  const parts: string[] = [`**${s.ownClass(code(own.name), line(own.definedAt))}**`];
  if (t.variable && t.construction && t.constructedAt !== undefined) {
    const made = opts.lineOf ? opts.lineOf(t.constructedAt) : 0;
    const text = `${own.name}(${t.construction.args.map((a) => a.name ? `${a.name}=${a.text}` : a.text).join(", ")})`;
    parts.push(s.ownInstance(code(t.variable), made, code(text.replace(/\s+/g, " "))));
  }
  if (t.call && opts.computeArgs !== undefined) {
    // Plot takes the same { uri, line }: the playground opens on this class with the call's values.
    parts.push(`${commandLink(s.compute, commands.compute, [opts.computeArgs])} · ${commandLink(s.plotOwn, commands.plot, [opts.computeArgs])}`);
  }
  // The class as the user wrote it, reduced to what a call needs: its bases, constructor and forward.
  const method = (name: string, ps: string[]) => `    def ${name}(${["self", ...ps].join(", ")}): ...`;
  const outline = [`class ${own.name}${own.bases.length ? `(${own.bases.join(", ").replace(/\s+/g, " ")})` : ""}:`];
  if (own.init) outline.push(method("__init__", own.init));
  outline.push(method("forward", own.forward ?? []));
  parts.push(codeBlock(outline.join("\n"), "python"));
  // A docstring is the user's text: shown as it is, in a fence (never Markdown), and cut when long.
  if (own.doc) parts.push("---\n\n" + codeBlock(own.doc.length > 1500 ? own.doc.slice(0, 1500) + "…" : own.doc, "text"));
  return parts.join("\n\n");
}

export function renderHover(target: HoverTarget, given: RenderOptions): string {
  const opts = { ...given, pytorch: given.pytorch ?? NEWEST_PYTORCH };
  switch (target.kind) {
    case "own":
      return renderOwn(target, opts);
    case "loss":
      return renderLoss(target, opts);
    case "keyword":
      return renderKeyword(target, opts);
    case "criterion":
      return renderCriterion(target, opts);
  }
}
