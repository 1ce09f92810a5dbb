// The text the linter reads: a .py file as is, or a notebook's code cells in order (magics and shell lines
// blanked), presented to the evaluator's parser with column-preserving rewrites of what its subset lacks (async).

/** A notebook code cell's place in the concatenated text. */
export interface CellRange {
  /** Index of the cell in the notebook's `cells` array. */
  index: number;
  /** First line (1-based) of the cell in the concatenated text. */
  startLine: number;
  lineCount: number;
}

export interface LintSource {
  /** The text the analysis reads (for a notebook: the code cells joined by newlines). */
  text: string;
  /** The rewritten text the parser reads (same lines, same columns where spans matter). */
  parseText: string;
  /** Notebook only: where each code cell sits. */
  cells?: CellRange[];
}

/** The code cells of a .ipynb document, in order; null when it is not a notebook we can read. */
export function notebookCells(json: string): { index: number; source: string }[] | null {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch {
    return null;
  }
  const cells = (nb as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) return null;
  const out: { index: number; source: string }[] = [];
  cells.forEach((c: unknown, index) => {
    const cell = c as { cell_type?: unknown; source?: unknown };
    if (cell?.cell_type !== "code") return;
    const src = Array.isArray(cell.source) ? cell.source.filter((s) => typeof s === "string").join("") : typeof cell.source === "string" ? cell.source : "";
    out.push({ index, source: src });
  });
  return out;
}

/** Joins cells into one text (each cell starts on a new line) and records where each one is. */
export function joinCells(cells: { index: number; source: string }[]): { text: string; cells: CellRange[] } {
  const parts: string[] = [];
  const ranges: CellRange[] = [];
  let line = 1;
  for (const c of cells) {
    const src = c.source.replace(/\r\n?/g, "\n").replace(/\n$/, "");
    const lineCount = src.split("\n").length;
    ranges.push({ index: c.index, startLine: line, lineCount });
    parts.push(src);
    line += lineCount;
  }
  return { text: parts.join("\n"), cells: ranges };
}

const ASYNC = /^([ \t]*)async(\s+)(def|for|with)\b/;
const MAGIC = /^[ \t]*[%!]/;

/**
 * Line rewrites that keep every column: `async def` / `async for` / `async with` read as their plain forms (the
 * parser's subset has no async), and a notebook's IPython magics and shell escapes become blank lines.
 */
export function prepare(text: string, cells?: CellRange[]): LintSource {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (cells && MAGIC.test(line)) {
      lines[i] = "";
      continue;
    }
    const m = ASYNC.exec(line);
    if (m) lines[i] = m[1] + m[3] + " ".repeat(5 + m[2].length) + line.slice(m[0].length);
  }
  return { text, parseText: lines.join("\n"), cells };
}

/** Offsets of line starts, for turning spans into offsets and back. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
