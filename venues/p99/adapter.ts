/**
 * The p99 spot account adapter (engine contract v2): compiles a scope clause to p99's native
 * cancels and the listings that verify them, and cancels orders left over.
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
import { NOTHING } from "../../engine/outcome.ts";
import type {
  AccountAdapter,
  CompiledClause,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import type { P99Client } from "./client.ts";
import { cancelLeftovers } from "./_cancel.ts";
import { compileClause, type P99CompiledClause } from "./_compile.ts";
import type { P99Context } from "./_listing.ts";
import { P99Markets } from "./_markets.ts";
import { P99_REFINEMENT } from "./scope.ts";

export type {
  P99BulkCancelStep,
  P99CancelStep,
  P99CompiledClause,
  P99SweepParams,
  P99SweepStep,
} from "./_compile.ts";

/** A p99 account as the engine drives it; `compile` gives p99's typed steps. */
export interface P99AccountAdapter extends AccountAdapter {
  /** Venue. */
  readonly venue: "p99";
  /** Compiles one clause that applies to this account (see {@linkcode createP99Account}). */
  compile(clause: ScopeClause): P99CompiledClause;
}

/**
 * Builds the engine's adapter for one p99 account.
 *
 * - `compile`: one `DELETE /spot/orders?symbol=X` per symbol in scope (`symbols` narrowed by
 *   `p99.symbols`); no symbols and no coins: one bare `DELETE /spot/orders`; coins (with or
 *   without symbols): a `sweep` that reads `GET /spot/markets` and sends one `DELETE
 *   /spot/orders?symbol=X` per market whose stated base/quote token is in scope. A scope
 *   without regular orders compiles to nothing. Each market (or every market) is verified by
 *   the two active-order listings (`status=open`, `status=partially_filled`, every page).
 * - Listings return every order they read, with the coins `GET /spot/markets` states. A
 *   coin-scoped listing refuses an order on a market `GET /spot/markets` does not list (after
 *   reading it once more): `UNKNOWN_MARKET`, never silently out of scope. When p99's
 *   cursorless paging could not reach every order (more than 200 orders in one second), the
 *   listing sends its bulk cancel again (unless read-only) and throws a `TransientError` with
 *   code `LISTING_INCOMPLETE`: the engine lists again, and an account whose listing never
 *   completes ends UNKNOWN, never FLAT.
 * - `cancelOrders`: one `DELETE /spot/orders?symbol=X` per symbol still holding orders (which
 *   also catches orders placed since the listing).
 *
 * @example Build and compile
 * ```ts
 * import { P99Client } from "./client.ts";
 * import { createP99Account } from "./adapter.ts";
 * const account = createP99Account(new P99Client({ apiKey: "k", secret: "s" }), "desk-1");
 * const plan = account.compile({ kinds: ["regular"], symbols: ["DFUSDT"] });
 * plan.steps[0]?.request.path; // "/api/v1/spot/orders"
 * plan.steps[0]?.params; // { symbol: "DFUSDT" }
 * ```
 */
export function createP99Account(client: P99Client, label = "default"): P99AccountAdapter {
  if (typeof label !== "string" || label.trim() === "") {
    throw new InputError("Cannot create p99 account: label must not be empty");
  }
  return new P99Account(client, label);
}

class P99Account implements P99AccountAdapter {
  readonly venue = "p99" as const;
  readonly account: string;
  readonly refinement = P99_REFINEMENT;
  readonly #ctx: P99Context;

  constructor(client: P99Client, label: string) {
    this.account = label;
    this.#ctx = { client, account: label, markets: new P99Markets(client) };
  }

  get host(): string {
    return this.#ctx.client.host;
  }

  get environment(): VenueEnvironment {
    return this.#ctx.client.endpoint.environment;
  }

  compile(clause: ScopeClause): P99CompiledClause {
    return compileClause(this.#ctx, clause);
  }

  async cancelOrders(
    orders: readonly OpenOrder[],
    _compiled: CompiledClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    // This account's key can only cancel this account's orders: another's are never sent.
    const own = orders.filter((o) => o.venue === "p99" && o.account === this.account);
    if (own.length === 0) return NOTHING;
    return await cancelLeftovers(this.#ctx.client, own, signal);
  }

  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#ctx.client.subscribe(listener);
  }
}
