// User text shown outside Markdown stays inert there too. VS Code notifications turn `[label](command:...)` and
// `[label](https://...)` into links, and control characters can rewrite an output line: both are neutralised.
// No vscode here (unit-tested).

/** A message for showErrorMessage / showWarningMessage: no link syntax survives (a zero-width space splits `](`). */
export function notificationText(text: string): string {
  return plainText(text).replace(/\]\(/g, "]\u200b(");
}

/** Text for the output channel and notifications: C0 controls other than tab and newline, and DEL, made visible. */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
