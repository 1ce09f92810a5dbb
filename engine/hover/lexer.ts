// Where a Python source's strings and comments are, so the hover never fires inside them and bracket
// matching skips them. One linear pass; the result is cached per document version by the caller.

/** Sorted, non-overlapping [start, end) ranges of strings and comments. */
export interface Spans {
  starts: Int32Array;
  ends: Int32Array;
}

const HASH = 35; // #
const QUOTE = 39; // '
const DQUOTE = 34; // "
const BACKSLASH = 92;
const NEWLINE = 10;

function isPrefixChar(c: number): boolean {
  // r b f u (either case): string prefixes like rb"..." or f'...'
  return c === 114 || c === 82 || c === 98 || c === 66 || c === 102 || c === 70 || c === 117 || c === 85;
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

export function scanSpans(text: string): Spans {
  // Typed arrays grown by doubling: a 5,000-line file has ~20,000 spans, and plain arrays of boxed
  // numbers cost the garbage collector on every re-analysis.
  let starts = new Int32Array(1024);
  let ends = new Int32Array(1024);
  let count = 0;
  const push = (start: number, end: number) => {
    if (count === starts.length) {
      const s2 = new Int32Array(count * 2);
      const e2 = new Int32Array(count * 2);
      s2.set(starts);
      e2.set(ends);
      starts = s2;
      ends = e2;
    }
    starts[count] = start;
    ends[count] = end;
    count++;
  };
  const n = text.length;
  const next = /[#'"]/g;
  let i = 0;
  while (i < n) {
    // Jump to the next character that can open a comment or a string (native search, no per-char loop).
    next.lastIndex = i;
    const found = next.exec(text);
    if (!found) break;
    i = found.index;
    const c = text.charCodeAt(i);
    if (c === HASH) {
      const end = text.indexOf("\n", i);
      push(i, end < 0 ? n : end);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === QUOTE || c === DQUOTE) {
      // Include a prefix (f, rb, ...) only when it is not the tail of an identifier.
      let start = i;
      while (start > 0 && isPrefixChar(text.charCodeAt(start - 1)) && i - start < 2) start--;
      if (start < i && start > 0 && isIdentChar(text.charCodeAt(start - 1))) start = i;
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      let j = triple ? i + 3 : i + 1;
      for (;;) {
        if (j >= n) break;
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) {
          j += 2; // an escaped char (raw strings too: r"\"" does not end at the escaped quote)
          continue;
        }
        if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) {
          j += triple ? 3 : 1;
          break;
        }
        if (d === NEWLINE && !triple) break; // unterminated single-line string ends at the line's end
        j++;
      }
      push(start, Math.min(j, n));
      i = j;
      continue;
    }
    i++;
  }
  return { starts: starts.subarray(0, count), ends: ends.subarray(0, count) };
}

/** The span containing offset, or -1. */
export function spanAt(spans: Spans, offset: number): number {
  const { starts, ends } = spans;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] > offset) hi = mid - 1;
    else if (ends[mid] <= offset) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function inSpan(spans: Spans, offset: number): boolean {
  return spanAt(spans, offset) >= 0;
}
