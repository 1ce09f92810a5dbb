// logcumsumexp and cummax / cummin as ATen's CPU kernels compute them, with their backward formulas.
// logcumsumexp accumulates in double for floats (cpu_cum_base_kernel's acc_type, measured on 1.13 and 2.13: every
// float32 step equals log1p(exp(min - max)) + max in double, glibc's exp / log1p, rounded once per output), with
// _log_add_exp_helper's cases: a NaN propagates, two equal infinities give the element. cummax / cummin keep the
// later index on ties (>= / <=) and move to each new NaN.
import { errorIn } from "../../api/versions";
import { budget } from "../budget";
import { PyError } from "../errors";
import { evalTorch } from "../version";
import { track } from "./autograd";
import { dtypeName, full, normDim, PTensor, splitAt, storage } from "./core";
import { binary, mathOf, unary } from "./elementwise";
import { flip } from "./arrange";
import { where } from "./select";

/** The lanes (outer x inner) of a scan along d, each visited one step k at a time. */
function lanes(t: PTensor, dim: number): { d: number; outer: number; size: number; inner: number } {
  const d = normDim(dim, t.ndim);
  return { d, ...splitAt(t.ndim ? t.shape : [1], d) };
}

/** logcumsumexp over dim of a float tensor, no autograd (the backward runs it too). */
function logcumsumexpRaw(t: PTensor, dim: number): PTensor {
  if (!t.isFloat) {
    const r = errorIn(evalTorch().version, "RuntimeError", `"logcumsumexp_out_cpu" not implemented for '${dtypeName(t.dtype)}'`);
    throw new PyError(r.kind, r.message);
  }
  budget().charge(t.numel);
  const { outer, size, inner } = lanes(t, dim);
  const out = storage(t.dtype, t.numel, true);
  const n = outer * inner;
  const cum = new Float64Array(n).fill(-Infinity);
  const diff = new Float64Array(n);
  for (let k = 0; k < size; k++) {
    // Every lane's step k at once: exp and log1p over the lanes whose two operands take the log-add-exp formula.
    const at = (j: number) => (Math.floor(j / inner) * size + k) * inner + (j % inner);
    const formula: number[] = [];
    for (let j = 0; j < n; j++) {
      const x = t.data[at(j)];
      const y = cum[j];
      const mn = Number.isNaN(y) ? y : y < x ? y : x;
      const mx = Number.isNaN(y) ? y : x < y ? y : x;
      if (mn !== mx || Number.isFinite(mn)) {
        diff[formula.length] = mn - mx;
        formula.push(j);
        cum[j] = mx;
      } else cum[j] = x;
    }
    if (formula.length) {
      const l = mathOf("log1p", mathOf("exp", diff.slice(0, formula.length), 0), 0);
      formula.forEach((j, i) => (cum[j] = l[i] + cum[j]));
    }
    for (let j = 0; j < n; j++) out[at(j)] = cum[j];
  }
  return new PTensor(t.dtype, t.shape.slice(), out);
}

/** logcumsumexp(dim): LogcumsumexpBackward0 (logcumsumexp_backward: the gradient's positive and negative parts
 *  each through a reversed logcumsumexp, in log space). */
export function logcumsumexp(t: PTensor, dim: number): PTensor {
  const result = logcumsumexpRaw(t, dim);
  return track(result, "LogcumsumexpBackward0", [t], (g) => {
    if (g.ndim === 0 || g.numel === 0) return [g];
    const d = normDim(dim, t.ndim);
    const lowest = full([], g.dtype === "float32" ? -3.4028234663852886e38 : -Number.MAX_VALUE, g.dtype);
    const zero = { value: 0, kind: "int" as const };
    const logAbs = unary("log", unary("abs", g));
    const part = (sign: ">" | "<") => {
      const lg = where(binary(sign, g, zero), logAbs, lowest);
      const rev = flip(logcumsumexpRaw(flip(binary("-", lg, result), [d]), d), [d]);
      return unary("exp", binary("+", rev, t));
    };
    return [binary("-", part(">"), part("<"))];
  });
}

/** cummax / cummin(dim): (values, indices), CummaxBackward0 / CumminBackward0 (the gradient scatter-added to
 *  each output's index, in order). */
export function cumExtreme(t: PTensor, dim: number, which: "max" | "min"): [PTensor, PTensor] {
  // An empty input returns before its dim is checked (ATen's cummax_cummin_helper is never reached).
  if (t.numel === 0) return [new PTensor(t.dtype, t.shape.slice(), storage(t.dtype, 0, true)), new PTensor("int64", t.shape.slice(), storage("int64", 0, true))];
  budget().charge(t.numel);
  const { outer, size, inner } = lanes(t, dim);
  const vals = storage(t.dtype, t.numel, true);
  const idx = storage("int64", t.numel, true);
  const better = which === "max" ? (x: number, y: number) => x >= y : (x: number, y: number) => x <= y;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = t.data[o * size * inner + i];
      let bi = 0;
      for (let k = 0; k < size; k++) {
        const at = (o * size + k) * inner + i;
        const x = t.data[at];
        if (Number.isNaN(x) || (!Number.isNaN(best) && better(x, best))) {
          best = x;
          bi = k;
        }
        vals[at] = best;
        idx[at] = bi;
      }
    }
  }
  const values = new PTensor(t.dtype, t.shape.slice(), vals);
  const indices = new PTensor("int64", t.shape.slice(), idx);
  if (!t.isFloat) return [values, indices];
  track(values, which === "max" ? "CummaxBackward0" : "CumminBackward0", [t], (g) => {
    if (t.numel === 0) return [g];
    const r = g.dtype === "float32" ? Math.fround : (x: number) => x;
    const gi = full(t.shape.slice(), 0, g.dtype);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        for (let k = 0; k < size; k++) {
          const at = (o * size + k) * inner + i;
          const to = (o * size + idx[at]) * inner + i;
          gi.data[to] = r(gi.data[to] + g.data[at]);
        }
      }
    }
    return [gi];
  });
  return [values, indices];
}
