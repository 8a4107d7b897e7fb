// Shared response reading for the venue parsers: JSON decoding and schema validation that
// end in a typed error, never a crash or an `undefined` passed on. Private.

import type { z } from "npm:zod@4";
import { ResponseFormatError, venueError } from "./errors.ts";
import type { RawResponse } from "./transport.ts";
import type { VenueId } from "./types.ts";

/** Decodes JSON; an HTML page, an empty body or truncated JSON becomes a ResponseFormatError. */
export function decodeJson(venue: VenueId, endpoint: string, res: RawResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    const what = res.text.trimStart().startsWith("<")
      ? "an HTML page"
      : res.text === ""
      ? "an empty body"
      : "malformed JSON";
    const init = { venue, endpoint, status: res.status, requestId: requestId(res.headers) };
    // A 5xx or 429 without a JSON body is the server (or its proxy) saying so: it is labelled
    // by its status, not as a format error.
    if (res.status >= 500 || res.status === 429) {
      return raise(venueError(
        res.status === 429 ? "rate_limit" : "transient",
        `${venue} ${endpoint}: HTTP ${res.status} with ${
          what === "malformed JSON" ? "a non-JSON body" : what
        }`,
        init,
      ));
    }
    throw new ResponseFormatError(
      `${venue} ${endpoint}: expected JSON, got ${what} (HTTP ${res.status})`,
      { venue, endpoint, status: res.status, requestId: requestId(res.headers) },
    );
  }
}

/** Validates `value` against `schema`; a mismatch becomes a ResponseFormatError naming the fields. */
export function validate<T>(
  venue: VenueId,
  endpoint: string,
  res: RawResponse,
  schema: z.ZodType<T>,
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.slice(0, 3).map((i) => i.path.join(".") || "(root)").join(
    ", ",
  );
  throw new ResponseFormatError(
    `${venue} ${endpoint}: response does not match its schema at ${fields} (HTTP ${res.status})`,
    { venue, endpoint, status: res.status, requestId: requestId(res.headers) },
  );
}

/** The request id a venue put in its response headers, if any. */
export function requestId(headers: Headers): string | undefined {
  return headers.get("x-request-id") ?? headers.get("traceid") ?? headers.get("x-trace-id") ??
    undefined;
}

function raise(error: Error): never {
  throw error;
}
