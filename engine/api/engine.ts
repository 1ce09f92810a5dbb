// createEngine(): the typed entry point. Looks the loss up in the registry, settles the options once
// (api/options.ts), resets scratch memory, lets the loss module compute, and reports the reduction and grad_fn used.
import { getLoss } from "../catalog";
import { lossImpls } from "../losses";
import { Arena } from "./memory";
import { PinnedTensor } from "./pinned";
import { gradFnName } from "./gradfn";
import { resolveOptions } from "./options";
import type { LossContext, LossImpl } from "./registry";
import { numel } from "./tensor";
import { LossError, type DType, type ElementwiseOp, type Engine, type LossCall, type LossResult, type Tensor } from "./types";
import { errorIn, isPyTorchVersion, kernelFlags, NEWEST_PYTORCH, warningIn, type PyTorchVersion } from "./versions";
import { runElementwise } from "./elementwise";
import { HeapFull, ResidentHeap } from "./resident";
import { loadKernels, type KernelExports, type Kernels, type KernelVariant } from "./wasm";

export interface EngineOptions {
  /** Alternative module bytes (the benchmark's scalar build); default: the bundled SIMD module. */
  wasm?: Uint8Array;
  /** "emulated": never the relaxed-SIMD FMA build (tests compare both; see api/wasm.ts). */
  kernels?: KernelVariant;
  /** The PyTorch answered when a call names none (LossCall.pytorch); default: the newest supported. */
  pytorch?: PyTorchVersion;
}

/** A malformed tensor (data and shape disagree) is the caller's bug; say so rather than compute garbage. */
function checkTensor(t: Tensor, i: number): void {
  const n = numel(t.shape);
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || t.data.length !== n) {
    throw new LossError("ValueError", `input ${i}: shape [${t.shape.join(", ")}] needs ${n} values, the tensor holds ${t.data.length}`, i);
  }
}

export async function createEngine(opts: EngineOptions = {}): Promise<Engine> {
  const kernels = await loadKernels(opts.wasm, opts.kernels);
  const arena = new Arena(kernels.exports);
  const registry = new Map<string, LossImpl>(lossImpls.map((impl) => [impl.className, impl]));
  /** The heaps this engine made, with their instance's kernels (LossContext.kernels for LossCall.heap). */
  const ofHeap = new WeakMap<ResidentHeap, Kernels>();
  const pytorch = opts.pytorch ?? NEWEST_PYTORCH;
  if (!isPyTorchVersion(pytorch)) throw new LossError("ValueError", `unsupported PyTorch version ${String(pytorch)}`);
  return {
    kernelVariant: kernels.variant,
    pytorch,
    kernels: { float32: kernels.float32, float64: kernels.float64, arena },
    compute(call: LossCall): LossResult {
      let record = getLoss(call.loss);
      if (record?.aliasOf) record = getLoss(record.aliasOf) ?? record;
      const impl = record && registry.get(record.className);
      if (!record || !impl) throw new LossError("ValueError", `Loss Lens cannot compute ${call.loss} yet`);
      call.inputs.forEach((t, i) => checkTensor(t, i));
      // The version is one more input of the resolver: it checks it and answers with that version's behaviour.
      const resolved = resolveOptions(record, call.options ?? {}, { version: call.pytorch ?? pytorch });
      const run = (k: Kernels, scratch: Arena): LossResult => {
        scratch.reset();
        k.exports.set_torch(kernelFlags(resolved.torch));
        return computeWith(impl, { call, record, options: resolved.values, resolved, torch: resolved.torch, warnings: [], kernels: k, arena: scratch });
      };
      const heap = call.heap;
      const inHeap = heap && ofHeap.get(heap);
      if (heap && inHeap && call.inputs.some((t) => heap.owns(t.data))) {
        try {
          return run(inHeap, heap.scratch);
        } catch (e) {
          if (!(e instanceof HeapFull)) throw e;
          heap.scratch.reset();
        }
      }
      return run(kernels, arena);
    },
    elementwise<A extends Float32Array | Float64Array>(op: ElementwiseOp, data: A, vector?: number, version: PyTorchVersion = pytorch, into?: A): A {
      const dtype = data instanceof Float32Array ? "float32" : "float64";
      const n = data.length;
      if (into && into.length !== n) throw new LossError("ValueError", `elementwise: into holds ${into.length} values, not ${n}`);
      arena.reset();
      const ptr = arena.put(dtype, data); // a copy: the op runs in place
      runElementwise(kernels, op, dtype, ptr, ptr, n, vector, version);
      if (!into) return arena.read(dtype, ptr, n) as A;
      into.set(arena.view(dtype, ptr, n));
      return into;
    },
    residentHeap(): ResidentHeap | null {
      try {
        const heap = ResidentHeap.create(new WebAssembly.Instance(kernels.module, {}).exports as unknown as KernelExports);
        if (heap) ofHeap.set(heap, { exports: heap.exports, module: kernels.module, float32: heap.float32, float64: heap.float64, variant: kernels.variant });
        return heap;
      } catch {
        // A host that refuses a synchronous instance (a browser's main thread): the copying path.
        return null;
      }
    },
    tensor(dtype: DType, shape: number[], values?: ArrayLike<number>): Tensor {
      const n = numel(shape);
      const ptr = arena.pin(Math.max(n, 1) * (dtype === "float32" ? 4 : 8));
      const t = new PinnedTensor(dtype, [...shape], ptr, n, kernels.exports.memory);
      if (values) t.data.set(values);
      else t.data.fill(0);
      return t;
    },
    release(t: Tensor): void {
      if (t instanceof PinnedTensor) arena.unpin(t.ptr);
    },
  };
}

/** impl's values with what the engine settled: the reduction, the grad_fn, PyTorch's words in the asked version. */
function computeWith(impl: LossImpl, ctx: LossContext): LossResult {
  const version = ctx.resolved.version;
  let values;
  try {
    values = impl.compute(ctx);
  } catch (e) {
    // Losses speak 1.13's words; the version's table says where its words (or exception type) differ.
    if (e instanceof LossError && version !== "1.13") {
      const r = errorIn(version, e.kind, e.message);
      throw new LossError(r.kind, r.message, e.where);
    }
    throw e;
  }
  return {
    ...values,
    warnings: values.warnings.map((w) => warningIn(version, w)),
    reduction: ctx.resolved.reported,
    gradFn: gradFnName(ctx.record, ctx.resolved, ctx.call.inputs),
    pytorch: version,
  };
}
