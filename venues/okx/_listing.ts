/**
 * The OKX listing of pending spread orders (every page), normalised for the engine.
 *
 * @module
 */

import type { Listing, OpenOrder } from "../../engine/types.ts";
import type { OkxListPendingInput, OkxSpreadOrder } from "./client.ts";
import { display, type OkxContext, ORDERS_PENDING } from "./_context.ts";

/** Page size the client asks for (the venue's maximum), for display. */
const PAGE_LIMIT = "100";

/** A listing of pending spread orders, with the client's own typed filters. */
export interface OkxListing extends Listing {
  /** The filters `listPendingOrders` is called with. */
  readonly params: OkxListPendingInput;
}

/**
 * Lists every page of pending spread orders matching `params` and returns them all (the
 * engine decides which are in scope). When `coinsOf` names spreads, their metadata is read
 * first (once per run), so that those orders carry the coins the venue states.
 */
export function spreadListing(
  ctx: OkxContext,
  params: OkxListPendingInput,
  coinsOf?: (sprdId: string) => boolean,
): OkxListing {
  const query: Record<string, string> = params.sprdId === undefined
    ? { limit: PAGE_LIMIT }
    : { sprdId: params.sprdId, limit: PAGE_LIMIT };
  return {
    params,
    request: display(ctx, "GET", ORDERS_PENDING, query),
    async run(signal: AbortSignal): Promise<OpenOrder[]> {
      const orders = await ctx.client.listPendingOrders(params, { signal });
      if (coinsOf) {
        await ctx.spreads.load(orders.map((o) => o.sprdId).filter(coinsOf), signal);
      }
      return orders.map((o) => openOrder(ctx, o));
    },
  };
}

/** A spread order as the engine sees it; coins as the venue states them, when loaded. */
function openOrder(ctx: OkxContext, o: OkxSpreadOrder): OpenOrder {
  const coins = ctx.spreads.coins(o.sprdId);
  return {
    venue: "okx",
    account: ctx.label,
    id: o.ordId,
    clientId: o.clOrdId === "" ? undefined : o.clOrdId,
    symbol: o.sprdId,
    // Spread orders have no conditional kind.
    kind: "regular",
    market: "sprd",
    status: o.state,
    baseCoin: coins?.baseCoin,
    settleCoin: coins?.settleCoin,
  };
}
