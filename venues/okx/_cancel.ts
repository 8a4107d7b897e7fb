/**
 * OKX spread cancels: a mass cancel (every spread order, or one spread's), and the cancel of
 * given orders the cheapest way (a mass cancel per spread holding several, a single cancel
 * otherwise). Failures follow the engine's one policy (`engine/outcome.ts`).
 *
 * Every spread order is a regular order, and every clause field OKX can filter on (spread
 * id, base coin, settle coin) is a property of the spread. So once a listing has shown which
 * spreads hold in-scope orders, a mass cancel per such spread is exact: it cannot touch an
 * order outside the clause.
 *
 * @module
 */

import { cancelOne, failAll, mergeOutcomes } from "../../engine/outcome.ts";
import { mapBounded } from "../../engine/pool.ts";
import type { ItemFailure, OpenOrder, StepOutcome } from "../../engine/types.ts";
import { VenueError } from "../errors.ts";
import type { OkxMassCancelInput } from "./client.ts";
import type { OkxContext } from "./_context.ts";

/**
 * One mass cancel. `received` acknowledges `ids` (the orders it is sent for; none for a
 * plan's step, which does not know them); `result: false` fails them.
 */
export async function massCancel(
  ctx: OkxContext,
  input: OkxMassCancelInput,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  try {
    if (await ctx.client.massCancel(input, { signal })) {
      return { acknowledged: [...ids], alreadyGone: [], failures: [] };
    }
    const message = `mass cancel${
      input.sprdId === undefined ? "" : ` of ${input.sprdId}`
    } not received (result false)`;
    const failures: ItemFailure[] = ids.length ? ids.map((id) => ({ id, message })) : [{ message }];
    return { acknowledged: [], alreadyGone: [], failures };
  } catch (error) {
    // OKX-specific, beyond the engine's policy: 51001 ("Instrument ID, Instrument ID code or
    // Spread ID doesn't exist", a bad_request) on a one-spread mass cancel means nothing of it
    // can be open, so it is done. Source: okx.com/docs-v5/en/#error-code-rest-api, ledger row
    // quirk.51001-mass-cancel in docs/fidelity/okx.md. The spread id's grammar is checked at
    // compile, so a misspelt id never gets here.
    const unknownSpread = input.sprdId !== undefined && error instanceof VenueError &&
      error.code === "51001";
    const gone = error instanceof VenueError && error.kind === "gone";
    if (unknownSpread || gone) return { acknowledged: [], alreadyGone: [...ids], failures: [] };
    return failAll(ids, error);
  }
}

/**
 * Cancels `orders` (all in scope): one mass cancel per spread holding several, a single
 * cancel otherwise, at most `ctx.concurrency` at once. Records what was acknowledged.
 */
export async function cancelSpreadOrders(
  ctx: OkxContext,
  orders: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const groups = new Map<string, string[]>();
  for (const o of orders) {
    const ids = groups.get(o.symbol);
    if (ids) ids.push(o.id);
    else groups.set(o.symbol, [o.id]);
  }
  const outcomes = await mapBounded([...groups], ctx.concurrency, ([sprdId, ids]) => {
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) {
      // Acknowledged: sCode 0, or 51410 (a cancel is already pending).
      return cancelOne(only, () => ctx.client.cancelOrder({ ordId: only }, { signal }));
    }
    return massCancel(ctx, { sprdId }, ids, signal);
  });
  const outcome = mergeOutcomes(outcomes);
  const now = performance.now();
  for (const id of outcome.acknowledged) ctx.ackedAt.set(id, now);
  return outcome;
}
