// Everything the editor evaluates, as plain-data requests, so it runs in a worker (extension/compute/worker): one
// compute (plan the program, probing selected tensors and finding the losses that fit them; write the chosen loss's
// call; evaluate), the loss doctor's effect on its example, and the check of a user loss being plotted.
// Requests and replies are structured-clone data; the tensor plan between the two steps of a compute stays here.
import type { Engine, Tensor } from "../api/types";
import { engineAs, type PyTorchVersion } from "../api/versions";
import type { ParamValue } from "../catalog/types";
import type { Rule } from "../lint";
import { effectOf } from "../lint/effects";
import { evaluate } from "../python";
import { checkUserLoss, type UserLossCheck } from "../userloss/check";
import type { EvalOptions, EvalOutput } from "../python/types";
import { fittingLosses, probeTensors, type TensorShape } from "./fit";
import { plan, type Input, type TensorPlan } from "./plan";
import { Program, type Origin } from "./program";

/** A Program as data (Program.from rebuilds it). */
export interface ProgramData {
  lines: string[];
  origins: Origin[];
}

export type PlanReply =
  | { kind: "program"; program: ProgramData }
  | { kind: "none"; reason: "no-loss-at-cursor" | "nothing-selected" }
  /** Selected tensors no loss accepts: their dtypes and shapes, for the message. */
  | { kind: "nofit"; shapes: TensorShape[] }
  /** Selected tensors: the losses (class names) that fit them, best first, for the person to choose. */
  | { kind: "tensors"; shapes: TensorShape[]; fits: string[]; ownCriterion: string | null };

/** Limits of an evaluation, as data (EvalOptions without the callback). */
export type EvalLimits = Omit<EvalOptions, "isCancelled">;

export type SessionRequest =
  | { op: "plan"; input: Input; limits: EvalLimits }
  | { op: "withLoss"; className: string; options: Record<string, ParamValue>; gradFor: boolean[] }
  | { op: "evaluate"; source: string; limits: EvalLimits }
  /** `pytorch`: the version the editor answers as (default: the engine's). */
  | { op: "effect"; rule: Rule; pytorch?: PyTorchVersion }
  | { op: "checkUserLoss"; source: string; name: string; pytorch?: PyTorchVersion };

export type SessionReply =
  | PlanReply
  | { kind: "program-data"; program: ProgramData }
  /** kernels: the engine build that ran it (where the host fuses multiply-adds, "fma"). */
  | { kind: "output"; output: EvalOutput; kernels: Engine["kernelVariant"] }
  /** The loss doctor's effect text for a rule (null: the rule has none). */
  | { kind: "effect"; text: string | null }
  | { kind: "userLoss"; check: UserLossCheck };

const data = (p: Program): ProgramData => ({ lines: p.lines, origins: p.origins });

/** t's values in an array of their own where they are a view of a larger buffer (the evaluator's resident heap):
 *  posting a view would clone its whole buffer. */
const plain = (t: Tensor): Tensor => ({ dtype: t.dtype, shape: t.shape.slice(), data: t.data.byteLength === t.data.buffer.byteLength ? t.data : t.data.slice() });

/** The output with bare tensors (dtype, shape, data): the evaluator's carry autograd links a reply must not clone. */
export function plainOutput(out: EvalOutput): EvalOutput {
  return {
    ...out,
    results: out.results.map((r) => ({
      ...r,
      value: plain(r.value),
      perElement: plain(r.perElement),
      grads: Object.fromEntries(Object.entries(r.grads).map(([k, g]) => [k, plain(g)])),
      inputs: r.inputs.map(plain),
    })),
  };
}

export class ComputeSession {
  /** The last tensor plan, waiting for the person's choice of loss. */
  private tensors: TensorPlan | undefined;

  constructor(private readonly engine: Engine) {}

  handle(req: SessionRequest): SessionReply {
    switch (req.op) {
      case "plan":
        return this.plan(req.input, req.limits);
      case "withLoss": {
        if (!this.tensors) throw new Error("no tensor selection to compute a loss on");
        return { kind: "program-data", program: data(this.tensors.withLoss(req.className, req.options, req.gradFor)) };
      }
      case "evaluate":
        return { kind: "output", output: plainOutput(evaluate(req.source, this.engine, req.limits)), kernels: this.engine.kernelVariant };
      case "effect":
        return { kind: "effect", text: effectOf(req.rule, this.engine, req.pytorch) };
      case "checkUserLoss":
        return { kind: "userLoss", check: checkUserLoss(req.source, req.name, engineAs(this.engine, req.pytorch)) };
    }
  }

  private plan(input: Input, limits: EvalLimits): PlanReply {
    this.tensors = undefined;
    const planned = plan(input);
    if (planned.kind === "none") return planned;
    if (planned.kind === "program") return { kind: "program", program: data(planned.program) };
    const tp = planned.plan;
    const probe = tp.probe();
    const shapes = probeTensors(probe.text, tp.names, this.engine, limits.maxElements ?? 10_000_000);
    const known = shapes.filter((s): s is TensorShape => s !== null);
    // A tensor we cannot evaluate alone: compute the probe program, which reports why, in place.
    if (known.length !== shapes.length) return { kind: "program", program: data(probe) };
    const fits = fittingLosses(known, this.engine).map((r) => r.className);
    if (fits.length === 0) return { kind: "nofit", shapes: known };
    this.tensors = tp;
    return { kind: "tensors", shapes: known, fits, ownCriterion: tp.ownCriterion };
  }
}
