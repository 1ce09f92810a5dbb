// The narrow integer dtypes (int32, int16, int8, uint8) reach only the ops checked against PyTorch for them (their
// wrap-around, promotion and errors: the python-ops fixtures' int-dtype cases); any other torch function, tensor
// method or module given such a tensor is refused by name, never computed as if it were int64.
import { Unsupported } from "../errors";
import { isNarrowInt, isTensor, type PTensor } from "../tensor";
import type { Args, Value } from "../values";

/** Ops (torch.X and Tensor.X alike) that handle a narrow integer tensor as PyTorch does. */
const CHECKED = new Set([
  // Moving values without changing them.
  ..."view view_as reshape reshape_as unsqueeze squeeze expand expand_as permute transpose t flatten contiguous clone detach flip repeat chunk split unbind narrow ravel cat concat stack".split(" "),
  // Shape and type queries, conversions.
  ..."result_type size dim numel stride is_contiguous cpu to type type_as float double long int short char byte bool item tolist element_size is_floating_point equal requires_grad_".split(" "),
  // Constructors given one (a dtype= or a *_like source).
  ..."tensor as_tensor ones_like zeros_like full_like empty_like new_zeros new_ones new_full".split(" "),
  // Element-wise arithmetic and comparisons (tensor/elementwise.ts: promotion and wrap-around), reductions.
  ..."add sub subtract mul multiply div divide true_divide remainder neg abs absolute pow eq ne gt ge lt le maximum minimum".split(" "),
  ..."sum prod mean max min argmax argmin cumsum clamp clip".split(" "),
  // In place (T.inplace: the result cast back, PyTorch's error where it cannot be).
  ..."add_ sub_ mul_ div_ pow_ neg_ abs_ masked_fill_ clamp_ clip_".split(" "),
  // Masks and indices: a uint8 mask or int32 index as each version takes it, PyTorch's errors for the others.
  ..."where masked_fill masked_select gather index_select one_hot nonzero count_nonzero unique".split(" "),
]);

function narrowIn(v: Value | undefined): PTensor | null {
  if (!v) return null;
  if (isTensor(v)) return isNarrowInt(v.dtype) ? v : null;
  if (v.t === "list" || v.t === "tuple") {
    for (const x of v.items) if (isTensor(x) && isNarrowInt(x.dtype)) return x;
  }
  return null;
}

/** The first narrow integer tensor among a call's self and arguments (one level into lists: cat's). */
export function narrowArg(self: PTensor | null, a: Args): PTensor | null {
  if (self && isNarrowInt(self.dtype)) return self;
  for (const v of a.pos) {
    const t = narrowIn(v);
    if (t) return t;
  }
  for (const v of a.kw.values()) {
    const t = narrowIn(v);
    if (t) return t;
  }
  return null;
}

/**
 * Refuses `name` (torch.X, F.X, Tensor.X as "X", a module) when it is given a narrow integer tensor and is not one
 * of the checked ops.
 */
export function checkNarrow(name: string, self: PTensor | null, a: Args): void {
  const t = narrowArg(self, a);
  if (!t) return;
  const op = name.startsWith("torch.") ? name.slice(6) : name.startsWith("F.") ? name.slice(2) : self ? name : "";
  if (!CHECKED.has(op)) throw new Unsupported(`${self ? `Tensor.${name}` : name} of a torch.${t.dtype} tensor`);
}
