// The compute worker as the extension host uses it (extension/compute/worker/client.ts on dist/webview/evaluator.js, a
// real child process): results equal the in-thread evaluator's, Cancel ends a long statement at once and a
// fresh worker answers next, an out-of-memory ends only the worker (a heap limit of its own) and is reported as such.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { plainOutput, type SessionReply } from "../../engine/compute/session";
import { evaluate } from "../../engine/python";
import { Cancelled, ComputeClient, nodeChannel, WorkerDied } from "../../extension/compute/worker/client";

const WORKER = join(__dirname, "..", "..", "webview", "evaluator.js");
const seeds: { name: string; source: string }[] = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "seeds.json"), "utf8"));

function output(r: SessionReply) {
  assert.equal(r.kind, "output");
  return (r as Extract<SessionReply, { kind: "output" }>).output;
}

test("a warm worker gives the in-thread evaluator's results; its added latency is small", async () => {
  const client = new ComputeClient(() => nodeChannel(WORKER));
  try {
    const engine = await createEngine();
    const seed = seeds[0];
    await client.request({ op: "evaluate", source: "x = 1\n", limits: {} }); // warm: engine compiled
    const local = plainOutput(evaluate(seed.source, engine));
    const remote = output(await client.request({ op: "evaluate", source: seed.source, limits: {} }));
    assert.deepEqual(remote, local);
    const runs = 20;
    let t = performance.now();
    for (let i = 0; i < runs; i++) evaluate(seed.source, engine);
    const inThread = (performance.now() - t) / runs;
    t = performance.now();
    for (let i = 0; i < runs; i++) await client.request({ op: "evaluate", source: seed.source, limits: {} });
    const viaWorker = (performance.now() - t) / runs;
    console.log(`# seed "${seed.name}": ${inThread.toFixed(2)} ms in thread, ${viaWorker.toFixed(2)} ms via the warm worker`);
  } finally {
    client.dispose();
  }
});

test("Cancel terminates a long statement at once, and the next request gets a fresh worker", async () => {
  const client = new ComputeClient(() => nodeChannel(WORKER));
  try {
    await client.request({ op: "evaluate", source: "x = 1\n", limits: {} });
    let cancel: (() => void) | undefined;
    const long = client.request({ op: "evaluate", source: "x = 0\nwhile True:\n    x = x + 1\n", limits: { maxSteps: 1e15, maxWork: 1e15 } }, (l) => (cancel = l));
    await new Promise((r) => setTimeout(r, 300));
    const t = performance.now();
    cancel?.();
    await assert.rejects(long, Cancelled);
    assert.ok(performance.now() - t < 1000);
    const next = output(await client.request({ op: "evaluate", source: "print(1 + 1)\n", limits: {} }));
    assert.equal(next.stdout, "2\n");
  } finally {
    client.dispose();
  }
});

test("an out-of-memory ends the worker, not this process; it is reported as out of memory and a new worker answers", async () => {
  // A small heap for the test; the extension's is WORKER_HEAP_MB. No memory budget, so the heap limit is what stops it.
  const client = new ComputeClient(() => nodeChannel(WORKER, 96));
  try {
    const bomb = "x = ['a']\nfor i in range(40):\n    x = x + x\n";
    await assert.rejects(client.request({ op: "evaluate", source: bomb, limits: { maxSteps: 1e9, maxWork: 1e15, maxMemoryMB: 1e9 } }), (e: unknown) => {
      assert.ok(e instanceof WorkerDied, String(e));
      assert.equal(e.exit.outOfMemory, true, e.message);
      return true;
    });
    const next = output(await client.request({ op: "evaluate", source: "print('alive')\n", limits: {} }));
    assert.equal(next.stdout, "alive\n");
  } finally {
    client.dispose();
  }
});
