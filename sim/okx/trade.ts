/**
 * OKX's private spread endpoints: `POST /api/v5/sprd/cancel-order`, `mass-cancel` and
 * `cancel-all-after`, `GET /api/v5/sprd/orders-pending` (paged by `ordId`) and
 * `GET /api/v5/sprd/order`. UNVERIFIED: an unknown order on `GET /sprd/order` answers 51603;
 * `beginId` returns the `limit` orders just newer than it, newest first.
 *
 * @module
 */

import { compareIds, type VenueBook } from "../book.ts";
import { json, type SimAccount, type SimOrder, type SimRequest } from "../core.ts";
import {
  arm,
  disarm,
  findOrder,
  type OkxVenue,
  reappear,
  render,
  scheduleCancel,
  spreadExists,
  wireState,
} from "./orders.ts";
import { envelope, MESSAGES, ok, optionalString, readBody } from "./wire.ts";

/** One private endpoint of one OKX simulator. */
export type OkxHandler = (
  okx: OkxVenue,
  req: SimRequest,
  account: SimAccount,
  book: VenueBook,
) => Response;

const ORD_TYPES = new Set(["market", "limit", "post_only", "ioc"]);
const STATES = new Set(["live", "partially_filled"]);

const cancelOrder: OkxHandler = (okx, req, account, book) => {
  const body = readBody(req);
  if (body instanceof Response) return body;
  const ordId = optionalString(body, "ordId");
  if (ordId instanceof Response) return ordId;
  const clOrdId = optionalString(body, "clOrdId");
  if (clOrdId instanceof Response) return clOrdId;
  if (ordId === undefined && clOrdId === undefined) return envelope("50015");
  book.settle(account);
  const order = findOrder(book, account, ordId, clOrdId);
  const fail = (sCode: string): Response =>
    json({
      code: "1",
      msg: MESSAGES["1"],
      data: [{
        ordId: order?.id ?? ordId ?? "",
        clOrdId: order?.clientId ?? clOrdId ?? "",
        sCode,
        sMsg: MESSAGES[sCode] ?? "",
      }],
    });
  let response: Response;
  if (!order) response = fail("51400");
  else if (order.status === "canceled") response = fail("51401");
  else if (order.status === "filled") response = fail("51402");
  else if (order.extra.cancelPending === "1") response = fail("51410");
  else {
    scheduleCancel(order, book);
    response = ok([{ ordId: order.id, clOrdId: order.clientId, sCode: "0", sMsg: "" }]);
  }
  reappear(okx, req, account, book);
  return response;
};

const massCancel: OkxHandler = (okx, req, account, book) => {
  const body = readBody(req);
  if (body instanceof Response) return body;
  const sprdId = optionalString(body, "sprdId");
  if (sprdId instanceof Response) return sprdId;
  if (sprdId !== undefined && !spreadExists(account, sprdId)) return envelope("51001");
  for (const order of book.open(account)) {
    if (sprdId !== undefined && order.symbol !== sprdId) continue;
    if (order.extra.cancelPending === "1") continue;
    scheduleCancel(order, book);
  }
  reappear(okx, req, account, book);
  return ok([{ result: true }]);
};

const cancelAllAfter: OkxHandler = (okx, req, account, book) => {
  const body = readBody(req);
  if (body instanceof Response) return body;
  const raw = body.timeOut;
  if (raw === undefined || raw === "") {
    return envelope("50014", "Parameter timeOut can not be empty.");
  }
  const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
  const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(seconds === 0 || (seconds >= 10 && seconds <= 120))) {
    return envelope("51000", "Parameter timeOut error");
  }
  const now = book.now();
  disarm(okx, book, account);
  if (seconds === 0) return ok([{ triggerTime: "0", ts: String(now) }]);
  const at = Date.now() + seconds * 1000;
  arm(okx, book, account, at);
  return ok([{ triggerTime: String(now + seconds * 1000), ts: String(now) }]);
};

const ordersPending: OkxHandler = (_okx, req, account, book) => {
  const q = new URLSearchParams(req.rawQuery);
  const sprdId = q.get("sprdId") || undefined;
  const ordType = q.get("ordType") || undefined;
  const wanted = q.get("state") || undefined;
  const beginId = q.get("beginId") || undefined;
  const endId = q.get("endId") || undefined;
  const limitText = q.get("limit") || "100";
  if (ordType !== undefined && !ORD_TYPES.has(ordType)) {
    return envelope("51000", "Parameter ordType error");
  }
  if (wanted !== undefined && !STATES.has(wanted)) {
    return envelope("51000", "Parameter state error");
  }
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= 100)) return envelope("51000", "Parameter limit error");
  const rows = book.open(account).filter((o) =>
    (sprdId === undefined || o.symbol === sprdId) &&
    (ordType === undefined || o.extra.ordType === ordType) &&
    (wanted === undefined || wireState(o) === wanted) &&
    (endId === undefined || compareIds(o.id, endId) < 0) &&
    (beginId === undefined || compareIds(o.id, beginId) > 0)
  );
  let page: SimOrder[];
  if (beginId !== undefined && endId === undefined) {
    rows.sort((a, b) => compareIds(a.id, b.id));
    page = rows.slice(0, limit).reverse();
  } else {
    rows.sort((a, b) => compareIds(b.id, a.id));
    page = rows.slice(0, limit);
  }
  return ok(page.map(render));
};

const getOrder: OkxHandler = (_okx, req, account, book) => {
  const q = new URLSearchParams(req.rawQuery);
  const ordId = q.get("ordId") || undefined;
  const clOrdId = q.get("clOrdId") || undefined;
  if (ordId === undefined && clOrdId === undefined) return envelope("50015");
  book.settle(account);
  const order = findOrder(book, account, ordId, clOrdId);
  if (!order) return envelope("51603");
  return ok([render(order)]);
};

/** The private spread endpoints by `METHOD path`, each with its per-user limit. */
export const TRADE_ROUTES: Readonly<
  Record<
    string,
    { readonly handler: OkxHandler; readonly limit: number; readonly intervalMs: number }
  >
> = {
  "POST /api/v5/sprd/cancel-order": { handler: cancelOrder, limit: 20, intervalMs: 2000 },
  "POST /api/v5/sprd/mass-cancel": { handler: massCancel, limit: 10, intervalMs: 2000 },
  "POST /api/v5/sprd/cancel-all-after": { handler: cancelAllAfter, limit: 1, intervalMs: 1000 },
  "GET /api/v5/sprd/orders-pending": { handler: ordersPending, limit: 10, intervalMs: 2000 },
  "GET /api/v5/sprd/order": { handler: getOrder, limit: 20, intervalMs: 2000 },
};
