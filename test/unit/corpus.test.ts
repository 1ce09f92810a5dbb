// Every program of the real-code corpus (test/corpus/programs, PyTorch 1.13's output in test/fixtures/corpus.json)
// through the evaluator `loss-lens run` uses. Each is exact (PyTorch's stdout, and its exception on its line),
// refused (the evaluator said what it does not support and printed nothing PyTorch did not print, in PyTorch's
// order) or wrong. Fails on any wrong program not in test/corpus/known-wrong.json, on a listed one that is no
// longer wrong, and when the exact count drops below test/corpus/floor.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { loadCorpus, runProgram, summarise, summaryLine, type Verdict } from "./corpus";

const root = join(__dirname, "..", "..", "..");
const corpus = loadCorpus(root);
const floor: { exact: number } = JSON.parse(readFileSync(join(root, "test", "corpus", "floor.json"), "utf8"));
const knownWrong: Record<string, string> = JSON.parse(readFileSync(join(root, "test", "corpus", "known-wrong.json"), "utf8")).programs;
// The corpus records are PyTorch 1.13's (scripts/fixtures/corpus.py under /usr/bin/python3).
const enginePromise = createEngine({ pytorch: "1.13" });
const verdicts: Verdict[] = [];

test("corpus: every program has a fresh PyTorch record (npm run fixtures, or scripts/fixtures/corpus.py)", () => {
  assert.deepEqual(corpus.missing, [], "programs without a record in test/fixtures/corpus.json");
  assert.deepEqual(corpus.stale, [], "records of programs that no longer exist");
  assert.deepEqual(corpus.programs.filter((p) => !p.fresh).map((p) => p.name), [], "programs changed since their record");
  assert.ok(corpus.programs.length >= 150, `only ${corpus.programs.length} programs`);
});

for (const p of corpus.programs) {
  test(`corpus ${p.name}`, async () => {
    const verdict = runProgram(p, await enginePromise);
    verdicts.push(verdict);
    const listed = knownWrong[p.name];
    if (listed !== undefined) {
      assert.equal(verdict.kind, "wrong", `${p.name} is listed in test/corpus/known-wrong.json but is now ${verdict.kind}: remove it`);
      return;
    }
    assert.notEqual(verdict.kind, "wrong", `${verdict.cause}: ${verdict.detail}`);
  });
}

test("corpus: summary, and the exact count stays at or above test/corpus/floor.json", () => {
  const s = summarise(verdicts);
  console.log(summaryLine(s));
  assert.equal(verdicts.length, corpus.programs.length);
  assert.ok(s.exact >= floor.exact, `${s.exact} exact programs, below the floor of ${floor.exact}`);
  for (const name of Object.keys(knownWrong)) assert.ok(corpus.programs.some((p) => p.name === name), `known-wrong.json lists ${name}, which is not in the corpus`);
});
