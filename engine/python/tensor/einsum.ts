// torch.einsum, torch.bmm and matmul above 2-D: products summed in float64 and rounded once (as mm here; not the
// BLAS order ATen's bmm runs, so the last bit can differ: engine/python/README.md, "Last digit").
import { budget } from "../budget";
import { PyError } from "../errors";
import { track } from "./autograd";
import { cast, numelOf, PTensor, resultType, storage, stridesOf } from "./core";
import { broadcastShapes } from "./core";
import { expand } from "./select";
import { reshape } from "./shape";

interface Term {
  t: PTensor;
  letters: string;
}

/**
 * out[outLetters] = Σ over the other letters of Π operands. Letters of the output that no operand has take their
 * size from `sizes` (used by the backward to broadcast a gradient back over a summed letter).
 */
function contract(terms: Term[], outLetters: string, sizes: Map<string, number>, dtype: PTensor["dtype"]): PTensor {
  const letters = [...new Set([...outLetters, ...terms.flatMap((x) => [...x.letters])])];
  const size = (l: string) => sizes.get(l)!;
  const outShape = [...outLetters].map(size);
  const summed = letters.filter((l) => !outLetters.includes(l));
  const sumShape = summed.map(size);
  const nOut = numelOf(outShape);
  const nSum = numelOf(sumShape);
  budget().charge(nOut * Math.max(nSum, 1) * terms.length);
  // Each operand's stride per letter (a letter repeated in one operand, as in 'ii', adds its strides: a diagonal).
  const strideOf = terms.map(({ t, letters: ls }) => {
    const st = stridesOf(t.shape);
    const m = new Map<string, number>();
    [...ls].forEach((l, d) => m.set(l, (m.get(l) ?? 0) + st[d]));
    return m;
  });
  const outSt = stridesOf(outShape);
  const sumSt = stridesOf(sumShape);
  const out = storage(dtype, nOut);
  const idx = new Map<string, number>();
  for (let o = 0; o < nOut; o++) {
    [...outLetters].forEach((l, d) => idx.set(l, Math.floor(o / outSt[d]) % outShape[d]));
    let s = 0;
    for (let k = 0; k < nSum; k++) {
      summed.forEach((l, d) => idx.set(l, Math.floor(k / sumSt[d]) % sumShape[d]));
      let p = 1;
      for (let q = 0; q < terms.length; q++) {
        let off = 0;
        for (const [l, st] of strideOf[q]) off += idx.get(l)! * st;
        p *= terms[q].t.data[off];
      }
      s += p;
    }
    out[o] = s;
  }
  return new PTensor(dtype, outShape, out);
}

/** torch.einsum(equation, *operands): explicit ('ij,jk->ik') or implicit ('ij,jk') output; no '...'. */
export function einsum(equation: string, ops: PTensor[]): PTensor {
  const eq = equation.replace(/\s+/g, "");
  if (eq.includes(".")) throw new PyError("NotImplementedError", "einsum with '...' is not supported by Loss Lens");
  const [lhs, rhs0] = eq.split("->");
  const ins = lhs.split(",");
  if (ins.length !== ops.length) throw new PyError("RuntimeError", `einsum(): more operands were provided than specified in the equation`);
  const counts = new Map<string, number>();
  for (const s of ins) for (const l of s) counts.set(l, (counts.get(l) ?? 0) + 1);
  const rhs = rhs0 ?? [...counts.keys()].filter((l) => counts.get(l) === 1).sort().join("");
  const sizes = new Map<string, number>();
  ins.forEach((s, i) => {
    if (s.length !== ops[i].ndim) throw new PyError("RuntimeError", `einsum(): the number of subscripts in the equation (${s.length}) does not match the number of dimensions (${ops[i].ndim}) for operand ${i} and no ellipsis was given`);
    [...s].forEach((l, d) => {
      const n = ops[i].shape[d];
      const had = sizes.get(l);
      if (had !== undefined && had !== n) {
        throw new PyError("RuntimeError", `einsum(): operands do not broadcast with remapped shapes (original->remapped): subscript '${l}' has size ${n} for operand ${i} which does not broadcast with previously seen size ${had}`);
      }
      sizes.set(l, n);
    });
  });
  for (const l of rhs) if (!sizes.has(l)) throw new PyError("RuntimeError", `einsum(): output subscript ${l} does not appear in the equation for any input operand`);
  // PyTorch's type promotion over the operands: the winner of each pair is one of them.
  const dtype = ops.reduce((w, t) => (resultType(w, t) === w.dtype ? w : t)).dtype;
  const terms = ins.map((letters, i) => ({ t: cast(ops[i], dtype), letters }));
  const r = contract(terms, rhs, sizes, dtype);
  const summed = [...counts.keys()].some((l) => !rhs.includes(l));
  // The node PyTorch's composition ends with: one operand summed (SumBackward1) or only permuted (a diagonal too);
  // several multiplied with nothing summed (MulBackward0); else bmm's result viewed back (ViewBackward0).
  const name = ops.length === 1 ? (summed ? "SumBackward1" : "PermuteBackward0") : summed ? "ViewBackward0" : "MulBackward0";
  // d out / d operand i: the gradient contracted with the other operands onto operand i's letters.
  return track(r, name, ops, (g) =>
    ops.map((t, i) => {
      if (new Set(ins[i]).size !== ins[i].length) throw new PyError("NotImplementedError", "the gradient of einsum for an operand with a repeated subscript is not supported by Loss Lens");
      const others = terms.filter((_, j) => j !== i);
      return contract([{ t: cast(g, dtype), letters: rhs }, ...others], ins[i], new Map([...sizes, ...[...ins[i]].map((l, d): [string, number] => [l, t.shape[d]])]), dtype);
    }),
  );
}

/** bmm(a, b): [B, n, k] @ [B, k, m] (BmmBackward0). */
export function bmm(a: PTensor, b: PTensor): PTensor {
  if (a.ndim !== 3) throw new PyError("RuntimeError", `batch1 must be a 3D tensor`);
  if (b.ndim !== 3) throw new PyError("RuntimeError", `batch2 must be a 3D tensor`);
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new PyError("RuntimeError", `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  const r = einsum("bij,bjk->bik", [a, b]);
  if (r.gradFn) r.gradFn.name = "BmmBackward0";
  return r;
}

/**
 * matmul with an operand of 3 or more dims: batch dims broadcast (expanded first), a vector taken as a row (first)
 * or a column (second); grad_fn as PyTorch's (its result is a view: UnsafeViewBackward0, or CloneBackward0 for a
 * matrix times a batch).
 */
export function matmulBatched(a: PTensor, b: PTensor): PTensor {
  let A = a.ndim === 1 ? reshape(a, [1, a.shape[0]]) : a;
  let B = b.ndim === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const [n, k] = A.shape.slice(-2);
  const [k2, m] = B.shape.slice(-2);
  if (k !== k2) throw new PyError("RuntimeError", `Expected size for first two dimensions of batch2 tensor to be: [${numelOf(A.shape.slice(0, -2))}, ${k}] but got: [${numelOf(B.shape.slice(0, -2))}, ${k2}].`);
  const batch = broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, -2));
  if (A.ndim > 2) A = expand(A, [...batch, n, k]);
  if (B.ndim > 2) B = expand(B, [...batch, k, m]);
  const L = "abcdefgh".slice(0, batch.length);
  const r = einsum(`${A.ndim > 2 ? L : ""}xy,${B.ndim > 2 ? L : ""}yz->${L}xz`, [A, B]);
  const shape = [...batch, ...(a.ndim === 1 ? [] : [n]), ...(b.ndim === 1 ? [] : [m])];
  const out = shape.length === r.ndim ? r : reshape(r, shape);
  if (out.gradFn) out.gradFn.name = a.ndim <= 2 && b.ndim >= 3 ? "CloneBackward0" : "UnsafeViewBackward0";
  return out;
}
