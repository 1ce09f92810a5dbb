// The torch version installed in the Python environment the Python extension has selected, read from the
// package's files (torch/version.py, else torch-*.dist-info/METADATA); Python is never run. The Python extension's
// exported API (the one @vscode/python-extension wraps) is used directly: the two calls below need no dependency.
import * as vscode from "vscode";

/** The part of ms-python.python's exported API we use (environments API, stable since 2023). */
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(env: { id: string; path: string } | string): Promise<{ executable: { sysPrefix: string } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

export interface Detected {
  /** torch's version string, e.g. "2.13.0+cpu"; undefined when none was found. */
  torch?: string;
  /** Where it was read, or why nothing was. */
  from: string;
}

async function pythonApi(): Promise<PythonApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>("ms-python.python");
  if (!ext) return undefined;
  try {
    return ext.isActive ? ext.exports : await ext.activate();
  } catch {
    return undefined;
  }
}

/** Fires when the selected environment changes (nothing without the Python extension). */
export async function onEnvironmentChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  return (await pythonApi())?.environments?.onDidChangeActiveEnvironmentPath?.(listener);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function list(uri: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name);
  } catch {
    return [];
  }
}

/** The site-packages folders of an environment prefix: lib/python3.X/site-packages, Debian's dist-packages, Windows' Lib. */
async function packageDirs(prefix: vscode.Uri): Promise<vscode.Uri[]> {
  const dirs: vscode.Uri[] = [vscode.Uri.joinPath(prefix, "Lib", "site-packages")];
  for (const name of await list(vscode.Uri.joinPath(prefix, "lib"))) {
    if (!/^python3(\.\d+)?$/.test(name)) continue;
    dirs.push(vscode.Uri.joinPath(prefix, "lib", name, "site-packages"), vscode.Uri.joinPath(prefix, "lib", name, "dist-packages"));
  }
  return dirs;
}

/** torch's version in one site-packages folder. */
export async function torchVersionIn(dir: vscode.Uri): Promise<string | undefined> {
  const py = await readText(vscode.Uri.joinPath(dir, "torch", "version.py"));
  const m = py && /^__version__\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]/m.exec(py);
  if (m) return m[1];
  for (const name of await list(dir)) {
    if (!/^torch-[^-]+\.dist-info$/.test(name)) continue;
    const meta = await readText(vscode.Uri.joinPath(dir, name, "METADATA"));
    const v = meta && /^Version:\s*(\S+)/m.exec(meta);
    if (v) return v[1];
  }
  return undefined;
}

/** The selected environment's torch, or why there is none (web host, no Python extension, untrusted workspace). */
export async function detectTorch(resource?: vscode.Uri): Promise<Detected> {
  if (!vscode.workspace.isTrusted) return { from: vscode.l10n.t("untrusted workspace") };
  const api = (await pythonApi())?.environments;
  if (!api) return { from: vscode.l10n.t("no Python extension") };
  try {
    const env = await api.resolveEnvironment(api.getActiveEnvironmentPath(resource));
    const prefix = env?.executable.sysPrefix;
    if (!prefix) return { from: vscode.l10n.t("no Python environment selected") };
    for (const dir of await packageDirs(vscode.Uri.file(prefix))) {
      const torch = await torchVersionIn(dir);
      if (torch) return { torch, from: dir.fsPath };
    }
    return { from: vscode.l10n.t("no torch in {0}", prefix) };
  } catch {
    return { from: vscode.l10n.t("the Python extension gave no environment") };
  }
}
