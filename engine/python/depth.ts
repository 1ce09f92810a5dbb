// The syntax tree's depth, measured without recursion. The parser builds chains (`a + a + ...`, `x.T.T...`,
// `f(x)(x)...`) in loops, so a tree can be as deep as the line is long; every consumer that walks it recursively
// (evaluator, compute planner, CodeLens) would overflow JavaScript's stack. CPython refuses such a statement
// at compile time ("RecursionError: maximum recursion depth exceeded during compilation", near 3,000 levels in
// 3.11); the parser refuses it the same way from MAX_TREE_DEPTH on.

/** Deepest nesting of nodes a statement may have. Far above real code, low enough for any recursive walker. */
export const MAX_TREE_DEPTH = 1000;

/**
 * Whether a tree holds a node nested deeper than `limit`. Nodes are the objects with a string `k`; arrays and
 * helper objects (call arguments, f-string parts) are walked through without counting. Linear in the tree.
 */
export function deeperThan(root: unknown, limit = MAX_TREE_DEPTH): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const d = depths.pop() as number;
    if (v === null || typeof v !== "object" || ArrayBuffer.isView(v)) continue;
    if (Array.isArray(v)) {
      for (const item of v) {
        values.push(item);
        depths.push(d);
      }
      continue;
    }
    const isNode = typeof (v as { k?: unknown }).k === "string";
    const depth = isNode ? d + 1 : d;
    if (depth > limit) return true;
    for (const key in v) {
      if (key === "span") continue;
      const child = (v as Record<string, unknown>)[key];
      if (child !== null && typeof child === "object") {
        values.push(child);
        depths.push(depth);
      }
    }
  }
  return false;
}
