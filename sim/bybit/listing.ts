/**
 * Bybit's open-order listing, `GET /v5/order/realtime` (bybit-exchange/docs
 * `docs/v5/order/open-order.mdx`): newest first, cursor-paged, with its per-UID limit.
 *
 * @module
 */

import { isActive, type VenueBook } from "../book.ts";
import type { SimAccount, SimOrder, SimRequest } from "../core.ts";
import { type Category, isCategory, listed } from "./markets.ts";
import { LIST_FILTERS, passesFilter, passesSelector, readSelector, render } from "./orders.ts";
import { fail, ok, type Params, takeRate, tooManyVisits } from "./wire.ts";

const REALTIME_LIMIT = 50;

/** The cursor names the last order of the page, Bybit-style (`page_args%3D<id>%26...`). */
function encodeCursor(order: SimOrder, category: Category): string {
  return `page_args%3D${order.id}%26category%3D${category}%26`;
}

/** Accepts the cursor as sent back verbatim or once more decoded; undefined when malformed. */
function decodeCursor(cursor: string): string | undefined {
  let c = cursor;
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(c); i++) {
    try {
      c = decodeURIComponent(c);
    } catch {
      return undefined;
    }
  }
  const m = /^page_args=([^&]+)&/.exec(c);
  return m?.[1];
}

/** GET /v5/order/realtime. */
export function realtime(req: SimRequest, book: VenueBook, account: SimAccount): Response {
  const query = new URLSearchParams(req.rawQuery);
  const params: Params = {};
  for (const [k, v] of query) params[k] = v;
  const category = params.category;
  if (!isCategory(category)) return fail(book, 10001, "params error: category invalid");
  const selector = readSelector(params);
  if (!selector) return fail(book, 10001, "params error: symbol/baseCoin/settleCoin invalid");
  if (
    category === "linear" && !selector.symbol && !selector.baseCoin && !selector.settleCoin
  ) {
    // Documented for linear only; inverse, spot and option may list bare.
    return fail(book, 10001, "params error: symbol or baseCoin or settleCoin is required");
  }
  if (selector.symbol !== undefined && !listed(category, selector.symbol)) {
    return fail(book, 10001, `params error: symbol invalid ${selector.symbol}`);
  }
  if (
    category === "spot" && (selector.settleCoin !== undefined || selector.baseCoin !== undefined)
  ) {
    // UNVERIFIED: docs list baseCoin for linear/inverse/option and settleCoin as not for spot.
    return fail(book, 10001, "params error: baseCoin/settleCoin not supported for spot");
  }
  const filterText = query.get("orderFilter") ?? undefined;
  if (filterText !== undefined && !LIST_FILTERS[category].includes(filterText)) {
    return category === "spot" ? fail(book, 170202) : fail(book, 10001, "orderFilter invalid");
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? 20 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 50)) {
    return fail(book, 10001, "params error: limit must be in [1, 50]");
  }
  const cursorText = query.get("cursor") ?? "";
  const rate = takeRate(book, account, { key: "realtime", limit: REALTIME_LIMIT });
  if (!rate.allowed) return tooManyVisits(rate.headers);

  book.settle(account);
  // Newest first: the reverse of insertion (creation) order; no sort per request.
  const all = [...account.orders.values()];
  let start = all.length - 1;
  if (cursorText !== "") {
    const id = decodeCursor(cursorText);
    let at = -1;
    if (id !== undefined) {
      for (let i = all.length - 1; i >= 0; i--) {
        if (all[i]?.id === id) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) return fail(book, 10001, "params error: cursor invalid", rate.headers);
    start = at - 1;
  }
  const orderId = query.get("orderId") ?? "";
  const orderLinkId = query.get("orderLinkId") ?? "";
  const matches = (o: SimOrder): boolean => {
    if (!isActive(o) || o.market !== category) return false;
    if (orderId !== "") return o.id === orderId;
    if (orderLinkId !== "") return o.clientId === orderLinkId;
    return passesSelector(o, selector) && passesFilter(o, category, filterText, undefined, true);
  };
  const page: SimOrder[] = [];
  let more = false;
  for (let i = start; i >= 0; i--) {
    const o = all[i];
    if (!o || !matches(o)) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(o);
  }
  const last = page[page.length - 1];
  const nextPageCursor = more && last ? encodeCursor(last, category) : "";
  return ok(book, { list: page.map(render), nextPageCursor, category }, rate.headers);
}
