// The text the linter reads: a .py file as is, or a notebook's code cells in order (magics and shell lines
// blanked), presented to the evaluator's parser with position-preserving rewrites of the statements that
// parser skips as outside its subset (class, try / except / finally, decorators, async). Every rewrite keeps
// each line's length where positions matter, so the parser's spans are the file's spans.

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
  /** Lines (1-based) whose `class` keyword was rewritten to `if`: the `if` statements that are classes. */
  classLines: Set<number>;
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

const KEEP = /^([ \t]*)(.*)$/;

/**
 * Rewrites one line at a time. Inside strings and bracket continuations a rewrite is harmless or does not match
 * (those lines rarely start with these keywords), so a line scan is enough and stays linear.
 */
export function prepare(text: string, cells?: CellRange[]): LintSource {
  const lines = text.split("\n");
  const classLines = new Set<number>();
  /** The compound keyword last seen at each indentation, to tell a try's `else:` from an if's. */
  const lastAt = new Map<number, string>();
  let decoratorDepth = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (decoratorDepth > 0) {
      decoratorDepth = Math.max(0, decoratorDepth + bracketBalance(raw));
      lines[i] = "";
      continue;
    }
    const m = KEEP.exec(raw) as RegExpExecArray;
    const indent = m[1];
    const rest = m[2];
    if (rest === "" || rest.startsWith("#")) continue;
    const col = indent.length;
    for (const k of [...lastAt.keys()]) if (k > col) lastAt.delete(k);
    const word = /^[A-Za-z_]\w*/.exec(rest)?.[0] ?? "";
    if (cells && (rest.startsWith("%") || rest.startsWith("!") || (rest.startsWith("?") && col === 0))) {
      // IPython magics and shell escapes.
      lines[i] = "";
      continue;
    }
    if (rest.startsWith("@")) {
      decoratorDepth = Math.max(0, bracketBalance(rest));
      lines[i] = "";
      continue;
    }
    let out = rest;
    if (word === "class") {
      out = "if   " + rest.slice(5);
      classLines.add(i + 1);
    } else if (word === "async" && /^async\s+(def|for|with)\b/.test(rest)) {
      const inner = /^async\s+(def|for|with)/.exec(rest) as RegExpExecArray;
      out = inner[1] + " ".repeat(inner[0].length - inner[1].length) + rest.slice(inner[0].length);
    } else if (word === "try" && /^try\s*:/.test(rest)) {
      out = "if 1" + rest.slice(3);
    } else if ((word === "except" || word === "finally") && isTryClause(lastAt.get(col))) {
      out = clauseAsElif(rest);
    } else if (word === "else" && isTryClause(lastAt.get(col)) && lastAt.get(col) !== "try") {
      out = clauseAsElif(rest);
    }
    if (word) lastAt.set(col, word === "except" || word === "finally" ? "except" : word);
    lines[i] = indent + out;
  }
  return { text, parseText: lines.join("\n"), classLines, cells };
}

function isTryClause(kw: string | undefined): boolean {
  return kw === "try" || kw === "except";
}

/** `except ValueError as e:` -> `elif 1               :` (the header's own length when it is long enough). */
function clauseAsElif(rest: string): string {
  const colon = headerColon(rest);
  if (colon < 0) return rest;
  const head = "elif 1";
  return head + " ".repeat(Math.max(0, colon - head.length)) + rest.slice(colon);
}

/** The ':' that ends a clause header (not one inside brackets or strings). */
function headerColon(s: string): number {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === ":" && depth === 0) return i;
    else if (c === "#") return -1;
  }
  return -1;
}

function bracketBalance(s: string): number {
  let n = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "#") break;
    else if (c === "(" || c === "[" || c === "{") n++;
    else if (c === ")" || c === "]" || c === "}") n--;
  }
  return n;
}

/** Offsets of line starts, for turning spans into offsets and back. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
