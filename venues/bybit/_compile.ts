// The Bybit compile strategy: a clause becomes one native cancel-all per symbol, else per base
// coin, else per settle coin (and per orderFilter its kinds need), or a sweep where cancel-all
// would reach outside the clause; plus the listings that verify it. Pure: sends nothing.

import { NOTHING } from "../../engine/outcome.ts";
import type { CancelStep, CompiledClause, Listing, ScopeClause } from "../../engine/types.ts";
import { type BybitView, filtersFor, viewOf } from "./_clause.ts";
import { FUTURES_CAP, runCancelAll, settled, sweep } from "./_cancel.ts";
import type { BybitContext } from "./_context.ts";
import { listing, listingRequest, listingsFor } from "./_listing.ts";
import type { BybitCategory } from "./categories.ts";
import type { BybitCancelAllParams, BybitListOpenParams } from "./client.ts";

/** A native cancel-all, with the client's own parameters. */
export type CancelAllStep = CancelStep<"bybit", BybitCancelAllParams> & {
  readonly action: "cancel-all";
};
/** A sweep: the listing's parameters; the orders it finds in the clause are cancelled by id. */
export type SweepStep = CancelStep<"bybit", BybitListOpenParams> & { readonly action: "sweep" };
/** A compiled Bybit step. */
export type BybitStep = CancelAllStep | SweepStep;

/** A clause compiled for one account, with its typed steps. */
export interface BybitPlan {
  /** The clause as Bybit reads it. */
  readonly view: BybitView;
  /** The steps, typed. */
  readonly steps: readonly BybitStep[];
  /** What the engine runs. */
  readonly compiled: CompiledClause;
}

/** Compiles one clause; throws `InputError` when Bybit cannot satisfy it. */
export function compileClause(ctx: BybitContext, clause: ScopeClause): BybitPlan {
  const view = viewOf(clause);
  const steps: BybitStep[] = [];
  const listings: Listing[] = [];
  for (const category of view.categories) {
    steps.push(...stepsFor(ctx, category, view, clause));
    listings.push(...listingsFor(ctx, category, view).map((p) => listing(ctx, p, clause)));
  }
  return { view, steps, compiled: { clause, steps, listings } };
}

function stepsFor(
  ctx: BybitContext,
  category: BybitCategory,
  view: BybitView,
  clause: ScopeClause,
): BybitStep[] {
  const filters = filtersFor(category, view);
  /** One cancel-all per orderFilter the kinds need, for one selector. */
  const each = (selector: Omit<BybitCancelAllParams, "category">, what: string, why?: string) =>
    filters.map((orderFilter) =>
      cancelAllStep(ctx, { category, ...selector, ...filterOf(orderFilter) }, what, why)
    );
  const sweeps = (why: string) => sweepSteps(ctx, category, view, clause, why);
  const { symbols, baseCoins, settleCoins } = view;
  const coins = baseCoins !== undefined || settleCoins !== undefined;
  if (symbols !== undefined && coins) {
    return sweeps("a cancel-all by symbol would reach outside the coin filter");
  }
  if (symbols !== undefined) {
    return symbols.flatMap((symbol) =>
      each(
        { symbol },
        `symbol ${symbol}`,
        "a refusal counts as nothing there only when GET /v5/market/instruments-info does not list the symbol",
      )
    );
  }
  if (baseCoins !== undefined && settleCoins !== undefined) {
    return sweeps("a cancel-all with both coins would use only the base coin");
  }
  if (baseCoins !== undefined) {
    return baseCoins.flatMap((baseCoin) => each({ baseCoin }, `baseCoin ${baseCoin}`));
  }
  if (settleCoins !== undefined) {
    if (category === "spot") {
      return sweeps("cancel-all takes no settleCoin here: list, match the quote coin");
    }
    // Options settle in USDT or USDC only.
    const settle = category === "option"
      ? settleCoins.filter((c) => c === "USDT" || c === "USDC")
      : settleCoins;
    return settle.flatMap((settleCoin) => each({ settleCoin }, `settleCoin ${settleCoin}`));
  }
  if (category === "linear") {
    // Linear cancel-all needs a symbol, base coin or settle coin.
    return ctx.linearSettleCoins.flatMap((settleCoin) =>
      each({ settleCoin }, `settleCoin ${settleCoin} (configured linearSettleCoins)`)
    );
  }
  if (category === "inverse") {
    // Inverse cancel-all needs a coin and the coins are only known by listing. Cancel the
    // configured coins now (one round trip, with everything else); the verifying bare
    // inverse listing finds orders in any other coin and cancelOrders() cancels per symbol
    // found. A list-then-cancel step here would add a round trip to every run.
    return ctx.inverseSettleCoins.flatMap((settleCoin) =>
      each(
        { settleCoin },
        `settleCoin ${settleCoin} (configured inverseSettleCoins)`,
        "the verifying listing finds other coins",
      )
    );
  }
  return each({}, "every symbol");
}

function filterOf(orderFilter: string | undefined): { orderFilter?: string } {
  return orderFilter === undefined ? {} : { orderFilter };
}

function cancelAllStep(
  ctx: BybitContext,
  params: BybitCancelAllParams,
  what: string,
  why?: string,
): CancelAllStep {
  const body: Record<string, string> = { category: params.category };
  for (const key of ["symbol", "baseCoin", "settleCoin", "orderFilter", "stopOrderType"] as const) {
    const value = params[key];
    if (value !== undefined) body[key] = value;
  }
  const filter = params.orderFilter === undefined
    ? "all kinds"
    : `orderFilter ${params.orderFilter}`;
  const futures = params.category === "linear" || params.category === "inverse";
  const cap = futures ? `, at most ${FUTURES_CAP} per call` : "";
  const { symbol } = params;
  return {
    action: "cancel-all",
    venue: "bybit",
    params,
    request: {
      method: "POST",
      host: ctx.client.host,
      path: `${ctx.client.pathPrefix}/v5/order/cancel-all`,
      params: body,
    },
    note: `${params.category}, ${what}, ${filter}${cap}${why ? `; ${why}` : ""}`,
    run: (signal) =>
      settled([], () => {
        const send = () => runCancelAll(ctx, params, signal);
        return symbol === undefined
          ? send()
          : ctx.instruments.forSymbol(params.category, symbol, NOTHING, send, signal);
      }),
  };
}

function sweepSteps(
  ctx: BybitContext,
  category: BybitCategory,
  view: BybitView,
  clause: ScopeClause,
  why: string,
): SweepStep[] {
  return listingsFor(ctx, category, view).map((params) => ({
    action: "sweep",
    venue: "bybit",
    params,
    request: listingRequest(ctx.client, params),
    note: `${category} sweep: ${why}`,
    run: (signal) => settled([], () => sweep(ctx, params, clause, view, signal)),
  }));
}
