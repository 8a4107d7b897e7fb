/**
 * The types of the Bitget v2 mix client's options, inputs and results (re-exported by
 * `client.ts` and `mod.ts`).
 *
 * @module
 */

import type { BitgetProductType } from "./product_types.ts";
import type { TransportOptions } from "../transport.ts";
import type { BitgetCredentials } from "./signer.ts";

export type { BitgetCredentials, BitgetProductType };

/**
 * Plan (trigger) order types cancel-plan-order takes. The first six are documented (bitget.com
 * api-doc contract/plan/Cancel-Plan-Order). `track_plan` is what the listing calls trailing
 * trigger orders: not documented for cancel, so the client sends it only with an orderIdList
 * (whether the venue accepts it is UNVERIFIED).
 */
export type BitgetCancelPlanType =
  | "normal_plan"
  | "profit_plan"
  | "loss_plan"
  | "pos_profit"
  | "pos_loss"
  | "moving_plan"
  | "track_plan";

/** Plan types the orders-plan-pending listing takes (`profit_loss` covers every TP/SL type). */
export type BitgetListPlanType = "normal_plan" | "track_plan" | "profit_loss";

/** Options of {@linkcode BitgetClient}. */
export interface BitgetClientOptions extends BitgetCredentials {
  /** Base URL; default `https://api.bitget.com`. HTTPS, or plain HTTP on loopback only. */
  readonly baseUrl?: string | undefined;
  /** Demo trading: sends `paptrading: 1` on every request. Needs a demo key. Default false. */
  readonly demo?: boolean | undefined;
  /** `locale` header; default `en-US`. */
  readonly locale?: string | undefined;
  /** Transport knobs: fetch, timeouts, retries, shared limiter. */
  readonly transport?: TransportOptions | undefined;
}

/** Per-call options. */
export interface BitgetCallOptions {
  /** Aborts the call and any backoff (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/** One order a cancel acknowledged. */
export interface BitgetCancelAck {
  /** Order id (`""` when the venue sent none). */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
}

/** One order a cancel did not cancel, with the venue's reason. */
export interface BitgetCancelFailure {
  /** Order id (`""` when the venue sent none). */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Failure reason (`"notExistend"`, ...). */
  readonly errorMsg: string;
  /** Error code, when the venue sent one (cancel-plan-order sends none). */
  readonly errorCode: string | undefined;
}

/**
 * What cancel-all-orders, batch-cancel-orders and cancel-plan-order answer. Both lists are
 * surfaced: a success is an acknowledgement, not a verified cancellation.
 */
export interface BitgetCancelResult {
  /** Orders the venue accepted to cancel. */
  readonly successList: readonly BitgetCancelAck[];
  /** Orders the venue did not cancel. */
  readonly failureList: readonly BitgetCancelFailure[];
}

/** One open regular order from orders-pending. Symbols and coins come back lowercase. */
export interface BitgetPendingOrder {
  /** Symbol as sent by the venue (often lowercase, `ethusdt`). */
  readonly symbol: string;
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** `live` or `partially_filled`. */
  readonly status: string;
  /** Margin coin as sent (often lowercase). */
  readonly marginCoin: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Limit price. */
  readonly price: string;
  /** Size. */
  readonly size: string;
  /** `limit` or `market`. */
  readonly orderType: string;
  /** Position side. */
  readonly posSide: string;
  /** `open` or `close`. */
  readonly tradeSide: string;
  /** Creation time, epoch ms as a string. */
  readonly cTime: string;
  /** Update time, epoch ms as a string. */
  readonly uTime: string;
}

/** One open trigger (plan) order from orders-plan-pending. */
export interface BitgetPlanOrder {
  /** Plan type of the order (`normal_plan`, `profit_plan`, `track_plan`, ...). */
  readonly planType: string;
  /** Symbol as sent (often lowercase). */
  readonly symbol: string;
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Plan status (`live`, `not_trigger`). */
  readonly planStatus: string;
  /** Margin coin as sent (often lowercase). */
  readonly marginCoin: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Size. */
  readonly size: string;
  /** Execute price. */
  readonly price: string;
  /** Trigger price. */
  readonly triggerPrice: string;
  /** Trigger price type. */
  readonly triggerType: string;
  /** Creation time, epoch ms as a string. */
  readonly cTime: string;
}

/** Input of {@linkcode BitgetClient.cancelAllOrders}. */
export interface BitgetCancelAllInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Margin coin, uppercase (`USDT`); lowercase is refused before sending. */
  readonly marginCoin?: string | undefined;
}

/** Input of {@linkcode BitgetClient.cancelOrder}: `orderId` or `clientOid`. */
export interface BitgetCancelOrderInput {
  /** Symbol (`BTCUSDT`). */
  readonly symbol: string;
  /** Product type. */
  readonly productType: BitgetProductType;
  /** Order id; wins over `clientOid`. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly clientOid?: string | undefined;
  /** Margin coin, uppercase. */
  readonly marginCoin?: string | undefined;
}

/** One order of a batch: `orderId` or `clientOid`. */
export interface BitgetOrderRef {
  /** Order id; wins over `clientOid`. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly clientOid?: string | undefined;
}

/**
 * Input of {@linkcode BitgetClient.batchCancelOrders}. With `orderIdList`, those orders (then
 * `symbol` is required); without it, every regular order of the product type (and symbol),
 * whatever its age: no listing, no time window.
 */
export interface BitgetBatchCancelInput {
  /** Symbol; required with `orderIdList`. */
  readonly symbol?: string | undefined;
  /** Product type. */
  readonly productType: BitgetProductType;
  /** Margin coin, uppercase. */
  readonly marginCoin?: string | undefined;
  /** 1 to 50 orders; every order of the symbol when omitted. */
  readonly orderIdList?: readonly BitgetOrderRef[] | undefined;
}

/** Input of {@linkcode BitgetClient.cancelPlanOrders}. */
export interface BitgetCancelPlanInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Symbol; required with `orderIdList`. */
  readonly symbol?: string | undefined;
  /** Margin coin, uppercase. */
  readonly marginCoin?: string | undefined;
  /** Plan type; the venue's default is `normal_plan`. `track_plan` only with `orderIdList`. */
  readonly planType?: BitgetCancelPlanType | undefined;
  /** Up to 50 specific trigger orders; all matching orders when omitted. */
  readonly orderIdList?: readonly BitgetOrderRef[] | undefined;
}

/** Input of {@linkcode BitgetClient.listPendingOrders}. */
export interface BitgetListPendingInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Only this symbol. */
  readonly symbol?: string | undefined;
  /**
   * Only this status. Omitted, the venue returns `live` orders only (the English page), so
   * an exhaustive listing asks for `live` and `partially_filled` one after the other.
   */
  readonly status?: "live" | "partially_filled" | undefined;
  /**
   * Creation-time window start, epoch ms. Omitted, the venue covers the last three months
   * only; at most 90 days before `endTime`.
   */
  readonly startTime?: number | undefined;
  /** Creation-time window end, epoch ms. */
  readonly endTime?: number | undefined;
}

/** Input of {@linkcode BitgetClient.listPlanOrders}. */
export interface BitgetListPlanInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Plan type group (required). */
  readonly planType: BitgetListPlanType;
  /** Only this symbol. */
  readonly symbol?: string | undefined;
  /** Creation-time window start, epoch ms (omitted: the last three months only). */
  readonly startTime?: number | undefined;
  /** Creation-time window end, epoch ms. */
  readonly endTime?: number | undefined;
}
