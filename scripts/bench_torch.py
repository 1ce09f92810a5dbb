"""PyTorch side of `npm run bench`: one thread, requests as JSON lines on stdin, answers as JSON lines.

Request: {"file": raw float32 path, "arrays": k, "length": n_max, "sizes": [...], "expr": "F.mse_loss(x0, x1)",
          "minMs": 60, "rounds"?: 5, "clock"?: "cpu" | "wall"}. clock "cpu" times the best batch in process CPU time
          (the engine's side does the same; scripts/bench-lib.mjs), "wall" in elapsed time. Array i is elements [i*n_max, (i+1)*n_max) of the file; size n uses their first n.
Answer: {"rows": [{"n", "fwd": seconds, "fused": seconds}]} (fused: forward + backward w.r.t. x0).
Optional "prep": {name: expr} evaluated once per size, outside the timing, after x0.. exist (e.g. int64
class indices from x1, lengths); they must not derive from x0, which becomes the gradient leaf.
Optional "setup": Python source run once per request before the sizes (a user's loss class or def the
expression calls).
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F  # noqa: F401 - used by the expressions

torch.set_num_threads(1)


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def time_it(fn, min_ms, rounds=5, clock=time.perf_counter):
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t0
        if dt * 1000 >= min_ms / 4 or reps > 1e6:
            break
        reps *= 4
    best = float("inf")
    for _ in range(rounds):
        t0 = clock()
        for _ in range(reps):
            fn()
        best = min(best, (clock() - t0) / reps)
    return best


for line in sys.stdin:
    req = json.loads(line)
    data = torch.from_numpy(np.fromfile(req["file"], dtype=np.float32))
    m = req["length"]
    rows = []
    defined = {"F": F, "torch": torch, "nn": torch.nn}
    if "setup" in req:
        exec(compile(req["setup"], "<bench setup>", "exec"), defined)
    for n in req["sizes"]:
        xs = [data[i * m:i * m + n].clone() for i in range(req["arrays"])]
        env = dict(defined)
        env.update({f"x{i}": x for i, x in enumerate(xs)})
        env["n"] = n
        for name, prep in req.get("prep", {}).items():
            env[name] = eval(prep, env)
        expr = compile(req["expr"], "<bench>", "eval")
        rounds = req.get("rounds", 5)
        clock = CLOCKS[req.get("clock", "wall")]
        fwd = time_it(lambda: eval(expr, env), req["minMs"], rounds, clock)
        leaf = xs[0].clone().requires_grad_(True)
        genv = dict(env, x0=leaf)

        def fused():
            leaf.grad = None
            eval(expr, genv).backward()

        rows.append({"n": n, "fwd": fwd, "fused": time_it(fused, req["minMs"], rounds, clock)})
    print(json.dumps({"rows": rows}), flush=True)
