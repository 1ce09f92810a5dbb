// Loss construction and calls: maps Python arguments onto the catalog's parameters (nn.X(...) and F.x(...)),
// calls the engine, and wires the result into autograd (the engine's gradients w.r.t. the loss inputs,
// chained back through the tensor ops that made those inputs).
import { budget } from "./budget";
import { constructErrors, resolveOptions } from "../api/options";
import { NEWEST_PYTORCH, torchBehaviour, type TorchBehaviour } from "../api/versions";
import { addedParams } from "../catalog/versions";
import { LossError, type Engine, type LossResult, type OptionValue, type Tensor } from "../api/types";
import type { LossRecord, ParamSpec } from "../catalog/types";
import { missingArguments, PyError, Unsupported } from "./errors";
import { checkLossArgs, checkLossInputs } from "./losschecks";
import type { ResidentHeap } from "../api/resident";
import { adoptStorage, attachGrad, binary, cast, dtypeName, isNarrowInt, isTensor, PTensor, storedCopy, truthOf, type Storage, type TDtype } from "./tensor";
import { currentHeap } from "./tensor/resident";
import { typeName, type Args, type Value } from "./values";

/** A Python value as an engine option; tensors (weight, pos_weight) pass through. */
export function toOption(v: Value, p: ParamSpec | undefined, name: string): OptionValue {
  // _Reduction.legacy_get_string tests the legacy flags with Python's truth (a tensor of several values raises).
  if (isTensor(v) && (name === "size_average" || name === "reduce")) return truthOf(v);
  if (isTensor(v)) return asEngineTensor(v);
  switch (v.t) {
    case "int":
    case "float":
      return v.v;
    case "npscalar":
      return v.v;
    case "bool":
      return v.v;
    case "none":
      return null;
    case "str":
      return v.v;
    case "layer":
      if (p?.kind === "callable" && v.distance) return { kind: "pairwise", p: v.distance.p, eps: v.distance.eps };
      break;
  }
  if (p?.kind === "callable") throw new PyError("NotImplemented", `distance_function=${typeName(v)} is not supported`);
  throw new PyError("TypeError", `${name} must be a number, bool, str or None, not ${typeName(v)}`);
}

function asEngineTensor(t: PTensor): Tensor {
  if (t.dtype === "bool") return cast(t, "int64") as Tensor;
  // The engine knows float32, float64 and int64; narrowInputs below passes on the narrow integers it has checked.
  if (isNarrowInt(t.dtype)) throw new Unsupported(`a loss given a torch.${t.dtype} tensor`);
  return t as Tensor;
}

/** Losses whose class-index target may be a uint8 (nll_loss's "Long or Byte"); other integer types are its error. */
const CLASS_TARGET_LOSSES = new Set(["CrossEntropyLoss", "NLLLoss"]);
/** ctc_loss reads its targets and lengths as integers of any integer dtype (measured: the same loss for each). */
const INTEGER_INPUT_LOSSES = new Set(["CTCLoss"]);
/**
 * Losses that promote an integer target against a float input, the same for every integer dtype, gradients too
 * (measured; not mse_loss: 1.13's backward names the target's dtype, "Found dtype Int but expected Float").
 */
const PROMOTING_LOSSES = new Set(["L1Loss"]);

/**
 * A loss's inputs with the narrow integer tensors it takes as PyTorch does made int64 (the same values), or
 * PyTorch's error for them; asEngineTensor refuses the rest by name.
 */
function narrowInputs(loss: string, inputs: PTensor[], torch: TorchBehaviour): PTensor[] {
  return inputs.map((t, i) => {
    if (!isNarrowInt(t.dtype)) return t;
    if (CLASS_TARGET_LOSSES.has(loss) && i === 1) {
      if (t.dtype === "uint8") return cast(t, "int64");
      throw new PyError("RuntimeError", torch.classTargetDtype(dtypeName(t.dtype)));
    }
    if (INTEGER_INPUT_LOSSES.has(loss) && i > 0) return cast(t, "int64");
    if (PROMOTING_LOSSES.has(loss) && inputs.some((u) => u.isFloat)) return cast(t, "int64");
    return t;
  });
}

/** nn.X(*args, **kwargs): binds arguments to the catalog's parameters and runs construct-time checks. */
export function constructLoss(
  record: LossRecord,
  args: Args,
  torch: TorchBehaviour = torchBehaviour(NEWEST_PYTORCH),
): { options: Record<string, OptionValue>; given: Record<string, OptionValue> } {
  const owner = torch.initOwner(record.className);
  const positional = record.params.filter((p) => !p.keywordOnly);
  if (args.pos.length > positional.length) {
    const n = positional.length + 1;
    throw new PyError("TypeError", `${owner}.__init__() takes ${n === 1 ? "1 positional argument" : `from 1 to ${n} positional arguments`} but ${args.pos.length + 1} were given`);
  }
  const given: Record<string, OptionValue> = {};
  args.pos.forEach((v, i) => {
    given[positional[i].name] = toOption(v, positional[i], positional[i].name);
  });
  for (const [name, v] of args.kw) {
    const p = record.params.find((q) => q.name === name);
    if (!p) throw new PyError("TypeError", `${owner}.__init__() got an unexpected keyword argument '${name}'`);
    if (name in given) throw new PyError("TypeError", `${owner}.__init__() got multiple values for argument '${name}'`);
    given[name] = toOption(v, p, name);
  }
  // The engine's resolver fills the defaults (for attribute reads such as criterion.reduction) and says which
  // values the constructor rejects.
  const options = resolveOptions(record, given, { version: torch.version }).values;
  const e = constructErrors(record, options);
  if (e) throw new PyError(e.kind, e.message);
  // The version's own constructor checks (2.x: the triplet losses' margin > 0).
  for (const p of record.params) {
    const v = options[p.name];
    const refused = typeof v === "number" ? torch.constructCheck(record.className, p.name, v) : null;
    if (refused) throw new PyError("ValueError", refused);
  }
  return { options, given };
}

/** The tensor inputs of a forward call (criterion(x, y) / F.x(x, y, ...)), checked against the record. */
function bindInputs(
  record: LossRecord,
  args: Args,
  fname: string,
  functional: boolean,
  added: string[] = [],
  floatVar = false,
): { inputs: PTensor[]; options: Record<string, OptionValue> } {
  const specs = record.inputs;
  const names = specs.map((s) => (functional ? s.functionalName ?? s.name : s.name));
  const required = specs.filter((s) => !s.optional).length;
  const values: (Value | undefined)[] = args.pos.slice(0, specs.length);
  const options: Record<string, OptionValue> = {};
  const paramNames = functional ? record.functionalParams : [];
  const extra = args.pos.slice(specs.length);
  if (extra.length) {
    if (!functional || extra.length > paramNames.filter((n) => !record.params.find((p) => p.name === n)?.functionalKeywordOnly).length) {
      const total = functional ? specs.length + paramNames.length : specs.length + 1;
      throw new PyError("TypeError", `${fname}() takes ${functional ? `from ${required} to ${total}` : total} positional arguments but ${args.pos.length + (functional ? 0 : 1)} were given`);
    }
    extra.forEach((v, i) => {
      const p = record.params.find((q) => q.name === paramNames[i]);
      options[paramNames[i]] = toOption(v, p, paramNames[i]);
    });
  }
  for (const [k, v] of args.kw) {
    const at = names.indexOf(k);
    if (at >= 0) {
      if (values[at] !== undefined) throw new PyError("TypeError", `${fname}() got multiple values for argument '${k}'`);
      values[at] = v;
      continue;
    }
    if (functional && (paramNames.includes(k) || added.includes(k))) {
      if (k in options) throw new PyError("TypeError", `${fname}() got multiple values for argument '${k}'`);
      options[k] = toOption(v, record.params.find((p) => p.name === k), k);
      continue;
    }
    throw new PyError("TypeError", `${fname}() got an unexpected keyword argument '${k}'`);
  }
  const missing = specs.map((s, i) => (!s.optional && values[i] === undefined ? names[i] : null)).filter((n): n is string => n !== null);
  if (missing.length) throw missingArguments(`${fname}()`, missing);
  const inputs: PTensor[] = [];
  values.forEach((v, i) => {
    if (v === undefined) return;
    // 1.13 asks a number var for its size; 2.x makes a float one var * torch.ones_like(input), after refusing a
    // negative one.
    const gaussianVar = record.className === "GaussianNLLLoss" && i === 2 && !isTensor(v);
    if (gaussianVar && !floatVar && (v.t === "float" || v.t === "int" || v.t === "bool")) throw new PyError("AttributeError", `'${typeName(v)}' object has no attribute 'size'`);
    if (gaussianVar && v.t === "float") {
      if (v.v < 0) throw new PyError("ValueError", "var has negative entry/entries");
      const x = inputs[0];
      const dt: TDtype = x && x.isFloat ? x.dtype : "float32";
      const data = dt === "float64" ? new Float64Array(x ? x.numel : 1) : new Float32Array(x ? x.numel : 1);
      data.fill(v.v);
      inputs.push(new PTensor(dt, x ? x.shape.slice() : [], data));
      return;
    }
    if (!isTensor(v)) {
      throw new PyError("TypeError", `${fname}(): argument '${names[i]}' (position ${i + 1}) must be Tensor, not ${typeName(v)}`);
    }
    inputs.push(v);
  });
  return { inputs, options };
}

export interface LossOutcome {
  /** torch.nn class name of the loss. */
  className: string;
  value: PTensor;
  result: LossResult;
  inputs: PTensor[];
  options: Record<string, OptionValue>;
}

/** Runs a loss through the engine and returns its value as a tensor that backpropagates into its inputs. */
export function callLoss(engine: Engine, record: LossRecord, ctorOptions: Record<string, OptionValue>, args: Args, functional: boolean): LossOutcome {
  const fname = functional ? record.functional ?? record.className : `${record.className}.forward`;
  // Keyword parameters the engine's PyTorch version added to F.* (catalog/versions.ts: weight= on F.mse_loss...).
  const added = functional ? addedParams(record.className, engine.pytorch, true).map((p) => p.name) : [];
  if (functional) checkLossArgs(record.aliasOf ?? record.className, args);
  const bound = bindInputs(record, args, fname, functional, added, torchBehaviour(engine.pytorch).gaussianFloatVar);
  const options = functional ? bound.options : ctorOptions;
  checkLossInputs(record.aliasOf ?? record.className, bound.inputs, options);
  const inputs = narrowInputs(record.aliasOf ?? record.className, bound.inputs, torchBehaviour(engine.pytorch));
  const requiresGrad = inputs.map((t) => t.requiresGrad);
  const engineInputs = inputs.map(asEngineTensor);
  // An unreduced loss's gradients depend on the upstream gradient, known only in backward: computing them here
  // would be a whole wasted pass. (A reduced loss computes value and gradients in one pass here.)
  const unreduced = options.reduction === "none" && (options.size_average ?? null) === null && (options.reduce ?? null) === null;
  const gradsNow = requiresGrad.some(Boolean) && !unreduced;
  const loss = record.aliasOf ?? record.className;
  // Inputs in the resident heap: the loss runs there, reading them in place (api/resident.ts HeapScratch).
  const heap = currentHeap() ?? undefined;
  let result: LossResult;
  try {
    budget().charge(engineInputs.reduce((n, t) => n + t.data.length, 0) * 4);
    result = owned(engine.compute({ loss, inputs: engineInputs, options, requiresGrad: gradsNow ? requiresGrad : inputs.map(() => false), outputs: "view", heap }), heap);
  } catch (e) {
    if (e instanceof LossError && /^Loss Lens cannot compute/.test(e.message)) {
      // The engine does not have this loss (yet): a limit of ours, not PyTorch's error.
      throw new Unsupported(e.message.replace(/^Loss Lens cannot compute (\S+) yet$/, "$1 (the engine does not compute it yet)"));
    }
    if (e instanceof LossError) {
      // Place the error on the offending argument when the engine says which one it is.
      const where = e.where;
      const span = typeof where === "number" ? args.posSpans[where] : typeof where === "string" ? args.kwSpans.get(where) : undefined;
      throw new PyError(e.kind, e.message, span, true);
    }
    throw e;
  }
  const v = result.value;
  const value = new PTensor(v.dtype as TDtype, v.shape.slice(), v.data);
  value.random = inputs.some((t) => t.random);
  // The forward's gradients are this node's alone: recycled once a backward has freed it (tensor/autograd.ts
  // freeNode), so a backward hands out copies of them (made in the backward, which autograd recycles in turn).
  const kept = new Set<Storage>();
  if (gradsNow) for (const gr of result.grads) if (gr && gr.data !== v.data && gr.data !== result.perElement.data) kept.add(gr.data);
  const handOut = (gr: Tensor, c = 1): PTensor => {
    if (c !== 1) return binary("*", toPT(gr), { value: c, kind: "float" });
    return kept.has(gr.data) ? new PTensor(gr.dtype as TDtype, gr.shape.slice(), storedCopy(gr.data)) : toPT(gr);
  };
  // The engine says which grad_fn PyTorch's result carries (from the reduction it settled, in its version).
  attachGrad(value, result.gradFn, inputs, (g) => {
    // The engine's gradients are of the loss (of its sum when not scalar): scale by a scalar upstream, or
    // recompute with the upstream gradient for an unreduced loss.
    // The gradients of the loss's sum: the forward's, or computed now when the forward deferred them.
    // `value: false`: the forward gave the value; an element-wise loss then skips its own logs and exps.
    const ofSum = (): LossResult["grads"] => (gradsNow ? result.grads : ownedGrads(engine.compute({ loss, inputs: engineInputs, options, requiresGrad, outputs: "view", value: false, heap }), heap));
    if (g.numel === 1 && value.numel === 1) {
      const c = g.data[0];
      return ofSum().map((gr, i) => (gr && requiresGrad[i] ? handOut(gr, c) : null));
    }
    const grads = allOnes(g.data) ? ofSum() : ownedGrads(engine.compute({ loss, inputs: engineInputs, options, requiresGrad, upstream: g as Tensor, outputs: "view", value: false, heap }), heap);
    return grads.map((gr, i) => (gr && requiresGrad[i] ? handOut(gr) : null));
  });
  if (value.gradFn) (value.gradFn.release ??= []).push(...kept);
  return { className: record.className, value, result, inputs, options };
}

/**
 * The engine's result in the evaluator's own storage: computed with views of wasm memory (valid until the
 * engine's next call) and copied once each into storage() (charged to the budget, recyclable), which costs less
 * than the engine's fresh copies; a result the engine wrote in a block of the resident heap's scratch is taken
 * over as it is (ResidentHeap.adopt), and the rest of the scratch goes back. Arrays the result shares (an
 * unreduced value is its perElement) stay shared.
 */
function owned(r: LossResult, heap: ResidentHeap | undefined): LossResult {
  const own = owner(heap);
  return own.done({ ...r, value: own(r.value), perElement: own(r.perElement), grads: r.grads.map((g) => g && own(g)) });
}

/** owned()'s gradients alone (a backward's call: the value was not asked for). */
function ownedGrads(r: LossResult, heap: ResidentHeap | undefined): LossResult["grads"] {
  const own = owner(heap);
  return own.done(r.grads.map((g) => g && own(g)));
}

/** Takes a result's tensors into storage() or adopts them, once per array they share; done() gives the scratch back. */
function owner(heap: ResidentHeap | undefined): ((t: Tensor) => Tensor) & { done<T>(r: T): T } {
  const copies = new Map<Float32Array | Float64Array, Float32Array | Float64Array>();
  const own = (t: Tensor): Tensor => {
    let data = copies.get(t.data);
    if (!data) {
      data = heap?.adopt(t.data) ? adoptStorage(t.data) : storedCopy(t.data);
      copies.set(t.data, data);
    }
    return { dtype: t.dtype, shape: t.shape, data };
  };
  return Object.assign(own, {
    done<T>(r: T): T {
      heap?.scratch.reset();
      return r;
    },
  });
}

function allOnes(d: ArrayLike<number>): boolean {
  for (let i = 0; i < d.length; i++) if (d[i] !== 1) return false;
  return true;
}

function toPT(t: Tensor): PTensor {
  return new PTensor(t.dtype as TDtype, t.shape.slice(), t.data);
}

