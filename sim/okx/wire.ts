/**
 * OKX v5 on the wire: the `{code, msg, data}` envelope, codes and the HTTP status each code
 * travels with (the docs' error-code table), the `OK-ACCESS-*` headers and the signature over
 * `timestamp + method + requestPath + body` (written independently of the client's signer),
 * and body parsing. UNVERIFIED: the order of the auth checks (headers, timestamp format, key,
 * environment, passphrase, timestamp window, signature); an empty POST body is read as `{}`.
 *
 * @module
 */

import { hmacBase64, timingSafeEqual } from "../../venues/_crypto.ts";
import type { VenueBook } from "../book.ts";
import { json, type SimAccount, type SimRequest } from "../core.ts";

/** Messages by code, as the venue words them. */
export const MESSAGES: Record<string, string> = {
  "1": "Operation failed.",
  "50000": "Body for POST request cannot be empty.",
  "50001": "Service temporarily unavailable. Please try again later.",
  "50002": "JSON syntax error",
  "50004": "API endpoint request timeout. ",
  "50011": "Too Many Requests",
  "50013": "Systems are busy. Please try again later.",
  "50014": "Parameter {param0} can not be empty.",
  "50015": "Either parameter ordId or clOrdId is required",
  "50026": "System error. Try again later",
  "50101": "APIKey does not match current environment.",
  "50102": "Timestamp request expired.",
  "50103": 'Request header "OK-ACCESS-KEY" cannot be empty.',
  "50104": 'Request header "OK-ACCESS-PASSPHRASE" cannot be empty.',
  "50105": 'Request header "OK-ACCESS-PASSPHRASE" incorrect.',
  "50106": 'Request header "OK-ACCESS-SIGN" cannot be empty.',
  "50107": 'Request header "OK-ACCESS-TIMESTAMP" cannot be empty.',
  "50111": "Invalid OK-ACCESS-KEY.",
  "50112": "Invalid OK-ACCESS-TIMESTAMP.",
  "50113": "Invalid signature.",
  "50115": "Invalid request method.",
  "50119": "API key doesn't exist",
  "51000": "Parameter {param0} error",
  "51001": "Instrument ID, Instrument ID code or Spread ID doesn't exist.",
  "51400": "Cancellation failed as the order does not exist.",
  "51401": "Cancellation failed as the order is already canceled.",
  "51402": "Cancellation failed as the order is already completed.",
  "51410": "Cancellation failed as the order is already in canceling status or pending settlement.",
  "51603": "Order does not exist.",
  "50005": "API endpoint is inactive or unavailable.",
  "50035": "This endpoint requires that APIKey must be bound to IP",
  "50100": "API frozen, please contact customer service.",
  "50110": "Your IP {param0} is not included in your API key's IP whitelist.",
  "50114": "Invalid authorization.",
  "50120": "This API key doesn't have permission to use this function",
  "51054": "Request timed out. Please try again.",
  "51405": "Cancellation failed as you don't have any pending orders.",
  "51411": "Account does not have permission for mass cancellation.",
  "51412": "Cancellation timed out, please try again later.",
  "75002": "{sprdId} : unable to place new orders or modify existing orders at the moment",
};

/** HTTP status by code (the docs' table); everything else is 200. */
const STATUS: Record<string, number> = {
  "50000": 400,
  "50001": 503,
  "50002": 400,
  "50004": 400,
  "50011": 429,
  "50013": 429,
  "50014": 400,
  "50015": 400,
  "50005": 410,
  "50026": 500,
  "50035": 403,
  "50100": 400,
  "50101": 401,
  "50102": 401,
  "50103": 401,
  "50104": 401,
  "50105": 401,
  "50106": 401,
  "50107": 401,
  "50108": 401,
  "50109": 401,
  "50110": 401,
  "50111": 401,
  "50112": 401,
  "50113": 401,
  "50114": 401,
  "50115": 405,
  "51000": 400,
  "51054": 500,
  "51406": 400,
};

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const WINDOW_MS = 30_000;

/** An OKX envelope with a code; `data: []` unless said otherwise. */
export function envelope(code: string, msg?: string, status?: number): Response {
  const text = msg ?? MESSAGES[code] ?? "";
  if (code === "50011" && (status ?? 429) === 429) {
    // The 429 body carries no data (as seen from live clients).
    return json({ msg: text, code }, 429);
  }
  return json({ code, msg: text, data: [] }, status ?? STATUS[code] ?? 200);
}

/** The success envelope. */
export function ok(data: unknown[]): Response {
  return json({ code: "0", msg: "", data });
}

/** Authenticates a private request; returns the account or the venue's refusal. */
export async function authenticate(
  req: SimRequest,
  book: VenueBook,
): Promise<SimAccount | Response> {
  const key = req.headers.get("OK-ACCESS-KEY");
  const sign = req.headers.get("OK-ACCESS-SIGN");
  const ts = req.headers.get("OK-ACCESS-TIMESTAMP");
  const pass = req.headers.get("OK-ACCESS-PASSPHRASE");
  if (!key) return envelope("50103");
  if (!pass) return envelope("50104");
  if (!sign) return envelope("50106");
  if (!ts) return envelope("50107");
  const tsMs = TIMESTAMP.test(ts) ? Date.parse(ts) : NaN;
  if (!Number.isFinite(tsMs)) return envelope("50112");
  const account = book.byApiKey(key);
  if (!account) return envelope("50111");
  // Live versus demo keys (x-simulated-trading) are checked by the server against the
  // account's site (sim/hosts.ts): 50101 when they do not match.
  if (!timingSafeEqual(pass, account.passphrase)) return envelope("50105");
  if (Math.abs(tsMs - book.now()) > WINDOW_MS) return envelope("50102");
  const requestPath = req.rawQuery === "" ? req.path : `${req.path}?${req.rawQuery}`;
  const expected = await hmacBase64(
    account.secret,
    `${ts}${req.method}${requestPath}${req.body}`,
  );
  if (!timingSafeEqual(sign, expected)) return envelope("50113");
  return account;
}

/** The JSON body as an object (an empty body reads as `{}`), or the 50002 refusal. */
export function readBody(req: SimRequest): Record<string, unknown> | Response {
  if (req.body.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(req.body);
  } catch {
    return envelope("50002");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return envelope("50002");
  }
  return Object.fromEntries(Object.entries(value));
}

/** An optional string field: undefined when absent or empty, 51000 when not a string. */
export function optionalString(
  body: Record<string, unknown>,
  field: string,
): string | undefined | Response {
  const v = body[field];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string") return envelope("51000", `Parameter ${field} error`);
  return v;
}
