// The real-code corpus (test/corpus/programs/*.py, PyTorch's output in test/fixtures/corpus.json written by
// scripts/fixtures/corpus.py): loading, judging one program's evaluation against PyTorch, and the ranked report
// of everything that is not exact. Used by corpus.test.ts and by scripts/corpus-report.mjs.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createEngine } from "../../engine/api/engine";
import type { Engine } from "../../engine/api/types";
import { evaluate } from "../../engine/python";
import type { Diagnostic, EvalOutput } from "../../engine/python/types";

export interface PyError {
  type: string;
  message: string;
  /** Deepest line of the program in the traceback (e.g. inside a loss's forward). */
  line: number | null;
  /** The program's top-level statement that raised. */
  statementLine: number | null;
}

export interface CorpusProgram {
  name: string;
  source: string;
  /** What PyTorch printed, and the exception it stopped on (null when it ran to the end). */
  stdout: string;
  error: PyError | null;
  /** False when the program changed after the fixture was written (regenerate it). */
  fresh: boolean;
}

export type Kind = "exact" | "refused" | "wrong";

export interface Verdict {
  name: string;
  kind: Kind;
  /** Groups non-exact programs in the report: the refusal's message, or what was wrong. */
  cause: string;
  /** First differing line, or the diagnostic in full. */
  detail: string;
  ms: number;
}

interface CorpusFile {
  torch: string;
  programs: { name: string; sha256: string; stdout: string; error: PyError | null }[];
}

export interface Corpus {
  torch: string;
  programs: CorpusProgram[];
  /** Programs without a fixture record, and records without a program. */
  missing: string[];
  stale: string[];
}

export function loadCorpus(root: string): Corpus {
  const dir = join(root, "test", "corpus", "programs");
  const file: CorpusFile = JSON.parse(readFileSync(join(root, "test", "fixtures", "corpus.json"), "utf8"));
  const byName = new Map(file.programs.map((p) => [p.name, p]));
  const names = readdirSync(dir).filter((f) => f.endsWith(".py")).sort();
  const programs: CorpusProgram[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const bytes = readFileSync(join(dir, name));
    const rec = byName.get(name);
    if (!rec) {
      missing.push(name);
      continue;
    }
    const fresh = createHash("sha256").update(bytes).digest("hex") === rec.sha256;
    programs.push({ name, source: bytes.toString("utf8"), stdout: rec.stdout, error: rec.error, fresh });
  }
  const stale = file.programs.filter((p) => !names.includes(p.name)).map((p) => p.name);
  return { torch: file.torch, programs, missing, stale };
}

/** Object addresses differ from run to run (`<... object at 0x7f3a...>`). */
export function normalise(text: string): string {
  return text.replace(/ at 0x[0-9a-fA-F]+/g, " at 0x…");
}

/** The message forms the evaluator uses for code it does not evaluate (today's and issue #12's). */
const REFUSAL = /not supported by Loss Lens|not evaluated|^skipped:/;
const CRASH = /^internal error|^evaluation stopped|step limit|cancelled/i;

export function isRefusal(d: Diagnostic): boolean {
  return d.severity !== "error" && REFUSAL.test(d.message);
}

/** Is `got` (lines) a subsequence of `want` (lines)? Returns the index of the first line of got that is not, or -1. */
function subsequence(got: string[], want: string[]): number {
  let j = 0;
  for (let i = 0; i < got.length; i++) {
    while (j < want.length && want[j] !== got[i]) j++;
    if (j === want.length) return i;
    j++;
  }
  return -1;
}

function lines(text: string): string[] {
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

function firstDifference(got: string, want: string): string {
  const g = lines(got);
  const w = lines(want);
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i]) {
      return `stdout line ${i + 1}: got ${g[i] === undefined ? "(nothing)" : JSON.stringify(g[i])}, PyTorch ${w[i] === undefined ? "(nothing)" : JSON.stringify(w[i])}`;
    }
  }
  return "stdout differs";
}

/** A refusal message as a group key: identifiers kept, line numbers dropped. */
export function refusalCause(message: string): string {
  return message.replace(/\(line \d+\)/g, "(line N)").replace(/^skipped: uses '[^']*'/, "skipped: uses 'X'");
}

/** An evaluator error as a group key: its type and message with quoted names and numbers generalised. */
function errorKind(message: string): string {
  return message
    .split("\n")[0]
    .replace(/'[^']*'/g, "'X'")
    .replace(/\b\d+\b/g, "N")
    .slice(0, 120);
}

/** PyTorch's exception reported on its line (the statement's or the deepest one) with its message. */
function matchesPyError(d: Diagnostic, e: PyError): boolean {
  if (d.line !== e.line && d.line !== e.statementLine) return false;
  if (e.type === "SyntaxError") return true;
  const want = e.message.trim();
  return d.message.includes(want) || normalise(d.message).includes(normalise(want));
}

/** Classifies one evaluation against PyTorch's record of the same program. */
export function judge(p: CorpusProgram, out: EvalOutput, ms: number): Verdict {
  const v = (kind: Kind, cause: string, detail: string): Verdict => ({ name: p.name, kind, cause, detail, ms });
  const got = normalise(out.stdout);
  const want = normalise(p.stdout);
  const errors = out.diagnostics.filter((d) => d.severity === "error");
  const crash = errors.find((d) => CRASH.test(d.message));
  if (crash) return v("wrong", "crash: " + crash.message.split(":")[0], `line ${crash.line}: ${crash.message}`);
  const pyErr = p.error;
  const matched = pyErr ? errors.filter((d) => matchesPyError(d, pyErr)) : [];
  const falseErr = errors.find((d) => !matched.includes(d));
  const refusals = out.diagnostics.filter(isRefusal);
  if (falseErr) {
    const want = pyErr ? `PyTorch: ${pyErr.type}: ${pyErr.message} (line ${pyErr.line})` : "PyTorch raised nothing";
    // A false error after a refusal is usually the refusal's consequence (a name left undefined): say which.
    const before = refusals.find((d) => d.line <= falseErr.line);
    const after = before ? ` (after: ${refusalCause(before.message)})` : "";
    const what = errorKind(falseErr.message) + after;
    return v("wrong", `${pyErr ? "a different error" : "an error PyTorch does not raise"}: ${what}`, `line ${falseErr.line}: ${falseErr.message} | ${want}`);
  }
  if (got === want && (!pyErr || matched.length > 0)) return v("exact", "", "");
  if (subsequence(lines(got), lines(want)) >= 0) {
    const past = pyErr !== null && got.startsWith(want);
    return v("wrong", past ? "output past where PyTorch stopped" : "wrong output", firstDifference(got, want));
  }
  if (refusals.length > 0) {
    const first = refusals[0];
    return v("refused", refusalCause(first.message), `line ${first.line}: ${first.message}`);
  }
  if (pyErr && matched.length === 0) return v("wrong", "missed PyTorch's error", `PyTorch: ${pyErr.type}: ${pyErr.message} (line ${pyErr.line})`);
  return v("wrong", "missing output, nothing refused", firstDifference(got, want));
}

export function runProgram(p: CorpusProgram, engine: Engine): Verdict {
  const started = performance.now();
  let out: EvalOutput;
  try {
    out = evaluate(p.source, engine);
  } catch (e) {
    return { name: p.name, kind: "wrong", cause: "crash: evaluate() threw", detail: String((e as Error)?.message ?? e), ms: performance.now() - started };
  }
  return judge(p, out, performance.now() - started);
}

export interface Summary {
  exact: number;
  refused: number;
  wrong: number;
  totalMs: number;
  slowest: Verdict | undefined;
}

export function summarise(verdicts: Verdict[]): Summary {
  const count = (k: Kind) => verdicts.filter((x) => x.kind === k).length;
  const slowest = verdicts.reduce<Verdict | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
  return { exact: count("exact"), refused: count("refused"), wrong: count("wrong"), totalMs: verdicts.reduce((s, x) => s + x.ms, 0), slowest };
}

export function summaryLine(s: Summary): string {
  const slow = s.slowest ? `, slowest ${s.slowest.name} ${s.slowest.ms.toFixed(0)} ms` : "";
  return `corpus: ${s.exact} exact / ${s.refused} refused / ${s.wrong} wrong of ${s.exact + s.refused + s.wrong}; evaluator ${(s.totalMs / 1000).toFixed(2)} s${slow}`;
}

/** Every non-exact program grouped by cause, groups ranked by count (wrong first): what the evaluator should do next. */
export function formatReport(verdicts: Verdict[], torch: string): string {
  const out: string[] = [
    summaryLine(summarise(verdicts)) + ` (PyTorch ${torch})`,
    "exact: PyTorch's stdout (and its exception on its line); refused: said what it does not evaluate and printed only",
    "PyTorch's lines in PyTorch's order; wrong: anything else. Wrong programs must be listed in test/corpus/known-wrong.json",
    "(KNOWN WRONG, only shrinks: remove a program when it is fixed); raise test/corpus/floor.json to the new exact count.",
    "",
  ];
  const silent = verdicts.filter((x) => x.kind === "wrong" && /output/.test(x.cause));
  out.push(`== silent wrong answers (printed a value PyTorch does not print): ${silent.length}`);
  for (const x of silent) out.push(`       ${x.name}: ${x.cause}: ${x.detail}`);
  out.push("");
  for (const kind of ["wrong", "refused"] as const) {
    const groups = new Map<string, Verdict[]>();
    for (const x of verdicts.filter((y) => y.kind === kind)) groups.set(x.cause, [...(groups.get(x.cause) ?? []), x]);
    const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const total = ranked.reduce((s, [, g]) => s + g.length, 0);
    out.push(`== ${kind}: ${total} program(s) in ${ranked.length} cause(s)`);
    for (const [cause, group] of ranked) {
      out.push(`${String(group.length).padStart(3)}  ${cause}`);
      for (const x of group) out.push(`       ${x.name}: ${x.detail}`);
    }
    out.push("");
  }
  const slow = [...verdicts].sort((a, b) => b.ms - a.ms).slice(0, 5);
  out.push("== slowest", ...slow.map((x) => `  ${x.ms.toFixed(1).padStart(8)} ms  ${x.name} (${x.kind})`), "");
  return out.join("\n");
}

/** The whole corpus through one engine (the report script's entry), answering as 1.13, whose records these are. */
export async function runCorpus(root: string): Promise<{ corpus: Corpus; verdicts: Verdict[]; engine: Engine }> {
  const engine = await createEngine({ pytorch: "1.13" });
  const corpus = loadCorpus(root);
  return { corpus, verdicts: corpus.programs.map((p) => runProgram(p, engine)), engine };
}

/**
 * Whether the evaluator knows a name the corpus calls (`torch.cdist`, `torch.nn.functional.one_hot`, `Tensor.sort`):
 * a reference to it is evaluated, without a call. Returns null when known, else the refusal or error message.
 */
export function probeName(name: string, engine: Engine): string | null {
  let source: string;
  if (name.startsWith("Tensor.")) source = `import torch\nx = torch.zeros(2)\nf = x.${name.slice(7)}\n`;
  else if (name.startsWith("torch.")) source = `import torch\nimport torch.nn\nimport torch.nn.functional\nf = ${name}\n`;
  else return null;
  const out = evaluate(source, engine);
  const bad = out.diagnostics.find((d) => d.severity !== "info");
  return bad ? bad.message : null;
}
