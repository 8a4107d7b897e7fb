// p99's cancels: one `DELETE /spot/orders?symbol=X` per market, by id only for an order whose
// market id p99's grammar refuses. Every scope field p99 can be asked about (symbol, base
// coin, quote coin) is a property of the order's market, so a market's bulk cancel removes
// exactly orders in scope. Failures follow the engine's one policy (engine/outcome.ts). Private.

import { cancelOne, failAll, mergeOutcomes } from "../../engine/outcome.ts";
import { mapBounded } from "../../engine/pool.ts";
import type { OpenOrder, StepOutcome } from "../../engine/types.ts";
import type { P99Client, P99SymbolInput } from "./client.ts";
import { SYMBOL_RE } from "./_schemas.ts";

/**
 * Markets or orders cancelled at once by one adapter call, at most: the client's own in-flight
 * cap (16), so a fan-out never queues more than the client would send anyway.
 */
export const FAN_OUT = 16;

/**
 * `DELETE /spot/orders` with `input` (one market, or every market): acknowledged = what the
 * venue says it canceled; the `expected` ids it skipped are already gone (filled or canceled
 * meanwhile). A refusal for the call is the failure of its orders (of the call, when none is
 * known yet); an account-level one is thrown.
 */
export async function cancelMarket(
  client: P99Client,
  input: P99SymbolInput,
  expected: readonly string[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  try {
    const canceled = new Set((await client.cancelAll(input, { signal })).map((o) => o.id));
    return {
      acknowledged: [...canceled],
      alreadyGone: expected.filter((id) => !canceled.has(id)),
      failures: [],
    };
  } catch (error) {
    const outcome = failAll(expected, error);
    if (expected.length > 0 || input.symbol === undefined) return outcome;
    // A market of a sweep: say which one.
    return {
      ...outcome,
      failures: outcome.failures.map((f) => ({ ...f, message: `${input.symbol}: ${f.message}` })),
    };
  }
}

/** One bulk cancel per market in `symbols`, at most {@linkcode FAN_OUT} at once. */
export async function cancelMarkets(
  client: P99Client,
  symbols: readonly string[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const outcomes = await mapBounded(
    symbols,
    FAN_OUT,
    (symbol) => cancelMarket(client, { symbol }, [], signal),
  );
  return mergeOutcomes(outcomes);
}

/**
 * Cancels orders left open: one `DELETE /spot/orders?symbol=X` per market holding them (it
 * also catches orders placed on it since the listing); `DELETE /spot/orders/{id}` for an order
 * whose market id p99's grammar refuses (it cannot be sent as `symbol`).
 */
export async function cancelLeftovers(
  client: P99Client,
  orders: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const bySymbol = new Map<string, string[]>();
  const byId: string[] = [];
  for (const o of orders) {
    if (!SYMBOL_RE.test(o.symbol)) {
      byId.push(o.id);
      continue;
    }
    const ids = bySymbol.get(o.symbol) ?? [];
    ids.push(o.id);
    bySymbol.set(o.symbol, ids);
  }
  const tasks: (() => Promise<StepOutcome>)[] = [
    ...[...bySymbol].map(([symbol, ids]) => () => cancelMarket(client, { symbol }, ids, signal)),
    ...byId.map((id) => () => cancelOne(id, () => client.cancelOrder(id, { signal }))),
  ];
  return mergeOutcomes(await mapBounded(tasks, FAN_OUT, (task) => task()));
}
