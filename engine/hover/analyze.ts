// What the names of a Python source are bound to: imports of torch / torch.nn / torch.nn.functional under
// any alias, and the user's own definitions and assignments (which shadow them). The strings and comments
// are scanned once; bindings are found per name on demand (a hover needs two or three names), from the
// occurrences of "import" and of the name. The caller caches the analysis per document version.
import { catalog } from "../catalog";
import { inSpan, scanSpans, type Spans } from "./lexer";

export interface Binding {
  /** Where the binding statement starts. */
  offset: number;
  /** The dotted torch path it binds ("torch.nn", "torch.nn.MSELoss"), or null for anything else. */
  target: string | null;
  /** For assignments: where the right-hand side starts. */
  rhs?: number;
}

export interface Analysis {
  text: string;
  spans: Spans;
  /** The bindings of a name (dotted for attribute assignments like self.criterion), in source order.
   * Looked up on demand and cached: a hover needs two or three names, not the whole document's. */
  bindingsOf(name: string): Binding[];
}

const IMPORT = /import[ \t]+([^\n#;]+)/y;
const FROM = /from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)/y;
const ASSIGN = /([A-Za-z_][\w.]*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/y;
const DEF_PREFIX = /^(?:async[ \t]+)?(?:def|class)[ \t]+$/;

/** Modules whose members we know: `from torch.nn.modules.loss import MSELoss` is torch.nn.MSELoss. */
function canonicalModule(module: string): string {
  if (module === "torch.nn.modules.loss" || module === "torch.nn.modules") return "torch.nn";
  return module;
}

function add(map: Map<string, Binding[]>, name: string, binding: Binding): void {
  const list = map.get(name);
  if (list) list.push(binding);
  else map.set(name, [binding]);
}

function bindImport(map: Map<string, Binding[]>, list: string, offset: number): void {
  for (const part of list.split(",")) {
    const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
    if (!m) continue;
    const module = m[1];
    const isTorch = module === "torch" || module.startsWith("torch.");
    if (m[2]) add(map, m[2], { offset, target: isTorch ? canonicalModule(module) : null });
    else {
      const head = module.split(".")[0];
      add(map, head, { offset, target: head === "torch" ? "torch" : null });
    }
  }
}

function bindFrom(map: Map<string, Binding[]>, rawModule: string, names: string, offset: number): void {
  const module = canonicalModule(rawModule);
  const isTorch = module === "torch" || module.startsWith("torch.");
  const list = names.replace(/^\(|\)$/g, "");
  for (const part of list.split(",")) {
    const m = /^\s*(\w+|\*)(?:\s+as\s+(\w+))?\s*$/.exec(part.replace(/#[^\n]*/g, ""));
    if (!m) continue;
    if (m[1] === "*") {
      if (module === "torch.nn") for (const r of catalog) add(map, r.className, { offset, target: `torch.nn.${r.className}` });
      if (module === "torch.nn.functional")
        for (const r of catalog) if (r.functional) add(map, r.functional, { offset, target: `torch.nn.functional.${r.functional}` });
      continue;
    }
    add(map, m[2] ?? m[1], { offset, target: isTorch ? `${module}.${m[1]}` : null });
  }
}

function isIdentCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/**
 * The first non-blank offset of the line holding an offset, for offsets asked in increasing order: the line start
 * moves forward with the offsets, so a long line with many occurrences is read once (a lastIndexOf per
 * occurrence would scan back to the line start each time: quadratic on a 2 MB line).
 */
function lineHeads(text: string): (offset: number) => number {
  let start = 0;
  let nextNl = text.indexOf("\n");
  let head = -1;
  return (offset) => {
    if (nextNl >= 0 && nextNl < offset) {
      start = text.lastIndexOf("\n", offset - 1) + 1;
      nextNl = text.indexOf("\n", offset);
      head = -1;
    }
    if (head < 0) {
      head = start;
      while (text.charCodeAt(head) === 32 || text.charCodeAt(head) === 9) head++;
    }
    return head;
  };
}

/** Whether text[from, i) is `def ` / `class ` (optionally `async `) with blanks: a definition's name follows. */
function defPrefixBefore(text: string, head: number, i: number): boolean {
  // The prefix is short unless blanks are long: look at most 64 characters back.
  return i - head <= 64 && DEF_PREFIX.test(text.slice(head, i));
}

/** Every import statement's bindings, found from the few occurrences of "import". */
function scanImports(text: string, spans: Spans): Map<string, Binding[]> {
  const map = new Map<string, Binding[]>();
  const seen = new Set<number>();
  const lineHead = lineHeads(text);
  for (let i = text.indexOf("import"); i >= 0; i = text.indexOf("import", i + 6)) {
    const p = lineHead(i);
    if (seen.has(p) || inSpan(spans, p)) continue;
    seen.add(p);
    let m: RegExpExecArray | null;
    FROM.lastIndex = p;
    IMPORT.lastIndex = p;
    if ((m = FROM.exec(text))) bindFrom(map, m[1], m[2], p);
    else if ((m = IMPORT.exec(text))) bindImport(map, m[1], p);
  }
  return map;
}

/** A name's own definitions and assignments (`def X`, `class X`, `X = ...`, `self.x = ...`) at line starts. */
function scanDefinitions(text: string, spans: Spans, name: string): Binding[] {
  const out: Binding[] = [];
  const lineHead = lineHeads(text);
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
    const before = i > 0 ? text.charCodeAt(i - 1) : 10;
    if (isIdentCode(before) || before === 46 || isIdentCode(text.charCodeAt(i + name.length))) continue;
    const p = lineHead(i);
    if (inSpan(spans, p)) continue;
    if (p === i) {
      ASSIGN.lastIndex = p;
      const m = ASSIGN.exec(text);
      if (m && m[1] === name) out.push({ offset: p, target: null, rhs: ASSIGN.lastIndex });
    } else if (defPrefixBefore(text, p, i)) {
      out.push({ offset: p, target: null });
    }
  }
  return out;
}

export function analyze(text: string): Analysis {
  const spans = scanSpans(text);
  let imports: Map<string, Binding[]> | undefined;
  const cache = new Map<string, Binding[]>();
  return {
    text,
    spans,
    bindingsOf(name: string): Binding[] {
      let list = cache.get(name);
      if (!list) {
        imports ??= scanImports(text, spans);
        list = [...(imports.get(name) ?? []), ...scanDefinitions(text, spans, name)].sort((a, b) => a.offset - b.offset);
        cache.set(name, list);
      }
      return list;
    },
  };
}

/** Names every tutorial uses; they count only when the source binds them to nothing at all. */
const conventional: Record<string, string> = { torch: "torch", nn: "torch.nn", F: "torch.nn.functional" };

/** The binding of `name` in effect at `offset`: the last one before it, else the first after it (notebooks). */
export function bindingAt(analysis: Analysis, name: string, offset: number): Binding | undefined {
  const list = analysis.bindingsOf(name);
  if (!list || list.length === 0) {
    const target = conventional[name];
    return target ? { offset: -1, target } : undefined;
  }
  let found: Binding | undefined;
  for (const b of list) {
    if (b.offset < offset) found = b;
    else break;
  }
  return found ?? list[0];
}
