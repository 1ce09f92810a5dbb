// In-place updates (x += y, x.mul_(y), x.clamp_(...)): the op runs on a snapshot of x, then x takes its values
// (in its own storage, so views see them) and its grad_fn, as PyTorch's in-place ops rebase the history.
import { PyError, Unsupported, type Span } from "../errors";
import { isGradEnabled } from "./autograd";
import { evalTorch } from "../version";
import { cast, copyOf, dtypeName, PTensor, sameShape, type TDtype } from "./core";

/** PyTorch's refusal of an in-place write into a leaf that requires grad (allowed under no_grad: nn.init's way). */
export function checkLeafInPlace(x: PTensor, span?: Span): void {
  if (x.requiresGrad && !x.gradFn && isGradEnabled()) {
    throw new PyError("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.", span);
  }
  // PyTorch writes through the view into its base; here the view is a copy, so the base would silently keep its values.
  // Any name may hold that base, so nothing after this write can be trusted.
  if (x.copiedView) throw new Unsupported(`an in-place write into ${x.copiedView} (a view of another tensor)`, span, false, "its base is not updated");
}

/** clamp_'s kernels name the C++ type they write into. */
const CPP_TYPE: Partial<Record<TDtype, string>> = { int64: "long int", int32: "int", int16: "short int", int8: "signed char", uint8: "unsigned char", bool: "bool" };

/** An in-place result PyTorch will not cast back into x's dtype (can_cast): each op's own words. */
function castError(from: TDtype, to: TDtype, what: string): PyError {
  // pow_ / square_ by a number check the result dtype in their own words in 1.13.
  if (what === "pow_(Scalar)" && evalTorch().powScalarFoundDtype) return new PyError("RuntimeError", `Found dtype ${dtypeName(to)} but expected ${dtypeName(from)}`);
  const into = /^(clamp|clamp_min|clamp_max|clip)_$/.test(what) ? CPP_TYPE[to] : dtypeName(to);
  return new PyError("RuntimeError", `result type ${dtypeName(from)} can't be cast to the desired output type ${into}`);
}

export function inplace(x: PTensor, compute: (self: PTensor) => unknown, what = "in-place"): PTensor {
  checkLeafInPlace(x);
  const old = new PTensor(x.dtype, x.shape.slice(), copyOf(x.data));
  old.gradFn = x.gradFn;
  old.requiresGrad = x.requiresGrad;
  old.numpy = x.numpy;
  old.random = x.random;
  const r = compute(old);
  if (!(r instanceof PTensor)) throw new PyError("TypeError", `unsupported operand for ${what}`);
  if (!sameShape(r.shape, x.shape)) {
    throw new PyError("RuntimeError", `output with shape [${x.shape.join(", ")}] doesn't match the broadcast shape [${r.shape.join(", ")}]`);
  }
  if ((r.isFloat && !x.isFloat) || (x.dtype === "bool" && r.dtype !== "bool")) throw castError(r.dtype, x.dtype, what);
  x.data.set(cast(r, x.dtype).data);
  x.random ||= r.random;
  if (r.gradFn && isGradEnabled()) {
    x.gradFn = r.gradFn;
    x.requiresGrad = true;
  }
  return x;
}
