// Each case in a file of its own, in a fresh temporary folder: untitled documents get their names reused, and an
// editor could show the last one.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";

/** An `open(content)` that writes the next scratch file (prefix names the folder) and shows it in an editor. */
export function scratchFiles(prefix: string): (content: string) => Promise<vscode.TextEditor> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `loss-lens-${prefix}-`));
  let files = 0;
  return async (content) => {
    const file = path.join(dir, `case${files++}.py`);
    fs.writeFileSync(file, content);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    return vscode.window.showTextDocument(doc);
  };
}
