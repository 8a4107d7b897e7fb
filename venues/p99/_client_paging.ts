// p99's listing has no cursor: every active order is reached by paging backwards in time.
// Private: P99Client.listActiveOrders() is built on this.

import type { P99ListOrdersInput, P99Order } from "./client_types.ts";

/** The venue's documented page maximum for `GET /spot/orders`. */
export const MAX_LIMIT = 200;
/** Hard stop for one paged listing (200 pages x 200 = 40,000 orders per status). */
const MAX_PAGES = 500;

/**
 * One status's orders, newest first, paging backwards with `end` = the oldest `created_at`
 * seen; `complete: false` when paging could not reach every order.
 */
export async function pageBackwards(
  page: (input: P99ListOrdersInput) => Promise<P99Order[]>,
  symbol: string | undefined,
  status: "open" | "partially_filled",
): Promise<{ orders: P99Order[]; complete: boolean; pages: number }> {
  const found = new Map<string, P99Order>();
  let complete = true;
  let end: number | undefined;
  let pages = 0;
  for (;;) {
    if (pages >= MAX_PAGES) {
      complete = false;
      break;
    }
    const items = await page({ symbol, status, end, limit: MAX_LIMIT });
    pages++;
    if (items.length === 0) break;
    let fresh = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const o of items) {
      if (!found.has(o.id)) {
        found.set(o.id, o);
        fresh++;
      }
      oldest = Math.min(oldest, o.created_at);
    }
    if (end !== undefined && oldest > end) {
      // The venue ignored `end`: paging cannot go on safely.
      complete = false;
      break;
    }
    let next = oldest;
    if (fresh === 0) {
      // A short page of known orders: the end of the listing. A short page with new orders
      // is not trusted as the end, in case the venue's real page cap is below 200.
      if (items.length < MAX_LIMIT) break;
      // A full page of known orders: more than a page shares second `oldest`; those past
      // the page are out of reach. Skip the second and say the listing is incomplete.
      complete = false;
      next = oldest - 1;
    }
    if (next < 0 || (end !== undefined && next > end)) break;
    end = next;
  }
  return { orders: [...found.values()], complete, pages };
}
