// How many futures cancel-alls an account can still start in the current rate-limit window
// without waiting: the one question the 500-cap drain asks about the rate limit.
//
// TODO(issue 11): ask the client's limiter (BybitClient.cancelAllCapacity). Until it lands, this
// module keeps a mirror of the transport limiter's window for POST /v5/order/cancel-all; once
// the client answers, `track` becomes a pass-through and `available` asks the client, and the
// rate-limit state has one owner.

import type { BybitCategory } from "./categories.ts";

/** Documented cancel-all limit for linear and inverse, per second per account. */
const FUTURES_CANCEL_ALL_PER_SECOND = 10;
const WINDOW_MS = 1000;

interface Window {
  inFlight: number;
  completed: number[];
}

/** The cancel-all budget of one account, per category (linear and inverse). */
export class CancelAllCapacity {
  readonly #windows = new Map<BybitCategory, Window>();

  /** The whole window's budget: how wide a wave may be once a new window opens. */
  perWindow(_category: BybitCategory): number {
    return FUTURES_CANCEL_ALL_PER_SECOND;
  }

  /**
   * Runs one cancel-all of `category`, counted in the window. The transport's limiter reopens
   * a slot one window after the response; the mirror does the same.
   */
  async track<T>(category: BybitCategory, call: () => Promise<T>): Promise<T> {
    const w = this.#window(category);
    w.inFlight++;
    try {
      return await call();
    } finally {
      w.inFlight--;
      w.completed.push(performance.now());
    }
  }

  /** Cancel-alls this account can still start in `category` without waiting for a new window. */
  available(category: BybitCategory): number {
    const w = this.#window(category);
    const now = performance.now();
    w.completed = w.completed.filter((t) => now - t < WINDOW_MS);
    return Math.max(0, this.perWindow(category) - w.inFlight - w.completed.length);
  }

  #window(category: BybitCategory): Window {
    let w = this.#windows.get(category);
    if (!w) this.#windows.set(category, w = { inFlight: 0, completed: [] });
    return w;
  }
}
