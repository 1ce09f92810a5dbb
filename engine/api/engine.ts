// createEngine(): the typed entry point. Looks the loss up in the registry, fills options from the catalog,
// resets scratch memory, and lets the loss module compute.
import { getLoss } from "../catalog";
import { addedParams } from "../catalog/versions";
import { lossImpls } from "../losses";
import { Arena } from "./memory";
import { resolveOptions } from "./options";
import type { LossContext, LossImpl } from "./registry";
import { numel } from "./tensor";
import { LossError, VML, type ElementwiseOp, type Engine, type LossCall, type LossResult, type Tensor } from "./types";
import { errorIn, isPyTorchVersion, kernelFlags, NEWEST_PYTORCH, torchBehaviour, warningIn, type PyTorchVersion } from "./versions";
import { kernel, loadKernels } from "./wasm";

export interface EngineOptions {
  /** Alternative module bytes (the benchmark's scalar build); default: the bundled SIMD module. */
  wasm?: Uint8Array;
  /** The PyTorch answered when a call names none (default: the newest supported). */
  pytorch?: PyTorchVersion;
}

/** A malformed tensor (data and shape disagree) is the caller's bug; say so rather than compute garbage. */
function checkTensor(t: Tensor, i: number): void {
  const n = numel(t.shape);
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || t.data.length !== n) {
    throw new LossError("ValueError", `input ${i}: shape [${t.shape.join(", ")}] needs ${n} values, the tensor holds ${t.data.length}`, i);
  }
}

/** Engine.elementwise's op codes in kernels/unary.ts. */
const ELEMENTWISE_OPS: Record<ElementwiseOp, number> = { exp: 0, log: 1, log1p: 2, sigmoid: 3 };

export async function createEngine(opts: EngineOptions = {}): Promise<Engine> {
  const kernels = await loadKernels(opts.wasm);
  const arena = new Arena(kernels);
  const registry = new Map<string, LossImpl>(lossImpls.map((impl) => [impl.className, impl]));
  const pytorch = opts.pytorch ?? NEWEST_PYTORCH;
  if (!isPyTorchVersion(pytorch)) throw new LossError("ValueError", `unsupported PyTorch version ${String(pytorch)}`);
  return {
    pytorch,
    compute(call: LossCall): LossResult {
      const version = call.pytorch ?? pytorch;
      if (!isPyTorchVersion(version)) throw new LossError("ValueError", `unsupported PyTorch version ${String(version)}`);
      let record = getLoss(call.loss);
      if (record?.aliasOf) record = getLoss(record.aliasOf) ?? record;
      const impl = record && registry.get(record.className);
      if (!record || !impl) throw new LossError("ValueError", `Loss Lens cannot compute ${call.loss} yet`);
      call.inputs.forEach((t, i) => checkTensor(t, i));
      arena.reset();
      const torch = torchBehaviour(version);
      kernel(kernels, "set_torch")(kernelFlags(torch));
      const ctx: LossContext = { call, record, options: resolveOptions(record, call.options ?? {}, addedParams(record.className, version, true)), warnings: [], kernels, arena, torch };
      let result: LossResult;
      try {
        result = impl.compute(ctx);
      } catch (e) {
        // Losses speak 1.13's words; the version's table says where its words (or exception type) differ.
        if (e instanceof LossError && version !== "1.13") {
          const r = errorIn(version, e.kind, e.message);
          throw new LossError(r.kind, r.message, e.where);
        }
        throw e;
      }
      return { ...result, warnings: result.warnings.map((w) => warningIn(version, w)), pytorch: version };
    },
    elementwise(op: ElementwiseOp, data: Float32Array | Float64Array, vector?: number, version: PyTorchVersion = pytorch): Float32Array | Float64Array {
      const dtype = data instanceof Float32Array ? "float32" : "float64";
      const n = data.length;
      // torch.exp / torch.log on a whole tensor: MKL's VML in the 2.x wheels, for which glibc stands in (versions.ts).
      if (vector === VML) vector = (op === "exp" || op === "log") && torchBehaviour(version).vml === "mkl" ? 0 : undefined;
      // cpu_kernel_vec (sigmoid) vectorises whole chunks of 2 * Vec::size(); vml (exp, log, log1p) everything.
      const body = Math.max(0, Math.min(n, vector ?? (op === "sigmoid" ? n - (n % (dtype === "float32" ? 16 : 8)) : n)));
      arena.reset();
      const ptr = arena.put(dtype, data);
      kernel(kernels, dtype === "float32" ? "unary_f32" : "unary_f64")(ELEMENTWISE_OPS[op], ptr, ptr, n, body);
      return arena.read(dtype, ptr, data.length);
    },
  };
}
