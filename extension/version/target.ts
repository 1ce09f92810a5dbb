// Where the status bar's pick writes lossLens.pytorchVersion (no vscode here: unit-tested). The version belongs to
// the project's Python environment, as the interpreter does, so a pick is the workspace's unless the value in
// force lives in the user settings; and a value the scope below already gives is removed rather than repeated.

/** What `inspect("pytorchVersion")` reports, reduced to the two scopes a window-scoped setting has. */
export interface SettingScopes {
  globalValue?: string;
  workspaceValue?: string;
}

export interface PickWrite {
  target: "workspace" | "global";
  /** undefined: remove the value at the target (the scope below then gives what was picked). */
  value: string | undefined;
}

/**
 * The write that makes `picked` the value in force.
 * - A trusted workspace's value (lossLens.pytorchVersion is a restricted setting: an untrusted workspace's value
 *   is ignored, so a write there would change nothing) is replaced where it is.
 * - Else, with a trusted folder or workspace open, the workspace gets it (.vscode/settings.json), unless the user
 *   settings hold a value: the user chose that scope, and the pick replaces it there.
 * - Else (no folder, untrusted) the user settings.
 */
export function pickWrite(scopes: SettingScopes, picked: string, workspace: { open: boolean; trusted: boolean }, fallback = "auto"): PickWrite {
  const useWorkspace = workspace.open && workspace.trusted && (scopes.workspaceValue !== undefined || scopes.globalValue === undefined);
  if (useWorkspace) {
    const below = scopes.globalValue ?? fallback;
    return { target: "workspace", value: picked === below ? undefined : picked };
  }
  return { target: "global", value: picked === fallback ? undefined : picked };
}
