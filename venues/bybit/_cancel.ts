// Sending Bybit cancels: one cancel-all (and, past the futures 500 cap, the drain), a sweep
// (list, then cancel what is in the clause by id), and re-cancelling orders left over after
// the first pass the cheapest way. Failures follow the engine's policy (engine/outcome.ts).

import { membership } from "../../engine/match.ts";
import { failAll, mergeOutcomes, NOTHING } from "../../engine/outcome.ts";
import { mapBounded } from "../../engine/pool.ts";
import type { ItemFailure, OpenOrder, ScopeClause, StepOutcome } from "../../engine/types.ts";
import { VenueError } from "../errors.ts";
import { ALL_CATEGORIES, type BybitView, filtersFor } from "./_clause.ts";
import type { BybitContext } from "./_context.ts";
import { readListing } from "./_listing.ts";
import { BATCH_MAX } from "./_schemas.ts";
import type { BybitCategory } from "./categories.ts";
import type { BybitCancelAllParams, BybitCancelBatchItem, BybitListOpenParams } from "./client.ts";
import { BYBIT_CODE_KINDS } from "./codes.ts";
import { BYBIT_REFINEMENT } from "./scope.ts";

/** Futures cancel-all removes at most this many orders per call. */
export const FUTURES_CAP = 500;
/**
 * Calls in flight at once when re-cancelling per step, symbol or batch: the venue takes 10 per
 * second on cancel-batch and futures cancel-all, and the transport paces each endpoint.
 */
export const FAN_OUT = 10;
/** The spot orderFilter that reaches an order of each stopOrderType. */
const SPOT_FILTER_BY_TYPE: ReadonlyMap<string, string> = new Map([
  ["tpslOrder", "tpslOrder"],
  ["Stop", "StopOrder"],
  ["OcoOrder", "OcoOrder"],
  ["BidirectionalTpslOrder", "BidirectionalTpslOrder"],
]);

/** A step's failure, folded by the engine's policy: account-level ones are thrown. */
export async function settled(
  ids: readonly string[],
  send: () => Promise<StepOutcome>,
): Promise<StepOutcome> {
  try {
    return await send();
  } catch (error) {
    return failAll(ids, error);
  }
}

/** One cancel-all, then (futures, a full 500 back) more until one comes back short. */
export async function runCancelAll(
  ctx: BybitContext,
  params: BybitCancelAllParams,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const first = await cancelAllOnce(ctx, params, signal);
  const futures = params.category === "linear" || params.category === "inverse";
  if (!futures || first.count < FUTURES_CAP) return first.outcome;
  return mergeOutcomes([first.outcome, await drain(ctx, params, signal)]);
}

async function cancelAllOnce(
  ctx: BybitContext,
  params: BybitCancelAllParams,
  signal: AbortSignal,
): Promise<{ outcome: StepOutcome; count: number }> {
  const result = await ctx.client.cancelAll(params, { signal });
  const failures: ItemFailure[] = result.success === "0"
    ? [{ message: "cancel-all answered success=0" }]
    : [];
  return {
    outcome: { acknowledged: result.list.map((o) => o.orderId), alreadyGone: [], failures },
    count: result.list.length,
  };
}

/**
 * A futures cancel-all that removed a full 500 may have left more (the venue picks 500 at
 * random). Re-issue it in waves as wide as the rate limit until one call comes back short,
 * probing one listing page before each new window rather than paging a large book 50 orders
 * at a time. The engine's verification still reads the book afterwards.
 */
async function drain(
  ctx: BybitContext,
  params: BybitCancelAllParams,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const outcomes: StepOutcome[] = [];
  const { category, symbol, baseCoin, settleCoin } = params;
  while (!signal.aborted) {
    // Use what is left of this window's budget without waiting (this account's other
    // cancel-alls in the category, e.g. the USDC settle coin's, share it); when it is spent,
    // read one listing page before committing a whole new window to more calls.
    // The client's own limiter answers: the rate-limit state has one owner.
    let wave = ctx.client.cancelAllCapacity(category);
    if (wave === 0) {
      const left = await ctx.client.listOpenOrders(
        { category, symbol, baseCoin, settleCoin },
        { signal, maxPages: 1 },
      ).catch((error: unknown) => failAll([], error));
      if (!Array.isArray(left)) {
        outcomes.push(left);
        break;
      }
      if (left.length === 0) break;
      wave = ctx.client.cancelAllRule(category).limit;
    }
    // At most one window's budget in flight. What was acknowledged stands when a call fails;
    // the verify rounds chase the rest.
    const results = await Promise.allSettled(
      Array.from({ length: wave }, () => cancelAllOnce(ctx, params, signal)),
    );
    let done = false;
    for (const r of results) {
      if (r.status === "rejected") outcomes.push(failAll([], r.reason));
      else outcomes.push(r.value.outcome);
      done ||= r.status === "rejected" || r.value.count < FUTURES_CAP;
    }
    if (done) break;
  }
  return mergeOutcomes(outcomes);
}

/** A sweep step: lists, then cancels by id what is certainly in the clause. */
export async function sweep(
  ctx: BybitContext,
  params: BybitListOpenParams,
  clause: ScopeClause,
  view: BybitView,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const found = await readListing(ctx, params, clause, signal);
  return await cancelInClause(
    ctx,
    found,
    clause,
    (category, orders) => cancelByIds(ctx, category, orders, view, signal),
  );
}

/**
 * Cancels the orders certainly in `clause` with `cancel`, per category. An order the engine's
 * rule cannot judge (a coin filter, and the venue states no coin for its symbol) is never
 * cancelled by guess: it is an item failure and stays open. An order outside the clause, or
 * of another account, is left alone.
 */
export async function cancelInClause(
  ctx: BybitContext,
  orders: readonly OpenOrder[],
  clause: ScopeClause,
  cancel: (category: BybitCategory, orders: OpenOrder[]) => Promise<StepOutcome>,
): Promise<StepOutcome> {
  const inClause: OpenOrder[] = [];
  const unknown: OpenOrder[] = [];
  for (const o of orders) {
    if (o.account !== ctx.account) continue;
    const m = membership(o, clause, BYBIT_REFINEMENT);
    if (m === "in") inClause.push(o);
    else if (m === "undecided") unknown.push(o);
  }
  const outcomes = await Promise.all(ALL_CATEGORIES.map((category) => {
    const left = inClause.filter((o) => o.market === category);
    return left.length === 0 ? NOTHING : cancel(category, left);
  }));
  return mergeOutcomes([...outcomes, unprovable(unknown)]);
}

/**
 * Bare inverse scope: every inverse order is in scope, so one cancel-all per symbol found by
 * the listing is exact (and 500 per call rather than 20 per batch), with no need to know its
 * settle coin.
 */
export async function cancelBySymbol(
  ctx: BybitContext,
  category: BybitCategory,
  orders: readonly OpenOrder[],
  view: BybitView,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const filters = filtersFor(category, view);
  return await cancelAllPerSymbol(ctx, category, orders, () => filters, signal);
}

/**
 * Cancels orders by id with cancel-batch (20 per request, 10 for spot). Spot conditional
 * orders are not reachable by cancel-batch (it takes no orderFilter and the venue answers
 * "order does not exist"): they are cancelled per symbol with cancel-all and the orderFilter
 * of their kind, which is exact (every order of that symbol and kind is in the clause when
 * one is).
 */
export async function cancelByIds(
  ctx: BybitContext,
  category: BybitCategory,
  orders: readonly OpenOrder[],
  view: BybitView,
  signal: AbortSignal,
): Promise<StepOutcome> {
  if (category !== "spot") return await cancelBatches(ctx, category, orders, signal);
  const conditional = orders.filter((o) => o.kind === "conditional");
  const regular = orders.filter((o) => o.kind !== "conditional");
  // An unknown stopOrderType: every conditional filter the clause covers.
  const clauseFilters = filtersFor("spot", view).filter((f) => f !== undefined && f !== "Order");
  const filters = (o: OpenOrder) => {
    const known = SPOT_FILTER_BY_TYPE.get(o.detail?.stopOrderType ?? "");
    return known === undefined ? clauseFilters : [known];
  };
  return mergeOutcomes(
    await Promise.all([
      conditional.length
        ? cancelAllPerSymbol(ctx, category, conditional, filters, signal)
        : NOTHING,
      regular.length ? cancelBatches(ctx, category, regular, signal) : NOTHING,
    ]),
  );
}

/** One cancel-all per symbol and orderFilter of `orders`; a refusal fails that symbol's orders. */
async function cancelAllPerSymbol(
  ctx: BybitContext,
  category: BybitCategory,
  orders: readonly OpenOrder[],
  filters: (order: OpenOrder) => readonly (string | undefined)[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const calls = new Map<string, BybitCancelAllParams & { readonly symbol: string }>();
  for (const o of orders) {
    for (const orderFilter of filters(o)) {
      const params = { category, symbol: o.symbol, ...(orderFilter ? { orderFilter } : {}) };
      calls.set(`${o.symbol} ${orderFilter}`, params);
    }
  }
  const ids = (symbol: string) => orders.filter((o) => o.symbol === symbol).map((o) => o.id);
  return mergeOutcomes(
    await mapBounded(
      [...calls.values()],
      FAN_OUT,
      (p) => settled(ids(p.symbol), () => runCancelAll(ctx, p, signal)),
    ),
  );
}

/** cancel-batch in chunks of the category's maximum. */
async function cancelBatches(
  ctx: BybitContext,
  category: BybitCategory,
  orders: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const size = BATCH_MAX[category];
  const chunks: OpenOrder[][] = [];
  for (let i = 0; i < orders.length; i += size) chunks.push(orders.slice(i, i + size));
  return mergeOutcomes(
    await mapBounded(chunks, FAN_OUT, async (chunk) => {
      const ids = chunk.map((o) => o.id);
      try {
        const request: BybitCancelBatchItem[] = chunk.map((o) => ({
          symbol: o.symbol,
          orderId: o.id,
        }));
        const { items } = await ctx.client.cancelBatch({ category, request }, { signal });
        const outcome = { acknowledged: [] as string[], alreadyGone: [] as string[] };
        const failures: ItemFailure[] = [];
        items.forEach((item, i) => {
          const id = chunk[i]?.id ?? item.orderId;
          const code = item.code === undefined ? undefined : String(item.code);
          if (item.code === 0) outcome.acknowledged.push(id);
          else if (code !== undefined && BYBIT_CODE_KINDS[code] === "gone") {
            outcome.alreadyGone.push(id);
          } else failures.push({ id, code, message: item.message || "cancel refused" });
        });
        return { ...outcome, failures };
      } catch (error) {
        if (error instanceof VenueError && error.kind === "gone") {
          return { acknowledged: [], alreadyGone: ids, failures: [] };
        }
        return failAll(ids, error);
      }
    }),
  );
}

/**
 * Orders the tool cannot place in or out of a coin-scoped clause (their symbol is not in
 * instruments-info): never cancelled by guess, never dropped; reported, and they keep the
 * account from being reported flat.
 */
function unprovable(orders: readonly OpenOrder[]): StepOutcome {
  return {
    acknowledged: [],
    alreadyGone: [],
    failures: orders.map((o) => ({
      id: o.id,
      message:
        `cannot tell whether ${o.market} ${o.symbol} is in the coin scope: GET /v5/market/instruments-info does not list it; left open`,
    })),
  };
}
