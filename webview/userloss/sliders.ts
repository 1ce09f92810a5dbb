// The range of a user loss's parameter slider: pure, so the unit tests check it without a page.
import type { NumericParam } from "./api";

/** A slider range around a default: [0, 4·d] for positive ones (eps, gamma, smoothing), symmetric otherwise. */
export function sliderRange(p: NumericParam, value: number): { min: number; max: number; step: number } {
  const d = p.default;
  let min = d > 0 ? 0 : d < 0 ? 2 * d : 0;
  let max = d > 0 ? Math.max(4 * d, d < 0.5 ? 1 : 0) : d < 0 ? -2 * d : 1;
  min = Math.min(min, value);
  max = Math.max(max, value);
  // Any value: the default (eps = 1e-3) and the code's values stay exact; the drag is as smooth as the pixels.
  return { min, max, step: 0 };
}

