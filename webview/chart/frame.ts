// What both chart kinds share: canvases sized to their figure at the device pixel ratio (re-fitted on resize and
// on a ratio change, e.g. zoom or another screen), the axes' layout (measured only when the ticks change) and
// the static frame drawn from it: background, grid, axis lines, tick labels, titles.
import type { Palette } from "../theme";
import { niceTicks, tickLabels, type Ticks } from "./ticks";

/** The plot area inside the canvas, in CSS pixels. */
export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Axes {
  area: Area;
  x: Ticks;
  y: Ticks;
  xLabels: string[];
  yLabels: string[];
}

/** One canvas of a chart: `fit` sizes its backing store, `begin` clears it and scales drawing to CSS pixels. */
export class Layer {
  readonly ctx: CanvasRenderingContext2D;

  /** An opaque layer (the frame, which fills its background) spares the compositor a blend. */
  constructor(readonly canvas: HTMLCanvasElement, opaque: boolean) {
    this.ctx = canvas.getContext("2d", { alpha: !opaque }) as CanvasRenderingContext2D;
  }

  /** One backing pixel per device pixel of the figure: no resampling, so 1 px lines stay 1 px. */
  fit(box: Box): void {
    if (this.canvas.width !== box.pw) this.canvas.width = box.pw;
    if (this.canvas.height !== box.ph) this.canvas.height = box.ph;
  }

  begin(box: Box): CanvasRenderingContext2D {
    const { ctx, canvas } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(box.pw / box.w, 0, 0, box.ph / box.h, 0, 0);
    return ctx;
  }
}

/**
 * A figure's size in CSS pixels (w, h) and in device pixels (pw, ph: exact, from the observer's
 * device-pixel-content-box where the browser has it), and `onChange` after either changes: a resize, a zoom, a
 * move to a screen with another pixel ratio.
 */
export class Box {
  w = 0;
  h = 0;
  pw = 0;
  ph = 0;
  private readonly observer: ResizeObserver;
  private exact = false;

  constructor(
    private readonly figure: HTMLElement,
    private readonly onChange: () => void,
  ) {
    this.observer = new ResizeObserver((entries) => {
      const e = entries[entries.length - 1];
      const { width, height } = e.contentRect;
      // (Chromium's device-pixel box ignores an emulated ratio, e.g. a test's: trusted only when it agrees.)
      const d = e.devicePixelContentBoxSize?.[0];
      this.exact = !!d && Math.abs(d.inlineSize - width * ratio()) < 1.5 && Math.abs(d.blockSize - height * ratio()) < 1.5;
      if (this.exact && d) this.set(width, height, d.inlineSize, d.blockSize);
      else this.set(width, height);
    });
    try {
      this.observer.observe(figure, { box: "device-pixel-content-box" });
    } catch {
      this.observer.observe(figure);
    }
    this.watchRatio();
  }

  get dpr(): number {
    return this.w > 0 ? this.pw / this.w : ratio();
  }

  private set(w: number, h: number, pw = Math.round(w * ratio()), ph = Math.round(h * ratio())): void {
    if (w === this.w && h === this.h && pw === this.pw && ph === this.ph) return;
    Object.assign(this, { w, h, pw: Math.max(1, pw), ph: Math.max(1, ph) });
    this.onChange();
  }

  /** Without device-pixel boxes: a media query that stops matching when the ratio changes, re-armed each time. */
  private watchRatio(): void {
    if (typeof matchMedia !== "function") return;
    matchMedia(`(resolution: ${ratio()}dppx)`).addEventListener(
      "change",
      () => {
        if (!this.exact) this.set(this.w, this.h);
        this.watchRatio();
      },
      { once: true },
    );
  }

  get visible(): boolean {
    return this.w > 0 && this.h > 0 && !this.figure.hidden;
  }
}

const ratio = () => (typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1);

export const tickFont = (p: Palette) => `${p.fontSize - 1}px ${p.font}`;
export const titleFont = (p: Palette) => `${p.fontSize}px ${p.font}`;

const PAD = 8;

/** The plot area's top and bottom margins (they depend on the font only, never on the data). */
function verticalMargins(p: Palette): { top: number; bottom: number } {
  return { top: PAD + 2, bottom: p.fontSize - 1 + 6 + p.fontSize + 8 };
}

/** How many y intervals fit in `h` CSS pixels of chart: one per ~34 px, at least two. */
export function yTickCount(p: Palette, h: number): number {
  const { top, bottom } = verticalMargins(p);
  return Math.max(2, Math.floor((h - top - bottom) / 34));
}

/**
 * Lays the axes out: y ticks (given), the left margin from their widest label, then as many x ticks as fit
 * without their labels touching. Measures text: call it only when the ticks, size or font change.
 */
export function layoutAxes(ctx: CanvasRenderingContext2D, p: Palette, w: number, h: number, y: Ticks, xRange: [number, number], xTicks?: (count: number) => Ticks): Axes {
  const { top, bottom } = verticalMargins(p);
  ctx.font = tickFont(p);
  const yLabels = tickLabels(y.values, y.step);
  const yWidth = yLabels.reduce((m, s) => Math.max(m, ctx.measureText(s).width), 0);
  const left = PAD + p.fontSize + 6 + Math.ceil(yWidth) + 6;
  let right = PAD + 4;
  const width = Math.max(10, w - left - right);
  let count = Math.max(2, Math.floor(width / 70));
  let x = xTicks ? xTicks(count) : niceTicks(xRange[0], xRange[1], count, false);
  let xLabels = tickLabels(x.values, x.step);
  // Fewer x ticks while their labels would touch.
  for (;;) {
    const widest = xLabels.reduce((m, s) => Math.max(m, ctx.measureText(s).width), 0);
    if (count <= 2 || (width / Math.max(1, x.values.length)) >= widest + 12) {
      right = Math.max(right, Math.ceil(widest / 2) + 2);
      break;
    }
    count = Math.max(2, Math.floor(count / 2));
    x = xTicks ? xTicks(count) : niceTicks(xRange[0], xRange[1], count, false);
    xLabels = tickLabels(x.values, x.step);
  }
  const area = { left, top, width: Math.max(10, w - left - right), height: Math.max(10, h - top - bottom) };
  return { area, x, y, xLabels, yLabels };
}

export const toPx = (a: Axes, x: number) => a.area.left + ((x - a.x.min) / (a.x.max - a.x.min || 1)) * a.area.width;
export const toPy = (a: Axes, y: number) => a.area.top + ((a.y.max - y) / (a.y.max - a.y.min || 1)) * a.area.height;

/**
 * The static frame: the background (so an exported PNG reads outside VS Code), grid lines at the ticks, the
 * axis lines, tick labels and titles (`xTitle` null: drawn elsewhere, e.g. on a layer that changes per frame).
 */
export function drawFrame(ctx: CanvasRenderingContext2D, p: Palette, a: Axes, w: number, h: number, yTitle: string, xTitle: string | null): void {
  const { left, top, width, height } = a.area;
  // Background and lines in device pixels: the background fills every pixel (a CSS height of 356.6 px would
  // leave the last row half-filled over the canvas's black), and a line of whole device pixels centred on the
  // pixel grid is crisp at any ratio.
  const cw = ctx.canvas.width;
  const ch = ctx.canvas.height;
  const sx = cw / w;
  const sy = ch / h;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, cw, ch);
  const lw = Math.max(1, Math.round(sx));
  const at = (v: number, s: number) => Math.round(v * s) + (lw % 2 ? 0.5 : 0);
  const [x0, x1, y0, y1] = [left * sx, (left + width) * sx, top * sy, (top + height) * sy];
  ctx.lineWidth = lw;
  ctx.strokeStyle = p.grid;
  ctx.beginPath();
  for (const v of a.x.values) {
    const x = at(toPx(a, v), sx);
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y1);
  }
  for (const v of a.y.values) {
    const y = at(toPy(a, v), sy);
    ctx.moveTo(x0, y);
    ctx.lineTo(x1, y);
  }
  // The axis lines, at the area's left and bottom edges.
  ctx.moveTo(at(left, sx), y0);
  ctx.lineTo(at(left, sx), y1);
  ctx.moveTo(x0, at(top + height, sy));
  ctx.lineTo(x1, at(top + height, sy));
  ctx.stroke();
  ctx.restore();

  ctx.fillStyle = p.muted;
  ctx.font = tickFont(p);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  a.y.values.forEach((v, i) => ctx.fillText(a.yLabels[i], left - 6, toPy(a, v)));
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  a.x.values.forEach((v, i) => ctx.fillText(a.xLabels[i], toPx(a, v), top + height + 5));

  ctx.fillStyle = p.foreground;
  ctx.font = titleFont(p);
  ctx.save();
  ctx.translate(PAD, top + height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(yTitle, 0, 0, height);
  ctx.restore();
  if (xTitle !== null) drawXTitle(ctx, p, a, w, h, xTitle);
}

/** The x axis title, centred under the plot area; squeezed to the width rather than measured. */
export function drawXTitle(ctx: CanvasRenderingContext2D, p: Palette, a: Axes, w: number, h: number, text: string): void {
  ctx.fillStyle = p.foreground;
  ctx.font = titleFont(p);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(text, a.area.left + a.area.width / 2, h - 4, Math.max(10, w - 2 * PAD));
}
