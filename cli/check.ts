// `loss-lens check PATH... [--json]`: the loss-mistake rules over files and folders (.py, .ipynb), for CI and
// pre-commit. Exit status 1 when anything of severity warning or above is found, 2 on a usage or read error.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { NEWEST_PYTORCH, PYTORCH_VERSIONS, type PyTorchVersion } from "../engine/api/versions";
import { lintNotebook, lintSource, type Finding } from "../engine/lint";

export const checkUsage = `Usage: loss-lens check PATH... [--json] [--pytorch VERSION]
  Finds the loss mistakes PyTorch is silent about in .py files and notebooks (folders are searched).
  Prints FILE:line:column: severity rule: message. Exit status 1 when a warning or error is found.
  --json   print {"diagnostics": [{"file", "line", "column", "endLine", "endColumn", "rule", "severity", "message"}]}
           (notebooks: lines within the cell, and "cell": the cell's index in the notebook)
  --pytorch VERSION   the PyTorch the code runs on, for the rules whose facts differ between versions
                      (${PYTORCH_VERSIONS.join(" or ")}; default ${NEWEST_PYTORCH})`;

/** Folders never worth walking: dependencies, caches, VCS data. */
const SKIP_DIRS = new Set([".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", ".ipynb_checkpoints", "site-packages"]);

export interface CheckDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  /** Notebooks only: the index of the cell in the notebook's `cells` (lines are counted within the cell). */
  cell?: number;
}

function collect(path: string, out: string[], explicit: boolean): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (SKIP_DIRS.has(name)) continue;
      collect(join(path, name), out, false);
    }
  } else if (explicit || path.endsWith(".py") || path.endsWith(".ipynb")) out.push(path);
}

/** One file's findings as CLI diagnostics (a notebook's lines are per cell, as editors show them). */
export function checkFile(file: string, text: string, pytorch: PyTorchVersion = NEWEST_PYTORCH): CheckDiagnostic[] {
  const toDiag = (f: Finding, extra = ""): CheckDiagnostic => ({
    file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    rule: f.rule,
    severity: f.severity,
    message: f.message + extra,
  });
  if (file.endsWith(".ipynb")) {
    const found = lintNotebook(text, { pytorch });
    if (found === null) return [];
    return found.map((f) => ({ ...toDiag(f, ` (cell ${f.cell + 1})`), cell: f.cell }));
  }
  return lintSource(text, { pytorch }).map((f) => toDiag(f));
}

export function check(paths: string[], json: boolean, pytorch: PyTorchVersion = NEWEST_PYTORCH): number {
  if (!paths.length) {
    process.stderr.write(checkUsage + "\n");
    return 2;
  }
  const files: string[] = [];
  let readError = false;
  for (const p of paths) {
    try {
      collect(p, files, true);
    } catch (e) {
      process.stderr.write(`loss-lens: cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      readError = true;
    }
  }
  const diagnostics: CheckDiagnostic[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch (e) {
      process.stderr.write(`loss-lens: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      readError = true;
      continue;
    }
    diagnostics.push(...checkFile(f, text, pytorch));
  }
  if (json) process.stdout.write(JSON.stringify({ diagnostics }) + "\n");
  else for (const d of diagnostics) process.stdout.write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.rule}: ${d.message}\n`);
  if (diagnostics.some((d) => d.severity === "warning" || d.severity === "error")) return 1;
  return readError ? 2 : 0;
}
