// PyTorch's Python argument parser (torch/csrc/utils/python_arg_parser.cpp, invalid_arguments.cpp) for the torch /
// Tensor / F ops bound in C++: their overloads (parsersigs.json, from each version's libtorch_python.so by
// scripts/fixtures/parser_signatures.py) and the TypeError PyTorch raises when no overload takes a call. A value
// whose acceptance is not modelled here (a tensor for a number, a generator...) leaves the call to the op's own code.
import { PyError } from "../errors";
import { isTensor } from "../tensor";
import type { Args, Value } from "../values";
import { evalTorch } from "../version";
import data from "./parsersigs.json";

interface Param {
  /** The C++ type as one letter (parser_signatures.py ABBREV). */
  type: string;
  name: string;
  size: number;
  optional: boolean;
  allowNone: boolean;
  kwOnly: boolean;
  dflt?: string;
}

interface Sig {
  name: string;
  params: Param[];
  hidden: boolean;
  deprecated: boolean;
  minArgs: number;
  maxPos: number;
}

/** An op: its overloads, or "noargs" for a METH_NOARGS Tensor method (CPython's own arity errors). */
type Op = Sig[] | "noargs";

// FunctionParameter::type_name; 1.13 still names SymInt.
const TYPE_NAMES: Record<string, string> = {
  T: "Tensor", N: "Number", i: "int", s: "int", f: "float", c: "complex", L: "tuple of Tensors", O: "tuple of Tensors",
  I: "tuple of ints", S: "tuple of ints", F: "tuple of floats", G: "torch.Generator", b: "bool", R: "torch.Storage",
  P: "object", D: "torch.dtype", Y: "torch.layout", M: "torch.memory_format", Q: "torch.qscheme", V: "torch.device",
  W: "torch.Stream", z: "str", n: "name", m: "tuple of names", C: "tuple of Scalars",
};
const typeName = (p: Param): string => (evalTorch().version === "1.13" && p.type === "s" ? "SymInt" : evalTorch().version === "1.13" && p.type === "S" ? "tuple of SymInts" : TYPE_NAMES[p.type]);

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

/** Python's type(v).__name__ as tp_name spells it; null where the evaluator's value has no exact counterpart. */
function tpName(v: Value): string | null {
  // An ndarray here may be a tensor PyTorch made from one (torch.FloatTensor(np.array(w))): not modelled.
  if (isTensor(v)) return v.numpy ? null : v.param ? "Parameter" : "Tensor";
  switch (v.t) {
    case "int": case "float": case "bool": case "str": case "list": case "dict": case "slice": case "range": case "set":
      return v.t;
    case "numlist":
      return "list";
    case "tuple":
      return v.named ? null : v.size ? "torch.Size" : "tuple";
    case "none":
      return "NoneType";
    case "dtype":
      return v.np ? null : "torch.dtype";
    case "instance":
      return v.cls.name;
    case "function":
      return "function";
  }
  return null;
}

type Verdict = boolean | null;
const items = (v: Value): Value[] | null => (isTensor(v) ? null : v.t === "list" || v.t === "tuple" ? v.items : null);
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

/** FunctionSignature::toString, 2.x with each default. */
function sigString(s: Sig): string {
  const defaults = evalTorch().version !== "1.13";
  let kwDone = false;
  const parts = s.params.map((p) => {
    const star = p.kwOnly && !kwDone ? "*, " : "";
    if (p.kwOnly) kwDone = true;
    return `${star}${typeName(p)} ${p.name}${defaults && p.dflt !== undefined ? ` = ${p.dflt}` : ""}`;
  });
  return `(${parts.join(", ")})`;
}

/** invalid_arguments.cpp's reading of a printed overload: its ", "-separated words as (type, name). */
function optionArgs(option: string): { type: string; name: string }[] {
  return option.slice(1, -1).split(", ").map((a) => {
    const sp = a.lastIndexOf(" ");
    return sp < 0 ? { type: a, name: a } : { type: a.slice(0, sp), name: a.slice(sp + 1) };
  });
}

function matches(type: string, v: Value): boolean {
  const n = tpName(v)!;
  return type === "float" ? n === "float" || n === "int" : type === "int" ? n === "int" : n === type;
}

/** An argument as a mismatch shows it: 2.x spells out a list's or tuple's items. */
function describe(v: Value): string {
  if (evalTorch().version === "1.13") return tpName(v)!;
  const xs = !isTensor(v) && v.t === "numlist" ? Array.from(v.data, () => ({ t: v.allInt ? "int" : "float" }) as Value) : items(v);
  if (!xs) return tpName(v)!;
  const tuple = !isTensor(v) && v.t === "tuple";
  const inner = xs.map((x) => tpName(x)).join(", ");
  return `${tpName(v)} of ${tuple ? `(${inner}${xs.length === 1 ? "," : ""})` : `[${inner}]`}`;
}

/** format_invalid_args; null where it would read a keyword it cannot find (PyTorch's own C++ exception). */
function invalidArgs(fname: string, pos: Value[], kwIn: Map<string, Value>, options: string[]): string | null {
  // std::unordered_map's walk: two entries come out last-inserted first; more is not modelled.
  if (kwIn.size > 2) return null;
  const kw = [...kwIn].reverse();
  const argDesc = `(${[...pos.map((v) => tpName(v)), ...kw.map(([k, v]) => `${k}=${tpName(v)}`)].map((s) => s + ", ").join("").slice(0, pos.length ? -2 : undefined)})`;
  const unmatched = (args: { name: string }[]): string[] => {
    const start = Math.max(0, args.length - kw.length);
    return kw.filter(([k]) => !args.slice(start).some((a) => a.name === k)).map(([k]) => k);
  };
  const formatted = (args: { type: string; name: string }[]): string | null => {
    let out = "";
    for (let i = 0; i < pos.length + kw.length; i++) {
      const isKw = i >= pos.length;
      const v = isKw ? kw.find(([k]) => k === args[i].name)?.[1] : pos[i];
      if (v === undefined) return null;
      const ok = matches(args[i].type, v);
      out += `${ok ? "" : "!"}${isKw ? `${args[i].name}=` : ""}${describe(v)}${ok ? "" : "!"}, `;
    }
    return `(${pos.length ? out.slice(0, -2) : out})`;
  };
  let msg = `${fname} received an invalid combination of arguments - `;
  const count = pos.length + kw.length;
  if (options.length === 1) {
    const args = optionArgs(options[0]);
    const bad = kw.length ? unmatched(args) : [];
    if (bad.length) return msg + `got unrecognized keyword arguments: ${bad.join(", ")}`;
    const desc = args.length === count ? formatted(args) : argDesc;
    return desc === null ? null : msg + `got ${desc}, but expected ${options[0]}`;
  }
  msg += `got ${argDesc}, but expected one of:\n`;
  for (const o of options) {
    msg += ` * ${o}\n`;
    const args = optionArgs(o);
    if (args.length !== count) continue;
    const bad = kw.length ? unmatched(args) : [];
    if (bad.length) msg += `      didn't match because some of the keywords were incorrect: ${bad.join(", ")}\n`;
    else {
      const desc = formatted(args);
      if (desc === null) return null;
      msg += `      didn't match because some of the arguments have invalid types: ${desc}\n`;
    }
  }
  return msg;
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
  if ([...pos, ...kw.values()].some((v) => tpName(v) === null)) return;
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

const NONE: Value = { t: "none" };
const FALSE: Value = { t: "bool", v: false };
const TRUE: Value = { t: "bool", v: true };
const num = (v: number): Value => ({ t: "float", v });
const absent = (v: Value | undefined): boolean => v === undefined || (!isTensor(v) && v.t === "none");
const isBool = (v: Value | undefined, b: boolean): boolean => !!v && !isTensor(v) && v.t === "bool" && v.v === b;
/** _verify_spatial_size(input.size()) passes: more than one spatial element. */
const spatial = (v: Value | undefined): boolean => !!v && isTensor(v) && v.shape.slice(2).reduce((p, n) => p * n, 1) !== 1;

/**
 * F functions written in Python (functional.py) that hand their arguments, in another order, to a torch binding
 * (cudnn_enabled last): their parameters (required ones first, count given), and the binding's positional
 * arguments, or null where their own code would act first (a training batch_norm's batch check, a padding_idx...).
 */
const FORWARDS: Record<string, [string[], number, (a: Record<string, Value | undefined>) => Value[] | null]> = {
  "F.layer_norm": [["input", "normalized_shape", "weight", "bias", "eps"], 2, (a) => [a.input!, a.normalized_shape!, a.weight ?? NONE, a.bias ?? NONE, a.eps ?? num(1e-5), TRUE]],
  "F.batch_norm": [
    ["input", "running_mean", "running_var", "weight", "bias", "training", "momentum", "eps"], 3,
    // 2.x compares eps with 0 first.
    (a) => ((absent(a.training) || isBool(a.training, false)) && (a.eps === undefined || (!isTensor(a.eps) && (a.eps.t === "int" || a.eps.t === "float") && a.eps.v >= 0)) ? [a.input!, a.weight ?? NONE, a.bias ?? NONE, a.running_mean!, a.running_var!, a.training ?? FALSE, a.momentum ?? num(0.1), a.eps ?? num(1e-5), TRUE] : null),
  ],
  "F.instance_norm": [
    ["input", "running_mean", "running_var", "weight", "bias", "use_input_stats", "momentum", "eps"], 1,
    (a) => (!(isBool(a.use_input_stats, false) || ((a.use_input_stats === undefined || isBool(a.use_input_stats, true)) && spatial(a.input))) ? null : [a.input!, a.weight ?? NONE, a.bias ?? NONE, a.running_mean ?? NONE, a.running_var ?? NONE, a.use_input_stats ?? TRUE, a.momentum ?? num(0.1), a.eps ?? num(1e-5), TRUE]),
  ],
  "F.embedding": [
    ["input", "weight", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"], 2,
    (a) => (absent(a.padding_idx) && absent(a.max_norm) ? [a.weight!, a.input!, { t: "int", v: -1 }, a.scale_grad_by_freq ?? FALSE, a.sparse ?? FALSE] : null),
  ],
};

/** The binding's arguments of a forwarding F call that Python binds; null where Python or the F code raises first. */
function forwarded([names, required, build]: (typeof FORWARDS)[string], args: Args): Value[] | null {
  if (args.pos.length > names.length || [...args.kw.keys()].some((k) => names.indexOf(k) < args.pos.length)) return null;
  const a: Record<string, Value | undefined> = {};
  names.forEach((n, i) => (a[n] = i < args.pos.length ? args.pos[i] : args.kw.get(n)));
  return names.slice(0, required).every((n) => a[n] !== undefined) ? build(a) : null;
}

function raise(r: Outcome): void {
  if (r && !r.ok && r.message !== null) throw new PyError("TypeError", r.message);
}
