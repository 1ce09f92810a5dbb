// Python's builtins: print, len, range, float, int, str, abs, max, min, sum, round, list, zip...
import { budget, CHARS_PER_WORK } from "../budget";
import { PyError, Unsupported } from "../errors";
import { formatFixed } from "../numfmt";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { toNumber } from "../torchapi";
import { hasOwn, bool, float, formatValue, int, NONE, repr, str, toStr, typeName, type Args, type Fn, type Value } from "../values";
import { cursorOf } from "./access";
import * as classes from "./classes";
import type { Interpreter } from "./index";

function isNoneV(v: Value | undefined): boolean {
  return !v || (!isTensor(v) && v.t === "none");
}

export function makeBuiltins(ip: Interpreter): Map<string, Value> {
  const b = new Map<string, Value>();
  const def = (name: string, fn: Fn) => b.set(name, { t: "builtin", name, fn });
  def("print", (a) => {
    const sepV = a.kw.get("sep");
    const endV = a.kw.get("end");
    const sep = sepV && !isTensor(sepV) && sepV.t === "str" ? sepV.v : " ";
    const end = endV && !isTensor(endV) && endV.t === "str" ? endV.v : "\n";
    const text = a.pos.map(toStr).join(sep) + end;
    budget().charge(text.length / CHARS_PER_WORK, a.span);
    // Past the output cap (index.ts MAX_OUTPUT_CHARS cuts there with a note) nothing more is kept.
    if (ip.printed <= 4_000_000) {
      budget().chargeBytes(2 * text.length, a.span);
      ip.out.push(text);
    }
    ip.printed += text.length;
    return NONE;
  });
  def("len", (a) => {
    const v = a.pos[0] ?? NONE;
    if (isTensor(v)) {
      if (v.ndim === 0) throw new PyError("TypeError", "len() of a 0-d tensor");
      return int(v.shape[0]);
    }
    if (v.t === "str") {
      // Code points, counted without copying the string into an array (a 120 MB string would not fit): the
      // length less the surrogate pairs, found by one native scan.
      const n = v.v.length - (v.v.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
      budget().charge(v.v.length / CHARS_PER_WORK, a.span);
      return int(n);
    }
    if (v.t === "dict") return int(v.keys.length);
    if (v.t === "numlist") return int(v.shape[0]);
    if (v.t === "list" || v.t === "tuple") return int(v.items.length);
    if (v.t === "range") return int(Math.max(0, Math.ceil((v.stop - v.start) / v.step)));
    if (v.t === "layer" && v.children) return int(v.children.length);
    throw new PyError("TypeError", `object of type '${typeName(v)}' has no len()`);
  });
  def("range", (a) => {
    const n = a.pos.map((v) => {
      if (isTensor(v) ? !T.isIntegral(v.dtype) : v.t === "float") throw new PyError("TypeError", "'float' object cannot be interpreted as an integer");
      return toNumber(v);
    });
    if (n.length === 1) return { t: "range", start: 0, stop: n[0], step: 1 };
    if (n[2] === 0) throw new PyError("ValueError", "range() arg 3 must not be zero");
    return { t: "range", start: n[0], stop: n[1], step: n[2] ?? 1 };
  });
  def("float", (a) => {
    const v = a.pos[0];
    if (!v) return float(0);
    if (!isTensor(v) && v.t === "str") {
      const s = v.v.trim().toLowerCase();
      const m: Record<string, number> = { nan: NaN, "+nan": NaN, "-nan": NaN, inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "-infinity": -Infinity };
      if (hasOwn(m, s)) return float(m[s]);
      const n = Number(s.replace(/_/g, ""));
      if (s === "" || Number.isNaN(n)) throw new PyError("ValueError", `could not convert string to float: ${repr(v)}`);
      return float(n);
    }
    return float(toNumber(v, "float() argument"));
  });
  def("int", (a) => {
    const v = a.pos[0];
    if (!v) return int(0);
    if (!isTensor(v) && v.t === "str") {
      const n = Number(v.v.trim());
      if (!Number.isInteger(n)) throw new PyError("ValueError", `invalid literal for int() with base 10: ${repr(v)}`);
      return int(n);
    }
    const n = toNumber(v, "int() argument");
    if (!Number.isFinite(n)) throw new PyError(Number.isNaN(n) ? "ValueError" : "OverflowError", Number.isNaN(n) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
    return int(Math.trunc(n));
  });
  def("bool", (a) => bool(a.pos.length ? ip.truthy(a.pos[0]) : false));
  def("str", (a) => str(a.pos.length ? toStr(a.pos[0]) : ""));
  def("repr", (a) => str(repr(a.pos[0] ?? NONE)));
  def("format", (a) => str(formatValue(a.pos[0] ?? NONE, a.pos[1] && !isTensor(a.pos[1]) && a.pos[1].t === "str" ? a.pos[1].v : "")));
  def("abs", (a) => {
    const v = a.pos[0] ?? NONE;
    if (isTensor(v)) return T.unary("abs", v);
    if (v.t === "npscalar") return { ...v, v: Math.abs(v.v) };
    const n = toNumber(v, "bad operand type for abs()");
    return v.t === "float" ? float(Math.abs(n)) : int(Math.abs(n));
  });
  const extreme = (which: "max" | "min") => (a: Args): Value => {
    const items = a.pos.length === 1 ? ip.iterate(a.pos[0], a.span) : a.pos;
    if (!items.length) throw new PyError("ValueError", `${which}() arg is an empty sequence`);
    const key = a.kw.get("key");
    const k = (v: Value) => (key && !isNoneV(key) ? ip.call(key, { ...a, pos: [v], kw: new Map() }) : v);
    let best = items[0];
    let bestK = k(best);
    for (const v of items.slice(1)) {
      const kv = k(v);
      const gt = ip.truthy(ip.compare(which === "max" ? ">" : "<", kv, bestK, a.span));
      if (gt) {
        best = v;
        bestK = kv;
      }
    }
    return best;
  };
  def("max", extreme("max"));
  def("min", extreme("min"));
  def("sum", (a) => {
    let acc: Value = a.pos[1] ?? int(0);
    for (const v of ip.iterate(a.pos[0] ?? NONE, a.span)) acc = ip.binop("+", acc, v, a.span);
    return acc;
  });
  def("round", (a) => {
    const v = a.pos[0] ?? NONE;
    const nd = a.pos[1] ?? a.kw.get("ndigits");
    if (isTensor(v)) return T.unary("round", v);
    const x = toNumber(v);
    if (!nd || (!isTensor(nd) && nd.t === "none")) {
      const r = Math.round(x);
      return int(Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
    }
    const n = toNumber(nd);
    if (v.t === "int") return v;
    return float(n >= 0 ? Number(formatFixed(x, n)) : Math.round(x / 10 ** -n) * 10 ** -n);
  });
  def("list", (a) => ({ t: "list", items: a.pos.length ? ip.iterate(a.pos[0], a.span).slice() : [] }));
  def("tuple", (a) => ({ t: "tuple", items: a.pos.length ? ip.iterate(a.pos[0], a.span).slice() : [] }));
  def("dict", (a) => {
    // dict(mapping or iterable of pairs, **kwargs): dict(zip(keys, values)) among them; a later key replaces.
    const keys: Value[] = [];
    const values: Value[] = [];
    const put = (k: Value, v: Value) => {
      const at = keys.findIndex((x) => ip.equals(x, k));
      if (at >= 0) values[at] = v;
      else {
        keys.push(k);
        values.push(v);
      }
    };
    const src = a.pos[0];
    if (src && !isTensor(src) && src.t === "dict") src.keys.forEach((k, i) => put(k, src.values[i]));
    else if (src) {
      ip.iterate(src, a.span).forEach((item, i) => {
        let pair: Value[];
        try {
          pair = ip.iterate(item, a.span);
        } catch (e) {
          if (e instanceof PyError && e.kind === "TypeError") throw new PyError("TypeError", `cannot convert dictionary update sequence element #${i} to a sequence`, a.span);
          throw e;
        }
        if (pair.length !== 2) throw new PyError("ValueError", `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`, a.span);
        put(pair[0], pair[1]);
      });
    }
    for (const [k, v] of a.kw) put(str(k), v);
    return { t: "dict", keys, values };
  });
  def("enumerate", (a) => ({ t: "list", items: ip.iterate(a.pos[0] ?? NONE, a.span).map((v, i) => ({ t: "tuple", items: [int(i + (a.pos[1] ?? a.kw.get("start") ? toNumber((a.pos[1] ?? a.kw.get("start"))!) : 0)), v] })) }));
  def("zip", (a) => {
    // Iterators and generators are pulled from in turn as Python's zip pulls them (zip(it, it) pairs neighbours; the
    // round that meets an exhausted one has taken an item from those before it).
    const srcs = a.pos.map((v) => {
      const cursor = cursorOf(v);
      return cursor && !isTensor(v) && (v.t === "iterator" || v.t === "list") ? { items: v.items, cursor } : { items: ip.iterate(v, a.span), cursor: { pos: 0 } };
    });
    const rows: Value[] = [];
    while (srcs.length) {
      const row: Value[] = [];
      for (const s of srcs) {
        if (s.cursor.pos >= s.items.length) return { t: "list", items: rows };
        row.push(s.items[s.cursor.pos++]);
      }
      rows.push({ t: "tuple", items: row });
    }
    return { t: "list", items: rows };
  });
  def("isinstance", (a) => bool(classes.isInstance(ip, a.pos[0] ?? NONE, a.pos[1] ?? NONE, a.span)));
  def("type", (a) => classes.typeOf(a.pos[0] ?? NONE));
  def("super", (a) => classes.superOf(ip, a));
  for (const w of ["staticmethod", "classmethod", "property"] as const) def(w, (a) => ({ t: "wrapper", kind: w, fn: a.pos[0] ?? NONE }));
  def("object", () => ({ t: "instance", cls: { t: "class", name: "object", bases: [], attrs: new Map() }, attrs: new Map() }));
  for (const name of Object.keys(classes.EXCEPTIONS)) b.set(name, classes.exceptionClass(name));
  def("hasattr", (a) => {
    try {
      ip.attr(a.pos[0] ?? NONE, toStr(a.pos[1] ?? NONE), a.span);
      return bool(true);
    } catch (e) {
      if (e instanceof PyError && e.kind === "AttributeError") return bool(false);
      throw e;
    }
  });
  def("getattr", (a) => {
    try {
      return ip.attr(a.pos[0] ?? NONE, toStr(a.pos[1] ?? NONE), a.span);
    } catch (e) {
      if (e instanceof PyError && e.kind === "AttributeError" && a.pos.length > 2) return a.pos[2];
      throw e;
    }
  });
  def("setattr", (a) => {
    if (!classes.setAttr(ip, a.pos[0] ?? NONE, toStr(a.pos[1] ?? NONE), a.pos[2] ?? NONE, a.span)) throw new Unsupported(`setattr() on ${typeName(a.pos[0] ?? NONE)}`, a.span);
    return NONE;
  });
  // The namespace dicts are live views of the scopes (globals()[name] = v binds a name): refused, never a NameError.
  for (const name of ["globals", "locals", "vars"]) def(name, (a) => {
    throw new Unsupported(`${name}()`, a.span);
  });
  def("callable", (a) => {
    const v = a.pos[0] ?? NONE;
    return bool(!isTensor(v) && ["builtin", "function", "method", "class", "criterion", "layer", "gradmode"].includes(v.t));
  });
  def("any", (a) => bool(ip.iterate(a.pos[0] ?? NONE, a.span).some((v) => ip.truthy(v))));
  def("all", (a) => bool(ip.iterate(a.pos[0] ?? NONE, a.span).every((v) => ip.truthy(v))));
  def("reversed", (a) => ({ t: "list", items: ip.iterate(a.pos[0] ?? NONE, a.span).slice().reverse() }));
  def("sorted", (a) => {
    const items = ip.iterate(a.pos[0] ?? NONE, a.span).slice();
    const key = a.kw.get("key");
    const keyed = items.map((v) => ({ v, k: key && !(!isTensor(key) && key.t === "none") ? ip.call(key, { ...a, pos: [v], kw: new Map() }) : v }));
    keyed.sort((x, y) => (ip.truthy(ip.compare("<", x.k, y.k, a.span)) ? -1 : ip.truthy(ip.compare("<", y.k, x.k, a.span)) ? 1 : 0));
    if (a.kw.get("reverse") && ip.truthy(a.kw.get("reverse")!)) keyed.reverse();
    return { t: "list", items: keyed.map((x) => x.v) };
  });
  def("map", (a) => {
    const lists = a.pos.slice(1).map((v) => ip.iterate(v, a.span));
    const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
    return { t: "list", items: Array.from({ length: n }, (_, i) => ip.call(a.pos[0], { ...a, pos: lists.map((l) => l[i]), kw: new Map() })) };
  });
  def("filter", (a) => ({ t: "list", items: ip.iterate(a.pos[1] ?? NONE, a.span).filter((v) => ip.truthy(isNoneV(a.pos[0]) ? v : ip.call(a.pos[0], { ...a, pos: [v], kw: new Map() }))) }));
  def("set", (a) => {
    const items: Value[] = [];
    for (const v of a.pos.length ? ip.iterate(a.pos[0], a.span) : []) if (!items.some((x) => ip.equals(x, v))) items.push(v);
    return { t: "set", items };
  });
  def("divmod", (a) => ({ t: "tuple", items: [ip.binop("//", a.pos[0], a.pos[1], a.span), ip.binop("%", a.pos[0], a.pos[1], a.span)] }));
  def("pow", (a) => ip.binop("**", a.pos[0], a.pos[1], a.span));
  def("id", () => int(140000000000000));
  def("iter", (a) => {
    const v = a.pos[0] ?? NONE;
    if (cursorOf(v)) return v;
    const items = ip.iterate(v, a.span);
    // Python's names for the iterators: Tensor.__iter__ is iter(self.unbind(0)), a tuple's.
    const what = isTensor(v) ? "tuple_iterator" : v.t === "numlist" ? "list_iterator" : v.t === "dict" ? "dict_keyiterator" : `${typeName(v)}_iterator`;
    return { t: "iterator", what, items, pos: 0 };
  });
  def("next", (a) => {
    const v = a.pos[0] ?? NONE;
    const cursor = cursorOf(v);
    if (!cursor || isTensor(v) || (v.t !== "iterator" && v.t !== "list")) throw new PyError("TypeError", `'${typeName(v)}' object is not an iterator`, a.span);
    if (cursor.pos < v.items.length) return v.items[cursor.pos++];
    if (a.pos.length > 1) return a.pos[1];
    throw new PyError("StopIteration", "", a.span);
  });
  return b;
}
