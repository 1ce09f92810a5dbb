// User text is data, never markup (issue #16): every surface that shows text from the user's file, checked with
// hostile names and strings. The hover's Markdown is rendered by markdown-it (CommonMark, as VS Code's renderer):
// the only links are Loss Lens's own commands and PyTorch's docs, and the hostile text comes out as text.
// Surfaces: the loss hover (code spans, prose, signature blocks), the result hover's pieces (code blocks, option
// prose), notifications (link syntax), the output channel (control characters), the playground webview (no HTML
// sinks in its code); decorations are plain `contentText` (no markup at all).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { loadDocs } from "../../engine/catalog/docs";
import { analyze, renderHover, resolveAt } from "../../engine/hover";
import { code, codeBlock, userText } from "../../engine/hover/render";
import { notificationText, plainText } from "../../extension/compute/plaintext";

const markdown = new MarkdownIt({ linkify: true, html: false });

const HOSTILE = [
  "``[run](command:workbench.action.terminal.new)``",
  "`[run](command:lossLens.computeLoss?%5B%7B%7D%5D)`",
  "````x````",
  "[docs](https://evil.example/)",
  "www.evil.example",
  "<img src=x onerror=alert(1)>",
  "**bold** _it_ # head | a | b |",
  "$(zap) &lt; &#96;",
  "` ",
  " `",
  "\\`x\\`",
];

/** The links of rendered Markdown, and its text. */
function render(markdownText: string): { links: string[]; html: string; text: string } {
  const html = markdown.render(markdownText);
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  const text = html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return { links, html, text };
}

test("code spans and code blocks hold any text verbatim", () => {
  for (const s of HOSTILE) {
    const span = render(code(s));
    assert.deepEqual(span.links, [], s);
    assert.match(span.html, /^<p><code>/, s);
    assert.equal(span.text.trim(), s.trim() === s ? s : span.text.trim(), s);
    assert.equal(render(code(s)).html.match(/<code>([\s\S]*)<\/code>/)?.[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&"), s, s);
    const block = render(codeBlock(`x = '${s}'\nprint(x)`, "python"));
    assert.deepEqual(block.links, [], s);
    assert.equal(block.text.trimEnd(), `x = '${s}'\nprint(x)`, s);
  }
});

test("prose escaping shows the text and makes nothing of it", () => {
  for (const s of HOSTILE) {
    const out = render(userText(s));
    assert.deepEqual(out.links, [], s);
    assert.doesNotMatch(out.html, /<(img|strong|em|h1|table|code)/, s);
    assert.equal(out.text.trim(), s.trim(), s);
  }
});

test("the loss hover over hostile calls: only Loss Lens's commands and PyTorch's docs are links", async () => {
  const docs = await loadDocs("en");
  for (const s of HOSTILE) {
    const q = s.includes("'") ? '"' : "'";
    for (const src of [
      `import torch.nn as nn\ncrit = nn.MSELoss(reduction=${q}${s}${q})\n`,
      `import torch.nn as nn\ncrit = nn.MSELoss(${q}${s}${q}, bogus=${q}${s}${q})\n`,
      `import torch.nn.functional as F\nloss = F.mse_loss(x, y, reduction=${q}${s}${q})\n`,
    ]) {
      for (const word of ["MSELoss", "mse_loss", "reduction", "bogus"]) {
        const at = src.indexOf(word);
        if (at < 0) continue;
        const target = resolveAt(analyze(src), at + 1);
        if (!target) continue;
        const text = renderHover(target, { lang: "en", docs, computeArgs: { uri: "file:///x.py", line: 1 }, lineOf: () => 1 });
        const out = render(text);
        for (const link of out.links) assert.match(link, /^(command:lossLens\.(openPlayground|computeLoss)\?|https:\/\/pytorch\.org\/)/, `${s} at ${word}: ${link}`);
        assert.doesNotMatch(out.html, /<img|<strong>bold|href="https:\/\/evil|href="http:\/\/www\.evil|href="command:workbench/, `${s} at ${word}`);
      }
    }
  }
});

test("notifications: link syntax from the file does not survive; the output channel shows control characters", () => {
  const n = notificationText("ValueError: could not convert string to float: '[run](command:workbench.action.terminal.new)' [x](https://evil.example)");
  assert.doesNotMatch(n, /\]\((command|https?):/);
  assert.equal(n.replace(/\u200b/g, ""), "ValueError: could not convert string to float: '[run](command:workbench.action.terminal.new)' [x](https://evil.example)");
  assert.equal(plainText("a\u001b[31mred\rb\u0000\tc\n"), "a\\x1b[31mred\\x0db\\x00\tc\n");
});

test("the playground webview writes no HTML from data (no innerHTML, outerHTML, insertAdjacentHTML, document.write)", () => {
  const dir = join(__dirname, "..", "..", "..", "webview");
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 0);
  for (const f of files) assert.doesNotMatch(readFileSync(join(dir, f), "utf8"), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, f);
});
