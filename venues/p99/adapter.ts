/**
 * The p99 spot account adapter: compiles a scope clause to p99's native cancels, executes
 * them, and lists what is left.
 *
 * Every p99 order is a regular spot order, and every scope field p99 can be asked about
 * (symbol, base coin, quote coin) is a property of the order's symbol. So `DELETE /spot/orders
 * ?symbol=X` cancels exactly the orders of a symbol in scope, nothing outside it: the adapter
 * cancels per symbol, and only lists first when the scope names coins but no symbols.
 *
 * @module
 */

import type {
  AccountAdapter,
  CompiledClause,
  ItemFailure,
  NativeRequest,
  OpenOrder,
  PlanStep,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { InputError, VenueError, venueError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import type { P99Client, P99Order } from "./client.ts";
import { SYMBOL_RE } from "./_schemas.ts";

/** Options of {@linkcode createP99Account}. */
export interface P99AccountOptions {
  /**
   * Quote coins recognised at the end of a symbol to split it into base and quote, longest
   * match first; default `USDT`, `USDC`, `USD`, `BTC`, `ETH`. A symbol with no known quote
   * belongs to no coin-restricted scope.
   */
  readonly quoteCoins?: readonly string[] | undefined;
}

const DEFAULT_QUOTES = ["USDT", "USDC", "USD", "BTC", "ETH"] as const;
const EMPTY: CompiledClause = { steps: [], listings: [] };
const NOTHING: StepOutcome = { acknowledged: [], alreadyGone: [], failures: [] };

/**
 * Splits a p99 symbol into base and quote coin by its quote suffix, or `undefined` when no
 * known quote ends it.
 *
 * @example Split symbols
 * ```ts
 * import { splitP99Symbol } from "./adapter.ts";
 * splitP99Symbol("DFUSDT"); // { baseCoin: "DF", settleCoin: "USDT" }
 * splitP99Symbol("ETHBTC"); // { baseCoin: "ETH", settleCoin: "BTC" }
 * splitP99Symbol("ABCXYZ"); // undefined
 * ```
 */
export function splitP99Symbol(
  symbol: string,
  quoteCoins: readonly string[] = DEFAULT_QUOTES,
): { baseCoin: string; settleCoin: string } | undefined {
  const quotes = [...quoteCoins].map((q) => q.toUpperCase()).sort((a, b) => b.length - a.length);
  for (const quote of quotes) {
    if (symbol.length > quote.length && symbol.endsWith(quote)) {
      return { baseCoin: symbol.slice(0, -quote.length), settleCoin: quote };
    }
  }
  return undefined;
}

/**
 * Builds the engine's adapter for one p99 account.
 *
 * - `compile`: one `DELETE /spot/orders?symbol=X` per symbol in scope (`symbols` narrowed by
 *   `p99.symbols`, coin filters applied to the symbols at compile time); no symbols and no coins:
 *   one bare `DELETE /spot/orders`; coins without symbols: a `sweep` that lists the active
 *   orders and cancels per matching symbol. A scope without regular orders compiles to nothing.
 * - `listOpen`: every active order in scope; throws a `TransientError` with code
 *   `LISTING_INCOMPLETE` when p99's cursorless paging could not reach every order (more than
 *   200 orders in one second), so the engine marks the account UNKNOWN instead of FLAT.
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
export function createP99Account(
  client: P99Client,
  label = "default",
  options: P99AccountOptions = {},
): AccountAdapter {
  if (typeof label !== "string" || label.trim() === "") {
    throw new InputError("Cannot create p99 account: label must not be empty");
  }
  return new P99Account(client, label, options.quoteCoins ?? DEFAULT_QUOTES);
}

class P99Account implements AccountAdapter {
  readonly venue = "p99" as const;
  readonly account: string;
  readonly #client: P99Client;
  readonly #quotes: readonly string[];

  constructor(client: P99Client, label: string, quotes: readonly string[]) {
    this.#client = client;
    this.account = label;
    this.#quotes = quotes;
  }

  get host(): string {
    return this.#client.host;
  }

  compile(clause: ScopeClause): CompiledClause {
    if (!this.#coversAccount(clause)) return EMPTY;
    if (!clause.kinds.includes("regular")) return EMPTY;
    const symbols = this.#symbols(clause);
    const coins = clause.baseCoins !== undefined || clause.settleCoins !== undefined;
    if (symbols !== undefined) {
      const wanted = [...symbols].filter((s) => this.#coinsMatch(s, clause));
      return {
        steps: wanted.map((s) => ({
          action: "cancel-all",
          request: this.#request("DELETE", { symbol: s }),
          note: coins ? `symbol ${s} (its coins are in scope)` : `symbol ${s}`,
        })),
        listings: wanted.flatMap((s) => this.#listings(s)),
      };
    }
    if (coins) {
      return {
        steps: [{
          action: "sweep",
          request: this.#request("GET", { status: "open", limit: "200" }),
          note: "p99 has no coin filter: list active orders, then cancel per symbol whose " +
            "base/quote coin is in scope",
        }],
        listings: this.#listings(undefined),
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

  matches(order: OpenOrder, clause: ScopeClause): boolean {
    if (order.venue !== "p99") return false;
    if (clause.venues !== undefined && !clause.venues.includes("p99")) return false;
    if (clause.accounts !== undefined && !clause.accounts.includes(order.account)) return false;
    if (!clause.kinds.includes(order.kind)) return false;
    const symbols = this.#symbols(clause);
    if (symbols !== undefined && !symbols.has(order.symbol)) return false;
    return this.#coinsMatch(order.symbol, clause, order);
  }

  async execute(step: PlanStep, clause: ScopeClause, signal: AbortSignal): Promise<StepOutcome> {
    if (step.action === "cancel-all") {
      const symbol = step.request.params["symbol"];
      const canceled = await this.#client.cancelAll(symbol ? { symbol } : {}, { signal });
      return { acknowledged: canceled.map((o) => o.id), alreadyGone: [], failures: [] };
    }
    if (step.action === "sweep") {
      const symbol = step.request.params["symbol"];
      const listing = await this.#client.listActiveOrders(symbol ? { symbol } : {}, { signal });
      const inScope = listing.orders.map((o) => this.#normalize(o)).filter((o) =>
        this.matches(o, clause)
      );
      return await this.#cancelBySymbol(inScope, signal);
    }
    throw new InputError(
      `Cannot execute p99 step: p99 has no ${step.action} (no conditional orders)`,
    );
  }

  async listOpen(
    clause: ScopeClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
  ): Promise<OpenOrder[]> {
    const { listings } = this.compile(clause);
    if (listings.length === 0) return [];
    const symbols = [...new Set(listings.map((l) => l.params["symbol"]))];
    const results = await Promise.all(
      symbols.map((s) => this.#client.listActiveOrders(s ? { symbol: s } : {}, { signal })),
    );
    if (results.some((r) => !r.complete)) {
      throw venueError(
        "transient",
        "p99 GET /spot/orders: listing incomplete: more than 200 active orders share one " +
          "created_at second and p99's listing has no cursor to reach past them",
        { venue: "p99", code: "LISTING_INCOMPLETE", endpoint: "GET /spot/orders" },
      );
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
    clause: ScopeClause,
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

  #coversAccount(clause: ScopeClause): boolean {
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
  #symbols(clause: ScopeClause): Set<string> | undefined {
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

  #coinsMatch(symbol: string, clause: ScopeClause, order?: OpenOrder): boolean {
    if (clause.baseCoins === undefined && clause.settleCoins === undefined) return true;
    const split = splitP99Symbol(symbol, this.#quotes);
    const base = order?.baseCoin ?? split?.baseCoin;
    const quote = order?.settleCoin ?? split?.settleCoin;
    if (clause.baseCoins !== undefined) {
      if (base === undefined) return false;
      if (!clause.baseCoins.some((c) => c.toUpperCase() === base.toUpperCase())) return false;
    }
    if (clause.settleCoins !== undefined) {
      if (quote === undefined) return false;
      if (!clause.settleCoins.some((c) => c.toUpperCase() === quote.toUpperCase())) return false;
    }
    return true;
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
    const coins = splitP99Symbol(o.symbol, this.#quotes);
    return {
      venue: "p99",
      account: this.account,
      id: o.id,
      symbol: o.symbol,
      kind: "regular",
      market: "spot",
      status: o.status,
      baseCoin: coins?.baseCoin,
      settleCoin: coins?.settleCoin,
    };
  }
}

/** Failures that concern the whole account, not one symbol: let the engine see them. */
function accountLevel(e: VenueError): boolean {
  return e.kind === "auth" || e.kind === "permanent" || e.kind === "timestamp";
}
