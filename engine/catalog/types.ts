// The shape of the loss catalog: one record per torch.nn loss, the single source of truth for names,
// parameters and defaults, inputs, docs and plots. Hover, snippets, the playground's controls and the
// evaluator's argument checks all derive from it.

export type Lang = "en" | "zh-cn";
/** A text in every language we ship. */
export type Text = Record<Lang, string>;

export type ParamKind =
  | "float"
  | "int"
  | "bool"
  | "reduction" // one of `choices`
  | "tensor" // weight, pos_weight
  | "callable" // distance_function
  | "legacy-bool"; // size_average / reduce: bool or None, deprecated

export type ParamValue = number | boolean | string | null;

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  /** PyTorch's default, exactly (null for None). */
  default: ParamValue;
  /** Allowed values for enumerations (reduction: "none" | "mean" | "sum" (| "batchmean")). */
  choices?: string[];
  /** Valid numeric range (inclusive unless *Exclusive). */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  /** Deprecated by PyTorch (size_average, reduce). */
  deprecated?: boolean;
  /** Keyword-only in the functional form. */
  keywordOnly?: boolean;
  doc: Text;
  /** Slider range for the playground, when the parameter changes the curve. */
  slider?: { min: number; max: number; step: number };
}

/** What an input tensor means: the first thing users get wrong. */
export type InputMeaning =
  | "logits"
  | "probabilities"
  | "log-probabilities"
  | "class-indices"
  | "class-probabilities"
  | "labels-pm1" // ±1 labels
  | "labels-01" // 0/1 (multi-label) targets
  | "values" // regression input / target
  | "rates"
  | "variance"
  | "embeddings"
  | "lengths";

export type InputDtype = "float" | "int64" | "float-or-int64";

export interface InputSpec {
  name: string;
  /** Shape with named dims, e.g. "(N, C) or (N, C, d1, ..., dK)". */
  shape: string;
  dtype: InputDtype;
  meaning: InputMeaning;
  optional?: boolean;
  doc: Text;
}

export interface PlotSpec {
  /** What varies along the x axis, e.g. "error x - y", "logit of the true class". */
  x: Text;
  range: [number, number];
  /** Parameters (by name) that change the curve and get a control. */
  controls: string[];
}

export interface LossRecord {
  /** torch.nn class name, e.g. "CrossEntropyLoss". */
  className: string;
  /** torch.nn.functional name, e.g. "cross_entropy"; null when there is none. */
  functional: string | null;
  /** NLLLoss2d: a deprecated alias of NLLLoss. */
  aliasOf?: string;
  deprecated?: Text;
  /** Constructor parameters, in PyTorch's order, with defaults. */
  params: ParamSpec[];
  /** The functional form's parameter names after its tensor inputs, in PyTorch's order. */
  functionalParams: string[];
  /** Forward inputs, in call order. */
  inputs: InputSpec[];
  /** Output shape per reduction. */
  output: Partial<Record<"none" | "mean" | "sum" | "batchmean", Text>>;
  /** Formula, readable in a hover (Unicode, not LaTeX). */
  formula: string;
  summary: Text;
  details: Text;
  pitfalls: Text[];
  related: string[];
  docsUrl: string;
  plot: PlotSpec;
}
