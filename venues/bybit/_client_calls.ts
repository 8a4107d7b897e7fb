// Bybit's one request path over the client shell (the envelope read), and the two listings
// that follow `nextPageCursor`: open orders and instruments. Private: BybitClient's
// listOpenOrders() and instruments() are these.

import { check, type ClientShell, type Parse } from "../_client.ts";
import { validate } from "../_response.ts";
import { InputError } from "../errors.ts";
import type { RateLimit } from "../rate_limit.ts";
import type { RawResponse } from "../transport.ts";
import type { UnsignedRequest } from "../types.ts";
import { InstrumentsInput, InstrumentsPage, ListOpenInput, OpenOrdersPage } from "./_schemas.ts";
import type {
  BybitCallOptions,
  BybitCategory,
  BybitInstrument,
  BybitInstrumentsParams,
  BybitListOpenParams,
  BybitListOptions,
  BybitOpenOrder,
} from "./client_types.ts";
import { type BybitOk, parseBybitEnvelope } from "./codes.ts";
import type { BybitCredentials } from "./signer.ts";

/** The shell of a Bybit client. */
export type BybitShell = ClientShell<BybitCredentials>;

/** Page size of the open-order listing (the venue's maximum). */
const PAGE_LIMIT = 50;
/** A listing that has not ended after this many pages is treated as broken. */
const MAX_PAGES = 2_000;
/** Page size of the instruments listing (the venue's maximum; spot takes no limit). */
const INSTRUMENTS_LIMIT = 1000;

const SECOND = 1000;
const REALTIME_RULE: RateLimit = { limit: 50, intervalMs: SECOND };
/** Public market data shares the per-IP budget: 600 requests per 5 s (rate-limit.mdx). */
const MARKET_RULE: RateLimit = { limit: 600, intervalMs: 5 * SECOND };

/** One Bybit call: the envelope is read, then `read` validates what the method needs. */
export function callBybit<T>(
  shell: BybitShell,
  request: UnsignedRequest,
  read: (ok: BybitOk, raw: RawResponse, endpoint: string) => T,
  limit: { readonly key: string; readonly rule: RateLimit } | undefined,
  signal: AbortSignal | undefined,
  isPublic = false,
): Promise<T> {
  const parse: Parse<T> = (raw, { endpoint }) =>
    read(parseBybitEnvelope(raw, { endpoint }), raw, endpoint);
  return shell.call(request, parse, { limit, signal, public: isPublic });
}

/** GET /v5/order/realtime, every page (see BybitClient.listOpenOrders). */
export async function listOpenOrders(
  shell: BybitShell,
  params: BybitListOpenParams,
  options: BybitListOptions,
): Promise<BybitOpenOrder[]> {
  const maxPages = options.maxPages ?? Infinity;
  if (!(maxPages >= 1)) {
    throw new InputError("Cannot list open orders: maxPages must be 1 or more");
  }
  const input = check(ListOpenInput, params, "list open orders");
  const endpoint = "GET /v5/order/realtime";
  const base: [string, string][] = [["category", input.category]];
  for (const key of ["symbol", "baseCoin", "settleCoin", "orderFilter"] as const) {
    const value = input[key];
    if (value !== undefined) base.push([key, value]);
  }
  base.push(["limit", String(PAGE_LIMIT)]);
  const seenCursors = new Set<string>();
  const byId = new Map<string, BybitOpenOrder>();
  let cursor = "";
  for (let page = 0;; page++) {
    if (page >= MAX_PAGES) {
      throw shell.formatError(endpoint, `listing did not end after ${MAX_PAGES} pages`);
    }
    const query = cursor === "" ? base : [...base, ["cursor", cursor] as [string, string]];
    const result = await callBybit(
      shell,
      { method: "GET", path: "/v5/order/realtime", query },
      (ok, raw) => {
        const page = validate("bybit", endpoint, raw, OpenOrdersPage, ok.result);
        sameCategory(shell, endpoint, input.category, page.category, raw);
        return page;
      },
      { key: "realtime", rule: REALTIME_RULE },
      options.signal,
    );
    for (const item of result.list) {
      byId.set(item.orderId, {
        category: input.category,
        orderId: item.orderId,
        orderLinkId: item.orderLinkId,
        symbol: item.symbol,
        side: item.side ?? undefined,
        price: item.price ?? undefined,
        qty: item.qty ?? undefined,
        orderStatus: item.orderStatus,
        orderType: item.orderType ?? undefined,
        stopOrderType: item.stopOrderType,
        triggerPrice: item.triggerPrice ?? undefined,
        createdTime: item.createdTime ?? undefined,
      });
    }
    const next = result.nextPageCursor;
    if (next === "" || result.list.length === 0 || page + 1 >= maxPages) break;
    if (seenCursors.has(next) || next === cursor) {
      throw shell.formatError(
        endpoint,
        "the venue repeated a page cursor; listing is incomplete",
      );
    }
    seenCursors.add(next);
    cursor = next;
  }
  return [...byId.values()];
}

/** GET /v5/market/instruments-info, every page (see BybitClient.instruments). */
export async function listInstruments(
  shell: BybitShell,
  params: BybitInstrumentsParams,
  options: BybitCallOptions,
): Promise<BybitInstrument[]> {
  const input = check(InstrumentsInput, params, "list instruments");
  const endpoint = "GET /v5/market/instruments-info";
  const base: [string, string][] = [["category", input.category]];
  if (input.symbol !== undefined) base.push(["symbol", input.symbol]);
  if (input.status !== undefined) base.push(["status", input.status]);
  if (input.category !== "spot") base.push(["limit", String(INSTRUMENTS_LIMIT)]);
  const out = new Map<string, BybitInstrument>();
  const seen = new Set<string>();
  let cursor = "";
  for (let page = 0;; page++) {
    if (page >= 100) throw shell.formatError(endpoint, "listing did not end after 100 pages");
    const query = cursor === "" ? base : [...base, ["cursor", cursor] as [string, string]];
    const result = await callBybit(
      shell,
      { method: "GET", path: "/v5/market/instruments-info", query },
      (ok, raw) => {
        const r = validate("bybit", endpoint, raw, InstrumentsPage, ok.result);
        sameCategory(shell, endpoint, input.category, r.category, raw);
        return r;
      },
      { key: "market", rule: MARKET_RULE },
      options.signal,
      true,
    );
    for (const item of result.list) {
      // Derivatives name their family: a linear query never reports an inverse contract.
      const family = item.contractType ?? "";
      if (input.category === "linear" && family !== "" && !family.startsWith("Linear")) continue;
      if (input.category === "inverse" && family !== "" && !family.startsWith("Inverse")) {
        continue;
      }
      const settle = input.category === "spot" ? item.quoteCoin : item.settleCoin;
      if (!settle) throw shell.formatError(endpoint, `${item.symbol} has no settleCoin`);
      out.set(item.symbol, {
        category: input.category,
        symbol: item.symbol,
        baseCoin: item.baseCoin,
        quoteCoin: item.quoteCoin,
        settleCoin: settle,
        status: item.status ?? "",
      });
    }
    const next = input.category === "spot" ? "" : result.nextPageCursor;
    if (next === "" || result.list.length === 0) break;
    if (seen.has(next)) throw shell.formatError(endpoint, "the venue repeated a page cursor");
    seen.add(next);
    cursor = next;
  }
  return [...out.values()];
}

/** A page answered for another category than asked is malformed (retried, then reported). */
function sameCategory(
  shell: BybitShell,
  endpoint: string,
  asked: BybitCategory,
  answered: string | undefined | null,
  raw: RawResponse,
): void {
  if (answered && answered !== asked) {
    throw shell.formatError(
      endpoint,
      `asked for category ${asked}, the venue answered for ${answered}`,
      raw.status,
    );
  }
}
