// Reverse-mode autograd: ops record a GradFn on their output (track); backward() walks the graph in
// topological order and accumulates .grad into the leaves, gradients of several uses added in PyTorch's order.
import { PyError } from "../errors";
import { cast, full, PTensor, recycle, storedCopy, withStorageReuse, type GradFn, type PendingRelease, type Storage, type TDtype } from "./core";
import { binary } from "./elementwise";
import { wholeGrad } from "./expand";
import { evalTorch } from "../version";

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** torch.set_grad_enabled(mode) as a plain call: returns the previous mode. */
export function setGradEnabled(on: boolean): boolean {
  const was = gradEnabled;
  gradEnabled = on;
  return was;
}

/** Runs f with grad mode set to `on` (torch.no_grad(): false, torch.enable_grad(): true). */
export function withGradMode<T>(on: boolean, f: () => T): T {
  const was = gradEnabled;
  gradEnabled = on;
  try {
    return f();
  } finally {
    gradEnabled = was;
  }
}

export function withNoGrad<T>(f: () => T): T {
  return withGradMode(false, f);
}

/** Creation order of graph nodes (GradFn.seq). */
let nextSeq = 0;

/** Records out as produced by a differentiable op from inputs (when grad mode is on and an input requires grad). */
let anomaly = false;

/** torch.autograd's anomaly mode: a backward that returns NaN raises (PyTorch's check); returns the mode before. */
export function setAnomaly(on: boolean): boolean {
  const prev = anomaly;
  anomaly = on;
  return prev;
}

export function isAnomalyEnabled(): boolean {
  return anomaly;
}

export function track(out: PTensor, name: string, inputs: (PTensor | null)[], backward: (g: PTensor) => (PTensor | null)[]): PTensor {
  out.random = inputs.some((t) => t?.random === true);
  if (!gradEnabled || !inputs.some((t) => t?.requiresGrad)) return out;
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward, seq: nextSeq++ };
  for (const t of inputs) if (t) t.consumers++;
  return out;
}

/** Marks a tensor as produced by a differentiable op (used by the loss bridge). */
export function attachGrad(out: PTensor, name: string, inputs: (PTensor | null)[], backward: (g: PTensor) => (PTensor | null)[]): PTensor {
  track(out, name, inputs, backward);
  // A loss's one node stands for its graph in PyTorch, which saves tensors whatever the last node's name.
  if (out.gradFn) out.gradFn.savesTensors = true;
  return out;
}

/**
 * loss.backward(): accumulates .grad into every leaf that requires it. Without retain_graph, the nodes it ran
 * through free what they saved (GradFn.release), as PyTorch's do, and those that saved a tensor refuse another pass.
 */
export function backward(root: PTensor, gradient?: PTensor, retainGraph = false): void {
  const ran: GradFn[] = [];
  const made = new Set<Storage>();
  const given = new Set<Storage>();
  for (const [leaf, g] of leafGrads(root, gradient, false, retainGraph ? undefined : ran, made)) {
    // Each leaf's gradient has storage of its own, as PyTorch's AccumulateGrad copies a gradient held elsewhere:
    // one gradient can reach two leaves (AddBackward0), or be the caller's `gradient` or a loss's gradients kept
    // for another backward (python/lossbridge.ts).
    const own = made.has(g.data) && !given.has(g.data);
    given.add(g.data);
    withNoGrad(() => {
      if (leaf.grad) {
        setGrad(leaf, binary("+", leaf.grad, g));
        if (own) recycle(g.data);
      } else setGrad(leaf, own ? cast(g, leaf.dtype) : copyAs(g, leaf.dtype));
    });
    unseenGrads.add(leaf.grad!);
  }
  for (const fn of ran) freeNode(fn, fn.savesTensors || !savesNoTensor(fn.name));
}

/** A node a backward ran through (or one no backward can reach): what it saved is recycled, and when `freed`, the
 *  storage waiting on it (releaseWhenFreed). */
function freeNode(fn: GradFn, freed: boolean): void {
  if (fn.release) for (const s of fn.release) recycle(s);
  fn.release = undefined;
  if (freed) fn.freed = true;
  if (fn.freed && fn.pending) {
    for (const p of fn.pending) if (--p.left === 0) recycle(p.storage);
    fn.pending = undefined;
  }
}

/** Recycles t's storage once the nodes `readers` are freed, as releaseWhenFreed, or when a record holds t, once
 *  the last record lets go (unholdStorage). */
export function releaseStorage(t: PTensor, readers: GradFn[]): void {
  if (t.holds > 0) t.heldRelease = readers;
  else releaseWhenFreed(t.data, readers);
}

/** A record of the interpreter's shows t: its storage stays until unholdStorage. */
export function holdStorage(t: PTensor): void {
  t.holds++;
}

/** A record lets go of t: a release its dead name asked for meanwhile is done now. */
export function unholdStorage(t: PTensor): void {
  if (--t.holds > 0 || !t.heldRelease) return;
  const readers = t.heldRelease;
  t.heldRelease = null;
  releaseWhenFreed(t.data, readers);
}

/** A holder outside the program (the interpreter's last loss) keeps t's graph: counted as one more consumer. */
export function pinGraph(t: PTensor): void {
  t.consumers++;
}

/** pinGraph's holder lets go: t's graph is dropped when nothing else reaches it. */
export function unpinGraph(t: PTensor): void {
  if (--t.consumers === 0 && t.dropped) dropGraph(t);
}

/**
 * A tensor whose name died (interp/expressions.ts releaseClaimed) and that no node takes as an input: no backward
 * can reach its node any more, so the node is freed now, as CPython's reference count frees a graph nobody holds
 * (a loop of forward passes without backward). So, in turn, is each input's node that only this graph consumed,
 * when the input's own name has died too.
 */
export function dropGraph(t: PTensor): void {
  const stack = [t];
  for (let u = stack.pop(); u; u = stack.pop()) {
    const fn = u.gradFn;
    if (!fn || fn.freed) continue;
    freeNode(fn, true);
    for (const v of fn.inputs) if (v && --v.consumers === 0 && v.dropped) stack.push(v);
  }
}

/**
 * Recycles storage that nothing but the graph nodes `readers` can still read (a dead name's tensor: interp/
 * expressions.ts) once a backward has freed every one of them: a freed node never runs again (FREED), while one that
 * saves no tensor by PyTorch's reckoning is never freed, so what it reads is left to the garbage collector.
 */
export function releaseWhenFreed(s: Storage, readers: GradFn[]): void {
  const p: PendingRelease = { storage: s, left: 0 };
  for (const fn of new Set(readers)) {
    if (fn.freed) continue;
    p.left++;
    (fn.pending ??= []).push(p);
  }
  if (p.left === 0) recycle(s);
}

/**
 * PyTorch's nodes that save no tensor, only sizes, dims or scalars (measured on 1.13 and 2.13: a second backward
 * through a graph of only these runs); every other node frees what it saved, so a second backward through it
 * raises. A Python number operand is saved as a tensor (x * 2: MulBackward0).
 */
const SAVES_NO_TENSOR = new Set([
  "AddBackward0", "SubBackward0", "RsubBackward1", "NegBackward0", "SumBackward0", "SumBackward1", "MeanBackward0",
  "ViewBackward0", "ReshapeAliasBackward0", "ExpandBackward0", "PermuteBackward0", "TBackward0", "TransposeBackward0",
  "SqueezeBackward0", "SqueezeBackward1", "UnsqueezeBackward0", "SliceBackward0", "SelectBackward0", "AliasBackward0",
  "CatBackward0", "StackBackward0", "RepeatBackward0", "UnbindBackward0", "CloneBackward0", "ToCopyBackward0",
  "RoundBackward0", "SignBackward0", "FloorBackward0", "CeilBackward0", "TruncBackward0", "Col2ImBackward0",
]);

function savesNoTensor(name: string): boolean {
  return SAVES_NO_TENSOR.has(name) || evalTorch().nodesSavingNoTensor.includes(name);
}

/** g's values in new storage of dtype. */
function copyAs(g: PTensor, dtype: TDtype): PTensor {
  return g.dtype !== dtype ? cast(g, dtype) : new PTensor(dtype, g.shape.slice(), storedCopy(g.data));
}

/**
 * Leaf gradients backward() made that the program was never handed (tensor.grad not read): their storage is the
 * leaf's alone, recycled when its .grad is replaced (x.grad = None, zero_grad(), the next backward's sum).
 */
const unseenGrads = new WeakSet<PTensor>();

/** t.grad as the program reads it (from then on it may be held anywhere). */
export function gradOf(t: PTensor): PTensor | null {
  if (t.grad) unseenGrads.delete(t.grad);
  return t.grad;
}

/** Replaces t.grad (with g, which the program may hold), recycling the old gradient's storage when only t held it. */
export function setGrad(t: PTensor, g: PTensor | null): void {
  const old = t.grad;
  t.grad = g;
  if (old && old !== g && old.data !== g?.data && unseenGrads.delete(old)) recycle(old.data);
}

/** PyTorch's error for a backward through nodes whose saved tensors an earlier backward freed. */
const FREED =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
  "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
  "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/** The nodes ready to run, the one created last first (a binary heap on GradFn.seq; a leaf, which has no node,
 *  first of all: when its gradient is complete does not matter). */
class ReadyQueue {
  private heap: PTensor[] = [];
  private static key(t: PTensor): number {
    return t.gradFn?.seq ?? Infinity;
  }
  push(t: PTensor): void {
    const h = this.heap;
    let i = h.push(t) - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (ReadyQueue.key(h[up]) >= ReadyQueue.key(t)) break;
      h[i] = h[up];
      i = up;
    }
    h[i] = t;
  }
  pop(): PTensor | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && ReadyQueue.key(h[l + 1]) > ReadyQueue.key(h[l]) ? l + 1 : l;
        if (ReadyQueue.key(h[c]) <= ReadyQueue.key(last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/** The gradient of root (of its sum, or with the given upstream gradient) w.r.t. every leaf requiring grad. */
export function leafGrads(root: PTensor, gradient?: PTensor, implicitSum = false, ran?: GradFn[], made?: Set<Storage>): Map<PTensor, PTensor> {
  if (!root.requiresGrad) {
    throw new PyError("RuntimeError", "element 0 of tensors does not require grad and does not have a grad_fn");
  }
  if (!gradient) {
    if (root.numel !== 1 && !implicitSum) throw new PyError("RuntimeError", "grad can be implicitly created only for scalar outputs");
    gradient = full(root.shape, 1, root.dtype);
  }
  // Each node runs once every node that feeds it a gradient has run; of those ready, the one created last first
  // (PyTorch's engine: its sequence numbers). That order is the order in which a tensor's gradients are summed, so
  // it decides their last bits when three or more meet. Dependencies count edges (x * x feeds x twice).
  const deps = new Map<PTensor, number>();
  const seen = new Set<PTensor>([root]);
  const stack = [root];
  while (stack.length) {
    for (const next of stack.pop()!.gradFn?.inputs ?? []) {
      if (!next || !next.requiresGrad) continue;
      deps.set(next, (deps.get(next) ?? 0) + 1);
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  const ready = new ReadyQueue();
  ready.push(root);
  const grads = new Map<PTensor, PTensor>([[root, gradient]]);
  const leaves = new Map<PTensor, PTensor>();
  // A gradient is consumed once its node's backward ran (or once added into another): its storage is reused for
  // the next gradients when no pending gradient holds it any more. Counted by storage: views share it, and a
  // backward may hand its upstream gradient on as it is (AddBackward0 to both inputs). Leaves' gradients are
  // never released (they become .grad).
  const held = new Map<Storage, number>();
  const hold = (g: PTensor): void => void held.set(g.data, (held.get(g.data) ?? 0) + 1);
  withStorageReuse((recycle, madeHere) => {
    const done = (g: PTensor): void => {
      const left = (held.get(g.data) ?? 0) - 1;
      if (left > 0) return void held.set(g.data, left);
      held.delete(g.data);
      recycle(g.data);
    };
    hold(gradient!);
    withNoGrad(() => {
      const fed = (t: PTensor): void => {
        for (const next of t.gradFn?.inputs ?? []) {
          if (!next || !next.requiresGrad) continue;
          const left = deps.get(next)! - 1;
          deps.set(next, left);
          if (left === 0) ready.push(next);
        }
      };
      for (let t = ready.pop(); t; t = ready.pop()) {
        let g = grads.get(t);
        if (!g) {
          fed(t);
          continue;
        }
        grads.delete(t);
        // A reduction's gradient kept as a broadcast view (tensor/expand.ts): whole now that a backward needs it.
        const whole = t.gradFn?.takesGradView ? g : wholeGrad(g, t.shape);
        if (whole !== g) {
          hold(whole);
          done(g);
          g = whole;
        }
        if (!t.gradFn) {
          leaves.set(t, g);
          continue;
        }
        if (t.gradFn.freed) throw new PyError("RuntimeError", FREED);
        ran?.push(t.gradFn);
        const gs = t.gradFn.backward(g);
        if (anomaly) {
          gs.forEach((gi, j) => {
            if (gi && gi.data.some(Number.isNaN)) throw new PyError("RuntimeError", `Function '${t.gradFn!.name}' returned nan values in its ${j}th output.`);
          });
        }
        t.gradFn.inputs.forEach((inp, j) => {
          const gi = gs[j];
          if (!inp || !gi || !inp.requiresGrad) return;
          hold(gi);
          const prev = grads.get(inp);
          if (!prev) return void grads.set(inp, gi);
          const sum = binary("+", prev, gi);
          hold(sum);
          grads.set(inp, sum);
          done(prev);
          done(gi);
        });
        fed(t);
        done(g);
      }
    });
    // Which leaf gradients are this pass's own storage (not the caller's gradient, nor a loss's kept gradients).
    if (made) for (const g of leaves.values()) if (madeHere(g.data)) made.add(g.data);
  });
  return leaves;
}
