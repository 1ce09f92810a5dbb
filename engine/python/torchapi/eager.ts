// What eager PyTorch on a CPU build answers about its other modes: torch.jit is neither scripting nor tracing, and
// torch.cuda.amp.autocast disables itself (CUDA is not available), so its context and decorator change nothing.
import { Unsupported } from "../errors";
import { evalTorch } from "../version";
import { isTensor } from "../tensor";
import { bool, type Value } from "../values";
import { boolArg, builtin, isNone, kw } from "./args";
import type { Ctx } from "./ctx";

export function jitAttr(name: string): Value | undefined {
  if (name === "is_scripting" || name === "is_tracing") return builtin(`torch.jit.${name}`, () => bool(false));
  return undefined;
}

/** torch.cuda.amp.autocast(enabled=True, dtype=torch.float16, cache_enabled=True). */
export function ampAttr(name: string, ctx: Ctx): Value | undefined {
  if (name !== "autocast") return undefined;
  return builtin("torch.cuda.amp.autocast", (a) => {
    const enabled = kw(a, "enabled", 0);
    const dtype = kw(a, "dtype", 1);
    kw(a, "cache_enabled", 2);
    // 1.13 asks the CUDA device whether it supports a bfloat16 dtype (an AssertionError here): not modelled.
    if (!isNone(dtype)) throw new Unsupported("torch.cuda.amp.autocast(dtype=...)", a.span);
    const w = evalTorch().autocastCudaWarnings;
    if (w.deprecated) ctx.warn(w.deprecated, a.span);
    if (enabled === undefined || boolArg(enabled)) ctx.warn(w.disabled, a.span);
    return {
      t: "builtin",
      name: "torch.cuda.amp.autocast",
      context: "noop",
      // autocast(...)(fn): fn run under a disabled autocast, i.e. fn itself.
      fn: (b) => {
        const f = b.pos[0];
        if (f && !isTensor(f) && (f.t === "function" || f.t === "method")) return f;
        throw new Unsupported("calling torch.cuda.amp.autocast(...) on anything but a function", b.span);
      },
    };
  });
}
