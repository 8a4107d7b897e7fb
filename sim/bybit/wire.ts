/**
 * Bybit v5 on the wire: the `{retCode, retMsg, result, retExtInfo, time}` envelope and its
 * codes and HTTP statuses (`docs/v5/error.mdx`), the HMAC signature over
 * `timestamp + key + recv_window + payload` and the recv window (`docs/v5/guide.mdx`), and the
 * `X-Bapi-Limit*` headers of per-UID limits (`docs/v5/rate-limit.mdx`).
 *
 * @module
 */

import { hmacHex, timingSafeEqual } from "../../venues/_crypto.ts";
import { RateWindows, type VenueBook, VenueSlot } from "../book.ts";
import { json, type SimAccount, type SimRequest } from "../core.ts";

/** Messages by code, as the venue words them. */
export const MESSAGES: Readonly<Record<string, string>> = {
  "10000": "Server Timeout",
  "10001": "Request parameter error",
  "10002": "The request time exceeds the time window range.",
  "10003": "API key is invalid.",
  "10004": "Error sign, please check your signature generation algorithm.",
  "10005": "Permission denied, please check your API key permissions.",
  "10006": "Too many visits!",
  "10016": "Server error.",
  "110001": "Order does not exist",
  "110008": "The order has been completed or cancelled.",
  "110010": "The order has been cancelled",
  "170142": "Order has been canceled",
  "170202": "Invalid orderFilter parameter.",
  "170213": "Order does not exist.",
};

/**
 * HTTP status per code. The docs' HTTP table gives 401 for a wrong key; client libraries
 * (pybit's handling of 10002, 10004 and 10006 in HTTP 200 bodies) show the rest arrive
 * with 200. UNVERIFIED: whether 10004 is ever sent with 401.
 */
function statusFor(code: number): number {
  return code === 10003 ? 401 : 200;
}

/** Request start times per rate key, for the `X-Bapi-Limit-*` headers only (kept across resets). */
const HEADER_WINDOWS = new VenueSlot(() => new RateWindows());

/** A per-UID limit: its window key and requests per second. */
export interface Limit {
  /** Window key (endpoint and category). */
  readonly key: string;
  /** Requests per second. */
  readonly limit: number;
}

/** Takes one request on `limit`; returns the headers to send and whether it is allowed. */
export function takeRate(
  book: VenueBook,
  account: SimAccount,
  limit: Limit,
): { allowed: boolean; headers: Record<string, string> } {
  const key = `${account.index}:${limit.key}`;
  const allowed = book.takeRate(key, limit.limit, 1000);
  const now = performance.now();
  const starts = book.get(HEADER_WINDOWS).note(key, 1000, allowed, now);
  const venueNow = book.now();
  const oldest = starts[0] ?? now;
  const reset = allowed ? venueNow : Math.round(venueNow + (oldest + 1000 - now));
  return {
    allowed,
    headers: {
      "X-Bapi-Limit": String(limit.limit),
      "X-Bapi-Limit-Status": String(Math.max(0, limit.limit - starts.length)),
      "X-Bapi-Limit-Reset-Timestamp": String(reset),
    },
  };
}

function traceId(book: VenueBook): string {
  return book.state.nextUuid().replaceAll("-", "");
}

/** The success envelope. */
export function ok(
  book: VenueBook,
  result: unknown,
  headers: Record<string, string> = {},
  retExtInfo: unknown = {},
): Response {
  return json(
    { retCode: 0, retMsg: "OK", result, retExtInfo, time: book.now() },
    200,
    { Traceid: traceId(book), ...headers },
  );
}

/** The error envelope for `code` (the venue's message unless `message` is given). */
export function fail(
  book: VenueBook,
  code: number,
  message?: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    {
      retCode: code,
      retMsg: message ?? MESSAGES[String(code)] ?? "error",
      result: {},
      retExtInfo: {},
      time: book.now(),
    },
    statusFor(code),
    { Traceid: traceId(book), ...headers },
  );
}

/** Bybit's 10006 body omits result, retExtInfo and time (documented example). */
export function tooManyVisits(headers: Record<string, string>): Response {
  return json({ retCode: 10006, retMsg: "Too many visits!" }, 200, headers);
}

/** Checks key, recv window, timestamp and signature; the account, or the venue's refusal. */
export async function authenticate(
  req: SimRequest,
  book: VenueBook,
): Promise<SimAccount | Response> {
  const apiKey = req.headers.get("x-bapi-api-key") ?? "";
  const account = apiKey === "" ? undefined : book.byApiKey(apiKey);
  if (!account) return fail(book, 10003);
  const tsText = req.headers.get("x-bapi-timestamp") ?? "";
  const recvText = req.headers.get("x-bapi-recv-window") ?? "5000";
  const recv = /^\d+$/.test(recvText) ? Number(recvText) : NaN;
  if (!Number.isSafeInteger(recv) || recv <= 0) {
    return fail(book, 10001, "Invalid recv_window");
  }
  const server = book.now();
  const ts = /^\d+$/.test(tsText) ? Number(tsText) : NaN;
  // Accepted when server_time - recv_window <= timestamp < server_time + 1000.
  if (!(Number.isFinite(ts) && server - recv <= ts && ts < server + 1000)) {
    return fail(
      book,
      10002,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${tsText}],server_timestamp[${server}],recv_window[${recvText}]`,
    );
  }
  const payload = req.method === "GET" ? req.rawQuery : req.body;
  const origin = `${tsText}${apiKey}${recvText}${payload}`;
  const expected = await hmacHex(account.secret, origin);
  const given = req.headers.get("x-bapi-sign") ?? "";
  if (!timingSafeEqual(given, expected)) {
    // Bybit echoes the string it signed (which holds the API key) in this message.
    return fail(book, 10004, `error sign! origin_string[${origin}]`);
  }
  return account;
}

/** Request parameters (query or JSON body). */
export type Params = Record<string, unknown>;

/** The JSON body as an object, or undefined when it is not one. */
export function parseBody(req: SimRequest): Params | undefined {
  try {
    const value: unknown = JSON.parse(req.body);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value));
  } catch {
    return undefined;
  }
}

/** GET /v5/market/time. */
export function serverTime(book: VenueBook): Response {
  const now = book.now();
  const nano = BigInt(now) * 1_000_000n + BigInt(Math.floor(book.state.random() * 1_000_000));
  return json({
    retCode: 0,
    retMsg: "OK",
    result: { timeSecond: String(Math.floor(now / 1000)), timeNano: nano.toString() },
    retExtInfo: {},
    time: now,
  });
}

/** The venue's own answer for `code` (used by `code` faults); `status` 403 is the bare ban page. */
export function errorFor(code: string, status: number | undefined): Response {
  if (status === 403) {
    return new Response(
      "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>",
      { status: 403, headers: { "content-type": "text/html" } },
    );
  }
  const n = /^-?\d+$/.test(code) ? Number(code) : 10016;
  if (n === 10006) {
    return json({ retCode: 10006, retMsg: MESSAGES["10006"] }, status ?? 200, {
      "X-Bapi-Limit": "10",
      "X-Bapi-Limit-Status": "0",
      "X-Bapi-Limit-Reset-Timestamp": String(Date.now() + 200),
    });
  }
  return json(
    {
      retCode: n,
      retMsg: MESSAGES[String(n)] ?? "error",
      result: {},
      retExtInfo: {},
      time: Date.now(),
    },
    status ?? statusFor(n),
  );
}

/** What the venue answers on a path it does not serve. */
export function notFound(): Response {
  return new Response("404 page not found", { status: 404 });
}
