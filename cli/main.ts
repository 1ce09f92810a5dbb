// `loss-lens run FILE.py [--json] [--pytorch VERSION] [limits]`: the same evaluator as the editor's compute command;
// `loss-lens check PATH...`: the loss doctor.
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createEngine } from "../engine/api/engine";
import { NEWEST_PYTORCH, PYTORCH_VERSIONS, pytorchVersionOf, type PyTorchVersion } from "../engine/api/versions";
import { DEFAULT_MAX_ELEMENTS, evaluate } from "../engine/python";
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_WORK } from "../engine/python/budget";
import type { EvalOptions, EvalOutput } from "../engine/python/types";
import { check, checkUsage } from "./check";
import { stringify, tensorJson } from "./json";

const usage = `Usage: loss-lens run FILE.py [--json] [--pytorch VERSION] [--max-work N] [--max-memory MB] [--max-elements N]
       loss-lens check PATH... [--json] [--pytorch VERSION]
  Evaluates the PyTorch loss code in FILE.py ("-" for stdin) without Python and prints what PyTorch would.
  Diagnostics go to stderr as FILE:line:column: severity: message. Exit status 1 when there is an error.
  --json              print {"results": [...], "diagnostics": [...]} instead
  --pytorch VERSION   answer as this PyTorch: ${PYTORCH_VERSIONS.join(" or ")} (default ${NEWEST_PYTORCH})
  --max-work N        work limit in element operations (default ${DEFAULT_MAX_WORK.toExponential(0)}, about 4 s)
  --max-memory MB     memory limit for the program's values (default ${DEFAULT_MAX_MEMORY_MB} MB)
  --max-elements N    largest tensor (default ${DEFAULT_MAX_ELEMENTS})
  --help              show this help

${checkUsage}`;

/** Splits off --pytorch VERSION / --pytorch=VERSION; an unknown version is a usage error. */
function takeVersion(argv: string[]): { rest: string[]; pytorch?: PyTorchVersion; error?: string } {
  const rest: string[] = [];
  let pytorch: PyTorchVersion | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let value: string | undefined;
    if (a === "--pytorch") {
      value = argv[++i];
      if (value === undefined) return { rest, error: "--pytorch needs a version" };
    } else if (a.startsWith("--pytorch=")) value = a.slice("--pytorch=".length);
    else {
      rest.push(a);
      continue;
    }
    pytorch = pytorchVersionOf(value);
    if (!pytorch) return { rest, error: `unsupported PyTorch version ${JSON.stringify(value)} (supported: ${PYTORCH_VERSIONS.join(", ")})` };
  }
  return { rest, pytorch };
}

const LIMIT_FLAGS = { "--max-work": "maxWork", "--max-memory": "maxMemoryMB", "--max-elements": "maxElements" } as const;

/** The limit flags, and the other arguments; a bad value is a usage error. */
function parseLimits(argv: string[]): { limits: EvalOptions; rest: string[] } | string {
  const limits: EvalOptions = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as keyof typeof LIMIT_FLAGS;
    if (!Object.hasOwn(LIMIT_FLAGS, flag)) {
      rest.push(argv[i]);
      continue;
    }
    const value = Number(argv[++i]);
    if (!(value > 0)) return `${flag} needs a positive number`;
    limits[LIMIT_FLAGS[flag]] = value;
  }
  return { limits, rest };
}

/** A garbage collection on demand, so the memory budget measures live values only (not garbage). */
function exposeGc(): void {
  try {
    setFlagsFromString("--expose-gc");
    (globalThis as { gc?: unknown }).gc ??= runInNewContext("gc");
  } catch {
    // Without it the budget measures the heap as it is.
  }
}

/**
 * The product.md object; `random: true` is added only to results whose inputs came from a random constructor,
 * `own: "class" | "function"` only to a loss the user wrote (then `loss` is their class or function name).
 */
export function toJson(out: EvalOutput): unknown {
  return {
    results: out.results.map((r) => ({
      line: r.line,
      target: r.target,
      loss: r.loss,
      ...(r.own ? { own: r.own } : {}),
      value: tensorJson(r.value),
      grads: Object.fromEntries(Object.entries(r.grads).map(([k, g]) => [k, tensorJson(g)])),
      ...(r.random ? { random: true } : {}),
    })),
    diagnostics: out.diagnostics.map((d) => ({ line: d.line, column: d.column, severity: d.severity, message: d.message })),
  };
}

const randomNote =
  "this loss's inputs are random: drawn from PyTorch's generator seeded with torch.manual_seed (0 unless the code sets it); an unseeded PyTorch run draws other numbers";

function readSource(file: string): string {
  return readFileSync(file === "-" ? 0 : file, "utf8");
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage + "\n");
    return 0;
  }
  const json = argv.includes("--json");
  const version = takeVersion(argv.filter((a) => a !== "--json"));
  if (version.error) {
    process.stderr.write(`loss-lens: ${version.error}\n${usage}\n`);
    return 2;
  }
  if (version.rest[0] === "check") return check(version.rest.slice(1), json, version.pytorch ?? NEWEST_PYTORCH);
  const parsed = parseLimits(version.rest);
  if (typeof parsed === "string") {
    process.stderr.write(`loss-lens: ${parsed}\n${usage}\n`);
    return 2;
  }
  const rest = parsed.rest;
  if (rest[0] !== "run" || rest.length !== 2) {
    process.stderr.write(usage + "\n");
    return 2;
  }
  const file = rest[1];
  let source: string;
  try {
    source = readSource(file);
  } catch (e) {
    process.stderr.write(`loss-lens: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const engine = await createEngine({ pytorch: version.pytorch ?? NEWEST_PYTORCH });
  exposeGc();
  const out = evaluate(source, engine, parsed.limits);
  if (json) process.stdout.write(stringify(toJson(out)) + "\n");
  else {
    process.stdout.write(out.stdout);
    const name = file === "-" ? "<stdin>" : file;
    for (const d of out.diagnostics) process.stderr.write(`${name}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);
    for (const r of out.results.filter((r) => r.random)) {
      process.stderr.write(`${name}:${r.line}:${r.column}: info: ${randomNote}\n`);
    }
  }
  return out.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Never a stack trace: one line, and a distinct exit status.
    process.stderr.write(`loss-lens: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
