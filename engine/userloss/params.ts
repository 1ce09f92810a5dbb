// Slider values to the Python values a loss receives: defaults for what the user did not move, and ints kept
// ints (`gamma=2` stays `2`, as PyTorch's code would see it) while the value is integral.
import type { UserLossDef } from "./detect";
import type { ParamValue } from "./session";

export function paramValues(def: UserLossDef, values: Record<string, number>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of def.params) {
    const v = values[p.name];
    if (v === undefined || v === p.default) continue;
    out[p.name] = { value: v, isInt: p.isInt };
  }
  return out;
}
