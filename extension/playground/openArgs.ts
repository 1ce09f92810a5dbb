// The playground command's argument, checked without the VS Code API (unit-tested in plain Node).
import { isOpenRequest, isWireCase, toWireCase, type OpenRequest } from "../../webview/protocol";

/**
 * The command's argument: nothing, a class name (hover links: `command:lossLens.openPlayground?["HuberLoss"]`),
 * or {loss?, case?} where case is a LossEvaluation from the compute command. undefined = unusable.
 */
export function toOpenRequest(arg: unknown): OpenRequest | null | undefined {
  if (arg === undefined || arg === null) return null;
  if (typeof arg === "string") return isOpenRequest({ loss: arg }) ? { loss: arg } : undefined;
  if (typeof arg !== "object") return undefined;
  const { loss, case: evaluation } = arg as { loss?: unknown; case?: unknown };
  const open: OpenRequest = {};
  if (loss !== undefined) open.loss = loss as string;
  if (evaluation !== undefined) {
    try {
      const wire = isWireCase(evaluation) ? evaluation : toWireCase(evaluation as Parameters<typeof toWireCase>[0]);
      open.case = wire;
      open.loss ??= wire.loss;
    } catch {
      return undefined;
    }
  }
  return isOpenRequest(open) ? open : undefined;
}
