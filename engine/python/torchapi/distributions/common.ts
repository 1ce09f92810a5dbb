// What torch.distributions' Distribution base class gives every distribution: its repr (the parameters set so
// far, lazy ones included once computed), the parameter and sample validation with their ValueErrors, and
// lazy_property (computed on first read, then cached on the instance as torch caches it in __dict__).
import { PyError } from "../../errors";
import { floatRepr } from "../../numfmt";
import * as T from "../../tensor";
import { isTensor, type PTensor } from "../../tensor";
import { repr, typeName, type Args, type ClassValue, type InstanceValue, type Value } from "../../values";
import { isNone, kw, shapeOf, toNumber } from "../args";
import type { Ctx } from "../ctx";

/** A distribution's internal state beside its Python-visible attributes. */
export interface DistState {
  validate: boolean;
  batch: number[];
  event: number[];
  /** The interpreter that made it (its engine computes the losses inside, as its version). */
  ctx: Ctx;
}
const STATE = new WeakMap<InstanceValue, DistState>();

export function stateOf(self: Value): DistState & { inst: InstanceValue } {
  const inst = !isTensor(self) && self.t === "instance" ? self : null;
  const st = inst && STATE.get(inst);
  if (!inst || !st) throw new PyError("TypeError", "descriptor requires a distribution object");
  return { ...st, inst };
}

/** '{}'.format(param): a 0-dim tensor formats as its Python number, other one-element tensors as tensors. */
function paramText(t: PTensor): string {
  if (t.numel !== 1) return `torch.Size([${t.shape.join(", ")}])`;
  if (t.ndim > 0) return repr(t);
  const v = t.data[0];
  return t.isFloat ? floatRepr(v) : String(v);
}

/** A distribution class: its repr lists `params` (arg_constraints' order) present on the instance. */
export function distClass(name: string, params: string[]): ClassValue {
  return {
    t: "class",
    name,
    bases: [],
    attrs: new Map(),
    reprOf: (inst) => `${name}(${params.filter((p) => inst.attrs.has(p)).map((p) => `${p}: ${paramText(inst.attrs.get(p) as PTensor)}`).join(", ")})`,
  };
}

/** An instance with its parameters, batch_shape and event_shape. */
export function newDist(cls: ClassValue, attrs: [string, Value][], state: DistState): InstanceValue {
  const size = (s: number[]): Value => ({ t: "tuple", items: s.map((v) => ({ t: "int", v })), size: true });
  const inst: InstanceValue = { t: "instance", cls, attrs: new Map([...attrs, ["batch_shape", size(state.batch)], ["event_shape", size(state.event)]]) };
  STATE.set(inst, state);
  return inst;
}

/** The probs= / logits= pair of Categorical and Bernoulli: exactly one given (their ValueError otherwise). */
export function probsOrLogits(a: Args): { given: "probs" | "logits"; raw: Value } {
  const probs = kw(a, "probs", 0);
  const logits = kw(a, "logits", 1);
  if (isNone(probs) === isNone(logits)) throw new PyError("ValueError", "Either `probs` or `logits` must be specified, but not both.");
  return isNone(logits) ? { given: "probs", raw: probs! } : { given: "logits", raw: logits! };
}

/** validate_args: None (the default, __debug__) or True validates. */
export function validateFlag(a: Args, pos: number): boolean {
  const va = kw(a, "validate_args", pos);
  return isNone(va) || (!isTensor(va!) && va!.t === "bool" && va!.v);
}

/** (2, 3) / (3,) / (): a shape as tuple() prints it. */
export function shapeTuple(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Distribution.__init__'s check of a parameter against its constraint. */
export function checkParam(inst: InstanceValue, name: string, value: PTensor, constraint: string, ok: boolean): void {
  if (ok) return;
  throw new PyError(
    "ValueError",
    `Expected parameter ${name} (Tensor of shape ${shapeTuple(value.shape)}) of distribution ${repr(inst)} to satisfy the constraint ${constraint}, but found invalid values:\n${repr(value)}`,
  );
}

/** _validate_sample: a tensor whose trailing dims match the event shape, broadcastable with batch + event, in the support. */
export function validateSample(self: Value, value: Value, support: string, inSupport: (v: number) => boolean): PTensor {
  const st = stateOf(self);
  if (!isTensor(value)) throw new PyError("ValueError", "The value argument to log_prob must be a Tensor");
  if (!st.validate) return value;
  const size = (s: number[]) => `torch.Size([${s.join(", ")}])`;
  const eventStart = value.ndim - st.event.length;
  if (value.shape.slice(eventStart).join() !== st.event.join()) {
    throw new PyError("ValueError", `The right-most size of value must match event_shape: ${size(value.shape)} vs ${size(st.event)}.`);
  }
  const expected = [...st.batch, ...st.event];
  for (let i = 1; i <= Math.min(value.ndim, expected.length); i++) {
    const [a, b] = [value.shape[value.ndim - i], expected[expected.length - i]];
    if (a !== 1 && b !== 1 && a !== b) throw new PyError("ValueError", `Value is not broadcastable with batch_shape+event_shape: ${size(value.shape)} vs ${size(expected)}.`);
  }
  if (!value.data.every(inSupport)) {
    throw new PyError(
      "ValueError",
      `Expected value argument (Tensor of shape ${shapeTuple(value.shape)}) to be within the support (${support}) of the distribution ${repr(st.inst)}, but found invalid values:\n${repr(value)}`,
    );
  }
  return value;
}

/** lazy_property: a class-level property computing the value from the instance once, then cached on it. */
export function lazyProperty(cls: ClassValue, name: string, compute: (inst: InstanceValue) => PTensor): void {
  cls.attrs.set(name, {
    t: "wrapper",
    kind: "property",
    fn: {
      t: "builtin",
      name: `${cls.name}.${name}`,
      fn: (a) => {
        const inst = stateOf(a.pos[0]).inst;
        const v = compute(inst);
        inst.attrs.set(name, v);
        return v;
      },
    },
  });
}

/** A method on the class, its instance as the first argument. */
export function method(cls: ClassValue, name: string, fn: (self: InstanceValue, a: Args) => Value): void {
  cls.attrs.set(name, { t: "builtin", name: `${cls.name}.${name}`, method: true, fn: (a) => fn(stateOf(a.pos[0]).inst, { ...a, pos: a.pos.slice(1), posSpans: a.posSpans.slice(1) }) });
}

/** An instance attribute read from TS (a lazy one computed as Python's attribute read would). */
export function attrOf(inst: InstanceValue, name: string): PTensor {
  const own = inst.attrs.get(name);
  if (own) return own as PTensor;
  const prop = inst.cls.attrs.get(name);
  const getter = prop && !isTensor(prop) && prop.t === "wrapper" ? prop.fn : null;
  if (!getter || isTensor(getter) || getter.t !== "builtin") throw new PyError("AttributeError", `'${inst.cls.name}' object has no attribute '${name}'`);
  const span = { line: 0, column: 0, endLine: 0, endColumn: 0 };
  return getter.fn({ pos: [inst], kw: new Map(), span, posSpans: [span], kwSpans: new Map() }) as PTensor;
}

/** broadcast_all: numbers become tensors (of the first tensor's dtype, else float32), then all broadcast. */
export function broadcastAll(values: Value[]): PTensor[] {
  const dtype = values.find(isTensor)?.dtype ?? "float32";
  const ts = values.map((v) => (isTensor(v) ? v : T.full([], toNumber(v), dtype === "float64" ? "float64" : "float32")));
  const shape = ts.reduce((s, t) => T.broadcastShapes(s, t.shape), [] as number[]);
  return ts.map((t) => (T.sameShape(t.shape, shape) ? t : T.expand(t, shape)));
}

/** torch.finfo(dtype).eps / .min for a float dtype. */
export function finfo(dtype: T.TDtype): { eps: number; min: number } {
  return dtype === "float64" ? { eps: 2.220446049250313e-16, min: -1.7976931348623157e308 } : { eps: 1.1920928955078125e-7, min: -3.4028234663852886e38 };
}

/** torch.Size(sample_shape): a tuple or list of ints (an int is not iterable), absent or None empty. */
export function sampleShape(v: Value | undefined): number[] {
  if (isNone(v)) return [];
  if (!isTensor(v!) && (v!.t === "int" || v!.t === "float" || v!.t === "bool")) throw new PyError("TypeError", `'${typeName(v!)}' object is not iterable`);
  return shapeOf([v!], "sample_shape");
}
