/**
 * Bounded concurrency, owned by the engine: the per-host account pool and an adapter's fan-out
 * of per-order or per-market calls use the same primitive.
 *
 * @module
 */

/**
 * Runs at most `size` tasks at once, in the order they were given.
 *
 * @example Two at a time
 * ```ts
 * import { Pool } from "./pool.ts";
 * const pool = new Pool(2);
 * await Promise.all([1, 2, 3].map((n) => pool.run(() => Promise.resolve(n))));
 * ```
 */
export class Pool {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  /** A pool of `size` slots (at least one). */
  constructor(size: number) {
    this.#free = Math.max(1, Math.floor(size));
  }

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/**
 * Maps `items` through `task` with at most `limit` in flight; results keep the input order.
 * Rejects with the first failure (the others still settle).
 *
 * @example
 * ```ts
 * import { mapBounded } from "./pool.ts";
 * await mapBounded([1, 2, 3], 2, (n) => Promise.resolve(n * 2)); // [2, 4, 6]
 * ```
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const pool = new Pool(limit);
  return await Promise.all(items.map((item) => pool.run(() => task(item))));
}
