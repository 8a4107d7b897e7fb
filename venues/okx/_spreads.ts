/**
 * What OKX states about each spread (`GET /api/v5/sprd/spreads`): its base and settle coin.
 *
 * Coins come from the venue's metadata (`baseCcy`, `quoteCcy`, `sprdType`), never from the
 * spread id's spelling: instrument ids may contain `_` themselves (`BTC-USD_UM-SWAP`). A
 * spread whose coins the metadata cannot settle (a hybrid spread under a settle-coin filter,
 * a spread the venue does not list) leaves its orders' coins unknown, which the engine's one
 * rule (`engine/match.ts`) treats as undecided: never cancelled on a guess, never FLAT.
 *
 * @module
 */

import { mapBounded } from "../../engine/pool.ts";
import type { ScopeClause } from "../../engine/types.ts";
import type { OkxSpread, OkxSpreadClient } from "./client.ts";

/** Base and settle coin of a spread, as far as the venue's metadata settles them. */
export interface OkxSpreadCoins {
  /** `baseCcy`, as the venue states it. */
  readonly baseCoin?: string | undefined;
  /**
   * The one coin the spread settles in, when the metadata settles it: the quote currency of
   * a linear spread, the base currency of an inverse one. Unset for a hybrid spread (two
   * settle coins), for a linear spread quoted in `USD` (USD-margined legs settle in several
   * USD coins) and for any other type.
   */
  readonly settleCoin?: string | undefined;
}

/**
 * A spread's base and settle coin from the venue's own metadata (`GET /api/v5/sprd/spreads`),
 * never from the spread id's spelling.
 *
 * @example Coins of a linear spread
 * ```ts
 * import { okxSpreadCoins } from "./_spreads.ts";
 * okxSpreadCoins({ sprdType: "linear", baseCcy: "ETH", quoteCcy: "USDT" });
 * // { baseCoin: "ETH", settleCoin: "USDT" }
 * ```
 */
export function okxSpreadCoins(
  spread: Pick<OkxSpread, "sprdType" | "baseCcy" | "quoteCcy">,
): OkxSpreadCoins {
  const base = spread.baseCcy.trim().toUpperCase() || undefined;
  const quote = spread.quoteCcy.trim().toUpperCase() || undefined;
  const settle = spread.sprdType === "inverse"
    ? base
    : spread.sprdType === "linear" && quote !== "USD"
    ? quote
    : undefined;
  return { baseCoin: base, settleCoin: settle };
}

/** Whether a clause filters on coins (which only the spread metadata can answer). */
export function needsCoins(clause: ScopeClause): boolean {
  return clause.baseCoins !== undefined || clause.settleCoins !== undefined;
}

/**
 * The spread metadata of one account's run: fetched once per spread (one public request
 * each, in-flight requests shared), kept for the adapter's life.
 */
export class SpreadBook {
  readonly #client: OkxSpreadClient;
  readonly #concurrency: number;
  /** Spread id -> its metadata, or null when the venue does not list it. */
  readonly #known = new Map<string, OkxSpread | null>();
  readonly #loading = new Map<string, Promise<void>>();

  /** A book that asks `client`, at most `concurrency` requests at once. */
  constructor(client: OkxSpreadClient, concurrency: number) {
    this.#client = client;
    this.#concurrency = concurrency;
  }

  /** Fetches the metadata of the spreads not known yet. */
  async load(ids: Iterable<string>, signal: AbortSignal): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.#known.has(id));
    await mapBounded(missing, this.#concurrency, (sprdId) => this.#fetch(sprdId, signal));
  }

  /** The coins the venue states for a spread; undefined until its metadata is loaded. */
  coins(sprdId: string): OkxSpreadCoins | undefined {
    const meta = this.#known.get(sprdId);
    return meta ? okxSpreadCoins(meta) : undefined;
  }

  /** Why the metadata of a loaded spread cannot settle the clause's coin filter. */
  unsettled(sprdId: string, clause: ScopeClause): string {
    const meta = this.#known.get(sprdId);
    if (!meta) return `${sprdId}: the venue lists no such spread (GET /api/v5/sprd/spreads)`;
    if (clause.baseCoins !== undefined && okxSpreadCoins(meta).baseCoin === undefined) {
      return `${sprdId}: the venue states no baseCcy`;
    }
    return `${sprdId}: sprdType ${meta.sprdType} quoted in ${meta.quoteCcy} has no single settle coin`;
  }

  #fetch(sprdId: string, signal: AbortSignal): Promise<void> {
    let pending = this.#loading.get(sprdId);
    if (!pending) {
      pending = this.#client.getSpreads({ sprdId }, { signal })
        .then((found) => {
          this.#known.set(sprdId, found.find((sp) => sp.sprdId === sprdId) ?? null);
        })
        // A failed request is asked again by the next listing, not remembered.
        .finally(() => this.#loading.delete(sprdId));
      this.#loading.set(sprdId, pending);
    }
    return pending;
  }
}
