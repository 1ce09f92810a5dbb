// str methods, str.format and printf-style % formatting.
import { PyError, type Span } from "../errors";
import { isTensor } from "../tensor";
import { toNumber } from "../torchapi";
import { hasOwn, bool, float, formatValue, int, NONE, repr, str, toStr, typeName, type Args, type Fn, type Value } from "../values";
import type { Interpreter } from "./index";

export function strMethod(ip: Interpreter, s: string, name: string, span: Span): Value {
  const M: Record<string, Fn> = {
    format: (a) => str(ip.strFormat(s, a)),
    join: (a) => str(ip.iterate(a.pos[0] ?? NONE, span).map((v) => {
      if (isTensor(v) || v.t !== "str") throw new PyError("TypeError", `sequence item 0: expected str instance, ${typeName(v)} found`, span);
      return v.v;
    }).join(s)),
    upper: () => str(s.toUpperCase()),
    lower: () => str(s.toLowerCase()),
    strip: () => str(s.trim()),
    replace: (a) => str(s.split(toStr(a.pos[0])).join(toStr(a.pos[1]))),
    split: (a) => ({ t: "list", items: (a.pos.length ? s.split(toStr(a.pos[0])) : s.trim().split(/\s+/)).map(str) }),
    startswith: (a) => bool(s.startsWith(toStr(a.pos[0]))),
    endswith: (a) => bool(s.endsWith(toStr(a.pos[0]))),
  };
  if (hasOwn(M, name)) return ip.fn(name, M[name]);
  throw new PyError("AttributeError", `'str' object has no attribute '${name}'`, span);
}

/** str.format: {} / {0} / {name} fields with !r/!s and format specs (nested fields in specs included). */
export function strFormat(ip: Interpreter, fmt: string, a: Args): string {
  let out = "";
  let auto = 0;
  const field = (name: string): Value => {
    if (name === "") {
      if (auto >= a.pos.length) throw new PyError("IndexError", `Replacement index ${auto} out of range for positional args tuple`);
      return a.pos[auto++];
    }
    const m = /^([A-Za-z_]\w*|\d+)(.*)$/.exec(name);
    if (!m) throw new PyError("ValueError", `Invalid format field '${name}'`);
    let v: Value;
    if (/^\d+$/.test(m[1])) {
      const i = Number(m[1]);
      if (i >= a.pos.length) throw new PyError("IndexError", `Replacement index ${i} out of range for positional args tuple`);
      v = a.pos[i];
    } else {
      if (!a.kw.has(m[1])) throw new PyError("KeyError", `'${m[1]}'`);
      v = a.kw.get(m[1])!;
    }
    let rest = m[2];
    while (rest) {
      const at = /^\.(\w+)/.exec(rest);
      const ix = /^\[([^\]]+)\]/.exec(rest);
      if (at) {
        v = ip.attr(v, at[1], a.span);
        rest = rest.slice(at[0].length);
      } else if (ix) {
        v = ip.index(v, /^\d+$/.test(ix[1]) ? int(Number(ix[1])) : str(ix[1]), a.span);
        rest = rest.slice(ix[0].length);
      } else throw new PyError("ValueError", `Invalid format field '${name}'`);
    }
    return v;
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === "{" && fmt[i + 1] === "{") {
      out += "{";
      i++;
    } else if (c === "}" && fmt[i + 1] === "}") {
      out += "}";
      i++;
    } else if (c === "}") throw new PyError("ValueError", "Single '}' encountered in format string");
    else if (c === "{") {
      let depth = 1;
      let j = i + 1;
      for (; j < fmt.length && depth > 0; j++) {
        if (fmt[j] === "{") depth++;
        else if (fmt[j] === "}") depth--;
      }
      if (depth > 0) throw new PyError("ValueError", "Single '{' encountered in format string");
      const body = fmt.slice(i + 1, j - 1);
      const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(body);
      if (!m) throw new PyError("ValueError", "expected ':' after conversion specifier");
      const v = field(m[1]);
      const spec = m[3] ? ip.strFormat(m[3], { ...a, pos: a.pos }) : "";
      if (m[2] === "r" || m[2] === "a") out += formatValue(str(repr(v)), spec);
      else if (m[2] === "s") out += formatValue(str(toStr(v)), spec);
      else out += formatValue(v, spec);
      i = j - 1;
    } else out += c;
  }
  return out;
}

/** printf-style "%.4f" % x. */
export function percentFormat(_ip: Interpreter, fmt: string, arg: Value): string {
  const args = !isTensor(arg) && arg.t === "tuple" ? arg.items : [arg];
  let k = 0;
  const out = fmt.replace(/%([-+ #0]*)(\d+)?(?:\.(\d+))?([sdifeEgGrx%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, type: string) => {
    if (type === "%") return "%";
    if (k >= args.length) throw new PyError("TypeError", "not enough arguments for format string");
    const v = args[k++];
    const align = flags.includes("-") ? "<" : "";
    const spec = `${align}${flags.includes("+") ? "+" : ""}${flags.includes("0") && !align ? "0" : ""}${width ?? ""}${prec !== undefined ? "." + prec : ""}`;
    if (type === "s") return formatValue(str(toStr(v)), align + (width ?? ""));
    if (type === "r") return formatValue(str(repr(v)), align + (width ?? ""));
    const n = toNumber(v);
    if (type === "d" || type === "i") return formatValue(int(Math.trunc(n)), spec);
    if (type === "x") return formatValue(int(Math.trunc(n)), spec + "x");
    return formatValue(float(n), spec + (type === "f" && prec === undefined ? ".6f" : type));
  });
  if (k < args.length) throw new PyError("TypeError", "not all arguments converted during string formatting");
  return out;
}
