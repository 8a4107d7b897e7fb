/**
 * The types of the Bitget unified trading account client's options, inputs and results
 * (re-exported by `uta_client.ts` and `mod.ts`).
 *
 * @module
 */

import type { BitgetClientOptions } from "./client_types.ts";
import type { BitgetUtaCategory } from "./uta_categories.ts";

export type { BitgetUtaCategory };

/** Options of {@linkcode BitgetUtaClient}: the same as the classic client's. */
export type BitgetUtaClientOptions = BitgetClientOptions;

/** Per-call options. */
export interface BitgetUtaCallOptions {
  /** Aborts the call and any backoff (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * One per-item result of a cancel. `code` and `msg` are set (non-empty) when the venue did not
 * cancel that order; an item without a code is an acknowledgement, not a verified cancel.
 */
export interface BitgetUtaItemResult {
  /** Order id (`""` when the venue sent none). */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** The item's error code (`""` when none: acknowledged). */
  readonly code: string;
  /** The item's message (`""` when none). */
  readonly msg: string;
}

/** One order of {@linkcode BitgetUtaClient.cancelBatch}: `orderId` or `clientOid`. */
export interface BitgetUtaOrderRef {
  /** Symbol (`BTCUSDT`). */
  readonly symbol: string;
  /** Order id; wins over `clientOid`. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly clientOid?: string | undefined;
}

/** One open regular order from unfilled-orders. */
export interface BitgetUtaOpenOrder {
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Category as the venue sent it (`""` when none). */
  readonly category: string;
  /** Symbol. */
  readonly symbol: string;
  /** `limit` or `market`. */
  readonly orderType: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Limit price. */
  readonly price: string;
  /** Quantity. */
  readonly qty: string;
  /** `live` or `partially_filled`. */
  readonly orderStatus: string;
  /** Position side (futures). */
  readonly posSide: string;
  /** Creation time, epoch ms as a string. */
  readonly createdTime: string;
  /** Update time, epoch ms as a string. */
  readonly updatedTime: string;
}

/** One open strategy (TP/SL or trigger) order from unfilled-strategy-orders. */
export interface BitgetUtaStrategyOrder {
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Category as the venue sent it (`""` when none). */
  readonly category: string;
  /** Symbol. */
  readonly symbol: string;
  /** `tpsl`, `trigger`, ... (`""` when none). */
  readonly type: string;
  /** Strategy status (`pending`, ...). */
  readonly status: string;
  /** Quantity. */
  readonly qty: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Position side. */
  readonly posSide: string;
  /** Trigger price (trigger orders). */
  readonly triggerPrice: string;
  /** Take-profit price (tpsl orders). */
  readonly takeProfit: string;
  /** Stop-loss price (tpsl orders). */
  readonly stopLoss: string;
  /** Creation time, epoch ms as a string. */
  readonly createdTime: string;
}

/** What `GET /api/v3/account/settings` says about an account. */
export type BitgetDetectedMode = "uta" | "classic";
