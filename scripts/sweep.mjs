// The differential sweep: short programs calling every torch function, Tensor method and torch.nn.functional op
// the evaluator registers, in varied argument forms, run under real PyTorch and under the evaluator; each is
// classified exact / refused / error matched / WRONG (the kinds below), the WRONG ones grouped by kind and op.
//   node scripts/sweep.mjs [--pytorch 1.13|2.13] [--seed 1] [--max 12000] [--only NAME,...] [--out FILE.json] [--engine DIR]
//   [--programs FILE.json: every program generated, before sampling] [--names FILE.json: the probed names, then exit]
// The op list is PyTorch's own callables (scripts/sweep.py names) kept where the evaluator knows the name (a
// probe like corpus-report's); the programs come from their docstring signatures (scripts/sweep.py gen, always
// under 1.13 so both versions run the same programs), sampled to --max, seeded. Exit 0: it reports, not gates.
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const opt = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const version = opt("--pytorch", "1.13");
const seed = Number(opt("--seed", "1"));
const max = Number(opt("--max", "12000"));
const only = opt("--only", "")?.split(",").filter(Boolean) ?? [];
const outFile = opt("--out", undefined);
// --engine DIR: the evaluator of another checkout (DIR/engine), e.g. before a change.
const engineRoot = opt("--engine", root);

const PY113 = { cmd: "/usr/bin/python3", env: process.env };
const PY213 = { cmd: "/work/venv213/bin/python", env: { ...process.env, ATEN_CPU_CAPABILITY: "avx2" } };
const py = version === "2.13" ? PY213 : PY113;

function python(which, args, input) {
  const r = spawnSync(which.cmd, [join(root, "scripts/sweep.py"), ...args], { input, env: which.env, maxBuffer: 1 << 30, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sweep.py ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const result = await esbuild.build({
  absWorkingDir: root,
  stdin: { contents: 'export { evaluate } from "./engine/python"; export { createEngine } from "./engine/api/engine";', resolveDir: engineRoot, loader: "ts" },
  bundle: true, write: false, platform: "node", format: "esm", target: "es2022", logLevel: "warning",
  loader: { ".wasm": "binary", ".gz": "binary" },
});
const lib = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
const engine = await lib.createEngine();
// A program past 10 s (the budgets should stop any long before) is cancelled and reported.
const run = (source) => {
  const deadline = Date.now() + 10_000;
  return lib.evaluate(source, engine, { pytorch: version, isCancelled: () => Date.now() > deadline });
};

// The names the evaluator registers: those it can look up without a refusal.
const all = python(PY113, ["names"]);
const probe = { torch: (n) => `import torch\nf = torch.${n}\n`, F: (n) => `import torch.nn.functional as F\nf = F.${n}\n`, Tensor: (n) => `import torch\nx = torch.zeros(2)\nf = x.${n}\n` };
const names = {};
for (const kind of Object.keys(probe)) {
  names[kind] = all[kind].filter((n) => (!only.length || only.includes(`${kind}.${n}`)) && !run(probe[kind](n)).diagnostics.some((d) => d.severity !== "info"));
}
console.error(`probed: ${Object.values(names).flat().length} names`);
if (opt("--names", undefined)) {
  writeFileSync(opt("--names"), JSON.stringify(names));
  process.exit(0);
}
let programs = python(PY113, ["gen", String(seed)], JSON.stringify(names));
const generated = programs.length;
if (opt("--programs", undefined)) writeFileSync(opt("--programs"), JSON.stringify(programs));
if (programs.length > max) {
  // A seeded shuffle (mulberry32), then the first max.
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = programs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [programs[i], programs[j]] = [programs[j], programs[i]];
  }
  programs = programs.slice(0, max);
}
console.error(`generated ${generated}; running ${programs.length} under PyTorch ${version}`);
const started = Date.now();
const oracle = python(py, ["run"], JSON.stringify(programs));
const pyMs = Date.now() - started;

const REFUSAL = /not supported by Loss Lens/;
const norm = (s) => s.replace(/\s+/g, " ").replace(/ at 0x[0-9a-f]+/g, "").trim();
const lines = (s) => s.split("\n").filter((l, i, a) => i < a.length - 1 || l !== "");
/** Is every line the evaluator printed, in order, a line PyTorch printed? */
function subsequence(got, want) {
  let j = 0;
  for (const l of got) {
    while (j < want.length && want[j] !== l) j++;
    if (j++ >= want.length) return false;
  }
  return true;
}

function classify(p, want) {
  let out;
  try {
    out = run(p.source);
  } catch (e) {
    return ["WRONG", "evaluate() threw", String(e?.message ?? e)];
  }
  const err = out.diagnostics.find((d) => d.severity === "error");
  const refused = out.diagnostics.find((d) => REFUSAL.test(d.message));
  if (out.stdout !== want.stdout && !subsequence(lines(out.stdout), lines(want.stdout))) {
    return ["WRONG", want.error && out.stdout.startsWith(want.stdout) ? "printed where PyTorch raised" : "printed output differs", firstDiff(out.stdout, want.stdout)];
  }
  if (refused && !err) return ["refused", refused.message.replace(/\(line \d+\)/, ""), ""];
  if (want.error) {
    if (!err) return ["WRONG", "printed where PyTorch raised", `PyTorch: ${want.error.type}: ${want.error.message.split("\n")[0]}`];
    // The loss engine's errors carry PyTorch's message without its type.
    const m = /^([A-Z]\w*(?:Error|Exception)|StopIteration): ([\s\S]*)$/.exec(err.message) ?? [null, want.error.type, err.message];
    if (m[1] !== want.error.type) return ["WRONG", "exception type differs", `got ${m[1]}: ${m[2].slice(0, 200)} | PyTorch ${want.error.type}: ${want.error.message.slice(0, 200)}`];
    if (norm(m[2]) !== norm(want.error.message)) return ["WRONG", "exception message differs", `got ${m[2].slice(0, 200)} | PyTorch ${want.error.message.slice(0, 200)}`];
    return ["error matched", "", ""];
  }
  if (err) return ["WRONG", "raised where PyTorch printed", err.message.slice(0, 200)];
  if (out.stdout !== want.stdout) return ["WRONG", "printed output differs", firstDiff(out.stdout, want.stdout)];
  return ["exact", "", ""];
}

function firstDiff(got, want) {
  const g = lines(got);
  const w = lines(want);
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i]) return `line ${i + 1}: got ${JSON.stringify(g[i] ?? null)}, PyTorch ${JSON.stringify(w[i] ?? null)}`;
  }
  return "";
}

const counts = new Map();
const wrong = new Map();
const records = [];
const evStarted = Date.now();
programs.forEach((p, i) => {
  if (i % 1000 === 0) console.error(`evaluated ${i}`);
  if (process.env.SWEEP_TRACE) console.error(i, p.source.split("\n")[8]);
  const [verdict, kind, detail] = classify(p, oracle[i]);
  counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  if (verdict === "WRONG") {
    const key = `${kind}: ${p.op}`;
    if (!wrong.has(key)) wrong.set(key, []);
    wrong.get(key).push({ source: p.source, detail });
  }
  records.push({ name: p.name, input: p.input, verdict, kind, detail, source: p.source });
});
const evMs = Date.now() - evStarted;

const registered = Object.entries(names).map(([k, v]) => `${v.length} ${k}`).join(", ");
console.log(`sweep: PyTorch ${version}, seed ${seed}: ${registered} registered; ${programs.length} of ${generated} programs (PyTorch ${(pyMs / 1000).toFixed(0)} s, evaluator ${(evMs / 1000).toFixed(0)} s)`);
console.log(Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])));
const byKind = new Map();
for (const [key, list] of wrong) {
  const kind = key.split(": ")[0];
  byKind.set(kind, (byKind.get(kind) ?? 0) + list.length);
}
console.log("WRONG by kind:", Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1])));
for (const [key, list] of [...wrong].sort((a, b) => b[1].length - a[1].length)) {
  const call = /^r = (.*)$/m.exec(list[0].source)?.[1];
  console.log(`${String(list.length).padStart(4)}  ${key}   e.g. ${call} [${/^x = (.*)$/m.exec(list[0].source)?.[1]}]\n        ${list[0].detail.slice(0, 300)}`);
}
if (outFile) writeFileSync(outFile, JSON.stringify(records, null, 1));
