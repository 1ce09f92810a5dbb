// What the names of a Python source are bound to: imports of torch / torch.nn / torch.nn.functional under
// any alias, and the user's own definitions and assignments (which shadow them). One pass over line starts
// with sticky regexes; the caller caches the result per document version.
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
  /** Per name (dotted for attribute assignments like self.criterion), in source order. */
  bindings: Map<string, Binding[]>;
}

const IMPORT = /import[ \t]+([^\n#;]+)/y;
const FROM = /from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)/y;
const DEF = /(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)/y;
const ASSIGN = /([A-Za-z_][\w.]*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/y;

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

export function analyze(text: string): Analysis {
  const spans = scanSpans(text);
  const bindings = new Map<string, Binding[]>();
  const n = text.length;
  let lineStart = 0;
  while (lineStart < n) {
    let nl = text.indexOf("\n", lineStart);
    if (nl < 0) nl = n;
    let p = lineStart;
    while (p < nl && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    const c = text.charCodeAt(p);
    // Only lines that start with a letter or _ can bind a name; skip string and comment lines.
    if (p < nl && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) && !inSpan(spans, p)) {
      let m: RegExpExecArray | null;
      FROM.lastIndex = p;
      IMPORT.lastIndex = p;
      DEF.lastIndex = p;
      ASSIGN.lastIndex = p;
      if (c === 102 && (m = FROM.exec(text))) bindFrom(bindings, m[1], m[2], p);
      else if (c === 105 && (m = IMPORT.exec(text))) bindImport(bindings, m[1], p);
      else if ((c === 100 || c === 99 || c === 97) && (m = DEF.exec(text))) add(bindings, m[1], { offset: p, target: null });
      else if ((m = ASSIGN.exec(text))) add(bindings, m[1], { offset: p, target: null, rhs: ASSIGN.lastIndex });
    }
    lineStart = nl + 1;
  }
  return { text, spans, bindings };
}

/** Names every tutorial uses; they count only when the source binds them to nothing at all. */
const conventional: Record<string, string> = { torch: "torch", nn: "torch.nn", F: "torch.nn.functional" };

/** The binding of `name` in effect at `offset`: the last one before it, else the first after it (notebooks). */
export function bindingAt(analysis: Analysis, name: string, offset: number): Binding | undefined {
  const list = analysis.bindings.get(name);
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
