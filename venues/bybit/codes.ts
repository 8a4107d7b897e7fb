/**
 * Bybit v5 `retCode` table and the response parser that turns an envelope with a non-zero
 * code (or an HTTP failure) into the matching {@linkcode VenueError} subclass.
 *
 * Non-zero codes are errors, never results. Unknown codes are `bad_request`, unless the HTTP
 * status is 5xx (`transient`).
 *
 * @module
 */

import { decodeJson, requestId } from "../_response.ts";
import {
  type ErrorKind,
  RateLimitError,
  ResponseFormatError,
  type VenueError,
  venueError,
} from "../errors.ts";
import type { RawResponse } from "../transport.ts";
import { Envelope } from "./_schemas.ts";

/**
 * Every Bybit `retCode` the toolkit treats specially, and how. Each code has a row in
 * `docs/fidelity/bybit.md` with its source: Bybit's error-code page (`error.mdx`, every entry
 * meaning gone, rate limited or overloaded, timestamp, or authentication), `rate-limit.mdx`,
 * or ccxt where the page is silent.
 *
 * @example Look up a code
 * ```ts
 * import { BYBIT_CODE_KINDS } from "./codes.ts";
 * BYBIT_CODE_KINDS["110001"]; // "gone"
 * ```
 */
export const BYBIT_CODE_KINDS: Readonly<Record<string, ErrorKind>> = Object.freeze({
  // The order is already canceled, filled or unknown: counts as done (the books are still
  // read back before anything is called flat).
  "110001": "gone", // Order does not exist (derivatives, options, UTA spot)
  "110008": "gone", // The order has been completed or cancelled
  "110010": "gone", // The order has been cancelled
  "170139": "gone", // Order has been filled (spot)
  "170142": "gone", // Order has been canceled (spot)
  "170143": "gone", // Cannot be found on order book (spot)
  "170190": "gone", // Cancel order has been finished (spot)
  "170213": "gone", // Order does not exist (spot)
  // Rate limits.
  "10006": "rate_limit", // Too many visits. Exceeded the API Rate Limit (per UID)
  "10018": "rate_limit", // Exceeded the IP Rate Limit (struck through on error.mdx)
  "10429": "rate_limit", // System level frequency protection (not on error.mdx: ASSUMED)
  "170005": "rate_limit", // Too many new orders; current limit is %s orders per %s
  "170222": "rate_limit", // Too many requests in this time frame (spot)
  "177006": "rate_limit", // Request frequency limit (C2C lending)
  // Clock.
  "10002": "timestamp", // The request time exceeds the time window range
  // Credentials, permissions, IP binding.
  "10003": "auth", // API key is invalid (or belongs to another environment)
  "10004": "auth", // Error sign
  "10005": "auth", // Permission denied, please check your API key permissions
  "10007": "auth", // User authentication failed
  "10010": "auth", // Unmatched IP, please check your API key's bound IP addresses
  "33004": "auth", // API key expired (ccxt)
  "-2015": "auth", // Invalid API-key, IP, or permissions for action (ccxt)
  // The account may not trade here at all.
  "10008": "permanent", // Common banned, please check your account mode
  "10009": "permanent", // IP has been banned
  "10024": "permanent", // Compliance rules triggered
  "10027": "permanent", // Transactions are banned
  "10028": "permanent", // The API can only be accessed by unified account users
  "100028": "permanent", // The API cannot be accessed by unified account users
  // Parameters.
  "10001": "bad_request", // Request parameter error
  "10017": "bad_request", // Route not found
  "170202": "bad_request", // Invalid orderFilter parameter
  // Passing server trouble, overload, a cancel still in flight: asked again.
  "10000": "transient", // Server Timeout
  "10016": "transient", // Server error / Internal System Error
  "10019": "transient", // Service restarting (not on error.mdx: ASSUMED)
  "110079": "transient", // The order is processing and can not be operated, try again later
  "170001": "transient", // Internal error (spot)
  "170007": "transient", // Timeout waiting for response from backend server
  "170032": "transient", // Network error. Please try again later
  "170146": "transient", // Order creation timeout
  "170147": "transient", // Order cancellation timeout
  "170191": "transient", // Can not cancel order, please try again later
  "170212": "transient", // Cancel order request processing
  "170234": "transient", // System Error (spot)
  "3400214": "transient", // Server error, please try again later
  "131230": "transient", // The system is busy, please try again later (asset)
  "177002": "transient", // Timeout (C2C lending)
  "177003": "transient", // System is busy, please try again later (C2C lending)
});

/** Wait after an HTTP 403: Bybit bans the IP for a while (docs: "usually 30 minutes"). */
export const BYBIT_IP_BAN_RETRY_MS = 600_000;

/**
 * How to treat a Bybit `retCode` received with HTTP `status`.
 *
 * @example Classify codes
 * ```ts
 * import { bybitErrorKind } from "./codes.ts";
 * bybitErrorKind(10006, 200); // "rate_limit"
 * bybitErrorKind(123456, 200); // "bad_request"
 * bybitErrorKind(123456, 503); // "transient"
 * ```
 */
export function bybitErrorKind(code: number, status: number): ErrorKind {
  const known = BYBIT_CODE_KINDS[String(code)];
  if (known) return known;
  if (status === 403 || status === 429) return "rate_limit";
  if (status >= 500) return "transient";
  return "bad_request";
}

/** What the parser needs besides the response. */
export interface BybitParseContext {
  /** `METHOD /path` of the request. */
  readonly endpoint: string;
  /** Removes credentials from venue text (Bybit's 10004 message echoes the signed string). */
  readonly redact?: ((text: string) => string) | undefined;
  /** Local clock in epoch ms, when the envelope has no `time`; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** A successful envelope: `result` and `retExtInfo` still to be validated by the caller. */
export interface BybitOk {
  /** The `result` field as received. */
  readonly result: unknown;
  /** The `retExtInfo` field as received. */
  readonly retExtInfo: unknown;
  /** The venue's `time` (epoch ms), when sent. */
  readonly time: number | undefined;
}

/**
 * Reads a Bybit response: returns the successful envelope, or throws the matching
 * {@linkcode VenueError} (HTML, empty and truncated bodies become `ResponseFormatError`;
 * HTTP 401 `AuthError`; HTTP 403 and 429 `RateLimitError`; 5xx without JSON `TransientError`).
 *
 * @example Parse a rate-limit answer
 * ```ts
 * import { parseBybitEnvelope } from "./codes.ts";
 * try {
 *   parseBybitEnvelope(
 *     { status: 200, headers: new Headers(), text: '{"retCode":10006,"retMsg":"Too many visits!"}' },
 *     { endpoint: "POST /v5/order/cancel-all" },
 *   );
 * } catch (e) {
 *   // RateLimitError, code "10006"
 * }
 * ```
 */
export function parseBybitEnvelope(res: RawResponse, ctx: BybitParseContext): BybitOk {
  const { endpoint } = ctx;
  const base = {
    venue: "bybit" as const,
    endpoint,
    status: res.status,
    requestId: requestId(res.headers),
  };
  if (res.status === 403) {
    throw new RateLimitError(
      `bybit ${endpoint}: HTTP 403, the IP is rate limited or blocked; wait before retrying`,
      { ...base, retryAfterMs: BYBIT_IP_BAN_RETRY_MS },
    );
  }
  let value: unknown;
  try {
    value = decodeJson("bybit", endpoint, res);
  } catch (error) {
    throw statusError(res, ctx) ?? error;
  }
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) {
    throw statusError(res, ctx) ??
      new ResponseFormatError(
        `bybit ${endpoint}: response is not a Bybit envelope (HTTP ${res.status})`,
        base,
      );
  }
  const { retCode, retMsg, result, retExtInfo, time } = envelope.data;
  if (retCode === 0) {
    if (res.status < 200 || res.status > 299) {
      throw statusError(res, ctx) ??
        new ResponseFormatError(
          `bybit ${endpoint}: retCode 0 with HTTP ${res.status}`,
          base,
        );
    }
    return { result, retExtInfo, time: time ?? undefined };
  }
  const kind = bybitErrorKind(retCode, res.status);
  const text = clean(retMsg ?? "", ctx.redact);
  const message = `bybit ${endpoint}: ${retCode}${text ? ` ${text}` : ""}`;
  const retryAfterMs = kind === "rate_limit"
    ? retryAfter(res.headers, time ?? undefined, ctx.now)
    : undefined;
  return throwing(venueError(kind, message, { ...base, code: String(retCode), retryAfterMs }));
}

function throwing(error: VenueError): never {
  throw error;
}

/** The error an HTTP status alone implies when the body cannot be read, or undefined. */
function statusError(res: RawResponse, ctx: BybitParseContext): VenueError | undefined {
  const init = {
    venue: "bybit" as const,
    endpoint: ctx.endpoint,
    status: res.status,
    requestId: requestId(res.headers),
  };
  if (res.status === 401) {
    return venueError("auth", `bybit ${ctx.endpoint}: HTTP 401, key rejected`, init);
  }
  if (res.status === 429) {
    return venueError("rate_limit", `bybit ${ctx.endpoint}: HTTP 429, too many requests`, {
      ...init,
      retryAfterMs: retryAfter(res.headers, undefined, ctx.now),
    });
  }
  if (res.status >= 500 && !res.text.trimStart().startsWith("<")) {
    return venueError("transient", `bybit ${ctx.endpoint}: HTTP ${res.status}`, init);
  }
  return undefined;
}

/** Milliseconds until `X-Bapi-Limit-Reset-Timestamp`, measured against the venue's `time`. */
function retryAfter(
  headers: Headers,
  venueTime: number | undefined,
  now: (() => number) | undefined,
): number | undefined {
  const reset = Number(headers.get("x-bapi-limit-reset-timestamp") ?? NaN);
  if (!Number.isFinite(reset)) return undefined;
  const ref = venueTime ?? (now ?? Date.now)();
  return Math.max(0, Math.min(60_000, Math.round(reset - ref)));
}

/**
 * Venue text made safe for an error message: Bybit's sign error echoes the string it
 * signed (`origin_string[...]`, which holds the API key); drop bracketed echoes, then let
 * the client redact its key, and cap the length.
 */
function clean(text: string, redact: ((text: string) => string) | undefined): string {
  let out = text.replace(/origin_string\[[^\]]*\]?/gi, "origin_string[redacted]")
    .replace(/sign_string\[[^\]]*\]?/gi, "sign_string[redacted]");
  if (redact) out = redact(out);
  out = out.replace(/[\r\n\t]+/g, " ").trim();
  return out.length > 300 ? `${out.slice(0, 300)}...` : out;
}
