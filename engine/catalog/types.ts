// The shape of the loss catalog: one record per torch.nn loss, the single source of truth for names,
// parameters and defaults, inputs, docs and plots. Hover, snippets, the playground's controls and the
// evaluator's argument checks all derive from it.
//
// The record itself is data plus short labels (cheap to load at activation). The long texts (details,
// pitfalls, parameter and input docs) live per language in lazily loaded modules: see `LossDocs` and
// `loadDocs()` in ./docs.

import type { PyTorchVersion } from "../api/versions";

export type Lang = "en" | "zh-cn";
/** A text in every language we ship. */
export type Text = Record<Lang, string>;

/** The reductions the kernels run. */
export type Reduction = "none" | "mean" | "sum";
/** What `reduction=` may name: KLDivLoss also takes 'batchmean' (a sum divided by the batch size). */
export type ReductionChoice = Reduction | "batchmean";

export type ParamKind =
  | "float"
  | "int"
  | "bool"
  | "reduction" // one of `choices`
  | "tensor" // weight, pos_weight
  | "callable" // distance_function
  | "legacy-bool" // size_average / reduce: bool or None, deprecated
  | "shape" // a tuple of ints (LinearCrossEntropyLoss's out_features)
  | "device" // torch.device or None
  | "dtype" // torch.dtype or None
  | "object"; // an object the engine does not model (LinearCrossEntropyLoss's options)

export type ParamValue = number | boolean | string | null;

/** A value PyTorch 1.13 itself rejects, and the exact error it raises (`{value}` stands for the value given). */
export interface ParamCheck {
  /** Accepted range, inclusive unless *Exclusive. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  /** Accepted values, when only a few are. */
  oneOf?: number[];
  errorType: "RuntimeError" | "ValueError";
  message: string;
  /** When PyTorch raises: constructing the nn class, or only when the loss is computed (always for F.*). */
  when: "construct" | "call";
}

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  /** PyTorch's default, exactly (null for None, or for a required parameter). Python spells it as `defaultRepr()` does. */
  default: ParamValue;
  /** No default: the call must give it (LinearCrossEntropyLoss's in_features, num_classes). */
  required?: boolean;
  /** How Python spells a default that is no ParamValue (out_features=()). */
  repr?: string;
  /** F.* spells this default differently (F.margin_ranking_loss has margin=0, the class 0.0). */
  functionalDefaultRepr?: string;
  /** Allowed values for enumerations (reduction: "none" | "mean" | "sum" (| "batchmean")). */
  choices?: string[];
  /** Deprecated spellings PyTorch still accepts, with the choice they mean (get_enum's 'elementwise_mean'). */
  deprecatedChoices?: Record<string, ReductionChoice>;
  /** The documented valid range (inclusive unless *Exclusive). What PyTorch enforces is `check`. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  /** What PyTorch raises for values outside what it accepts; absent when it accepts anything of the kind. */
  check?: ParamCheck;
  /** Deprecated by PyTorch (size_average, reduce). */
  deprecated?: boolean;
  /** Keyword-only in the constructor (TripletMarginWithDistanceLoss). */
  keywordOnly?: boolean;
  /** Keyword-only in the functional form (F.triplet_margin_with_distance_loss). */
  functionalKeywordOnly?: boolean;
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
  | "distances"
  | "scores"
  | "lengths"
  | "linear-weight"; // the weight of a linear layer the loss applies first (F.linear_cross_entropy)

export type InputDtype = "float" | "int64" | "float-or-int64";

export interface InputSpec {
  /** The forward() parameter name. */
  name: string;
  /** The F.* parameter name when it differs (PoissonNLLLoss.forward has `log_input`, F.poisson_nll_loss `input`). */
  functionalName?: string;
  /** Shape with named dims, e.g. "(N, C) or (N, C, d1, ..., dK)". */
  shape: string;
  dtype: InputDtype;
  meaning: InputMeaning;
  /** A second accepted meaning (CrossEntropyLoss's target: class indices or class probabilities). */
  altMeaning?: InputMeaning;
  optional?: boolean;
}

export interface PlotSpec {
  /** What varies along the x axis, e.g. "error x - y", "logit of the true class". */
  x: Text;
  range: [number, number];
  /** Parameters (by name) that change the curve and get a control. */
  controls: string[];
  /** Values the other inputs are held at while x varies, e.g. { target: 1 }. */
  fixed?: Record<string, number>;
  /** How x enters the inputs (see PlotAxis); when absent, ./plotAxes fills it. */
  axis?: PlotAxis;
  /** Classes C for the class-score and ctc axes (the true class's score is x, the others are held at 0). */
  classes?: number;
}

/**
 * How the playground builds a loss's inputs from the x values (one batch element per x):
 * - error:       input = target + x, the other inputs from `fixed` (elementwise regression, GaussianNLL);
 * - input:       the first input is x, the others from `fixed` (BCE, Poisson, KLDiv, hinge, soft margin...);
 *                with `classes`, the inputs are (N, classes) with x in every column;
 * - difference:  input1 = x, input2 = 0, the rest from `fixed` (MarginRanking);
 * - class-score: (N, C) scores, x at the true class, the other scores editable (CE, NLL, multi-margin);
 * - cosine:      x1, x2 2-D unit vectors at cosine similarity x (CosineEmbedding);
 * - triplet:     1-D anchor, positive and negative with d(a, p) − d(a, n) = x (the triplet losses);
 * - ctc:         log_softmax of logits with the target label's logit x at every time step (CTC).
 */
export type PlotAxis = "error" | "input" | "difference" | "class-score" | "cosine" | "triplet" | "ctc";

export interface LossRecord {
  /** torch.nn class name, e.g. "CrossEntropyLoss". */
  className: string;
  /** torch.nn.functional name, e.g. "cross_entropy"; null when there is none (NLLLoss2d). */
  functional: string | null;
  /** NLLLoss2d: a deprecated alias of NLLLoss. */
  aliasOf?: string;
  /** The first supported version that has the loss (LinearCrossEntropyLoss: 2.13); absent: every version. */
  since?: PyTorchVersion;
  /** A loss the playground draws as another's curve (LinearCrossEntropyLoss: CrossEntropyLoss of its logits). */
  plotAs?: string;
  /** PyTorch's own deprecation warning, when the class is deprecated. */
  deprecated?: string;
  /** Constructor parameters, in PyTorch's order, with defaults. */
  params: ParamSpec[];
  /** The functional form's parameter names after its tensor inputs, in PyTorch's order. */
  functionalParams: string[];
  /**
   * The functional form's own inputs and parameters, when they are not the class's (F.linear_cross_entropy takes
   * the linear layer's weight and bias, not in_features/num_classes). `inputs` replaces the class's forward
   * inputs; `params` are read before the class's (its own linear_bias, a label_smoothing checked as the function
   * checks it). Absent: the functional takes the class's forward inputs and constructor parameters.
   */
  functionalSignature?: { inputs: InputSpec[]; params: ParamSpec[] };
  /** Forward inputs, in call order. */
  inputs: InputSpec[];
  /** Output shape per reduction, in the inputs' named dims ("()" is a scalar). */
  output: Partial<Record<ReductionChoice, string>>;
  /** Formula, readable in a hover (Unicode, not LaTeX); may span lines. */
  formula: string;
  /** One line: what it is for. */
  summary: Text;
  related: string[];
  docsUrl: string;
  plot: PlotSpec;
}

/** The long texts of one loss in one language (loaded lazily; see ./docs). */
export interface LossDocs {
  details: string;
  pitfalls: string[];
  /** Per parameter name. */
  params: Record<string, string>;
  /** Per input name. */
  inputs: Record<string, string>;
  /** What the output is, per reduction. */
  output: Partial<Record<ReductionChoice, string>>;
  /** The functional form's own texts where they say something else than the class's (functionalSignature). */
  functional?: { pitfalls: string[]; params: Record<string, string>; inputs: Record<string, string> };
}

export type DocsBundle = Record<string, LossDocs>;
