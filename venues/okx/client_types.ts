/**
 * The types of the OKX Spread Trading client's options, inputs and results (re-exported by
 * `client.ts` and `mod.ts`).
 *
 * @module
 */

import type { TransportOptions } from "../transport.ts";
import type { OkxRegion } from "./hosts.ts";
import type { OkxCredentials } from "./signer.ts";

export type { OkxCredentials };

/** Options of {@linkcode OkxSpreadClient}. */
export interface OkxSpreadClientOptions extends OkxCredentials {
  /**
   * Site whose host to use (`global` = www.okx.com, `openapi` = openapi.okx.com, `eea`, `us`);
   * default `global`.
   */
  readonly region?: OkxRegion | undefined;
  /** Demo trading: same host, header `x-simulated-trading: 1`, demo keys. Default false. */
  readonly demo?: boolean | undefined;
  /** Base URL override (https, or http on loopback for the simulator); wins over `region`. */
  readonly baseUrl?: string | undefined;
  /** Transport knobs: fetch injection, timeouts, retries, shared rate limiter. */
  readonly transport?: TransportOptions | undefined;
}

/** An order reference: exactly one of `ordId` or `clOrdId`. */
export type OkxOrderRef =
  | { readonly ordId: string; readonly clOrdId?: never }
  | { readonly clOrdId: string; readonly ordId?: never };

/** Per-call options. */
export interface OkxCallOptions {
  /** Aborts the call (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The venue's answer to one cancel. `sCode` is `"0"` (accepted) or `"51410"` (a cancel is
 * already pending): both only mean the request was received; read the book to verify.
 */
export interface OkxCancelResult {
  /** Order id. */
  readonly ordId: string;
  /** Client order id (`""` when none). */
  readonly clOrdId: string;
  /** `"0"` or `"51410"`. */
  readonly sCode: string;
  /** Venue message (`""` on success). */
  readonly sMsg: string;
}

/** The state of the spread dead-man switch. */
export interface OkxCancelAllAfterResult {
  /** When the timer fires, epoch ms; `0` = disarmed. */
  readonly triggerTime: number;
  /** When the venue received the request, epoch ms. */
  readonly ts: number;
}

/** Filters of {@linkcode OkxSpreadClient.listPendingOrders}. */
export interface OkxListPendingInput {
  /** Spread id, e.g. `BTC-USDT_BTC-USDT-SWAP`. */
  readonly sprdId?: string | undefined;
  /** Order type. */
  readonly ordType?: "market" | "limit" | "post_only" | "ioc" | undefined;
  /** Order state. */
  readonly state?: "live" | "partially_filled" | undefined;
}

/** Input of {@linkcode OkxSpreadClient.massCancel}. */
export interface OkxMassCancelInput {
  /** Only this spread; omitted = every spread order of the account. */
  readonly sprdId?: string | undefined;
}

/** A spread order as the venue reports it (every field a string, as sent). */
export interface OkxSpreadOrder {
  /** Spread id. */
  readonly sprdId: string;
  /** Order id. */
  readonly ordId: string;
  /** Client order id (`""` when none). */
  readonly clOrdId: string;
  /** Order tag. */
  readonly tag: string;
  /** Price. */
  readonly px: string;
  /** Size. */
  readonly sz: string;
  /** `market`, `limit`, `post_only`, `ioc`. */
  readonly ordType: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Last fill size. */
  readonly fillSz: string;
  /** Last fill price. */
  readonly fillPx: string;
  /** Last trade id. */
  readonly tradeId: string;
  /** Accumulated fill size. */
  readonly accFillSz: string;
  /** Size still to fill. */
  readonly pendingFillSz: string;
  /** Size pending settlement. */
  readonly pendingSettleSz: string;
  /** Canceled size. */
  readonly canceledSz: string;
  /** `live`, `partially_filled`, `canceled`, `filled`. */
  readonly state: string;
  /** Average fill price. */
  readonly avgPx: string;
  /** Why it was canceled (`1` user, `20` cancel-all-after timer, ...). */
  readonly cancelSource: string;
  /** Update time, epoch ms. */
  readonly uTime: string;
  /** Creation time, epoch ms. */
  readonly cTime: string;
}

/** Filters of {@linkcode OkxSpreadClient.getSpreads}. */
export interface OkxSpreadsInput {
  /** One spread id. */
  readonly sprdId?: string | undefined;
  /** Spreads based in this currency (`BTC`). */
  readonly baseCcy?: string | undefined;
  /** Spreads with a leg on this instrument (`BTC-USDT-SWAP`). */
  readonly instId?: string | undefined;
  /** `live`, `suspend` or `expired`. */
  readonly state?: "live" | "suspend" | "expired" | undefined;
}

/** One leg of a spread. */
export interface OkxSpreadLeg {
  /** Instrument id, e.g. `BTC-USDT-SWAP`. */
  readonly instId: string;
  /** `buy` or `sell`. */
  readonly side: string;
}

/** A spread as `GET /api/v5/sprd/spreads` states it (every field a string, as sent). */
export interface OkxSpread {
  /** Spread id. */
  readonly sprdId: string;
  /** `linear`, `inverse` or `hybrid`. */
  readonly sprdType: string;
  /** `live`, `suspend` or `expired`. */
  readonly state: string;
  /** Currency the spread is based in (`BTC`). */
  readonly baseCcy: string;
  /** Currency order sizes are in. */
  readonly szCcy: string;
  /** Currency the spread is priced in (`USDT`, `USD`). */
  readonly quoteCcy: string;
  /** Tick size. */
  readonly tickSz: string;
  /** Minimum order size. */
  readonly minSz: string;
  /** Size increment. */
  readonly lotSz: string;
  /** Listing time, epoch ms. */
  readonly listTime: string;
  /** Expiry time, epoch ms (`""` when none). */
  readonly expTime: string;
  /** Update time, epoch ms. */
  readonly uTime: string;
  /** The legs. */
  readonly legs: readonly OkxSpreadLeg[];
}
