// numpy's names for two parameters: PyTorch's argument parser takes axis= for dim= and keepdims= for keepdim= on its
// native functions (python_arg_parser.cpp, numpy_compatibility_arg_names). Python-level ones (torch.norm, split,
// unique, F.softmax...) and those whose parameter is dims= (flip, roll) do not: PyTorch raises a TypeError there,
// so only the functions measured to take them (1.13 and 2.13 alike) see the aliases; the rest still refuse axis= by
// name as a keyword they never read.
import { isTensor } from "../tensor";
import { hasOwn, type Value } from "../values";

const TAKES_AXIS = new Set([
  "sum", "mean", "max", "min", "amax", "amin", "argmax", "argmin", "prod", "std", "var", "any", "all", "logsumexp",
  "cumsum", "cumprod", "median", "nanmedian", "sort", "argsort", "nansum", "nanmean", "count_nonzero", "squeeze",
  "unsqueeze", "softmax", "log_softmax", "topk", "kthvalue", "var_mean", "std_mean", "mode", "chunk", "unbind", "diff",
  "quantile", "cummax", "cummin", "logcumsumexp", "repeat_interleave", "tensor_split", "take_along_dim", "trapz",
  "trapezoid", "stack", "cat", "concat",
]);

const ALIAS: Record<string, string> = { dim: "axis", keepdim: "keepdims" };

/**
 * The keywords as the function reads them: `dim` answered by `axis` when only that was given (likewise keepdim).
 * Reads go through to the call's own map, so a keyword counts as read only when its parameter was read.
 */
class NumpyAliases extends Map<string, Value> {
  constructor(private readonly inner: Map<string, Value>) {
    super();
  }
  private key(k: string): string {
    return hasOwn(ALIAS, k) && !this.inner.has(k) && this.inner.has(ALIAS[k]) ? ALIAS[k] : k;
  }
  override get(k: string): Value | undefined {
    return this.inner.get(this.key(k));
  }
  override has(k: string): boolean {
    return this.inner.has(this.key(k));
  }
  override get size(): number {
    return this.inner.size;
  }
  override keys(): MapIterator<string> {
    return this.inner.keys();
  }
  override values(): MapIterator<Value> {
    return this.inner.values();
  }
  override entries(): MapIterator<[string, Value]> {
    return this.inner.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.inner[Symbol.iterator]();
  }
  override forEach(f: (v: Value, k: string, m: Map<string, Value>) => void): void {
    this.inner.forEach(f);
  }
}

/** torch.<name> / Tensor.<name> as a builtin that takes numpy's axis= / keepdims= when PyTorch's does. */
export function withNumpyAliases(name: string, v: Value | undefined): Value | undefined {
  if (!v || isTensor(v) || v.t !== "builtin" || !TAKES_AXIS.has(name)) return v;
  const fn = v.fn;
  // Not a.kw.has("axis"): asking the call's map would count axis= as read even where dim is never read.
  return { ...v, fn: (a) => fn(a.kw.size ? { ...a, kw: new NumpyAliases(a.kw) } : a) };
}
