// The page's side of the evaluator bundle (dist/webview/evaluator.js, extension/compute/worker/main.ts), loaded
// only when a user loss is plotted, so the built-in playground stays small: it registers on
// globalThis.lossLensUserLoss.
import { CallError, findUserLosses, LossSession, paramValues, sweep } from "../../engine/userloss";
import type { UserLossApi } from "./api";

const api: UserLossApi = {
  open(source, name, engine) {
    const def = findUserLosses(source).find((d) => d.name === name);
    if (!def) return { ok: false, message: `no loss named ${name} in the code (a def or nn.Module subclass taking two tensors)`, line: null };
    const session = LossSession.open(source, def, engine);
    const first = session.errors[0];
    if (first) return { ok: false, message: first.message, line: first.line };
    return {
      ok: true,
      params: def.params,
      kind: def.kind,
      sweep(setup, values, xs) {
        try {
          return sweep(session, setup, paramValues(def, values), xs);
        } catch (e) {
          if (e instanceof CallError) throw Object.assign(new Error(e.message), { line: e.span?.line ?? null });
          throw e;
        }
      },
    };
  },
};

export function registerUserLossApi(): void {
  globalThis.lossLensUserLoss = api;
}
