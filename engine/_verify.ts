// Listing and re-cancel for the cancel engine's verification, with its one matching rule
// (engine/match.ts membership). `listAll` is re-exported by engine/run.ts.

import { membership } from "./match.ts";
import { mergeOutcomes } from "./outcome.ts";
import type {
  AccountAdapter,
  CompiledClause,
  ListOptions,
  OpenOrder,
  StepOutcome,
} from "./types.ts";

/**
 * Reads every listing of every compiled clause and keeps the orders in scope, merged by id:
 * the engine's one matching rule ({@linkcode membership}). Orders no clause covers go to
 * `outside` (the scope-miss warning); orders a coin filter cannot judge go to `undecided` and
 * stay in the result, so the account cannot be FLAT while they are open.
 */
export async function listAll(
  adapter: AccountAdapter,
  compiled: readonly CompiledClause[],
  signal: AbortSignal,
  outside?: Map<string, OpenOrder>,
  undecided?: Map<string, OpenOrder>,
  options?: ListOptions,
): Promise<OpenOrder[]> {
  const seen = await Promise.all(
    compiled.map(async (c) =>
      (await Promise.all(c.listings.map((l) => l.run(signal, options)))).flat()
    ),
  );
  const inScope = new Map<string, OpenOrder>();
  const unsure = new Map<string, OpenOrder>();
  const other = new Map<string, OpenOrder>();
  for (const orders of seen) {
    for (const o of orders) {
      if (inScope.has(o.id)) continue;
      let verdict: "in" | "out" | "undecided" = "out";
      for (const c of compiled) {
        const m = membership(o, c.clause, adapter.refinement);
        if (m === "in") {
          verdict = "in";
          break;
        }
        if (m === "undecided") verdict = "undecided";
      }
      if (verdict === "in") {
        inScope.set(o.id, o);
        unsure.delete(o.id);
        other.delete(o.id);
      } else if (verdict === "undecided") unsure.set(o.id, o);
      else if (!unsure.has(o.id)) other.set(o.id, o);
    }
  }
  for (const [id, o] of other) outside?.set(id, o);
  for (const [id, o] of unsure) undecided?.set(id, o);
  return [...inScope.values(), ...unsure.values()];
}

/**
 * Re-cancels remaining orders, each with the first compiled clause that certainly covers it.
 * Orders no clause can judge are never cancelled by guess: each is an item failure.
 */
export async function cancelRemaining(
  adapter: AccountAdapter,
  compiled: readonly CompiledClause[],
  open: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const groups = new Map<CompiledClause, OpenOrder[]>();
  const unknown: OpenOrder[] = [];
  for (const o of open) {
    const c = compiled.find((c) => membership(o, c.clause, adapter.refinement) === "in");
    if (!c) {
      unknown.push(o);
      continue;
    }
    const list = groups.get(c) ?? [];
    list.push(o);
    groups.set(c, list);
  }
  const outcomes = await Promise.all(
    [...groups].map(([c, orders]) => adapter.cancelOrders(orders, c, signal)),
  );
  return mergeOutcomes([...outcomes, {
    acknowledged: [],
    alreadyGone: [],
    failures: unknown.map((o) => ({
      id: o.id,
      message: `cannot tell whether ${o.market} ${
        o.symbol.slice(0, 40)
      } is in the coin scope: its coin is not known; left open`,
    })),
  }]);
}
