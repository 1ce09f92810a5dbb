// PyTorch's argument-parser TypeErrors (engine/python/torchapi/argparser.ts) against the messages real PyTorch
// raised for the same calls (test/fixtures/parser-messages[-2.13].json, scripts/fixtures/parser_signatures.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import type { PyTorchVersion } from "../../engine/api/types";
import { evaluate } from "../../engine/python";
import { checkParser } from "../../engine/python/torchapi/argparser";
import * as T from "../../engine/python/tensor";
import { PyError } from "../../engine/python/errors";
import type { Args, Value } from "../../engine/python/values";
import { setEvalVersion } from "../../engine/python/version";

interface Case {
  op: string;
  args: string[];
  message: string;
}

const root = join(__dirname, "..", "..", "..");
const x = T.fromArray("float32", [2, 3], [0.5, -1.25, 2.0, 3.5, 0.0, -0.75]);
const VALUES: Record<string, Value> = {
  x, J: { t: "instance", cls: { name: "J" } } as unknown as Value, "1.5": { t: "float", v: 1.5 }, "'a'": { t: "str", v: "a" },
  None: { t: "none" }, True: { t: "bool", v: true }, "(0, 1)": { t: "tuple", items: [{ t: "int", v: 0 }, { t: "int", v: 1 }] },
  "[0.5]": { t: "list", items: [{ t: "float", v: 0.5 }] },
};
const value = (s: string): Value => VALUES[s] ?? { t: "int", v: Number(s) };

function argsOf(c: Case): Args {
  const own = c.args;
  const pos = own.filter((a) => !/^\w+=/.test(a)).map(value);
  const kw = new Map(own.filter((a) => /^\w+=/.test(a)).map((a) => [a.split("=")[0], value(a.split("=")[1])] as [string, Value]));
  const span = { line: 1, column: 1, endLine: 1, endColumn: 1 } as unknown as Args["span"];
  return { pos, kw, span, posSpans: pos.map(() => span), kwSpans: new Map() };
}

for (const version of ["1.13", "2.13"] as PyTorchVersion[]) {
  const file = join(root, "test", "fixtures", version === "1.13" ? "parser-messages.json" : `parser-messages-${version}.json`);
  const cases = (JSON.parse(readFileSync(file, "utf8")) as { cases: Case[] }).cases;
  test(`PyTorch ${version}: the parser's TypeErrors are PyTorch's, word for word, for calls no overload takes`, () => {
    setEvalVersion(version);
    let raised = 0;
    const wrong: string[] = [];
    for (const c of cases) {
      try {
        checkParser(c.op, argsOf(c));
      } catch (e) {
        assert.ok(e instanceof PyError && e.kind === "TypeError");
        raised++;
        if (e.message !== c.message) wrong.push(`${c.op}(${c.args.join(", ")}):\n  got  ${JSON.stringify(e.message)}\n  want ${JSON.stringify(c.message)}`);
      }
    }
    assert.deepEqual(wrong, []);
    // The values these calls pass are all modelled: nearly every one is decided (a tensor for a number is not).
    assert.ok(raised >= cases.length * 0.9, `${raised} of ${cases.length} raised`);
  });
}

const enginePromise = createEngine();
const run = async (src: string, pytorch: PyTorchVersion) => evaluate("import torch\nx = torch.tensor([[0.5, -1.25], [2.0, 3.0]])\n" + src, await enginePromise, { pytorch });
const errorOf = (out: { diagnostics: { severity: string; message: string }[] }) => out.diagnostics.find((d) => d.severity === "error")?.message;

// Measured with 1.13 and 2.13 (python -c); the versions' parsers differ in their defaults and overloads.
const MEASURED: [string, string, string][] = [
  ["x.clamp_max()", "TypeError: clamp_max() received an invalid combination of arguments - got (), but expected one of:\n * (Tensor max)\n * (Number max)\n", "same"],
  [
    "torch.sum(x, 1.5)",
    "TypeError: sum() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor input, *, torch.dtype dtype)\n * (Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n",
    "TypeError: sum() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor input, *, torch.dtype dtype = None)\n * (Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)\n",
  ],
  [
    "torch.cumsum(x, 0, torch.float64, 3)",
    "TypeError: cumsum() received an invalid combination of arguments - got (Tensor, int, torch.dtype, int), but expected one of:\n * (Tensor input, int dim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, name dim, *, torch.dtype dtype, Tensor out)\n",
    "TypeError: cumsum() takes 2 positional arguments but 4 were given",
  ],
  ["x.permute()", 'TypeError: permute() missing 1 required positional arguments: "dims"', "same"],
  [
    "torch.clamp(x, min=1, max='a')",
    "TypeError: clamp() received an invalid combination of arguments - got (Tensor, max=str, min=int), but expected one of:\n * (Tensor input, Tensor min, Tensor max, *, Tensor out)\n * (Tensor input, Number min, Number max, *, Tensor out)\n",
    "TypeError: clamp() received an invalid combination of arguments - got (Tensor, max=str, min=int), but expected one of:\n * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)\n * (Tensor input, Number min = None, Number max = None, *, Tensor out = None)\n",
  ],
  [
    "torch.sum(x, 1, keepdim=1)",
    "TypeError: sum() received an invalid combination of arguments - got (Tensor, int, keepdim=int), but expected one of:\n * (Tensor input, *, torch.dtype dtype)\n      didn't match because some of the keywords were incorrect: keepdim\n * (Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n * (Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out)\n",
    "TypeError: sum(): argument 'keepdim' must be bool, not int",
  ],
  [
    "x.view(1.5)",
    "TypeError: view() received an invalid combination of arguments - got (float), but expected one of:\n * (torch.dtype dtype)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (tuple of SymInts size)\n      didn't match because some of the arguments have invalid types: (!float!)\n",
    "TypeError: view() received an invalid combination of arguments - got (float), but expected one of:\n * (torch.dtype dtype)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (tuple of ints size)\n      didn't match because some of the arguments have invalid types: (!float!)\n",
  ],
  ["x.sum(foo=1)", "TypeError: sum() received an invalid combination of arguments - got (foo=int, ), but expected one of:\n * (*, torch.dtype dtype)\n * (tuple of ints dim, bool keepdim, *, torch.dtype dtype)\n * (tuple of names dim, bool keepdim, *, torch.dtype dtype)\n", "TypeError: sum() received an invalid combination of arguments - got (foo=int, ), but expected one of:\n * (*, torch.dtype dtype = None)\n * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n"],
  ["torch.addcmul(x, 0.5, x)", "TypeError: addcmul(): argument 'tensor1' (position 2) must be Tensor, not float", "same"],
  ["x.add(x, alpha='a')", "TypeError: add(): argument 'alpha' must be Number, not str", "same"],
  ["x.abs(1)", "TypeError: _TensorBase.abs() takes no arguments (1 given)", "TypeError: TensorBase.abs() takes no arguments (1 given)"],
];

for (const [src, v113, v213] of MEASURED) {
  test(`${src} raises PyTorch's parser error in both versions`, async () => {
    assert.equal(errorOf(await run(`print(${src})\n`, "1.13")), v113);
    assert.equal(errorOf(await run(`print(${src})\n`, "2.13")), v213 === "same" ? v113 : v213);
  });
}

test("calls an overload takes still run: a bool keepdim, a list of dims, numbers as tensors for add, numpy's axis=", async () => {
  for (const v of ["1.13", "2.13"] as PyTorchVersion[]) {
    const out = await run("print(torch.sum(x, [0], True), x.add(2), torch.mean(x, axis=1), x.view(4).shape, x.permute(1, 0).shape)\n", v);
    assert.equal(errorOf(out), undefined);
  }
});
