// The protocol's user-loss messages (both sides validate them), the page state's user part, the plan the host
// makes from the program (held values and slider values from the code's own call), and the Python copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { findUserLosses, LossSession, paramValues, planPlot, sweep, type SweepSetup } from "../../engine/userloss";
import { CurveMemo } from "../../webview/curves";
import { isHostMessage, isOpenRequest, isPageMessage, isPlaygroundState, type UserLossSource, type UserPlotState } from "../../webview/protocol";
import { applyOpen, defaultState, sanitize } from "../../webview/state";
import { sliderRange } from "../../webview/userloss/sliders";
import { userPython } from "../../webview/userloss/python";
import { userCurves } from "../../webview/userloss/view";

const corpus = (file: string) => readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "user-losses", file), "utf8");
const loss = (over: Partial<UserLossSource> = {}): UserLossSource => ({ source: "def f(a, b):\n    return (a - b).abs().mean()\n", name: "f", file: "f.py", line: 1, endLine: 2, version: 1, error: null, ...over });
const user = (over: Partial<UserPlotState> = {}): UserPlotState => ({ loss: loss(), mode: "error", values: {}, pinned: [], ...over });

test("protocol: user-loss messages and states pass both guards; malformed ones are rejected", () => {
  assert.ok(isHostMessage({ type: "userSource", loss: loss() }));
  assert.ok(isHostMessage({ type: "userSource", loss: loss({ error: { message: "NameError: name 'x' is not defined", line: 2 } }) }));
  assert.ok(isOpenRequest({ user: { ...user(), plot: { target: 0.5, others: [1, 2] }, compare: ["L1Loss"] } }));
  assert.ok(isPlaygroundState({ ...defaultState(), losses: [], user: user({ values: { eps: 0.1 }, pinned: [{ eps: 1 }] }) }));
  assert.ok(isPageMessage({ type: "state", state: { ...defaultState(), user: null } }));
  for (const bad of [
    { type: "userSource", loss: loss({ name: "not a name" }) },
    { type: "userSource", loss: loss({ line: 0 }) },
    { type: "userSource", loss: loss({ endLine: 0 }) },
    { type: "userSource", loss: { ...loss(), extra: 1 } },
    { type: "userSource", loss: loss({ source: "x".repeat(2_000_001) }) },
    { type: "userSource", loss: loss({ error: { message: "x", line: 1, stack: "..." } as never }) },
    { type: "open", open: { user: { ...user(), plot: {}, compare: ["<b>"] } } },
    { type: "open", open: { user: { ...user({ mode: "3d" as never }), plot: {}, compare: [] } } },
    { type: "state", state: { ...defaultState(), user: user({ values: { eps: "0.1" as never } }) } },
    { type: "state", state: { ...defaultState(), user: user({ pinned: Array.from({ length: 7 }, () => ({})) }) } },
    // Without a user loss a state still needs a built-in to plot.
    { type: "state", state: { ...defaultState(), losses: [], user: null } },
  ]) {
    assert.ok(!isHostMessage(bad) && !isPageMessage(bad), JSON.stringify(bad).slice(0, 120));
  }
});

test("state: opening a user loss keeps its settings; choosing a built-in leaves it", () => {
  const opened = applyOpen(defaultState(), { user: { ...user(), plot: { target: 0.5 }, compare: ["L1Loss", "NoSuchLoss"] } }, () => {});
  assert.equal(opened.user?.loss.name, "f");
  assert.deepEqual(opened.losses, ["L1Loss"]);
  assert.deepEqual(opened.plot, { target: 0.5 });
  assert.deepEqual(sanitize({ ...opened, losses: ["L1Loss", "L1Loss"] }).losses, ["L1Loss"]);
  const builtIn = applyOpen(opened, { loss: "HuberLoss" }, () => {});
  assert.equal(builtIn.user, null);
  assert.deepEqual(builtIn.losses, ["HuberLoss"]);
});

test("plan: the held values and slider values come from the program's own call", async () => {
  const engine = await createEngine();
  const plan = (file: string) => {
    const source = corpus(file);
    const def = findUserLosses(source)[0];
    const session = LossSession.open(source, def, engine);
    return planPlot(def, source, (n) => session.global(n));
  };
  // charbonnier_loss(pred, target): target = [0.5, 0.5, 0.5], errors 0.3, -0.8, 1.0 inside the default range.
  const c = plan("charbonnier.py");
  assert.deepEqual([c.mode, c.target, c.callLine, c.values, c.range], ["error", 0.5, 16, {}, [-3, 3]]);
  // sigmoid_focal_loss(logits, labels, alpha=0.25, reduction="mean"): a logit sweep, alpha from the call.
  const f = plan("sigmoid_focal.py");
  assert.deepEqual([f.mode, f.target, f.values], ["input", 1, { alpha: 0.25 }]);
  // criterion = FocalLoss(gamma=2); criterion(logits, labels): the first row's logits, its class, gamma.
  const k = plan("focal_ce.py");
  assert.deepEqual([k.mode, k.classes, k.trueClass, k.others, k.values], ["class", 3, 1, [1, -1], { gamma: 2 }]);
  const s = plan("label_smoothing.py");
  assert.deepEqual([s.mode, s.classes, s.trueClass, s.others, s.values], ["class", 4, 2, [0.5, 1, -0.5], { epsilon: 0.1 }]);
  // No call in the program: the loss's own words pick the sweep.
  const text = "import torch\nimport torch.nn.functional as F\ndef ce(logits, y, t=1.0):\n    return F.cross_entropy(logits / t, y)\n";
  const def = findUserLosses(text)[0];
  assert.equal(planPlot(def, text, () => undefined).mode, "class");
});

test("sliders: a range around the default that holds the code's value exactly", () => {
  assert.deepEqual(sliderRange({ name: "eps", default: 1e-3, isInt: false }, 1e-3), { min: 0, max: 1, step: 0 });
  assert.deepEqual(sliderRange({ name: "gamma", default: 2, isInt: true }, 2), { min: 0, max: 8, step: 0 });
  assert.deepEqual(sliderRange({ name: "alpha", default: -1, isInt: true }, 0.25), { min: -2, max: 2, step: 0 });
  assert.deepEqual(sliderRange({ name: "epsilon", default: 0.1, isInt: false }, 0.1), { min: 0, max: 1, step: 0 });
  assert.deepEqual(sliderRange({ name: "gamma", default: 2, isInt: true }, 12), { min: 0, max: 12, step: 0 });
});

test("Copy as Python: the program's imports, the definition, the call at the plotted values, what it was compared with", () => {
  const source = corpus("focal_ce.py");
  const def = findUserLosses(source)[0];
  const state = {
    ...defaultState(),
    losses: ["CrossEntropyLoss"],
    user: user({ loss: loss({ source, name: "FocalLoss", file: "focal_ce.py", line: def.line, endLine: def.span.endLine }), mode: "class", values: { gamma: 0.5, alpha: 1 }, pinned: [{ gamma: 0 }] }),
  };
  const code = userPython(state as typeof state & { user: UserPlotState }, { alpha: 1, gamma: 2 });
  assert.equal(
    code,
    [
      "# FocalLoss from focal_ce.py, line 7, as plotted in the Loss Lens playground",
      "import torch",
      "import torch.nn as nn",
      "import torch.nn.functional as F",
      "",
      ...source.split("\n").slice(def.line - 1, def.span.endLine),
      "",
      "criterion = FocalLoss(gamma=0.5)",
      "loss = criterion(logits, target)",
      "# compared with: nn.CrossEntropyLoss()",
      "# and with itself at: gamma=0",
      "",
    ].join("\n"),
  );
});

test("a drag of the loss's own slider evaluates only the live curve: the kept curves and the built-ins are reused", async () => {
  const engine = await createEngine();
  const source = corpus("charbonnier.py");
  const def = findUserLosses(source).find((d) => d.name === "charbonnier_loss");
  assert.ok(def);
  const session = LossSession.open(source, def, engine);
  const sweeps: Record<string, number>[] = [];
  const opened = {
    ok: true as const,
    params: def.params,
    kind: def.kind,
    sweep: (setup: SweepSetup, values: Record<string, number>, xs: Float64Array) => {
      sweeps.push(values);
      return sweep(session, setup, paramValues(def, values), xs);
    },
  };
  let computes = 0;
  const counting = { ...engine, compute: (call: Parameters<typeof engine.compute>[0]) => (computes++, engine.compute(call)) };
  const state = (eps: number, plot: Record<string, number> = { target: 0.5 }) => ({
    ...defaultState(),
    losses: ["L1Loss", "SmoothL1Loss"],
    plot,
    case: null,
    user: { loss: { source, name: def.name, file: "charbonnier.py", line: def.line, endLine: def.span.endLine, version: 1, error: null }, mode: "error" as const, values: { eps }, pinned: [{ eps: 0.5 }] },
  });
  const memo = new CurveMemo();
  const frame = (eps: number, plot?: Record<string, number>) => {
    const r = userCurves(counting, opened, state(eps, plot), memo);
    memo.endFrame();
    return r;
  };
  const first = frame(0.1);
  assert.deepEqual([sweeps.length, computes], [2, 2], "the live and the kept curve, the two built-ins");
  const second = frame(0.2);
  assert.deepEqual([sweeps.length, computes], [3, 2], "only the live curve again");
  assert.deepEqual(sweeps.at(-1), { eps: 0.2 });
  // The reused curves are the same values as fresh ones.
  const fresh = userCurves(engine, opened, state(0.2));
  assert.deepEqual(second.curves.map((c) => [c.loss, Array.from(c.y), Array.from(c.dy)]), fresh.curves.map((c) => [c.loss, Array.from(c.y), Array.from(c.dy)]));
  assert.notDeepEqual(Array.from(first.curves[0].y), Array.from(second.curves[0].y));
  // A held value that changes them: everything again; a frame that does not use a curve forgets it.
  const counts = () => [sweeps.length, computes];
  const [s0, c0] = counts();
  frame(0.2, { target: 1 });
  assert.deepEqual(counts(), [s0 + 2, c0 + 2]);
  frame(0.2, { target: 0.5 });
  assert.deepEqual(counts(), [s0 + 4, c0 + 4]);
  frame(0.3, { target: 0.5 });
  assert.deepEqual(counts(), [s0 + 5, c0 + 4]);
});
