// CPython's own argument errors for the torch.nn.functional functions written in Python (F.softmin, F.normalize,
// F.layer_norm...): their signatures in each version (pysigs.json, from scripts/fixtures/functional_signatures.py)
// and CPython 3.11's checks in its order (initialize_locals: keywords, too many positionals, the missing ones).
// The ops bound in C++ get the argument parser's errors instead (argparser.ts).
import { PyError } from "../errors";
import type { Args } from "../values";
import { evalTorch } from "../version";
import data from "./pysigs.json";

interface Param {
  name: string;
  optional: boolean;
}

interface PySig {
  qualname: string;
  positional: Param[];
  kwOnly: Param[];
  varargs: boolean;
  varkw: boolean;
}

const cache = new Map<string, Map<string, PySig>>();

function parse(name: string, text: string): PySig {
  const at = text.indexOf(": ");
  const qualname = at < 0 ? name : text.slice(0, at);
  const sig: PySig = { qualname, positional: [], kwOnly: [], varargs: false, varkw: false };
  let kwOnly = false;
  for (const word of (at < 0 ? text : text.slice(at + 2)).split(" ").filter(Boolean)) {
    if (word.startsWith("**")) sig.varkw = true;
    else if (word.startsWith("*")) {
      kwOnly = true;
      if (word.length > 1) sig.varargs = true;
    } else (kwOnly ? sig.kwOnly : sig.positional).push({ name: word.replace(/\?$/, ""), optional: word.endsWith("?") });
  }
  return sig;
}

function sigOf(fn: string): PySig | undefined {
  const version = evalTorch().version;
  let sigs = cache.get(version);
  if (!sigs) {
    sigs = new Map();
    const table = (data as Record<string, Record<string, string>>)[version] ?? {};
    for (const [name, text] of Object.entries(table)) sigs.set(name, parse(name, text));
    cache.set(version, sigs);
  }
  return sigs.get(fn);
}

/** 'a', 'a' and 'b', 'a', 'b', and 'c': CPython's list of missing names. */
function names(list: string[]): string {
  const q = list.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -2).join(", ")}, ${q[q.length - 2]}, and ${q[q.length - 1]}`;
}

/** Throws CPython's TypeError when F.<fn> (a Python function of this version) cannot take these arguments. */
export function checkPythonCall(fn: string, args: Args): void {
  const sig = sigOf(fn);
  if (!sig || args.starred) return;
  const { qualname: q, positional, kwOnly } = sig;
  const given = args.pos.length;
  const set = new Set(positional.slice(0, given).map((p) => p.name));
  for (const k of args.kw.keys()) {
    const known = positional.some((p) => p.name === k) || kwOnly.some((p) => p.name === k);
    if (!known) {
      if (sig.varkw) continue;
      throw new PyError("TypeError", `${q}() got an unexpected keyword argument '${k}'`);
    }
    if (set.has(k)) throw new PyError("TypeError", `${q}() got multiple values for argument '${k}'`);
    set.add(k);
  }
  if (given > positional.length && !sig.varargs) {
    const defaults = positional.filter((p) => p.optional).length;
    const kwGiven = kwOnly.filter((p) => set.has(p.name)).length;
    const takes = defaults ? `from ${positional.length - defaults} to ${positional.length}` : String(positional.length);
    const plural = defaults > 0 || positional.length !== 1 ? "s" : "";
    const kwPart = kwGiven ? ` positional argument${given !== 1 ? "s" : ""} (and ${kwGiven} keyword-only argument${kwGiven !== 1 ? "s" : ""})` : "";
    throw new PyError("TypeError", `${q}() takes ${takes} positional argument${plural} but ${given}${kwPart} ${given === 1 && !kwGiven ? "was" : "were"} given`);
  }
  const missing = positional.filter((p) => !p.optional && !set.has(p.name)).map((p) => p.name);
  if (missing.length) throw new PyError("TypeError", `${q}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${names(missing)}`);
  const missingKw = kwOnly.filter((p) => !p.optional && !set.has(p.name)).map((p) => p.name);
  if (missingKw.length) throw new PyError("TypeError", `${q}() missing ${missingKw.length} required keyword-only argument${missingKw.length === 1 ? "" : "s"}: ${names(missingKw)}`);
}
