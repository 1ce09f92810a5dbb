// In-place updates (x += y, x.mul_(y), x.clamp_(...)): the op runs on a snapshot of x, then x takes its values
// (in its own storage, so views see them) and its grad_fn, as PyTorch's in-place ops rebase the history.
import { PyError, type Span } from "../errors";
import { isGradEnabled } from "./autograd";
import { cast, dtypeName, PTensor, sameShape } from "./core";

/** PyTorch's refusal of an in-place write into a leaf that requires grad (allowed under no_grad: nn.init's way). */
export function checkLeafInPlace(x: PTensor, span?: Span): void {
  if (x.requiresGrad && !x.gradFn && isGradEnabled()) {
    throw new PyError("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.", span);
  }
}

export function inplace(x: PTensor, compute: (self: PTensor) => unknown, what = "in-place"): PTensor {
  checkLeafInPlace(x);
  const old = new PTensor(x.dtype, x.shape.slice(), x.data.slice());
  old.gradFn = x.gradFn;
  old.requiresGrad = x.requiresGrad;
  old.numpy = x.numpy;
  old.random = x.random;
  const r = compute(old);
  if (!(r instanceof PTensor)) throw new PyError("TypeError", `unsupported operand for ${what}`);
  if (!sameShape(r.shape, x.shape)) {
    throw new PyError("RuntimeError", `output with shape [${x.shape.join(", ")}] doesn't match the broadcast shape [${r.shape.join(", ")}]`);
  }
  if (r.isFloat && !x.isFloat) {
    throw new PyError("RuntimeError", `result type ${dtypeName(r.dtype)} can't be cast to the desired output type ${dtypeName(x.dtype)}`);
  }
  x.data.set(cast(r, x.dtype).data);
  x.random ||= r.random;
  if (r.gradFn && isGradEnabled()) {
    x.gradFn = r.gradFn;
    x.requiresGrad = true;
  }
  return x;
}
