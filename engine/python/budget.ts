// The evaluator's work and memory budgets (issue #16). Work is counted in element operations: every tensor,
// string and list operation charges the elements it touches (before touching them, so one huge op is refused
// whole), and every Python step charges STEP_COST. Memory is charged for every value made (tensors, strings,
// lists, dicts); when the charges pass the limit, the live size is measured (after a collection where one can be
// asked for) before a MemoryError is raised, so temporaries that died do not count.
// One active budget per evaluation (evaluate() installs it), read by the few central places that allocate.
import { LimitError, PyError, type Span } from "./errors";

/** A Python step (statement, call, loop pass) costs about as much as this many element operations (measured:
 * ~3 µs a step, ~30-50 ns an element on the project's machine). */
export const STEP_COST = 100;
/** Default work limit: about 4 s on the project's (shared, slow) machine, 1e6 Python steps or 1e8 element ops. */
export const DEFAULT_MAX_WORK = 100_000_000;
/** Default memory limit for the values a program holds, in MB. Under the compute worker's 768 MB heap. */
export const DEFAULT_MAX_MEMORY_MB = 512;
/** Native string operations (repeat, concatenation, search) run ~16 characters in the time of one element op. */
export const CHARS_PER_WORK = 16;
/** Bytes charged per list / tuple / dict item (a reference plus its share of the backing store). */
export const ITEM_BYTES = 16;

export interface BudgetOptions {
  maxWork?: number;
  maxMemoryMB?: number;
  isCancelled?: () => boolean;
  /** Live bytes now (heap + array buffers), after a garbage collection when the host allows one. */
  measure?: () => number;
}

export class Budget {
  work = 0;
  readonly maxWork: number;
  readonly maxBytes: number;
  /** Bytes charged since the last measurement, and what that measurement found. */
  private pending = 0;
  private base = 0;
  private nextCancelCheck = CANCEL_EVERY;
  /** The statement running, for errors raised below the evaluator (tensor allocation). */
  span: Span | undefined;

  constructor(private readonly opts: BudgetOptions = {}) {
    this.maxWork = opts.maxWork ?? DEFAULT_MAX_WORK;
    this.maxBytes = (opts.maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB) * 1024 * 1024;
  }

  /** Charges `elements` element operations; throws the work limit's LimitError past it. */
  charge(elements: number, span?: Span): void {
    this.work += elements;
    if (this.work > this.maxWork) {
      throw new LimitError(
        `evaluation stopped: the work limit was reached (maxWork = ${this.maxWork.toExponential(0)} element operations, about ${Math.round(this.maxWork / 25_000_000)} s); ` +
          "raise the setting lossLens.maxWork (CLI: --max-work N) to let it finish",
        span ?? this.span,
      );
    }
    if (this.work >= this.nextCancelCheck) {
      this.nextCancelCheck = this.work + CANCEL_EVERY;
      if (this.opts.isCancelled?.()) throw new LimitError("cancelled", span ?? this.span);
    }
  }

  /** One Python step. */
  step(span: Span): void {
    this.span = span;
    this.charge(STEP_COST, span);
  }

  /** Charges a value of `bytes` about to be made; throws Python's MemoryError when it would not fit. */
  chargeBytes(bytes: number, span?: Span): void {
    if (!(bytes <= this.maxBytes)) throw this.memoryError(bytes, span);
    this.pending += bytes;
    if (this.base + this.pending <= this.maxBytes) return;
    // Measure again only after 1/32 of the limit was charged since the last measurement: with the live size near
    // the limit, a measurement (a collection) per small value would stall the program.
    const measure = this.pending - bytes >= this.maxBytes / 32 || this.base === 0 ? this.opts.measure : undefined;
    if (measure) for (const f of caches) f();
    const live = measure?.();
    if (live === undefined) throw this.memoryError(bytes, span);
    this.base = live;
    this.pending = bytes;
    if (this.base + this.pending > this.maxBytes) throw this.memoryError(bytes, span);
  }

  /** Element operations and memory of a new tensor, string or list (memory first: a value too big to hold is a
   * MemoryError, whatever the work it would also take). */
  alloc(elements: number, bytes: number, span?: Span): void {
    this.chargeBytes(bytes, span);
    this.charge(elements, span);
  }

  /** A string of `chars` characters made or read: 2 bytes a character, and work at CHARS_PER_WORK per unit. */
  string(chars: number, span?: Span): void {
    this.alloc(chars / CHARS_PER_WORK, 2 * chars, span);
  }

  private memoryError(bytes: number, span?: Span): PyError {
    const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
    return new PyError(
      "MemoryError",
      `this needs ${mb(bytes)} more, past the evaluator's memory limit of ${mb(this.maxBytes)}; raise the setting lossLens.maxMemoryMB (CLI: --max-memory MB) to allow more`,
      span ?? this.span,
    );
  }
}

const CANCEL_EVERY = 1_000_000;

/** Caches of reusable memory (tensor/core.ts's recycled storage), emptied before live memory is measured. */
const caches: (() => void)[] = [];

export function beforeMeasure(drop: () => void): void {
  caches.push(drop);
}

/** No limits: what runs outside evaluate() (tests of tensor code alone, the probe's defaults). */
const unlimited = new Budget({ maxWork: Infinity, maxMemoryMB: Infinity });
let active: Budget = unlimited;

/** The budget of the evaluation running now. */
export function budget(): Budget {
  return active;
}

/** Installs `b` for the duration of `run`. */
export function withBudget<T>(b: Budget, run: () => T): T {
  const previous = active;
  active = b;
  try {
    return run();
  } finally {
    active = previous;
  }
}

/** Live memory where the platform tells it: Node's heap plus array buffers (after a GC when --expose-gc). */
export function defaultMeasure(): (() => number) | undefined {
  const proc = (globalThis as { process?: { memoryUsage?: () => { heapUsed: number; arrayBuffers: number } } }).process;
  if (!proc?.memoryUsage) return undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  return () => {
    gc?.();
    const m = (proc.memoryUsage as () => { heapUsed: number; arrayBuffers: number })();
    return m.heapUsed + m.arrayBuffers;
  };
}
