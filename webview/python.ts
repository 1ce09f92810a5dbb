// "Copy as Python": the plotted configuration as PyTorch code, e.g. nn.HuberLoss(delta=0.5). Only values that
// differ from PyTorch's defaults are written, spelled as Python spells them (the catalog's pyRepr).
import { getLoss, pyRepr } from "../engine/catalog";
import { controlledParams, paramDefault, plotValue } from "./axes";
import { plotAxis } from "../engine/catalog/plotAxes";
import type { PlaygroundState } from "./protocol";

const floatList = (xs: number[]) => `torch.tensor([${xs.map((x) => pyRepr(x, "float")).join(", ")}])`;

export function constructorCall(state: PlaygroundState, className: string): string {
  const record = getLoss(className);
  if (!record) return `nn.${className}()`;
  const primary = getLoss(state.losses[0]) ?? record;
  const args: string[] = [];
  for (const p of controlledParams(record)) {
    const v = state.params[className]?.[p.name];
    if (v === undefined || v === paramDefault(p)) continue;
    if (p.kind === "tensor" && typeof v === "number") {
      if (plotAxis(record).axis === "class-score" && p.name === "weight") {
        const others = plotValue(primary, state.plot, "others");
        const c = (Array.isArray(others) ? others.length : 1) + 1;
        const k = Math.min(Number(plotValue(primary, state.plot, "trueClass")), c - 1);
        args.push(`${p.name}=${floatList(Array.from({ length: c }, (_, j) => (j === k ? v : 1)))}`);
      } else args.push(`${p.name}=${floatList([v])}`);
    } else args.push(`${p.name}=${pyRepr(v, p.kind)}`);
  }
  return `nn.${className}(${args.join(", ")})`;
}

/** One line per plotted loss; `raises` (per loss) is the answering version's error for it, as a comment. */
export function pythonConfig(state: PlaygroundState, raises: Record<string, string> = {}): string {
  return state.losses.map((name) => constructorCall(state, name) + (raises[name] ? `  # ${raises[name].replace(/\s+/g, " ")}` : "")).join("\n");
}
