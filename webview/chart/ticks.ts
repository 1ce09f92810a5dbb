// Axis ticks at round numbers (1, 2, 2.5 or 5 times a power of ten) and their labels. Pure: the unit tests check
// them without a page, and the charts compute them only when an axis's range or size changes.

export interface Ticks {
  /** The axis range: the data's, or (extended) out to the ticks around it. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** The smallest of 1, 2, 2.5, 5 x 10^k that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const e = Math.floor(Math.log10(raw));
  const base = 10 ** e;
  const f = raw / base;
  // (1 + 1e-9: a raw step of exactly 2 x 10^k must not become 2.5 x 10^k through rounding.)
  const m = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 2.5 + 1e-9 ? 2.5 : f <= 5 + 1e-9 ? 5 : 10;
  return m * base;
}

/** `v` without the binary noise of k x step (0.30000000000000004 -> 0.3). */
const clean = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(12)));

/**
 * Ticks over [lo, hi], at most `count` intervals. `extend` widens the range out to the ticks around the data
 * (a value axis: the range then changes only when the data crosses a tick, so a drag rarely moves the axes);
 * otherwise the range is the data's and the ticks lie inside it (the x axis: the curve spans the whole width).
 */
export function niceTicks(lo: number, hi: number, count: number, extend: boolean): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi < lo) [lo, hi] = [hi, lo];
  // A flat curve (or one value): a range around it, as wide as the value is far from 0.
  if (hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-12) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= d;
    hi += d;
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  let k0 = Math.ceil(lo / step - 1e-9);
  let k1 = Math.floor(hi / step + 1e-9);
  if (extend) {
    k0 = Math.floor(lo / step + 1e-9);
    k1 = Math.ceil(hi / step - 1e-9);
  }
  const values: number[] = [];
  for (let k = k0; k <= k1; k++) values.push(clean(k * step));
  return extend ? { min: clean(k0 * step), max: clean(k1 * step), step, values } : { min: lo, max: hi, step, values };
}

/**
 * Labels for ticks `step` apart: as many decimals as the step needs (0.25 -> 2), trailing zeros dropped,
 * exponent notation for very large or very small numbers (1e+6, 2.5e-5), "0" for the tick at zero.
 */
export function tickLabels(values: readonly number[], step: number): string[] {
  const big = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (big >= 1e6 || (step < 1e-4 && big < 1e-3) || step < 1e-6) {
    // Significant digits: enough to tell neighbours apart at this magnitude.
    const digits = Math.min(15, Math.max(1, Math.ceil(Math.log10((big || step) / step) + 1e-9) + 1));
    return values.map((v) => (v === 0 ? "0" : v.toExponential(digits - 1).replace(/\.?0+e/, "e")));
  }
  const decimals = Math.min(20, Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (niceMantissa(step) === 2.5 ? 1 : 0)));
  return values.map((v) => {
    const s = v.toFixed(decimals);
    const t = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
    return t === "-0" ? "0" : t;
  });
}

const niceMantissa = (step: number) => Math.round((step / 10 ** Math.floor(Math.log10(step) + 1e-9)) * 10) / 10;

/** A data value in a tooltip: six significant digits, no binary noise. */
export function valueLabel(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return String(Number(v.toPrecision(6)));
}
