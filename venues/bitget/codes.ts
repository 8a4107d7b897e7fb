/**
 * Bitget error codes and the response parser: an envelope whose `code` is not `"00000"`
 * becomes the matching {@linkcode VenueError} subclass, never a result.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import {
  AuthError,
  type ErrorKind,
  RateLimitError,
  TransientError,
  venueError,
  type VenueErrorInit,
} from "../errors.ts";
import { decodeJson, requestId, validate } from "../_response.ts";
import type { RawResponse } from "../transport.ts";
import { envelopeSchema } from "./_schemas.ts";

/**
 * Bitget codes and how to treat them. Source: the official REST error-code page
 * (bitget.com/api-doc/contract/error-code/restapi), read entry by entry: every code meaning
 * already gone, rate limited or overloaded, timestamp, authentication or a refused account is
 * here; the FAQ (Q14: 45001, 40725, 40808, 40015 during weekly releases, retry); ccxt
 * `bitget.ts` for 40004 and 40768 (not on the page); VENUES.md for 40084/40085 (UTA).
 * docs/fidelity/bitget.md has one row per code. Unknown codes are `bad_request`, or
 * `transient` when the HTTP status is 5xx.
 *
 * @example Look up a code
 * ```ts
 * import { BITGET_ERROR_CODES } from "./codes.ts";
 * BITGET_ERROR_CODES["40768"]; // "gone"
 * ```
 */
export const BITGET_ERROR_CODES: Readonly<Record<string, ErrorKind>> = Object.freeze({
  // Already gone: counts as done (the listings still decide FLAT).
  "22001": "gone", // No order to cancel
  "24056": "gone", // UTA per-item "notExisted" (uta/trade/Cancel-All-Order response example)
  "25204": "gone", // UTA: order does not exist (tiagosiebler/bitget-api ORDER_DOES_NOT_EXIST_V3)
  "31007": "gone", // Order does not exist (copy trading)
  "31054": "gone", // No order to cancel (copy trading)
  "40109": "gone", // The data of the order cannot be found
  "40768": "gone", // Order does not exist (ccxt; not on the page)
  "43001": "gone", // The order does not exist
  "43004": "gone", // There is no order to cancel
  "43020": "gone", // Stop profit and stop loss order does not exist
  "43021": "gone", // The stop-profit and stop-loss order has been closed
  "43025": "gone", // Plan order does not exist
  "43026": "gone", // The planned order has been closed
  "43033": "gone", // Trailing order does not exist
  "45031": "gone", // The order is finalized
  "45055": "gone", // The current order status cannot be cancelled
  "45057": "gone", // The order does not exist!
  "50062": "gone", // The order status is cancelled or fullFill (margin)
  // Rate limited: slow down, retry.
  "429": "rate_limit", // Too many requests
  "25004": "rate_limit", // UTA rate limit (VENUES.md; ASSUMED, no stored page quotes it)
  "13001": "rate_limit", // Withdraw is too frequent
  "22035": "rate_limit", // Demo account open position too frequently
  "40047": "rate_limit", // FD Broker binding related interface call frequency limit
  "40918": "rate_limit", // Traders open positions with orders too frequently
  "43036": "rate_limit", // Trader modify tpsl can only be operated once within 300ms
  "45129": "rate_limit", // Cancel order is too frequent (same orderId once a second)
  "59044": "rate_limit", // Operations are frequent, please try again later
  "70228": "rate_limit", // The operation is too frequent, please try again later
  // Overloaded or releasing: try again.
  "40010": "transient", // Request timed out
  "40015": "transient", // System is abnormal, please try again later (faq Q14)
  "40200": "transient", // Server upgrade, please try again later
  "40725": "transient", // service return an error (faq Q14)
  "40808": "transient", // Parameter verification exception (faq Q14: release window)
  "40908": "transient", // Concurrent operation failed
  "40910": "transient", // Operation timed out
  "43059": "transient", // Request failed, please try again
  "45001": "transient", // Unknown error (faq Q14)
  // Clock: resync once, re-sign, retry.
  "40004": "timestamp", // Request timestamp expired (ccxt; not on the page)
  "40005": "timestamp", // Invalid ACCESS_TIMESTAMP
  "40008": "timestamp", // Request timestamp expired
  "40078": "timestamp", // Timestamp for this request is outside of the ME receiveWindow
  "40902": "timestamp", // Future time is not allowed
  // Authentication and permissions of the key: never retried.
  "22010": "auth", // Please bind ip whitelist address
  "40001": "auth", // ACCESS_KEY cannot be empty
  "40002": "auth", // ACCESS_SIGN cannot be empty
  "40003": "auth", // Signature cannot be empty
  "40006": "auth", // Invalid ACCESS_KEY
  "40009": "auth", // sign signature error
  "40011": "auth", // ACCESS_PASSPHRASE cannot be empty
  "40012": "auth", // apikey/password is incorrect
  "40013": "auth", // User status is abnormal
  "40014": "auth", // Incorrect permissions, need {0} permissions
  "40016": "auth", // The user must bind the phone or Google
  "40018": "auth", // Invalid IP
  "40025": "auth", // The user does not have this permission
  "40026": "auth", // User is disabled
  "40036": "auth", // passphrase is error
  "40037": "auth", // Apikey does not exist
  "40038": "auth", // The current ip is not in the apikey ip whitelist
  "40040": "auth", // user api key permission setting error
  "40041": "auth", // User's ApiKey does not exist
  "40049": "auth", // User related fields decrypt error
  "40061": "auth", // sub-account not allow access
  "40068": "auth", // Disable subaccount access
  "40084": "auth", // Classic account calling the UTA (v3) API (VENUES.md)
  "40085": "auth", // Unified account calling the classic (v2) API (VENUES.md)
  "40199": "auth", // Traders are prohibited from calling the API
  "40301": "auth", // Permission has not been obtained yet
  // The account or region is refused for good: never retried.
  "40000": "permanent", // Region not served
  "40022": "permanent", // The business of this account has been restricted
  "40023": "permanent", // API service has been restricted
  "40024": "permanent", // Account has been frozen
  "40035": "permanent", // KYC required
  "40100": "permanent", // Hong Kong IPs must complete identity verification
  "40101": "permanent", // Please complete KYC
  "40103": "permanent", // Region not served (IP)
  "40104": "permanent", // Region not served (IP) / unable to withdraw to this account
  "40110": "permanent", // Unavailable in demo trading
  "40111": "permanent", // Restricted country: KYC required
  "40752": "permanent", // You are disabled for current business
  "40753": "permanent", // The contract transaction business is disabled
  "40916": "permanent", // Futures services for this account have been restricted
  // Parameters: refused, not retried.
  "40007": "bad_request", // Invalid Content_Type
  "40017": "bad_request", // Parameter verification failed
  "40019": "bad_request", // Parameter cannot be empty
  "40020": "bad_request", // Parameter {0} error
  "40034": "bad_request", // Parameter does not exist
  "40079": "bad_request", // receiveWindow timestamp must be less than 60s (never sent)
  "40704": "bad_request", // Can only check the data of the last three months
  "40705": "bad_request", // The start and end time cannot exceed 90 days
  "40707": "bad_request", // Start time is greater than end time
  "400172": "bad_request", // Parameter verification failed
});

/**
 * How to treat a Bitget `code` answered with HTTP `status`.
 *
 * @example Classify a signature error
 * ```ts
 * import { bitgetErrorKind } from "./codes.ts";
 * bitgetErrorKind("40009", 400); // "auth"
 * bitgetErrorKind("99999", 503); // "transient"
 * ```
 */
export function bitgetErrorKind(code: string, status: number): ErrorKind {
  if (status === 429) return "rate_limit";
  const known = BITGET_ERROR_CODES[code];
  if (known) return known;
  return status >= 500 ? "transient" : "bad_request";
}

/**
 * An account in the other mode: 40085, a unified trading account (UTA) called through the
 * classic v2 API, or 40084, a classic account called through the v3 (UTA) API. Its message
 * names the mode to run the account in; `accountMode` is that mode. An `auth` error: never
 * retried.
 *
 * @example Read the mode to use
 * ```ts
 * import { BitgetAccountModeError } from "./codes.ts";
 * const e = new BitgetAccountModeError("uta", { venue: "bitget", code: "40085" });
 * e.accountMode; // "uta"
 * ```
 */
export class BitgetAccountModeError extends AuthError {
  /** The mode the account is in, and must be run in. */
  readonly accountMode: "classic" | "uta";

  /** `accountMode` is the mode the venue says the account is in. */
  constructor(accountMode: "classic" | "uta", init: VenueErrorInit, detail = "") {
    const code = accountMode === "uta" ? "40085" : "40084";
    const what = accountMode === "uta"
      ? "this is a unified trading account (UTA): the classic v2 API is refused"
      : "this is a classic account: the unified trading account (v3) API is refused";
    super(
      `bitget ${init.endpoint ?? ""}: ${code} ${what}; run it with --bitget-mode ${accountMode} ` +
        `(accounts file: "bitgetMode": "${accountMode}")${detail}`,
      init,
    );
    this.accountMode = accountMode;
  }
}

/** Messages of per-item failures (failureList) that mean the order is no longer open. */
const GONE_MESSAGE =
  /notexist|not\s*exist|does not exist|not found|no order|already (?:been )?(?:cancel|fill|clos|complet)/i;

/**
 * Whether a failureList item means "already gone" (counts as done): a gone code, or, when the
 * venue sends no code (cancel-plan-order sends only `errorMsg: "notExistend"`), a gone message.
 *
 * @example Read a failureList item
 * ```ts
 * import { isGoneFailure } from "./codes.ts";
 * isGoneFailure({ errorMsg: "notExistend" }); // true
 * isGoneFailure({ errorCode: "40725", errorMsg: "service return an error" }); // false
 * ```
 */
export function isGoneFailure(
  item: { readonly errorCode?: string | undefined; readonly errorMsg?: string | undefined },
): boolean {
  if (item.errorCode !== undefined && item.errorCode !== "") {
    return BITGET_ERROR_CODES[item.errorCode] === "gone";
  }
  return GONE_MESSAGE.test(item.errorMsg ?? "");
}

/** Removes what must never reach an error message. */
export type Scrub = (text: string) => string;

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * Reads a Bitget response: decodes the JSON envelope, turns a non-`"00000"` code into the
 * right error, validates `data` against `schema`. Private to the client.
 */
export function parseBitgetResponse<T>(
  endpoint: string,
  res: RawResponse,
  schema: z.ZodType<T>,
  scrub: Scrub = (s) => s,
): T {
  const base = {
    venue: "bitget" as const,
    endpoint,
    status: res.status,
    requestId: requestId(res.headers),
  };
  let body: unknown;
  try {
    body = decodeJson("bitget", endpoint, res);
  } catch (error) {
    if (res.status === 429) {
      throw new RateLimitError(`bitget ${endpoint}: Too Many Requests (HTTP 429)`, {
        ...base,
        code: "429",
        retryAfterMs: retryAfterMs(res.headers),
      });
    }
    if (res.status >= 500) {
      throw new TransientError(`bitget ${endpoint}: HTTP ${res.status} without a JSON body`, base);
    }
    throw error;
  }
  const envelope = validate("bitget", endpoint, res, envelopeSchema, body);
  if (envelope.code === "40084" || envelope.code === "40085") {
    throw new BitgetAccountModeError(envelope.code === "40085" ? "uta" : "classic", {
      ...base,
      code: envelope.code,
    }, ` (HTTP ${res.status})`);
  }
  if (envelope.code !== "00000") {
    const kind = bitgetErrorKind(envelope.code, res.status);
    const msg = scrub(envelope.msg).slice(0, 200);
    throw venueError(kind, `bitget ${endpoint}: ${envelope.code} ${msg} (HTTP ${res.status})`, {
      ...base,
      code: envelope.code,
      retryAfterMs: kind === "rate_limit" ? retryAfterMs(res.headers) : undefined,
    });
  }
  if (res.status < 200 || res.status >= 300) {
    // A success code with a failure status: believe neither.
    throw venueError(
      res.status >= 500 ? "transient" : "format",
      `bitget ${endpoint}: code 00000 with HTTP ${res.status}`,
      base,
    );
  }
  return validate("bitget", endpoint, res, schema, envelope.data);
}
