import { test } from "node:test";
import assert from "node:assert/strict";
import { getLoss } from "../../engine/catalog";
import { plotAxis } from "../../engine/catalog/plotAxes";
import { contentSecurityPolicy, playgroundHtml } from "../../extension/playground/html";
import { toOpenRequest } from "../../extension/playground/openArgs";
import { axisTitle, buildCurveCall, controlledParams, plotSettings } from "../../webview/axes";
import { strings } from "../../webview/strings";
import {
  isHostMessage,
  isPageMessage,
  isPlaygroundState,
  toWireCase,
  toWireTensor,
  wireValues,
  type PlaygroundState,
} from "../../webview/protocol";
import { pythonConfig } from "../../webview/python";
import { applyOpen, defaultState, drawnAs, pickable, sanitize } from "../../webview/state";

const state = (over: Partial<PlaygroundState> = {}): PlaygroundState => ({ ...defaultState(), ...over });

test("protocol: valid messages pass both guards, anything else is rejected", () => {
  assert.ok(isHostMessage({ type: "init", state: null, open: null, pytorch: "2.13" }));
  assert.ok(isHostMessage({ type: "init", state: defaultState(), open: { loss: "HuberLoss" }, pytorch: "1.13" }));
  assert.ok(isHostMessage({ type: "pytorch", version: "1.13" }));
  assert.ok(isHostMessage({ type: "request", id: 3, what: "png" }));
  assert.ok(isPageMessage({ type: "ready" }));
  assert.ok(isPageMessage({ type: "python", code: "nn.L1Loss()" }));
  assert.ok(isPageMessage({ type: "png", dataUrl: "data:image/png;base64,AAAA", id: 1 }));
  assert.ok(isPageMessage({ type: "state", state: defaultState() }));
  for (const bad of [
    null,
    "ready",
    { type: "ready", extra: 1 },
    { type: "init", state: null },
    { type: "init", state: null, open: null },
    { type: "init", state: null, open: null, pytorch: "2.0" },
    { type: "pytorch", version: "3.0" },
    { type: "pytorch", version: 2.13 },
    { type: "pytorch", version: "1.13", extra: 1 },
    { type: "request", id: -1, what: "png" },
    { type: "request", id: 1, what: "secrets" },
    { type: "png", dataUrl: "javascript:alert(1)" },
    { type: "log", level: "fatal", message: "x" },
    { type: "open", open: { loss: "<script>" } },
    { type: "state", state: { ...defaultState(), losses: [] } },
    { type: "state", state: { ...defaultState(), view: "3d" } },
    { type: "state", state: { ...defaultState(), params: { HuberLoss: { delta: "1" } } } },
  ]) {
    assert.ok(!isHostMessage(bad) && !isPageMessage(bad), JSON.stringify(bad));
  }
});

test("protocol: tensors cross as JSON with non-finite numbers as strings, and come back", () => {
  const t = toWireTensor({ dtype: "float32", shape: [2, 2], data: Float32Array.from([1, NaN, Infinity, -Infinity]) });
  assert.deepEqual(t.data, [1, "NaN", "Infinity", "-Infinity"]);
  assert.deepEqual(JSON.parse(JSON.stringify(t)), t);
  assert.deepEqual(Array.from(wireValues(t)), [1, NaN, Infinity, -Infinity]);
  const wrongSize = { ...t, shape: [3] };
  assert.ok(!isHostMessage({ type: "open", open: { case: { ...caseOf(), perElement: wrongSize } } }));
});

function caseOf() {
  const v = (xs: number[]) => ({ dtype: "float32" as const, shape: [xs.length], data: Float32Array.from(xs) });
  return toWireCase({
    loss: "HuberLoss",
    target: "loss",
    line: 4,
    options: { reduction: "mean", delta: 0.5, weight: v([1]) },
    value: { dtype: "float32", shape: [], data: Float32Array.from([0.3]) },
    perElement: v([0.125, 0.5]),
    grads: { x: v([0.25, 0.25]) },
    inputs: [v([0.5, 2]), v([0, 0.5])],
    random: false,
  });
}

test("command arguments: a class name, {loss}, {case} with typed arrays; junk is refused", () => {
  assert.equal(toOpenRequest(undefined), null);
  assert.deepEqual(toOpenRequest("HuberLoss"), { loss: "HuberLoss" });
  assert.deepEqual(toOpenRequest({ loss: "MSELoss" }), { loss: "MSELoss" });
  assert.equal(toOpenRequest({ loss: 42 }), undefined);
  assert.equal(toOpenRequest(7), undefined);
  const open = toOpenRequest({ case: caseOf() });
  assert.equal(open?.loss, "HuberLoss");
  assert.deepEqual(open?.case?.options, { reduction: "mean", delta: 0.5 }, "tensor options dropped");
});

test("a computed case sets the loss, its parameters, and an x range that holds every element", () => {
  const next = applyOpen(defaultState(), { case: caseOf() }, assert.fail);
  assert.deepEqual(next.losses, ["HuberLoss"]);
  assert.deepEqual(next.params.HuberLoss, { delta: 0.5 });
  assert.ok(isPlaygroundState(next));
  const unknown = applyOpen(defaultState(), { loss: "NoSuchLoss" }, () => {});
  assert.deepEqual(unknown.losses, defaultState().losses);
});

test("copy as Python writes only what differs from PyTorch's defaults, in Python's spelling", () => {
  assert.equal(pythonConfig(state({ losses: ["HuberLoss"], params: { HuberLoss: { delta: 0.5 } } })), "nn.HuberLoss(delta=0.5)");
  assert.equal(pythonConfig(state({ losses: ["HuberLoss"], params: { HuberLoss: { delta: 1 } } })), "nn.HuberLoss()");
  assert.equal(pythonConfig(state({ losses: ["SmoothL1Loss"], params: { SmoothL1Loss: { beta: 2 } } })), "nn.SmoothL1Loss(beta=2.0)");
  assert.equal(pythonConfig(state({ losses: ["BCEWithLogitsLoss"], params: { BCEWithLogitsLoss: { pos_weight: 3 } } })), "nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))");
  assert.equal(pythonConfig(state({ losses: ["PoissonNLLLoss"], params: { PoissonNLLLoss: { log_input: false } } })), "nn.PoissonNLLLoss(log_input=False)");
  assert.equal(pythonConfig(defaultState()), "nn.L1Loss()\nnn.MSELoss()\nnn.SmoothL1Loss()\nnn.HuberLoss()");
  // The answering version's refusal travels with the copied code, as a comment on that loss's line.
  assert.equal(
    pythonConfig(state({ losses: ["HuberLoss", "L1Loss"], params: { HuberLoss: { delta: 0 } } }), { HuberLoss: "PyTorch 2.13 raises RuntimeError: huber_loss\ndoes not support" }),
    "nn.HuberLoss(delta=0.0)  # PyTorch 2.13 raises RuntimeError: huber_loss does not support\nnn.L1Loss()",
  );
});

test("sanitize drops unknown and incompatible overlays", () => {
  assert.deepEqual(sanitize(state({ losses: ["HuberLoss", "BCELoss", "L1Loss", "Nope"] })).losses, ["HuberLoss", "L1Loss"]);
  assert.deepEqual(sanitize(state({ losses: ["Nope"] })).losses, defaultState().losses);
});

test("nn.LinearCrossEntropyLoss opens CrossEntropyLoss's curve, labelled as such, without its case; not offered in the picker", () => {
  const lce = getLoss("LinearCrossEntropyLoss")!;
  assert.equal(drawnAs(lce).className, "CrossEntropyLoss");
  assert.ok(!pickable().includes(lce) && pickable().includes(getLoss("CrossEntropyLoss")!));
  for (const open of [{ loss: "LinearCrossEntropyLoss" }, { case: { ...caseOf(), loss: "LinearCrossEntropyLoss" } }]) {
    const next = applyOpen(defaultState(), open, assert.fail);
    assert.deepEqual([next.losses, next.via, next.case], [["CrossEntropyLoss"], "LinearCrossEntropyLoss", null]);
    assert.ok(isPlaygroundState(next));
    assert.deepEqual(sanitize(next), next, "a reload keeps the label");
  }
  // Another loss opened afterwards drops the label; a stale label on another curve is dropped too.
  assert.equal(applyOpen(applyOpen(defaultState(), { loss: "LinearCrossEntropyLoss" }, assert.fail), { loss: "HuberLoss" }, assert.fail).via, null);
  assert.equal(sanitize(state({ losses: ["HuberLoss"], via: "LinearCrossEntropyLoss" })).via, null);
  assert.ok(!isPlaygroundState(state({ via: "<b>x</b>" })));
  assert.equal(sanitize(state({ losses: ["CrossEntropyLoss"], via: "NoSuchLoss" })).via, null);
  assert.match(strings("en").drawnAs, /\{0\}.*\{2\}.*\{1\}/);
  assert.match(strings("zh-cn").drawnAs, /\{0\}.*\{2\}.*\{1\}/);
});

test("every loss has a plot axis, its controls exist as parameters, and its curve call is well formed", () => {
  for (const r of pickable()) {
    const { axis } = plotAxis(r);
    assert.ok(axis, r.className);
    assert.equal(controlledParams(r).length, r.plot.controls.length, `${r.className}: every control is a parameter`);
    const xs = Float64Array.from([r.plot.range[0], (r.plot.range[0] + r.plot.range[1]) / 2, r.plot.range[1]]);
    const { call } = buildCurveCall(r, {}, {}, xs);
    assert.equal(call.inputs.length, r.inputs.filter((i) => !i.optional).length, `${r.className}: one tensor per input`);
    for (const t of call.inputs) {
      assert.equal(t.data.length, t.shape.reduce((a, b) => a * b, 1), `${r.className}: tensor size`);
      assert.equal(t.shape[r.className === "CTCLoss" && t === call.inputs[0] ? 1 : 0], 3, `${r.className}: one batch element per x`);
    }
    assert.equal(call.options?.reduction, "none");
    assert.ok(plotSettings(r).some((s) => s.key === "xMin"));
  }
  // Overlaid regression losses share the x axis.
  assert.equal(plotAxis(getLoss("HuberLoss")!).axis, plotAxis(getLoss("L1Loss")!).axis);
});

test("the page's CSP: nonce'd scripts only, wasm allowed, no inline script, fetches only from its resource origin", () => {
  const csp = contentSecurityPolicy({ cspSource: "https://x.vscode-cdn.net", nonce: "abc" });
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  // The engine's .wasm.gz is fetched from the webview's own resources, nowhere else.
  assert.deepEqual(csp.split("; ").filter((d) => d.startsWith("connect-src")), ["connect-src https://x.vscode-cdn.net"]);
  const html = playgroundHtml({ cspSource: "https://x", scriptUri: "https://x/p.js", styleUri: "https://x/p.css", nonce: "abc", lang: "en" });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="abc" src="https:\/\/x\/p.js"><\/script>/);
  assert.doesNotMatch(html, /style="/);
});

test("the x axis title names the values held right now, not the catalog's defaults", () => {
  const ce = getLoss("CrossEntropyLoss")!;
  const en = strings("en");
  assert.equal(axisTitle(ce, {}, en, "en"), "logit of the true class (target class = 0; other scores = 0, 0)");
  assert.equal(axisTitle(ce, { trueClass: 1, others: [2, 3] }, en, "en"), "logit of the true class (target class = 1; other scores = 2, 3)");
  const bce = getLoss("BCEWithLogitsLoss")!;
  assert.equal(axisTitle(bce, {}, en, "en"), "logit x (target = 1)");
  assert.equal(axisTitle(bce, { target: 0 }, en, "en"), "logit x (target = 0)");
  assert.equal(axisTitle(bce, { target: 0 }, strings("zh-cn"), "zh-cn"), "logit x（target = 0）");
  // No held values: the catalog's variable alone.
  assert.equal(axisTitle(getLoss("MSELoss")!, {}, en, "en"), getLoss("MSELoss")!.plot.x.en);
});
