// What the private Bybit modules share for one account: its client, label, instrument
// metadata and configured settle coins. Built once by the adapter.

import type { Instruments } from "./_symbols.ts";
import type { BybitClient } from "./client.ts";

/** One Bybit account, as the compile, listing and cancel modules use it. */
export interface BybitContext {
  /** The account's client. */
  readonly client: BybitClient;
  /** Account label. */
  readonly account: string;
  /** Instrument metadata (coins the venue states), cached for about a run. */
  readonly instruments: Instruments;
  /** Settle coins a bare linear scope is planned and listed by. */
  readonly linearSettleCoins: readonly string[];
  /** Settle coins a bare inverse scope cancels up front. */
  readonly inverseSettleCoins: readonly string[];
}
