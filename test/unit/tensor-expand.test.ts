// A reduction's gradient view expanded to its tensor's shape (tensor/expand.ts wholeGrad): every element the value
// of its broadcast source, for one dimension to repeat, several, leading ones, and a single value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PTensor } from "../../engine/python/tensor";
import { wholeGrad } from "../../engine/python/tensor/expand";

/** The broadcast of src (shape `from`) to `to`, element by element, from shapes alone. */
function broadcast(src: number[], from: number[], to: number[]): number[] {
  const out: number[] = [];
  const n = to.reduce((p, q) => p * q, 1);
  for (let i = 0; i < n; i++) {
    const idx: number[] = [];
    for (let d = to.length - 1, r = i; d >= 0; d--) {
      idx.unshift(r % to[d]);
      r = Math.floor(r / to[d]);
    }
    const lead = to.length - from.length;
    let at = 0;
    for (let d = 0; d < from.length; d++) at = at * from[d] + (from[d] === 1 ? 0 : idx[d + lead]);
    out.push(src[at]);
  }
  return out;
}

test("wholeGrad repeats a gradient view's size-1 dimensions, one or several, leading ones included", () => {
  const cases: [number[], number[]][] = [
    [[2, 1, 3], [2, 4, 3]],
    [[1, 4, 1], [2, 4, 3]],
    [[1, 1, 3], [2, 4, 3]],
    [[3], [2, 4, 3]],
    [[1, 1], [5, 7]],
    [[5, 1], [5, 7]],
  ];
  for (const [from, to] of cases) {
    const n = from.reduce((p, q) => p * q, 1);
    const data = Float32Array.from({ length: n }, (_, i) => i * 1.5 - 2);
    const got = wholeGrad(new PTensor("float32", from, data), to);
    assert.deepEqual(got.shape, to, `${from} -> ${to}`);
    assert.deepEqual([...got.data], broadcast([...data], from, to), `${from} -> ${to}`);
  }
});
