// The hover's own words in each language. The hover follows lossLens.language, which may differ from
// VS Code's display language, so these do not go through vscode.l10n.
import type { InputDtype, InputMeaning, Lang } from "../catalog/types";

export interface HoverStrings {
  formula: string;
  inputs: string;
  input: string;
  shape: string;
  dtype: string;
  meaning: string;
  output: string;
  reduction: string;
  thisCall: string;
  defaults: string;
  pitfalls: string;
  related: string;
  openPlayground: string;
  compute: string;
  plotOwn: string;
  docs: string;
  parameterOf: string;
  default: string;
  given: string;
  valid: string;
  notAParameter: (name: string, loss: string) => string;
  criterion: (variable: string, line: number) => string;
  /** The user's own loss class: its name (a code span), the line of its `class` statement. */
  ownClass: (name: string, line: number) => string;
  /** `criterion` (a code span) holds an instance of it, made on line N by the given constructor call (a code span). */
  ownInstance: (variable: string, line: number, construction: string) => string;
  deprecatedParam: string;
  choices: string;
  range: string;
  passedAs: string;
  dtypes: Record<InputDtype, string>;
  meanings: Record<InputMeaning, string>;
  kinds: Record<string, string>;
}

const en: HoverStrings = {
  formula: "Formula",
  inputs: "Inputs",
  input: "Input",
  shape: "Shape",
  dtype: "Dtype",
  meaning: "Meaning",
  output: "Output",
  reduction: "reduction",
  thisCall: "This call",
  defaults: "all defaults",
  pitfalls: "Pitfalls",
  related: "Related",
  openPlayground: "Open in the playground",
  compute: "Compute this call",
  plotOwn: "Plot it and its gradient",
  docs: "PyTorch docs",
  parameterOf: "parameter of",
  default: "Default",
  given: "Given",
  valid: "valid",
  notAParameter: (name, loss) => `\`${name}\` is not a parameter of ${loss}.`,
  criterion: (variable, line) => `\`${variable}\` is a loss criterion, created on line ${line}:`,
  ownClass: (name, line) => `${name}: your own loss class (your code, defined on line ${line})`,
  ownInstance: (variable, line, construction) => `${variable} = ${construction}, created on line ${line}`,
  deprecatedParam: "Deprecated",
  choices: "One of",
  range: "Valid range",
  passedAs: "passed as",
  dtypes: { float: "float", int64: "int64 (long)", "float-or-int64": "int64 or float" },
  meanings: {
    logits: "logits (raw scores)",
    probabilities: "probabilities",
    "log-probabilities": "log-probabilities",
    "class-indices": "class indices",
    "class-probabilities": "class probabilities",
    "labels-pm1": "labels ±1",
    "labels-01": "targets 0/1",
    values: "values",
    rates: "rates",
    variance: "variances",
    embeddings: "embeddings",
    distances: "distances",
    scores: "scores",
    lengths: "lengths",
    "linear-weight": "linear layer weight",
  },
  kinds: {
    float: "float",
    int: "int",
    bool: "bool",
    reduction: "str",
    tensor: "Tensor | None",
    callable: "Callable | None",
    "legacy-bool": "bool | None",
    shape: "tuple[int, ...]",
    device: "torch.device | None",
    dtype: "torch.dtype | None",
    object: "object | None",
  },
};

const zh: HoverStrings = {
  formula: "公式",
  inputs: "输入",
  input: "输入",
  shape: "形状",
  dtype: "类型",
  meaning: "含义",
  output: "输出",
  reduction: "reduction",
  thisCall: "本次调用",
  defaults: "全部为默认值",
  pitfalls: "常见陷阱",
  related: "相关",
  openPlayground: "在演练场中打开",
  compute: "计算此调用",
  plotOwn: "绘制它及其梯度",
  docs: "PyTorch 文档",
  parameterOf: "的参数",
  default: "默认值",
  given: "给定值",
  valid: "有效",
  notAParameter: (name, loss) => `\`${name}\` 不是 ${loss} 的参数。`,
  criterion: (variable, line) => `\`${variable}\` 是一个损失函数对象，创建于第 ${line} 行：`,
  ownClass: (name, line) => `${name}：你自己的损失类（你的代码，定义于第 ${line} 行）`,
  ownInstance: (variable, line, construction) => `${variable} = ${construction}，创建于第 ${line} 行`,
  deprecatedParam: "已弃用",
  choices: "可选值",
  range: "有效范围",
  passedAs: "传入",
  dtypes: { float: "浮点", int64: "int64（long）", "float-or-int64": "int64 或浮点" },
  meanings: {
    logits: "logits（原始得分）",
    probabilities: "概率",
    "log-probabilities": "对数概率",
    "class-indices": "类别索引",
    "class-probabilities": "类别概率",
    "labels-pm1": "±1 标签",
    "labels-01": "0/1 目标",
    values: "数值",
    rates: "速率",
    variance: "方差",
    embeddings: "嵌入向量",
    distances: "距离",
    scores: "得分",
    lengths: "长度",
    "linear-weight": "线性层权重",
  },
  kinds: en.kinds,
};

export const strings: Record<Lang, HoverStrings> = { en, "zh-cn": zh };

/** The catalog's shapes carry a few English words ("same shape as input"); Chinese hovers translate them. */
const shapePhrases: [string, string][] = [
  ["same shape as input, or with the last dim 1, or one dim fewer (shared variance)", "与 input 同形状，或最后一维为 1，或少一维（共享方差）"],
  ["same shape as input: target class indices, ended by −1 padding", "与 input 同形状：目标类别索引，以 −1 填充结尾"],
  ["class indices in [0, C); or the input's shape with class probabilities", "类别索引，取值 [0, C)；或与 input 同形状的类别概率"],
  ["class indices, never the blank", "类别索引，不含 blank"],
  ["class indices in [0, C)", "类别索引，取值 [0, C)"],
  ["class probabilities", "类别概率"],
  ["same shape as input1", "与 input1 同形状"],
  ["same shape as anchor", "与 anchor 同形状"],
  ["same shape as input", "与 input 同形状"],
  ["same shape", "形状相同"],
  ["values in [0, C)", "取值 [0, C)"],
  ["values in [0, 1]", "取值 [0, 1]"],
  ["values 1 or −1", "取值 1 或 −1"],
  ["values 0 or 1", "取值 0 或 1"],
  [" or ", " 或 "],
  [", ", "，"],
];

export function localShape(shape: string, lang: Lang): string {
  if (lang === "en") return shape;
  let out = shape;
  for (const [en, zh] of shapePhrases.slice(0, -1)) out = out.split(en).join(zh);
  // Commas between phrases (not inside a shape's parentheses) become Chinese commas.
  let depth = 0;
  let result = "";
  for (let i = 0; i < out.length; i++) {
    const ch = out[i];
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    if (ch === "," && depth === 0 && out[i + 1] === " ") {
      result += "，";
      i++;
      continue;
    }
    result += ch;
  }
  return result;
}
