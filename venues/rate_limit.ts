/**
 * Per-account rate limiting: a sliding window per endpoint key, first come first served.
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

/**
 * Hands out start times so that no `limit + 1` requests on one key start within one window.
 * A small margin absorbs the difference between when we start a request and when the venue
 * counts it.
 *
 * @example Space requests to 10 per 2 s
 * ```ts
 * import { RateLimiter } from "./rate_limit.ts";
 * const limiter = new RateLimiter();
 * await limiter.acquire("mass-cancel", { limit: 10, intervalMs: 2000 });
 * ```
 */
export class RateLimiter {
  #windows = new Map<string, number[]>();
  #marginMs: number;
  #now: () => number;

  /**
   * @param marginMs extra spacing added to each window (default 15 ms)
   * @param now clock, for tests
   */
  constructor(marginMs = 15, now: () => number = () => performance.now()) {
    this.#marginMs = marginMs;
    this.#now = now;
  }

  /** Reserves the next slot on `key` and returns the milliseconds to wait before starting. */
  reserve(key: string, rule: RateLimit): number {
    const now = this.#now();
    let starts = this.#windows.get(key);
    if (!starts) {
      starts = [];
      this.#windows.set(key, starts);
    }
    let at = now;
    if (starts.length >= rule.limit) {
      const oldest = starts[starts.length - rule.limit] ?? now;
      at = Math.max(at, oldest + rule.intervalMs + this.#marginMs);
    }
    const last = starts[starts.length - 1];
    if (last !== undefined) at = Math.max(at, last);
    starts.push(at);
    if (starts.length > rule.limit) starts.splice(0, starts.length - rule.limit);
    return at - now;
  }

  /** Waits for the next slot on `key`; rejects if `signal` aborts first. */
  async acquire(key: string, rule: RateLimit, signal?: AbortSignal): Promise<void> {
    const wait = this.reserve(key, rule);
    if (wait > 0) await sleep(wait, signal);
  }
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
