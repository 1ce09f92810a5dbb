// Reads a chart's pixels in the page, as the screen shows them: every canvas of a figure composited in order
// (the frame layer, the live layer above it). Tests map values to pixels with the chart's reported axes and
// check the colours there; nothing here knows how the chart draws.
import type { Page } from "playwright-core";

export type Rgb = [number, number, number];

/** A point in CSS pixels from the figure's top left. */
export type Css = [number, number];

export interface ChartLayout {
  area: { left: number; top: number; width: number; height: number };
  x: { min: number; max: number; ticks: number[]; labels: string[] };
  y: { min: number; max: number; ticks: number[]; labels: string[] };
}

/** Where (x, y) is drawn, in CSS pixels from the figure's top left, by the axes' own ranges. */
export function cssAt(l: ChartLayout, x: number, y: number): Css {
  return [l.area.left + ((x - l.x.min) / (l.x.max - l.x.min)) * l.area.width, l.area.top + ((l.y.max - y) / (l.y.max - l.y.min)) * l.area.height];
}

export const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/**
 * For each point: whether a pixel of exactly `rgb` lies within `radius` device pixels of it, in the composited
 * figure `selector`. Also returns the backing size and the figure's CSS size.
 */
export async function colourNear(page: Page, selector: string, points: Css[], rgb: Rgb, radius: number): Promise<{ hits: boolean[]; width: number; height: number; cssWidth: number; cssHeight: number }> {
  return page.evaluate(
    ({ selector, points, rgb, radius }) => {
      const figure = document.querySelector(selector) as HTMLElement;
      const layers = [...figure.querySelectorAll("canvas")];
      const { width, height } = layers[0];
      const copy = document.createElement("canvas");
      copy.width = width;
      copy.height = height;
      const ctx = copy.getContext("2d", { willReadFrequently: true }) as CanvasRenderingContext2D;
      for (const c of layers) ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, width, height).data;
      const box = figure.getBoundingClientRect();
      const sx = width / box.width;
      const sy = height / box.height;
      const hits = points.map(([x, y]) => {
        const cx = Math.floor(x * sx);
        const cy = Math.floor(y * sy);
        for (let j = cy - radius; j <= cy + radius; j++) {
          for (let i = cx - radius; i <= cx + radius; i++) {
            if (i < 0 || j < 0 || i >= width || j >= height) continue;
            const o = (j * width + i) * 4;
            if (d[o] === rgb[0] && d[o + 1] === rgb[1] && d[o + 2] === rgb[2]) return true;
          }
        }
        return false;
      });
      return { hits, width, height, cssWidth: box.width, cssHeight: box.height };
    },
    { selector, points, rgb, radius },
  );
}

/** How many pixels of the composited figure (or of a PNG data URL's image) are exactly `rgb`. */
export async function countColour(page: Page, source: { figure: string } | { png: string }, rgb: Rgb): Promise<{ count: number; width: number; height: number }> {
  return page.evaluate(
    async ({ source, rgb }) => {
      let layers: CanvasImageSource[];
      let width: number;
      let height: number;
      if ("png" in source) {
        const img = new Image();
        img.src = source.png;
        await img.decode();
        layers = [img];
        [width, height] = [img.naturalWidth, img.naturalHeight];
      } else {
        const cs = [...(document.querySelector(source.figure) as HTMLElement).querySelectorAll("canvas")];
        layers = cs;
        [width, height] = [cs[0].width, cs[0].height];
      }
      const copy = document.createElement("canvas");
      copy.width = width;
      copy.height = height;
      const ctx = copy.getContext("2d", { willReadFrequently: true }) as CanvasRenderingContext2D;
      for (const c of layers) ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, width, height).data;
      let count = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2]) count++;
      return { count, width, height };
    },
    { source, rgb },
  );
}
