// Selection ops with autograd: where, gather, scatter, masked_fill / masked_select, max / min / argmax along a
// dim, topk, sort, one_hot; and the layout ops permute, unbind, expand; sums and means over several dims.
import { budget } from "../budget";
import { PyError, Unsupported } from "../errors";
import { track } from "./autograd";
import { asElement, broadcastShapes, cast, dtypeName, full, normDim, numelOf, PTensor, resultType, sameShape, splitAt, storage, stridesOf, sumDtype, toTensor, type Operand, type TDtype } from "./core";
import { evalTorch, versionedError } from "../version";
import { binary } from "./elementwise";
import { stridesOfT, withStrides } from "./layout";
import { mean, sum, sumDim } from "./reduce";
import { markExpanded } from "./sumto";
import { innerSum } from "../../api/atensum";
import { broadcastTo, reduceTo, reshape } from "./shape";

/** torch.where(cond, a, b): WhereBackward0, the gradient routed by cond (zeros elsewhere, not g * 0). */
export function where(cond: PTensor, a: Operand, b: Operand): PTensor {
  if (cond.dtype !== "bool") throw new PyError("RuntimeError", `where expected condition to be a boolean tensor, but got a tensor with dtype ${dtypeName(cond.dtype)}`);
  const dtype = resultType(a, b);
  const A = cast(toTensor(a, dtype), dtype);
  const B = cast(toTensor(b, dtype), dtype);
  const shape = broadcastShapes(broadcastShapes(cond.shape, A.shape), B.shape);
  const c = broadcastTo(cond, shape);
  const av = broadcastTo(A, shape);
  const bv = broadcastTo(B, shape);
  const out = storage(dtype, numelOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = c.data[i] ? av.data[i] : bv.data[i];
  const r = new PTensor(dtype, shape, out);
  const ta = a instanceof PTensor ? a : null;
  const tb = b instanceof PTensor ? b : null;
  if (!r.isFloat) return track(r, "", [], () => []);
  return track(r, "WhereBackward0", [ta, tb], (g) => {
    const pick = (on: boolean, t: PTensor | null) => {
      if (!t) return null;
      const gi = storage(g.dtype, g.numel);
      for (let i = 0; i < gi.length; i++) gi[i] = !!c.data[i] === on ? g.data[i] : 0;
      return cast(reduceTo(new PTensor(g.dtype, shape, gi), t.shape), t.dtype);
    };
    return [pick(true, ta), pick(false, tb)];
  });
}

/** masked_fill(mask, value): MaskedFillBackward0. */
export function maskedFill(t: PTensor, mask: PTensor, value: Operand): PTensor {
  if (mask.dtype !== "bool") throw new PyError("RuntimeError", `masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === "int64" ? "long int" : mask.dtype}`);
  const shape = broadcastShapes(t.shape, mask.shape);
  if (!sameShape(shape, t.shape)) throw new PyError("RuntimeError", `The expanded size of the tensor (${t.shape[t.shape.length - 1]}) must match the existing size (${mask.shape[mask.shape.length - 1]}) at non-singleton dimension ${t.ndim - 1}`);
  const m = broadcastTo(mask, shape);
  // The value is stored as t's dtype (masked_fill never promotes: 0.5 into int64 is 0).
  const v = asElement(value instanceof PTensor ? value.data[0] : value.value, t.dtype);
  const out = storage(t.dtype, t.numel);
  for (let i = 0; i < out.length; i++) out[i] = m.data[i] ? v : t.data[i];
  const r = cast(new PTensor(t.dtype, t.shape.slice(), out), t.dtype);
  r.numpy = t.numpy;
  return track(r, "MaskedFillBackward0", [t, value instanceof PTensor ? value : null], (g) => {
    const gi = storage(g.dtype, g.numel);
    for (let i = 0; i < gi.length; i++) gi[i] = m.data[i] ? 0 : g.data[i];
    return [new PTensor(g.dtype, g.shape.slice(), gi), null];
  });
}

/** index of element (o, k, i) along dim d of a [outer, size, inner] layout. */
function at(o: number, k: number, i: number, size: number, inner: number): number {
  return (o * size + k) * inner + i;
}

/** gather(dim, index): GatherBackward0 (the gradient scattered back, added where indices repeat). */
export function gather(t: PTensor, dim: number, index: PTensor): PTensor {
  // 2.x gathers by an int32 index too; the other dtypes are each version's error (versions.ts).
  if (index.dtype === "int32" && evalTorch().int32Indices) index = cast(index, "int64");
  if (index.dtype !== "int64") throw versionedError("RuntimeError", "gather(): Expected dtype int64 for index");
  const d = normDim(dim, t.ndim);
  if (index.ndim !== t.ndim && !(t.ndim === 0 && index.ndim <= 1)) throw new PyError("RuntimeError", "Index tensor must have the same number of dimensions as input tensor");
  const st = stridesOf(t.shape);
  const ist = stridesOf(index.shape);
  const n = index.numel;
  budget().charge(n * Math.max(index.ndim, 1));
  const out = storage(t.dtype, n);
  const offs = new Array<number>(n);
  for (let j = 0; j < n; j++) {
    let off = 0;
    let rem = j;
    for (let q = 0; q < index.ndim; q++) {
      const c = Math.floor(rem / ist[q]);
      rem -= c * ist[q];
      if (q === d) {
        const v = index.data[j];
        if (v < -t.shape[d] || v >= t.shape[d]) throw new PyError("RuntimeError", `index ${v} is out of bounds for dimension ${d} with size ${t.shape[d]}`);
        off += (v < 0 ? v + t.shape[d] : v) * st[q];
      } else {
        if (c >= t.shape[q]) throw new PyError("RuntimeError", `Size does not match at dimension ${q} expected index [${index.shape.join(", ")}] to be smaller than self [${t.shape.join(", ")}] apart from dimension ${d}`);
        off += c * st[q];
      }
    }
    offs[j] = off;
    out[j] = t.data[off];
  }
  const r = new PTensor(t.dtype, index.shape.slice(), out);
  return track(r, "GatherBackward0", [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    for (let j = 0; j < n; j++) gi.data[offs[j]] += g.data[j];
    return [gi];
  });
}

/**
 * A src of another rank than index: ATen's shape check reads src.size(d) for each d of self (after index fits self
 * apart from dim, and src in the dims before), so a src of fewer dims raises its IndexError there. Other mismatches
 * (a 0-d src, more dims) meet checks not reproduced: refused.
 */
export function scatterSrcDims(t: PTensor, d: number, index: PTensor, srcShape: number[]): void {
  if (srcShape.length === index.ndim || index.numel === 0) return;
  const fits = index.ndim === t.ndim && index.shape.every((n, q) => q === d || n <= t.shape[q]);
  if (fits && srcShape.length >= 1 && srcShape.length < index.ndim && srcShape.every((n, q) => index.shape[q] <= n)) normDim(srcShape.length, srcShape.length);
  throw new Unsupported(`scatter with a ${srcShape.length}-d src and a ${index.ndim}-d index`);
}

/**
 * scatter's walk: for each index element (row-major), the offset it writes in t's layout and the one it reads in
 * src's (srcShape null: a value, offset 0), with the dim's bounds check and, given `within`, scatter_reduce's size
 * check of index against self and src.
 */
export function scatterOffsets(t: PTensor, d: number, index: PTensor, srcShape: number[] | null, within = false): [number[], number[]] {
  const st = stridesOf(t.shape);
  const ist = stridesOf(index.shape);
  const sst = srcShape ? stridesOf(srcShape) : [];
  budget().charge(index.numel * Math.max(index.ndim, 1));
  const outs: number[] = [];
  const ins: number[] = [];
  for (let j = 0; j < index.numel; j++) {
    let off = 0;
    let soff = 0;
    let rem = j;
    for (let q = 0; q < index.ndim; q++) {
      const c = Math.floor(rem / ist[q]);
      rem -= c * ist[q];
      if (within && srcShape && (c >= srcShape[q] || (q !== d && c >= t.shape[q]))) {
        throw new PyError("RuntimeError", `Expected index [${index.shape.join(", ")}] to be smaller than self [${t.shape.join(", ")}] apart from dimension ${d} and to be smaller size than src [${srcShape.join(", ")}]`);
      }
      if (srcShape) soff += c * sst[q];
      if (q === d) {
        const v = index.data[j];
        if (v < -t.shape[d] || v >= t.shape[d]) throw new PyError("RuntimeError", `index ${v} is out of bounds for dimension ${d} with size ${t.shape[d]}`);
        off += (v < 0 ? v + t.shape[d] : v) * st[q];
      } else off += c * st[q];
    }
    outs.push(off);
    ins.push(soff);
  }
  return [outs, ins];
}

/** scatter_(dim, index, src or value), in place and without autograd on the written values. */
/** scatter_ / scatter_add_ into t; `checks` run after the shape checks, where ATen checks overlap and reduce=. */
export function scatterInto(t: PTensor, dim: number, index: PTensor, src: Operand, reduce: "add" | null = null, checks?: () => void): PTensor {
  const d = normDim(dim, t.ndim);
  const s = src instanceof PTensor ? src : null;
  if (Math.max(index.ndim, 1) !== Math.max(t.ndim, 1) && index.numel > 0) throw new PyError("RuntimeError", "Index tensor must have the same number of dimensions as self tensor");
  if (s) scatterSrcDims(t, d, index, s.shape);
  checks?.();
  const [outs, ins] = scatterOffsets(t, d, index, s ? s.shape : null);
  outs.forEach((off, j) => {
    const v = s ? s.data[ins[j]] : (src as { value: number }).value;
    const w = t.dtype === "int64" ? Math.trunc(v) : t.dtype === "bool" ? (v ? 1 : 0) : v;
    t.data[off] = reduce === "add" ? t.data[off] + w : w;
  });
  return t;
}

/** max / min along a dim: (values, indices), MaxBackward0 / MinBackward0 (the gradient to the chosen index). */
export function extremeDim(t: PTensor, dim: number, keepdim: boolean, which: "max" | "min"): [PTensor, PTensor] {
  const d = normDim(dim, t.ndim);
  const { outer, size, inner } = splitAt(t.shape, d);
  if (size === 0) throw new PyError("IndexError", `${which}(): Expected reduction dim ${d} to have non-zero size.`);
  budget().charge(t.numel);
  const shape = t.shape.slice();
  if (keepdim) shape[d] = 1;
  else shape.splice(d, 1);
  const vals = storage(t.dtype, outer * inner);
  const idx = storage("int64", outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = t.data[at(o, 0, i, size, inner)];
      let bi = 0;
      if (!Number.isNaN(best)) {
        for (let k = 1; k < size; k++) {
          const v = t.data[at(o, k, i, size, inner)];
          if (Number.isNaN(v)) {
            best = v;
            bi = k;
            break;
          }
          if (which === "max" ? v > best : v < best) {
            best = v;
            bi = k;
          }
        }
      }
      vals[o * inner + i] = best;
      idx[o * inner + i] = bi;
    }
  }
  const values = new PTensor(t.dtype, shape, vals);
  const indices = new PTensor("int64", shape.slice(), idx);
  track(values, which === "max" ? "MaxBackward0" : "MinBackward0", [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) gi.data[at(o, idx[o * inner + i], i, size, inner)] = g.data[o * inner + i];
    return [gi];
  });
  return [values, indices];
}

/** topk / sort along a dim: values with TopkBackward0 / SortBackward0, and int64 indices. */
export function topk(t: PTensor, k: number | null, dim: number, largest: boolean, stable = true): [PTensor, PTensor] {
  const d = normDim(dim, t.ndim);
  const { outer, size, inner } = splitAt(t.shape, d);
  const kk = k ?? size;
  // A sort per row: about size * log2(size) comparisons.
  budget().charge(t.numel * Math.max(1, Math.ceil(Math.log2(size + 1))));
  if (kk > size || kk < 0) throw new PyError("RuntimeError", "selected index k out of range");
  const shape = t.shape.slice();
  if (t.ndim) shape[d] = kk;
  const vals = storage(t.dtype, outer * kk * inner);
  const idx = storage("int64", outer * kk * inner);
  const order = new Array<number>(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let q = 0; q < size; q++) order[q] = q;
      const v = (q: number) => t.data[at(o, q, i, size, inner)];
      // NaN sorts as the largest value, as PyTorch's comparators do.
      const cmp = (a: number, b: number) => {
        const x = v(a);
        const y = v(b);
        const c = Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x < y ? -1 : x > y ? 1 : 0;
        return (largest ? -c : c) || (stable ? a - b : 0);
      };
      order.sort(cmp);
      for (let q = 0; q < kk; q++) {
        vals[at(o, q, i, kk, inner)] = v(order[q]);
        idx[at(o, q, i, kk, inner)] = order[q];
      }
    }
  }
  const values = new PTensor(t.dtype, shape, vals);
  const indices = new PTensor("int64", shape.slice(), idx);
  track(values, k === null ? "SortBackward0" : "TopkBackward0", [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    for (let o = 0; o < outer; o++) for (let q = 0; q < kk; q++) for (let i = 0; i < inner; i++) gi.data[at(o, idx[at(o, q, i, kk, inner)], i, size, inner)] = g.data[at(o, q, i, kk, inner)];
    return [gi];
  });
  return [values, indices];
}

export function oneHot(t: PTensor, numClasses: number): PTensor {
  if (t.dtype !== "int64") throw versionedError("RuntimeError", "one_hot is only applicable to index tensor.");
  let n = numClasses;
  if (n === -1) {
    if (t.numel === 0) throw new PyError("RuntimeError", "Can not infer total number of classes from empty tensor.");
    // A loop, not Math.max(...data): spreading a large tensor overflows the call stack.
    let top = -Infinity;
    for (let i = 0; i < t.numel; i++) if (t.data[i] > top) top = t.data[i];
    n = top + 1;
  }
  for (const v of t.data) {
    if (v < 0) throw new PyError("RuntimeError", "Class values must be non-negative.");
    if (v >= n) throw new PyError("RuntimeError", "Class values must be smaller than num_classes.");
  }
  const out = full([...t.shape, n], 0, "int64");
  for (let i = 0; i < t.numel; i++) out.data[i * n + t.data[i]] = 1;
  return out;
}

/** permute(dims): a copy in the new order, PermuteBackward0. */
export function permute(t: PTensor, dims: number[]): PTensor {
  if (dims.length !== t.ndim) throw new PyError("RuntimeError", `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${t.ndim} is not equal to len(dims) = ${dims.length}`);
  const perm = dims.map((d) => normDim(d, t.ndim));
  if (new Set(perm).size !== perm.length) throw new PyError("RuntimeError", "repeated dim in permute");
  const st = stridesOf(t.shape);
  const shape = perm.map((p) => t.shape[p]);
  const src = perm.map((p) => st[p]);
  const n = t.numel;
  const out = storage(t.dtype, n);
  const idx = new Array<number>(shape.length).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = t.data[off];
    for (let q = shape.length - 1; q >= 0; q--) {
      idx[q]++;
      off += src[q];
      if (idx[q] < shape[q]) break;
      off -= src[q] * shape[q];
      idx[q] = 0;
    }
  }
  const tst = stridesOfT(t);
  const r = withStrides(new PTensor(t.dtype, shape, out), perm.map((p) => tst[p]));
  r.numpy = t.numpy;
  r.copiedView = "a permute";
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return track(r, "PermuteBackward0", [t], (g) => [permute(g, inv)]);
}

/** unbind(dim): the slices along dim, each with UnbindBackward0. */
export function unbind(t: PTensor, dim: number): PTensor[] {
  const d = normDim(t.ndim ? dim : 0, t.ndim, false);
  const { outer, size, inner } = splitAt(t.shape, d);
  const shape = t.shape.filter((_, i) => i !== d);
  // Each part is a view of t without dim d (select): t's other strides.
  const strides = stridesOfT(t).filter((_, i) => i !== d);
  const parts: PTensor[] = [];
  for (let k = 0; k < size; k++) {
    const out = storage(t.dtype, outer * inner);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out[o * inner + i] = t.data[at(o, k, i, size, inner)];
    const r = withStrides(new PTensor(t.dtype, shape.slice(), out), strides.slice());
    parts.push(
      track(r, "UnbindBackward0", [t], (g) => {
        const gi = full(t.shape, 0, g.dtype);
        for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) gi.data[at(o, k, i, size, inner)] = g.data[o * inner + i];
        return [gi];
      }),
    );
  }
  return parts;
}

/** expand(sizes) / expand_as: ExpandBackward0 (the gradient summed back over the expanded dims). */
export function expand(t: PTensor, sizes: number[]): PTensor {
  const shape = sizes.map((s, i) => (s === -1 ? t.shape[i - (sizes.length - t.ndim)] : s));
  const r = broadcastTo(t, shape);
  const out = r === t ? new PTensor(t.dtype, t.shape.slice(), t.data) : r;
  // Expanded dims (new, or of size 1 made larger) take stride 0, the others keep t's.
  const tst = stridesOfT(t);
  const lead = shape.length - t.ndim;
  withStrides(out, shape.map((s, i) => (i < lead || (t.shape[i - lead] === 1 && s !== 1) ? 0 : tst[i - lead])));
  return track(out, "ExpandBackward0", [t], (g) => [reduceTo(g, t.shape)]);
}

/** repeat(sizes): RepeatBackward0. */
export function repeat(t: PTensor, reps: number[]): PTensor {
  if (reps.length < t.ndim) throw new PyError("RuntimeError", "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  const src = reshape(t, [...new Array(reps.length - t.ndim).fill(1), ...t.shape]);
  const shape = src.shape.map((s, i) => s * reps[i]);
  const st = stridesOf(src.shape);
  const n = numelOf(shape);
  const out = storage(t.dtype, n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let q = 0; q < shape.length; q++) off += (idx[q] % src.shape[q]) * st[q];
    out[i] = src.data[off];
    for (let q = shape.length - 1; q >= 0; q--) {
      if (++idx[q] < shape[q]) break;
      idx[q] = 0;
    }
  }
  const r = new PTensor(t.dtype, shape, out);
  // ATen's repeat_backward: the leading new dims summed away one at a time, then every repeated dim split off
  // ([repeat, size]) and summed over at once.
  return track(r, "RepeatBackward0", [t], (g) => {
    if (reps.includes(0)) return [full(t.shape, 0, g.dtype)];
    let gg = g;
    for (let i = 0; i < reps.length - t.ndim; i++) gg = sumDim(gg, 0, false);
    const size: number[] = [];
    const dims: number[] = [];
    t.shape.forEach((s, d) => {
      const k = reps[d + reps.length - t.ndim];
      if (k !== 1) {
        size.push(k);
        dims.push(size.length - 1);
      }
      size.push(s);
    });
    if (dims.length === 1) return [new PTensor(gg.dtype, t.shape.slice(), sumDim(new PTensor(gg.dtype, size, gg.data), dims[0], false).data)];
    if (dims.length === 0) return [new PTensor(gg.dtype, t.shape.slice(), gg.data)];
    // Several: TensorIterator puts the reduced dims innermost, the last first: each summed away in turn from the last.
    let split = new PTensor(gg.dtype, size, gg.data);
    for (let k = dims.length - 1; k >= 0; k--) split = sumDim(split, dims[k], false);
    return [new PTensor(gg.dtype, t.shape.slice(), split.data)];
  });
}

/**
 * sum / mean over several dims: the reduced dims moved last and flattened, then one reduction (ATen coalesces
 * adjacent reduced dims the same way; other layouts may differ from it in the last bit).
 */
export function reduceDims(t: PTensor, dims: number[], keepdim: boolean, op: "sum" | "mean"): PTensor {
  budget().charge(t.numel);
  const ds = [...new Set(dims.map((d) => normDim(d, t.ndim)))].sort((a, b) => a - b);
  if (ds.length !== dims.length) throw new PyError("RuntimeError", `dim ${dims.find((d, i) => dims.indexOf(d) !== i)} appears multiple times in the list of dims`);
  if (ds.length === 1) return op === "sum" ? sum(t, ds[0], keepdim) : mean(t, ds[0], keepdim);
  if (ds.length === 0) return op === "sum" ? sum(t, null, keepdim) : mean(t, null, keepdim);
  if (op === "mean" && !t.isFloat) return mean(t, ds[0], keepdim);
  const kept = t.shape.map((_, i) => i).filter((i) => !ds.includes(i));
  const outShape = keepdim ? t.shape.map((s, i) => (ds.includes(i) ? 1 : s)) : kept.map((i) => t.shape[i]);
  const R = ds.reduce((p, d) => p * t.shape[d], 1);
  const dt = sumDtype(t.dtype);
  let red: PTensor;
  if (ds[ds.length - 1] - ds[0] === ds.length - 1) {
    // Adjacent dims coalesce into one, as TensorIterator does: one reduction over [outer, size, inner].
    const outer = t.shape.slice(0, ds[0]).reduce((p, q) => p * q, 1);
    const inner = t.shape.slice(ds[ds.length - 1] + 1).reduce((p, q) => p * q, 1);
    const r3 = sum(new PTensor(t.dtype, [outer, R, inner], t.data), 1, false);
    red = op === "sum" ? r3 : T_div(r3, R);
  } else if (ds[ds.length - 1] === t.ndim - 1) {
    // cascade_sum: the trailing run of reduced dims is summed per row (an inner sum), and each row's sum is
    // added to the output in turn as the iterator walks the other reduced dims.
    let k = ds.length - 1;
    while (k > 0 && ds[k - 1] === ds[k] - 1) k--;
    const block = ds.slice(k);
    const outerRed = ds.slice(0, k);
    const B = block.reduce((p, d) => p * t.shape[d], 1);
    const st = stridesOf(t.shape);
    const keptShape = kept.map((i) => t.shape[i]);
    const nOut = keptShape.reduce((p, q) => p * q, 1);
    const oShape = outerRed.map((i) => t.shape[i]);
    const nO = oShape.reduce((p, q) => p * q, 1);
    const f32 = dt === "float32";
    const rnd = f32 ? Math.fround : (x: number) => x;
    const out = storage(dt, nOut);
    const rowSum = (base: number) => (dt === "float32" || dt === "float64" ? innerSum(B, (i) => t.data[base + i], dt) : Array.from({ length: B }, (_, i) => t.data[base + i]).reduce((p, q) => p + q, 0));
    for (let j = 0; j < nOut; j++) {
      let base = 0;
      let rem = j;
      for (let q = kept.length - 1; q >= 0; q--) {
        base += (rem % keptShape[q]) * st[kept[q]];
        rem = Math.floor(rem / keptShape[q]);
      }
      let acc = 0;
      for (let o = 0; o < nO; o++) {
        let off = base;
        let r2 = o;
        for (let q = outerRed.length - 1; q >= 0; q--) {
          off += (r2 % oShape[q]) * st[outerRed[q]];
          r2 = Math.floor(r2 / oShape[q]);
        }
        acc = rnd(acc + rowSum(off));
      }
      out[j] = acc;
    }
    const r1 = new PTensor(dt, keptShape, out);
    red = op === "sum" ? r1 : T_div(r1, R);
  } else {
    // Other layouts: the reduced dims moved last and summed as one row (ATen's order may differ in the last bit).
    const order = [...kept, ...ds];
    const st = stridesOf(t.shape);
    const tmp = storage(dt, t.numel);
    const shapeP = order.map((i) => t.shape[i]);
    const srcSt = order.map((i) => st[i]);
    const idx = new Array<number>(order.length).fill(0);
    let off = 0;
    for (let i = 0; i < t.numel; i++) {
      tmp[i] = t.data[off];
      for (let q = order.length - 1; q >= 0; q--) {
        idx[q]++;
        off += srcSt[q];
        if (idx[q] < shapeP[q]) break;
        off -= srcSt[q] * shapeP[q];
        idx[q] = 0;
      }
    }
    const r1 = sum(new PTensor(dt, [t.numel / R, R], tmp), 1, false);
    red = op === "sum" ? r1 : T_div(r1, R);
  }
  const out = new PTensor(red.dtype, outShape, red.data);
  out.numpy = t.numpy;
  const keptShape = t.shape.map((s, i) => (ds.includes(i) ? 1 : s));
  return track(out, op === "sum" ? "SumBackward1" : "MeanBackward1", [t], (g) => {
    const e = binary("*", full(t.shape, 1, g.dtype), reshape(g, keptShape));
    if (op === "mean") return [binary("/", e, { value: R, kind: "int" })];
    // PyTorch's expand of the gradient (stride 0 over the summed dims), for a sum_to after it (tensor/sumto.ts).
    markExpanded(e, t.shape.map((_, i) => ds.includes(i)));
    return [e];
  });
}

/** mean's division of a sum by the count, in the dtype (no autograd: the caller records MeanBackward1). */
function T_div(t: PTensor, n: number): PTensor {
  const r = t.dtype === "float32" ? Math.fround : (x: number) => x;
  const out = storage(t.dtype, t.numel);
  for (let i = 0; i < out.length; i++) out[i] = r(t.data[i] / n);
  return new PTensor(t.dtype, t.shape.slice(), out);
}

export function zerosLike(t: PTensor, dtype: TDtype = t.dtype): PTensor {
  return full(t.shape.slice(), 0, dtype);
}

