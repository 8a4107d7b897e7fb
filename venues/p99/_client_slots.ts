// A counting semaphore for the p99 client's requests in flight. Private.

/** A counting semaphore: at most `size` holders at once, first come first served. */
export class Slots {
  #free: number;
  #waiting: Array<() => void> = [];

  /** Allows `size` holders at once. */
  constructor(size: number) {
    this.#free = size;
  }

  /** Waits for a place; rejects with the signal's reason when it aborts first. */
  acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.#waiting.indexOf(grant);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Gives a place back (to the first waiter, if any). */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}
