// Test helper shared by the Bybit client and adapter tests: seed orders straight into a
// simulator account, the way the simulator itself builds them.

import { bybitSim } from "../sim/bybit.ts";
import type { SimAccount, SimState } from "../sim/core.ts";

/** Adds `n` open orders in one market and symbol; returns their ids. */
export function seed(
  state: SimState,
  account: SimAccount,
  n: number,
  market: string,
  symbol: string,
  kind: "regular" | "conditional" = "regular",
): string[] {
  return Array.from({ length: n }, () => {
    const o = bybitSim.makeOrder(account, {
      venue: "bybit",
      account: account.index,
      count: 1,
      market,
      symbol,
      kind,
    }, state);
    account.orders.set(o.id, o);
    return o.id;
  });
}
