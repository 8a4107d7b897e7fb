/**
 * Compiles one scope clause for an OKX account: spread mass cancels when the clause names
 * spreads or nothing, a sweep when it names base or settle coins (which only the venue's
 * spread metadata states), and the listing that verifies it.
 *
 * @module
 */

import { membership } from "../../engine/match.ts";
import { mergeOutcomes } from "../../engine/outcome.ts";
import { refinementOf } from "../../engine/refinement.ts";
import type {
  CancelStep,
  CompiledClause,
  ItemFailure,
  OpenOrder,
  ScopeClause,
} from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import type { OkxListPendingInput, OkxMassCancelInput } from "./client.ts";
import { cancelSpreadOrders, massCancel } from "./_cancel.ts";
import { display, MASS_CANCEL, type OkxContext } from "./_context.ts";
import { type OkxListing, spreadListing } from "./_listing.ts";
import { SPREAD_ID } from "./_schemas.ts";
import { needsCoins } from "./_spreads.ts";
import { OKX_REFINEMENT } from "./scope.ts";

/** A mass cancel: every spread order of the account, or one spread's. */
export type OkxMassCancelStep = CancelStep<"okx", OkxMassCancelInput>;

/** A sweep: list (these filters), read the spreads' coins, cancel the orders in scope. */
export type OkxSweepStep = CancelStep<"okx", OkxListPendingInput>;

/** A step of an OKX plan. */
export type OkxCancelStep = OkxMassCancelStep | OkxSweepStep;

/** A clause compiled for an OKX account. */
export interface OkxCompiledClause extends CompiledClause {
  /** Mass cancels, or one sweep. */
  readonly steps: readonly OkxCancelStep[];
  /** The listing that verifies them (none when the clause selects nothing on OKX). */
  readonly listings: readonly OkxListing[];
}

/**
 * The spread ids the clause names, or undefined for "all". A clause is a conjunction, so
 * `okx.sprdIds` narrows the generic `symbols` (and the reverse): both must hold. Throws
 * `InputError` for a spread id OKX would not recognise.
 */
export function namedSpreads(clause: ScopeClause): string[] | undefined {
  const ids = refinementOf(OKX_REFINEMENT, clause)?.sprdIds;
  const symbols = clause.symbols;
  if (ids === undefined && symbols === undefined) return undefined;
  // Only spread ids (legs joined by "_") can name OKX spread orders; other venues' symbols
  // in a shared clause select nothing here.
  const generic = symbols?.filter((s) => s.includes("_"));
  for (const id of [...(ids ?? []), ...(generic ?? [])]) {
    // A misspelt id would be answered "does not exist" (counted as done) and match no listed
    // order: the account would look flat while the real spread stays open.
    if (!SPREAD_ID.test(id)) {
      throw new InputError(
        `Cannot compile OKX scope: "${id}" is not an OKX spread id (uppercase legs joined by "_", like BTC-USDT_BTC-USDT-SWAP)`,
      );
    }
  }
  const chosen = ids === undefined
    ? generic ?? []
    : generic === undefined
    ? ids
    : ids.filter((id) => generic.includes(id));
  return [...new Set(chosen)];
}

/** Compiles one clause that applies to the account. Pure: sends nothing. */
export function compileClause(ctx: OkxContext, clause: ScopeClause): OkxCompiledClause {
  const nothing: OkxCompiledClause = { clause, steps: [], listings: [] };
  // Every OKX spread order is a regular order: a conditional-only clause selects nothing.
  if (!clause.kinds.includes("regular")) return nothing;
  const named = namedSpreads(clause);
  if (named !== undefined && named.length === 0) return nothing;
  // One spread named: the listing asks for it. Several or none: one bare listing (the venue
  // caps pending spread orders at 500, so at most 5 pages), which the engine filters.
  const [only] = named?.length === 1 ? named : [];
  const params: OkxListPendingInput = only === undefined ? {} : { sprdId: only };
  if (needsCoins(clause)) {
    // Coins are a property of the spread that only the venue's metadata states: read it for
    // the spreads the clause could hold.
    const listing = spreadListing(ctx, params, (sprdId) => named?.includes(sprdId) ?? true);
    return { clause, steps: [sweep(ctx, clause, listing)], listings: [listing] };
  }
  const listing = spreadListing(ctx, params);
  const steps = named === undefined
    ? [massCancelStep(ctx, {}, "every spread order of the account")]
    : named.map((sprdId) => massCancelStep(ctx, { sprdId }, "this spread's orders only"));
  return { clause, steps, listings: [listing] };
}

function massCancelStep(
  ctx: OkxContext,
  params: OkxMassCancelInput,
  note: string,
): OkxMassCancelStep {
  return {
    venue: "okx",
    action: "cancel-all",
    params,
    request: display(ctx, "POST", MASS_CANCEL, params.sprdId ? { sprdId: params.sprdId } : {}),
    note,
    run: (signal) => massCancel(ctx, params, [], signal),
  };
}

/**
 * Lists, reads the coins of the spreads found, and cancels the orders the engine's rule puts
 * in the clause. An order whose spread's coins the metadata cannot settle is left open and
 * reported with the reason (the engine keeps it open too: the account is never FLAT).
 */
function sweep(ctx: OkxContext, clause: ScopeClause, listing: OkxListing): OkxSweepStep {
  const fields = clause.baseCoins && clause.settleCoins
    ? "base and settle coins are not mass-cancel fields"
    : `${clause.baseCoins ? "base" : "settle"} coin is not a mass-cancel field`;
  return {
    venue: "okx",
    action: "sweep",
    params: listing.params,
    request: listing.request,
    note:
      `${fields}: list, read each spread's coins from GET /api/v5/sprd/spreads, cancel the spreads in scope`,
    async run(signal) {
      const listed = await listing.run(signal);
      const inScope: OpenOrder[] = [];
      const failures: ItemFailure[] = [];
      for (const o of listed) {
        const verdict = membership(o, clause, OKX_REFINEMENT);
        if (verdict === "in") inScope.push(o);
        else if (verdict === "undecided") {
          failures.push({
            id: o.id,
            message: `cannot tell whether it is in the coin filter: ${
              ctx.spreads.unsettled(o.symbol, clause)
            }; left open, neither cancelled nor counted as out of scope`,
          });
        }
      }
      const outcome = await cancelSpreadOrders(ctx, inScope, signal);
      return mergeOutcomes([outcome, { acknowledged: [], alreadyGone: [], failures }]);
    },
  };
}
