// The canvas charts' pure parts (webview/chart/ticks.ts, decimate.ts): round ticks and their labels, the
// nearest-point search of the tooltip, and the decimation that draws 2,000 points as about one per pixel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decimate, extent } from "../../webview/chart/decimate";
import { nearestIndex } from "../../webview/chart/curves";
import { niceStep, niceTicks, tickLabels, valueLabel } from "../../webview/chart/ticks";

test("steps are 1, 2, 2.5 or 5 times a power of ten, the smallest at least the raw step", () => {
  const cases: [number, number][] = [
    [0.7, 1],
    [1, 1],
    [1.01, 2],
    [2, 2],
    [2.2, 2.5],
    [3, 5],
    [7, 10],
    [0.013, 0.02],
    [0.00024, 0.00025],
    [4.9e7, 5e7],
  ];
  for (const [raw, want] of cases) assert.equal(niceStep(raw), want, `niceStep(${raw})`);
});

test("a value axis widens to the ticks around the data; an x axis keeps the data's range", () => {
  // x² over [-3, 3] on ~8 intervals: 0..10 by 2 (9 would need a 1.25 step).
  assert.deepEqual(niceTicks(0, 9, 8, true), { min: 0, max: 10, step: 2, values: [0, 2, 4, 6, 8, 10] });
  assert.deepEqual(niceTicks(-3, 3, 6, false), { min: -3, max: 3, step: 1, values: [-3, -2, -1, 0, 1, 2, 3] });
  // The ticks inside an x range that does not start on one.
  assert.deepEqual(niceTicks(-2.7, 3.1, 6, false).values, [-2, -1, 0, 1, 2, 3]);
  // No binary noise: 0.1 steps are 0.3, not 0.30000000000000004.
  assert.deepEqual(niceTicks(0, 0.6, 6, true).values, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  // Negative data, and a drag that moves the data inside a tick keeps the axis.
  assert.deepEqual(niceTicks(-1, -0.02, 4, true), { min: -1, max: 0, step: 0.25, values: [-1, -0.75, -0.5, -0.25, 0] });
  assert.deepEqual(niceTicks(0.001, 2.99, 7, true), niceTicks(0.3, 2.9, 7, true));
});

test("a flat curve, an inverted or non-finite range still give an axis", () => {
  assert.deepEqual(niceTicks(2, 2, 5, true).values, [1.9, 1.95, 2, 2.05, 2.1]);
  assert.deepEqual([niceTicks(0, 0, 4, true).min, niceTicks(0, 0, 4, true).max], [-1, 1]);
  assert.deepEqual(niceTicks(3, -3, 6, false).values, [-3, -2, -1, 0, 1, 2, 3]);
  assert.deepEqual(niceTicks(NaN, Infinity, 4, true), { min: 0, max: 1, step: 0.25, values: [0, 0.25, 0.5, 0.75, 1] });
  // Ticks never run away on a range tiny beside its magnitude.
  assert.ok(niceTicks(1e10, 1e10 + 1e-6, 5, true).values.length <= 8);
});

test("tick labels carry the step's decimals, and exponents for extreme magnitudes", () => {
  assert.deepEqual(tickLabels([0, 0.25, 0.5, 0.75, 1], 0.25), ["0", "0.25", "0.5", "0.75", "1"]);
  assert.deepEqual(tickLabels([-1, -0.5, 0, 0.5], 0.5), ["-1", "-0.5", "0", "0.5"]);
  assert.deepEqual(tickLabels([0, 2.5, 5, 7.5], 2.5), ["0", "2.5", "5", "7.5"]);
  assert.deepEqual(tickLabels([-0.2, 0, 0.2], 0.2), ["-0.2", "0", "0.2"]);
  assert.deepEqual(tickLabels([0, 2000000, 4000000], 2000000), ["0", "2e+6", "4e+6"]);
  assert.deepEqual(tickLabels([0, 0.00002, 0.00004], 0.00002), ["0", "2e-5", "4e-5"]);
  assert.deepEqual(tickLabels([1, 1.00001, 1.00002], 0.00001), ["1", "1.00001", "1.00002"]);
  // The axis's own ticks label as the numbers they are.
  const t = niceTicks(-3, 3, 6, false);
  assert.deepEqual(tickLabels(t.values, t.step).map(Number), t.values);
});

test("tooltip values: six significant digits, inf and NaN by name", () => {
  assert.equal(valueLabel(0.1 + 0.2), "0.3");
  assert.equal(valueLabel(1 / 3), "0.333333");
  assert.equal(valueLabel(123456789), "123457000");
  assert.equal(valueLabel(-Infinity), "-inf");
  assert.equal(valueLabel(NaN), "NaN");
});

test("the nearest x of an ascending grid", () => {
  const xs = [-3, -1.5, 0, 1.5, 3];
  assert.equal(nearestIndex(xs, -10), 0);
  assert.equal(nearestIndex(xs, 0.7), 0 + 2);
  assert.equal(nearestIndex(xs, 0.8), 3);
  assert.equal(nearestIndex(xs, 99), 4);
  assert.equal(nearestIndex([], 1), -1);
  assert.equal(nearestIndex([5], 1), 0);
});

test("decimation keeps both ends, every bucket's extremes in x order, and the gaps", () => {
  const n = 2000;
  const x = Float64Array.from({ length: n }, (_, i) => -3 + (6 * i) / (n - 1));
  // A kink at one point (a spike) and a gap: both must survive.
  const y = Float64Array.from(x, (v) => v * v);
  y[777] = 50;
  y[1500] = NaN;
  y[1501] = Infinity;
  const { pts, n: k } = decimate(x, y, 100);
  assert.ok(k < 400, `${k} points for 100 buckets`);
  const px = Array.from({ length: k }, (_, i) => pts[2 * i]);
  const py = Array.from({ length: k }, (_, i) => pts[2 * i + 1]);
  assert.deepEqual([px[0], px[k - 1]], [x[0], x[n - 1]]);
  for (let i = 1; i < k; i++) assert.ok(px[i] > px[i - 1], "x ascending");
  assert.ok(py.includes(50), "the spike");
  const gap = px.indexOf(x[1500]);
  assert.ok(gap > 0 && Number.isNaN(py[gap]), "the gap, as NaN");
  assert.ok(!py.some((v) => v === Infinity), "no infinity drawn");
  // Every bucket's lowest and highest finite value is among the drawn points.
  for (let b = 0; b < 100; b++) {
    const lo = b * 20;
    const slice = Array.from(y.subarray(lo, lo + 20)).filter(Number.isFinite);
    for (const v of [Math.min(...slice), Math.max(...slice)]) assert.ok(py.includes(v), `bucket ${b} keeps ${v}`);
  }
  // Short curves are copied whole; a given buffer is reused.
  const buffer = new Float64Array(10);
  const small = decimate([0, 1, 2], [1, NaN, 3], 100, buffer);
  assert.equal(small.pts, buffer);
  assert.deepEqual(Array.from(small.pts.subarray(0, 6)), [0, 1, 1, NaN, 2, 3]);
});

test("an extent skips infinities and NaN; none finite is NaN", () => {
  assert.deepEqual(extent([3, NaN, -Infinity, 1, Infinity, 2]), [1, 3]);
  assert.deepEqual(extent([NaN, NaN]), [NaN, NaN]);
  assert.deepEqual(extent([]), [NaN, NaN]);
});
