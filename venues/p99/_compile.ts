// Compiles one scope clause into p99's native cancels and the listings that verify them. Every
// p99 order is a regular spot order and every scope field p99 can be asked about is a property
// of the order's market, so the plan cancels per market: a bare `DELETE /spot/orders` (every
// market), one `DELETE /spot/orders?symbol=X` per symbol in scope, or, for a coin filter
// (p99 has none), a sweep that reads GET /spot/markets and cancels each market whose stated
// coins are in scope. Private; the types are public through mod.ts.

import { inClause } from "../../engine/match.ts";
import { refinementOf } from "../../engine/refinement.ts";
import type { CancelStep, CompiledClause, Listing, ScopeClause } from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import type { P99SymbolInput } from "./client.ts";
import { cancelMarket, cancelMarkets } from "./_cancel.ts";
import { activeListings, ordersRequest, type P99Context, toOpenOrder } from "./_listing.ts";
import { SYMBOL_RE } from "./_schemas.ts";
import { P99_REFINEMENT } from "./scope.ts";

/**
 * The typed parameters of a p99 market sweep: the markets it may cancel and the coins they
 * must have, as `GET /spot/markets` states them (p99's cancel has no coin filter).
 */
export interface P99SweepParams {
  /** Markets named by the scope; unset = every market `GET /spot/markets` lists. */
  readonly symbols?: readonly string[] | undefined;
  /** Base tokens in scope, uppercase; unset = any. */
  readonly baseCoins?: readonly string[] | undefined;
  /** Quote tokens in scope, uppercase; unset = any. */
  readonly settleCoins?: readonly string[] | undefined;
}

/** A bulk `DELETE /spot/orders` (one market, or every market): `P99Client#cancelAll`'s input. */
export interface P99BulkCancelStep extends CancelStep<"p99", P99SymbolInput> {
  /** One native mass cancel. */
  readonly action: "cancel-all";
}

/** A coin sweep: `GET /spot/markets`, then one bulk cancel per market whose coins are in scope. */
export interface P99SweepStep extends CancelStep<"p99", P99SweepParams> {
  /** The native cancel cannot express coins. */
  readonly action: "sweep";
}

/** A compiled p99 cancel step. */
export type P99CancelStep = P99BulkCancelStep | P99SweepStep;

/** A clause compiled for one p99 account, with its typed steps. */
export interface P99CompiledClause extends CompiledClause {
  /** Cancel steps. */
  readonly steps: readonly P99CancelStep[];
}

/** Compiles `clause` (validated when its scope was built, and applying to this account). */
export function compileClause(ctx: P99Context, clause: ScopeClause): P99CompiledClause {
  const nothing = { clause, steps: [], listings: [] };
  // p99 has no conditional orders.
  if (!clause.kinds.includes("regular")) return nothing;
  const symbols = symbolsInScope(clause);
  if (symbols !== undefined && symbols.length === 0) return nothing;
  const targets: readonly P99SymbolInput[] = symbols?.map((symbol) => ({ symbol })) ?? [{}];
  if (clause.baseCoins !== undefined || clause.settleCoins !== undefined) {
    const sweep = sweepStep(ctx, {
      symbols,
      baseCoins: clause.baseCoins,
      settleCoins: clause.settleCoins,
    });
    return {
      clause,
      steps: [sweep],
      listings: targets.flatMap((input) =>
        activeListings(ctx, { input, coinScoped: true, resend: sweep.run })
      ),
    };
  }
  const steps = targets.map((input) => bulkStep(ctx, input));
  const listings: Listing[] = steps.flatMap((step) =>
    activeListings(ctx, { input: step.params, coinScoped: false, resend: step.run })
  );
  return { clause, steps, listings };
}

function bulkStep(ctx: P99Context, params: P99SymbolInput): P99BulkCancelStep {
  const { symbol } = params;
  return {
    venue: "p99",
    action: "cancel-all",
    params,
    request: ordersRequest(ctx.client, "DELETE", symbol === undefined ? {} : { symbol }),
    note: symbol === undefined ? "every market" : `symbol ${symbol}`,
    run: (signal) => cancelMarket(ctx.client, params, [], signal),
  };
}

function sweepStep(ctx: P99Context, params: P99SweepParams): P99SweepStep {
  const { client, markets } = ctx;
  const per = params.symbols === undefined
    ? "market"
    : `named symbol (${params.symbols.join(", ")})`;
  // The one coin rule (engine/match.ts), applied to each market as if it were one of its orders.
  const coins: ScopeClause = {
    kinds: ["regular"],
    baseCoins: params.baseCoins,
    settleCoins: params.settleCoins,
  };
  return {
    venue: "p99",
    action: "sweep",
    params,
    request: {
      method: "GET",
      host: client.host,
      path: `${client.pathPrefix}/spot/markets`,
      params: {},
    },
    note: "p99 has no coin filter: read each market's base_token/quote_token from " +
      `GET /spot/markets, then DELETE /spot/orders?symbol=X per ${per} whose coins are in scope`,
    run: async (signal) => {
      const table = await markets.load(signal);
      // A named market GET /spot/markets does not list is not cancelled here (its coins are
      // unknown); if it holds orders, the verifying listing refuses to vouch for them.
      const wanted = (params.symbols ?? [...table.keys()]).filter((symbol) => {
        const stated = table.get(symbol);
        return SYMBOL_RE.test(symbol) && stated !== undefined &&
          inClause(toOpenOrder(ctx.account, { id: symbol, symbol, status: "open" }, stated), coins);
      });
      return await cancelMarkets(client, wanted, signal);
    },
  };
}

/**
 * Markets in scope: the generic `symbols` that can name a p99 market (others, like OKX spread
 * ids, match no p99 order), narrowed by `p99.symbols` (a clause is a conjunction). `undefined`
 * = every market; empty = nothing on p99. Throws `InputError` for a `p99.symbols` entry p99's
 * market grammar refuses.
 */
function symbolsInScope(clause: ScopeClause): string[] | undefined {
  const own = refinementOf(P99_REFINEMENT, clause)?.symbols;
  for (const s of own ?? []) {
    if (!SYMBOL_RE.test(s)) {
      throw new InputError(
        `Cannot compile p99 scope: p99.symbols entry "${s.slice(0, 40)}" must be an ` +
          "uppercase market id like DFUSDT (p99 symbols are case-sensitive)",
      );
    }
  }
  const generic = clause.symbols?.filter((s) => SYMBOL_RE.test(s));
  if (own === undefined) return generic === undefined ? undefined : [...new Set(generic)];
  return [...new Set(generic === undefined ? own : own.filter((s) => generic.includes(s)))];
}
