/**
 * OKX v5 codes: which {@linkcode ErrorKind} each one is, and the parser that turns an
 * envelope with a non-zero code (or a non-zero per-item `sCode`) into the matching
 * {@linkcode VenueError}. Non-zero codes are errors, never results; the one exception is
 * `51410` on a cancel (cancel already pending), which is an acknowledgement.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { type ErrorKind, ResponseFormatError, type VenueError, venueError } from "../errors.ts";
import { decodeJson, requestId, validate } from "../_response.ts";
import type { RawResponse } from "../transport.ts";
import { EnvelopeSchema, listOf, type SCodeItemOutput, SCodeItemSchema } from "./_schemas.ts";

/**
 * Every OKX code this toolkit knows, by kind: the codes of okx.com/docs-v5 "Error Code" (REST
 * API: general class 50000-50077, API class 50100-50122, trade class 51000-51625; Block
 * Trading and Spread Orderbook 75xxx) whose meaning is already gone, rate limited or
 * overloaded, timestamp, authentication or permission, plus the parameter and outage codes
 * a cancel, a listing or an order query can meet. One ledger row each in
 * `docs/fidelity/okx.md`.
 *
 * @example Look up a code
 * ```ts
 * import { OKX_ERROR_CODES } from "./codes.ts";
 * OKX_ERROR_CODES["51401"]; // "gone"
 * ```
 */
export const OKX_ERROR_CODES: Readonly<Record<string, ErrorKind>> = Object.freeze({
  // Already gone: the order does not exist, is canceled or is completed.
  "51400": "gone", // cancellation failed: filled, canceled or does not exist (Nitro Spread: does not exist)
  "51401": "gone", // already canceled (Nitro Spread)
  "51402": "gone", // already completed (Nitro Spread)
  "51405": "gone", // no pending orders to cancel
  "51063": "gone", // OrdId does not exist
  "51603": "gone", // order does not exist (order query; cancel_spread reports it as NOT FOUND)
  // Rate limits and overload.
  "50011": "rate_limit", // rate limit reached (HTTP 200 or 429)
  "50040": "rate_limit", // too frequent operations
  "50061": "rate_limit", // account order rate limit
  "50013": "transient", // systems busy (429)
  "50001": "transient", // service temporarily unavailable (503)
  "50004": "transient", // endpoint request timeout (outcome unknown)
  "50026": "transient", // system error (500)
  "50046": "transient", // feature temporarily unavailable while improved
  "50062": "transient", // feature currently unavailable
  "51054": "transient", // request timed out (500), try again
  "51404": "transient", // cancellation unavailable during the call auction's second phase
  "51412": "transient", // cancellation timed out, try again (also: triggered, cannot cancel)
  "75002": "transient", // {sprdId}: cannot place or modify orders at the moment
  // Clock.
  "50102": "timestamp", // timestamp expired (more than 30 s from server time)
  "50112": "timestamp", // invalid OK-ACCESS-TIMESTAMP
  // Authentication, key, passphrase, signature, environment, site, IP, permissions.
  "50008": "auth", // user does not exist
  "50030": "auth", // no permission for this endpoint
  "50035": "auth", // endpoint requires a key bound to an IP (403)
  "50100": "auth", // API frozen
  "50101": "auth", // key does not match the environment (live key + demo header, or reverse)
  "50103": "auth", // OK-ACCESS-KEY empty
  "50104": "auth", // OK-ACCESS-PASSPHRASE empty
  "50105": "auth", // passphrase incorrect
  "50106": "auth", // OK-ACCESS-SIGN empty
  "50107": "auth", // OK-ACCESS-TIMESTAMP empty
  "50108": "auth", // exchange ID does not exist
  "50109": "auth", // exchange domain does not exist
  "50110": "auth", // IP not in the key's allow list
  "50111": "auth", // invalid OK-ACCESS-KEY
  "50113": "auth", // invalid signature
  "50114": "auth", // invalid authorization
  "50119": "auth", // key does not exist (often a key of another region's site)
  "50120": "auth", // key lacks the permission
  "50121": "auth", // access refused from this IP address
  "51411": "auth", // no permission for mass cancellation
  // Parameters.
  "50000": "bad_request", // POST body empty
  "50002": "bad_request", // JSON syntax error
  "50006": "bad_request", // invalid Content-Type
  "50014": "bad_request", // parameter empty
  "50015": "bad_request", // either parameter required
  "50016": "bad_request", // parameters do not match
  "50024": "bad_request", // parameters cannot both exist
  "50025": "bad_request", // parameter count over limit
  "50115": "bad_request", // invalid request method
  "51000": "bad_request", // parameter error
  "51001": "bad_request", // instrument / spread id does not exist
  "51003": "bad_request", // client order id or order id required
  "51403": "bad_request", // order type does not support cancellation
  "51406": "bad_request", // canceled: order count exceeds the limit (400)
  "51407": "bad_request", // order id or client order id required
  "51413": "bad_request", // order type not supported by this endpoint
  "51601": "bad_request", // order status and order id cannot both be given
  "51602": "bad_request", // order status or order id required
  // Permanent for this account or environment.
  "50005": "permanent", // endpoint inactive (410)
  "50007": "permanent", // user blocked
  "50009": "permanent", // account frozen (stop-out)
  "50012": "permanent", // account status invalid
  "50027": "permanent", // account restricted from trading
  "50029": "permanent", // account restricted by risk control
  "50038": "permanent", // feature unavailable in demo trading
  "50051": "permanent", // compliance restriction
  "50067": "permanent", // cross-site trading not supported by the API
  "51024": "permanent", // trading account blocked (and its many variants)
});

/**
 * Per-item codes that acknowledge a cancel rather than refuse it: `51410` = the order is
 * already being canceled (or is pending settlement). The verifier reads the book anyway.
 *
 * @example Check an acknowledgement
 * ```ts
 * import { OKX_ACK_CODES } from "./codes.ts";
 * OKX_ACK_CODES.has("51410"); // true
 * ```
 */
export const OKX_ACK_CODES: ReadonlySet<string> = new Set(["51410"]);

/**
 * The kind of an OKX code. HTTP 429 is always a rate limit; unknown codes are `bad_request`,
 * or `transient` on HTTP 5xx (and `auth` on HTTP 401).
 *
 * @example Classify codes
 * ```ts
 * import { okxErrorKind } from "./codes.ts";
 * okxErrorKind("50011", 429); // "rate_limit"
 * okxErrorKind("59999", 502); // "transient"
 * ```
 */
export function okxErrorKind(code: string | undefined, status: number): ErrorKind {
  if (status === 429) return "rate_limit";
  const known = code === undefined ? undefined : OKX_ERROR_CODES[code];
  if (known) return known;
  if (status >= 500) return "transient";
  if (status === 401) return "auth";
  return "bad_request";
}

/** Builds the typed error for `code`; the message carries no query, header or credential. */
function okxError(
  code: string | undefined,
  venueMessage: string,
  endpoint: string,
  res: RawResponse,
): VenueError {
  const text = venueMessage.slice(0, 200) || "no message";
  return venueError(
    okxErrorKind(code, res.status),
    `okx ${endpoint}: ${code ?? "no code"} ${text} (HTTP ${res.status})`,
    { venue: "okx", code, status: res.status, endpoint, requestId: requestId(res.headers) },
  );
}

/**
 * Reads an OKX response whose `data` is validated by `schema`. Throws the typed error for a
 * non-zero code (a failing item's `sCode` wins over the envelope's `1`/`2`), a
 * ResponseFormatError for HTML, truncated or mismatched bodies.
 *
 * @example Parse a server-time answer
 * ```ts
 * import { z } from "npm:zod@4";
 * import { parseOkxResponse } from "./codes.ts";
 * const data = parseOkxResponse(
 *   { status: 200, headers: new Headers(), text: '{"code":"0","msg":"","data":[{"ts":"1"}]}' },
 *   "GET /api/v5/public/time",
 *   z.array(z.object({ ts: z.string() })),
 * );
 * data[0]?.ts; // "1"
 * ```
 */
export function parseOkxResponse<T>(res: RawResponse, endpoint: string, schema: z.ZodType<T>): T {
  const envelope = validate("okx", endpoint, res, EnvelopeSchema, decodeJson("okx", endpoint, res));
  if (envelope.code !== "0" || res.status === 429) {
    const failing = failingItem(envelope.data);
    if (failing) throw okxError(failing.sCode, failing.sMsg, endpoint, res);
    throw okxError(envelope.code, envelope.msg, endpoint, res);
  }
  if (res.status >= 400) throw contradiction(endpoint, res);
  return validate("okx", endpoint, res, schema, envelope.data);
}

/**
 * An HTTP error status carrying code "0": the two disagree, so neither is believed. A proxy
 * or gateway answering for the venue can do this; the answer is retried as malformed and
 * never read as a result (an empty `data` here is no proof of an empty book).
 */
function contradiction(endpoint: string, res: RawResponse): ResponseFormatError {
  return new ResponseFormatError(
    `okx ${endpoint}: HTTP ${res.status} carrying code 0; the answer is not trusted`,
    { venue: "okx", endpoint, status: res.status, requestId: requestId(res.headers) },
  );
}

/**
 * Reads a single-order result (`cancel-order`): returns the item when its `sCode` is `0` or
 * an acknowledgement code (`51410`); throws the typed error for any other `sCode` or code.
 *
 * @example Parse an already-canceled answer
 * ```ts
 * import { parseOkxItemResponse } from "./codes.ts";
 * try {
 *   parseOkxItemResponse(
 *     { status: 200, headers: new Headers(), text: '{"code":"1","msg":"","data":[{"ordId":"1","clOrdId":"","sCode":"51401","sMsg":"canceled"}]}' },
 *     "POST /api/v5/sprd/cancel-order",
 *   );
 * } catch (e) {
 *   // AlreadyGoneError, code "51401"
 * }
 * ```
 */
export function parseOkxItemResponse(res: RawResponse, endpoint: string): SCodeItemOutput {
  const envelope = validate("okx", endpoint, res, EnvelopeSchema, decodeJson("okx", endpoint, res));
  const itemBearing = ["0", "1", "2"].includes(envelope.code) && res.status !== 429;
  if (!itemBearing) {
    const failing = failingItem(envelope.data);
    if (failing) throw okxError(failing.sCode, failing.sMsg, endpoint, res);
    throw okxError(envelope.code, envelope.msg, endpoint, res);
  }
  if (envelope.code === "0" && res.status >= 400) throw contradiction(endpoint, res);
  const items = validate("okx", endpoint, res, listOf(SCodeItemSchema), envelope.data);
  const item = items[0];
  if (!item) {
    if (envelope.code === "0") {
      throw new ResponseFormatError(
        `okx ${endpoint}: response has no result item (HTTP ${res.status})`,
        { venue: "okx", endpoint, status: res.status, requestId: requestId(res.headers) },
      );
    }
    throw okxError(envelope.code, envelope.msg, endpoint, res);
  }
  if (item.sCode === "0" || OKX_ACK_CODES.has(item.sCode)) return item;
  throw okxError(item.sCode, item.sMsg, endpoint, res);
}

/** The first item of `data` with a non-zero `sCode`, if `data` carries per-item codes. */
function failingItem(data: unknown): { sCode: string; sMsg: string } | undefined {
  const parsed = listOf(SCodeItemSchema).safeParse(data);
  if (!parsed.success) return undefined;
  return parsed.data.find((i) => i.sCode !== "0");
}
