// The torch / torch.nn / torch.nn.functional / numpy / math names the evaluator knows, and the methods and
// attributes of tensors. Anything else on those modules is reported as unsupported, never guessed.
//   ctx.ts      what the namespaces need from the interpreter
//   args.ts     argument helpers (numbers, dtypes, sizes, operands; nested data -> tensor)
//   torch.ts    torch.*            nn.ts   torch.nn.* and torch.nn.functional.*, calling modules
//   numpy.ts    numpy.* and math.* methods.ts  Tensor methods and attributes
//   submodules.ts  torch.linalg.*, torch.special.*, torch.autograd.*, torch.nn.init.*   optim.ts  torch.optim.SGD / Adam / AdamW
//   distributions.ts  torch.distributions.Normal  functional.ts  F.elu / leaky_relu / silu / avg_pool2d ...
import type { Value } from "../values";
import type { Ctx } from "./ctx";
import { functionalAttr, lossBase, nnAttr } from "./nn";
import { mathAttr, numpyAttr } from "./numpy";
import { distributionsAttr } from "./distributions";
import { optimAttr } from "./optim";
import { autogradAttr, initAttr, linalgAttr, specialAttr } from "./submodules";
import { torchAttr } from "./torch";
import { withNumpyAliases } from "./numpyargs";
import { ampAttr, jitAttr } from "./eager";
import { reductionAttr } from "./reductionenum";

export type { Ctx } from "./ctx";
export * from "./args";
export { callModule } from "./nn";
export { tensorAttr, toList } from "./methods";
export { clampCall, reduceCall, softmaxCall } from "./torch";

export function moduleAttr(mod: string, name: string, ctx: Ctx): Value | undefined {
  switch (mod) {
    case "torch":
      return withNumpyAliases(name, torchAttr(name, ctx));
    case "torch.nn":
      return nnAttr(name, ctx);
    case "torch.nn.functional":
      return functionalAttr(name, ctx);
    case "numpy":
      return numpyAttr(name, ctx);
    case "math":
      return mathAttr(name);
    case "torch.nn.modules":
      if (name === "loss") return { t: "module", name: "torch.nn.modules.loss" };
      return nnAttr(name, ctx);
    case "torch.nn.modules.loss":
      return lossBase(name) ?? nnAttr(name, ctx);
    case "torch.linalg":
      return linalgAttr(name);
    case "torch.special":
      return specialAttr(name, ctx);
    case "torch.autograd":
      return autogradAttr(name);
    case "torch.optim":
      return optimAttr(name);
    case "torch.nn.init":
      return initAttr(name, ctx);
    case "torch.distributions":
      return distributionsAttr(name, ctx);
    case "torch.cuda":
      // A CPU build: no CUDA device, as Debian's PyTorch reports.
      if (name === "is_available") return { t: "builtin", name: "torch.cuda.is_available", fn: () => ({ t: "bool", v: false }) };
      if (name === "device_count") return { t: "builtin", name: "torch.cuda.device_count", fn: () => ({ t: "int", v: 0 }) };
      if (name === "amp") return { t: "module", name: "torch.cuda.amp" };
      return undefined;
    case "torch.cuda.amp":
      return ampAttr(name, ctx);
    case "torch.jit":
      return jitAttr(name);
    case "torch.nn._reduction":
      return reductionAttr(name, ctx);
  }
  return undefined;
}
export { checkNarrow } from "./narrowgate";
export { checkParser } from "./argparser";
export { checkPythonCall } from "./pyargs";
