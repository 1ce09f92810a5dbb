// torch.empty / empty_like / Tensor.new_empty / torch.FloatTensor(sizes) hand out memory PyTorch never initialised:
// it prints whatever the allocator held (measured: a different value each run), so no value read from it can be
// PyTorch's. Such a tensor is marked (PTensor.uninit); a call, operator or print that reads its values is refused;
// the calls that write every element (fill_, zero_, copy_, the random fills) clear the mark; its metadata (shape,
// dtype, size(), numel() ...) stays readable, and views of it (indexing, .T) are marked too.
import { Unsupported, type Span } from "./errors";
import { isTensor, type PTensor } from "./tensor";
import { anyArg, type Args, type Value } from "./values";

// Calls that write every element of self (or of their first argument: nn.init's).
const WRITES_ALL = new Set(["fill_", "zero_", "copy_", "uniform_", "normal_", "random_", "exponential_", "bernoulli_", "geometric_", "log_normal_", "cauchy_"].map((n) => `Tensor.${n}`));
const INIT_WRITES = /^torch\.nn\.init\.(?!calculate_gain$)\w+_$/;
// Calls that read no element (or store the tensor itself), and calls whose result holds the same uninitialised
// values (marked in turn).
const METADATA = new Set(["len", "isinstance", "type", "id", "callable", "hasattr", "register_buffer", "register_parameter", "append", "torch.numel", "torch.is_tensor", "torch.is_floating_point",
  ...["empty", "zeros", "ones", "full", "rand", "randn", "randint"].map((n) => `torch.${n}_like`),
  ...["size", "dim", "ndimension", "numel", "nelement", "element_size", "stride", "is_contiguous", "is_floating_point", "get_device", "new_zeros", "new_ones", "new_full"].map((n) => `Tensor.${n}`),
]);
const SAME_VALUES = new Set(["nn.Parameter", ...["to", "cpu", "detach", "requires_grad_", "view", "reshape", "contiguous", "clone", "float", "double"].map((n) => `Tensor.${n}`)]);

/** t, marked uninitialised when it has elements. */
export function uninitialized(t: PTensor): PTensor {
  t.uninit = t.numel > 0;
  return t;
}

/** A value that is, or directly holds (a list / tuple), an uninitialised tensor. */
export function holdsUninit(v: Value | undefined): boolean {
  if (!v) return false;
  if (isTensor(v)) return v.uninit;
  return (v.t === "list" || v.t === "tuple") && v.items.some((x) => isTensor(x) && x.uninit);
}

export function refuseUninit(span?: Span): never {
  throw new Unsupported("reading torch.empty's uninitialized memory (PyTorch prints whatever it held)", span);
}

/**
 * A call of `name` (Tensor methods as "Tensor.x") on these arguments: refused when it reads uninitialised values;
 * otherwise what to do with its result (a whole write clears the mark, a view or copy carries it).
 */
export function uninitCall(name: string, self: PTensor | undefined, args: Args): ((r: Value) => void) | null {
  // out= is written, not read (and refused by name where it is not None). Every builtin call asks: the common
  // answer (nothing uninitialised) builds no array.
  if (!self?.uninit && !anyArg(args, holdsUninit, "out")) return null;
  const held = [...args.pos, ...[...args.kw].filter(([k]) => k !== "out").map(([, v]) => v)].filter(holdsUninit);
  if (self?.uninit && !held.length && WRITES_ALL.has(name)) return () => (self.uninit = false);
  const first = args.pos[0] ?? args.kw.get("tensor");
  if (INIT_WRITES.test(name) && held.length === 1 && held[0] === first && isTensor(first)) return () => (first.uninit = false);
  if (METADATA.has(name)) return null;
  if (SAME_VALUES.has(name) && held.length <= 1 && (self?.uninit ? !held.length : true)) return (r) => void (isTensor(r) && uninitialized(r));
  refuseUninit(args.span);
}
