// What PyTorch versions added or changed, per loss, as data: the records' params are PyTorch 1.13's (checked
// against its signatures); what 2.x added lives here, with a line for the hover. The engine accepts an added
// parameter only from the version that has it; hover marks it and says when the user's version lacks it.
import type { PyTorchVersion } from "../api/versions";
import type { LossRecord, ParamSpec, Text } from "./types";

export interface VersionFact {
  /** torch.nn class name. */
  loss: string;
  /** The first supported version with it; hover says "PyTorch 2.x" for 2.13. */
  since: PyTorchVersion;
  /** A parameter the version added (to the functional form only, when functionalOnly). */
  param?: ParamSpec;
  functionalOnly?: boolean;
  /** What changed, one line. */
  text: Text;
}

const weight: ParamSpec = { name: "weight", kind: "tensor", default: null };

export const VERSION_FACTS: VersionFact[] = [
  {
    loss: "MSELoss",
    since: "2.13",
    param: weight,
    functionalOnly: true,
    text: { en: "`weight=` on `F.mse_loss` (not on the class): Σ w·(x − y)² / Σ w for 'mean'", "zh-cn": "`F.mse_loss` 的 `weight=`（类上没有）：'mean' 为 Σ w·(x − y)² / Σ w" },
  },
  {
    loss: "L1Loss",
    since: "2.13",
    param: weight,
    functionalOnly: true,
    text: { en: "`weight=` on `F.l1_loss` (not on the class): Σ w·|x − y| / Σ w for 'mean'", "zh-cn": "`F.l1_loss` 的 `weight=`（类上没有）：'mean' 为 Σ w·|x − y| / Σ w" },
  },
  {
    loss: "HuberLoss",
    since: "2.13",
    param: weight,
    functionalOnly: true,
    text: { en: "`weight=` on `F.huber_loss` (not on the class): 'mean' is the mean of w·huber", "zh-cn": "`F.huber_loss` 的 `weight=`（类上没有）：'mean' 为 w·huber 的平均" },
  },
  {
    loss: "BCELoss",
    since: "2.13",
    text: { en: "a target outside [0, 1] raises `all elements of target should be between 0 and 1` (1.13 computed a number)", "zh-cn": "目标值超出 [0, 1] 会报错 `all elements of target should be between 0 and 1`（1.13 会算出一个数）" },
  },
  {
    loss: "GaussianNLLLoss",
    since: "2.13",
    text: { en: "`var` may be a Python float (a constant variance)", "zh-cn": "`var` 可以是 Python 浮点数（常数方差）" },
  },
  {
    loss: "SmoothL1Loss",
    since: "2.13",
    text: { en: "`beta=0` runs `l1_loss`: the gradient at x = y is 0 (1.13: −1)", "zh-cn": "`beta=0` 直接调用 `l1_loss`：x = y 处梯度为 0（1.13 为 −1）" },
  },
  {
    loss: "TripletMarginLoss",
    since: "2.13",
    text: { en: "`margin` must be > 0 (ValueError)", "zh-cn": "`margin` 必须 > 0（ValueError）" },
  },
  {
    loss: "TripletMarginWithDistanceLoss",
    since: "2.13",
    text: { en: "`margin` must be > 0; anchor, positive and negative must have the same number of dimensions", "zh-cn": "`margin` 必须 > 0；anchor、positive、negative 维数必须相同" },
  },
  {
    loss: "CrossEntropyLoss",
    since: "2.13",
    text: { en: "a float class-index target reads `expected target dtype to be Long or Byte, but got Float`", "zh-cn": "浮点类别索引目标的报错为 `expected target dtype to be Long or Byte, but got Float`" },
  },
];

/** Version order: 1.13 < 2.13 (the supported versions only). */
function atLeast(v: PyTorchVersion, since: PyTorchVersion): boolean {
  const [a, b] = [v, since].map((s) => s.split(".").map(Number));
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

/** Whether `version` has the loss at all (nn.LinearCrossEntropyLoss: 2.x only). */
export function hasLoss(record: LossRecord, version: PyTorchVersion): boolean {
  return !record.since || atLeast(version, record.since);
}

/** "2.13" -> "2.x": facts are about a major version's line, measured on the supported release. */
export function family(v: PyTorchVersion): string {
  return `${v.split(".")[0]}.x`;
}

/** The facts about one loss. */
export function versionFacts(loss: string): VersionFact[] {
  return VERSION_FACTS.filter((f) => f.loss === loss);
}

/** Parameters `version` adds to the loss (functional: the F.* form; else the class). */
export function addedParams(loss: string, version: PyTorchVersion, functional: boolean): ParamSpec[] {
  return VERSION_FACTS.filter((f) => f.loss === loss && f.param && atLeast(version, f.since) && (functional || !f.functionalOnly)).map((f) => f.param!);
}

/** A parameter some version adds to the loss, and the version, when `version` lacks it (for hover's note). */
export function missingIn(loss: string, param: string, version: PyTorchVersion): VersionFact | undefined {
  return VERSION_FACTS.find((f) => f.loss === loss && f.param?.name === param && !atLeast(version, f.since));
}
