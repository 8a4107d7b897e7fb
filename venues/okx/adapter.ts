/**
 * The OKX Spread account adapter: compiles a scope clause to spread mass cancels (or a sweep
 * when base/settle coins are asked for) with the listing that verifies them, and cancels
 * what a verification round still finds open.
 *
 * Base and settle coins come from what the venue states about each spread (`GET
 * /api/v5/sprd/spreads`: `baseCcy`, `quoteCcy`, `sprdType`), fetched only when a clause names
 * coins and cached for the adapter's life (one run); never from the spread id's spelling.
 * Which orders are in scope is the engine's one rule (`engine/match.ts`) with the OKX
 * refinement (`./scope.ts`); an order whose coins the metadata cannot settle stays open and
 * keeps the account from FLAT, never cancelled on a guess.
 *
 * @module
 */

import { membership } from "../../engine/match.ts";
import type {
  AccountAdapter,
  CompiledClause,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import type { OkxSpreadClient } from "./client.ts";
import { cancelSpreadOrders } from "./_cancel.ts";
import { compileClause, type OkxCompiledClause } from "./_compile.ts";
import type { OkxContext } from "./_context.ts";
import { SpreadBook } from "./_spreads.ts";
import { OKX_REFINEMENT } from "./scope.ts";

export type {
  OkxCancelStep,
  OkxCompiledClause,
  OkxMassCancelStep,
  OkxSweepStep,
} from "./_compile.ts";
export type { OkxListing } from "./_listing.ts";
export { type OkxSpreadCoins, okxSpreadCoins } from "./_spreads.ts";

/** Options of {@linkcode createOkxAccount}. */
export interface OkxAccountOptions {
  /** Cancels in flight at once (the client's rate limiter still paces them); default 20. */
  readonly concurrency?: number | undefined;
  /**
   * An order whose cancel was acknowledged less than this many ms ago is not canceled again
   * by {@linkcode OkxAccount.cancelOrders}: OKX takes the order off the book shortly after the
   * acknowledgement, and re-issuing in every verification round only spends the rate budget
   * (mass cancel: 10 per 2 s). Default 250; 0 re-issues every time.
   */
  readonly recancelAfterMs?: number | undefined;
}

/** An OKX account adapter: its compiled clauses carry OKX's typed steps and listings. */
export interface OkxAccount extends AccountAdapter {
  /** Venue. */
  readonly venue: "okx";
  /** Compiles one clause that applies to this account (see {@linkcode AccountAdapter.compile}). */
  compile(clause: ScopeClause): OkxCompiledClause;
}

/**
 * Builds the adapter for one OKX account.
 *
 * @example Plan a spread cancel
 * ```ts
 * import { OkxSpreadClient } from "./client.ts";
 * import { createOkxAccount } from "./adapter.ts";
 * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
 * const account = createOkxAccount(client, "desk-1");
 * const plan = account.compile({ kinds: ["regular"], okx: { sprdIds: ["BTC-USDT_BTC-USDT-SWAP"] } });
 * plan.steps[0]?.params; // { sprdId: "BTC-USDT_BTC-USDT-SWAP" }
 * ```
 */
export function createOkxAccount(
  client: OkxSpreadClient,
  label = "default",
  options: OkxAccountOptions = {},
): OkxAccount {
  if (label.trim() === "") {
    throw new InputError("Cannot create OKX account: label must not be empty");
  }
  const concurrency = options.concurrency ?? 20;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InputError(
      "Cannot create OKX account: concurrency must be a whole number, 1 or more",
    );
  }
  const recancelAfterMs = options.recancelAfterMs ?? 250;
  if (!(Number.isFinite(recancelAfterMs) && recancelAfterMs >= 0)) {
    throw new InputError("Cannot create OKX account: recancelAfterMs must be zero or more");
  }
  const ctx: OkxContext = {
    client,
    label,
    spreads: new SpreadBook(client, concurrency),
    concurrency,
    ackedAt: new Map(),
  };

  /** Re-cancels what a verification round found open, skipping fresh acknowledgements. */
  function cancelOrders(
    orders: readonly OpenOrder[],
    compiled: CompiledClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const now = performance.now();
    for (const [id, at] of ctx.ackedAt) if (now - at >= recancelAfterMs) ctx.ackedAt.delete(id);
    // Never cancel what is not this account's or not in the clause, whatever the caller
    // passed: a per-spread mass cancel would take the whole spread.
    const chosen = orders.filter((o) =>
      o.venue === "okx" && o.account === label && !ctx.ackedAt.has(o.id) &&
      membership(o, compiled.clause, OKX_REFINEMENT) === "in"
    );
    return cancelSpreadOrders(ctx, chosen, signal);
  }

  return {
    venue: "okx",
    account: label,
    host: client.host,
    environment: client.endpoint.environment,
    refinement: OKX_REFINEMENT,
    compile: (clause) => compileClause(ctx, clause),
    cancelOrders,
    subscribe: (listener: (event: TransportEvent) => void) => client.subscribe(listener),
  };
}
