// torch.optim.SGD / Adam / AdamW: step() and zero_grad() as PyTorch's for-loop implementations run them on CPU
// tensors, each tensor op in ATen's arithmetic: add / sub with alpha and addcmul one fused multiply-add per element,
// mul, sqrt, div and addcdiv rounded per op, in the parameter's dtype. 2.x's Adam moves exp_avg by lerp (fused).
import { fma, fmaf } from "../fma";
import { PyError, Unsupported } from "../errors";
import { evalTorch } from "../version";
import * as T from "../tensor";
import { isTensor, type PTensor } from "../tensor";
import { NONE, type ClassValue, type Value } from "../values";
import { boolArg, builtin, isNone, kw, listItems, numberOr, toNumber } from "./args";

type Kind = "SGD" | "Adam" | "AdamW";

interface State {
  step: number;
  buf: Float64Array | null;
  m: Float64Array | null;
  v: Float64Array | null;
}

/** One parameter's arithmetic in its dtype: r rounds, fm fuses. */
function arithmeticOf(p: PTensor): { r: (x: number) => number; fm: (a: number, b: number, c: number) => number } {
  return p.dtype === "float32" ? { r: Math.fround, fm: fmaf } : { r: (x) => x, fm: fma };
}

function step(kind: Kind, params: PTensor[], states: Map<PTensor, State>, o: Record<string, number | boolean>): void {
  const lr = o.lr as number;
  for (const p of params) {
    const g0 = p.grad;
    if (!g0) continue;
    const { r, fm } = arithmeticOf(p);
    const n = p.numel;
    const st = states.get(p) ?? { step: 0, buf: null, m: null, v: null };
    states.set(p, st);
    const g = Float64Array.from(g0.data);
    const wd = r(o.weight_decay as number);
    if (kind === "SGD") {
      // d_p = grad.add(param, alpha=wd); buf = clone(d_p), later buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
      if (wd !== 0) for (let i = 0; i < n; i++) g[i] = fm(wd, p.data[i], g[i]);
      const mom = r(o.momentum as number);
      if (mom !== 0) {
        const damp = r(1 - (o.dampening as number));
        if (!st.buf) st.buf = Float64Array.from(g);
        else for (let i = 0; i < n; i++) st.buf[i] = fm(damp, g[i], r(st.buf[i] * mom));
        if (o.nesterov) for (let i = 0; i < n; i++) g[i] = fm(mom, st.buf[i], g[i]);
        else g.set(st.buf);
      }
      const k = r(-lr);
      for (let i = 0; i < n; i++) p.data[i] = fm(k, g[i], p.data[i]);
      continue;
    }
    // Adam / AdamW
    st.step += 1;
    if (kind === "AdamW") {
      const f = r(1 - lr * (o.weight_decay as number));
      for (let i = 0; i < n; i++) p.data[i] = r(p.data[i] * f);
    } else if (wd !== 0) for (let i = 0; i < n; i++) g[i] = fm(wd, p.data[i], g[i]);
    const [beta1, beta2] = o.betas as unknown as [number, number];
    st.m ??= new Float64Array(n);
    st.v ??= new Float64Array(n);
    const b1 = r(beta1);
    const w1 = r(1 - beta1);
    const b2 = r(beta2);
    const w2 = r(1 - beta2);
    const lerp = evalTorch().adamLerp;
    for (let i = 0; i < n; i++) {
      // 1.13: exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1); 2.x: exp_avg.lerp_(grad, 1 - beta1)
      st.m[i] = lerp ? (Math.abs(w1) < 0.5 ? fm(w1, r(g[i] - st.m[i]), st.m[i]) : fm(r(w1 - 1), r(g[i] - st.m[i]), g[i])) : fm(w1, g[i], r(st.m[i] * b1));
      // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
      st.v[i] = fm(r(w2 * g[i]), g[i], r(st.v[i] * b2));
    }
    const bc1 = 1 - beta1 ** st.step;
    const bc2 = 1 - beta2 ** st.step;
    const stepSize = lr / bc1;
    const bc2s = r(Math.sqrt(bc2));
    const eps = r(o.eps as number);
    const k = r(-stepSize);
    for (let i = 0; i < n; i++) {
      // denom = (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps); param.addcdiv_(exp_avg, denom, value=-step_size)
      const denom = r(r(r(Math.sqrt(st.v[i])) / bc2s) + eps);
      p.data[i] = r(p.data[i] + r(r(k * st.m[i]) / denom));
    }
  }
}

const DEFAULTS: Record<Kind, [string, number | boolean | [number, number]][]> = {
  SGD: [["lr", NaN], ["momentum", 0], ["dampening", 0], ["weight_decay", 0], ["nesterov", false]],
  Adam: [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 0], ["amsgrad", false]],
  AdamW: [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 1e-2], ["amsgrad", false]],
};

function optimizer(kind: Kind): Value {
  const cls: ClassValue = { t: "class", name: kind, bases: [], attrs: new Map() };
  return builtin(`torch.optim.${kind}`, (a) => {
    const params = listItems(kw(a, "params", 0) ?? NONE).map((v) => {
      if (!isTensor(v)) throw new Unsupported(`torch.optim.${kind} with parameter groups`);
      return v;
    });
    if (!params.length) throw new PyError("ValueError", "optimizer got an empty parameter list");
    const o: Record<string, number | boolean> = {};
    DEFAULTS[kind].forEach(([k, d], i) => {
      const v = kw(a, k, i + 1);
      if (k === "betas") o[k] = (isNone(v) ? d : listItems(v!).map((x) => toNumber(x, "betas"))) as unknown as number;
      else if (typeof d === "boolean") o[k] = isNone(v) ? d : boolArg(v);
      else o[k] = numberOr(v, d as number, k);
    });
    if (Number.isNaN(o.lr)) {
      const lr = evalTorch().sgdDefaultLr;
      if (lr === null) throw new PyError("ValueError", "parameter group didn't specify a value of required optimization parameter lr");
      o.lr = lr;
    }
    if (o.amsgrad) throw new Unsupported(`torch.optim.${kind} with amsgrad=True`);
    if (kind === "SGD" && o.nesterov && ((o.momentum as number) <= 0 || o.dampening !== 0)) throw new PyError("ValueError", "Nesterov momentum requires a momentum and zero dampening");
    const states = new Map<PTensor, State>();
    // param_groups[0]: the options as a dict a program may read or change (a hand-written lr schedule); step()
    // reads them back each time.
    const keys = ["params", ...DEFAULTS[kind].map(([k]) => k)];
    const toValue = (k: string): Value => {
      const v = o[k] as unknown;
      if (Array.isArray(v)) return { t: "tuple", items: v.map((x: number) => ({ t: "float", v: x }) as Value) };
      return typeof v === "boolean" ? { t: "bool", v } : { t: Number.isInteger(v) && k !== "lr" ? "int" : "float", v: v as number };
    };
    const group: Value = { t: "dict", keys: keys.map((k) => ({ t: "str", v: k }) as Value), values: keys.map((k) => (k === "params" ? { t: "list", items: params } : toValue(k))) };
    const current = (): Record<string, number | boolean> => {
      const g = group as Extract<Value, { t: "dict" }>;
      const r: Record<string, number | boolean> = { ...o };
      g.keys.forEach((k, i) => {
        const v = g.values[i];
        if (isTensor(k) || k.t !== "str" || k.v === "params" || k.v === "betas" || isTensor(v)) return;
        r[k.v] = v.t === "bool" ? v.v : toNumber(v, k.v);
      });
      return r;
    };
    const attrs = new Map<string, Value>([
      ["param_groups", { t: "list", items: [group] }],
      ["step", builtin(`${kind}.step`, () => (T.withNoGrad(() => step(kind, params, states, current())), NONE))],
      [
        "zero_grad",
        builtin(`${kind}.zero_grad`, (z) => {
          // 1.13: set_to_none=False (grads zeroed in place); 2.x: True (grads become None).
          const v = kw(z, "set_to_none", 0);
          const toNone = isNone(v) ? evalTorch().zeroGradToNone : !isTensor(v!) && v!.t === "bool" && v!.v;
          for (const p of params) if (p.grad) T.setGrad(p, toNone ? null : T.full(p.grad.shape, 0, p.grad.dtype));
          return NONE;
        }),
      ],
    ]);
    return { t: "instance", cls, attrs };
  });
}

/** torch.optim.<name>: SGD, Adam, AdamW. */
export function optimAttr(name: string): Value | undefined {
  return name === "SGD" || name === "Adam" || name === "AdamW" ? optimizer(name) : undefined;
}
