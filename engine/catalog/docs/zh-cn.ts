// 每个损失函数的简体中文说明：按需加载（见 ../docs.ts），激活扩展时不加载。
import type { DocsBundle, LossDocs } from "../types";

const reduction = "逐元素损失如何汇总为结果：'none' 全部保留，'mean' 取平均，'sum' 求和。";
const sizeAverage =
  "已弃用（请用 reduction）。只要不是 None，它（与 reduce 一起）就会覆盖 reduction：True 取平均，False 求和。";
const reduce =
  "已弃用（请用 reduction）。只要不是 None 就会覆盖 reduction：False 返回逐元素损失，True 按 size_average 汇总。";
const classWeight = "可选的每类权重，大小为 C 的一维张量。默认 None：每个类别权重为 1。";
const elementWeight = "可选的逐元素权重，会广播到输入的形状。默认 None。";

const scalar = "标量：逐元素损失的平均值。";
const scalarSum = "标量：逐元素损失之和。";
const perElement = "每个元素的损失，形状与输入相同。";

const legacy = { size_average: sizeAverage, reduce };
const standardOutput = { none: perElement, mean: scalar, sum: scalarSum };

const nll: LossDocs = {
  details:
    "NLLLoss 对每个样本取出目标类别位置上的输入值并取负。只有当输入已经是对数概率时，这才是负对数似然，" +
    "所以应当传入 logits 的 log_softmax（log_softmax + NLLLoss = CrossEntropyLoss）。设置类别权重时，" +
    "'mean' 除以的是各目标权重之和，而不是 N。C 之后可以有额外维度（图像、序列）：输入 (N, C, d1, ...)，" +
    "目标 (N, d1, ...)。",
  pitfalls: [
    "直接传入原始 logits 或 softmax 概率：能算出数值，但那不是似然，训练表现异常。请用 log_softmax，" +
      "或对 logits 直接使用 CrossEntropyLoss。",
    "目标是类别索引（int64），不是 one-hot 向量；浮点型目标会报错。",
    "等于 ignore_index（默认 -100）的目标不产生损失，也不计入平均；若所有目标都被忽略，'mean' 结果为 NaN。",
    "设置 weight 时，'mean' 是加权平均：Σ wᵧ·ℓ / Σ wᵧ。",
  ],
  params: {
    weight: classWeight,
    ...legacy,
    ignore_index: "被跳过的目标值：不产生损失，也不计入平均。默认 -100。",
    reduction: reduction + " 设置 weight 时，'mean' 除以未被忽略目标的权重总和。",
  },
  inputs: {
    input: "对数概率（在类别维 C 上做 log_softmax），不是 logits，也不是概率。",
    target: "类别索引，int64，取值在 [0, C) 内或等于 ignore_index。",
  },
  output: {
    none: "每个样本（及空间位置）的损失：形状 (N) 或 (N, d1, ..., dK)。",
    mean: "标量：未被忽略目标上的加权平均。",
    sum: "标量：所有目标的损失之和。",
  },
};

// nn.LinearCrossEntropyLoss 与 F.linear_cross_entropy 对 ignore_index 的说明相同。
const lceIgnoreIndex = "ignore_index 默认为 None，对类别索引目标即 -100；目标为概率时指定它会报错。";

export const docs: DocsBundle = {
  L1Loss: {
    details:
      "L1Loss 计算每个元素的绝对误差 |x − y|（默认汇总方式下即平均绝对误差）。无论误差大小，其梯度大小都是 ±1，" +
      "因此大误差和异常值不会像在 MSE 中那样主导训练；但反过来，梯度在最优点附近不会变小，且在 0 处不可导" +
      "（PyTorch 在 0 处取梯度 0）。",
    pitfalls: [
      "梯度处处为 ±1：学习率固定时，预测值会在目标附近来回振荡。SmoothL1Loss 或 HuberLoss 在零附近解决了这个问题。",
      "输入与目标应形状相同；形状不同但可广播时 PyTorch 只给出警告，算出的损失通常是错的。",
    ],
    params: { ...legacy, reduction },
    inputs: { input: "预测值，任意形状。", target: "真实值，形状与输入相同。" },
    output: standardOutput,
  },
  MSELoss: {
    details:
      "MSELoss 计算每个元素的平方误差 (x − y)²（默认汇总方式下即均方误差）。其梯度 2(x − y) 随误差增大，" +
      "收敛平滑，但异常值的影响被放大：一个大小为 10 的误差与 100 个大小为 1 的误差同样重。" +
      "它是方差固定的高斯噪声模型下的最大似然损失。",
    pitfalls: [
      "对异常值敏感：少数大误差会主导损失和梯度。目标含噪声时可考虑 HuberLoss 或 SmoothL1Loss。",
      "形状为 (N) 的目标配上形状为 (N, 1) 的输入会广播成 (N, N)：PyTorch 只给出警告，损失是错的。请先 squeeze 或 reshape。",
      "int64 目标会被接受并提升类型；float32 与 float64 混用时结果为 float64。",
    ],
    params: { ...legacy, reduction },
    inputs: { input: "预测值，任意形状。", target: "真实值，形状与输入相同。" },
    output: standardOutput,
  },
  CrossEntropyLoss: {
    details:
      "CrossEntropyLoss 是单标签分类的标准损失。它接收未归一化的原始得分（logits），自己先做 log_softmax，" +
      "再取目标类别的负对数似然。两步合在一起可以用 log-sum-exp 技巧，对任何 logits 都保持有限；" +
      "而先 softmax 再取 log 可能下溢成 log(0) = −inf。目标可以是类别索引（int64），也可以是类别概率" +
      "（浮点，与输入同形状，例如软标签或 mixup）。label_smoothing 把 one-hot 目标与均匀分布混合。",
    pitfalls: [
      "不要在它之前做 softmax（或 log_softmax）：模型最后一层应输出 logits。先做 softmax 会让训练变慢，损失也降不到接近 0。",
      "类别索引目标必须是 int64（torch.long），取值在 [0, C) 内；浮点的 one-hot 目标会被当作类别概率，只有每行和为 1 时才有意义。",
      "对于 (N, C, H, W) 输出（语义分割），类别维是第 1 维，目标形状为 (N, H, W)。",
      "ignore_index 只对类别索引目标有效；被忽略的目标不计入平均，若全部被忽略，'mean' 结果为 NaN。",
      "同时使用 weight 和类别索引时，'mean' 除以的是各目标权重之和，而不是 N。",
    ],
    params: {
      weight: classWeight,
      ...legacy,
      ignore_index: "被跳过的目标值（仅限类别索引目标）：不产生损失，也不计入平均。默认 -100。",
      reduction: reduction + " 同时使用 weight 和类别索引时，'mean' 除以各目标的权重总和。",
      label_smoothing:
        "平滑程度，取值 [0, 1]：目标变为 (1 − ε)·one-hot + ε/C。0.0（默认）即普通交叉熵；常用 0.1。" +
        "大于 1 会报错；在 1.13 中负值会被悄悄忽略。",
    },
    inputs: {
      input: "logits：模型直接输出的原始得分，每个类别一个，位于第 1 维（不要做 softmax）。",
      target: "类别索引（int64，取值在 [0, C)），或类别概率（浮点，与输入同形状，每行和为 1）。",
    },
    output: {
      none: "每个样本的损失：形状 (N)，单个样本时为 ()，或 (N, d1, ..., dK)。",
      mean: "标量：未被忽略样本上的（加权）平均。",
      sum: "标量：所有样本的损失之和。",
    },
  },
  CTCLoss: {
    details:
      "CTCLoss 用于训练输出序列比标签长、且与标签未对齐的序列模型（语音识别、手写识别、OCR）。" +
      "它用动态规划把所有能折叠成目标序列的对齐方式（先合并重复，再删去空白）的概率相加，" +
      "返回该和的负对数。输入是每个时间步在 C 个类别上的对数概率，类别 blank 表示“无标签”。",
    pitfalls: [
      "log_probs 必须是在类别维上做过 log_softmax 的结果，形状为 (T, N, C)：时间维在前，而不是批维在前。",
      "目标中绝不能出现 blank 的索引；每个输入长度至少要等于目标长度（每有一对相邻重复标签再加一），否则损失为 inf。",
      "无法对齐时损失为 inf、梯度为 NaN：设置 zero_infinity=True 可将其置为 0。",
      "'mean' 先把每个样本的损失除以其目标长度，再在批上取平均。",
    ],
    params: {
      blank: "空白标签的索引，取值 [0, C)。默认 0。",
      reduction: reduction + " 'mean' 会先把每个样本的损失除以其目标长度。",
      zero_infinity: "把无穷大的损失（无法对齐）及其梯度置为 0。默认 False。",
    },
    inputs: {
      log_probs: "每个时间步的对数概率（在 C 上做 log_softmax）：(T, N, C)，无批维时为 (T, C)。",
      targets: "目标标签索引（不含 blank）：填充后的 (N, S)，或所有目标首尾相接 (sum(target_lengths))。",
      input_lengths: "每个输入序列的长度，均 ≤ T：(N)，无批维时为 ()。",
      target_lengths: "每个目标序列的长度：(N)，无批维时为 ()。",
    },
    output: {
      none: "每个序列的损失：(N)，无批维时为 ()。",
      mean: "标量：每个损失除以其目标长度后在批上的平均。",
      sum: "标量：所有序列损失之和。",
    },
  },
  NLLLoss: nll,
  NLLLoss2d: {
    ...nll,
    details:
      "NLLLoss2d 是 NLLLoss 的已弃用别名，源自 NLLLoss 还不支持空间维度的时期。它的计算与 NLLLoss 完全相同，" +
      "构造时会发出警告。" +
      nll.details,
    pitfalls: ["已弃用：把 nn.NLLLoss2d 换成 nn.NLLLoss 即可，参数和结果都相同。", ...nll.pitfalls],
  },
  PoissonNLLLoss: {
    details:
      "PoissonNLLLoss 是计数数据在泊松分布下的负对数似然，由模型预测速率 λ：λ − y·log λ（省略与 λ 无关的项）。" +
      "log_input=True（默认）时输入是 log λ，无需激活函数就能保证 λ 为正，也避免了 log(0)。" +
      "full=True 时加上 log(y!) 的斯特林近似，使数值成为完整的似然（不影响梯度）。",
    pitfalls: [
      "log_input=True（默认）时输入是速率的对数：不要自己再取 exp。",
      "log_input=False 时输入就是速率本身，必须为正；eps 保证 log 在 0 处有限。",
      "对数速率过大会溢出：float32 中 exp(100) 为 inf。",
    ],
    params: {
      log_input: "True（默认）：输入是 log λ，损失为 exp(x) − y·x。False：输入是 λ。",
      full: "加上斯特林项 y·log y − y + ½·log(2πy)（y > 1 时），使损失成为完整似然。",
      ...legacy,
      eps: "log_input=False 时加在速率上以避免 log(0)。默认 1e-8。",
      reduction,
    },
    inputs: {
      log_input: "预测的速率：log_input=True（默认）时为其对数，否则为速率本身。",
      target: "观测到的计数（非负），形状与输入相同。",
    },
    output: standardOutput,
  },
  GaussianNLLLoss: {
    details:
      "GaussianNLLLoss 是目标在高斯分布下的负对数似然，均值（input）和方差（var）都由模型预测。" +
      "预测较大的方差可以减轻对误差的惩罚，但要付出 log(var) 的代价，于是模型学会了每个预测有多不确定。" +
      "方差固定为 1 时它等于 MSE/2。方差可以逐元素、逐样本（最后一维为 1 或缺失）或共享。",
    pitfalls: [
      "var 必须非负；为了稳定会被截断到不小于 eps（截断不会阻断它的梯度）。",
      "var 形状不对会报错 'var is of incorrect size'：它必须与输入同形状，或最后一维为 1，或少一维。",
      "请通过 softplus 或 exp 预测方差，保证其为正。",
    ],
    params: {
      full: "加上常数 ½·log(2π)，使损失成为完整似然。默认 False。",
      eps: "var 的下限截断值，用于数值稳定。默认 1e-6。",
      reduction,
    },
    inputs: {
      input: "预测的均值。",
      target: "观测值，形状与输入相同。",
      var: "预测的方差（≥ 0）：与输入同形状、最后一维为 1，或少一维。",
    },
    output: standardOutput,
  },
  KLDivLoss: {
    details:
      "KLDivLoss 逐元素计算目标分布 P 与模型分布 Q 之间的 KL 散度 KL(P ‖ Q)：p·(log p − log q)。" +
      "出于数值原因，输入已经是 log Q（logits 的 log_softmax），而目标是概率形式的 P" +
      "（log_target=True 时为 log P）。要得到每个样本的散度，请用 reduction='batchmean'（总和除以批大小）；" +
      "'mean' 除以的是元素总数，并不是 KL 散度。",
    pitfalls: [
      "输入必须是对数概率（log_softmax），不是概率：传入 softmax 输出会得到错误的、常常为负的值。",
      "reduction='mean'（默认）除以 N·C 而不是 N：要得到真正的 KL 散度请用 'batchmean'。PyTorch 也会就此发出警告。",
      "参数顺序与数学记号相反：kl_div(input=log Q, target=P) 计算的是 KL(P ‖ Q)。",
      "目标为 0 的元素贡献为 0（PyTorch 将 0·log 0 视为 0）。",
    ],
    params: {
      ...legacy,
      reduction:
        "'none' 保留每个元素的项，'batchmean' 将总和除以批大小（即 KL 散度），'sum' 全部相加，" +
        "'mean'（默认）除以元素总数。",
      log_target: "目标也以对数概率给出时设为 True（概率极小时更稳定）。",
    },
    inputs: {
      input: "模型分布 Q 的对数概率（在类别维上做 log_softmax）。",
      target: "目标分布 P 的概率（log_target=True 时为对数概率），形状相同。",
    },
    output: {
      none: "每个元素的项 p·(log p − log q)，形状与输入相同。",
      mean: "标量：总和除以元素总数（不是 KL 散度）。",
      sum: "标量：所有项之和。",
      batchmean: "标量：总和除以批大小，即每个样本的 KL 散度。",
    },
  },
  BCELoss: {
    details:
      "BCELoss 是预测概率与 0/1（或软）目标之间的二元交叉熵：−[y·log x + (1 − y)·log(1 − x)]。" +
      "它要求输入是概率，所以模型最后要接 sigmoid。sigmoid 饱和到恰好 0 或 1 时再取 log 会丢失精度；" +
      "PyTorch 把每个 log 截断在 −100，使损失保持有限（每个元素最多 100）。" +
      "BCEWithLogitsLoss 直接作用于 logits，完成同样的任务且没有这个问题。",
    pitfalls: [
      "输入必须在 [0, 1] 内：传入原始 logits 会报错 'all elements of input should be between 0 and 1'。",
      "数值上不如 BCEWithLogitsLoss：饱和的 sigmoid 会触到 −100 的截断，梯度消失。推荐去掉最后的 sigmoid，改用 BCEWithLogitsLoss。",
      "目标必须是浮点型且与输入同形状（不是 int64 类别索引）。",
    ],
    params: { weight: elementWeight, ...legacy, reduction },
    inputs: {
      input: "[0, 1] 内的概率（sigmoid 输出），任意形状。",
      target: "[0, 1] 内的目标（通常为 0 或 1），浮点型，形状与输入相同。",
    },
    output: standardOutput,
  },
  BCEWithLogitsLoss: {
    details:
      "BCEWithLogitsLoss 把 sigmoid 和二元交叉熵合成一个对任意 logit 都稳定的表达式：" +
      "它采用 log(1 + exp(−|x|)) 式的计算，而不是对饱和的 sigmoid 取 log。" +
      "适用于二分类和多标签分类（每个类别一个独立的是/否）。pos_weight 放大正样本项，" +
      "在不平衡数据上用精确率换召回率。",
    pitfalls: [
      "不要在它之前做 sigmoid：它要的是 logits。",
      "pos_weight 是逐类别的（沿最后一维广播）：负样本是正样本 3 倍时，取 pos_weight = 3。",
      "logit 为无穷大时即使目标一致也会得到 NaN。",
      "目标必须是浮点型且与输入同形状；形状不同会报错。",
    ],
    params: {
      weight: elementWeight,
      ...legacy,
      reduction,
      pos_weight: "每个类别正样本的权重，沿最后一维广播的张量。大于 1 会提高召回率。",
    },
    inputs: {
      input: "logits：原始得分，任意形状（不要做 sigmoid）。",
      target: "[0, 1] 内的目标（通常为 0 或 1），浮点型，形状与输入相同。",
    },
    output: standardOutput,
  },
  MarginRankingLoss: {
    details:
      "MarginRankingLoss 学习两个得分之间的顺序：目标为 1 时要求 x1 > x2 + margin，为 −1 时要求 x2 > x1 + margin，" +
      "已经按至少 margin 的差距排好序的样本对不产生损失。用于排序学习、推荐和偏好模型。",
    pitfalls: [
      "目标是 ±1，不是 0/1：目标为 0 时损失恒等于 margin。",
      "margin 为 0（默认）时 x1 = x2 不产生损失；想要求拉开差距，请设正的 margin。",
    ],
    params: { margin: "两个得分之间要求的差距。默认 0.0。", ...legacy, reduction },
    inputs: {
      input1: "每对中的第一个得分。",
      input2: "每对中的第二个得分，形状相同。",
      target: "input1 应排在前面时为 1，input2 应排在前面时为 −1。",
    },
    output: { none: "每对的损失：(N) 或 ()。", mean: scalar, sum: scalarSum },
  },
  HingeEmbeddingLoss: {
    details:
      "HingeEmbeddingLoss 作用于两个样本之间的距离（通常是嵌入的 L1 或 L2 距离）：相似对（目标 1）的损失就是距离本身，" +
      "不相似对（目标 −1）只在距离小于 margin 时才产生损失。用于相似度学习和半监督嵌入。",
    pitfalls: [
      "输入是距离（实际中 ≥ 0），不是相似度。",
      "目标必须是 1 或 −1：其他值（例如 0）会同时得到两项，x + max(0, margin − x)。",
    ],
    params: { margin: "不相似对的距离超过它就不再产生损失。默认 1.0。", ...legacy, reduction },
    inputs: { input: "每对样本之间的距离。", target: "相似对为 1，不相似对为 −1，形状相同。" },
    output: standardOutput,
  },
  MultiLabelMarginLoss: {
    details:
      "MultiLabelMarginLoss 是多标签分类的合页损失：每个目标类别的得分都要比每个非目标类别至少高 1，" +
      "违反的部分求和后除以 C。目标张量先列出目标类别的索引，再用 −1 填充：只有第一个 −1 之前的索引有效。",
    pitfalls: [
      "目标不是 0/1 掩码：它存放类别索引，用 −1 填充，形状与输入相同。",
      "第一个 −1 之后的索引都被忽略，所以 [3, 0, −1, 1] 表示类别 {3, 0}。",
    ],
    params: { ...legacy, reduction },
    inputs: {
      input: "每个类别的得分：(C) 或 (N, C)。",
      target: "目标类别索引（int64），后接 −1 填充，形状与输入相同。",
    },
    output: { none: "每个样本的损失：(N) 或 ()。", mean: scalar, sum: scalarSum },
  },
  HuberLoss: {
    details:
      "HuberLoss 在误差小于 delta 时为二次，超过后为线性：零附近是 ½e²，更远处是 delta·(|e| − ½delta)。" +
      "小误差享有 MSE 那样平滑、逐渐变小的梯度；大误差的梯度被限制在 ±delta，异常值无法主导训练。" +
      "它等于 beta = delta 时 SmoothL1Loss 的 delta 倍。",
    pitfalls: [
      "delta 必须为正（0 会报错）；它与目标同单位，数据缩放后其含义也随之改变。",
      "只有 delta = 1 时才与 SmoothL1Loss 数值相同：Huber = delta · SmoothL1(beta = delta)。",
    ],
    params: { reduction, delta: "损失由二次转为线性的误差大小，也是之后的斜率。默认 1.0，须 > 0。" },
    inputs: { input: "预测值，任意形状。", target: "真实值，形状与输入相同。" },
    output: standardOutput,
  },
  SmoothL1Loss: {
    details:
      "SmoothL1Loss 在误差小于 beta 时为二次，超过 beta 后为 L1。这使它很稳健：超过 beta 后无论误差多大梯度都是 ±1，" +
      "异常值的拉力并不比普通误差更大（MSE 的梯度则随误差增长）；而在零附近梯度平滑地变小，" +
      "训练能稳定下来而不是来回振荡（L1 则会振荡）。它是目标检测中常用的边框回归损失。",
    pitfalls: [
      "beta = 0 时退化为 L1Loss；beta 为负会报错。",
      "它不是 HuberLoss：beta ≠ 1 时两者相差 beta 倍（Huber = beta · SmoothL1）。",
      "beta 与目标同单位：请归一化目标或相应调整 beta。",
    ],
    params: { ...legacy, reduction, beta: "损失由二次转为线性的误差大小。默认 1.0，须 ≥ 0。" },
    inputs: { input: "预测值，任意形状。", target: "真实值，形状与输入相同。" },
    output: standardOutput,
  },
  SoftMarginLoss: {
    details:
      "SoftMarginLoss 是用 ±1 标签书写的二分类逻辑损失：log(1 + exp(−y·x))。它在数学上与目标取 (y + 1)/2 的 " +
      "BCEWithLogitsLoss 相同，是合页损失的平滑版本。",
    pitfalls: [
      "标签是 ±1，不是 0/1：标签为 0 时每个元素的损失都是 log 2。",
      "y·x 小于约 −89 时 float32 会溢出为 inf；此时 BCEWithLogitsLoss 更稳定。",
    ],
    params: { ...legacy, reduction },
    inputs: { input: "得分（logits），任意形状。", target: "1 或 −1 的标签，形状与输入相同。" },
    output: standardOutput,
  },
  MultiLabelSoftMarginLoss: {
    details:
      "MultiLabelSoftMarginLoss 把每个类别看作一个独立的是/否问题：对每个类别做 sigmoid 二元交叉熵，" +
      "再对 C 个类别取平均，每个样本得到一个损失。它与在类别维上取平均的 BCEWithLogitsLoss 一致。",
    pitfalls: [
      "目标是 0/1 矩阵 (N, C)，不是类别索引（对比 MultiLabelMarginLoss）。",
      "输入是 logits：前面不要做 sigmoid。",
    ],
    params: { weight: classWeight, ...legacy, reduction },
    inputs: { input: "每个类别的 logits：(N, C)。", target: "每个类别的 0/1 标签：(N, C)。" },
    output: { none: "每个样本在类别上平均后的损失：(N)。", mean: scalar, sum: scalarSum },
  },
  CosineEmbeddingLoss: {
    details:
      "CosineEmbeddingLoss 用余弦相似度比较两个嵌入：相似对（目标 1）的损失为 1 − cos，" +
      "不相似对（目标 −1）只在余弦大于 margin 时才产生损失。只有向量的方向起作用，与长度无关。",
    pitfalls: ["目标是 ±1。对 (N, D) 输入，相似度沿第 1 维计算。", "margin 应在 [−1, 1] 内；常用 0 到 0.5。"],
    params: { margin: "不相似对的余弦超过它就会受罚，取值 [−1, 1]。默认 0.0。", ...legacy, reduction },
    inputs: {
      input1: "第一组嵌入：(N, D) 或 (D)。",
      input2: "第二组嵌入，形状相同。",
      target: "相似对为 1，不相似对为 −1：(N) 或 ()。",
    },
    output: { none: "每对的损失：(N) 或 ()。", mean: scalar, sum: scalarSum },
  },
  MultiMarginLoss: {
    details:
      "MultiMarginLoss 是多分类 SVM（合页）损失：真实类别的得分必须比其他每个类别高出 margin；" +
      "每次违反贡献 (margin − x[y] + x[i])ᵖ，总和再除以 C。与交叉熵不同，所有间隔都满足后损失恰好为 0。",
    pitfalls: [
      "p 只能是 1 或 2；其他值会报错 'only p == 1 and p == 2 supported'。",
      "目标是类别索引（int64），与 CrossEntropyLoss 相同。",
    ],
    params: {
      p: "1 为合页损失，2 为平方合页损失。默认 1。",
      margin: "真实类别得分需领先其他每个类别的幅度。默认 1.0。",
      weight: classWeight,
      ...legacy,
      reduction,
    },
    inputs: { input: "每个类别的得分：(N, C) 或 (C)。", target: "类别索引（int64），取值 [0, C)：(N) 或 ()。" },
    output: { none: "每个样本的损失：(N) 或 ()。", mean: scalar, sum: scalarSum },
  },
  TripletMarginLoss: {
    details:
      "TripletMarginLoss 从三元组中学习嵌入：锚点、同一身份的正样本、不同身份的负样本。" +
      "它要求 d(锚点, 正样本) + margin ≤ d(锚点, 负样本)，d 为 p 范数距离；已满足的三元组不产生损失。" +
      "swap=True 时若正负样本间的距离更小，也用它作为负样本距离（Balntas 等人的距离交换）。",
    pitfalls: [
      "简单三元组的损失和梯度都为 0：挖掘困难或半困难负样本比损失本身更重要。",
      "eps 加在距离内部（‖a − p + eps‖），所以两个相同的向量距离也不是 0。",
    ],
    params: {
      margin: "负样本距离与正样本距离之间要求的差距。默认 1.0。",
      p: "成对距离的范数阶数。默认 2.0（欧氏距离）。",
      eps: "加在距离内部的小常数，用于数值稳定。默认 1e-6。",
      swap: "用 min(d(a, n), d(p, n)) 作为负样本距离。默认 False。",
      ...legacy,
      reduction,
    },
    inputs: {
      anchor: "锚点嵌入：(N, D) 或 (D)。",
      positive: "与锚点同一身份的嵌入，形状相同。",
      negative: "不同身份的嵌入，形状相同。",
    },
    output: { none: "每个三元组的损失：(N) 或 ()。", mean: scalar, sum: scalarSum },
  },
  TripletMarginWithDistanceLoss: {
    details:
      "TripletMarginWithDistanceLoss 是可自选距离的三元组损失：任何接收两个张量、为每对返回非负距离的可调用对象" +
      "（例如 1 − 余弦相似度）都可以。默认（None）使用 pairwise_distance，即 p = 2 的 TripletMarginLoss。" +
      "它的所有参数都只能用关键字传入。",
    pitfalls: [
      "参数只能用关键字传入：TripletMarginWithDistanceLoss(0.5) 会抛出 TypeError；请写 margin=0.5。",
      "距离函数必须为每对返回一个非负值，形状为 (N)。",
    ],
    params: {
      distance_function: "可调用对象 (x, y) → 每对的距离。默认 None：pairwise_distance（欧氏距离）。",
      margin: "负样本距离与正样本距离之间要求的差距，须 ≥ 0。默认 1.0。",
      swap: "用 min(d(a, n), d(p, n)) 作为负样本距离。默认 False。",
      reduction,
    },
    inputs: {
      anchor: "锚点嵌入：(N, *) 或 (*)。",
      positive: "同一身份的嵌入，形状相同。",
      negative: "不同身份的嵌入，形状相同。",
    },
    output: { none: "每个三元组的损失：(N) 或 ()。", mean: scalar, sum: scalarSum },
  },
  LinearCrossEntropyLoss: {
    details:
      "LinearCrossEntropyLoss（PyTorch 2.x）是自带分类器最后一层线性层的 CrossEntropyLoss：输入特征，用 self.linear" +
      "（一个 nn.Linear，默认无偏置，与任何 Linear 一样随机初始化）算出 logits，再返回这些 logits 的交叉熵。" +
      "它的参数就是这一层的参数（criterion.linear.weight、.bias），需要交给优化器。forward 调用 " +
      "F.linear_cross_entropy；options=None 时它正是 cross_entropy(linear(input), target)，而 " +
      "LinearCrossEntropyOptions 会分块计算以节省内存（损失相同，舍入不同）。out_features=(d1, ..., dK) 会从一批特征" +
      "向量得到 K 维 logits (N, C, d1, ..., dK)。",
    pitfalls: [
      "输入是分类层之前的特征，不是 logits：其最后一维必须等于 in_features。",
      "线性层的权重在你设置或训练之前是随机的：没有 torch.manual_seed 时，两个新建的损失对同一输入给出不同的结果。",
      lceIgnoreIndex,
      "label_smoothing 超出 [0, 1]、weight 形状不是 (num_classes,) 都会在构造损失时被拒绝，而不是在调用时。",
      "PyTorch 1.13 没有 LinearCrossEntropyLoss：在那里 nn.LinearCrossEntropyLoss 会抛出 AttributeError。",
    ],
    params: {
      in_features: "每个输入样本的大小（特征的最后一维）。",
      num_classes: "类别数 C：每个样本的 logit 个数。",
      out_features: "K 维损失的额外 logit 维度 (d1, ..., dK)。默认 ()：每个类别一个 logit。",
      bias: "self.linear 是否加可学习的偏置（扁平存储，形状 (C·prod(out_features),)）。默认 False。",
      device: "线性层权重所在的设备。默认 None（当前默认设备）。",
      dtype: "线性层的数据类型。默认 None（默认浮点类型 float32）。",
      reduction: reduction + " 有 weight 且目标为类别索引时，'mean' 除以目标权重之和。",
      weight: classWeight + " 在构造时检查。",
      ignore_index: "被跳过的类别索引目标值：贡献为 0，也不计入平均。默认 None，即 -100；目标为概率时不能指定。",
      label_smoothing: "平滑量，取值 [0, 1]：目标变为 (1 − ε)·one-hot + ε/C。在构造时检查：超出 [0, 1] 会抛出 RuntimeError。",
      options: "LinearCrossEntropyOptions，分块计算损失（更省内存）。默认 None：参考实现 cross_entropy(linear(input), target)。",
    },
    inputs: {
      input: "特征：(in_features) 或 (N, in_features)，即分类器线性层的输入。",
      target: "类别索引（int64，取值 [0, C)；形状 ()、(N) 或 (N, d1, ..., dK)），或类别概率（浮点，形状与 logits 相同）。",
    },
    output: {
      none: "每个样本的损失：()、(N) 或 (N, d1, ..., dK)。",
      mean: "标量：未被忽略样本的（加权）平均。",
      sum: "标量：所有样本之和。",
    },
    functional: {
      pitfalls: [
        "输入是分类层之前的特征，不是 logits：其最后一维必须等于 linear_weight 的最后一维（in_features）。",
        lceIgnoreIndex,
        "label_smoothing 在计算损失时检查（与 F.cross_entropy 相同）：大于 1 会抛出 RuntimeError，负值不会被拒绝。",
        "PyTorch 1.13 没有 linear_cross_entropy：在那里 F.linear_cross_entropy 会抛出 AttributeError。",
      ],
      params: {
        linear_bias: "加到 logits 上的偏置：(C)，K 维损失时为与 linear_weight 对应的 (C, d1, ..., dK)。默认 None：无偏置。",
        weight: classWeight,
        label_smoothing:
          "平滑量，取值 [0, 1]：目标变为 (1 − ε)·one-hot + ε/C。在计算损失时检查（与 F.cross_entropy 相同）：大于 1 会抛出 RuntimeError，负值不会被拒绝。",
      },
      inputs: {
        linear_weight: "线性层的权重 W：(C, in_features)，K 维损失时为 (C, d1, ..., dK, in_features)。logits 为 input @ Wᵀ（+ linear_bias）。",
      },
    },
  },
};
