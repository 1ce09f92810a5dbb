#!/usr/bin/env python3
"""The differential sweep's PyTorch side (driven by scripts/sweep.mjs; see its header).

  python3 scripts/sweep.py names                 # {"torch": [...], "Tensor": [...], "F": [...]}: the callables
  python3 scripts/sweep.py gen SEED < NAMES      # NAMES: {"torch": [...], ...} -> [{"name", "op", "source"}]
  python3 scripts/sweep.py run < PROGRAMS        # -> [{"stdout", "error": {"type", "message"} | null}]

gen reads each op's signatures from its docstring (`name(input, dim, keepdim=False, *, dtype=None)`, every
overload) or inspect.signature, and writes short programs calling it in varied forms: positional and keyword,
optional arguments one at a time, one positional argument too many, in- and out-of-range dims, on float32,
float64, int64, bool, 0-d, empty, 1-D and 3-D inputs. run executes each program in this process, each with fresh
globals, its stdout captured and its exception (type and message) recorded. A program prints its result and then
its input in one statement (an in-place op shows), so a refused call prints nothing.
"""
import contextlib
import inspect
import io
import json
import random
import re
import sys
import warnings

import torch
import torch.nn.functional as F

PRELUDE = "import torch\nimport torch.nn.functional as F\ntorch.manual_seed(0)\n"

# Each input: x, a broadcastable second tensor y, an index tensor, a mask; shaped alike.
INPUTS = {
    "f32": ("torch.tensor([[0.5, -1.25, 2.0], [3.5, 0.0, -0.75]])", "torch.tensor([1.5, 2.0, -0.5])",
            "torch.tensor([[0, 2, 1], [1, 0, 0]])"),
    "f64": ("torch.tensor([[0.5, -1.25, 2.0], [3.5, 0.0, -0.75]], dtype=torch.float64)",
            "torch.tensor([[2.0, 0.25, -1.0], [1.0, 3.0, 0.5]], dtype=torch.float64)", "torch.tensor([[1, 0, 2], [0, 2, 1]])"),
    "i64": ("torch.tensor([[1, -2, 3], [0, 4, -1]])", "torch.tensor([2, 1, 3])", "torch.tensor([[0, 2, 1], [1, 0, 0]])"),
    "bool": ("torch.tensor([[True, False, True], [False, False, True]])", "torch.tensor([True, True, False])",
             "torch.tensor([[0, 2, 1], [1, 0, 0]])"),
    "0d": ("torch.tensor(0.75)", "torch.tensor(2.5)", "torch.tensor(0)"),
    "empty": ("torch.zeros(0, 3)", "torch.ones(3)", "torch.zeros(0, 3, dtype=torch.int64)"),
    "1d": ("torch.tensor([0.25, -0.5, 1.5, 2.0])", "torch.tensor([1.0, 0.5, -2.0, 3.0])", "torch.tensor([3, 0, 1])"),
    "3d": ("torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 7 - 1.5", "torch.tensor([0.5, -1.0, 2.0, 1.5])",
           "torch.tensor([[[0, 1, 2, 3]]]).expand(2, 3, 4).contiguous() % 3"),
}

# Argument values by parameter name (Python source; x, y, idx, mask are the input's tensors).
POOLS = {
    "other": ["y", "2", "0.5", "x"], "exponent": ["y", "2", "0.5"], "end": ["y", "0.5"], "weight": ["y", "0.25"],
    "tensor": ["y"], "tensor1": ["y"], "tensor2": ["y"], "target": ["y"], "src": ["y", "x"], "source": ["y"],
    "mat1": ["x"], "mat2": ["y", "x.t()", "x"], "vec": ["y"], "vec1": ["y"], "vec2": ["y"], "input2": ["y"], "x2": ["y"],
    "dim": ["0", "-1", "1", "2", "-3"], "dim0": ["0", "-1"], "dim1": ["1", "-2", "2"], "start_dim": ["0", "1"],
    "end_dim": ["-1", "1"], "dims": ["[0, 1]", "(-1,)", "[1]"], "axis": ["0", "-1"],
    "keepdim": ["True", "False"], "dtype": ["torch.float64", "torch.int64", "torch.float32"],
    "k": ["1", "2"], "p": ["1", "2", "0.5", "float('inf')"], "q": ["0.5", "torch.tensor([0.25, 0.75])"],
    "n": ["1", "2"], "diagonal": ["0", "1", "-1"], "offset": ["0", "1"], "shifts": ["1", "(1, -1)"],
    "index": ["idx"], "mask": ["x > 0", "mask"], "condition": ["x > 0"],
    "size": ["(3, 2)", "[-1]", "(2, 3)"], "shape": ["(3, 2)", "(-1,)"], "sizes": ["(2, 1)"],
    "repeats": ["2", "(2, 1)"], "chunks": ["2", "3"], "split_size_or_sections": ["1", "[1, 1]"],
    "split_size": ["1", "2"], "sections": ["2"], "indices_or_sections": ["2", "[1]"], "start": ["0", "1"],
    "length": ["1", "2"], "min": ["-0.5", "None", "0"], "max": ["1.0", "None", "2"], "value": ["0.5", "2", "-1"],
    "alpha": ["0.5", "2"], "beta": ["0.5", "2"], "lambd": ["0.5"], "negative_slope": ["0.1"], "min_val": ["-0.5"],
    "max_val": ["0.5"], "threshold": ["0.5", "1"], "eps": ["1e-6", "0.1"], "beta_": ["1.0"], "num_classes": ["5", "-1"],
    "decimals": ["1"], "correction": ["0", "2"], "unbiased": ["True", "False"], "largest": ["True", "False"],
    "descending": ["True", "False"], "stable": ["True"], "sorted": ["True", "False"], "as_tuple": ["True", "False"],
    "inplace": ["True", "False"], "approximate": ["'tanh'", "'none'"], "reduction": ["'mean'", "'sum'", "'none'"],
    "rtol": ["0.1"], "atol": ["0.5"], "equal_nan": ["True"], "nan": ["0.0"], "posinf": ["1.0"], "neginf": ["-1.0"],
    "dtype_": ["torch.float64"], "memory_format": ["torch.contiguous_format"], "out": ["torch.empty(0)"],
    "generator": ["None"], "requires_grad": ["True"], "rounding_mode": ["'floor'", "'trunc'"], "pad": ["(1, 1)"],
    "mode": ["'constant'", "'reflect'"], "kernel_size": ["2"], "stride": ["1", "2"], "padding": ["0", "1"],
    "output_size": ["1", "(1, 2)"], "scale_factor": ["2"], "align_corners": ["True", "False"], "bias": ["None", "y"],
    "label_smoothing": ["0.1"], "ignore_index": ["1"], "margin": ["0.5"], "log_input": ["True", "False"],
    "full": ["True"], "delta": ["0.5"], "reduce": ["'sum'", "'mean'"], "include_self": ["False"],
    "return_inverse": ["True"], "return_counts": ["True"], "sorted_sequence": ["torch.tensor([0.0, 1.0, 2.0])"],
    "boundaries": ["torch.tensor([0.0, 1.0, 2.0])"], "right": ["True"], "side": ["'right'"], "minlength": ["4"],
    "bins": ["4"], "steps": ["4"], "r": ["2"], "with_replacement": ["True"], "num_samples": ["2"],
    "replacement": ["True"], "probability": ["0.5"], "mean": ["0.0"], "std": ["1.0"], "lower": ["-0.5"],
    "upper": ["0.5"], "training": ["False"], "input": ["x"], "self": ["x"], "x": ["x"], "x1": ["x"], "a": ["x"],
    "b": ["y"], "tensors": ["(x, x)", "[x, y]"], "indices": ["idx", "[1]"], "pattern": ["'ij'"],
}
POSITIVE_DIMS = {"dim", "dim0", "dim1"}


def split_params(text):
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_sig(text):
    """[(name, default-or-None, kw_only, required)] from `a, b=1, *, c=None`; None when it has *args."""
    params, kw_only = [], False
    for p in split_params(text):
        if p == "*":
            kw_only = True
            continue
        if p.startswith("*") or p == "/":
            if p.startswith("*"):
                return None
            continue
        name, _, default = p.partition("=")
        name = name.split(":")[0].strip()
        if not re.match(r"^[A-Za-z_]\w*$", name):
            return None
        params.append((name, default.strip() if default else None, kw_only, not default))
    return params


def signatures(fn, name, method):
    sigs = []
    doc = getattr(fn, "__doc__", None) or ""
    for m in re.finditer(r"^(?:\.\. function:: |\s*)" + re.escape(name) + r"\(([^\n]*)\)\s*(?:->|$)", doc, re.M):
        s = parse_sig(m.group(1))
        if s is not None:
            sigs.append(s)
    if not sigs:
        try:
            s = [(p.name, None if p.default is p.empty else repr(p.default), p.kind == p.KEYWORD_ONLY, p.default is p.empty)
                 for p in inspect.signature(fn).parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
            sigs.append(s)
        except (TypeError, ValueError):
            pass
    if method:
        sigs = [s[1:] if s and s[0][0] in ("self", "input") else s for s in sigs]
    else:
        sigs = [s for s in sigs if s and s[0][0] not in ("size", "tensors", "sequences")] or sigs
    # Generic forms when nothing can be read.
    return sigs or [[("dim", "None", False, False), ("keepdim", "False", False, False)]]


def pool(name, default):
    if name in POOLS:
        return POOLS[name]
    if default in ("True", "False"):
        return ["True", "False"]
    if default and re.match(r"^-?[\d.]+(e-?\d+)?$", default):
        return [default, "0", "2", "0.5"]
    return ["1", "y"]


def make_call(prefix, self_first, pos, kws):
    args = (["x"] if self_first else []) + pos + [f"{k}={v}" for k, v in kws]
    return f"{prefix}({', '.join(args)})"


def gen_op(rng, kind, name, fn):
    method = kind == "Tensor"
    prefix = {"torch": f"torch.{name}", "F": f"F.{name}", "Tensor": f"x.{name}"}[kind]
    progs = []
    for sig in signatures(fn, name, method)[:3]:
        first_tensor = not method and sig and sig[0][0] in ("input", "self", "x", "a", "x1", "condition", "tensor")
        rest = sig[1:] if first_tensor else sig
        if not method and not first_tensor:
            continue
        req = [p for p in rest if p[3]]
        opt = [p for p in rest if not p[3]]
        if any(p[2] for p in req):
            continue
        pick = lambda p: rng.choice(pool(p[0], p[1]))  # noqa: E731
        forms = []
        reqv = [pick(p) for p in req]
        forms.append((reqv, []))
        forms.append(([], [(p[0], v) for p, v in zip(req, reqv)]))
        if not method:
            forms.append((None, [("input", "x")] + [(p[0], v) for p, v in zip(req, reqv)]))
        for i, p in enumerate(opt):
            if p[0] in ("out", "generator", "memory_format", "layout", "pin_memory", "names"):
                continue
            for v in rng.sample(pool(p[0], p[1]), min(2, len(pool(p[0], p[1])))):
                forms.append(([pick(q) for q in req], [(p[0], v)]))
                if not p[2]:
                    before = [q for q in opt[:i]]
                    if all(not q[2] and q[1] is not None for q in before):
                        forms.append(([pick(q) for q in req] + [q[1] for q in before] + [v], []))
        positional = [p for p in rest if not p[2]]
        extra = rng.choice(["torch.float64", "1", "True", "y"])
        forms.append(([pick(q) for q in positional] + [extra], []))
        for pos, kws in forms:
            call = make_call(prefix, pos is not None and not method and first_tensor, pos or [], kws)
            for inp in rng.sample(sorted(INPUTS), 3):
                x, y, idx = INPUTS[inp]
                src = (f"{PRELUDE}x = {x}\ny = {y}\nidx = {idx}\nmask = x > 0\n"
                       f"r = {call}\nprint(r, x, sep='\\n')\n")
                progs.append({"name": f"{kind}.{name}", "op": f"{prefix}", "input": inp, "source": src})
    return progs


def callables(mod):
    return sorted(n for n in dir(mod) if not n.startswith("__") and callable(getattr(mod, n, None))
                  and not isinstance(getattr(mod, n), type))


SKIP = re.compile(r"^(set_|manual_seed$|seed$|initial_seed$|use_|_|compile|jit|load|save|from_file|"
                  r"set_printoptions|get_|is_grad|no_grad|enable_grad|inference_mode|autocast|vmap|cond$|export)")


def main():
    mode = sys.argv[1]
    if mode == "names":
        json.dump({"torch": [n for n in callables(torch) if not SKIP.match(n)],
                   "Tensor": [n for n in dir(torch.Tensor) if not n.startswith("_") and callable(getattr(torch.Tensor, n, None))
                              and not SKIP.match(n) and n not in ("backward", "register_hook", "share_memory_", "storage")],
                   "F": [n for n in callables(F) if not SKIP.match(n)]}, sys.stdout)
    elif mode == "gen":
        rng = random.Random(int(sys.argv[2]))
        names = json.load(sys.stdin)
        progs = []
        mods = {"torch": torch, "Tensor": torch.Tensor, "F": F}
        for kind in ("torch", "Tensor", "F"):
            for name in names[kind]:
                progs += gen_op(rng, kind, name, getattr(mods[kind], name))
        json.dump(progs, sys.stdout)
    elif mode == "run":
        torch.set_num_threads(1)
        warnings.simplefilter("ignore")
        out = []
        for p in json.load(sys.stdin):
            buf = io.StringIO()
            err = None
            try:
                with contextlib.redirect_stdout(buf):
                    exec(compile(p["source"], "<sweep>", "exec"), {"__name__": "__main__"})
            except BaseException as e:  # noqa: BLE001 - each program is isolated; SystemExit included
                err = {"type": type(e).__name__, "message": str(e)}
            out.append({"stdout": buf.getvalue(), "error": err})
        json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
