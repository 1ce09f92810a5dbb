// Bars of a computed case's per-element values (loss per element, its gradient): drawn once per case, on one
// canvas, with a tooltip naming the element under the pointer.
import type { Palette } from "../theme";
import { extent } from "./decimate";
import { Box, drawFrame, Layer, layoutAxes, toPx, toPy, yTickCount, type Axes } from "./frame";
import { niceStep, niceTicks, valueLabel, type Ticks } from "./ticks";
import { Tooltip, trackPointer } from "./tooltip";

/** Element indices every `step` (a whole number: 1, 2, 5, 10, 20, 25, 50...), for `n` bars. */
function indexTicks(n: number, count: number): Ticks {
  let step = Math.max(1, niceStep(n / Math.max(1, count)));
  if (!Number.isInteger(step)) step = Math.ceil(step);
  const values: number[] = [];
  for (let v = 0; v < n; v += step) values.push(v);
  return { min: -0.5, max: n - 0.5, step, values };
}

export class BarsChart {
  private readonly box: Box;
  private readonly base: Layer;
  private readonly tip: Tooltip;
  private palette: Palette;
  private values: ArrayLike<number> = [];
  private labels: string[] = [];
  private axes: Axes | null = null;

  constructor(
    figure: HTMLElement,
    canvas: HTMLCanvasElement,
    palette: Palette,
    private title: string,
    private readonly xTitle: string,
    private readonly colourIndex: number,
  ) {
    this.palette = palette;
    this.base = new Layer(canvas, true);
    this.tip = new Tooltip(figure);
    this.box = new Box(figure, () => this.render());
    trackPointer(canvas, (at) => this.hover(at));
  }

  update(labels: string[], values: ArrayLike<number>): void {
    this.labels = labels;
    this.values = values;
    this.render();
  }

  setYTitle(text: string): void {
    this.title = text;
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.render();
  }

  private get colour(): string {
    return this.palette.series[this.colourIndex % this.palette.series.length];
  }

  private render(): void {
    if (!this.box.visible) return;
    const { w, h } = this.box;
    const p = this.palette;
    const n = this.values.length;
    let [lo, hi] = extent(this.values);
    if (!(lo <= hi)) [lo, hi] = [0, 1];
    // Bars start at zero: the axis includes it.
    const y = niceTicks(Math.min(0, lo), Math.max(0, hi), yTickCount(p, h), true);
    const a = layoutAxes(this.base.ctx, p, w, h, y, [-0.5, n - 0.5], (count) => indexTicks(n, count));
    this.axes = a;
    this.base.fit(this.box);
    const ctx = this.base.begin(this.box);
    drawFrame(ctx, p, a, w, h, this.title, this.xTitle);
    ctx.fillStyle = this.colour;
    const slot = a.area.width / Math.max(1, n);
    // A gap of about a quarter of the slot between bars.
    const bw = Math.max(1, slot * 0.72);
    const zero = toPy(a, 0);
    for (let i = 0; i < n; i++) {
      const v = this.values[i];
      if (!Number.isFinite(v)) continue;
      const top = toPy(a, v);
      ctx.fillRect(toPx(a, i) - bw / 2, Math.min(top, zero), bw, Math.abs(zero - top));
    }
  }

  private hover(at: { x: number; y: number } | null): void {
    const a = this.axes;
    const n = this.values.length;
    if (!at || !a || !n || at.x < a.area.left || at.x > a.area.left + a.area.width || at.y < a.area.top || at.y > a.area.top + a.area.height) {
      this.tip.hide();
      return;
    }
    const i = Math.min(n - 1, Math.max(0, Math.floor(((at.x - a.area.left) / a.area.width) * n)));
    this.tip.show(`${this.xTitle} ${this.labels[i] ?? i}`, [{ colour: this.colour, text: `${this.title}: ${valueLabel(this.values[i])}` }], at.x, at.y, at.x > this.box.w / 2, at.y > this.box.h / 2);
  }

  /** The chart as drawn (device pixels): what Export PNG saves. */
  image(): HTMLCanvasElement | null {
    return this.box.visible && this.axes ? this.base.canvas : null;
  }
}
