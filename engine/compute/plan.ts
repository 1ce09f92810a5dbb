// From what the user did (a selection or a cursor) to the program the evaluator runs, with every line's origin
// so results and diagnostics land back in the document. Pure: the cells are plain strings.
import { catalog, getLoss, getParam, pyRepr } from "../catalog";
import type { ParamValue } from "../catalog/types";
import { classifySelection, dependencies, freeNames, isBefore, knownAfter, lossStatementAt, newKnown, ownCriterion, readStatements, type Known, type SelectedTensor, type Statement } from "./analysis";
import { dedentSelection, Program } from "./program";

/** A 0-based position in a cell (a file is cell 0). */
export interface Where {
  cell: number;
  line: number;
  column: number;
}

/** The document as the command sees it: the file, or the notebook's code cells up to the current one. */
export interface Input {
  cells: string[];
  /** The cell the user is in (the last of `cells` for a notebook). */
  cell: number;
  selection: { start: Where; end: Where } | null;
  cursor: Where;
}

export type Plan =
  | { kind: "program"; form: "snippet" | "statement"; program: Program }
  | { kind: "tensors"; plan: TensorPlan }
  | { kind: "none"; reason: "no-loss-at-cursor" | "nothing-selected" };

interface Line {
  text: string;
  cell: number;
  line: number;
  shift: number;
}

function linesOf(cells: string[]): string[][] {
  return cells.map((c) => c.split(/\r?\n/));
}

/** Adds a statement's lines: its first line from its column, the rest dedented as far as they allow. */
function addStatement(program: Program, source: Line[], span: { line: number; column: number; endLine: number }): void {
  const first = span.column - 1;
  const lead = (s: string) => s.length - s.trimStart().length;
  for (let l = span.line; l <= span.endLine && l - 1 < source.length; l++) {
    const src = source[l - 1];
    const cut = l === span.line ? first : Math.min(first, lead(src.text));
    program.add(src.text.slice(cut), { cell: src.cell, line: src.line, shift: src.shift + cut });
  }
}

function fileLines(all: string[][], cell: number): Line[] {
  return all[cell].map((text, line) => ({ text, cell, line, shift: 0 }));
}

function addContext(program: Program, all: string[][], stmts: Statement[]): void {
  for (const s of stmts) addStatement(program, fileLines(all, s.cell), s.span);
}

export function plan(input: Input): Plan {
  const all = linesOf(input.cells);
  const sel = input.selection;
  if (sel && (sel.start.line !== sel.end.line || sel.start.column !== sel.end.column)) {
    const cellLines = all[sel.start.cell];
    const raw: string[] = [];
    for (let l = sel.start.line; l <= sel.end.line; l++) {
      const text = cellLines[l] ?? "";
      const from = l === sel.start.line ? sel.start.column : 0;
      const to = l === sel.end.line ? sel.end.column : text.length;
      raw.push(text.slice(from, to));
    }
    // A selection ending at column 0 of the next line holds nothing of it.
    if (raw.length > 1 && sel.end.column === 0) raw.pop();
    const dedented = dedentSelection(raw, cellLines[sel.start.line] ?? "", sel.start.column);
    const source: Line[] = dedented.map((d, i) => ({ text: d.text, cell: sel.start.cell, line: sel.start.line + i, shift: d.shift }));
    const text = source.map((s) => s.text).join("\n") + "\n";
    // Only the code above the selection can feed it: parse just that (a big selection is parsed once, by the evaluator).
    const above = input.cells.slice(0, sel.start.cell).concat(cellLines.slice(0, sel.start.line).join("\n"));
    const { statements: before, known } = knownAfter(above);
    // A selection calls a loss when it calls one of torch's (lexically: even code the parser cannot read),
    // or, parsed with what the code above bound, computes the user's own (a class + its call, a def's call).
    const kind = callsLoss(text, known.criteria) ? null : classifySelection(text, copyKnown(known));
    if (kind === null || kind.kind === "snippet") {
      const program = new Program();
      if (before.length) addContext(program, all, dependencies(before, namesRead(text)));
      for (const s of source) program.add(s.text, { cell: s.cell, line: s.line, shift: s.shift });
      return { kind: "program", form: "snippet", program };
    }
    if (kind.kind === "tensors") {
      const context = dependencies(before, freeNames(kind.statements));
      const own = ownCriterion(readStatements(input.cells), sel.start.cell, sel.start.line);
      return { kind: "tensors", plan: new TensorPlan(all, context, source, kind.statements, kind.tensors, own) };
    }
    // Neither a snippet nor tensors (a word, one tensor): fall back to the statement at the cursor.
  }
  const stmts = readStatements(input.cells);
  const target = lossStatementAt(stmts, input.cursor.cell, input.cursor.line);
  if (!target) return { kind: "none", reason: sel ? "nothing-selected" : "no-loss-at-cursor" };
  const before = stmts.filter((s) => isBefore(s, target.cell, target.span.line));
  const program = new Program();
  addContext(program, all, [...dependencies(before, target.uses), target]);
  return { kind: "program", form: "statement", program };
}

function copyKnown(k: Known): Known {
  const c = newKnown(k.criteria);
  k.classes.forEach((n) => c.classes.add(n));
  k.functions.forEach((n) => c.functions.add(n));
  k.instances.forEach((v, n) => c.instances.set(n, v));
  return c;
}

/** Code without its comments and string literals (a lexical view good enough for names and calls). */
function codeOnly(text: string): string {
  return text.replace(/("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*)/g, " ");
}

/** Identifiers the code reads (not attribute names): what the code above the selection may have to provide. */
export function namesRead(text: string): Set<string> {
  return new Set(codeOnly(text).match(/(?<![.\w])[A-Za-z_]\w*/g) ?? []);
}

/** Whether the code calls a loss: nn.XLoss(...), F.x_loss(...) or a criterion variable of the code above. */
export function callsLoss(text: string, criteria: Map<string, string>): boolean {
  const code = codeOnly(text);
  for (const m of code.matchAll(/(?<![\w])([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1];
    if (criteria.has(name) || lossNames().has(name)) return true;
  }
  return false;
}

let names: Set<string> | undefined;
function lossNames(): Set<string> {
  names ??= new Set(catalog.flatMap((r) => [r.className, ...(r.functional ? [r.functional] : [])]));
  return names;
}

/** Option values to write in the generated call: only those that differ from the catalog's defaults. */
export function optionArgs(className: string, options: Record<string, ParamValue>): string {
  const record = getLoss(className);
  const parts: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    const spec = record && getParam(record, name);
    if (!spec || spec.default === value) continue;
    parts.push(`${name}=${pyRepr(value, spec.kind)}`);
  }
  return parts.join(", ");
}

/** Two or more selected tensors: first find their shapes (probe), then write the chosen loss's call. */
export class TensorPlan {
  /** The variable each selected tensor is bound to in the generated program. */
  readonly names: string[];

  constructor(
    private readonly all: string[][],
    private readonly context: Statement[],
    private readonly source: Line[],
    private readonly statements: Statement[],
    readonly tensors: SelectedTensor[],
    /** The loss the code around already uses, to offer first. */
    readonly ownCriterion: string | null,
  ) {
    const taken = new Set<string>();
    for (const s of [...context, ...statements]) for (const n of [...s.defines, ...s.uses]) taken.add(n);
    let k = 0;
    this.names = tensors.map((t) => {
      if (t.name) return t.name;
      let n: string;
      do n = `t${k++}`;
      while (taken.has(n));
      taken.add(n);
      return n;
    });
  }

  /** The context and the selection with every selected expression bound to a name. */
  private base(): Program {
    const program = new Program();
    addContext(program, this.all, this.context);
    let item = 0;
    for (const s of this.statements) {
      if (s.stmt.k !== "expr" || (s.stmt.value.k === "call" && s.stmt.value.func.k === "attr" && s.stmt.value.func.name.endsWith("_"))) {
        if (s.stmt.k === "assign") item += s.stmt.targets[0].k === "tuple" ? s.stmt.targets[0].items.length : 1;
        addStatement(program, this.source, s.span);
        continue;
      }
      const items = s.stmt.value.k === "tuple" ? s.stmt.value.items : [s.stmt.value];
      for (const e of items) {
        const name = this.names[item++];
        if (e.k === "name" && e.id === name) continue;
        const prefix = `${name} = `;
        const start = program.lines.length;
        addStatement(program, this.source, e.span);
        // The expression ends at its span's end column on its last line (a tuple's next item follows it).
        const last = program.lines.length - 1;
        const endCut = e.span.endColumn - 1 - (program.origins[last].shift - this.source[e.span.endLine - 1].shift);
        program.lines[last] = program.lines[last].slice(0, Math.max(0, endCut));
        program.lines[start] = prefix + program.lines[start];
        program.origins[start] = { ...program.origins[start], shift: program.origins[start].shift - prefix.length };
      }
    }
    return program;
  }

  /** The program whose run tells each selected tensor's dtype and shape (no loss is called). */
  probe(): Program {
    return this.base();
  }

  /**
   * The program computing `className` on the selected tensors. `gradFor` says which of them get
   * requires_grad_() (floating leaves the user did not mark), so gradients show.
   */
  withLoss(className: string, options: Record<string, ParamValue>, gradFor: boolean[]): Program {
    const program = this.base();
    const anchor = this.source[this.source.length - 1];
    const origin = { cell: anchor.cell, line: anchor.line, shift: 0, synthetic: true };
    this.names.forEach((n, i) => {
      if (gradFor[i]) program.add(`${n}.requires_grad_()`, origin);
    });
    const taken = new Set(this.names);
    for (const s of [...this.context, ...this.statements]) for (const n of s.defines) taken.add(n);
    let target = "loss";
    while (taken.has(target)) target += "_";
    // The program may import torch without nn (whole programs run as Python does, without predefined aliases).
    program.add(`import torch.nn as nn; ${target} = nn.${className}(${optionArgs(className, options)})(${this.names.join(", ")})`, origin);
    return program;
  }
}
