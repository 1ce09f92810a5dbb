// A second backward through a graph a backward freed: PyTorch raises where a node saved a tensor (a Python number
// operand counts: x * 2) and runs where the graph's nodes kept only sizes, dims or scalars; retain_graph keeps all.
// The program's expected lines are PyTorch's own output: 1.13 (/usr/bin/python3) and 2.13 (the wheel's venv), which
// differ only in mean(dim) (1.13 saves its input).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";

const SRC = [
  'import torch',
  'import torch.nn.functional as F',
  'x = torch.tensor([[1.5, -2.0, 3.0], [0.5, 4.0, -1.0]], requires_grad=True)',
  'c = torch.tensor([[2.0, 1.0, 3.0], [1.0, 2.0, 5.0]])',
  'ops = {',
  ' "add": lambda: x + c, "add_s": lambda: x + 2, "sub": lambda: x - c, "rsub": lambda: 2 - x, "neg": lambda: -x,',
  ' "mul_s": lambda: x * 2, "div_s": lambda: x / 2, "sum": lambda: x.sum(), "sum_dim": lambda: x.sum(1), "mean": lambda: x.mean(), "mean_dim": lambda: x.mean(1),',
  ' "view": lambda: x.view(-1), "reshape": lambda: x.reshape(3, 2), "expand": lambda: x[:, :1].expand(2, 3), "permute": lambda: x.permute(1, 0), "t": lambda: x.t(),',
  ' "transpose": lambda: x.transpose(0, 1), "squeeze": lambda: x.unsqueeze(0).squeeze(0), "unsqueeze": lambda: x.unsqueeze(1), "slice": lambda: x[:, 1:], "select": lambda: x[0],',
  ' "cat": lambda: torch.cat([x, x]), "stack": lambda: torch.stack([x, x]), "repeat": lambda: x.repeat(2, 1), "unbind": lambda: x.unbind(0)[0], "clone": lambda: x.clone(), "to": lambda: x.to(torch.float64),',
  ' "round": lambda: x.round(), "sign": lambda: x.sign(), "floor": lambda: x.floor(), "ceil": lambda: x.ceil(), "trunc": lambda: x.trunc(), "alias": lambda: x[...],',
  ' "exp": lambda: x.exp(), "abs": lambda: x.abs(), "relu": lambda: x.relu(), "sigmoid": lambda: x.sigmoid(), "pow": lambda: x ** 2, "clamp_min": lambda: x.clamp(min=0),',
  ' "max_all": lambda: x.max(), "where": lambda: torch.where(c > 1.5, x, c), "masked_fill": lambda: x.masked_fill(c > 1.5, 0.0), "index": lambda: x[torch.tensor([0, 1, 1])], "gather": lambda: x.gather(1, torch.tensor([[0], [2]])),',
  ' "l1": lambda: F.l1_loss(x, c), "mse": lambda: F.mse_loss(x, c), "ce": lambda: F.cross_entropy(x, torch.tensor([0, 2])),',
  ' "flatten": lambda: x.flatten(), "contiguous": lambda: x.t().contiguous(), "chunk": lambda: x.chunk(3, 1)[0], "split": lambda: x.split(1, 1)[0], "float": lambda: x.float(), "detach_mix": lambda: x + x.detach(),',
  ' "sub_s": lambda: x - 1, "max_dim": lambda: x.max(1)[0], "amax": lambda: x.amax(1), "softmax": lambda: x.softmax(1), "mm": lambda: x @ c.t(), "norm": lambda: x.norm(),',
  '}',
  'for k, f in ops.items():',
  '    z = f().sum()',
  '    z.backward()',
  '    try:',
  '        z.backward(); print(k, "ok")',
  '    except RuntimeError as e:',
  '        print(k, "ERR")',
  '    x.grad = None',
  'z = (x * c).sum()',
  'z.backward(retain_graph=True)',
  'z.backward()',
  'print(x.grad)',
].join("\n");

const EXPECTED_113 = `add ok
add_s ok
sub ok
rsub ok
neg ok
mul_s ERR
div_s ERR
sum ok
sum_dim ok
mean ok
mean_dim ERR
view ok
reshape ok
expand ok
permute ok
t ok
transpose ok
squeeze ok
unsqueeze ok
slice ok
select ok
cat ok
stack ok
repeat ok
unbind ok
clone ok
to ok
round ok
sign ok
floor ok
ceil ok
trunc ok
alias ok
exp ERR
abs ERR
relu ERR
sigmoid ERR
pow ERR
clamp_min ERR
max_all ERR
where ERR
masked_fill ERR
index ERR
gather ERR
l1 ERR
mse ERR
ce ERR
flatten ok
contiguous ok
chunk ok
split ok
float ok
detach_mix ok
sub_s ok
max_dim ERR
amax ERR
softmax ERR
mm ERR
norm ERR
tensor([[ 4.,  2.,  6.],
        [ 2.,  4., 10.]])
`;

for (const [version, expected] of [["1.13", EXPECTED_113], ["2.13", EXPECTED_113.replace("mean_dim ERR", "mean_dim ok")]] as const) {
  test(`a second backward raises where PyTorch ${version} freed a saved tensor, and runs where nothing was saved`, async () => {
    const out = evaluate(SRC, await createEngine({ pytorch: version }));
    assert.deepEqual(out.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.line}: ${d.message}`), []);
    assert.equal(out.stdout, expected);
  });
}
