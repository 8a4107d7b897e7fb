/**
 * The types of the Bybit v5 client's options, parameters and results (re-exported by
 * `client.ts` and `mod.ts`).
 *
 * @module
 */

import type { BybitCategory } from "./categories.ts";
import type { TransportOptions } from "../transport.ts";
import type { BybitEnvironment } from "./hosts.ts";
import type { BybitCredentials } from "./signer.ts";

export type { BybitCategory, BybitCredentials };

/** Options of {@linkcode BybitClient}. */
export interface BybitClientOptions extends BybitCredentials {
  /** Environment or region; default `mainnet` (`api.bybit.com`). Ignored when `baseUrl` is set. */
  readonly environment?: BybitEnvironment | undefined;
  /** Base URL override (https, or http on loopback for the simulator). */
  readonly baseUrl?: string | undefined;
  /** `X-BAPI-RECV-WINDOW` in milliseconds; default 5000. */
  readonly recvWindow?: number | undefined;
  /** Transport knobs: fetch injection, timeouts, retries, shared rate limiter. */
  readonly transport?: TransportOptions | undefined;
}

/** Per-call options. */
export interface BybitCallOptions {
  /** Aborts the call (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@linkcode BybitClient.listOpenOrders}. */
export interface BybitListOptions extends BybitCallOptions {
  /**
   * Stop after this many pages (50 orders each) and return what was read: a cheap probe of
   * whether anything is open. Default: every page.
   */
  readonly maxPages?: number | undefined;
}

/** Parameters of {@linkcode BybitClient.cancelAll}. */
export interface BybitCancelAllParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** Symbol, uppercase (`BTCUSDT`); wins over baseCoin and settleCoin. */
  readonly symbol?: string | undefined;
  /** Base coin, uppercase; wins over settleCoin. */
  readonly baseCoin?: string | undefined;
  /** Settle coin, uppercase; not for spot. */
  readonly settleCoin?: string | undefined;
  /**
   * Which orders: spot `Order` (default), `tpslOrder`, `StopOrder`, `OcoOrder`,
   * `BidirectionalTpslOrder`; linear/inverse `Order`, `StopOrder`, `OpenOrder` (all kinds
   * when omitted); option `Order`, `StopOrder` (all kinds when omitted).
   */
  readonly orderFilter?: string | undefined;
  /** `Stop`: only with linear/inverse and orderFilter `StopOrder` (spares TP/SL and trailing). */
  readonly stopOrderType?: "Stop" | undefined;
}

/** An order the venue named in an acknowledgement. */
export interface BybitOrderRef {
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly orderLinkId: string;
}

/** Acknowledgement of a cancel-all: the orders it accepted to cancel (not yet verified). */
export interface BybitCancelAllResult {
  /** Orders accepted for cancellation. Futures: at most 500 per call. */
  readonly list: readonly BybitOrderRef[];
  /** `"1"` success, `"0"` failure; absent for some account types. */
  readonly success?: string | undefined;
}

/** Parameters of {@linkcode BybitClient.cancelOrder}. */
export interface BybitCancelOrderParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** Symbol, uppercase. */
  readonly symbol: string;
  /** Order id; wins over orderLinkId. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly orderLinkId?: string | undefined;
  /**
   * Spot only: which kind of order the id names, `Order` (default), `tpslOrder` or
   * `StopOrder`. A spot TP/SL or stop order cancelled without its filter is answered
   * "order does not exist" (170213).
   */
  readonly orderFilter?: "Order" | "tpslOrder" | "StopOrder" | undefined;
}

/** One order of a batch cancel. */
export interface BybitCancelBatchItem {
  /** Symbol, uppercase. */
  readonly symbol: string;
  /** Order id; wins over orderLinkId. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly orderLinkId?: string | undefined;
}

/** Parameters of {@linkcode BybitClient.cancelBatch}. */
export interface BybitCancelBatchParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** At most 20 orders (10 for spot). */
  readonly request: readonly BybitCancelBatchItem[];
}

/** The venue's answer for one order of a batch cancel (from `retExtInfo.list`). */
export interface BybitBatchItemResult {
  /** Symbol as requested. */
  readonly symbol: string;
  /** Order id (as requested, or as the venue echoed it). */
  readonly orderId: string;
  /** Client order id (as requested, or as the venue echoed it). */
  readonly orderLinkId: string;
  /** The item's code: 0 accepted; undefined when the venue sent none. */
  readonly code: number | undefined;
  /** The item's message. */
  readonly message: string;
}

/** Result of a batch cancel: one entry per requested order, in request order. */
export interface BybitCancelBatchResult {
  /** Per-item results. */
  readonly items: readonly BybitBatchItemResult[];
}

/** Parameters of {@linkcode BybitClient.listOpenOrders}. */
export interface BybitListOpenParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** Symbol, uppercase. Linear needs symbol, baseCoin or settleCoin. */
  readonly symbol?: string | undefined;
  /** Base coin, uppercase (linear, inverse, option). */
  readonly baseCoin?: string | undefined;
  /** Settle coin, uppercase (not spot). */
  readonly settleCoin?: string | undefined;
  /** Order filter (all kinds when omitted on unified accounts). */
  readonly orderFilter?: string | undefined;
}

/** An open order as the listing returns it (the fields the toolkit uses). */
export interface BybitOpenOrder {
  /** Category it was listed under. */
  readonly category: BybitCategory;
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly orderLinkId: string;
  /** Symbol. */
  readonly symbol: string;
  /** `Buy` or `Sell`. */
  readonly side?: string | undefined;
  /** Price. */
  readonly price?: string | undefined;
  /** Quantity. */
  readonly qty?: string | undefined;
  /** `New`, `PartiallyFilled`, `Untriggered`, ... */
  readonly orderStatus: string;
  /** `Limit` or `Market`. */
  readonly orderType?: string | undefined;
  /** `""`/`UNKNOWN` for regular orders; `Stop`, `TakeProfit`, `tpslOrder`, ... for conditional. */
  readonly stopOrderType: string;
  /** Trigger price of conditional orders. */
  readonly triggerPrice?: string | undefined;
  /** Creation time, epoch ms as a string. */
  readonly createdTime?: string | undefined;
}

/** Parameters of {@linkcode BybitClient.instruments}. */
export interface BybitInstrumentsParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** One symbol, uppercase. */
  readonly symbol?: string | undefined;
  /**
   * Instrument status. The venue's default is `Trading` for spot, linear and inverse
   * (`PreLaunch` lists pre-market contracts) and PreLaunch + Trading + Delivering for option.
   */
  readonly status?: "PreLaunch" | "Trading" | "Delivering" | "Closed" | undefined;
}

/** What the venue states about one instrument (GET /v5/market/instruments-info). */
export interface BybitInstrument {
  /** Category it was listed under. */
  readonly category: BybitCategory;
  /** Symbol. */
  readonly symbol: string;
  /** Base coin, as the venue states it. */
  readonly baseCoin: string;
  /** Quote coin. */
  readonly quoteCoin: string;
  /** Settle coin (derivatives); for spot, the quote coin. */
  readonly settleCoin: string;
  /** `Trading`, `PreLaunch`, `Delivering`, ... (`""` when not sent). */
  readonly status: string;
}
