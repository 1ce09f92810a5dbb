// The loss a line is about: for "Open Playground" with the cursor on `criterion = nn.CrossEntropyLoss()` or on
// `loss = criterion(x, y)`, the playground opens on that loss instead of its default set.
import type { Analysis } from "./analyze";
import { resolveAt } from "./resolve";

/** The class name of the loss the cursor's word names, else the first one named on its line. */
export function lossNear(analysis: Analysis, offset: number): string | undefined {
  const { text } = analysis;
  const at = resolveAt(analysis, offset);
  if (at) return at.record.className;
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  // Lines past a few thousand characters are not code a person points at: skip them rather than scan.
  if (end - start > 4000) return undefined;
  const word = /[A-Za-z_]\w*/g;
  word.lastIndex = start;
  for (let m = word.exec(text); m && m.index < end; m = word.exec(text)) {
    const target = resolveAt(analysis, m.index);
    if (target) return target.record.className;
  }
  return undefined;
}
