// A reduction's gradient expanded back over the reduced dimension: at once (expandDim), or as a view of size 1 there
// (broadcastGrad) that autograd materializes only when a backward needs the whole gradient. Where two gradients
// meet (a tensor summed and also used elsewhere, as a label-smoothing loss's log-probabilities), the addition
// broadcasts the view instead: one full-size array fewer, the same bits (x + v in every element either way).
import { full, numelOf, PTensor, splitAt, storage } from "./core";
import { broadcastTo } from "./shape";
import { markExpanded } from "./sumto";
import { wasmBinary } from "./wasm";

/**
 * Expands g (the reduced shape) back over dimension d of shape: each value repeated, as 1 * g broadcast is
 * (-0 and NaN included).
 */
export function expandDim(g: PTensor, shape: number[], d: number | null): PTensor {
  const split = d === null ? null : splitAt(shape, d);
  if (split && split.inner === 1 && split.size < 64 && g.isFloat) {
    // Each of g's values over a short row (a class dimension) as 1 * g broadcast, in the kernels: a JS loop over
    // rows of 10 cost 6 ns an element. Long rows take one fill() each below.
    const fast = wasmBinary("*", new PTensor(g.dtype, [split.outer, 1], g.data), full([], 1, g.dtype), [split.outer, split.size], g.dtype, false);
    if (fast) {
      fast.shape = shape;
      fast.numpy = g.numpy;
      fast.random = g.random;
      return fast;
    }
  }
  const out = new PTensor(g.dtype, shape, storage(g.dtype, numelOf(shape), true)); // every element written below
  out.numpy = g.numpy;
  out.random = g.random;
  if (!split) {
    out.data.fill(g.data[0]);
    return out;
  }
  const { outer, size, inner } = split;
  const src = g.data;
  const dst = out.data;
  if (inner === 1) {
    // Short rows (a class dimension) by a plain loop: a fill() call per row costs more than the row.
    for (let o = 0, base = 0; o < outer; o++, base += size) {
      const v = src[o];
      if (size < 64) for (let k = base; k < base + size; k++) dst[k] = v;
      else dst.fill(v, base, base + size);
    }
    return out;
  }
  for (let o = 0; o < outer; o++) {
    // One view per row of g, made only where rows are copied whole (a view per short row cost more than its copy).
    const row = src.subarray(o * inner, (o + 1) * inner);
    const base = o * size * inner;
    for (let k = 0; k < size; k++) dst.set(row, base + k * inner);
  }
  return out;
}

/** g (the reduced shape) as a view broadcastable to shape: size 1 over dimension d (every dimension for d null). */
export function broadcastGrad(g: PTensor, shape: number[], d: number | null): PTensor {
  const view = new PTensor(g.dtype, shape.map((n, i) => (d === null || i === d ? 1 : n)), g.data);
  view.numpy = g.numpy;
  view.random = g.random;
  return view;
}

/** A gradient of fewer elements than its tensor (a broadcastGrad view, or a sum of them) expanded to the tensor's
 *  shape: its dimensions of size 1 repeated. */
export function wholeGrad(g: PTensor, shape: number[]): PTensor {
  if (g.numel === numelOf(shape)) return g;
  const out = wholeOf(g, shape);
  // A sum's gradient is PyTorch's expand (stride 0 where repeated), which a sum_to reduces in its own order.
  if (sumGradViews.has(g)) markExpanded(out, shape.map((s, i) => g.numel === 1 || g.ndim !== shape.length || g.shape[i] !== s));
  return out;
}

function wholeOf(g: PTensor, shape: number[]): PTensor {
  if (g.numel === 1) return expandDim(g, shape, null);
  const differ = shape.map((s, i) => g.shape[i] !== s);
  if (g.ndim === shape.length && differ.filter(Boolean).length === 1) return expandDim(g, shape, differ.indexOf(true));
  // Several dimensions to repeat (not made by autograd today): the general broadcast copy.
  const out = broadcastTo(g, shape);
  out.numpy = g.numpy;
  out.random = g.random;
  return out;
}

/** broadcastGrad views of a sum's gradient (a mean's divides after expanding: a contiguous tensor in PyTorch). */
const sumGradViews = new WeakSet<PTensor>();

/** broadcastGrad of a sum's gradient. */
export function sumGrad(g: PTensor, shape: number[], d: number | null): PTensor {
  const v = broadcastGrad(g, shape, d);
  sumGradViews.add(v);
  return v;
}
