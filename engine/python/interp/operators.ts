// Truthiness, comparisons and arithmetic with Python's rules on numbers, strings, sequences and numpy scalars,
// and PyTorch's on tensors.
import { budget, ITEM_BYTES } from "../budget";
import { PyError, Unsupported, type Span } from "../errors";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { isNumber, listItems, operand, scalarOf, toNumber } from "../torchapi";
import { bool, float, int, str, typeName, type Value } from "../values";
import { evalTorch } from "../version";
import type { Interpreter } from "./index";
import { Skip } from "./signals";
import { holdsUninit, refuseUninit } from "../uninit";
import { builtinType } from "./classes";

export function truthy(_ip: Interpreter, v: Value): boolean {
  if (isTensor(v)) return T.truthOf(v.uninit ? refuseUninit() : v);
  switch (v.t) {
    case "none":
      return false;
    case "bool":
      return v.v;
    case "int":
    case "float":
    case "npscalar":
      return v.v !== 0;
    case "str":
      return v.v.length > 0;
    case "list":
    case "tuple":
      return v.items.length > 0;
    case "numlist":
      return v.shape[0] > 0;
    case "dict":
      return v.keys.length > 0;
    case "set":
      return v.items.length > 0;
    case "range":
      return Math.ceil((v.stop - v.start) / v.step) > 0;
    case "unavailable":
      throw new Skip(v.name, v.line);
    default:
      return true;
  }
}

export function equals(ip: Interpreter, a: Value, b: Value): boolean {
  const r = ip.compare("==", a, b, { line: 0, column: 0, endLine: 0, endColumn: 0 });
  return !isTensor(r) && r.t === "bool" && r.v;
}

/** The built-in types Python names by their constructors: `type(x) in [tuple, list]` compares type(x) with them. */
const TYPE_BUILTINS = new Set(["list", "tuple", "dict", "set", "str", "int", "float", "bool"]);

/** type(v)'s class and the builtin callable of the same name are one object in Python. */
function sameBuiltinType(a: Value, b: Value): boolean {
  if (isTensor(a) || isTensor(b)) return false;
  const [c, f] = a.t === "class" ? [a, b] : [b, a];
  return c.t === "class" && f.t === "builtin" && TYPE_BUILTINS.has(f.name) && c === builtinType(f.name);
}

export function compare(ip: Interpreter, op: string, a: Value, b: Value, span: Span): Value {
  if (op === "is" || op === "is not") {
    const same = a === b || sameBuiltinType(a, b) || (!isTensor(a) && !isTensor(b) && a.t === "none" && b.t === "none") || (!isTensor(a) && !isTensor(b) && a.t === "bool" && b.t === "bool" && a.v === b.v);
    return bool(op === "is" ? same : !same);
  }
  if (holdsUninit(a) || holdsUninit(b)) refuseUninit(span);
  if (op === "in" || op === "not in") {
    let found: boolean;
    if (!isTensor(b) && b.t === "str" && !isTensor(a) && a.t === "str") found = b.v.includes(a.v);
    else if (!isTensor(b) && b.t === "dict") found = b.keys.some((k) => ip.equals(k, a));
    else found = ip.iterate(b, span).some((x) => ip.equals(x, a));
    return bool(op === "in" ? found : !found);
  }
  if (isTensor(a) || isTensor(b)) {
    return T.binary(op, operand(a, "compare"), operand(b, "compare"));
  }
  if (isNumber(a) && isNumber(b)) {
    const x = toNumber(a);
    const y = toNumber(b);
    const r = { "==": x === y, "!=": x !== y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y }[op];
    return bool(!!r);
  }
  if (a.t === "str" && b.t === "str") {
    const r = { "==": a.v === b.v, "!=": a.v !== b.v, "<": a.v < b.v, "<=": a.v <= b.v, ">": a.v > b.v, ">=": a.v >= b.v }[op];
    return bool(!!r);
  }
  if (op === "==" || op === "!=") {
    let eq: boolean;
    if ((a.t === "list" || a.t === "tuple") && (b.t === "list" || b.t === "tuple")) {
      eq = a.t === b.t && a.items.length === b.items.length && a.items.every((x, i) => ip.equals(x, b.items[i]));
    } else if (a.t === "dtype" && b.t === "dtype") eq = a.dtype === b.dtype;
    else eq = a === b || (a.t === "none" && b.t === "none") || sameBuiltinType(a, b);
    return bool(op === "==" ? eq : !eq);
  }
  throw new PyError("TypeError", `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`, span);
}

export function binop(ip: Interpreter, op: string, a: Value, b: Value, span: Span): Value {
  if ((isTensor(a) && a.uninit) || (isTensor(b) && b.uninit)) refuseUninit(span);
  // A list literal read by the fast path is a plain list to Python.
  if (!isTensor(a) && a.t === "numlist" && (op === "*" || op === "+")) {
    if (op === "*" && !isTensor(b) && (b.t === "int" || b.t === "bool") && a.data.length * toNumber(b) > 10_000_000) {
      throw new PyError("LimitError", "a list of more than 10,000,000 items exceeds the evaluator's limit", span, true);
    }
    a = { t: "list", items: listItems(a) };
  }
  if (!isTensor(b) && b.t === "numlist" && (op === "*" || op === "+")) b = { t: "list", items: listItems(b) };
  if (op === "@") {
    if (isTensor(a) && isTensor(b)) {
      // Its sums of products wrap at a narrow dtype's width: not reproduced (torch.matmul is refused by narrowgate.ts).
      const narrow = [a, b].find((t) => T.isNarrowInt(t.dtype));
      if (narrow) throw new Unsupported(`the @ operator on torch.${narrow.dtype} tensors`, span);
      return T.matmul(a, b);
    }
    throw new PyError("TypeError", `unsupported operand type(s) for @: '${typeName(a)}' and '${typeName(b)}'`, span);
  }
  if (isTensor(a) || isTensor(b)) {
    if (op === "<<" || op === ">>") throw new Unsupported(`the ${op} operator on tensors`, span);
    const x = isTensor(a) ? a : scalarOf(a);
    const y = isTensor(b) ? b : scalarOf(b);
    if (!x || !y) throw new PyError("TypeError", `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`, span);
    const out = T.binary(op, x, y);
    out.operatorResult = true;
    return out;
  }
  if (a.t === "npscalar" || b.t === "npscalar") return ip.npScalarOp(op, a, b, span);
  if (isNumber(a) && isNumber(b)) return ip.numberOp(op, a, b, span);
  if (a.t === "str") {
    if (op === "+" && b.t === "str") {
      budget().string(a.v.length + b.v.length, span);
      return { t: "str", v: a.v + b.v };
    }
    if (op === "*" && (b.t === "int" || b.t === "bool")) {
      // Charged before it is made: 'a' * 10**9 is a MemoryError, not V8's "Invalid string length".
      const n = Math.max(0, toNumber(b));
      budget().string(a.v.length * n, span);
      return { t: "str", v: a.v.repeat(n) };
    }
    if (op === "%") return str(ip.percentFormat(a.v, b));
  }
  if ((a.t === "list" || a.t === "tuple" || a.t === "numlist") && op === "+" && (b.t === a.t || (a.t !== "tuple" && (b.t === "list" || b.t === "numlist")))) {
    const left = listItems(a);
    const right = listItems(b);
    budget().alloc(left.length + right.length, ITEM_BYTES * (left.length + right.length), span);
    const items = left.concat(right);
    return a.t === "tuple" ? { t: "tuple", items } : { t: "list", items };
  }
  if ((a.t === "list" || a.t === "tuple") && op === "*" && (b.t === "int" || b.t === "bool")) {
    const n = Math.max(0, toNumber(b));
    if (n * a.items.length > 10_000_000) throw new PyError("LimitError", "a list of more than 10,000,000 items exceeds the evaluator's limit", span, true);
    budget().alloc(n * a.items.length, ITEM_BYTES * n * a.items.length, span);
    // Filled in place: pushing 10^7 items one by one grows (and copies) the array many times.
    const m = a.items.length;
    const items: Value[] = new Array<Value>(n * m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) items[i * m + j] = a.items[j];
    return { t: a.t, items };
  }
  const sym = op;
  throw new PyError("TypeError", `unsupported operand type(s) for ${sym}: '${typeName(a)}' and '${typeName(b)}'`, span);
}

export function numberOp(_ip: Interpreter, op: string, a: Value, b: Value, span: Span): Value {
  const x = toNumber(a);
  const y = toNumber(b);
  const isInt = !isTensor(a) && !isTensor(b) && a.t !== "float" && b.t !== "float";
  switch (op) {
    case "+":
      return isInt ? int(x + y) : float(x + y);
    case "-":
      return isInt ? int(x - y) : float(x - y);
    case "*":
      return isInt ? int(x * y) : float(x * y);
    case "/":
      if (y === 0) throw new PyError("ZeroDivisionError", isInt ? "division by zero" : "float division by zero", span);
      return float(x / y);
    case "//":
      if (y === 0) throw new PyError("ZeroDivisionError", isInt ? "integer division or modulo by zero" : "float floor division by zero", span);
      return isInt ? int(Math.floor(x / y)) : float(Math.floor(x / y));
    case "%": {
      if (y === 0) throw new PyError("ZeroDivisionError", isInt ? "integer division or modulo by zero" : "float modulo", span);
      const r = x % y;
      const m = r !== 0 && r < 0 !== y < 0 ? r + y : r;
      return isInt ? int(m) : float(m);
    }
    case "**":
      if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power", span);
      return isInt && y >= 0 ? int(Math.pow(x, y)) : float(Math.pow(x, y));
    case "&":
    case "|":
    case "^":
    case "<<":
    case ">>":
      if (!isInt) throw new PyError("TypeError", `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`, span);
      return int(op === "&" ? x & y : op === "|" ? x | y : op === "^" ? x ^ y : op === "<<" ? x * 2 ** y : Math.floor(x / 2 ** y));
  }
  throw new PyError("TypeError", `unsupported operand type(s) for ${op}`, span);
}

/**
 * numpy scalars with each other or a Python number: computed in double, then the result type numpy gives (its
 * Python numbers strong, int64 / float64, in numpy 1.x; weak in numpy 2: see TorchBehaviour.numpyWeakScalars).
 */
export function npScalarOp(ip: Interpreter, op: string, a: Value, b: Value, span: Span): Value {
  const r = ip.numberOp(op, isTensor(a) || a.t !== "npscalar" ? a : a.dtype === "int64" ? int(a.v) : float(a.v), isTensor(b) || b.t !== "npscalar" ? b : b.dtype === "int64" ? int(b.v) : float(b.v), span);
  const weak = evalTorch().numpyWeakScalars;
  // Each side's kind: a numpy dtype, or a Python number's (strong int64 / float64, or weak "int" / "float").
  const dts = [a, b].map((v) => {
    if (!isTensor(v) && v.t === "npscalar") return v.dtype;
    if (!isTensor(v) && v.t === "bool") return "bool";
    const isFloat = !isTensor(v) && v.t === "float";
    return weak ? (isFloat ? "float" : "int") : isFloat ? "float64" : "int64";
  });
  let dtype: T.TDtype;
  if (dts.includes("float64")) dtype = "float64";
  // float32 meets int32 / int64 (not the narrower ints, nor bool) in float64.
  else if (dts.includes("float32")) dtype = dts.includes("int64") || dts.includes("int32") ? "float64" : "float32";
  else dtype = dts.includes("float") || (!isTensor(r) && r.t === "float") ? "float64" : "int64";
  const v = toNumber(r);
  return { t: "npscalar", dtype, v: dtype === "float32" ? Math.fround(v) : v };
}

export function unaryop(ip: Interpreter, op: string, v: Value, span: Span): Value {
  if (op === "not") return bool(!ip.truthy(v));
  if (isTensor(v)) {
    if (v.uninit) refuseUninit(span);
    if (op === "-") return T.neg(v);
    if (op === "+") return v;
    if (op === "~" && v.dtype === "bool") return T.binary("==", v, { value: 0, kind: "bool" });
    if (op === "~" && v.dtype === "int64") return T.map(v, "int64", (x) => -x - 1);
    if (op === "~") throw new PyError("TypeError", "~ (operator.invert) is only implemented on integer and Boolean-type tensors", span);
    throw new Unsupported(`the ${op} operator on tensors`, span);
  }
  if (v.t === "npscalar") return { ...v, v: op === "-" ? -v.v : v.v };
  if (isNumber(v)) {
    const x = toNumber(v);
    const isInt = v.t !== "float";
    if (op === "-") return isInt ? int(-x) : float(-x);
    if (op === "+") return isInt ? int(x) : float(x);
    if (op === "~" && isInt) return int(-x - 1);
  }
  throw new PyError("TypeError", `bad operand type for unary ${op}: '${typeName(v)}'`, span);
}
