/**
 * Bitget on the wire, shared by the classic (v2) and unified (v3) APIs: the
 * `{code, msg, requestTime, data}` envelope and its codes, the `ACCESS-*` headers and the
 * signature over `timestamp + METHOD + path + ?query + body` (bitget.com/api-doc/common/signature),
 * the public time endpoints, and request parameters (query, or a JSON body). Points no source
 * settled are marked UNVERIFIED here and ASSUMED in docs/fidelity/bitget.md.
 *
 * @module
 */

import { hmacBase64, timingSafeEqual } from "../../venues/_crypto.ts";
import type { VenueBook } from "../book.ts";
import { json, type SimAccount, type SimRequest } from "../core.ts";

/** ACCESS-TIMESTAMP must be within this of the server clock (docs: 30 s; exact bound UNVERIFIED). */
const WINDOW_MS = 30_000;

/** Messages by code, as the venue words them (the classic API's table). */
export const MESSAGES: Readonly<Record<string, string>> = {
  "429": "Too Many Requests",
  "40001": "ACCESS_KEY cannot be empty",
  "40003": "Signature cannot be empty",
  "40005": "Invalid ACCESS_TIMESTAMP",
  "40006": "Invalid ACCESS_KEY",
  "40007": "Invalid Content_Type, please use the application/json format",
  "40008": "Request timestamp expired",
  "40009": "sign signature error",
  "40010": "Request timed out",
  "40011": "ACCESS_PASSPHRASE cannot be empty",
  "40012": "apikey/password is incorrect",
  "40017": "Parameter verification failed",
  "40019": "Parameter cannot be empty",
  "40034": "Parameter does not exist",
  "40705": "The start and end time cannot exceed 90 days",
  "40707": "Start time is greater than end time",
  "40404": "Request URL NOT FOUND",
  "40725": "service return an error",
  "40768": "Order does not exist",
  "40808": "Parameter verification exception margin coin must be capitalized",
  "43001": "The order does not exist",
  "43025": "Plan order does not exist",
  "22001": "No order to cancel",
  "400172": "Parameter verification failed",
};

/** The unified API's table: the classic codes it shares, and its own. */
export const UTA_MESSAGES: Readonly<Record<string, string>> = {
  ...MESSAGES,
  "25204": "Order does not exist",
  "40084": "You are in Classic Account mode, and the Unified Account API is not supported",
};

/** The success envelope. */
export function ok(data: unknown): Response {
  return json({ code: "00000", msg: "success", requestTime: Date.now(), data });
}

function error(code: string, msg: string, status: number): Response {
  return json({ code, msg, requestTime: Date.now(), data: null }, status);
}

/** The classic API's error: `{code, msg, requestTime, data: null}`; HTTP 400 unless told (429 for "429"). */
export function fail(code: string, msg?: string, status?: number): Response {
  return error(
    code,
    msg ?? MESSAGES[code] ?? "Request failed",
    status ?? (code === "429" ? 429 : 400),
  );
}

/** The unified API's error: as {@linkcode fail}, and HTTP 404 for an unknown path (40404). */
export function failUta(code: string, msg?: string, status?: number): Response {
  const s = status ?? (code === "429" ? 429 : code === "40404" ? 404 : 400);
  return error(code, msg ?? UTA_MESSAGES[code] ?? "Request failed", s);
}

/** Authenticates a private request exactly as the venue checks it: the account or the refusal. */
export async function authenticate(
  req: SimRequest,
  book: VenueBook,
): Promise<SimAccount | Response> {
  const key = req.headers.get("ACCESS-KEY");
  const sign = req.headers.get("ACCESS-SIGN");
  const ts = req.headers.get("ACCESS-TIMESTAMP");
  const passphrase = req.headers.get("ACCESS-PASSPHRASE");
  if (!key) return fail("40001");
  if (!sign) return fail("40003");
  if (!passphrase) return fail("40011");
  if (!ts || !/^[0-9]{1,16}$/.test(ts)) return fail("40005");
  const account = book.byApiKey(key);
  if (!account) return fail("40006");
  if (Math.abs(book.now() - Number(ts)) > WINDOW_MS) return fail("40008");
  if (!timingSafeEqual(passphrase, account.passphrase)) return fail("40012");
  // The raw query exactly as received, the raw body exactly as received.
  const prehash = `${ts}${req.method.toUpperCase()}${req.path}${
    req.rawQuery === "" ? "" : `?${req.rawQuery}`
  }${req.body}`;
  const expected = await hmacBase64(account.secret, prehash);
  if (!timingSafeEqual(sign, expected)) return fail("40009");
  return account;
}

/** A public time endpoint: 20 requests per second per IP on rate window `key`. */
export function publicTime(book: VenueBook, key: string): Response {
  if (!book.takeRate(key, 20, 1000)) return fail("429");
  return ok({ serverTime: String(book.now()) });
}

/** Request parameters: a query string or a JSON object. */
export type Params = Record<string, unknown>;

/** One private endpoint: the request, the venue's book, the authenticated account, its parameters. */
export type Handler<P = Params> = (
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  params: P,
) => Response;

/** A non-empty string parameter, or undefined. */
export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The request's parameters: the query of a GET, else the JSON body (an object; with `lists`, a
 * JSON array too, as v3 cancel-batch takes). A body that is not JSON `application/json` is
 * refused (40007, UNVERIFIED code), one that is neither an object nor an allowed list 40017.
 */
export function readParams(req: SimRequest, lists: true): Params | unknown[] | Response;
/** The request's parameters: the query of a GET, else the JSON object body. */
export function readParams(req: SimRequest, lists: false): Params | Response;
export function readParams(req: SimRequest, lists: boolean): Params | unknown[] | Response {
  if (req.method === "GET") return Object.fromEntries(new URLSearchParams(req.rawQuery));
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) return fail("40007");
  try {
    const parsed: unknown = req.body === "" ? {} : JSON.parse(req.body);
    if (typeof parsed !== "object" || parsed === null || (!lists && Array.isArray(parsed))) {
      return fail("40017");
    }
    return parsed as Params | unknown[];
  } catch {
    return fail("40017");
  }
}
