// A loss or gradient plot on two stacked canvases. The frame layer holds what a drag leaves alone (background,
// grid, axes, tick labels, the curves that did not change: built-ins, kept curves); the live layer above holds
// the curves that change, the case's marks, the x title (it names the slider values) and the hover markers.
// A frame of a drag redraws only the live layer; the frame layer is redrawn when the ticks move (the value axis
// is widened to round ticks, so it moves rarely), on resize, on a theme change, or when another curve changes.
import type { Palette } from "../theme";
import { decimate, extent, type Decimated } from "./decimate";
import { Box, drawFrame, drawXTitle, Layer, layoutAxes, toPx, toPy, yTickCount, type Axes } from "./frame";
import { niceTicks, valueLabel } from "./ticks";
import { Tooltip, trackPointer, type TipRow } from "./tooltip";

/** One curve (or the case's marks): x ascending for curves. The arrays are read, never changed, and a series
 *  with the same arrays as in the last frame is taken to be unchanged. */
export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** What the charts hold, as the tests read them. */
export interface ChartDump {
  label: string;
  colour: string;
  scatter: boolean;
  points: [number, number][];
}

const extents = new WeakMap<object, [number, number]>();
/** An array's finite extent, computed once per array (the unchanged curves of a drag cost nothing). */
function extentOf(v: ArrayLike<number>): [number, number] {
  let e = extents.get(v);
  if (!e) {
    e = extent(v);
    extents.set(v, e);
  }
  return e;
}

/** Index of the x nearest `v` in an ascending array, or -1 for an empty one. */
export function nearestIndex(x: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= v) lo = mid;
    else hi = mid;
  }
  return Math.abs(x[hi] - v) < Math.abs(x[lo] - v) ? hi : lo;
}

const MARK_RADIUS = 5;

export class CurveChart {
  private readonly box: Box;
  private readonly base: Layer;
  private readonly live: Layer;
  private readonly tip: Tooltip;
  private palette: Palette;
  private series: Series[] = [];
  private marks: Series | null = null;
  private title = "";
  /** The series as last drawn: a series is unchanged when its label and arrays are the same objects. */
  private shown: Series[] = [];
  /** Series 0..split are drawn on the live layer, the rest on the frame layer. */
  private split = -1;
  private axes: Axes | null = null;
  private axesKey = "";
  private baseValid = false;
  private paletteVersion = 0;
  /** Decimated points per series index, kept while its arrays and the plot width stay. */
  private drawings: ({ x: ArrayLike<number>; y: ArrayLike<number>; buckets: number; d: Decimated } | undefined)[] = [];
  private pointer: { x: number; y: number } | null = null;
  /** How often each layer was drawn (the test checks that a drag redraws the frame layer rarely). */
  readonly stats = { base: 0, live: 0 };

  constructor(
    figure: HTMLElement,
    canvas: HTMLCanvasElement,
    palette: Palette,
    private readonly yTitle: string,
  ) {
    this.palette = palette;
    this.base = new Layer(canvas, true);
    const top = document.createElement("canvas");
    top.className = "live";
    top.setAttribute("aria-hidden", "true");
    figure.append(top);
    this.live = new Layer(top, false);
    this.tip = new Tooltip(figure);
    this.box = new Box(figure, () => {
      this.baseValid = false;
      this.render();
    });
    trackPointer(top, (at) => {
      this.pointer = at;
      this.drawLive();
    });
  }

  /** The x axis title, drawn with the next update (it is on the live layer: changing it redraws nothing else). */
  setXTitle(text: string): void {
    this.title = text;
  }

  get xTitle(): string {
    return this.title;
  }

  /** Replaces the curves and the case's marks and draws now. */
  update(series: Series[], marks: Series | null): void {
    this.series = series;
    this.marks = marks;
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.paletteVersion++;
    this.baseValid = false;
    this.render();
  }

  private colour(i: number): string {
    const s = this.palette.series;
    return s[i % s.length];
  }

  /** Later curves are drawn wider beneath: one that coincides with an earlier one (Huber under SmoothL1 at
   *  beta = delta = 1) still shows around it. */
  private width(i: number): number {
    return this.palette.lineWidth + 1.5 * i;
  }

  private render(): void {
    if (!this.box.visible) return;
    const { w, h, pw, ph } = this.box;
    const p = this.palette;
    let xlo = Infinity;
    let xhi = -Infinity;
    let ylo = Infinity;
    let yhi = -Infinity;
    for (const s of this.marks ? [...this.series, this.marks] : this.series) {
      const [a, b] = extentOf(s.y);
      if (!(a <= b)) continue; // no finite value: nothing to place
      const [c, d] = extentOf(s.x);
      xlo = Math.min(xlo, c);
      xhi = Math.max(xhi, d);
      ylo = Math.min(ylo, a);
      yhi = Math.max(yhi, b);
    }
    if (!(xlo <= xhi)) [xlo, xhi] = [0, 1];
    if (!(ylo <= yhi)) [ylo, yhi] = [0, 1];
    const y = niceTicks(ylo, yhi, yTickCount(p, h), true);
    const key = [w, h, pw, ph, y.min, y.max, y.step, xlo, xhi, this.paletteVersion].join();
    if (key !== this.axesKey || !this.axes) {
      this.axes = layoutAxes(this.base.ctx, p, w, h, y, [xlo, xhi]);
      this.axesKey = key;
      this.baseValid = false;
    }
    // The highest index that changed: it and everything above it (lower indices) go on the live layer.
    const n = this.series.length;
    let changed = -1;
    if (this.shown.length !== n) changed = n - 1;
    else {
      for (let i = n - 1; i >= 0; i--) {
        const a = this.series[i];
        const b = this.shown[i];
        if (a.x !== b.x || a.y !== b.y || a.label !== b.label) {
          changed = i;
          break;
        }
      }
    }
    if (changed >= 0 && changed !== this.split) {
      this.split = changed;
      this.baseValid = false;
    }
    this.split = Math.min(this.split, n - 1);
    this.shown = this.series.slice();
    if (!this.baseValid) this.drawBase();
    this.drawLive();
  }

  private drawBase(): void {
    const a = this.axes;
    if (!a) return;
    const { w, h } = this.box;
    this.base.fit(this.box);
    const ctx = this.base.begin(this.box);
    drawFrame(ctx, this.palette, a, w, h, this.yTitle, null);
    this.clip(ctx, a);
    for (let i = this.series.length - 1; i > this.split; i--) this.drawSeries(ctx, a, i);
    ctx.restore();
    this.baseValid = true;
    this.stats.base++;
  }

  private drawLive(): void {
    const a = this.axes;
    if (!a || !this.box.visible) return;
    const { w, h } = this.box;
    this.live.fit(this.box);
    const ctx = this.live.begin(this.box);
    this.clip(ctx, a);
    for (let i = this.split; i >= 0; i--) this.drawSeries(ctx, a, i);
    if (this.marks) this.drawMarks(ctx, a, this.marks);
    ctx.restore();
    drawXTitle(ctx, this.palette, a, w, h, this.title);
    if (this.pointer) this.drawHover(ctx, a, this.pointer);
    else this.tip.hide();
    this.stats.live++;
  }

  /** Clips to the plot area, with room for half the widest line at its edges. */
  private clip(ctx: CanvasRenderingContext2D, a: Axes): void {
    const pad = this.width(Math.max(0, this.series.length - 1)) / 2 + 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.area.left - pad, a.area.top - pad, a.area.width + 2 * pad, a.area.height + 2 * pad);
    ctx.clip();
  }

  private points(i: number, a: Axes): Decimated {
    const s = this.series[i];
    // About one point per pixel column: the lowest and highest of every two.
    const buckets = Math.max(50, Math.floor(a.area.width / 2));
    let d = this.drawings[i];
    if (!d || d.x !== s.x || d.y !== s.y || d.buckets !== buckets) {
      d = { x: s.x, y: s.y, buckets, d: decimate(s.x, s.y, buckets, d?.d.pts) };
      this.drawings[i] = d;
    }
    return d.d;
  }

  private drawSeries(ctx: CanvasRenderingContext2D, a: Axes, i: number): void {
    const { pts, n } = this.points(i, a);
    const { left, top, width, height } = a.area;
    const sx = width / (a.x.max - a.x.min || 1);
    const sy = height / (a.y.max - a.y.min || 1);
    const x0 = a.x.min;
    const y1 = a.y.max;
    ctx.strokeStyle = this.colour(i);
    ctx.lineWidth = this.width(i);
    // Round joins: where several points share a pixel column the line goes up, down and back, and a mitred
    // thick line would show a spike at each such turn.
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    ctx.beginPath();
    let pen = false;
    for (let k = 0; k < n; k++) {
      const y = pts[2 * k + 1];
      if (y !== y) {
        pen = false; // a gap
        continue;
      }
      const px = left + (pts[2 * k] - x0) * sx;
      const py = top + (y1 - y) * sy;
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
  }

  /** A rotated cross per element of the case. */
  private drawMarks(ctx: CanvasRenderingContext2D, a: Axes, m: Series): void {
    ctx.strokeStyle = this.palette.mark;
    ctx.lineWidth = 2;
    ctx.lineCap = "butt";
    ctx.beginPath();
    const r = MARK_RADIUS * Math.SQRT1_2;
    const n = Math.min(m.x.length, m.y.length);
    for (let i = 0; i < n; i++) {
      const x = m.x[i];
      const y = m.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const px = toPx(a, x);
      const py = toPy(a, y);
      ctx.moveTo(px - r, py - r);
      ctx.lineTo(px + r, py + r);
      ctx.moveTo(px - r, py + r);
      ctx.lineTo(px + r, py - r);
    }
    ctx.stroke();
  }

  /** The values at the x nearest the pointer (every curve's), the nearest mark within reach, and their dots. */
  private drawHover(ctx: CanvasRenderingContext2D, a: Axes, at: { x: number; y: number }): void {
    const { left, top, width, height } = a.area;
    if (at.x < left - 4 || at.x > left + width + 4 || at.y < top - 4 || at.y > top + height + 4) {
      this.tip.hide();
      return;
    }
    const v = a.x.min + ((at.x - left) / width) * (a.x.max - a.x.min);
    const rows: TipRow[] = [];
    const dots: [number, number, string][] = [];
    let title = "";
    let guide = NaN;
    this.series.forEach((s, i) => {
      const k = nearestIndex(s.x, v);
      if (k < 0) return;
      const y = s.y[k];
      if (!title) {
        title = `x = ${valueLabel(s.x[k])}`;
        guide = toPx(a, s.x[k]);
      }
      rows.push({ colour: this.colour(i), text: `${s.label}: ${valueLabel(y)}` });
      if (Number.isFinite(y)) dots.push([toPx(a, s.x[k]), toPy(a, y), this.colour(i)]);
    });
    const m = this.marks;
    if (m) {
      let best = -1;
      let bestD = (MARK_RADIUS + 3) ** 2;
      for (let i = 0; i < Math.min(m.x.length, m.y.length); i++) {
        const d = (toPx(a, m.x[i]) - at.x) ** 2 + (toPy(a, m.y[i]) - at.y) ** 2;
        if (d <= bestD) [best, bestD] = [i, d];
      }
      if (best >= 0) {
        rows.push({ colour: this.palette.mark, text: `${m.label}: (${valueLabel(m.x[best])}, ${valueLabel(m.y[best])})`, mark: true });
        if (!title) title = `x = ${valueLabel(m.x[best])}`;
      }
    }
    if (!rows.length) {
      this.tip.hide();
      return;
    }
    if (Number.isFinite(guide)) {
      ctx.strokeStyle = this.palette.muted;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(guide, top);
      ctx.lineTo(guide, top + height);
      ctx.stroke();
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = this.palette.background;
    // Curve 0 on top, as the curves are.
    for (const [x, y, c] of dots.reverse()) {
      ctx.fillStyle = c;
      ctx.beginPath();
      ctx.arc(x, y, 4, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    const { w, h } = this.box;
    this.tip.show(title, rows, at.x, at.y, at.x > w / 2, at.y > h / 2);
  }

  /** Both layers in one canvas (device pixels), without hover marks: what Export PNG saves. */
  image(): HTMLCanvasElement | null {
    if (!this.box.visible || !this.axes) return null;
    if (this.pointer) {
      this.pointer = null;
      this.drawLive();
    }
    const out = document.createElement("canvas");
    out.width = this.base.canvas.width;
    out.height = this.base.canvas.height;
    const ctx = out.getContext("2d") as CanvasRenderingContext2D;
    ctx.drawImage(this.base.canvas, 0, 0);
    ctx.drawImage(this.live.canvas, 0, 0);
    return out;
  }

  /** The curves and marks as drawn (every `every`-th point of each decimated curve). */
  dump(every = 1): ChartDump[] {
    const a = this.axes;
    const buckets = a ? Math.max(50, Math.floor(a.area.width / 2)) : 300;
    const out: ChartDump[] = this.series.map((s, i) => {
      const { pts, n } = decimate(s.x, s.y, buckets);
      const points: [number, number][] = [];
      // A curve PyTorch rejects (its error is shown below the charts) keeps its legend entry, not its gaps.
      const any = Number.isFinite(extentOf(s.y)[0]);
      for (let k = 0; any && k < n; k += every) points.push([pts[2 * k], pts[2 * k + 1]]);
      return { label: s.label, colour: this.colour(i), scatter: false, points };
    });
    const m = this.marks;
    if (m) {
      const points: [number, number][] = [];
      for (let i = 0; i < Math.min(m.x.length, m.y.length); i += every) points.push([m.x[i], Number.isFinite(m.y[i]) ? m.y[i] : NaN]);
      out.push({ label: m.label, colour: this.palette.mark, scatter: true, points });
    }
    return out;
  }

  /** The axes as laid out (CSS pixels) and the device pixel ratio: a test maps values to pixels with them. */
  layout(): { area: Axes["area"]; x: { min: number; max: number; ticks: number[]; labels: string[] }; y: { min: number; max: number; ticks: number[]; labels: string[] }; dpr: number } | null {
    const a = this.axes;
    if (!a) return null;
    return {
      area: { ...a.area },
      x: { min: a.x.min, max: a.x.max, ticks: [...a.x.values], labels: [...a.xLabels] },
      y: { min: a.y.min, max: a.y.max, ticks: [...a.y.values], labels: [...a.yLabels] },
      dpr: this.box.dpr,
    };
  }
}
