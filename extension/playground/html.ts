// The playground page's HTML and Content-Security-Policy. Pure (no vscode import) so the browser test serves
// exactly what the host serves. No inline script or style: the bundle and its stylesheet come from the
// webview's resource origin, the script tag carries a per-load nonce, and the engine's WebAssembly needs
// 'wasm-unsafe-eval'. The only fetch is the engine's .wasm.gz, from the resource origin (connect-src).

export interface PageAssets {
  /** webview.cspSource: the origin the page's resources are served from. */
  cspSource: string;
  /** URIs (as strings) of dist/webview/playground.js and playground.css. */
  scriptUri: string;
  styleUri: string;
  /** Fresh for every page load. */
  nonce: string;
  /** The UI language ("en" or "zh-cn"), read by the page from <html lang>. */
  lang: string;
}

export function contentSecurityPolicy(a: Pick<PageAssets, "cspSource" | "nonce">): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${a.nonce}' 'wasm-unsafe-eval'`,
    `style-src ${a.cspSource} 'nonce-${a.nonce}'`,
    `img-src ${a.cspSource} data: blob:`,
    `font-src ${a.cspSource}`,
    `connect-src ${a.cspSource}`,
  ].join("; ");
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function playgroundHtml(a: PageAssets): string {
  const nonce = escapeAttr(a.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttr(a.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(a))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(a.styleUri)}">
<title>Loss Playground</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading the loss engine…</p></main>
<script nonce="${nonce}" src="${escapeAttr(a.scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits, base64: a CSP nonce. Web Crypto exists in Node 20 and in the web-worker host. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
