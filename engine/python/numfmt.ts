// Number formatting exactly as Python does it: repr of floats (shortest round-trip), '{:.4f}' / '{:.4e}' /
// '{:g}' with round-half-even on the exact binary value, and the format-spec mini-language. JavaScript's
// toFixed rounds ties away from zero, so exact decimal expansions are built with BigInt instead.

/** |x| = digits / 10^scale exactly, for finite x. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  if (exp >= 0) return { digits: mant << BigInt(exp), scale: 0 };
  return { digits: mant * 5n ** BigInt(-exp), scale: -exp };
}

/** Rounds digits/10^drop to an integer, ties to even. */
function roundDiv(digits: bigint, drop: number): bigint {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const p = 10n ** BigInt(drop);
  const q = digits / p;
  const r = digits % p;
  const twice = r * 2n;
  if (twice > p || (twice === p && q % 2n === 1n)) return q + 1n;
  return q;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

/** Python's '{:.{prec}f}'. */
export function formatFixed(x: number, prec: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  // Fast path: toFixed rounds to nearest too; only exact ties (round half away from zero there, half to even in
  // Python) need the exact expansion. A tie shows as "5" then zeros in a longer expansion.
  const ax = Math.abs(x);
  if (ax < 1e21 && prec <= 20) {
    const long = ax.toFixed(Math.min(100, prec + 30));
    const tail = long.slice(long.length - 30);
    if (!/^50*$/.test(tail)) return signOf(x) + ax.toFixed(prec);
  }
  const { digits, scale } = exactDecimal(x);
  const n = roundDiv(digits, scale - prec).toString();
  if (prec === 0) return signOf(x) + n;
  const padded = n.padStart(prec + 1, "0");
  return signOf(x) + padded.slice(0, padded.length - prec) + "." + padded.slice(padded.length - prec);
}

/** Significant digits (prec+1 of them) and the decimal exponent, rounded half-even. */
function sigDigits(x: number, count: number): { d: string; e: number } {
  if (x === 0) return { d: "0".repeat(count), e: 0 };
  const { digits, scale } = exactDecimal(x);
  const len = digits.toString().length;
  let e = len - 1 - scale;
  let d = roundDiv(digits, len - count).toString();
  if (d.length > count) {
    d = d.slice(0, count);
    e++;
  }
  return { d, e };
}

/** Python's '{:.{prec}e}'. */
export function formatExp(x: number, prec: number, upper = false): string {
  const nf = nonFinite(x);
  if (nf) return upper ? nf.toUpperCase() : nf;
  const ax = Math.abs(x);
  if (ax !== 0 && prec <= 20) {
    // Fast path as in formatFixed: toExponential rounds to nearest; exact ties take the BigInt path.
    const long = ax.toExponential(Math.min(100, prec + 30)).split("e")[0];
    if (!/^50*$/.test(long.slice(long.length - 30))) {
      const [m, e] = ax.toExponential(prec).split("e");
      const ev = Number(e);
      return signOf(x) + m + (upper ? "E" : "e") + (ev < 0 ? "-" : "+") + String(Math.abs(ev)).padStart(2, "0");
    }
  }
  const { d, e } = sigDigits(x, prec + 1);
  const mant = prec === 0 ? d : d[0] + "." + d.slice(1);
  const exp = (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
  return signOf(x) + mant + (upper ? "E" : "e") + exp;
}

/** Python's '{:.{prec}g}' (alt keeps trailing zeros; noneType is the format type "" with a precision). */
export function formatGeneral(x: number, prec: number, alt = false, upper = false, noneType = false): string {
  const nf = nonFinite(x);
  if (nf) return upper ? nf.toUpperCase() : nf;
  const p = prec === 0 ? 1 : prec;
  const { e } = x === 0 ? { e: 0 } : sigDigits(x, p);
  let s: string;
  if (e >= -4 && e < p) {
    s = formatFixed(x, p - 1 - e);
    if (!alt && s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
    if (noneType && !s.includes(".")) s += ".0";
  } else {
    s = formatExp(x, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+(?=[eE])/, "");
  }
  return s;
}

/** Python's repr(float): the shortest string that round-trips, laid out as Python does. */
export function floatRepr(x: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [m, ex] = Math.abs(x).toExponential().split("e");
  const digits = m.replace(".", "");
  const e = Number(ex);
  return signOf(x) + layoutRepr(digits, e);
}

function layoutRepr(digits: string, e: number): string {
  if (e >= -4 && e < 16) {
    if (e < 0) return "0." + "0".repeat(-e - 1) + digits;
    if (digits.length <= e + 1) return digits + "0".repeat(e + 1 - digits.length) + ".0";
    return digits.slice(0, e + 1) + "." + digits.slice(e + 1);
  }
  const mant = digits.length === 1 ? digits : digits[0] + "." + digits.slice(1);
  return mant + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
}

/** numpy's str/repr of a float32 scalar: the shortest string that round-trips through float32. */
export function float32Repr(x: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(x).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(x)) {
      const [m, ex] = s.split("e");
      return signOf(x) + layoutRepr(m.replace(".", "").replace(/0+$/, "") || "0", Number(ex));
    }
  }
  return floatRepr(x);
}

export interface FormatSpec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

export function parseSpec(spec: string): FormatSpec | null {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(spec);
  if (!m) return null;
  return {
    fill: m[1] ?? (m[5] && !m[2] ? "0" : " "),
    align: m[2] ?? (m[5] ? "=" : ""),
    sign: m[3] ?? "-",
    alt: !!m[4],
    zero: !!m[5],
    width: m[6] ? Number(m[6]) : 0,
    grouping: m[7] ?? "",
    precision: m[8] !== undefined ? Number(m[8]) : null,
    type: m[9] ?? "",
  };
}

function group(intPart: string, sep: string): string {
  if (!sep) return intPart;
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function pad(body: string, sign: string, s: FormatSpec, defaultAlign: string): string {
  const align = s.align || defaultAlign;
  const total = sign.length + body.length;
  if (total >= s.width) return sign + body;
  const fill = s.fill.repeat(s.width - total);
  switch (align) {
    case "<":
      return sign + body + fill;
    case "^": {
      const left = Math.floor((s.width - total) / 2);
      return s.fill.repeat(left) + sign + body + s.fill.repeat(s.width - total - left);
    }
    case "=":
      return sign + fill + body;
    default:
      return fill + sign + body;
  }
}

/** format(number, spec) for a Python int (isInt) or float; throws a message on an invalid spec. */
export function formatNumber(x: number, isInt: boolean, specText: string): string {
  const s = parseSpec(specText);
  if (!s) throw new Error(`Invalid format specifier '${specText}' for object of type '${isInt ? "int" : "float"}'`);
  let type = s.type;
  if (isInt && (type === "" || type === "d" || type === "n")) {
    if (s.precision !== null) throw new Error("Precision not allowed in integer format specifier");
    const body = group(String(Math.abs(x)), s.grouping);
    return pad(body, x < 0 ? "-" : s.sign === "-" ? "" : s.sign, s, ">");
  }
  if (isInt && "xXob".includes(type) && type !== "") {
    const radix = type === "b" ? 2 : type === "o" ? 8 : 16;
    let body = Math.abs(x).toString(radix);
    if (type === "X") body = body.toUpperCase();
    if (s.alt) body = "0" + type + body;
    return pad(body, x < 0 ? "-" : s.sign === "-" ? "" : s.sign, s, ">");
  }
  if (!isInt && "dxXobc".includes(type) && type !== "") throw new Error(`Unknown format code '${type}' for object of type 'float'`);
  let body: string;
  const ax = Math.abs(x);
  const neg = x < 0 || Object.is(x, -0);
  if (type === "") {
    if (s.precision === null) body = isInt ? String(ax) : floatRepr(ax);
    else body = formatGeneral(ax, s.precision, s.alt, false, true);
  } else if (type === "f" || type === "F") body = formatFixed(ax, s.precision ?? 6);
  else if (type === "e" || type === "E") body = formatExp(ax, s.precision ?? 6, type === "E");
  else if (type === "g" || type === "G" || type === "n") body = formatGeneral(ax, s.precision ?? 6, s.alt, type === "G");
  else if (type === "%") body = formatFixed(ax * 100, s.precision ?? 6) + "%";
  else {
    type = "";
    body = floatRepr(ax);
  }
  if (type === "F" || type === "E" || type === "G") body = body.toUpperCase();
  if (s.grouping) {
    const [ip, ...rest] = body.split(".");
    body = [group(ip, s.grouping), ...rest].join(".");
  }
  const sign = neg && !(Number.isNaN(x)) ? "-" : s.sign === "-" ? "" : s.sign;
  return pad(body, sign, s, ">");
}

/** format(str, spec). */
export function formatString(v: string, specText: string): string {
  const s = parseSpec(specText);
  if (!s || (s.type !== "" && s.type !== "s")) throw new Error(`Unknown format code '${s?.type ?? specText}' for object of type 'str'`);
  const body = s.precision !== null ? v.slice(0, s.precision) : v;
  return pad(body, "", s, "<");
}
