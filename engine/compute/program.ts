// The program handed to the evaluator, built from pieces of a document (a file or a notebook's cells), and
// the way back from the evaluator's 1-based positions to document positions. Pure: no vscode.

/** Where a program line came from. Document column = program column + shift (0-based). */
export interface Origin {
  cell: number;
  /** 0-based line in that cell. */
  line: number;
  shift: number;
  /** A line Loss Lens wrote (the generated loss call): any position maps to the whole of `line`. */
  synthetic?: boolean;
}

/** A 0-based document range in one cell. */
export interface DocRange {
  cell: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The range covers a generated line: callers may show it at the end of `line`. */
  synthetic?: boolean;
}

export class Program {
  readonly lines: string[] = [];
  readonly origins: Origin[] = [];

  /** A program sent as data (from the compute worker). */
  static from(data: { lines: string[]; origins: Origin[] }): Program {
    const p = new Program();
    data.lines.forEach((line, i) => p.add(line, data.origins[i]));
    return p;
  }

  add(text: string, origin: Origin): void {
    this.lines.push(text);
    this.origins.push(origin);
  }

  get text(): string {
    return this.lines.join("\n") + "\n";
  }

  /** Maps an evaluator range (1-based, end exclusive) to the document. */
  locate(r: { line: number; column: number; endLine: number; endColumn: number }): DocRange | null {
    if (this.lines.length === 0) return null;
    const clampLine = (l: number) => Math.min(Math.max(l, 1), this.lines.length) - 1;
    const a = this.origins[clampLine(r.line)];
    let endIdx = clampLine(r.endLine);
    let b = this.origins[endIdx];
    // A range may run into a line from another cell or a generated line; end it where its start's piece ends.
    while (b.cell !== a.cell && endIdx > clampLine(r.line)) b = this.origins[--endIdx];
    if (a.synthetic || b.synthetic) {
      const o = a.synthetic ? a : b;
      return { cell: o.cell, line: o.line, column: 0, endLine: o.line, endColumn: Number.MAX_SAFE_INTEGER, synthetic: true };
    }
    const endColumn = b === this.origins[clampLine(r.endLine)] ? r.endColumn - 1 + b.shift : this.lines[endIdx].length + b.shift;
    return {
      cell: a.cell,
      line: a.line,
      column: Math.max(0, r.column - 1 + a.shift),
      endLine: b.line,
      endColumn: Math.max(0, endColumn),
    };
  }
}

const leading = (s: string) => s.length - s.trimStart().length;

/**
 * The lines of a selection, dedented so an indented block (an `if flag:` body, a cell's inner block) parses.
 * `startColumn` is where the selection starts on its first line; a selection starting inside the indentation
 * counts from the line's start.
 */
export function dedentSelection(lines: string[], firstLineText: string, startColumn: number): { text: string; shift: number }[] {
  const first = startColumn <= leading(firstLineText) ? firstLineText : lines[0];
  const firstShift = startColumn <= leading(firstLineText) ? 0 : startColumn;
  const all = [first, ...lines.slice(1)];
  let indent = Infinity;
  all.forEach((l, i) => {
    if (l.trim() === "" || l.trimStart().startsWith("#")) return;
    if (i === 0 && firstShift > 0) return; // starts mid-line: its indentation is not the block's
    indent = Math.min(indent, leading(l));
  });
  if (!Number.isFinite(indent)) indent = 0;
  return all.map((l, i) => {
    if (i === 0 && firstShift > 0) return { text: l.trimStart(), shift: firstShift + leading(l) };
    const cut = Math.min(indent, leading(l));
    return { text: l.slice(cut), shift: cut };
  });
}
