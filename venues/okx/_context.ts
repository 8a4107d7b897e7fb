/**
 * What one OKX account's compiled steps and listings share: the client, the label, the spread
 * metadata and the record of recent acknowledgements; and the display record of a request.
 *
 * @module
 */

import type { NativeRequest } from "../../engine/types.ts";
import type { OkxSpreadClient } from "./client.ts";
import type { SpreadBook } from "./_spreads.ts";

/** `POST /api/v5/sprd/mass-cancel`. */
export const MASS_CANCEL = "/api/v5/sprd/mass-cancel";
/** `GET /api/v5/sprd/orders-pending`. */
export const ORDERS_PENDING = "/api/v5/sprd/orders-pending";

/** One OKX account, as its compiled steps and listings see it. */
export interface OkxContext {
  /** The account's client. */
  readonly client: OkxSpreadClient;
  /** Account label. */
  readonly label: string;
  /** Spread metadata of this account's run. */
  readonly spreads: SpreadBook;
  /** Cancels in flight at once (the client's rate limiter still paces them). */
  readonly concurrency: number;
  /** Order id -> when its cancel was acknowledged (`performance.now()`). */
  readonly ackedAt: Map<string, number>;
}

/** The display record of a request to this account's host (base URL path prefix included). */
export function display(
  ctx: OkxContext,
  method: "GET" | "POST",
  path: string,
  params: Readonly<Record<string, string>>,
): NativeRequest {
  const prefix = new URL(ctx.client.baseUrl).pathname.replace(/\/+$/, "");
  return { method, host: ctx.client.host, path: `${prefix}${path}`, params };
}
