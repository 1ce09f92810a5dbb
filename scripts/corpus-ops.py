#!/usr/bin/env python3
"""What the real-code corpus calls, ranked by how many programs call it: the torch / torch.nn / F functions, the
nn classes and the Tensor methods (any `.name(` not on a module alias). What to build next once classes run.

  python3 scripts/corpus-ops.py [--refused REPORT]   # REPORT (corpus-report.mjs output) marks names refused today
  python3 scripts/corpus-ops.py --json               # [{name, programs}] for `node scripts/corpus-report.mjs --ops`
"""
import ast
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PROGRAMS = os.path.join(ROOT, "test", "corpus", "programs")


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def names(tree):
    """Canonical names of what a program calls: torch.X, torch.nn.X, torch.nn.functional.X, Tensor.X."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("torch"):
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        d = dotted(f)
        if d:
            head, _, rest = d.partition(".")
            if head in aliases and aliases[head].startswith("torch"):
                found.add(aliases[head] + ("." + rest if rest else ""))
                continue
        if isinstance(f, ast.Attribute) and not (d and d.split(".")[0] in aliases):
            receiver = f.value
            # self.method(...), self.criterion(...), super().__init__(...), list.append(...): the user's or Python's
            if isinstance(receiver, ast.Name) and receiver.id == "self":
                continue
            if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super":
                continue
            if f.attr.startswith("__") or f.attr in PYTHON_METHODS:
                continue
            found.add("Tensor." + f.attr)
    for node in ast.walk(tree):
        for label, test in CONSTRUCTS:
            if test(node):
                found.add("python: " + label)
    return found


PYTHON_METHODS = {"append", "format", "keys", "items", "values", "get", "join", "split"}

def _base_names(node):
    return [dotted(b) or "" for b in node.bases]

CONSTRUCTS = [
    ("class definition", lambda n: isinstance(n, ast.ClassDef)),
    ("class subclassing nn.Module / a torch loss", lambda n: isinstance(n, ast.ClassDef) and any("Module" in b or "Loss" in b or b.startswith("torch") for b in _base_names(n))),
    ("super() call", lambda n: isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "super"),
    ("lambda", lambda n: isinstance(n, ast.Lambda)),
    ("decorator", lambda n: isinstance(n, (ast.FunctionDef, ast.ClassDef)) and bool(n.decorator_list)),
    ("with statement", lambda n: isinstance(n, ast.With)),
    ("assert", lambda n: isinstance(n, ast.Assert)),
    ("raise", lambda n: isinstance(n, ast.Raise)),
    ("for loop", lambda n: isinstance(n, ast.For)),
    ("f-string", lambda n: isinstance(n, ast.JoinedStr)),
    ("if __name__ == '__main__'", lambda n: isinstance(n, ast.If) and "__name__" in ast.dump(n.test)),
    ("*args / **kwargs parameter", lambda n: isinstance(n, ast.arguments) and (n.vararg is not None or n.kwarg is not None)),
    ("isinstance", lambda n: isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "isinstance"),
    ("dict literal", lambda n: isinstance(n, ast.Dict)),
    ("in-place augmented assignment on a subscript/attribute", lambda n: isinstance(n, ast.AugAssign) and not isinstance(n.target, ast.Name)),
    ("subscript assignment (x[mask] = ...)", lambda n: isinstance(n, ast.Assign) and any(isinstance(t, ast.Subscript) for t in n.targets)),
]


def main():
    refused = ""
    if "--refused" in sys.argv:
        refused = open(sys.argv[sys.argv.index("--refused") + 1], encoding="utf-8").read()
    refused_names = set(re.findall(r"(?:not evaluated|not supported by Loss Lens): ([\w.]+)", refused))
    users = defaultdict(set)
    files = sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    for f in files:
        tree = ast.parse(open(os.path.join(PROGRAMS, f), encoding="utf-8").read())
        for n in names(tree):
            users[n].add(f)
    if "--json" in sys.argv:
        import json
        rows = [{"name": n, "programs": sorted(p)} for n, p in users.items()]
        print(json.dumps(sorted(rows, key=lambda r: (-len(r["programs"]), r["name"]))))
        return
    print(f"== calls in the corpus ({len(files)} programs), by number of programs; * = named in a refusal today")
    for name, progs in sorted(users.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        mark = "*" if name in refused_names else " "
        try:
            print(f"{len(progs):4d} {mark} {name}")
        except BrokenPipeError:
            return


if __name__ == "__main__":
    main()
