// The 22 torch.nn losses of PyTorch 1.13, then those a later version added (`since`), as data: every constructor
// parameter in PyTorch's order with its exact default, the forward inputs, output shapes, formula and plot.
// test/unit/catalog.test.ts checks names, order and defaults against test/fixtures/signatures.json (dumped from the
// real PyTorch 1.13), test/unit/hover-versions.test.ts the added losses against signatures-2.13.json.
import type { InputSpec, LossRecord, ParamSpec, PlotSpec, Text } from "./types";

const REDUCTIONS = ["none", "mean", "sum"];
/** _Reduction.get_enum's ValueError. */
const GET_ENUM = "{value} is not a valid value for reduction";

/** `reduction`, in every loss. KLDivLoss also accepts "batchmean"; Poisson and Gaussian NLL word their error
 * differently from the others. */
function reduction(extra: string[] = [], message = GET_ENUM): ParamSpec {
  return {
    name: "reduction",
    kind: "reduction",
    default: "mean",
    choices: [...REDUCTIONS, ...extra],
    // _Reduction.get_enum still maps 'elementwise_mean' (with a warning); the losses that check by hand do not.
    ...(message === GET_ENUM ? { deprecatedChoices: { elementwise_mean: "mean" } } : {}),
    check: {
      errorType: "ValueError",
      message,
      when: "call",
    },
  };
}

const sizeAverage: ParamSpec = { name: "size_average", kind: "legacy-bool", default: null, deprecated: true };
const reduce: ParamSpec = { name: "reduce", kind: "legacy-bool", default: null, deprecated: true };

function weight(): ParamSpec {
  return { name: "weight", kind: "tensor", default: null };
}

function margin(def: number, slider: { min: number; max: number; step: number }, fRepr?: string): ParamSpec {
  const p: ParamSpec = { name: "margin", kind: "float", default: def, slider };
  if (fRepr !== undefined) p.functionalDefaultRepr = fRepr;
  return p;
}

function input(
  name: string,
  shape: string,
  dtype: InputSpec["dtype"],
  meaning: InputSpec["meaning"],
  more: Partial<InputSpec> = {},
): InputSpec {
  return { name, shape, dtype, meaning, ...more };
}

function text(en: string, zh: string): Text {
  return { en, "zh-cn": zh };
}

function docsUrl(className: string, since?: string): string {
  return `https://pytorch.org/docs/${since ? "stable" : "1.13"}/generated/torch.nn.${className}.html`;
}

/** Elementwise regression losses share inputs, outputs and plot axis. */
const elementwiseInputs = [
  input("input", "(*)", "float", "values"),
  input("target", "(*), same shape as input", "float", "values"),
];
const elementwiseOutput = { none: "(*), same shape as input", mean: "()", sum: "()" };
const errorAxis = text("error x − y", "误差 x − y");

function plot(x: Text, range: [number, number], controls: string[] = [], fixed?: Record<string, number>): PlotSpec {
  return fixed ? { x, range, controls, fixed } : { x, range, controls };
}

/** Everything in a record except what every record derives (functionalParams defaults to the params' order). */
type Draft = Omit<LossRecord, "functionalParams" | "docsUrl"> & { functionalParams?: string[] };

function record(d: Draft): LossRecord {
  return {
    ...d,
    functionalParams: d.functionalParams ?? d.params.map((p) => p.name),
    docsUrl: docsUrl(d.aliasOf ?? d.className, d.since),
  };
}

const nllParams = (): ParamSpec[] => [
  weight(),
  sizeAverage,
  { name: "ignore_index", kind: "int", default: -100 },
  reduce,
  reduction(),
];
const nllInputs = [
  input("input", "(N, C) or (C) or (N, C, d1, ..., dK)", "float", "log-probabilities"),
  input("target", "(N) or () or (N, d1, ..., dK), values in [0, C)", "int64", "class-indices"),
];
const nllOutput = { none: "(N) or () or (N, d1, ..., dK)", mean: "()", sum: "()" };
const nllFormula =
  "ℓₙ = −w[yₙ] · x[n, yₙ]   (ℓₙ = 0 where yₙ = ignore_index)\n" +
  "mean = Σₙ ℓₙ / Σₙ w[yₙ]   (weighted mean over non-ignored targets)";
const nllPlot = plot(text("log-probability of the true class", "真实类别的对数概率"), [-6, 0]);

// nn.LinearCrossEntropyLoss's features and target: the class's forward and F.linear_cross_entropy take the same.
const LCE_FEATURES = input("input", "(in_features) or (N, in_features)", "float", "embeddings");
const LCE_TARGET = input(
  "target",
  "() or (N) or (N, d1, ..., dK) class indices in [0, C); or (C) or (N, C, d1, ..., dK) class probabilities",
  "float-or-int64",
  "class-indices",
  { altMeaning: "class-probabilities" },
);

export const records: readonly LossRecord[] = [
  record({
    className: "L1Loss",
    functional: "l1_loss",
    params: [sizeAverage, reduce, reduction()],
    inputs: elementwiseInputs,
    output: elementwiseOutput,
    formula: "ℓₙ = |xₙ − yₙ|",
    summary: text(
      "Mean absolute error: the absolute difference between input and target, element by element.",
      "平均绝对误差：逐元素计算输入与目标之差的绝对值。",
    ),
    related: ["MSELoss", "SmoothL1Loss", "HuberLoss"],
    plot: plot(errorAxis, [-3, 3]),
  }),
  record({
    className: "MSELoss",
    functional: "mse_loss",
    params: [sizeAverage, reduce, reduction()],
    inputs: elementwiseInputs,
    output: elementwiseOutput,
    formula: "ℓₙ = (xₙ − yₙ)²",
    summary: text(
      "Mean squared error: the squared difference between input and target, element by element.",
      "均方误差：逐元素计算输入与目标之差的平方。",
    ),
    related: ["L1Loss", "HuberLoss", "SmoothL1Loss", "GaussianNLLLoss"],
    plot: plot(errorAxis, [-3, 3]),
  }),
  record({
    className: "CrossEntropyLoss",
    functional: "cross_entropy",
    params: [
      weight(),
      sizeAverage,
      { name: "ignore_index", kind: "int", default: -100 },
      reduce,
      reduction(),
      {
        name: "label_smoothing",
        kind: "float",
        default: 0.0,
        min: 0,
        max: 1,
        // PyTorch 1.13 rejects only values above 1; a negative value is silently treated as 0.
        check: {
          max: 1,
          errorType: "RuntimeError",
          message: "label_smoothing must be between 0.0 and 1.0. Got: {value}",
          when: "call",
        },
        slider: { min: 0, max: 1, step: 0.01 },
      },
    ],
    inputs: [
      input("input", "(C) or (N, C) or (N, C, d1, ..., dK)", "float", "logits"),
      input(
        "target",
        "(N) or () or (N, d1, ..., dK) class indices in [0, C); or the input's shape with class probabilities",
        "float-or-int64",
        "class-indices",
        { altMeaning: "class-probabilities" },
      ),
    ],
    output: { none: "(N) or () or (N, d1, ..., dK)", mean: "()", sum: "()" },
    formula:
      "ℓₙ = −w[yₙ] · log( exp(x[n, yₙ]) / Σ_c exp(x[n, c]) )\n" +
      "label smoothing ε: target q = (1 − ε)·onehot(yₙ) + ε / C,  ℓₙ = −Σ_c w[c] · q[c] · log softmax(xₙ)[c]\n" +
      "mean (class indices) = Σₙ ℓₙ / Σₙ w[yₙ]",
    summary: text(
      "Classification loss on raw logits: log-softmax and negative log-likelihood in one numerically stable step.",
      "作用于原始 logits 的分类损失：一步完成 log-softmax 与负对数似然，数值稳定。",
    ),
    related: ["NLLLoss", "BCEWithLogitsLoss", "KLDivLoss", "MultiMarginLoss"],
    plot: plot(text("logit of the true class", "真实类别的 logit"), [-6, 6], [
      "label_smoothing",
    ]),
  }),
  record({
    className: "CTCLoss",
    functional: "ctc_loss",
    params: [
      {
        name: "blank",
        kind: "int",
        default: 0,
        min: 0,
        // The upper bound is the number of classes C, known only at the call.
        check: { min: 0, errorType: "RuntimeError", message: "blank must be in label range", when: "call" },
      },
      reduction(),
      { name: "zero_infinity", kind: "bool", default: false },
    ],
    inputs: [
      input("log_probs", "(T, N, C) or (T, C)", "float", "log-probabilities"),
      input("targets", "(N, S) or (sum(target_lengths)), class indices, never the blank", "int64", "class-indices"),
      input("input_lengths", "(N) or ()", "int64", "lengths"),
      input("target_lengths", "(N) or ()", "int64", "lengths"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula:
      "ℓₙ = −log Σ_{π ∈ B⁻¹(yₙ)} Π_t p_t(π_t)   (sum over all alignments π that collapse to yₙ)\n" +
      "mean = meanₙ( ℓₙ / target_lengthₙ )",
    summary: text(
      "Connectionist Temporal Classification: sequence loss for unaligned inputs and targets (speech, handwriting).",
      "连接时序分类（CTC）：输入与目标未对齐时的序列损失（语音、手写识别）。",
    ),
    related: ["NLLLoss", "CrossEntropyLoss"],
    plot: plot(text("logit of the target label at every time step", "每个时间步上目标标签的 logit"), [-4, 4], ["blank"]),
  }),
  record({
    className: "NLLLoss",
    functional: "nll_loss",
    params: nllParams(),
    inputs: nllInputs,
    output: nllOutput,
    formula: nllFormula,
    summary: text(
      "Negative log-likelihood: picks −log-probability of the target class; expects log-probabilities (log_softmax).",
      "负对数似然：取目标类别的对数概率的相反数；输入应为对数概率（log_softmax 的输出）。",
    ),
    related: ["CrossEntropyLoss", "KLDivLoss", "PoissonNLLLoss", "GaussianNLLLoss"],
    plot: nllPlot,
  }),
  record({
    className: "NLLLoss2d",
    functional: null,
    aliasOf: "NLLLoss",
    deprecated:
      "NLLLoss2d has been deprecated. Please use NLLLoss instead as a drop-in replacement and see " +
      "https://pytorch.org/docs/master/nn.html#torch.nn.NLLLoss for more details.",
    params: nllParams(),
    functionalParams: [],
    inputs: nllInputs,
    output: nllOutput,
    formula: nllFormula,
    summary: text(
      "Deprecated alias of NLLLoss (from when NLLLoss did not take spatial dimensions). Use NLLLoss.",
      "NLLLoss 的已弃用别名（来自 NLLLoss 尚不支持空间维度的时期）。请改用 NLLLoss。",
    ),
    related: ["NLLLoss", "CrossEntropyLoss"],
    plot: nllPlot,
  }),
  record({
    className: "PoissonNLLLoss",
    functional: "poisson_nll_loss",
    params: [
      { name: "log_input", kind: "bool", default: true },
      { name: "full", kind: "bool", default: false },
      sizeAverage,
      { name: "eps", kind: "float", default: 1e-8, min: 0, minExclusive: true },
      reduce,
      reduction([], "{value} is not valid"),
    ],
    inputs: [
      input("log_input", "(*)", "float", "rates", { functionalName: "input" }),
      input("target", "(*), same shape as input", "float", "values"),
    ],
    output: elementwiseOutput,
    formula:
      "log_input=True:  ℓₙ = exp(xₙ) − yₙ · xₙ\n" +
      "log_input=False: ℓₙ = xₙ − yₙ · log(xₙ + eps)\n" +
      "full=True adds Stirling's term yₙ·log yₙ − yₙ + ½·log(2π·yₙ) where yₙ > 1",
    summary: text(
      "Negative log-likelihood of a Poisson distribution: for count targets, with the rate (or its log) as input.",
      "泊松分布的负对数似然：目标为计数，输入为速率（或其对数）。",
    ),
    related: ["GaussianNLLLoss", "NLLLoss", "MSELoss"],
    plot: plot(text("input x (log-rate when log_input)", "输入 x（log_input 时为对数速率）"), [-3, 3], ["log_input", "full"], {
      target: 2,
    }),
  }),
  record({
    className: "GaussianNLLLoss",
    functional: "gaussian_nll_loss",
    params: [
      // Keyword-only in nn.GaussianNLLLoss, positional in F.gaussian_nll_loss.
      { name: "full", kind: "bool", default: false, keywordOnly: true },
      { name: "eps", kind: "float", default: 1e-6, min: 0, minExclusive: true, keywordOnly: true },
      { ...reduction([], "{value} is not valid"), keywordOnly: true },
    ],
    inputs: [
      input("input", "(N, *) or (*)", "float", "values"),
      input("target", "(N, *) or (*), same shape as input", "float", "values"),
      input("var", "same shape as input, or with the last dim 1, or one dim fewer (shared variance)", "float", "variance"),
    ],
    output: { none: "(N, *), same shape as input", mean: "()", sum: "()" },
    formula:
      "ℓₙ = ½ · ( log(max(varₙ, eps)) + (xₙ − yₙ)² / max(varₙ, eps) )\n" +
      "full=True adds ½ · log(2π)",
    summary: text(
      "Negative log-likelihood of a Gaussian: regression that also predicts its own variance (uncertainty).",
      "高斯分布的负对数似然：同时预测方差（不确定性）的回归损失。",
    ),
    related: ["MSELoss", "PoissonNLLLoss"],
    plot: plot(errorAxis, [-3, 3], ["full"], { var: 1 }),
  }),
  record({
    className: "KLDivLoss",
    functional: "kl_div",
    params: [sizeAverage, reduce, reduction(["batchmean"]), { name: "log_target", kind: "bool", default: false }],
    inputs: [
      input("input", "(*)", "float", "log-probabilities"),
      input("target", "(*), same shape as input", "float", "probabilities", { altMeaning: "log-probabilities" }),
    ],
    output: { none: "(*), same shape as input", mean: "()", sum: "()", batchmean: "()" },
    formula:
      "ℓ = y · (log y − x)        (x = log q, y = p)\n" +
      "log_target=True: ℓ = exp(y) · (y − x)\n" +
      "batchmean = Σ ℓ / N  = KL(p ‖ q) per sample;  mean = Σ ℓ / (number of elements)",
    summary: text(
      "Kullback–Leibler divergence KL(target ‖ input): input must be log-probabilities, target probabilities.",
      "KL 散度 KL(target ‖ input)：输入必须是对数概率，目标是概率。",
    ),
    related: ["CrossEntropyLoss", "NLLLoss", "BCELoss"],
    plot: plot(text("input log q", "输入 log q"), [-5, 0], ["log_target"], { target: 0.5 }),
  }),
  record({
    className: "BCELoss",
    functional: "binary_cross_entropy",
    params: [weight(), sizeAverage, reduce, reduction()],
    inputs: [
      input("input", "(*), values in [0, 1]", "float", "probabilities"),
      input("target", "(*), same shape as input, values in [0, 1]", "float", "labels-01"),
    ],
    output: elementwiseOutput,
    formula: "ℓₙ = −wₙ · ( yₙ · log xₙ + (1 − yₙ) · log(1 − xₙ) )   (each log clamped at −100)",
    summary: text(
      "Binary cross-entropy on probabilities (after sigmoid). Prefer BCEWithLogitsLoss on logits.",
      "作用于概率（sigmoid 之后）的二元交叉熵。更推荐对 logits 使用 BCEWithLogitsLoss。",
    ),
    related: ["BCEWithLogitsLoss", "CrossEntropyLoss", "MultiLabelSoftMarginLoss"],
    plot: plot(text("predicted probability x", "预测概率 x"), [0.001, 0.999], [], { target: 1 }),
  }),
  record({
    className: "BCEWithLogitsLoss",
    functional: "binary_cross_entropy_with_logits",
    params: [
      weight(),
      sizeAverage,
      reduce,
      reduction(),
      { name: "pos_weight", kind: "tensor", default: null, slider: { min: 0.1, max: 10, step: 0.1 } },
    ],
    inputs: [
      input("input", "(*)", "float", "logits"),
      input("target", "(*), same shape as input, values in [0, 1]", "float", "labels-01"),
    ],
    output: elementwiseOutput,
    formula:
      "ℓₙ = −wₙ · ( p · yₙ · log σ(xₙ) + (1 − yₙ) · log(1 − σ(xₙ)) )   (p = pos_weight, σ = sigmoid)\n" +
      "computed as (1 − y)·x + (1 + (p − 1)·y) · log(1 + exp(−x)), stable for any x",
    summary: text(
      "Sigmoid + binary cross-entropy in one numerically stable step, on raw logits; for binary and multi-label tasks.",
      "sigmoid 与二元交叉熵合为一步、数值稳定，作用于原始 logits；用于二分类与多标签任务。",
    ),
    related: ["BCELoss", "MultiLabelSoftMarginLoss", "CrossEntropyLoss", "SoftMarginLoss"],
    plot: plot(text("logit x", "logit x"), [-6, 6], ["pos_weight"], { target: 1 }),
  }),
  record({
    className: "MarginRankingLoss",
    functional: "margin_ranking_loss",
    params: [margin(0.0, { min: 0, max: 2, step: 0.05 }, "0"), sizeAverage, reduce, reduction()],
    inputs: [
      input("input1", "(N) or ()", "float", "scores"),
      input("input2", "(N) or (), same shape as input1", "float", "scores"),
      input("target", "(N) or (), same shape, values 1 or −1", "float", "labels-pm1"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula: "ℓₙ = max(0, −yₙ · (x1ₙ − x2ₙ) + margin)",
    summary: text(
      "Ranking loss: wants input1 ranked above input2 when target is 1 (below when −1) by at least the margin.",
      "排序损失：目标为 1 时要求 input1 比 input2 至少高出 margin（为 −1 时相反）。",
    ),
    related: ["HingeEmbeddingLoss", "TripletMarginLoss", "CosineEmbeddingLoss"],
    plot: plot(text("x1 − x2", "x1 − x2"), [-3, 3], ["margin"], { target: 1 }),
  }),
  record({
    className: "HingeEmbeddingLoss",
    functional: "hinge_embedding_loss",
    params: [margin(1.0, { min: 0, max: 3, step: 0.05 }), sizeAverage, reduce, reduction()],
    inputs: [
      input("input", "(*)", "float", "distances"),
      input("target", "(*), same shape as input, values 1 or −1", "float", "labels-pm1"),
    ],
    output: elementwiseOutput,
    formula: "ℓₙ = xₙ                      if yₙ = 1\n" + "ℓₙ = max(0, margin − xₙ)     if yₙ = −1",
    summary: text(
      "Similarity loss on distances: pulls similar pairs (1) to distance 0, pushes dissimilar ones (−1) past the margin.",
      "基于距离的相似度损失：相似对（1）距离趋近 0，不相似对（−1）距离推到 margin 以外。",
    ),
    related: ["CosineEmbeddingLoss", "MarginRankingLoss", "TripletMarginLoss"],
    plot: plot(text("distance x", "距离 x"), [0, 3], ["margin"], { target: -1 }),
  }),
  record({
    className: "MultiLabelMarginLoss",
    functional: "multilabel_margin_loss",
    params: [sizeAverage, reduce, reduction()],
    inputs: [
      input("input", "(C) or (N, C)", "float", "scores"),
      input("target", "same shape as input: target class indices, ended by −1 padding", "int64", "class-indices"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula: "ℓₙ = Σ_{j ∈ targets} Σ_{i ∉ targets} max(0, 1 − (x[j] − x[i])) / C",
    summary: text(
      "Multi-label hinge loss: every target class must score at least 1 above every non-target class.",
      "多标签合页损失：每个目标类别的得分都要比每个非目标类别至少高 1。",
    ),
    related: ["MultiLabelSoftMarginLoss", "MultiMarginLoss", "BCEWithLogitsLoss"],
    plot: plot(text("target score minus non-target score", "目标类得分减非目标类得分"), [-3, 3]),
  }),
  record({
    className: "HuberLoss",
    functional: "huber_loss",
    params: [
      reduction(),
      {
        name: "delta",
        kind: "float",
        default: 1.0,
        min: 0,
        minExclusive: true,
        check: {
          min: 0,
          minExclusive: true,
          errorType: "RuntimeError",
          message: "huber_loss does not support non-positive values for delta.",
          when: "call",
        },
        slider: { min: 0.05, max: 3, step: 0.05 },
      },
    ],
    inputs: elementwiseInputs,
    output: elementwiseOutput,
    formula: "ℓₙ = ½ · (xₙ − yₙ)²                 if |xₙ − yₙ| < delta\n" + "ℓₙ = delta · (|xₙ − yₙ| − ½ · delta)  otherwise",
    summary: text(
      "Huber loss: squared error for small errors, linear beyond delta, so outliers pull less than with MSE.",
      "Huber 损失：小误差时为平方误差，超过 delta 后为线性，异常值的影响比 MSE 小。",
    ),
    related: ["SmoothL1Loss", "MSELoss", "L1Loss"],
    plot: plot(errorAxis, [-3, 3], ["delta"]),
  }),
  record({
    className: "SmoothL1Loss",
    functional: "smooth_l1_loss",
    params: [
      sizeAverage,
      reduce,
      reduction(),
      {
        name: "beta",
        kind: "float",
        default: 1.0,
        min: 0,
        check: {
          min: 0,
          errorType: "RuntimeError",
          message: "smooth_l1_loss does not support negative values for beta.",
          when: "call",
        },
        slider: { min: 0, max: 3, step: 0.05 },
      },
    ],
    inputs: elementwiseInputs,
    output: elementwiseOutput,
    formula:
      "ℓₙ = ½ · (xₙ − yₙ)² / beta   if |xₙ − yₙ| < beta\n" +
      "ℓₙ = |xₙ − yₙ| − ½ · beta     otherwise   (beta = 0: plain L1)",
    summary: text(
      "Smooth L1: quadratic near zero, L1 beyond beta; robust to outliers with a smooth gradient at 0.",
      "Smooth L1：零附近为二次，超过 beta 后为 L1；对异常值稳健，且在 0 处梯度平滑。",
    ),
    related: ["HuberLoss", "L1Loss", "MSELoss"],
    plot: plot(errorAxis, [-3, 3], ["beta"]),
  }),
  record({
    className: "SoftMarginLoss",
    functional: "soft_margin_loss",
    params: [sizeAverage, reduce, reduction()],
    inputs: [
      input("input", "(*)", "float", "scores"),
      input("target", "(*), same shape as input, values 1 or −1", "float", "labels-pm1"),
    ],
    output: elementwiseOutput,
    formula: "ℓₙ = log(1 + exp(−yₙ · xₙ))",
    summary: text(
      "Two-class logistic loss with ±1 labels: log(1 + exp(−y·x)), a smooth hinge.",
      "使用 ±1 标签的二分类逻辑损失：log(1 + exp(−y·x))，一种平滑的合页损失。",
    ),
    related: ["BCEWithLogitsLoss", "MultiLabelSoftMarginLoss", "HingeEmbeddingLoss"],
    plot: plot(text("input x", "输入 x"), [-5, 5], [], { target: 1 }),
  }),
  record({
    className: "MultiLabelSoftMarginLoss",
    functional: "multilabel_soft_margin_loss",
    params: [weight(), sizeAverage, reduce, reduction([], "{value} is not valid")],
    inputs: [
      input("input", "(N, C)", "float", "logits"),
      input("target", "(N, C), values 0 or 1", "float", "labels-01"),
    ],
    output: { none: "(N)", mean: "()", sum: "()" },
    formula: "ℓₙ = −(1/C) · Σ_c w[c] · ( y[n,c] · log σ(x[n,c]) + (1 − y[n,c]) · log(1 − σ(x[n,c])) )",
    summary: text(
      "Multi-label one-vs-all logistic loss: per-class sigmoid BCE averaged over classes, one value per sample.",
      "多标签一对多逻辑损失：每个类别做 sigmoid BCE，再对类别求平均，每个样本一个值。",
    ),
    related: ["BCEWithLogitsLoss", "MultiLabelMarginLoss", "SoftMarginLoss"],
    plot: plot(text("logit x", "logit x"), [-6, 6], [], { target: 1 }),
  }),
  record({
    className: "CosineEmbeddingLoss",
    functional: "cosine_embedding_loss",
    params: [margin(0.0, { min: -1, max: 1, step: 0.05 }, "0"), sizeAverage, reduce, reduction()],
    inputs: [
      input("input1", "(N, D) or (D)", "float", "embeddings"),
      input("input2", "(N, D) or (D), same shape as input1", "float", "embeddings"),
      input("target", "(N) or (), values 1 or −1", "float", "labels-pm1"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula: "ℓₙ = 1 − cos(x1ₙ, x2ₙ)               if yₙ = 1\n" + "ℓₙ = max(0, cos(x1ₙ, x2ₙ) − margin)   if yₙ = −1",
    summary: text(
      "Embedding similarity by cosine: similar pairs (1) toward cosine 1, dissimilar ones (−1) below the margin.",
      "基于余弦的嵌入相似度损失：相似对（1）余弦趋近 1，不相似对（−1）余弦压到 margin 以下。",
    ),
    related: ["HingeEmbeddingLoss", "TripletMarginLoss", "MarginRankingLoss"],
    plot: plot(text("cosine similarity", "余弦相似度"), [-1, 1], ["margin"], { target: -1 }),
  }),
  record({
    className: "MultiMarginLoss",
    functional: "multi_margin_loss",
    params: [
      {
        name: "p",
        kind: "int",
        default: 1,
        min: 1,
        max: 2,
        check: { oneOf: [1, 2], errorType: "ValueError", message: "only p == 1 and p == 2 supported", when: "construct" },
        slider: { min: 1, max: 2, step: 1 },
      },
      margin(1.0, { min: 0, max: 3, step: 0.05 }),
      weight(),
      sizeAverage,
      reduce,
      reduction(),
    ],
    inputs: [
      input("input", "(N, C) or (C)", "float", "scores"),
      input("target", "(N) or (), values in [0, C)", "int64", "class-indices"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula: "ℓₙ = Σ_{i ≠ yₙ} w[yₙ] · max(0, margin − x[yₙ] + x[i])ᵖ / C",
    summary: text(
      "Multi-class hinge (SVM) loss: the true class must beat every other class's score by the margin.",
      "多分类合页（SVM）损失：真实类别的得分要比其他每个类别高出 margin。",
    ),
    related: ["CrossEntropyLoss", "MultiLabelMarginLoss", "HingeEmbeddingLoss"],
    plot: plot(text("true-class score minus another class's score", "真实类得分减另一类得分"), [-3, 3], ["margin", "p"]),
  }),
  record({
    className: "TripletMarginLoss",
    functional: "triplet_margin_loss",
    params: [
      margin(1.0, { min: 0, max: 3, step: 0.05 }),
      { name: "p", kind: "float", default: 2.0, functionalDefaultRepr: "2", min: 0, minExclusive: true, slider: { min: 1, max: 3, step: 0.5 } },
      { name: "eps", kind: "float", default: 1e-6, min: 0 },
      { name: "swap", kind: "bool", default: false },
      sizeAverage,
      reduce,
      reduction(),
    ],
    inputs: [
      input("anchor", "(N, D) or (D)", "float", "embeddings"),
      input("positive", "(N, D) or (D), same shape as anchor", "float", "embeddings"),
      input("negative", "(N, D) or (D), same shape as anchor", "float", "embeddings"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula:
      "ℓₙ = max(0, d(aₙ, pₙ) − d(aₙ, nₙ) + margin),   d(u, v) = ‖u − v + eps‖ₚ\n" +
      "swap=True: d(aₙ, nₙ) becomes min(d(aₙ, nₙ), d(pₙ, nₙ))",
    summary: text(
      "Triplet loss: an anchor must be closer to its positive than to its negative by at least the margin (p-norm).",
      "三元组损失：锚点到正样本的距离要比到负样本的距离至少小 margin（p 范数）。",
    ),
    related: ["TripletMarginWithDistanceLoss", "CosineEmbeddingLoss", "MarginRankingLoss"],
    plot: plot(text("d(a, p) − d(a, n)", "d(a, p) − d(a, n)"), [-3, 3], ["margin"]),
  }),
  record({
    className: "TripletMarginWithDistanceLoss",
    functional: "triplet_margin_with_distance_loss",
    params: [
      { name: "distance_function", kind: "callable", default: null, keywordOnly: true, functionalKeywordOnly: true },
      { ...margin(1.0, { min: 0, max: 3, step: 0.05 }), min: 0, keywordOnly: true, functionalKeywordOnly: true },
      { name: "swap", kind: "bool", default: false, keywordOnly: true, functionalKeywordOnly: true },
      { ...reduction(), keywordOnly: true, functionalKeywordOnly: true },
    ],
    inputs: [
      input("anchor", "(N, *) or (*)", "float", "embeddings"),
      input("positive", "(N, *) or (*), same shape as anchor", "float", "embeddings"),
      input("negative", "(N, *) or (*), same shape as anchor", "float", "embeddings"),
    ],
    output: { none: "(N) or ()", mean: "()", sum: "()" },
    formula:
      "ℓₙ = max(0, d(aₙ, pₙ) − d(aₙ, nₙ) + margin),   d = distance_function (default: pairwise_distance)\n" +
      "swap=True: d(aₙ, nₙ) becomes min(d(aₙ, nₙ), d(pₙ, nₙ))",
    summary: text(
      "Triplet loss with your own distance function (for example 1 − cosine similarity); keyword arguments only.",
      "可自定义距离函数的三元组损失（例如 1 − 余弦相似度）；参数只能用关键字传入。",
    ),
    related: ["TripletMarginLoss", "CosineEmbeddingLoss"],
    plot: plot(text("d(a, p) − d(a, n)", "d(a, p) − d(a, n)"), [-3, 3], ["margin"]),
  }),
  record({
    // PyTorch 2.x: a CrossEntropyLoss that owns the linear layer producing its logits (self.linear, an nn.Linear
    // with weight (C·prod(out_features), in_features)); forward is F.linear_cross_entropy of the reshaped weight.
    className: "LinearCrossEntropyLoss",
    // F.linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, ...): the layer's weight and bias are
    // the function's own inputs (functionalSignature), its options the class's after them, all keyword-only.
    functional: "linear_cross_entropy",
    since: "2.13",
    plotAs: "CrossEntropyLoss",
    params: [
      { name: "in_features", kind: "int", default: null, required: true, min: 0 },
      { name: "num_classes", kind: "int", default: null, required: true, min: 0 },
      { name: "out_features", kind: "shape", default: null, repr: "()", keywordOnly: true },
      { name: "bias", kind: "bool", default: false, keywordOnly: true },
      { name: "device", kind: "device", default: null, keywordOnly: true },
      { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
      { ...reduction(), keywordOnly: true, functionalKeywordOnly: true },
      { ...weight(), keywordOnly: true, functionalKeywordOnly: true },
      { name: "ignore_index", kind: "int", default: null, keywordOnly: true, functionalKeywordOnly: true },
      {
        name: "label_smoothing",
        kind: "float",
        default: 0.0,
        min: 0,
        max: 1,
        keywordOnly: true,
        functionalKeywordOnly: true,
        // The class checks at construction, both ends (CrossEntropyLoss only at the call, and only above 1).
        check: { min: 0, max: 1, errorType: "RuntimeError", message: "expected label_smoothing to be in range [0, 1], got {value}", when: "construct" },
        slider: { min: 0, max: 1, step: 0.01 },
      },
      { name: "options", kind: "object", default: null, keywordOnly: true, functionalKeywordOnly: true },
    ],
    functionalParams: ["linear_bias", "weight", "reduction", "ignore_index", "label_smoothing", "options"],
    functionalSignature: {
      inputs: [LCE_FEATURES, input("linear_weight", "(C, in_features) or (C, d1, ..., dK, in_features)", "float", "linear-weight"), LCE_TARGET],
      params: [
        { name: "linear_bias", kind: "tensor", default: null, functionalKeywordOnly: true },
        {
          name: "label_smoothing",
          kind: "float",
          default: 0.0,
          min: 0,
          max: 1,
          functionalKeywordOnly: true,
          // The function checks only at the call and only above 1, as F.cross_entropy (the class: both ends, at construction).
          check: { max: 1, errorType: "RuntimeError", message: "label_smoothing must be between 0.0 and 1.0. Got: {value}", when: "call" },
        },
      ],
    },
    inputs: [LCE_FEATURES, LCE_TARGET],
    output: { none: "() or (N) or (N, d1, ..., dK)", mean: "()", sum: "()" },
    formula:
      "zₙ = W·xₙ (+ b)   (self.linear: W is (C·prod(out_features), in_features), reshaped to (C, *out_features, in_features))\n" +
      "ℓₙ = −w[yₙ] · log( exp(z[n, yₙ]) / Σ_c exp(z[n, c]) )   (CrossEntropyLoss of the logits z)\n" +
      "ignore_index=None means −100 for class-index targets; mean (class indices) = Σₙ ℓₙ / Σₙ w[yₙ]",
    summary: text(
      "CrossEntropyLoss with its own linear layer: features in, logits computed by self.linear, cross entropy out (PyTorch 2.x).",
      "自带线性层的 CrossEntropyLoss：输入特征，由 self.linear 算出 logits，再计算交叉熵（PyTorch 2.x）。",
    ),
    related: ["CrossEntropyLoss", "NLLLoss"],
    plot: plot(text("logit of the true class after the linear layer", "线性层输出中真实类别的 logit"), [-6, 6], ["label_smoothing"]),
  }),
];
