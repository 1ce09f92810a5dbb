// How a result is written: PyTorch's printout (the evaluator's printer), a one-line short form for inline
// decorations, and a Python literal to copy. Pure.
import type { Tensor } from "../api/types";
import { getLoss, getParam, pyRepr } from "../catalog";
import { float32Repr, floatRepr } from "../python/numfmt";
import type { Diagnostic, LossEvaluation } from "../python/types";
import { tensorRepr } from "../python/printer";
import { PTensor } from "../python/tensor";

/** str(tensor) exactly as PyTorch prints it (without grad_fn). */
export function fullRepr(t: Tensor): string {
  return tensorRepr(new PTensor(t.dtype, t.shape.slice(), t.data));
}

const SHORT_MAX = 60;
const SHORT_ITEMS = 4;

function shortNumber(x: number, isInt: boolean): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (isInt) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return `${x}.`;
  const s = Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toPrecision(4) : x.toExponential(3);
  return s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, ".$1");
}

/** One line for an inline decoration: PyTorch's form when it is short, else the first elements and the size. */
export function shortRepr(t: Tensor): string {
  const oneLine = fullRepr(t).replace(/\s*\n\s*/g, " ");
  if (oneLine.length <= SHORT_MAX) return oneLine;
  const isInt = t.dtype === "int64";
  const n = t.data.length;
  const items: string[] = [];
  for (let i = 0; i < Math.min(n, SHORT_ITEMS); i++) items.push(shortNumber(t.data[i], isInt));
  if (n > SHORT_ITEMS) items.push("…");
  const dtype = t.dtype === "float32" ? "" : `, dtype=torch.${t.dtype}`;
  return `tensor([${items.join(", ")}], size=(${t.shape.join(", ")}${t.shape.length === 1 ? "," : ""})${dtype})`;
}

function literalNumber(x: number, dtype: Tensor["dtype"]): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "float('-inf')";
  if (dtype === "int64") return String(x);
  // float32: the shortest decimal that reads back to the same float32 (0.2014 rather than 0.20139999687671661).
  return dtype === "float32" ? float32Repr(x) : floatRepr(x);
}

/** A Python expression that rebuilds the tensor: torch.tensor([[...]], dtype=...). */
export function pythonLiteral(t: Tensor): string {
  let k = 0;
  const nest = (dim: number): string => {
    if (dim === t.shape.length) return literalNumber(t.data[k++], t.dtype);
    const parts: string[] = [];
    for (let i = 0; i < t.shape[dim]; i++) parts.push(nest(dim + 1));
    return `[${parts.join(", ")}]`;
  };
  const body = nest(0);
  const dtype = t.dtype === "float32" ? "" : `, dtype=torch.${t.dtype}`;
  return `torch.tensor(${body}${dtype})`;
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === "object" && v !== null && "shape" in v && "data" in v;
}

/** The options a result was computed with, as a call writes them: only those that differ from PyTorch's defaults. */
export function describeOptions(e: Pick<LossEvaluation, "loss" | "options">): string {
  const record = getLoss(e.loss);
  const parts: string[] = [];
  for (const [name, v] of Object.entries(e.options)) {
    const spec = record && getParam(record, name);
    if (v === undefined || (spec && v === spec.default)) continue;
    if (isTensor(v)) parts.push(`${name}=tensor(size=(${v.shape.join(", ")}${v.shape.length === 1 ? "," : ""}))`);
    else if (v === null || typeof v === "number" || typeof v === "boolean" || typeof v === "string") parts.push(`${name}=${pyRepr(v, spec?.kind)}`);
    else parts.push(`${name}=…`);
  }
  return `${e.loss}(${parts.join(", ")})`;
}

/** PyTorch's printout when the tensor is small enough to read in a hover, else the short form. */
export function compactRepr(t: Tensor, maxElements = 100): string {
  return t.data.length <= maxElements ? fullRepr(t) : shortRepr(t);
}

/** The note on a result computed from random constructors. */
export const RANDOM_NOTE = "random inputs: PyTorch's draws after torch.manual_seed (0 unless the code seeds it)";

/** What the output channel shows for one run: print() output, each result with its gradients, the problems. */
export function printout(label: string, results: LossEvaluation[], stdout: string, diagnostics: Diagnostic[], lineOf: (r: LossEvaluation) => number): string {
  const out: string[] = [];
  if (stdout) out.push(stdout.replace(/\n$/, ""));
  for (const r of results) {
    out.push(`# ${label}:${lineOf(r)}  ${describeOptions(r)}${r.random ? `  [${RANDOM_NOTE}]` : ""}`);
    // The value comes last in its block: the tail of the channel (what a person sees) is the answer.
    // Long tensors on lines of their own, as print(t) lays them out (within 80 columns).
    if (r.value.shape.length > 0 || r.perElement.shape.length > 0) out.push(`per-element loss:\n${fullRepr(r.perElement)}`);
    for (const [name, g] of Object.entries(r.grads)) out.push(`${name}.grad:\n${fullRepr(g)}`);
    const target = r.target ?? "loss";
    out.push(`${target} = ${indentRest(fullRepr(r.value), target.length + 3)}`);
  }
  for (const d of diagnostics) out.push(`${label}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  return out.join("\n");
}

function indentRest(s: string, n: number): string {
  return s.replace(/\n/g, "\n" + " ".repeat(n));
}
