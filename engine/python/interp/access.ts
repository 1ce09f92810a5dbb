// Attributes, subscripts and iteration of Python values and tensors.
import { budget, ITEM_BYTES } from "../budget";
import { LimitError, PyError, Unsupported, type Span } from "../errors";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { callModule, listItems, moduleAttr, tensorAttr, toNumber } from "../torchapi";
import { normModuleAttr, NORM_MODULES } from "../torchapi/normalization";
import { hasOwn, bool, float, int, NONE, repr, str, typeName, type Value } from "../values";
import * as classes from "./classes";
import type { Interpreter } from "./index";
import { Skip } from "./signals";
import { evalTorch, versionedError } from "../version";
import { refuseUninit } from "../uninit";

const CPP_NODES = new Set(["NotImplemented", "AccumulateGrad", "CopySlices"]);

export function attr(ip: Interpreter, obj: Value, name: string, span: Span): Value {
  if (name === "__class__" && (isTensor(obj) || obj.t === "exception")) return classes.typeOf(obj);
  if (isTensor(obj)) {
    if (name === "grad" && ip.gradsUnknown) throw new Skip(ip.gradsUnknown.what, ip.gradsUnknown.line);
    const v = tensorAttr(obj, name, ip, span);
    // A view of uninitialised memory (.T, .data) is uninitialised too.
    if (v && obj.uninit && isTensor(v) && v !== obj) v.uninit = true;
    if (v) return v;
    throw new Unsupported(`${obj.numpy ? "ndarray" : "Tensor"}.${name}`, span);
  }
  switch (obj.t) {
    case "module": {
      const v = moduleAttr(obj.name, name, ip);
      if (v) return v;
      throw new Unsupported(`${obj.name}.${name}`, span);
    }
    case "opaque":
      return { t: "opaque", what: `${obj.what}.${name}` };
    case "str":
      return ip.strMethod(obj.v, name, span);
    case "instance":
      return classes.instanceAttr(ip, obj, name, span);
    case "class":
      return classes.classAttr(ip, obj, name, span);
    case "super":
      return classes.superAttr(ip, obj, name, span);
    case "function":
      if (name === "__name__") return str(obj.name);
      break;
    case "method":
      if (name === "__name__") return str(obj.name.split(".").pop()!);
      if (name === "__self__") return obj.self;
      break;
    case "exception":
      if (name === "args") return { t: "tuple", items: obj.args };
      break;
    case "node":
      if (name === "next_functions") {
        // (node, 0) per input: its grad_fn, AccumulateGrad for a leaf that requires grad, else None.
        return {
          t: "tuple",
          items: obj.inputs.map((x): Value => {
            const n: Value = !x || !x.requiresGrad ? NONE : x.gradFn ? { t: "node", name: x.gradFn.name, key: x.gradFn, inputs: x.gradFn.inputs } : { t: "node", name: "AccumulateGrad", key: x, inputs: [] };
            return { t: "tuple", items: [n, int(0)] };
          }),
        };
      }
      // The nodes written by hand in C++ (not generated from derivatives.yaml) name themselves with their namespace:
      // NotImplemented (an op without a derivative, e.g. 2.x's bernoulli(x, p)), a leaf's AccumulateGrad, CopySlices.
      if (name === "name") return ip.fn("name", () => str(CPP_NODES.has(obj.name) ? `torch::autograd::${obj.name}` : obj.name));
      if (name === "variable" && obj.name === "AccumulateGrad") return obj.key as Value;
      break;
    case "list":
    case "numlist": {
      const m = listMethod(ip, obj, name, span);
      if (m) return m;
      break;
    }
    case "set":
      if (name === "add") return ip.fn("add", (a) => (obj.items.some((x) => ip.equals(x, a.pos[0])) || obj.items.push(a.pos[0]), NONE));
      break;
    case "tuple":
      if (obj.named && obj.named.fields.includes(name)) return obj.items[obj.named.fields.indexOf(name)];
      if (obj.size && name === "numel") return ip.fn("numel", () => int(obj.items.reduce((p, v) => p * toNumber(v), 1)));
      if (name === "index") return ip.fn("index", (a) => int(indexOf(ip, obj.items, a.pos[0], span)));
      if (name === "count") return ip.fn("count", (a) => int(obj.items.filter((x) => ip.equals(x, a.pos[0])).length));
      break;
    case "npscalar":
      if (name === "item") return ip.fn("item", () => (obj.dtype === "int64" ? int(obj.v) : obj.dtype === "bool" ? bool(obj.v !== 0) : float(obj.v)));
      if (name === "dtype") return str(obj.dtype);
      break;
    case "int":
    case "float":
      if (name === "real") return obj;
      if (name === "is_integer" && obj.t === "float") return ip.fn("is_integer", () => bool(Number.isInteger(obj.v)));
      break;
    case "criterion":
      if (hasOwn(obj.options, name)) {
        const o = obj.options[name];
        if (o === null) return NONE;
        if (typeof o === "number") return Number.isInteger(o) && obj.record.params.find((p) => p.name === name)?.kind === "int" ? int(o) : float(o);
        if (typeof o === "boolean") return bool(o);
        if (typeof o === "string") return str(o);
        if (typeof o === "object") return o as unknown as Value;
      }
      if (name === "forward") return ip.fn("forward", (a) => callModule(obj, a, ip));
      if (obj.module) {
        // nn.LinearCrossEntropyLoss: its linear layer and out_features, and the layer's parameters as its own.
        if (name === "linear") return obj.module.linear;
        if (name === "out_features") return { t: "tuple", items: obj.module.outFeatures.map(int) };
        if (name === "parameters") return ip.fn("parameters", () => classes.parametersValue(obj));
        if (name === "named_parameters") return ip.fn("named_parameters", () => classes.namedParametersValue(obj));
        if (name === "train" || name === "eval" || name === "to" || name === "cpu") return ip.fn(name, () => obj);
      }
      break;
    case "layer": {
      if (name === "dim") return obj.dim === null ? NONE : int(obj.dim);
      if (name === "forward") return ip.fn("forward", (a) => callModule(obj, a, ip));
      if (obj.params?.has(name)) return obj.params.get(name)!;
      if (obj.buffers?.has(name)) return obj.buffers.get(name)!;
      const norm = normModuleAttr(obj, name);
      if (norm) return norm;
      if (obj.params && (name === "bias" || name === "weight") && NORM_MODULES.has(obj.kind)) return NONE;
      if (obj.params && name === "bias") return NONE;
      if (name === "training") return bool(obj.training !== false);
      if (name === "train" || name === "eval") return ip.fn(name, (a) => (classes.setTraining(obj, classes.trainMode(name, a)), obj));
      if (name === "buffers") return ip.fn(name, () => ({ t: "list", items: classes.namedBuffers(obj).map(([, b]) => b) }));
      if (name === "named_buffers") return ip.fn(name, () => ({ t: "list", items: classes.namedBuffers(obj).map(([k, b]): Value => ({ t: "tuple", items: [str(k), b] })) }));
      if (obj.config && hasOwn(obj.config, name)) {
        const c = obj.config[name];
        return typeof c === "boolean" ? bool(c) : Number.isInteger(c) ? int(c) : float(c);
      }
      if (name === "parameters") return ip.fn("parameters", () => classes.parametersValue(obj));
      if (name === "named_parameters") return ip.fn("named_parameters", () => classes.namedParametersValue(obj));
      if (name === "train" || name === "eval") return ip.fn(name, (a) => classes.setTraining(obj, classes.trainMode(name, a)));
      if (name === "training") return bool(obj.training ?? true);
      if (name === "to" || name === "cpu") return ip.fn(name, () => obj);
      if (obj.children && (name === "append" || name === "extend")) {
        const kids = obj.children;
        return ip.fn(name, (a) => (name === "append" ? kids.push(a.pos[0] ?? NONE) : kids.push(...ip.iterate(a.pos[0] ?? NONE, span)), obj));
      }
      break;
    }
    case "dict":
      if (name === "items") return ip.fn("items", () => ({ t: "list", items: obj.keys.map((k, i) => ({ t: "tuple", items: [k, obj.values[i]] })) }));
      if (name === "keys") return ip.fn("keys", () => ({ t: "list", items: obj.keys.slice() }));
      if (name === "values") return ip.fn("values", () => ({ t: "list", items: obj.values.slice() }));
      if (name === "get") {
        return ip.fn("get", (a) => {
          const at = obj.keys.findIndex((k) => ip.equals(k, a.pos[0]));
          return at >= 0 ? obj.values[at] : (a.pos[1] ?? NONE);
        });
      }
      if (name === "update") {
        return ip.fn("update", (a) => {
          const other = a.pos[0];
          const pairs: [Value, Value][] = other && !isTensor(other) && other.t === "dict" ? other.keys.map((k, i) => [k, other.values[i]]) : [];
          for (const [k, v] of a.kw) pairs.push([str(k), v]);
          for (const [k, v] of pairs) {
            const at = obj.keys.findIndex((x) => ip.equals(x, k));
            if (at >= 0) obj.values[at] = v;
            else {
              obj.keys.push(k);
              obj.values.push(v);
            }
          }
          return NONE;
        });
      }
      if (name === "pop") {
        return ip.fn("pop", (a) => {
          const at = obj.keys.findIndex((k) => ip.equals(k, a.pos[0]));
          if (at < 0) {
            if (a.pos.length > 1) return a.pos[1];
            throw new PyError("KeyError", repr(a.pos[0] ?? NONE), span);
          }
          const v = obj.values[at];
          obj.keys.splice(at, 1);
          obj.values.splice(at, 1);
          return v;
        });
      }
      break;
  }
  throw new PyError("AttributeError", `'${typeName(obj)}' object has no attribute '${name}'`, span);
}

function indexOf(ip: Interpreter, items: Value[], v: Value, span: Span): number {
  const at = items.findIndex((x) => ip.equals(x, v));
  if (at < 0) throw new PyError("ValueError", `${repr(v)} is not in list`, span);
  return at;
}

function listMethod(ip: Interpreter, obj: Extract<Value, { t: "list" | "numlist" }>, name: string, span: Span): Value | undefined {
  const items = (): Value[] => {
    if (obj.t === "list") return obj.items;
    // A numeric literal list becomes a plain list the first time it is mutated.
    const l = listItems(obj);
    Object.assign(obj, { t: "list", items: l });
    return l;
  };
  switch (name) {
    case "append":
      return ip.fn("append", (a) => (items().push(a.pos[0]), NONE));
    case "extend":
      return ip.fn("extend", (a) => (items().push(...ip.iterate(a.pos[0] ?? NONE, span)), NONE));
    case "insert":
      return ip.fn("insert", (a) => {
        const l = items();
        let i = toNumber(a.pos[0]);
        if (i < 0) i = Math.max(0, i + l.length);
        l.splice(Math.min(i, l.length), 0, a.pos[1]);
        return NONE;
      });
    case "pop":
      return ip.fn("pop", (a) => {
        const l = items();
        if (!l.length) throw new PyError("IndexError", "pop from empty list", span);
        const i = a.pos.length ? ip.listIndex(l.length, a.pos[0]) : l.length - 1;
        return l.splice(i, 1)[0];
      });
    case "index":
      return ip.fn("index", (a) => int(indexOf(ip, items(), a.pos[0], span)));
    case "count":
      return ip.fn("count", (a) => int(items().filter((x) => ip.equals(x, a.pos[0])).length));
    case "copy":
      return ip.fn("copy", () => ({ t: "list", items: items().slice() }));
    case "reverse":
      return ip.fn("reverse", () => (items().reverse(), NONE));
    case "clear":
      return ip.fn("clear", () => (items().splice(0), NONE));
  }
  return undefined;
}

/** An index tensor of a dtype indexing does not take (1.13's words; versions.ts rewrites them for 2.x). */
export function indexDtypeError(): PyError {
  return versionedError("IndexError", "tensors used as indices must be long, byte or bool tensors");
}

export function toIndexInt(_ip: Interpreter, v: Value, span: Span): number {
  if (!isTensor(v) && (v.t === "int" || v.t === "bool")) return toNumber(v);
  if (!isTensor(v) && v.t === "npscalar" && v.dtype === "int64") return v.v;
  if (isTensor(v) && T.isIntegral(v.dtype) && v.ndim === 0) return v.data[0];
  throw new PyError("TypeError", "slice indices must be integers or None or have an __index__ method", span);
}

export function indexItems(ip: Interpreter, idx: Value, span?: Span): T.IndexItem[] {
  const items = !isTensor(idx) && idx.t === "tuple" ? idx.items : [idx];
  return items.map((v): T.IndexItem => {
    if (isTensor(v)) {
      // A 0-dim integer tensor is an int (Tensor.__index__); a 0-dim uint8 one a mask, as a bool (no warning).
      if (v.ndim === 0 && T.isIntegral(v.dtype) && v.dtype !== "uint8") return { k: "int", v: v.data[0] };
      if (v.dtype === "uint8") {
        if (v.ndim > 0 && span) ip.warnOnce("UserWarning: indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.", span);
        return { k: "tensor", t: T.cast(v, "bool") };
      }
      // 2.x indexes with int32 tensors too; 1.13 takes long, byte or bool only.
      if (v.isFloat || (T.isNarrowInt(v.dtype) && !(v.dtype === "int32" && evalTorch().int32Indices))) throw indexDtypeError();
      return { k: "tensor", t: T.isNarrowInt(v.dtype) ? T.cast(v, "int64") : v };
    }
    switch (v.t) {
      case "int":
        return { k: "int", v: v.v };
      case "bool":
        return { k: "tensor", t: T.fromArray("bool", [1], [v.v ? 1 : 0]) };
      case "npscalar":
        if (v.dtype === "int64") return { k: "int", v: v.v };
        break;
      case "slice":
        return { k: "slice", start: v.start, stop: v.stop, step: v.step };
      case "none":
        return { k: "none" };
      case "ellipsis":
        return { k: "ellipsis" };
      case "list":
      case "numlist": {
        // A list of bools is a mask, as PyTorch reads it; otherwise integer indices.
        const xs = listItems(v);
        const mask = xs.length > 0 && xs.every((x) => !isTensor(x) && x.t === "bool");
        return { k: "tensor", t: T.fromArray(mask ? "bool" : "int64", [xs.length], xs.map((x) => toNumber(x))) };
      }
      case "range": {
        const n = Math.max(0, Math.ceil((v.stop - v.start) / v.step));
        return { k: "tensor", t: T.fromArray("int64", [n], Array.from({ length: n }, (_, i) => v.start + i * v.step)) };
      }
    }
    throw new PyError("IndexError", "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got " + typeName(v) + ")");
  });
}

export function listIndex(ip: Interpreter, len: number, idx: Value): number {
  const i = ip.toIndexInt(idx, { line: 0, column: 0, endLine: 0, endColumn: 0 });
  const j = i < 0 ? i + len : i;
  if (j < 0 || j >= len) throw new PyError("IndexError", "list index out of range");
  return j;
}

export function index(ip: Interpreter, obj: Value, idx: Value, span: Span): Value {
  if (isTensor(obj)) {
    const r = T.getIndex(obj, ip.indexItems(idx, span));
    if (obj.uninit) {
      r.uninit = r.numel > 0;
      if (obj.numpy && r.ndim === 0) refuseUninit(span);
    }
    if (obj.numpy && r.ndim === 0) return { t: "npscalar", dtype: r.dtype, v: r.data[0] };
    return r;
  }
  switch (obj.t) {
    case "list":
    case "tuple":
    case "numlist":
    case "str": {
      const items: Value[] = obj.t === "str" ? [...obj.v].map(str) : listItems(obj);
      if (!isTensor(idx) && idx.t === "slice") {
        const st = idx.step ?? 1;
        const len = items.length;
        const norm = (v: number | null, d: number) => (v === null ? d : v < 0 ? Math.max(v + len, st < 0 ? -1 : 0) : Math.min(v, st < 0 ? len - 1 : len));
        const a = norm(idx.start, st < 0 ? len - 1 : 0);
        const b = norm(idx.stop, st < 0 ? -1 : len);
        const picked: Value[] = [];
        for (let i = a; st > 0 ? i < b : i > b; i += st) picked.push(items[i]);
        if (obj.t === "str") return str(picked.map((p) => (p as { v: string }).v).join(""));
        return obj.t === "tuple" ? { t: "tuple", items: picked, size: obj.size } : { t: "list", items: picked };
      }
      const i = ip.toIndexInt(idx, span);
      const j = i < 0 ? i + items.length : i;
      if (j < 0 || j >= items.length) throw new PyError("IndexError", `${obj.t === "numlist" ? "list" : obj.t === "tuple" ? "tuple" : obj.t === "str" ? "string" : "list"} index out of range`, span);
      return items[j];
    }
    case "layer":
      if (obj.children) return index(ip, { t: "list", items: obj.children }, idx, span);
      break;
    case "dict": {
      const at = obj.keys.findIndex((k) => ip.equals(k, idx));
      if (at < 0) throw new PyError("KeyError", repr(idx), span);
      return obj.values[at];
    }
  }
  throw new PyError("TypeError", `'${typeName(obj)}' object is not subscriptable`, span);
}

/** Where an iterator or a generator stands (null: walking v does not consume it). */
export function cursorOf(v: Value): { pos: number } | null {
  if (isTensor(v)) return null;
  if (v.t === "iterator") return v;
  return v.t === "list" && v.gen ? v.gen : null;
}

/** The items not yet walked, all of them taken now (a loop that breaks early gives the rest back: index.ts's `for`). */
function consume(items: Value[], cursor: { pos: number }): Value[] {
  const rest = items.slice(cursor.pos);
  cursor.pos = items.length;
  return rest;
}

export function iterate(ip: Interpreter, v: Value, span: Span): Value[] {
  const items = iterateItems(ip, v, span);
  // Every item list a loop, list(), zip() or enumerate() walks is charged before it is walked.
  budget().alloc(items.length, ITEM_BYTES * items.length, span);
  return items;
}

function iterateItems(ip: Interpreter, v: Value, span: Span): Value[] {
  if (isTensor(v)) {
    if (v.ndim === 0) throw new PyError("TypeError", "iteration over a 0-d tensor", span);
    return Array.from({ length: v.shape[0] }, (_, i) => ip.index(v, int(i), span));
  }
  switch (v.t) {
    case "list":
      if (v.gen) return consume(v.items, v.gen);
      return listItems(v);
    case "tuple":
    case "numlist":
      return listItems(v);
    case "str":
      budget().alloc(v.v.length, ITEM_BYTES * v.v.length, span);
      return [...v.v].map(str);
    case "dict":
      return v.keys.slice();
    case "layer":
      if (v.children) return v.children.slice();
      break;
    case "set":
      return v.items.slice();
    case "iterator":
      return consume(v.items, v);
    case "range": {
      const n = Math.max(0, Math.ceil((v.stop - v.start) / v.step));
      if (n > ip.opts.maxSteps) throw new LimitError(`range of ${n} items exceeds the step limit (maxSteps)`, span);
      budget().alloc(n, ITEM_BYTES * n, span);
      return Array.from({ length: n }, (_, i) => int(v.start + i * v.step));
    }
  }
  throw new PyError("TypeError", `'${typeName(v)}' object is not iterable`, span);
}
