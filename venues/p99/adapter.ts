/**
 * The p99 spot account adapter: compiles a scope clause to p99's native cancels, executes
 * them, and lists what is left.
 *
 * Every p99 order is a regular spot order, and every scope field p99 can be asked about
 * (symbol, base coin, quote coin) is a property of the order's market. So `DELETE /spot/orders
 * ?symbol=X` cancels exactly the orders of a market in scope, nothing outside it: the adapter
 * cancels per market. A market's coins are read from `GET /spot/markets` (`base_token`,
 * `quote_token`), never parsed from its id; the adapter fetches it only for a coin-scoped
 * clause, once per adapter (one run), and once more when an order names a market it lacks.
 *
 * @module
 */

import type { VenueEnvironment } from "../endpoint.ts";
import type {
  ItemFailure,
  NativeRequest,
  OpenOrder,
  PlanStep,
  StepOutcome,
} from "../../engine/types.ts";
import type {
  LegacyAccountAdapter,
  LegacyClause,
  LegacyCompiledClause,
} from "../../engine/_legacy.ts";
import { InputError, VenueError, venueError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import type { P99Client, P99Order } from "./client.ts";
import { SYMBOL_RE } from "./_schemas.ts";

const EMPTY: LegacyCompiledClause = { steps: [], listings: [] };
const NOTHING: StepOutcome = { acknowledged: [], alreadyGone: [], failures: [] };

/** A market's coins as `GET /spot/markets` states them. */
interface Coins {
  readonly base: string;
  readonly quote: string;
}

/**
 * Builds the engine's adapter for one p99 account.
 *
 * - `compile`: one `DELETE /spot/orders?symbol=X` per symbol in scope (`symbols` narrowed by
 *   `p99.symbols`); no symbols and no coins: one bare `DELETE /spot/orders`; coins (with or
 *   without symbols): a `sweep` that reads `GET /spot/markets` and sends one `DELETE
 *   /spot/orders?symbol=X` per market whose stated base/quote token is in scope. A scope
 *   without regular orders compiles to nothing.
 * - `matches`: a coin filter is evaluated on the market's stated tokens; an order whose market
 *   `GET /spot/markets` does not list cannot be evaluated and throws (never silently excluded).
 * - `listOpen`: every active order in scope. When p99's cursorless paging could not reach
 *   every order (more than 200 orders in one second), it sends the clause's bulk cancels
 *   again (one `DELETE /spot/orders` clears what the listing cannot see) and throws a
 *   `TransientError` with code `LISTING_INCOMPLETE`: the engine lists again, and an account
 *   whose listing never completes ends UNKNOWN, never FLAT.
 * - `cancelRemaining`: one `DELETE /spot/orders?symbol=X` per symbol still holding orders
 *   (which also catches orders placed since the listing).
 *
 * @example Build and compile
 * ```ts
 * import { P99Client } from "./client.ts";
 * import { createP99Account } from "./adapter.ts";
 * const account = createP99Account(new P99Client({ apiKey: "k", secret: "s" }), "desk-1");
 * const plan = account.compile({ kinds: ["regular"], symbols: ["DFUSDT"] });
 * plan.steps[0]?.request.path; // "/api/v1/spot/orders"
 * ```
 */
export function createP99Account(client: P99Client, label = "default"): LegacyAccountAdapter {
  if (typeof label !== "string" || label.trim() === "") {
    throw new InputError("Cannot create p99 account: label must not be empty");
  }
  return new P99Account(client, label);
}

class P99Account implements LegacyAccountAdapter {
  readonly venue = "p99" as const;
  readonly account: string;
  readonly #client: P99Client;
  /** `GET /spot/markets` by market id, once fetched (coin-scoped clauses only). */
  #markets: Map<string, Coins> | undefined;
  #loading: Promise<Map<string, Coins>> | undefined;
  /** Whether the cache was already refreshed for a market it lacked (once per adapter). */
  #refreshed = false;

  constructor(client: P99Client, label: string) {
    this.#client = client;
    this.account = label;
  }

  get host(): string {
    return this.#client.host;
  }

  get environment(): VenueEnvironment {
    return this.#client.endpoint.environment;
  }

  compile(clause: LegacyClause): LegacyCompiledClause {
    if (!this.#coversAccount(clause)) return EMPTY;
    if (!clause.kinds.includes("regular")) return EMPTY;
    const symbols = this.#symbols(clause);
    if (hasCoins(clause)) {
      if (symbols !== undefined && symbols.size === 0) return EMPTY;
      return {
        steps: [{
          action: "sweep",
          request: {
            method: "GET",
            host: this.#client.host,
            path: `${this.#client.pathPrefix}/spot/markets`,
            params: {},
          },
          note: "p99 has no coin filter: read each market's base_token/quote_token from " +
            "GET /spot/markets, then DELETE /spot/orders?symbol=X per " +
            (symbols === undefined ? "market" : `named symbol (${[...symbols].join(", ")})`) +
            " whose coins are in scope",
        }],
        listings: symbols === undefined
          ? this.#listings(undefined)
          : [...symbols].flatMap((s) => this.#listings(s)),
      };
    }
    if (symbols !== undefined) {
      return {
        steps: [...symbols].map((s) => ({
          action: "cancel-all",
          request: this.#request("DELETE", { symbol: s }),
          note: `symbol ${s}`,
        })),
        listings: [...symbols].flatMap((s) => this.#listings(s)),
      };
    }
    return {
      steps: [{
        action: "cancel-all",
        request: this.#request("DELETE", {}),
        note: "every market",
      }],
      listings: this.#listings(undefined),
    };
  }

  matches(order: OpenOrder, clause: LegacyClause): boolean {
    if (order.venue !== "p99") return false;
    if (clause.venues !== undefined && !clause.venues.includes("p99")) return false;
    if (clause.accounts !== undefined && !clause.accounts.includes(order.account)) return false;
    if (!clause.kinds.includes(order.kind)) return false;
    const symbols = this.#symbols(clause);
    if (symbols !== undefined && !symbols.has(order.symbol)) return false;
    if (!hasCoins(clause)) return true;
    const stated = this.#markets?.get(order.symbol);
    const base = stated?.base ?? order.baseCoin;
    const quote = stated?.quote ?? order.settleCoin;
    if (base === undefined || quote === undefined) {
      // Never a silent "not in scope": the coins of this market are not known.
      throw new InputError(
        `Cannot tell whether p99 order ${order.id} is in a coin scope: the coins of market ` +
          `"${order.symbol.slice(0, 40)}" are not known (GET /spot/markets does not list it, ` +
          "or was not read)",
      );
    }
    return coinsInScope({ base, quote }, clause);
  }

  async execute(step: PlanStep, clause: LegacyClause, signal: AbortSignal): Promise<StepOutcome> {
    if (step.action === "cancel-all") {
      const symbol = step.request.params["symbol"];
      const canceled = await this.#client.cancelAll(symbol ? { symbol } : {}, { signal });
      return { acknowledged: canceled.map((o) => o.id), alreadyGone: [], failures: [] };
    }
    if (step.action === "sweep") {
      // Coins: cancel per market whose stated tokens are in scope. A named symbol the venue
      // does not list is not cancelled here (its coins are unknown); if it holds orders, the
      // verifying listing reports them as impossible to evaluate.
      const markets = await this.#loadMarkets(signal);
      const named = this.#symbols(clause);
      const wanted = [...(named ?? markets.keys())].filter((s) => {
        const coins = markets.get(s);
        return coins !== undefined && coinsInScope(coins, clause);
      });
      return await this.#cancelSymbols(wanted, [], signal);
    }
    throw new InputError(
      `Cannot execute p99 step: p99 has no ${step.action} (no conditional orders)`,
    );
  }

  async listOpen(
    clause: LegacyClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
    options: { readonly readOnly?: boolean } = {},
  ): Promise<OpenOrder[]> {
    const { listings } = this.compile(clause);
    if (listings.length === 0) return [];
    if (hasCoins(clause)) await this.#loadMarkets(signal);
    const symbols = [...new Set(listings.map((l) => l.params["symbol"]))];
    const results = await Promise.all(
      symbols.map((s) => this.#client.listActiveOrders(s ? { symbol: s } : {}, { signal })),
    );
    if (results.some((r) => !r.complete)) {
      // p99's listing cannot reach past 200 orders created in one second, but one bulk
      // DELETE per symbol in scope (or a bare one) cancels them all: send the clause's cancel
      // steps again, then report this listing as incomplete so the engine lists once more.
      // Never FLAT from an incomplete listing.
      let cancel = options.readOnly
        ? "read-only: no cancel re-sent"
        : "re-sent the cancel in scope";
      try {
        if (!options.readOnly) {
          for (const step of this.compile(clause).steps) await this.execute(step, clause, signal);
        }
      } catch (e) {
        if (e instanceof VenueError && accountLevel(e)) throw e;
        cancel = `re-sending the cancel in scope failed: ${
          e instanceof Error ? e.message : String(e)
        }`;
      }
      throw venueError(
        "transient",
        "p99 GET /spot/orders: listing incomplete: more than 200 active orders share one " +
          `created_at second and p99's listing has no cursor to reach past them (${cancel})`,
        { venue: "p99", code: "LISTING_INCOMPLETE", endpoint: "GET /spot/orders" },
      );
    }
    if (hasCoins(clause)) {
      // Every listed order's market must be one GET /spot/markets states the coins of: refresh
      // once (a market listed since), then refuse to guess.
      const unknown = () =>
        results.flatMap((r) => r.orders).filter((o) => !this.#markets?.has(o.symbol));
      if (unknown().length > 0 && !this.#refreshed) {
        this.#refreshed = true;
        await this.#loadMarkets(signal, true);
      }
      const left = unknown();
      if (left.length > 0) {
        const names = [...new Set(left.map((o) => o.symbol))].slice(0, 5);
        throw venueError(
          "bad_request",
          `p99: ${left.length} open order(s) on market(s) ${
            names.map((n) => `"${n.slice(0, 40)}"`).join(", ")
          } that GET /spot/markets does not list: their coins are unknown, so this coin-scoped ` +
            "run cannot tell whether they are in scope (to cancel them, scope by symbol without " +
            "a coin filter)",
          { venue: "p99", code: "UNKNOWN_MARKET", endpoint: "GET /spot/markets" },
        );
      }
    }
    const seen = new Set<string>();
    const out: OpenOrder[] = [];
    for (const r of results) {
      for (const o of r.orders) {
        if (seen.has(o.id)) continue;
        seen.add(o.id);
        const order = this.#normalize(o);
        if (this.matches(order, clause)) out.push(order);
        else outside?.push(order);
      }
    }
    return out;
  }

  async cancelRemaining(
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const inScope = orders.filter((o) => o.account === this.account && this.matches(o, clause));
    if (inScope.length === 0) return NOTHING;
    return await this.#cancelBySymbol(inScope, signal);
  }

  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#client.subscribe(listener);
  }

  /** One DELETE per symbol (exact, since the scope is a property of the symbol); by id otherwise. */
  async #cancelBySymbol(orders: readonly OpenOrder[], signal: AbortSignal): Promise<StepOutcome> {
    const bySymbol = new Map<string, string[]>();
    const byId: string[] = [];
    for (const o of orders) {
      if (!SYMBOL_RE.test(o.symbol)) {
        byId.push(o.id);
        continue;
      }
      const ids = bySymbol.get(o.symbol) ?? [];
      ids.push(o.id);
      bySymbol.set(o.symbol, ids);
    }
    return await this.#cancel(bySymbol, byId, signal);
  }

  /** One DELETE per symbol, without known ids (a sweep by market). */
  async #cancelSymbols(
    symbols: readonly string[],
    byId: readonly string[],
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const bySymbol = new Map<string, string[]>();
    for (const s of symbols) if (SYMBOL_RE.test(s)) bySymbol.set(s, []);
    return await this.#cancel(bySymbol, byId, signal);
  }

  async #cancel(
    bySymbol: ReadonlyMap<string, readonly string[]>,
    byId: readonly string[],
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const acknowledged = new Set<string>();
    const alreadyGone: string[] = [];
    const failures: ItemFailure[] = [];
    await Promise.all([
      ...[...bySymbol].map(async ([symbol, ids]) => {
        try {
          const canceled = await this.#client.cancelAll({ symbol }, { signal });
          for (const o of canceled) acknowledged.add(o.id);
          // Skipped by the venue: no longer open (filled or canceled meanwhile).
          for (const id of ids) if (!acknowledged.has(id)) alreadyGone.push(id);
        } catch (e) {
          if (!(e instanceof VenueError) || accountLevel(e)) throw e;
          for (const id of ids) failures.push({ id, code: e.code, message: e.message });
        }
      }),
      ...byId.map(async (id) => {
        try {
          const o = await this.#client.cancelOrder(id, { signal });
          acknowledged.add(o.id);
        } catch (e) {
          if (e instanceof VenueError && e.kind === "gone") alreadyGone.push(id);
          else if (!(e instanceof VenueError) || accountLevel(e)) throw e;
          else failures.push({ id, code: e.code, message: e.message });
        }
      }),
    ]);
    return { acknowledged: [...acknowledged], alreadyGone, failures };
  }

  #coversAccount(clause: LegacyClause): boolean {
    if (clause.venues !== undefined && !clause.venues.includes("p99")) return false;
    if (clause.accounts !== undefined && !clause.accounts.includes(this.account)) return false;
    return true;
  }

  /**
   * Symbols in scope: the generic `symbols` that can name a p99 market (uppercase letters and
   * digits; others, like OKX spread ids, match no p99 order), narrowed by `p99.symbols`: a
   * clause is a conjunction, so both must hold. `undefined` = every symbol; an empty set =
   * nothing on p99. Throws on a malformed `p99.symbols` entry.
   */
  #symbols(clause: LegacyClause): Set<string> | undefined {
    const own = clause.p99?.symbols;
    const generic = clause.symbols;
    if (own === undefined && generic === undefined) return undefined;
    for (const s of own ?? []) {
      if (typeof s !== "string" || !SYMBOL_RE.test(s)) {
        throw new InputError(
          `Cannot compile p99 scope: p99.symbols entry "${String(s).slice(0, 40)}" must be an ` +
            "uppercase market id like DFUSDT (p99 symbols are case-sensitive)",
        );
      }
    }
    const fromGeneric = generic?.filter((s) => SYMBOL_RE.test(s));
    if (own === undefined) return new Set(fromGeneric);
    if (fromGeneric === undefined) return new Set(own);
    return new Set(own.filter((s) => fromGeneric.includes(s)));
  }

  /**
   * `GET /spot/markets` as id -> coins, fetched once per adapter (one run) and shared by
   * concurrent callers; `refresh` fetches again (a market listed since the first read).
   */
  async #loadMarkets(signal: AbortSignal, refresh = false): Promise<Map<string, Coins>> {
    if (this.#markets && !refresh) return this.#markets;
    if (!this.#loading || refresh) {
      const loading = this.#client.markets({ signal }).then((rows) => {
        const map = new Map<string, Coins>();
        for (const m of rows) {
          map.set(m.id, { base: m.base_token.toUpperCase(), quote: m.quote_token.toUpperCase() });
        }
        this.#markets = map;
        return map;
      });
      // A failed read is not cached: the next call asks again.
      loading.catch(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
      this.#loading = loading;
    }
    return await this.#loading;
  }

  #request(method: "GET" | "DELETE", params: Record<string, string>): NativeRequest {
    return {
      method,
      host: this.#client.host,
      path: `${this.#client.pathPrefix}/spot/orders`,
      params,
    };
  }

  #listings(symbol: string | undefined): NativeRequest[] {
    return (["open", "partially_filled"] as const).map((status) =>
      this.#request("GET", {
        ...(symbol === undefined ? {} : { symbol }),
        status,
        limit: "200",
      })
    );
  }

  #normalize(o: P99Order): OpenOrder {
    const coins = this.#markets?.get(o.symbol);
    return {
      venue: "p99",
      account: this.account,
      id: o.id,
      symbol: o.symbol,
      kind: "regular",
      market: "spot",
      status: o.status,
      baseCoin: coins?.base,
      settleCoin: coins?.quote,
    };
  }
}

/** Whether the clause filters by coin (p99: base token and quote token). */
function hasCoins(clause: LegacyClause): boolean {
  return clause.baseCoins !== undefined || clause.settleCoins !== undefined;
}

/** Whether a market's stated tokens pass the clause's coin filters (coins are uppercase). */
function coinsInScope(coins: Coins, clause: LegacyClause): boolean {
  if (
    clause.baseCoins !== undefined && !clause.baseCoins.some((c) => c.toUpperCase() === coins.base)
  ) {
    return false;
  }
  if (
    clause.settleCoins !== undefined &&
    !clause.settleCoins.some((c) => c.toUpperCase() === coins.quote)
  ) {
    return false;
  }
  return true;
}

/** Failures that concern the whole account, not one symbol: let the engine see them. */
function accountLevel(e: VenueError): boolean {
  return e.kind === "auth" || e.kind === "permanent" || e.kind === "timestamp";
}
