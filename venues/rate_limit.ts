/**
 * Per-account rate limiting: a sliding window per endpoint key, first come first served.
 *
 * Venues count a request when it arrives, which is some time after we send it and before
 * its response comes back. Spacing request *starts* by the window is therefore not enough (a
 * slow first burst arrives late and the next burst lands inside the venue's window). This
 * limiter opens a slot one window after the *response* to the request `limit` places earlier:
 * safe whatever the latency, at the cost of one round trip of slack per window.
 *
 * @module
 */

/** A documented limit: at most `limit` requests in any `intervalMs` window. */
export interface RateLimit {
  /** Requests allowed in one window. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly intervalMs: number;
}

interface Slot {
  /** When the response arrived (or the attempt failed); undefined while in flight. */
  end: number | undefined;
  /** Resolves when `end` is set. */
  readonly done: Promise<void>;
  /** Sets `end` and resolves `done`. */
  readonly release: () => void;
}

/**
 * Hands out slots so that no `limit + 1` requests on one key reach the venue within one
 * window.
 *
 * @example Space requests to 10 per 2 s
 * ```ts
 * import { RateLimiter } from "./rate_limit.ts";
 * const limiter = new RateLimiter();
 * const release = await limiter.acquire("mass-cancel", { limit: 10, intervalMs: 2000 });
 * try {
 *   // await fetch(...)
 * } finally {
 *   release();
 * }
 * ```
 */
export class RateLimiter {
  #slots = new Map<string, Slot[]>();
  #marginMs: number;
  #now: () => number;

  /**
   * Builds a limiter with its own windows (share one per account).
   *
   * @param marginMs extra spacing added to each window (default 5 ms, for clock granularity)
   * @param now clock, for tests
   */
  constructor(marginMs = 5, now: () => number = () => performance.now()) {
    this.#marginMs = marginMs;
    this.#now = now;
  }

  /**
   * Waits for a slot on `key`; resolves with the function to call when the response has
   * arrived (or the attempt failed). Rejects if `signal` aborts first; the slot is then
   * released at once.
   */
  async acquire(key: string, rule: RateLimit, signal?: AbortSignal): Promise<() => void> {
    let slots = this.#slots.get(key);
    if (!slots) {
      slots = [];
      this.#slots.set(key, slots);
    }
    const previous = slots.length >= rule.limit ? slots[slots.length - rule.limit] : undefined;
    const slot = newSlot(this.#now);
    slots.push(slot);
    if (slots.length > rule.limit) slots.splice(0, slots.length - rule.limit);
    if (previous) {
      try {
        await abortable(previous.done, signal);
        const wait = (previous.end ?? this.#now()) + rule.intervalMs + this.#marginMs - this.#now();
        if (wait > 0) await sleep(wait, signal);
      } catch (error) {
        slot.release();
        throw error;
      }
    }
    return slot.release;
  }
}

function newSlot(now: () => number): Slot {
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  const slot: Slot = {
    end: undefined,
    done,
    release: () => {
      if (slot.end === undefined) {
        slot.end = now();
        resolve();
      }
    },
  };
  return slot;
}

function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/**
 * Resolves after `ms`, or rejects with the signal's reason when it aborts.
 *
 * @example Wait 10 ms
 * ```ts
 * import { sleep } from "./rate_limit.ts";
 * await sleep(10);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
