// String literals: escapes of non-raw strings, and f-strings split into text and {expr!conv:spec} parts.
import type { Expr, FPart } from "../ast";
import { PyError } from "../errors";
import type { Token, Tokenizer } from "../tokenizer";

/**
 * Splits an f-string body (at `offset` in the source) into text and {expr!conv:spec} parts; `parseExpr` parses each
 * expression in place.
 */
export function fstringParts(body: string, offset: number, raw: boolean, tz: Tokenizer, parseExpr: (text: string, absOffset: number) => Expr): FPart[] {
  const out: FPart[] = [];
  let text = "";
  let i = 0;
  const flush = () => {
    if (text) out.push(raw ? text : unescape(text, null));
    text = "";
  };
  while (i < body.length) {
    const c = body[i];
    if (c === "{" && body[i + 1] === "{") {
      text += "{";
      i += 2;
      continue;
    }
    if (c === "}" && body[i + 1] === "}") {
      text += "}";
      i += 2;
      continue;
    }
    if (c === "}") throw new PyError("SyntaxError", "f-string: single '}' is not allowed", tz.span(offset + i, offset + i + 1));
    if (c !== "{") {
      text += c;
      i++;
      continue;
    }
    flush();
    // Find the end of the expression: a top-level '!', ':' or '}'.
    let j = i + 1;
    let depth = 0;
    let quote: string | null = null;
    let exprEnd = -1;
    let convAt = -1;
    for (; j < body.length; j++) {
      const d = body[j];
      if (quote) {
        if (d === quote) quote = null;
        continue;
      }
      if (d === "'" || d === '"') quote = d;
      else if (d === "(" || d === "[" || d === "{") depth++;
      else if (d === ")" || d === "]" || (d === "}" && depth > 0)) depth--;
      else if (depth === 0 && d === "!" && body[j + 1] !== "=" && exprEnd < 0) {
        exprEnd = j;
        convAt = j;
      } else if (depth === 0 && d === ":" && exprEnd < 0) {
        exprEnd = j;
        break;
      } else if (depth === 0 && d === ":" && convAt >= 0) break;
      else if (depth === 0 && d === "}") break;
    }
    if (j >= body.length) throw new PyError("SyntaxError", "f-string: expecting '}'", tz.span(offset + i, offset + i + 1));
    if (exprEnd < 0) exprEnd = j;
    let exprText = body.slice(i + 1, exprEnd);
    let debugText: string | undefined;
    if (/=\s*$/.test(exprText) && !/[=!<>]=\s*$/.test(exprText)) {
      debugText = exprText;
      exprText = exprText.replace(/=\s*$/, "");
    }
    if (!exprText.trim()) throw new PyError("SyntaxError", "f-string: empty expression not allowed", tz.span(offset + i, offset + j + 1));
    const expr = parseExpr(exprText, offset + i + 1);
    let conv: string | null = null;
    if (convAt >= 0) conv = body.slice(convAt + 1, convAt + 2);
    let spec: FPart[] | null = null;
    if (body[j] === ":") {
      // The spec runs to the matching '}' and may hold nested {fields}.
      let k = j + 1;
      let d = 0;
      for (; k < body.length; k++) {
        if (body[k] === "{") d++;
        else if (body[k] === "}") {
          if (d === 0) break;
          d--;
        }
      }
      if (k >= body.length) throw new PyError("SyntaxError", "f-string: expecting '}'", tz.span(offset + i, offset + i + 1));
      spec = fstringParts(body.slice(j + 1, k), offset + j + 1, raw, tz, parseExpr);
      j = k;
    }
    out.push({ expr, conv, spec, debugText });
    i = j + 1;
  }
  flush();
  return out;
}

/** Decodes the escapes of a non-raw string literal. */
export function unescape(body: string, tok: Token | null): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "r":
        out += "\r";
        break;
      case "0":
        out += "\0";
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "v":
        out += "\v";
        break;
      case "\\":
      case "'":
      case '"':
        out += n;
        break;
      case "\n":
        break;
      case "x":
      case "u":
      case "U": {
        const len = n === "x" ? 2 : n === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) {
          throw new PyError("SyntaxError", `(unicode error) truncated \\${n}${"X".repeat(len)} escape`, tok ?? undefined);
        }
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) {
          // Python's own words; String.fromCodePoint would throw a RangeError (once mistaken for recursion).
          throw new PyError("SyntaxError", `(unicode error) 'unicodeescape' codec can't decode bytes in position ${i - 1}-${i + len}: illegal Unicode character`, tok ?? undefined);
        }
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      default:
        out += "\\" + (n ?? "");
    }
  }
  return out;
}
