// PyTorch's Python argument parser (torch/csrc/utils/python_arg_parser.cpp, invalid_arguments.cpp) for the torch /
// Tensor / F ops bound in C++: their overloads (parsersigs.json, from each version's libtorch_python.so by
// scripts/fixtures/parser_signatures.py) and the TypeError PyTorch raises when no overload takes a call. A value
// whose acceptance is not modelled here (a tensor for a number, a generator...) leaves the call to the op's own code.
import { PyError } from "../errors";
import { isTensor } from "../tensor";
import { anyArg, type Args, type Value } from "../values";
import { evalTorch } from "../version";
import { FORWARDS, forwarded } from "./argforwards";
import { invalidArgs, items, sigString, tpName, typeName, type Op, type Param, type Sig } from "./argmessages";
import data from "./parsersigs.json";

// should_allow_numbers_as_tensors: these bind a Python number to a Tensor parameter.
const NUMBERS_AS_TENSORS = /^((add|div|divide|mul|multiply|sub|subtract|true_divide|floor_divide)_?|to|copy_)$/;
// numpy_compatibility_arg_names
const NUMPY_NAMES: Record<string, string[]> = { dim: ["axis"], keepdim: ["keepdims"], input: ["x", "a", "x1"], other: ["x2"] };

let ops: Map<string, Op> | null = null;
let opsVersion = "";

function parseSig(name: string, text: string): Sig {
  const flag = /^[!~]/.test(text) ? text[0] : "";
  const params: Param[] = [];
  let kwOnly = false;
  for (let i = flag.length; i < text.length; i += 2) {
    if (text[i] === "*") {
      kwOnly = true;
      i--;
      continue;
    }
    const m = /^(\w)(?:\[(\d+)\])?(\?)? (\w+)(?:=(.*))?$/.exec(PARAMS[parseInt(text.slice(i, i + 2), 36)])!;
    // "=" alone: a None default.
    const dflt = m[5] === "" ? "None" : m[5];
    params.push({ type: m[1], size: Number(m[2] ?? 0), allowNone: !!m[3] || dflt === "None", name: m[4], optional: dflt !== undefined, kwOnly, dflt });
  }
  return {
    name, params, hidden: !!flag, deprecated: flag === "~",
    minArgs: params.filter((p) => !p.optional).length, maxPos: params.filter((p) => !p.kwOnly).length,
  };
}

const PARAMS = data.params.split("|");

/** The op's overloads in this version ("torch.sum", "Tensor.sum", "F.conv1d"), deprecated ones last as PyTorch tries them. */
function opOf(op: string): Op | undefined {
  const version = evalTorch().version;
  if (!ops || opsVersion !== version) {
    ops = new Map();
    opsVersion = version;
    const sigs = data.sigs.split("|");
    const base = data["1.13"].split("|");
    const specs = (data as unknown as Record<string, string>)[version]?.split("|") ?? [];
    let name = "";
    data.names.split("|").forEach((coded, i) => {
      // Front coded: the characters shared with the name before, then the rest.
      name = name.slice(0, parseInt(coded[0], 36)) + coded.slice(1);
      const own = version === "1.13" ? base[i] : specs[i] || base[i];
      (own === "x" ? "" : own).split(",").forEach((spec, k) => {
        if (!spec) return;
        const [binding, ids] = spec.includes(">") ? spec.split(">") : [name, spec];
        const list: Sig[] = [];
        for (let j = 0; j < ids.length; j += 2) {
          const text = sigs[parseInt(ids.slice(j, j + 2), 36)];
          if (text === "-") {
            ops!.set(`Tensor.${name}`, "noargs");
            return;
          }
          list.push(parseSig(binding, text));
        }
        ops!.set(["torch.", "Tensor.", "F."][k] + name, [...list.filter((s) => !s.deprecated), ...list.filter((s) => s.deprecated)]);
      });
    });
  }
  return ops.get(op);
}


type Verdict = boolean | null;
const isList = (v: Value): boolean => !isTensor(v) && (v.t === "list" || v.t === "tuple" || v.t === "numlist");
const isInt = (v: Value): boolean => !isTensor(v) && v.t === "int";
const isFloat = (v: Value): boolean => isTensor(v) && v.dtype.startsWith("float");
const isNum = (v: Value): boolean => !isTensor(v) && (v.t === "int" || v.t === "float" || v.t === "bool");

/** FunctionParameter::check: true / false as PyTorch decides, null where not modelled. */
function check(p: Param, v: Value, fn: string): Verdict {
  const t = isTensor(v);
  switch (p.type) {
    case "T":
      return t || (NUMBERS_AS_TENSORS.test(fn) && isNum(v));
    case "N":
    case "f":
      // A tensor is a number when 0-d and outside autograd.
      return t ? !v.requiresGrad && v.shape.length === 0 : isNum(v);
    case "i":
    case "s":
      // An int is a 0-d integer tensor outside autograd (2.x's SymInt takes any one-element integer tensor).
      if (!t) return isInt(v);
      if (isFloat(v)) return false;
      return p.type === "i" && v.dtype !== "bool" && v.shape.length === 0 && !v.requiresGrad ? true : null;
    case "b":
      return !t && v.t === "bool";
    case "I":
    case "S": {
      // 1.13 takes no tensor for an int list; 2.x an integer one.
      if (t) return isFloat(v) || (p.type === "I" && evalTorch().version === "1.13") ? false : null;
      if (v.t === "numlist") return v.data.length === 0 || v.shape.length > 1 ? v.data.length === 0 : v.allInt ? true : null;
      const xs = items(v);
      // A list's first item decides (a bad later one fails when unpacked, with another message); a size-n list
      // also takes one int.
      if (xs) return xs.length === 0 || isInt(xs[0]) ? true : tpName(xs[0]) === null || isTensor(xs[0]) ? null : false;
      return p.size > 0 && isInt(v);
    }
    case "D":
      return t ? false : v.t === "dtype" ? true : ["int", "float", "bool", "str", "list", "tuple", "none"].includes(v.t) ? false : null;
    case "z":
      return t ? false : v.t === "str";
    case "n":
      return t ? false : v.t === "str" || v.t === "none";
    case "m":
      // A size-1 names list also takes one name (None among them).
      return t ? false : items(v) || v.t === "numlist" ? null : (v.t === "str" || v.t === "none") && p.size === 1;
    case "L":
    case "O": {
      const xs = items(v);
      if (xs) return xs.every(isTensor) ? true : null;
      return t || isNum(v) || v.t === "str" || v.t === "none" ? false : null;
    }
    case "P":
      return true;
  }
  // Generators, layouts, devices, float / scalar lists, names lists: not modelled.
  return null;
}

/** Taken; refused with PyTorch's message (null: refused, in words not modelled); or null: not modelled. */
type Outcome = { ok: true } | { ok: false; message: string | null } | null;
const fail = (message: string | null): Outcome => ({ ok: false, message });

function extraArgs(s: Sig, nargs: number): Outcome {
  if (s.minArgs !== s.maxPos) return fail(`${s.name}() takes from ${s.minArgs} to ${s.maxPos} positional arguments but ${nargs} were given`);
  return fail(`${s.name}() takes ${s.maxPos} positional argument${s.maxPos === 1 ? "" : "s"} but ${nargs} ${nargs === 1 ? "was" : "were"} given`);
}

/** FunctionSignature::parse: ok, the TypeError it raises (raise) or false, or null where not modelled. */
function parse(s: Sig, pos: Value[], kw: Map<string, Value>): Outcome {
  const nargs = pos.length;
  const first = s.params[0];
  // A lone int list takes varargs (permute(1, 0)); 2.x only when the first argument is an int.
  let varargs = s.maxPos === 1 && (first.type === "I" || first.type === "S");
  if (varargs && evalTorch().version !== "1.13" && nargs > 1) {
    if (isTensor(pos[0])) return null;
    varargs = isInt(pos[0]);
  }
  if (nargs > s.maxPos && !varargs) return extraArgs(s, nargs);
  let argPos = 0;
  let remaining = kw.size;
  for (let i = 0; i < s.params.length; i++) {
    const p = s.params[i];
    let v: Value | undefined;
    let isKw = false;
    if (argPos < nargs) {
      if (p.kwOnly) return extraArgs(s, nargs);
      v = pos[argPos];
    } else {
      v = kw.get(p.name);
      for (const alias of NUMPY_NAMES[p.name] ?? []) v ??= kw.get(alias);
      isKw = true;
    }
    const none = v !== undefined && !isTensor(v) && v.t === "none";
    if ((v === undefined && p.optional) || (none && p.allowNone)) {
      // skipped: PyTorch's default
    } else if (v === undefined) {
      const missing = s.params.slice(i).filter((q) => !q.optional).map((q) => `"${q.name}"`);
      return fail(`${s.name}() missing ${missing.length} required positional argument${missing.length === 1 ? "s" : ""}: ${missing.join(", ")}`);
    } else {
      const ok = check(p, v, s.name);
      if (ok === null) return null;
      if (!ok) {
        // permute(1, 2, 3): a lone int list takes every positional argument (its first decides).
        if (varargs && argPos === 0 && !isKw && nargs > 0) {
          const all: Value = { t: "tuple", items: pos };
          const whole = check(p, all, s.name);
          if (whole !== false) return whole === null ? null : { ok: true };
        }
        if (isList(v) && (p.type === "I" || p.type === "S")) return fail(null);
        const got = tpName(v)!;
        return fail(isKw ? `${s.name}(): argument '${p.name}' must be ${typeName(p)}, not ${got}` : `${s.name}(): argument '${p.name}' (position ${argPos + 1}) must be ${typeName(p)}, not ${got}`);
      }
    }
    if (!isKw) argPos++;
    else if (v !== undefined) remaining--;
  }
  if (remaining > 0) {
    for (const k of kw.keys()) {
      const idx = s.params.findIndex((p) => p.name === k);
      if (idx < 0) return fail(`${s.name}() got an unexpected keyword argument '${k}'`);
      if (idx < nargs) return fail(`${s.name}() got multiple values for argument '${k}'`);
    }
    return fail(null);
  }
  return { ok: true };
}

/**
 * PythonArgParser::raw_parse for a call of `op` (a Tensor method's args without self): throws PyTorch's TypeError
 * when no overload takes the arguments; returns when one does, or where the decision is not modelled.
 */
export function checkParser(op: string, args: Args, starred = false): void {
  const fwd = FORWARDS[op];
  if (fwd) {
    const call = forwarded(fwd, args);
    if (call) checkParser(`torch.${op.slice(2)}`, { ...args, pos: call, kw: new Map() });
    return;
  }
  const sigs = opOf(op);
  if (!sigs) return;
  if (sigs === "noargs") {
    // CPython's METH_NOARGS check, spelled with the class a *args call does not name.
    if (starred || (!args.kw.size && !args.pos.length)) return;
    const cls = `${evalTorch().version === "1.13" ? "_" : ""}TensorBase.${op.slice("Tensor.".length)}()`;
    throw new PyError("TypeError", args.kw.size ? `${cls} takes no keyword arguments` : `${cls} takes no arguments (${args.pos.length} given)`);
  }
  const { pos, kw } = args;
  if (anyArg(args, (v) => tpName(v) === null)) return;
  if (sigs.length === 1) return raise(parse(sigs[0], pos, kw));
  for (const s of sigs) {
    const r = parse(s, pos, kw);
    if (r === null || r.ok) return;
  }
  const n = pos.length + kw.size;
  const plausible = sigs.filter((s) => n >= s.minArgs && n <= s.params.length && !s.hidden);
  if (plausible.length === 1) return raise(parse(plausible[0], pos, kw));
  const msg = invalidArgs(`${sigs[0].name}()`, pos, kw, sigs.filter((s) => !s.hidden).map(sigString));
  if (msg !== null) throw new PyError("TypeError", msg);
}

function raise(r: Outcome): void {
  if (r && !r.ok && r.message !== null) throw new PyError("TypeError", r.message);
}
