// Bybit symbols and the coins behind them: which generic symbols Bybit can spell, and what the
// venue states about a symbol (GET /v5/market/instruments-info). Coins come from what the
// venue states, never from the spelling of a symbol.

import { mapBounded } from "../../engine/pool.ts";
import type { OpenOrder, ScopeClause } from "../../engine/types.ts";
import { VenueError } from "../errors.ts";
import type { BybitCategory } from "./categories.ts";
import type { BybitClient, BybitInstrument } from "./client.ts";

/** A Bybit symbol: uppercase letters, digits and `-` (`BTCUSDT`, `BTC-26DEC25-100000-C`). */
const SYMBOL = /^[A-Z0-9][A-Z0-9-]*$/;
/** How long instrument metadata is reused: about one run. */
const INSTRUMENT_TTL_MS = 60_000;
/** Metadata lookups in flight at once (the transport paces the public endpoint). */
const LOOKUPS = 8;

/**
 * The clause's symbols Bybit can spell. Generic symbols are venue-neutral: a scope may name OKX
 * spreads and p99 markets next to Bybit symbols, and those select nothing here (an empty list
 * means nothing on Bybit, not everything).
 */
export function bybitSymbols(symbols: readonly string[] | undefined): string[] | undefined {
  return symbols === undefined ? undefined : [...new Set(symbols.filter((s) => SYMBOL.test(s)))];
}

/** Instrument metadata of one account's host, read only for scopes that need it. */
export class Instruments {
  readonly #client: BybitClient;
  readonly #cache = new Map<
    string,
    { at: number; table: Promise<ReadonlyMap<string, BybitInstrument>> }
  >();

  constructor(client: BybitClient) {
    this.#client = client;
  }

  /** What the venue states about `symbol` in `category`; undefined when it does not list it. */
  async get(
    category: BybitCategory,
    symbol: string,
    signal: AbortSignal,
  ): Promise<BybitInstrument | undefined> {
    // Spot is one page: read it whole. Elsewhere ask per symbol (option lists one base coin
    // at a time; linear runs to several pages).
    const key = category === "spot" ? "spot" : `${category} ${symbol}`;
    const now = performance.now();
    let hit = this.#cache.get(key);
    if (!hit || now - hit.at > INSTRUMENT_TTL_MS) {
      const table = this.#load(category, category === "spot" ? undefined : symbol, signal);
      hit = { at: now, table };
      this.#cache.set(key, hit);
      const mine = hit;
      table.catch(() => {
        if (this.#cache.get(key) === mine) this.#cache.delete(key);
      });
    }
    return (await hit.table).get(symbol);
  }

  async #load(
    category: BybitCategory,
    symbol: string | undefined,
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, BybitInstrument>> {
    let found = await this.#client.instruments({ category, symbol }, { signal });
    // The default lists Trading contracts only; pre-market contracts take orders too.
    if (found.length === 0 && symbol !== undefined && category !== "option") {
      found = await this.#client.instruments({ category, symbol, status: "PreLaunch" }, {
        signal,
      });
    }
    return new Map(found.map((i) => [i.symbol, i]));
  }

  /**
   * Sends a call naming `symbol` in `category` at once, and asks instruments-info alongside
   * (no extra round trip). A symbol is sent to every category in scope, never guessed from its
   * spelling, and a category that does not have it refuses it as a bad request (10001,
   * error.mdx). So the venue's answer stands, except that a `bad_request` refusal means
   * "nothing there" when instruments-info does not list the symbol in that category. Every
   * other failure is left to the engine's policy.
   */
  async forSymbol<T>(
    category: BybitCategory,
    symbol: string,
    nothing: T,
    call: () => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const [answer, listed] = await Promise.allSettled([
      call(),
      this.get(category, symbol, signal),
    ]);
    if (answer.status === "fulfilled") return answer.value;
    const error: unknown = answer.reason;
    const refused = error instanceof VenueError && error.kind === "bad_request";
    if (refused && listed.status === "fulfilled" && listed.value === undefined) return nothing;
    throw error;
  }

  /**
   * Orders of one `category` listing with the coins the clause filters on, where the listing
   * did not state them: from instrument metadata, uppercase. An order whose symbol the venue
   * does not list keeps them unknown (the engine then never cancels it by guess). A clause
   * without coin filters reads no metadata.
   */
  async withCoins(
    orders: readonly OpenOrder[],
    category: BybitCategory,
    clause: ScopeClause,
    signal: AbortSignal,
  ): Promise<OpenOrder[]> {
    const missing = (o: OpenOrder) =>
      (clause.baseCoins !== undefined && o.baseCoin === undefined) ||
      (clause.settleCoins !== undefined && o.settleCoin === undefined);
    const symbols = [...new Set(orders.filter(missing).map((o) => o.symbol))];
    if (symbols.length === 0) return [...orders];
    const stated = new Map(
      await mapBounded(
        symbols,
        LOOKUPS,
        async (s) => [s, await this.get(category, s, signal)] as const,
      ),
    );
    return orders.map((o) => {
      const info = missing(o) ? stated.get(o.symbol) : undefined;
      if (!info) return o;
      return {
        ...o,
        baseCoin: info.baseCoin.toUpperCase(),
        settleCoin: info.settleCoin.toUpperCase(),
      };
    });
  }
}
