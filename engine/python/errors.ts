// Located errors of the evaluator. A PyError is a Python exception the real interpreter would raise at that
// place (NameError, TypeError, RuntimeError from PyTorch...); Unsupported marks a construct outside the subset.

/** A source range: 1-based line and column, end exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Errors here are control flow for user mistakes: capturing a JavaScript stack for each would dominate. */
function quiet<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export class PyError extends Error {
  constructor(
    /** Python's exception class name: "NameError", "RuntimeError", "SyntaxError"... */
    readonly kind: string,
    message: string,
    public span?: Span,
    /** Loss errors from the engine are reported with PyTorch's message alone, as product.md shows. */
    readonly bare = false,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }

  /** The diagnostic text: "NameError: name 'x' is not defined". */
  text(): string {
    return this.bare ? this.message : `${this.kind}: ${this.message}`;
  }
}

/** A construct the subset does not evaluate: a warning, and what depends on it is skipped. */
export class Unsupported extends Error {
  constructor(
    message: string,
    public span?: Span,
    /** PyTorch would have changed the call's arguments in place (inplace=True, out=): what reads them is skipped too. */
    public mutatesArguments = false,
    /** Why no later statement can be trusted, and the run stops: it came out of a user-defined function (which may
     *  have changed any object it reaches before this point), or a write whose target the evaluator cannot see. */
    public stopsRun: string | null = null,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** The step or size budget ran out, or the caller cancelled: evaluation stops. */
export class LimitError extends Error {
  constructor(
    message: string,
    public span?: Span,
  ) {
    super(message);
  }
}

export function pyErr(kind: string, message: string, span?: Span): PyError {
  return quiet(() => new PyError(kind, message, span));
}

/** Python's words for absent required arguments: "f() missing 3 required positional arguments: 'a', 'b', and 'c'"
 *  (`fname` as Python names the function, with its parentheses). */
export function missingArgumentsText(fname: string, names: string[], kind = "positional"): string {
  const q = names.map((n) => `'${n}'`);
  const list = q.length === 1 ? q[0] : q.length === 2 ? q.join(" and ") : `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
  return `${fname} missing ${names.length} required ${kind} argument${names.length === 1 ? "" : "s"}: ${list}`;
}

/** That TypeError, raised by the evaluator. */
export function missingArguments(fname: string, names: string[], kind = "positional", span?: Span): PyError {
  return new PyError("TypeError", missingArgumentsText(fname, names, kind), span);
}
