/**
 * Per-account rate limiting: a sliding window per endpoint key, first come first served.
 *
 * Venues count a request when it arrives, which is some time after we send it and before
 * its response comes back. Spacing request *starts* by the window is therefore not enough (a
 * slow first burst arrives late and the next burst lands inside the venue's window). This
 * limiter opens a slot one window after the *response* to the request `limit` places earlier:
 * safe whatever the latency, at the cost of one round trip of slack per window.
 *
 * The limiter is the only owner of this state: whoever needs to know how much of a window is
 * left asks it ({@linkcode RateLimiter.available}) rather than keep a mirror.
 *
 * @module
 */

import { type Clock, sleep, systemClock } from "./clock.ts";

export { sleep };

/** A documented limit: at most `limit` requests in any `intervalMs` window. */
export interface RateLimit {
  /** Requests allowed in one window. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly intervalMs: number;
}

/** Options of {@linkcode RateLimiter}. */
export interface RateLimiterOptions {
  /** Extra spacing added to each window, ms; default 5 (clock granularity). */
  readonly marginMs?: number | undefined;
  /** Clock for windows and waits; default the system clock. */
  readonly clock?: Clock | undefined;
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
 * const rule = { limit: 10, intervalMs: 2000 };
 * limiter.available("mass-cancel", rule); // 10
 * const release = await limiter.acquire("mass-cancel", rule);
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
  #clock: Clock;

  /** Builds a limiter with its own windows (share one per account). */
  constructor(options: RateLimiterOptions = {}) {
    this.#marginMs = options.marginMs ?? 5;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * How many requests on `key` could start now, one after the other, without waiting: the
   * unused places of the window, then each earlier request (oldest first) whose response came
   * back more than one window ago. A request still in flight stops the count.
   */
  available(key: string, rule: RateLimit): number {
    const slots = this.#slots.get(key) ?? [];
    const now = this.#clock.monotonic();
    let count = 0;
    for (let j = 0; j < rule.limit; j++) {
      const previous = slots[slots.length - rule.limit + j];
      if (previous && !(previous.end !== undefined && this.#expired(previous.end, rule, now))) {
        break;
      }
      count++;
    }
    return count;
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
    const slot = newSlot(() => this.#clock.monotonic());
    slots.push(slot);
    if (slots.length > rule.limit) slots.splice(0, slots.length - rule.limit);
    if (previous) {
      try {
        await abortable(previous.done, signal);
        const now = this.#clock.monotonic();
        const wait = (previous.end ?? now) + rule.intervalMs + this.#marginMs - now;
        if (wait > 0) await this.#clock.sleep(wait, signal);
      } catch (error) {
        slot.release();
        throw error;
      }
    }
    return slot.release;
  }

  #expired(end: number, rule: RateLimit, now: number): boolean {
    return end + rule.intervalMs + this.#marginMs - now <= 0;
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
