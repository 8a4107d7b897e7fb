// One OKX spread order as an AccountAdapter: cancel it, verify it through the order query.
// Lets cancel_spread.ts reuse the engine's verify loop, report and exit codes.
//
// Only the order query seeing the order in a final state (canceled, filled) verifies it. An
// order the venue says it does not know (51603 "Order does not exist") is NOT verified: it
// may be a mistyped id, another account's order or another region's; the run ends with the
// account UNKNOWN and a reason starting "NOT_FOUND", which cancel_spread.ts turns into its
// own exit code (3).

import type {
  AccountAdapter,
  CancelStep,
  CompiledClause,
  Listing,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { AlreadyGoneError, PermanentError, VenueError } from "../../venues/errors.ts";
import type { OkxOrderRef, OkxSpreadClient, OkxSpreadOrder } from "../../venues/okx/client.ts";
import type { TransportEvent } from "../../venues/transport.ts";

/** States the order query documents as final: the order is off the book. */
const FINAL = new Set(["canceled", "filled"]);
/** The order query's "Order does not exist". */
const NOT_FOUND_CODE = "51603";
/** How a not-found verdict's message starts (the report's reason carries it). */
export const NOT_FOUND = "NOT_FOUND";

/**
 * The venue does not know the order: nothing was verified. Not retryable, so the engine
 * stops listing at once and reports the account UNKNOWN with this message.
 */
export class SpreadOrderNotFoundError extends PermanentError {}

/** Whether an account report's reason is a not-found verdict of {@linkcode singleSpreadOrder}. */
export function isNotFoundReason(reason: string): boolean {
  return reason.includes(`${NOT_FOUND}: `);
}

/** An adapter whose whole scope is one spread order. */
export function singleSpreadOrder(
  client: OkxSpreadClient,
  ref: OkxOrderRef,
  label = "default",
): AccountAdapter {
  const params: Record<string, string> = ref.ordId !== undefined
    ? { ordId: ref.ordId }
    : { clOrdId: ref.clOrdId ?? "" };
  const what = ref.ordId !== undefined ? `ordId=${ref.ordId}` : `clOrdId=${ref.clOrdId ?? ""}`;
  /** Whether the order query has shown the order in this run. */
  let seen = false;
  const toOpen = (o: OkxSpreadOrder): OpenOrder => ({
    venue: "okx",
    account: label,
    id: o.ordId,
    clientId: o.clOrdId || undefined,
    symbol: o.sprdId,
    kind: "regular",
    market: "sprd",
    status: o.state,
  });
  const cancel = async (signal: AbortSignal): Promise<StepOutcome> => {
    try {
      const r = await client.cancelOrder(ref, { signal });
      return { acknowledged: [r.ordId], alreadyGone: [], failures: [] };
    } catch (error) {
      if (error instanceof AlreadyGoneError) {
        return { acknowledged: [], alreadyGone: [ref.ordId ?? ref.clOrdId ?? ""], failures: [] };
      }
      throw error;
    }
  };
  const step: CancelStep<"okx", OkxOrderRef> = {
    venue: "okx",
    action: "cancel-all",
    params: ref,
    request: { method: "POST", host: client.host, path: "/api/v5/sprd/cancel-order", params },
    note: "one spread order",
    run: cancel,
  };
  const listing: Listing = {
    request: { method: "GET", host: client.host, path: "/api/v5/sprd/order", params },
    async run(signal: AbortSignal): Promise<OpenOrder[]> {
      let order: OkxSpreadOrder;
      try {
        order = await client.getOrder(ref, { signal });
      } catch (error) {
        if (error instanceof VenueError && error.code === NOT_FOUND_CODE) {
          // Seen earlier in this run and unknown now: no source says OKX forgets a spread
          // order, so this proves nothing either way (fail closed, plain UNKNOWN).
          const message = seen
            ? `okx GET /api/v5/sprd/order: order ${what} was seen earlier in this run and is now unknown to the venue (${NOT_FOUND_CODE}); its final state is not verified`
            : `${NOT_FOUND}: OKX has no spread order ${what} on this account (${NOT_FOUND_CODE} Order does not exist); nothing was verified: check the id, the account and the region`;
          throw new SpreadOrderNotFoundError(message, {
            venue: "okx",
            code: NOT_FOUND_CODE,
            status: error.status,
            endpoint: "GET /api/v5/sprd/order",
          });
        }
        throw error;
      }
      seen = true;
      // Verified only by a final state the venue states; any other state stays open.
      return FINAL.has(order.state) ? [] : [toOpen(order)];
    },
  };
  return {
    venue: "okx",
    account: label,
    host: client.host,
    environment: client.endpoint.environment,
    compile(clause: ScopeClause): CompiledClause {
      if (clause.venues && !clause.venues.includes("okx")) {
        return { clause, steps: [], listings: [] };
      }
      return { clause, steps: [step], listings: [listing] };
    },
    cancelOrders(_orders: readonly OpenOrder[], _compiled: CompiledClause, signal: AbortSignal) {
      return cancel(signal);
    },
    subscribe(listener: (e: TransportEvent) => void): () => void {
      return client.subscribe(listener);
    },
  };
}
