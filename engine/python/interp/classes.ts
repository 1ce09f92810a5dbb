// Classes as loss code uses them: plain classes and nn.Module subclasses (also of the built-in losses), their
// instances, attributes, methods, super(), @staticmethod / @classmethod / @property, decorators, and Python's
// exceptions as values (raise / except / isinstance).
import type { Stmt } from "../ast";
import { PyError, Unsupported, type Span } from "../errors";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { callModule } from "../torchapi";
import { bool, hasOwn, isModuleClass, MODULE_CLASS, mro, NONE, Scope, str, toStr, typeName, type Args, type ClassValue, type InstanceValue, type Value } from "../values";
import type { Interpreter } from "./index";

/** Python's exception classes, each with its base (for `except` matching). */
export const EXCEPTIONS: Record<string, string | null> = {
  BaseException: null,
  Exception: "BaseException",
  ArithmeticError: "Exception",
  ZeroDivisionError: "ArithmeticError",
  OverflowError: "ArithmeticError",
  AssertionError: "Exception",
  AttributeError: "Exception",
  LookupError: "Exception",
  IndexError: "LookupError",
  KeyError: "LookupError",
  NameError: "Exception",
  UnboundLocalError: "NameError",
  RuntimeError: "Exception",
  NotImplementedError: "RuntimeError",
  RecursionError: "RuntimeError",
  // torch.linalg.LinAlgError (torch._C._LinAlgError): a singular or not positive-definite matrix.
  _LinAlgError: "RuntimeError",
  TypeError: "Exception",
  ValueError: "Exception",
  StopIteration: "Exception",
  Warning: "Exception",
  UserWarning: "Warning",
};

/** An exception class's base from the table's own entries (a user class named `constructor` is not in it). */
function exceptionBase(name: string): string | null | undefined {
  return hasOwn(EXCEPTIONS, name) ? EXCEPTIONS[name] : undefined;
}

const exceptionClasses = new Map<string, ClassValue>();

export function exceptionClass(name: string): ClassValue {
  let c = exceptionClasses.get(name);
  if (!c) {
    const base = exceptionBase(name);
    c = { t: "class", name, qualname: name, bases: base ? [exceptionClass(base)] : [], attrs: new Map(), native: { kind: "exception" } };
    exceptionClasses.set(name, c);
  }
  return c;
}

const builtinTypes = new Map<string, ClassValue>();

/** type(v) of a value that is not an instance of a user class: one class per built-in type, named as Python names it. */
export function builtinType(qualname: string): ClassValue {
  let c = builtinTypes.get(qualname);
  if (!c) {
    c = { t: "class", name: qualname.split(".").pop()!, qualname, bases: [], attrs: new Map() };
    builtinTypes.set(qualname, c);
  }
  return c;
}

/** type(v) (and v.__class__): a user instance's class, an exception's class, else the built-in type. */
export function typeOf(v: Value): ClassValue {
  if (!isTensor(v) && v.t === "instance") return v.cls;
  if (!isTensor(v) && v.t === "exception") return exceptionClass(v.kind);
  return builtinType(isTensor(v) ? (v.numpy ? "numpy.ndarray" : "torch.Tensor") : typeName(v));
}

function isExceptionClass(c: ClassValue): boolean {
  return mro(c).some((k) => k.native?.kind === "exception");
}

/** The Python exception a `raise X` / `raise X(...)` raises. */
export function toPyError(ip: Interpreter, v: Value, span: Span): PyError {
  if (!isTensor(v) && v.t === "class" && isExceptionClass(v)) return new PyError(v.name, "", span);
  if (!isTensor(v) && v.t === "exception") return new PyError(v.kind, v.message, span);
  if (!isTensor(v) && v.t === "instance" && isExceptionClass(v.cls)) {
    const a = v.attrs.get("args");
    const args = a && !isTensor(a) && a.t === "tuple" ? a.items : [];
    return new PyError(v.cls.name, args.length === 1 ? toStr(args[0]) : args.length ? toStr({ t: "tuple", items: args }) : "", span);
  }
  void ip;
  return new PyError("TypeError", "exceptions must derive from BaseException", span);
}

export function exceptionValue(e: PyError): Value {
  return { t: "exception", kind: e.kind, message: e.message, args: e.message ? [str(e.message)] : [] };
}

/** Does the raised error match an `except` clause's class (or tuple of classes)? */
export function exceptionMatches(ip: Interpreter, e: PyError, cls: Value): boolean {
  if (!isTensor(cls) && cls.t === "tuple") return cls.items.some((c) => exceptionMatches(ip, e, c));
  if (isTensor(cls) || cls.t !== "class") throw new PyError("TypeError", "catching classes that do not inherit from BaseException is not allowed");
  for (let k: string | null | undefined = e.kind; k; k = exceptionBase(k)) if (k === cls.name) return true;
  // Exceptions the table does not list (PyTorch's own) are Exceptions.
  return !hasOwn(EXCEPTIONS, e.kind) && (cls.name === "Exception" || cls.name === "BaseException");
}

// ---------------------------------------------------------------- class statements and decorators


const lossClasses = new Map<string, ClassValue>();

/** A base-class expression's value as a class: a user class, nn.Module, a built-in loss, an exception class. */
function asBase(v: Value, span: Span): ClassValue {
  if (!isTensor(v) && v.t === "class") return v;
  if (!isTensor(v) && v.t === "builtin" && v.name.startsWith("nn.") && v.name.endsWith("Loss")) {
    let c = lossClasses.get(v.name);
    if (!c) {
      c = { t: "class", name: v.name.slice(3), bases: [MODULE_CLASS], attrs: new Map(), native: { kind: "loss", ctor: v } };
      lossClasses.set(v.name, c);
    }
    return c;
  }
  if (!isTensor(v) && v.t === "builtin" && v.name === "object") return { t: "class", name: "object", bases: [], attrs: new Map() };
  throw new Unsupported(`subclassing ${typeName(v) === "builtin_function_or_method" && !isTensor(v) && v.t === "builtin" ? v.name : typeName(v)}`, span);
}

export function defineClass(ip: Interpreter, s: Extract<Stmt, { k: "class" }>): ClassValue {
  if (s.decorators.length) throw new Unsupported("class decorators", s.decorators[0].span);
  const bases = s.bases.map((b) => asBase(ip.eval(b), b.span)).filter((b) => b.name !== "object" || b.native);
  const cls: ClassValue = { t: "class", name: s.name, bases, attrs: new Map() };
  const saved = ip.scope;
  ip.scope = new Scope(cls.attrs, saved, true);
  try {
    ip.execBlock(s.body);
  } finally {
    ip.scope = saved;
  }
  for (const v of cls.attrs.values()) {
    const f = !isTensor(v) && v.t === "wrapper" ? v.fn : v;
    if (!isTensor(f) && f.t === "function") f.owner = cls;
  }
  return cls;
}

/** Applies one decorator to a function. */
export function decorate(ip: Interpreter, dec: Value, f: Value, span: Span): Value {
  if (!isTensor(dec) && dec.t === "gradmode") {
    if (isTensor(f) || f.t !== "function") throw new Unsupported(`@${dec.what} on ${typeName(f)}`, span);
    return { ...f, gradMode: dec.on };
  }
  if (!isTensor(dec) && dec.t === "builtin" && dec.context === "noop") return f;
  if (!isTensor(dec) && dec.t === "builtin" && (dec.name === "staticmethod" || dec.name === "classmethod" || dec.name === "property")) {
    return { t: "wrapper", kind: dec.name, fn: f };
  }
  if (!isTensor(dec) && (dec.t === "function" || dec.t === "class")) return ip.call(dec, { pos: [f], kw: new Map(), span, posSpans: [span], kwSpans: new Map() });
  throw new Unsupported(`the decorator ${!isTensor(dec) && dec.t === "builtin" ? dec.name : typeName(dec)}`, span);
}

// ---------------------------------------------------------------- instances

function args0(span: Span, pos: Value[], kw = new Map<string, Value>()): Args {
  return { pos, kw, span, posSpans: pos.map(() => span), kwSpans: new Map() };
}

/** Looks a name up along the class's MRO, starting after `after` (super()). */
function findInMro(cls: ClassValue, name: string, after?: ClassValue): { owner: ClassValue; value: Value } | null {
  const order = mro(cls);
  const start = after ? order.indexOf(after) + 1 : 0;
  for (let i = start; i < order.length; i++) {
    const v = order[i].attrs.get(name);
    if (v !== undefined) return { owner: order[i], value: v };
  }
  return null;
}

/** A class attribute as seen through an instance (self) or the class (self = null). */
function bindAttr(ip: Interpreter, v: Value, self: Value | null, cls: ClassValue, name: string, span: Span): Value {
  if (isTensor(v)) return v;
  if (v.t === "function" || (v.t === "builtin" && v.method)) return self ? { t: "method", self, fn: v, name: `${cls.name}.${name}` } : v;
  if (v.t === "wrapper") {
    if (v.kind === "staticmethod") return v.fn;
    if (v.kind === "classmethod") return { t: "method", self: cls, fn: v.fn, name: `${cls.name}.${name}` };
    if (self) return ip.call(v.fn, args0(span, [self]));
    return v;
  }
  return v;
}

export function instantiate(ip: Interpreter, cls: ClassValue, a: Args): Value {
  if (isExceptionClass(cls) && !findInMro(cls, "__init__")) {
    const inst: InstanceValue = { t: "instance", cls, attrs: new Map([["args", { t: "tuple", items: a.pos }]]) };
    if (cls.native) return { t: "exception", kind: cls.name, message: a.pos.length === 1 ? toStr(a.pos[0]) : a.pos.length ? toStr({ t: "tuple", items: a.pos }) : "", args: a.pos };
    return inst;
  }
  const inst: InstanceValue = { t: "instance", cls, attrs: new Map() };
  const init = findInMro(cls, "__init__");
  if (init) {
    const r = ip.call(init.value, { ...a, pos: [inst, ...a.pos], posSpans: [a.span, ...a.posSpans] });
    if (!isTensor(r) && r.t !== "none") throw new PyError("TypeError", `__init__() should return None, not '${typeName(r)}'`, a.span);
    return inst;
  }
  nativeInit(ip, inst, cls, a);
  return inst;
}

/** The __init__ of the first native base after `after` in inst's MRO (nn.Module's, or a built-in loss's). */
function nativeInit(ip: Interpreter, inst: InstanceValue, after: ClassValue | null, a: Args): void {
  const order = mro(inst.cls);
  const native = order.slice(after ? order.indexOf(after) : 0).find((k) => k.native);
  if (native?.native?.kind === "loss") {
    inst.native = ip.call(native.native.ctor, a);
    inst.moduleInit = true;
    return;
  }
  if (a.pos.length || a.kw.size) {
    const n = a.pos.length + 1;
    const who = native?.native?.kind === "module" ? "Module.__init__()" : `${inst.cls.name}()`;
    if (native?.native?.kind === "module" || a.pos.length) throw new PyError("TypeError", native?.native?.kind === "module" ? `${who} takes 1 positional argument but ${n} were given` : `${inst.cls.name}() takes no arguments`, a.span);
    throw new PyError("TypeError", `${inst.cls.name}() takes no arguments`, a.span);
  }
  if (native?.native?.kind === "module") inst.moduleInit = true;
}

/** Calling an instance: __call__, or an nn.Module's forward (a user's, or the built-in loss's). */
export function callInstance(ip: Interpreter, inst: InstanceValue, a: Args): Value {
  const call = findInMro(inst.cls, "__call__");
  if (call) return ip.call(bindAttr(ip, call.value, inst, inst.cls, "__call__", a.span), a);
  if (isModuleClass(inst.cls)) {
    const fwd = findInMro(inst.cls, "forward");
    if (fwd) return ip.call(bindAttr(ip, fwd.value, inst, inst.cls, "forward", a.span), a);
    if (inst.native) return callModule(inst.native, a, ip);
    throw new PyError("NotImplementedError", `Module [${inst.cls.name}] is missing the required "forward" function`, a.span);
  }
  throw new PyError("TypeError", `'${inst.cls.name}' object is not callable`, a.span);
}

/**
 * A module's parameters with their dotted names, as named_parameters() gives them: its own in registration order,
 * then each sub-module's (also in lists: ModuleList-style `name.0.weight`), a parameter shared twice named once.
 */
export function namedParameters(v: Value, prefix = "", out: [string, PTensor][] = [], seen = new Set<PTensor>()): [string, PTensor][] {
  const own = (name: string, p: PTensor): void => {
    if (seen.has(p)) return;
    seen.add(p);
    out.push([prefix + name, p]);
  };
  if (isTensor(v)) return out;
  if (v.t === "instance") {
    for (const [k, x] of v.attrs) if (isTensor(x) && x.param) own(k, x);
    for (const [k, x] of v.attrs) {
      if (isTensor(x)) continue;
      if (x.t === "instance" || x.t === "layer" || x.t === "criterion") namedParameters(x, `${prefix}${k}.`, out, seen);
      else if (x.t === "list") x.items.forEach((item, i) => namedParameters(item, `${prefix}${k}.${i}.`, out, seen));
    }
  } else if (v.t === "criterion" && v.module) {
    namedParameters(v.module.linear, `${prefix}linear.`, out, seen);
  } else if (v.t === "layer") {
    for (const [k, p] of v.params ?? []) own(k, p);
    v.children?.forEach((c, i) => namedParameters(c, `${prefix}${i}.`, out, seen));
  }
  return out;
}

/** train(mode=True) / eval()'s mode: Module.train refuses a mode that is not a bool. */
export function trainMode(name: string, a: Args): boolean {
  if (name === "eval") return false;
  const v = a.kw.get("mode") ?? a.pos[0];
  if (v === undefined) return true;
  if (isTensor(v) || v.t !== "bool") throw new PyError("ValueError", "training mode is expected to be boolean");
  return v.v;
}

/** Module.train(mode) / eval(): the module and every sub-module (attributes, lists of modules, Sequential's
 *  children), each once; a `training` attribute the program set is updated too. The module itself is returned. */
export function setTraining(v: Value, on: boolean, seen = new Set<Value>()): Value {
  if (isTensor(v) || seen.has(v)) return v;
  seen.add(v);
  if (v.t === "instance") {
    v.training = on;
    if (v.attrs.has("training")) v.attrs.set("training", bool(on));
    for (const x of v.attrs.values()) setTraining(x, on, seen);
  } else if (v.t === "layer") {
    v.training = on;
    v.children?.forEach((c) => setTraining(c, on, seen));
  } else if (v.t === "list") {
    v.items.forEach((c) => setTraining(c, on, seen));
  }
  return v;
}

/** A module's parameters, in named_parameters()'s order. */
export function parameters(v: Value): PTensor[] {
  return namedParameters(v).map(([, p]) => p);
}

/** named_parameters() as Python sees it: a generator of (name, parameter) tuples. */
export function namedParametersValue(v: Value): Value {
  return { t: "list", items: namedParameters(v).map(([k, p]): Value => ({ t: "tuple", items: [str(k), p] })), gen: { pos: 0 } };
}

/** parameters(): a generator of the parameters. */
export function parametersValue(v: Value): Value {
  return { t: "list", items: parameters(v), gen: { pos: 0 } };
}

/** A module's buffers with dotted names (the built-in modules' running statistics), as named_buffers() gives them. */
export function namedBuffers(v: Value, prefix = "", out: [string, T.PTensor][] = []): [string, T.PTensor][] {
  if (isTensor(v)) return out;
  if (v.t === "layer") {
    for (const [k, b] of v.buffers ?? []) out.push([prefix + k, b]);
    v.children?.forEach((c, i) => namedBuffers(c, `${prefix}${i}.`, out));
  } else if (v.t === "instance") {
    for (const [k, x] of v.attrs) {
      if (isTensor(x)) continue;
      if (x.t === "instance" || x.t === "layer") namedBuffers(x, `${prefix}${k}.`, out);
      else if (x.t === "list") x.items.forEach((item, i) => namedBuffers(item, `${prefix}${k}.${i}.`, out));
    }
  }
  return out;
}

function moduleMethod(ip: Interpreter, inst: InstanceValue, name: string, span: Span): Value | undefined {
  const fn = (f: (a: Args) => Value): Value => ({ t: "builtin", name, fn: f });
  switch (name) {
    case "training":
      return bool(inst.training ?? true);
    case "buffers":
      return fn(() => ({ t: "list", items: namedBuffers(inst).map(([, b]) => b), gen: { pos: 0 } }));
    case "named_buffers":
      return fn(() => ({ t: "list", items: namedBuffers(inst).map(([k, b]): Value => ({ t: "tuple", items: [str(k), b] })), gen: { pos: 0 } }));
    case "parameters":
      return fn(() => parametersValue(inst));
    case "named_parameters":
      return fn(() => namedParametersValue(inst));
    case "train":
    case "eval":
      return fn((a) => setTraining(inst, trainMode(name, a)));
    case "cpu":
    case "to":
    case "requires_grad_":
      return fn(() => inst);
    case "float":
    case "double":
      return fn(() => {
        for (const p of parameters(inst)) {
          const c = T.cast(p, name === "float" ? "float32" : "float64");
          p.dtype = c.dtype;
          p.data = c.data;
        }
        return inst;
      });
    case "zero_grad":
      return fn(() => {
        for (const p of parameters(inst)) if (p.grad) T.setGrad(p, T.full(p.grad.shape, 0, p.grad.dtype));
        return NONE;
      });
    case "register_buffer":
    case "register_parameter":
    case "add_module":
      return fn((a) => {
        const n = a.pos[0] ?? a.kw.get("name");
        const v = a.pos[1] ?? a.kw.get(name === "register_buffer" ? "tensor" : name === "add_module" ? "module" : "param") ?? NONE;
        if (!n || isTensor(n) || n.t !== "str") throw new PyError("TypeError", `${name}() expects a name string`, a.span);
        inst.attrs.set(n.v, v);
        return NONE;
      });
    case "forward":
      if (inst.native) return fn((a) => callModule(inst.native!, a, ip));
      return undefined;
    case "__class__":
      return inst.cls;
  }
  void span;
  return undefined;
}

export function instanceAttr(ip: Interpreter, inst: InstanceValue, name: string, span: Span): Value {
  const own = inst.attrs.get(name);
  if (own !== undefined) return own;
  const found = findInMro(inst.cls, name);
  if (found) return bindAttr(ip, found.value, inst, inst.cls, name, span);
  if (name === "__class__") return inst.cls;
  if (inst.native) {
    try {
      return ip.attr(inst.native, name, span);
    } catch (e) {
      if (!(e instanceof PyError)) throw e;
    }
  }
  if (isModuleClass(inst.cls)) {
    const m = moduleMethod(ip, inst, name, span);
    if (m) return m;
    throw new PyError("AttributeError", `'${inst.cls.name}' object has no attribute '${name}'`, span);
  }
  throw new PyError("AttributeError", `'${inst.cls.name}' object has no attribute '${name}'`, span);
}

export function classAttr(ip: Interpreter, cls: ClassValue, name: string, span: Span): Value {
  const found = findInMro(cls, name);
  if (found) return bindAttr(ip, found.value, null, cls, name, span);
  if (name === "__name__") return str(cls.name);
  if (name === "__init__" && cls.native?.kind === "module") return { t: "builtin", name: "Module.__init__", fn: (a) => (moduleInitOf(a.pos[0]), NONE) };
  throw new PyError("AttributeError", `type object '${cls.name}' has no attribute '${name}'`, span);
}

function moduleInitOf(v: Value | undefined): void {
  if (v && !isTensor(v) && v.t === "instance") v.moduleInit = true;
}

/** super().name / super(C, self).name: the MRO after the defining class. */
export function superAttr(ip: Interpreter, sup: Extract<Value, { t: "super" }>, name: string, span: Span): Value {
  const self = sup.self;
  const cls = !isTensor(self) && self.t === "instance" ? self.cls : !isTensor(self) && self.t === "class" ? self : null;
  if (!cls) throw new Unsupported(`super() of ${typeName(self)}`, span);
  const found = findInMro(cls, name, sup.cls);
  if (found) return bindAttr(ip, found.value, !isTensor(self) && self.t === "instance" ? self : null, cls, name, span);
  if (!isTensor(self) && self.t === "instance") {
    if (name === "__init__") return { t: "builtin", name: "__init__", fn: (a) => (nativeInit(ip, self, mro(self.cls)[mro(self.cls).indexOf(sup.cls) + 1] ?? null, a), NONE) };
    if (name === "forward" && self.native) return { t: "builtin", name: "forward", fn: (a) => callModule(self.native!, a, ip) };
    if (isModuleClass(self.cls)) {
      const m = moduleMethod(ip, self, name, span);
      if (m) return m;
    }
  }
  throw new PyError("AttributeError", `'super' object has no attribute '${name}'`, span);
}

/** super() inside a method: the class that defined it and the method's first argument. */
export function superOf(ip: Interpreter, a: Args): Value {
  if (a.pos.length === 2) {
    const c = a.pos[0];
    if (isTensor(c) || c.t !== "class") throw new PyError("TypeError", "super() argument 1 must be type", a.span);
    return { t: "super", cls: c, self: a.pos[1] };
  }
  const frame = ip.frames[ip.frames.length - 1];
  if (!frame || !frame.fn.owner || !frame.args.length) throw new PyError("RuntimeError", "super(): no arguments", a.span);
  return { t: "super", cls: frame.fn.owner, self: frame.args[0] };
}

/** obj.name = v on instances and classes; false when obj is neither. */
export function setAttr(ip: Interpreter, obj: Value, name: string, v: Value, span: Span): boolean {
  if (isTensor(obj)) return false;
  if (obj.t === "class") {
    obj.attrs.set(name, v);
    return true;
  }
  if (obj.t === "layer" && obj.params && isTensor(v)) {
    obj.params.set(name, v);
    return true;
  }
  if (obj.t !== "instance") return false;
  if (isModuleClass(obj.cls) && !obj.moduleInit) {
    if (isTensor(v) && v.param) throw new PyError("AttributeError", "cannot assign parameters before Module.__init__() call", span);
    if (!isTensor(v) && (v.t === "layer" || v.t === "criterion" || (v.t === "instance" && isModuleClass(v.cls)))) {
      throw new PyError("AttributeError", "cannot assign module before Module.__init__() call", span);
    }
  }
  const prop = findInMro(obj.cls, name);
  if (prop && !isTensor(prop.value) && prop.value.t === "wrapper" && prop.value.kind === "property") throw new PyError("AttributeError", "can't set attribute", span);
  void ip;
  obj.attrs.set(name, v);
  return true;
}

/** isinstance(v, cls) for the classes loss code checks. */
export function isInstance(ip: Interpreter, v: Value, cls: Value, span: Span): boolean {
  if (!isTensor(cls) && cls.t === "tuple") return cls.items.some((c) => isInstance(ip, v, c, span));
  if (!isTensor(cls) && cls.t === "class") {
    if (cls === MODULE_CLASS) return !isTensor(v) && (v.t === "layer" || v.t === "criterion" || (v.t === "instance" && isModuleClass(v.cls)));
    if (!isTensor(v) && v.t === "instance") return mro(v.cls).includes(cls);
    if (!isTensor(v) && v.t === "exception") {
      for (let k: string | null | undefined = v.kind; k; k = exceptionBase(k)) if (k === cls.name) return true;
    }
    return false;
  }
  if (!isTensor(cls) && cls.t === "builtin") {
    const n = cls.name;
    if (n === "torch.Tensor" || n === "torch.FloatTensor") return isTensor(v) && !v.numpy && (n === "torch.Tensor" || v.dtype === "float32");
    if (n === "nn.Parameter") return isTensor(v) && v.param;
    if (isTensor(v)) return false;
    switch (n) {
      case "int":
        return v.t === "int" || v.t === "bool";
      case "float":
        return v.t === "float";
      case "bool":
        return v.t === "bool";
      case "str":
        return v.t === "str";
      case "list":
        return v.t === "list" || v.t === "numlist";
      case "tuple":
        return v.t === "tuple";
      case "dict":
        return v.t === "dict";
      case "set":
        return v.t === "set";
    }
    if (n.startsWith("nn.")) return (v.t === "criterion" && `nn.${v.record.className}` === n) || (v.t === "layer" && `nn.${v.kind}` === n) || (v.t === "instance" && !!v.native && !isTensor(v.native) && v.native.t === "criterion" && `nn.${v.native.record.className}` === n);
  }
  if (!isTensor(cls) && cls.t === "dtype" && cls.np) return false;
  throw new Unsupported(`isinstance() with ${!isTensor(cls) && cls.t === "builtin" ? cls.name : typeName(cls)}`, span);
}
