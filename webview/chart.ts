// Chart.js, tree-shaken: only the line/scatter/bar pieces the playground draws (the legend is HTML, shared by
// both charts, see main.ts). Curves are updated in place
// (point objects reused, no animation) so a slider drag redraws within a frame.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from "chart.js";
import type { Palette } from "./theme";

Chart.register(LineController, ScatterController, BarController, LineElement, PointElement, BarElement, LinearScale, CategoryScale, Tooltip);

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

interface Pt {
  x: number;
  y: number;
}

/** Fills the canvas with the theme's background so an exported PNG is readable outside VS Code. */
const background: Plugin<"line" | "bar"> = {
  id: "lossLensBackground",
  beforeDraw(chart, _args, opts: { color?: string }) {
    if (!opts.color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = opts.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

function axisColours(p: Palette) {
  return {
    ticks: { color: p.muted, font: { family: p.font, size: p.fontSize - 1 } },
    grid: { color: p.grid },
    border: { color: p.grid },
    title: { display: true, color: p.foreground, font: { family: p.font, size: p.fontSize } },
  };
}

/**
 * Re-colours both axes of a chart for a new theme; `full` also restyles the axis border and the title's font
 * (the curve charts set them; the bar charts keep Chart.js's).
 */
function styleAxes(o: Chart["options"], p: Palette, full: boolean): void {
  const a = axisColours(p);
  for (const axis of [o.scales?.x, o.scales?.y]) {
    if (!axis) continue;
    Object.assign(axis.ticks ?? {}, a.ticks);
    Object.assign(axis.grid ?? {}, a.grid);
    if (full) Object.assign((axis as { border?: object }).border ?? {}, a.border);
    if ("title" in axis && axis.title) Object.assign(axis.title, full ? { color: a.title.color, font: a.title.font } : { color: a.title.color });
  }
}

/** A loss or gradient plot: one line per curve plus, optionally, the marked points of a computed case. */
export class CurveChart {
  readonly chart: Chart<"line", Pt[]>;
  private palette: Palette;

  constructor(canvas: HTMLCanvasElement, palette: Palette, yTitle: string) {
    this.palette = palette;
    const a = axisColours(palette);
    const config: ChartConfiguration<"line", Pt[]> = {
      type: "line",
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        interaction: { mode: "nearest", intersect: false, axis: "x" },
        scales: {
          // Flat tick labels: no rotation to fit on every frame of a drag.
          x: { type: "linear", ...a, ticks: { ...a.ticks, minRotation: 0, maxRotation: 0 }, title: { ...a.title, text: "x" } },
          y: { type: "linear", ...a, title: { ...a.title, text: yTitle } },
        },
        plugins: {
          tooltip: { enabled: true },
          // @ts-expect-error: the background plugin's options are ours
          lossLensBackground: { color: palette.background },
        },
      },
      plugins: [background as Plugin<"line">],
    };
    this.chart = new Chart(canvas, config);
  }

  setXTitle(text: string): void {
    const x = this.chart.options.scales?.x;
    if (x && "title" in x && x.title) x.title.text = text;
  }

  /** Replaces the curves (reusing point objects when the sizes match) and the case marks; draws now. */
  update(series: Series[], marks: Series | null): void {
    const p = this.palette;
    const wanted = series.length + (marks ? 1 : 0);
    const sets = this.chart.data.datasets;
    sets.length = Math.min(sets.length, wanted);
    series.forEach((s, i) => {
      const colour = p.series[i % p.series.length];
      let d = sets[i];
      if (!d || isScatter(d)) {
        // Round joins: where several points share a pixel column Chart.js draws the column's span (up, down, back),
        // and a mitred thick line would show a spike at each such turn.
        d = { type: "line", label: s.label, data: [], pointRadius: 0, pointHoverRadius: 3, tension: 0, borderJoinStyle: "round" } as (typeof sets)[number];
        sets[i] = d;
      }
      d.label = s.label;
      d.borderColor = colour;
      d.backgroundColor = colour;
      // Chart.js paints the first dataset on top: later curves are drawn wider beneath, so one that coincides
      // with an earlier one (Huber under SmoothL1 at beta = delta = 1) still shows around it.
      d.borderWidth = p.lineWidth + 1.5 * i;
      fillPoints(source(d), s.x, s.y, this.buckets());
      // A curve PyTorch rejects (its error is shown below the charts) keeps its legend entry, not 2,000 gaps.
      if (source(d).every((q) => Number.isNaN(q.y))) source(d).length = 0;
    });
    if (marks) {
      const i = series.length;
      let d = sets[i];
      if (!d || !isScatter(d)) {
        d = { type: "scatter", label: marks.label, data: [], pointRadius: 5, pointHoverRadius: 7, showLine: false } as unknown as (typeof sets)[number];
        sets[i] = d;
      }
      d.label = marks.label;
      d.borderColor = p.mark;
      d.backgroundColor = p.mark;
      (d as unknown as { pointStyle: string }).pointStyle = "crossRot";
      d.borderWidth = 2;
      fillPoints(source(d), marks.x, marks.y);
    }
    this.chart.update("none");
  }

  /** Two points (the min and the max) per bucket of two pixel columns: about one point per pixel. */
  private buckets(): number {
    const w = this.chart.chartArea?.width || this.chart.width || 600;
    return Math.max(50, Math.floor(w / 2));
  }

  setPalette(p: Palette): void {
    this.palette = p;
    const o = this.chart.options;
    styleAxes(o, p, true);
    (o.plugins as Record<string, unknown>).lossLensBackground = { color: p.background };
    this.chart.data.datasets.forEach((d, i) => {
      const c = isScatter(d) ? p.mark : p.series[i % p.series.length];
      d.borderColor = c;
      d.backgroundColor = c;
      if (!isScatter(d)) d.borderWidth = p.lineWidth + 1.5 * i;
    });
    this.chart.update("none");
  }

  destroy(): void {
    this.chart.destroy();
  }
}

const isScatter = (d: object) => (d as { type?: string }).type === "scatter";

/** A dataset's points (were Chart.js's decimation on, `data` would read its copy and `_data` hold ours). */
export function source(d: { data: Pt[] }): Pt[] {
  return (d as { _data?: Pt[] })._data ?? d.data;
}

/**
 * Copies a curve into the chart's points. Non-finite values become gaps (NaN) so one inf cannot flatten the
 * axis. With `buckets`, each bucket of x keeps its lowest and highest point (in x order) and a gap if it has
 * one: the drawn line keeps every extreme and kink of the 2,000 computed points at a fraction of the cost.
 */
function fillPoints(data: Pt[], x: ArrayLike<number>, y: ArrayLike<number>, buckets = Infinity): void {
  const n = Math.min(x.length, y.length);
  let k = 0;
  let last = -1;
  const put = (i: number) => {
    if (i === last) return;
    last = i;
    const yi = Number.isFinite(y[i]) ? y[i] : NaN;
    const pt = data[k];
    if (pt) {
      pt.x = x[i];
      pt.y = yi;
    } else data[k] = { x: x[i], y: yi };
    k++;
  };
  if (n <= 2 * buckets) {
    for (let i = 0; i < n; i++) put(i);
  } else {
    // Both ends exactly, so the curve spans the whole x range.
    put(0);
    const size = n / buckets;
    for (let b = 0; b < buckets; b++) {
      const lo = Math.floor(b * size);
      const hi = b === buckets - 1 ? n : Math.floor((b + 1) * size);
      let min = -1;
      let max = -1;
      let gap = -1;
      for (let i = lo; i < hi; i++) {
        const v = y[i];
        if (!Number.isFinite(v)) {
          if (gap < 0) gap = i;
          continue;
        }
        if (min < 0 || v < y[min]) min = i;
        if (max < 0 || v > y[max]) max = i;
      }
      const a = Math.min(min, max);
      const z = Math.max(min, max);
      // In x order: the gap (if any) where it falls relative to the extremes.
      if (gap >= 0 && (a < 0 || gap < a)) put(gap);
      if (a >= 0) put(a);
      if (gap >= 0 && a >= 0 && gap > a && gap < z) put(gap);
      if (z >= 0) put(z);
      if (gap >= 0 && z >= 0 && gap > z) put(gap);
    }
    put(n - 1);
  }
  data.length = k;
}

/** Bars of a computed case's per-element values. */
export class BarsChart {
  readonly chart: Chart<"bar", number[], string>;

  constructor(canvas: HTMLCanvasElement, palette: Palette, title: string, xTitle: string, colourIndex: number) {
    const a = axisColours(palette);
    const colour = palette.series[colourIndex % palette.series.length];
    this.chart = new Chart(canvas, {
      type: "bar",
      data: { labels: [], datasets: [{ label: title, data: [], backgroundColor: colour, borderColor: colour }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { ...a, title: { ...a.title, text: xTitle } }, y: { ...a, title: { ...a.title, text: title } } },
        plugins: {
          // @ts-expect-error: the background plugin's options are ours
          lossLensBackground: { color: palette.background },
        },
      },
      plugins: [background as Plugin<"bar">],
    });
    this.colourIndex = colourIndex;
  }

  private colourIndex: number;

  update(labels: string[], values: ArrayLike<number>): void {
    this.chart.data.labels = labels;
    this.chart.data.datasets[0].data = Array.from(values, (v) => (Number.isFinite(v) ? v : NaN));
    this.chart.update("none");
  }

  setPalette(p: Palette): void {
    const o = this.chart.options;
    styleAxes(o, p, false);
    (o.plugins as Record<string, unknown>).lossLensBackground = { color: p.background };
    const c = p.series[this.colourIndex % p.series.length];
    this.chart.data.datasets[0].backgroundColor = c;
    this.chart.data.datasets[0].borderColor = c;
    this.chart.update("none");
  }

  destroy(): void {
    this.chart.destroy();
  }
}
