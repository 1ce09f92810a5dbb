// PyTorch 1.13's tensor printing (torch/_tensor_str.py: precision 4, threshold 1000, edgeitems 3,
// linewidth 80, sci_mode chosen from the values) and numpy's array printing for .numpy() results.
import { float32Repr, floatRepr, formatExp, formatFixed } from "./numfmt";
import { isIntegral, numelOf, type PTensor } from "./tensor";
import { refuseUninit } from "./uninit";

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 80;

interface Formatter {
  width: number;
  format(v: number): string;
}

function pyFloatStr(v: number): string {
  return floatRepr(v);
}

/** _Formatter: picks int mode / fixed / scientific from the (summarised) values and the common width. */
function makeFormatter(values: ArrayLike<number>, floating: boolean, isBool: boolean): Formatter {
  let maxWidth = 1;
  let intMode = true;
  let sciMode = false;
  const str = (v: number) => (isBool ? (v ? "True" : "False") : String(v));
  if (!floating) {
    for (let i = 0; i < values.length; i++) maxWidth = Math.max(maxWidth, str(values[i]).length);
  } else {
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length) {
      let min = Infinity;
      let max = 0;
      for (const v of finite) {
        const a = Math.abs(v);
        if (a < min) min = a;
        if (a > max) max = a;
        if (v !== Math.ceil(v)) intMode = false;
      }
      if (intMode) {
        if (max / min > 1000 || max > 1e8) {
          sciMode = true;
          for (const v of finite) maxWidth = Math.max(maxWidth, formatExp(v, PRECISION).length);
        } else {
          for (const v of finite) maxWidth = Math.max(maxWidth, formatFixed(v, 0).length + 1);
        }
      } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
        sciMode = true;
        for (const v of finite) maxWidth = Math.max(maxWidth, formatExp(v, PRECISION).length);
      } else {
        for (const v of finite) maxWidth = Math.max(maxWidth, formatFixed(v, PRECISION).length);
      }
    }
  }
  const width = maxWidth;
  return {
    width,
    format(v: number): string {
      let ret: string;
      if (floating) {
        if (sciMode) ret = formatExp(v, PRECISION);
        else if (intMode) {
          ret = formatFixed(v, 0);
          if (Number.isFinite(v)) ret += ".";
        } else ret = formatFixed(v, PRECISION);
      } else ret = str(v);
      return ret.length < width ? " ".repeat(width - ret.length) + ret : ret;
    },
  };
}

/** A strided view for walking sub-tensors without copying. */
interface View {
  data: ArrayLike<number>;
  offset: number;
  shape: number[];
  strides: number[];
}

function sub(v: View, i: number): View {
  return { data: v.data, offset: v.offset + i * v.strides[0], shape: v.shape.slice(1), strides: v.strides.slice(1) };
}

function at(v: View, i: number): number {
  return v.data[v.offset + i * v.strides[0]];
}

function stridesOf(shape: number[]): number[] {
  const st: number[] = new Array(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** get_summarized_data: the edge items the formatter looks at when the tensor is summarised. */
function summarizedValues(v: View, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.data[v.offset]);
    return;
  }
  const n = v.shape[0];
  const idx = n > 2 * EDGE ? [0, 1, 2, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
  if (v.shape.length === 1) for (const i of idx) out.push(at(v, i));
  else for (const i of idx) summarizedValues(sub(v, i), out);
}

function vectorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width + 2;
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / elementLength));
  const n = v.shape[0];
  let data: string[];
  if (summarize && n > 2 * EDGE) {
    data = [];
    for (let i = 0; i < EDGE; i++) data.push(f.format(at(v, i)));
    data.push(" ...");
    for (let i = n - EDGE; i < n; i++) data.push(f.format(at(v, i)));
  } else {
    data = [];
    for (let i = 0; i < n; i++) data.push(f.format(at(v, i)));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(", "));
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStrWith(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(v.data[v.offset]);
  if (dim === 1) return vectorStr(v, indent, summarize, f);
  const n = v.shape[0];
  let slices: string[];
  if (summarize && n > 2 * EDGE) {
    slices = [];
    for (let i = 0; i < EDGE; i++) slices.push(tensorStrWith(sub(v, i), indent + 1, summarize, f));
    slices.push("...");
    for (let i = n - EDGE; i < n; i++) slices.push(tensorStrWith(sub(v, i), indent + 1, summarize, f));
  } else {
    slices = [];
    for (let i = 0; i < n; i++) slices.push(tensorStrWith(sub(v, i), indent + 1, summarize, f));
  }
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

function addSuffixes(str: string, suffixes: string[], indent: number): string {
  const parts = [str];
  let lastLineLen = str.length - str.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      parts.push(",\n" + " ".repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(", " + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** str(tensor) / repr(tensor), as print shows it. */
export function tensorRepr(t: PTensor): string {
  if (t.uninit) refuseUninit();
  if (t.numpy) return ndarrayRepr(t);
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  let body: string;
  if (t.numel === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(", ")}${t.ndim === 1 ? "," : ""})`);
    if (t.dtype !== "float32") suffixes.push(`dtype=torch.${t.dtype}`);
    body = "[]";
  } else {
    // _tensor_str's has_default_dtype: float32, int64 and bool print without it.
    if (t.dtype !== "float32" && t.dtype !== "int64" && t.dtype !== "bool") suffixes.push(`dtype=torch.${t.dtype}`);
    const summarize = t.numel > THRESHOLD;
    const view: View = { data: t.data, offset: 0, shape: t.shape, strides: stridesOf(t.shape) };
    let values: ArrayLike<number> = t.data;
    if (summarize) {
      const out: number[] = [];
      summarizedValues(view, out);
      values = out;
    }
    const f = makeFormatter(values, t.isFloat, t.dtype === "bool");
    body = tensorStrWith(view, indent, summarize, f);
  }
  if (t.gradFn && t.gradFn.name) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return (t.param ? "Parameter containing:\n" : "") + addSuffixes(prefix + body, suffixes, indent);
}

// ---------------------------------------------------------------- numpy

/** numpy's float formatting for one array (dragon4, unique, precision 8, suppress_small off). */
function npFloatFormatter(values: number[], f32: boolean): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const abs = finite.filter((v) => v !== 0).map(Math.abs);
  const max = abs.length ? Math.max(...abs) : 0;
  const min = abs.length ? Math.min(...abs) : 0;
  const exp = abs.length > 0 && (max >= 1e16 || min < 1e-4 || max / min > 1e3);
  const short = (v: number) => (f32 ? float32Repr(v) : floatRepr(v));
  if (exp) {
    // Scientific: shortest unique mantissa digits, padded to the longest.
    const parts = finite.map((v) => {
      const s = Math.abs(v).toExponential(Math.min(8, Math.max(0, uniqueDigits(v, f32) - 1)));
      const [m, e] = s.split("e");
      return { m: m.replace(/0+$/, "").replace(/\.$/, "."), e };
    });
    const frac = Math.max(0, ...parts.map((p) => (p.m.split(".")[1] ?? "").length));
    const ew = Math.max(2, ...parts.map((p) => p.e.replace(/^[+-]/, "").length));
    return (v: number) => {
      if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
      const s = Math.abs(v).toExponential(frac);
      const [m, e] = s.split("e");
      const mant = frac === 0 ? m + "." : m;
      const es = e.replace(/^[+-]/, "");
      return (v < 0 || Object.is(v, -0) ? "-" : "") + mant + "e" + (e[0] === "-" ? "-" : "+") + es.padStart(ew, "0");
    };
  }
  // Positional: as many fraction digits as the most precise value needs (at most 8), trailing zeros padded.
  let frac = 0;
  for (const v of finite) {
    let s = short(v);
    if (s.includes("e")) s = formatFixed(v, 8).replace(/0+$/, "");
    const rounded = formatFixed(v, 8).replace(/0+$/, "");
    const use = s.length <= rounded.length ? s : rounded;
    frac = Math.max(frac, (use.split(".")[1] ?? "").replace(/0+$/, "").length);
  }
  frac = Math.min(frac, 8);
  return (v: number) => {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    const s = formatFixed(v, frac);
    if (frac === 0) return s + ".";
    // A value's own shortest digits when they fit (0.6428571, not 0.64285707 cut to 0.6428570), else rounded to
    // frac digits; numpy pads with spaces rather than zeros past them.
    const own = short(v);
    if (!own.includes("e")) {
      const [ip, fp = ""] = own.split(".");
      const digits = fp === "0" ? "" : fp;
      if (digits.length <= frac) return ip + "." + digits + " ".repeat(frac - digits.length);
    }
    return s;
  };
}

function uniqueDigits(v: number, f32: boolean): number {
  for (let p = 1; p <= 17; p++) {
    const s = Math.abs(v).toExponential(p - 1);
    if ((f32 ? Math.fround(Number(s)) : Number(s)) === Math.abs(v)) return p;
  }
  return 17;
}

/** repr(ndarray): array([...], dtype=float32). */
export function ndarrayRepr(t: PTensor, asStr = false): string {
  if (t.uninit) refuseUninit();
  const prefix = asStr ? "" : "array(";
  const values = Array.from(t.data);
  let fmt: (v: number) => string;
  if (t.dtype === "bool") fmt = (v) => (v ? " True" : "False");
  else if (isIntegral(t.dtype)) fmt = (v) => String(v);
  else fmt = npFloatFormatter(values, t.dtype === "float32");
  const strs = values.map(fmt);
  const width = Math.max(0, ...strs.map((s) => s.length));
  const pad = (s: string) => " ".repeat(width - s.length) + s;
  const sep = asStr ? " " : ", ";
  const indent = prefix.length;
  const dtype = suffix(t);
  if (t.ndim === 0) {
    return asStr ? (t.dtype === "float32" ? float32Repr(values[0]) : t.dtype === "float64" ? floatRepr(values[0]) : strs[0]) : prefix + strs[0] + (dtype ? ", " + dtype : "") + ")";
  }
  const st = stridesOf(t.shape);
  const rec = (d: number, off: number, ind: number): string => {
    const n = t.shape[d];
    if (d === t.ndim - 1) {
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(pad(strs[off + i * st[d]]));
      // numpy wraps at 75 columns.
      const lines: string[] = [];
      let line = "";
      for (let i = 0; i < items.length; i++) {
        const piece = items[i] + (i < items.length - 1 ? sep.trimEnd() : "");
        if (line && ind + 1 + line.length + 1 + piece.length > 75) {
          lines.push(line);
          line = piece;
        } else line = line ? line + (asStr ? " " : " ") + piece : piece;
      }
      lines.push(line);
      return "[" + lines.join("\n" + " ".repeat(ind + 1)) + "]";
    }
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(rec(d + 1, off + i * st[d], ind + 1));
    return "[" + parts.join((asStr ? "" : ",") + "\n".repeat(t.ndim - 1 - d) + " ".repeat(ind + 1)) + "]";
  };
  if (numelOf(t.shape) === 0) return asStr ? "[]" : `array([], dtype=${t.dtype})`;
  const body = prefix + rec(0, 0, indent);
  if (asStr) return body;
  if (!dtype) return body + ")";
  // numpy's _array_repr_implementation: "dtype=...)" goes on a line of its own when it would pass 75 columns.
  const last = body.length - (body.lastIndexOf("\n") + 1) + 1;
  return body + "," + (last + dtype.length + 2 > 75 ? "\n" + " ".repeat(prefix.length) : " ") + dtype + ")";
}

/** repr's dtype= for a dtype numpy names there ("" for float64, int64 and bool). */
function suffix(t: PTensor): string {
  return t.dtype === "float64" || t.dtype === "int64" || t.dtype === "bool" ? "" : `dtype=${t.dtype}`;
}

export { pyFloatStr };
