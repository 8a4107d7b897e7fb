// Bybit open-order listings (GET /v5/order/realtime): which listings show every open order a
// clause may cover, and reading one into normalised orders. Listings return what they saw, in
// scope or not: the engine decides which orders are in the clause.

import type { Listing, NativeRequest, OpenOrder, ScopeClause } from "../../engine/types.ts";
import type { BybitView } from "./_clause.ts";
import type { BybitContext } from "./_context.ts";
import type { BybitCategory } from "./categories.ts";
import type { BybitClient, BybitListOpenParams, BybitOpenOrder } from "./client.ts";

/** Page size the client asks for (the venue's maximum), for display. */
const PAGE_LIMIT = "50";

/** The listings that show every open order of `category` the clause may cover. */
export function listingsFor(
  ctx: BybitContext,
  category: BybitCategory,
  view: BybitView,
): BybitListOpenParams[] {
  if (view.symbols !== undefined) return view.symbols.map((symbol) => ({ category, symbol }));
  if (category === "spot") return [{ category }]; // Spot listings take no coin.
  if (view.baseCoins !== undefined) {
    return view.baseCoins.map((baseCoin) => ({ category, baseCoin }));
  }
  if (category === "option") return [{ category }]; // Option lists every settle coin bare.
  if (view.settleCoins !== undefined) {
    return view.settleCoins.map((settleCoin) => ({ category, settleCoin }));
  }
  if (category === "linear") {
    // A linear listing needs a symbol, base coin or settle coin.
    return ctx.linearSettleCoins.map((settleCoin) => ({ category, settleCoin }));
  }
  return [{ category }];
}

/** The first page of a listing, for display. */
export function listingRequest(client: BybitClient, p: BybitListOpenParams): NativeRequest {
  const params: Record<string, string> = { category: p.category };
  if (p.symbol !== undefined) params.symbol = p.symbol;
  if (p.baseCoin !== undefined) params.baseCoin = p.baseCoin;
  if (p.settleCoin !== undefined) params.settleCoin = p.settleCoin;
  if (p.orderFilter !== undefined) params.orderFilter = p.orderFilter;
  params.limit = PAGE_LIMIT;
  return {
    method: "GET",
    host: client.host,
    path: `${client.pathPrefix}/v5/order/realtime`,
    params,
  };
}

/** A compiled listing of `clause`. */
export function listing(
  ctx: BybitContext,
  params: BybitListOpenParams,
  clause: ScopeClause,
): Listing {
  return {
    request: listingRequest(ctx.client, params),
    // Listing never cancels anything: a read-only run lists the same way.
    run: (signal) => readListing(ctx, params, clause, signal),
  };
}

/**
 * Reads every page of one listing into normalised orders, with the coins `clause` filters on
 * where the venue states them. A symbol listing its category refuses, where instruments-info
 * does not list the symbol, is empty.
 */
export async function readListing(
  ctx: BybitContext,
  params: BybitListOpenParams,
  clause: ScopeClause,
  signal: AbortSignal,
): Promise<OpenOrder[]> {
  const read = async () => {
    const items = await ctx.client.listOpenOrders(params, { signal });
    const orders = items.map((item) => normalise(ctx.account, item, params));
    return await ctx.instruments.withCoins(orders, params.category, clause, signal);
  };
  return params.symbol === undefined
    ? await read()
    : await ctx.instruments.forSymbol(params.category, params.symbol, [], read, signal);
}

function normalise(account: string, item: BybitOpenOrder, l: BybitListOpenParams): OpenOrder {
  const conditional = (item.stopOrderType !== "" && item.stopOrderType !== "UNKNOWN") ||
    item.orderStatus === "Untriggered";
  return {
    venue: "bybit",
    account,
    id: item.orderId,
    clientId: item.orderLinkId === "" ? undefined : item.orderLinkId,
    symbol: item.symbol,
    kind: conditional ? "conditional" : "regular",
    market: item.category,
    status: item.orderStatus,
    // Only what the venue stated: the coin it filtered the listing by. Never the spelling.
    baseCoin: l.baseCoin,
    settleCoin: l.settleCoin,
    detail: { stopOrderType: item.stopOrderType, orderStatus: item.orderStatus },
  };
}
