// One OKX spread order as an AccountAdapter: cancel it, verify it through the order query.
// Lets cancel_spread.ts reuse the engine's verify loop, report and exit codes.

import type {
  AccountAdapter,
  CompiledClause,
  OpenOrder,
  PlanStep,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { AlreadyGoneError } from "../../venues/errors.ts";
import type { OkxOrderRef, OkxSpreadClient, OkxSpreadOrder } from "../../venues/okx/client.ts";
import type { TransportEvent } from "../../venues/transport.ts";

const ACTIVE = new Set(["live", "partially_filled"]);

/** An adapter whose whole scope is one spread order. */
export function singleSpreadOrder(
  client: OkxSpreadClient,
  ref: OkxOrderRef,
  label = "default",
): AccountAdapter {
  const params: Record<string, string> = ref.ordId !== undefined
    ? { ordId: ref.ordId }
    : { clOrdId: ref.clOrdId ?? "" };
  const step: PlanStep = {
    action: "cancel-all",
    request: { method: "POST", host: client.host, path: "/api/v5/sprd/cancel-order", params },
    note: "one spread order",
  };
  const listing = { method: "GET" as const, host: client.host, path: "/api/v5/sprd/order", params };
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
  return {
    venue: "okx",
    account: label,
    host: client.host,
    environment: client.endpoint.environment,
    compile(clause: ScopeClause): CompiledClause {
      if (clause.venues && !clause.venues.includes("okx")) return { steps: [], listings: [] };
      return { steps: [step], listings: [listing] };
    },
    matches(order: OpenOrder): boolean {
      return ref.ordId !== undefined ? order.id === ref.ordId : order.clientId === ref.clOrdId;
    },
    execute(_step: PlanStep, _clause: ScopeClause, signal: AbortSignal): Promise<StepOutcome> {
      return cancel(signal);
    },
    async listOpen(_clause: ScopeClause, signal: AbortSignal): Promise<OpenOrder[]> {
      try {
        const order = await client.getOrder(ref, { signal });
        return ACTIVE.has(order.state) ? [toOpen(order)] : [];
      } catch (error) {
        if (error instanceof AlreadyGoneError) return [];
        throw error;
      }
    },
    cancelRemaining(_orders: readonly OpenOrder[], _clause: ScopeClause, signal: AbortSignal) {
      return cancel(signal);
    },
    subscribe(listener: (e: TransportEvent) => void): () => void {
      return client.subscribe(listener);
    },
  };
}
