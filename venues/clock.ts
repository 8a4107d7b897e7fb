/**
 * Time as the transport and the rate limiter see it: the wall clock that stamps signatures, a
 * monotonic clock for windows and latencies, sleeps and timeouts. {@linkcode systemClock} is
 * the real one; {@linkcode FakeClock} is moved by hand, so tests of backoff, pacing and
 * timeouts run without waiting.
 *
 * @module
 */

/**
 * Everything the request path needs to know about time.
 *
 * @example Wait on an injected clock
 * ```ts
 * import { type Clock, systemClock } from "./clock.ts";
 * const clock: Clock = systemClock;
 * const started = clock.monotonic();
 * await clock.sleep(1);
 * clock.monotonic() - started >= 0; // true
 * ```
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds (request timestamps, the venue's clock). */
  now(): number;
  /** Monotonic milliseconds, for intervals only (rate-limit windows, latencies). */
  monotonic(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts with a `TimeoutError` `DOMException` after `ms`. */
  timeout(ms: number): AbortSignal;
}

/**
 * Resolves after `ms` of real time, or rejects with the signal's reason when it aborts.
 *
 * @example Wait 10 ms
 * ```ts
 * import { sleep } from "./clock.ts";
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

/**
 * The real clock: `Date.now`, `performance.now`, `setTimeout` and `AbortSignal.timeout`.
 *
 * @example Read the time
 * ```ts
 * import { systemClock } from "./clock.ts";
 * systemClock.now() > 0; // true
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep,
  timeout: (ms: number) => AbortSignal.timeout(ms),
});

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

/**
 * A clock that only moves when told to. Sleeps and timeouts fire in time order as
 * {@linkcode FakeClock.advance} passes them, each after the promise work the previous one
 * started has settled. The wall clock and the monotonic clock move together.
 *
 * @example Run a paced call without waiting
 * ```ts
 * import { FakeClock } from "./clock.ts";
 * const clock = new FakeClock(1_000);
 * let done = false;
 * const waiting = clock.sleep(500).then(() => (done = true));
 * await clock.advance(499);
 * done; // false
 * await clock.advance(1);
 * await waiting;
 * clock.now(); // 1500
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  /** Starts at `startMs` (epoch ms; also the monotonic reading). */
  constructor(startMs = 0) {
    this.#now = startMs;
  }

  /** The current time, epoch ms. */
  now(): number {
    return this.#now;
  }

  /** The same reading as {@linkcode FakeClock.now}. */
  monotonic(): number {
    return this.#now;
  }

  /** Sleeps and timeouts not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Resolves once the clock has been advanced by `ms`; rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.#schedule(ms, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** A signal that aborts with a `TimeoutError` once the clock has been advanced by `ms`. */
  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.#schedule(ms, () => {
      controller.abort(new DOMException("Signal timed out.", "TimeoutError"));
    });
    return controller.signal;
  }

  /**
   * Moves the clock forward by `ms`, firing every sleep and timeout that falls due, in order;
   * pending promise work settles before and after each one.
   */
  async advance(ms: number): Promise<void> {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError("Cannot advance the clock: ms must be zero or more");
    }
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fire();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /**
   * Advances from one due timer to the next until `promise` settles; returns its result.
   * Throws when the promise is still pending and nothing is left to fire (it would never end).
   */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    // The caller sees the outcome through the returned promise, not here.
    watched.catch(() => {});
    for (;;) {
      await settle();
      if (settled) return await watched;
      const next = this.#timers[0];
      if (!next) {
        throw new Error("Cannot run on the fake clock: the promise waits on nothing scheduled");
      }
      await this.advance(next.at - this.#now);
    }
  }

  #schedule(ms: number, fire: () => void): () => void {
    const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return () => {
      const i = this.#timers.indexOf(timer);
      if (i >= 0) this.#timers.splice(i, 1);
    };
  }
}

/** Lets queued promise work and ready I/O callbacks run (a few macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setTimeout(r, 0));
}
