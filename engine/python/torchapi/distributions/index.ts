// torch.distributions: Normal, Categorical, Bernoulli and kl_divergence, as their Python modules compose tensor
// ops (so values, gradients and grad_fn names follow those ops), with Distribution's validation and repr.
import { hasOwn, type Args, type Value } from "../../values";
import { builtin, kw } from "../args";
import type { Ctx } from "../ctx";
import { bernoulli } from "./bernoulli";
import { categorical } from "./categorical";
import { klDivergence } from "./kl";
import { normal } from "./normal";

/** The submodules that define them (torch.distributions.normal.Normal, torch.distributions.kl.kl_divergence...). */
const SUBMODULES = new Set(["normal", "categorical", "bernoulli", "kl"]);

/** torch.distributions.<name>. */
export function distributionsAttr(name: string, ctx: Ctx): Value | undefined {
  if (SUBMODULES.has(name)) return { t: "module", name: "torch.distributions" };
  const table: Record<string, (a: Args) => Value> = {
    Normal: (a) => normal(a, ctx),
    Categorical: (a) => categorical(a, ctx),
    Bernoulli: (a) => bernoulli(a, ctx),
    kl_divergence: (a) => klDivergence(kw(a, "p", 0) ?? { t: "none" }, kw(a, "q", 1) ?? { t: "none" }),
  };
  return hasOwn(table, name) ? builtin(`torch.distributions.${name}`, table[name]) : undefined;
}
