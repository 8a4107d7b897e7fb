/**
 * Classic Bitget (v2 mix) listings: `orders-pending` and `orders-plan-pending`, paged by
 * `idLessThan` (answering `endId`) over a creation-time window of at most 90 days
 * (bitget.com/api-doc/contract/trade/Get-Orders-Pending, contract/plan/get-orders-plan-pending).
 *
 * @module
 */

import { compareIds } from "../book.ts";
import type { SimOrder } from "../core.ts";
import { productTypeOf } from "./classic.ts";
import { renderPlan, renderRegular } from "./classic_orders.ts";
import { byIdDesc, symbolMatches } from "./orders.ts";
import { fail, type Handler, ok, type Params, str } from "./wire.ts";

/** What orders-plan-pending's `planType` selects. */
const LIST_PLAN_GROUPS: Record<string, readonly string[]> = {
  normal_plan: ["normal_plan"],
  track_plan: ["track_plan"],
  profit_loss: ["profit_plan", "loss_plan", "pos_profit", "pos_loss", "moving_plan"],
};
const PAGE_MAX = 100;
/**
 * Listings cover a creation-time window: without startTime the last three months; at most
 * 90 days wide (40705 "The start and end time cannot exceed 90 days").
 */
const LIST_SPAN_MS = 90 * 24 * 3600 * 1000;

/**
 * The creation-time window a listing covers, as the listing pages describe it: no startTime,
 * the three months before endTime (default now); no endTime, three months after startTime.
 */
function windowOf(p: Params, now: number): { start: number; end: number } | Response {
  const parse = (key: string): number | undefined | Response => {
    const raw = str(p, key);
    if (raw === undefined) return undefined;
    if (!/^[0-9]{1,16}$/.test(raw)) return fail("400172", `Parameter ${key} verification failed`);
    return Number(raw);
  };
  const start = parse("startTime");
  if (start instanceof Response) return start;
  const end = parse("endTime");
  if (end instanceof Response) return end;
  if (start !== undefined && end !== undefined) {
    if (start > end) return fail("40707");
    if (end - start > LIST_SPAN_MS) return fail("40705");
    return { start, end };
  }
  if (start !== undefined) return { start, end: start + LIST_SPAN_MS };
  if (end !== undefined) return { start: end - LIST_SPAN_MS, end };
  // No bound at the top: the venue's "now" (no order is created in the future; seeded orders
  // carry the local clock, which a test may have skewed from the venue's).
  return { start: now - LIST_SPAN_MS, end: Infinity };
}

function page(
  p: Params,
  orders: SimOrder[],
): Response | { list: SimOrder[]; endId: string | null } {
  const rawLimit = str(p, "limit");
  const limit = rawLimit === undefined ? PAGE_MAX : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) {
    return fail("400172", "Parameter limit must be between 1 and 100");
  }
  const below = str(p, "idLessThan");
  orders.sort(byIdDesc); // newest first, once per request
  let start = 0;
  if (below !== undefined) {
    // First index whose id is below the cursor (binary search over the descending list).
    let lo = 0;
    let hi = orders.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = orders[mid];
      if (o !== undefined && compareIds(o.id, below) < 0) hi = mid;
      else lo = mid + 1;
    }
    start = lo;
  }
  const list = orders.slice(start, start + limit);
  return { list, endId: list.at(-1)?.id ?? null };
}

const ordersPending: Handler = (_req, book, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const symbol = str(p, "symbol");
  const status = str(p, "status");
  if (status !== undefined && status !== "live" && status !== "partially_filled") {
    return fail("40034", "Parameter status does not exist");
  }
  // No status: live orders only (the English page), never the partially filled ones.
  const wanted = status === "partially_filled" ? "partially_filled" : "open";
  const w = windowOf(p, book.now());
  if (w instanceof Response) return w;
  const orders = book.open(account).filter((o) =>
    o.kind === "regular" && o.market === productType && symbolMatches(o, symbol) &&
    o.status === wanted && o.createdMs >= w.start && o.createdMs <= w.end
  );
  const r = page(p, orders);
  if (r instanceof Response) return r;
  // An empty page comes back as nulls, as the live venue sends it.
  if (r.list.length === 0) return ok({ entrustedList: null, endId: null });
  return ok({ entrustedList: r.list.map(renderRegular), endId: r.endId });
};

const ordersPlanPending: Handler = (_req, book, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const planType = str(p, "planType");
  if (planType === undefined) return fail("40019", "Parameter planType cannot be empty");
  const group = LIST_PLAN_GROUPS[planType];
  if (!group) return fail("40034", "Parameter planType does not exist");
  const symbol = str(p, "symbol");
  const w = windowOf(p, book.now());
  if (w instanceof Response) return w;
  const orders = book.open(account).filter((o) =>
    o.kind === "conditional" && o.market === productType && symbolMatches(o, symbol) &&
    group.includes(o.extra.planType ?? "") && o.createdMs >= w.start && o.createdMs <= w.end
  );
  const r = page(p, orders);
  if (r instanceof Response) return r;
  if (r.list.length === 0) return ok({ entrustedList: null, endId: null });
  return ok({ entrustedList: r.list.map(renderPlan), endId: r.endId });
};

/** The classic listing endpoints, by `METHOD path`. */
export const LISTING_ROUTES: Readonly<Record<string, Handler>> = {
  "GET /api/v2/mix/order/orders-pending": ordersPending,
  "GET /api/v2/mix/order/orders-plan-pending": ordersPlanPending,
};
