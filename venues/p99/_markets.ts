// The coins of p99's markets, as the public GET /spot/markets states them (`base_token`,
// `quote_token`): p99 market ids are never parsed. Read only for a coin-scoped clause, once per
// adapter (one run), and once more when an order names a market the first read lacked. Private.

import type { P99Client } from "./client.ts";

/** A market's coins as `GET /spot/markets` states them, uppercase. */
export interface MarketCoins {
  /** `base_token`. */
  readonly base: string;
  /** `quote_token`. */
  readonly quote: string;
}

/** Market id -> coins. */
export type MarketTable = ReadonlyMap<string, MarketCoins>;

/** One adapter's cache of `GET /spot/markets`. */
export class P99Markets {
  readonly #client: P99Client;
  #table: MarketTable | undefined;
  #loading: Promise<MarketTable> | undefined;
  /** The one refresh allowed for a market the table lacked (shared by concurrent callers). */
  #refresh: Promise<MarketTable> | undefined;

  constructor(client: P99Client) {
    this.#client = client;
  }

  /** The table, fetched on first use and shared by concurrent callers; a failed read is not kept. */
  load(signal: AbortSignal): Promise<MarketTable> {
    if (this.#table) return Promise.resolve(this.#table);
    if (!this.#loading) this.#loading = this.#fetch(signal);
    return this.#loading;
  }

  /**
   * Reads the table again, once per adapter (a market listed since the first read); later calls
   * get that one refresh's answer.
   */
  refreshOnce(signal: AbortSignal): Promise<MarketTable> {
    if (this.#refresh) return this.#refresh;
    const refresh = this.#fetch(signal);
    // Once: after a failed refresh, later callers judge by the table already read.
    this.#refresh = refresh.catch(() => this.#table ?? new Map());
    return refresh;
  }

  /**
   * The table if it was read or is being read (a coin-scoped clause of the same run), without
   * asking the venue; a failed read gives `undefined`. Lets every listing of one adapter state
   * the same coins for an order.
   */
  async known(): Promise<MarketTable | undefined> {
    if (this.#table) return this.#table;
    return await this.#loading?.catch(() => undefined);
  }

  #fetch(signal: AbortSignal): Promise<MarketTable> {
    const loading = this.#client.markets({ signal }).then((rows) => {
      const table = new Map<string, MarketCoins>();
      for (const m of rows) {
        table.set(m.id, { base: m.base_token.toUpperCase(), quote: m.quote_token.toUpperCase() });
      }
      this.#table = table;
      return table;
    });
    loading.catch(() => {
      if (this.#loading === loading) this.#loading = undefined;
    });
    return loading;
  }
}
