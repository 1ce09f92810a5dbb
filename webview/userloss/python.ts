// "Copy as Python" for a user loss: the program's imports and the definition itself, then the call at the
// plotted values and the built-ins it was compared with.
import { constructorCall } from "../python";
import type { PlaygroundState, UserPlotState } from "../protocol";

const pyNumber = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12))));

export function userPython(state: PlaygroundState & { user: UserPlotState }, defaults: Record<string, number>): string {
  const { loss, values } = state.user;
  const lines = loss.source.split(/\r?\n/);
  const imports = lines.filter((l) => /^(import|from)\s+\S/.test(l));
  const definition = lines.slice(loss.line - 1, loss.endLine);
  const args = Object.entries(values)
    .filter(([k, v]) => defaults[k] !== v)
    .map(([k, v]) => `${k}=${pyNumber(v)}`)
    .join(", ");
  const out = [`# ${loss.name} from ${loss.file}, line ${loss.line}, as plotted in the Loss Lens playground`, ...imports, "", ...definition, ""];
  const [a, b] = state.user.mode === "class" ? ["logits", "target"] : ["input", "target"];
  // A class is constructed with the values; a function takes them at the call.
  if (/^\s*class\s/.test(definition[0] ?? "")) out.push(`criterion = ${loss.name}(${args})`, `loss = criterion(${a}, ${b})`);
  else out.push(`loss = ${loss.name}(${a}, ${b}${args ? `, ${args}` : ""})`);
  for (const name of state.losses) out.push(`# compared with: ${constructorCall(state, name)}`);
  for (const pinned of state.user.pinned) {
    const kept = Object.entries(pinned).filter(([k, v]) => defaults[k] !== v).map(([k, v]) => `${k}=${pyNumber(v)}`).join(", ");
    out.push(`# and with itself at: ${kept || "the defaults"}`);
  }
  return out.join("\n") + "\n";
}
