// OKX's one request path over the client shell (the envelope read, per-endpoint limits), and
// the pending-order listing that pages with `endId`. Private: OkxSpreadClient is built on it.

import type { z } from "npm:zod@4";
import { check, type ClientShell, type Parse } from "../_client.ts";
import type { RateLimit } from "../rate_limit.ts";
import type { RawResponse } from "../transport.ts";
import type { UnsignedRequest } from "../types.ts";
import { arrayOf, ListPendingInputSchema, OrderSchema } from "./_schemas.ts";
import type { OkxListPendingInput, OkxSpreadOrder } from "./client_types.ts";
import { parseOkxResponse } from "./codes.ts";
import type { OkxCredentials } from "./signer.ts";

/** The shell of an OKX client. */
export type OkxShell = ClientShell<OkxCredentials>;

/** Documented per-user limits of each endpoint. */
export const LIMITS = {
  "sprd/cancel-order": { limit: 20, intervalMs: 2000 },
  "sprd/mass-cancel": { limit: 10, intervalMs: 2000 },
  "sprd/cancel-all-after": { limit: 1, intervalMs: 1000 },
  "sprd/orders-pending": { limit: 10, intervalMs: 2000 },
  "sprd/order": { limit: 20, intervalMs: 2000 },
  "public/time": { limit: 10, intervalMs: 2000 },
  // Public, limited per IP: 20 requests per 2 seconds.
  "sprd/spreads": { limit: 20, intervalMs: 2000 },
} as const satisfies Record<string, RateLimit>;

export type LimitKey = keyof typeof LIMITS;

/** Page size of the pending listing (the venue's maximum). */
const PAGE_LIMIT = 100;
/** Pages before the listing gives up (the venue caps pending spread orders at 500). */
const MAX_PAGES = 200;

/** One OKX call: the envelope is read and `data` validated against `schema`. */
export function callOkx<T>(
  shell: OkxShell,
  request: UnsignedRequest,
  schema: z.ZodType<T>,
  limit: LimitKey,
  signal: AbortSignal | undefined,
  extra: {
    readonly public?: boolean;
    readonly check?: (data: T, res: RawResponse, endpoint: string) => void;
  } = {},
): Promise<T> {
  const parse: Parse<T> = (res, { endpoint }) => {
    const data = parseOkxResponse(res, endpoint, schema);
    // Inside parse, so that a refusal here is retried like any malformed answer.
    extra.check?.(data, res, endpoint);
    return data;
  };
  const options = { limit: { key: limit, rule: LIMITS[limit] }, signal, public: extra.public };
  return shell.call(request, parse, options);
}

/** GET /api/v5/sprd/orders-pending, every page (see OkxSpreadClient.listPendingOrders). */
export async function listPending(
  shell: OkxShell,
  input: OkxListPendingInput,
  signal: AbortSignal | undefined,
): Promise<OkxSpreadOrder[]> {
  const filters = check(ListPendingInputSchema, input, "list pending orders");
  const base: [string, string][] = [];
  if (filters.sprdId !== undefined) base.push(["sprdId", filters.sprdId]);
  if (filters.ordType !== undefined) base.push(["ordType", filters.ordType]);
  if (filters.state !== undefined) base.push(["state", filters.state]);
  const out: OkxSpreadOrder[] = [];
  const seen = new Set<string>();
  let endId: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: [string, string][] = [...base];
    if (endId !== undefined) query.push(["endId", endId]);
    query.push(["limit", String(PAGE_LIMIT)]);
    // Only `"data": []` in the documented shape proves an empty page; `null`, a missing
    // `data` or any other shape is a malformed answer (retried, then reported).
    const items = await callOkx(
      shell,
      { method: "GET", path: "/api/v5/sprd/orders-pending", query },
      arrayOf(OrderSchema),
      "sprd/orders-pending",
      signal,
    );
    let fresh = 0;
    for (const order of items) {
      if (seen.has(order.ordId)) continue;
      seen.add(order.ordId);
      out.push(order);
      fresh++;
    }
    if (items.length < PAGE_LIMIT) return out;
    const last = items[items.length - 1]?.ordId;
    if (fresh === 0 || last === undefined || last === endId) {
      throw shell.formatError(
        "GET /api/v5/sprd/orders-pending",
        "pagination did not advance (the venue repeated a page); the listing may be incomplete",
      );
    }
    endId = last;
  }
  throw shell.formatError(
    "GET /api/v5/sprd/orders-pending",
    `more than ${MAX_PAGES} pages; the listing may be incomplete`,
  );
}
