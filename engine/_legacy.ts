// TEMPORARY bridge from the v1 adapter contract (compile/matches/execute/listOpen/
// cancelRemaining) to v2, so venues can move one at a time. Removed once every venue is on v2.

import type { VenueEnvironment } from "../venues/endpoint.ts";
import type { TransportEvent } from "../venues/transport.ts";
import type { VenueId } from "../venues/types.ts";
import { REFINEMENTS, type TypedClause } from "../venues/registry.ts";
import type {
  AccountAdapter,
  CancelStep,
  CompiledClause,
  NativeRequest,
  OpenOrder,
  PlanStep,
  ScopeClause,
  StepOutcome,
} from "./types.ts";

/** v1 clause: the typed one. */
export type LegacyClause = TypedClause;

/** v1 compiled clause. */
export interface LegacyCompiledClause {
  /** Cancel steps. */
  readonly steps: readonly PlanStep[];
  /** Listings, first page. */
  readonly listings: readonly NativeRequest[];
}

/** v1 adapter. */
export interface LegacyAccountAdapter {
  /** Venue. */
  readonly venue: VenueId;
  /** Account label. */
  readonly account: string;
  /** Host. */
  readonly host: string;
  /** Environment. */
  readonly environment: VenueEnvironment;
  /** Compiles a clause. */
  compile(clause: LegacyClause): LegacyCompiledClause;
  /** Whether an order is in a clause. */
  matches(order: OpenOrder, clause: LegacyClause): boolean;
  /** Sends a step. */
  execute(step: PlanStep, clause: LegacyClause, signal: AbortSignal): Promise<StepOutcome>;
  /** Lists a clause. */
  listOpen(
    clause: LegacyClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
    options?: { readonly readOnly?: boolean },
  ): Promise<OpenOrder[]>;
  /** Cancels orders left. */
  cancelRemaining(
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome>;
  /** Transport events. */
  subscribe(listener: (event: TransportEvent) => void): () => void;
  /** Coverage note. */
  coverage?(): string | undefined;
  /** Why an empty listing proves nothing. */
  unverifiable?(clauses: readonly LegacyClause[]): string | undefined;
}

/** An adapter of either contract. */
export type AnyAccount = AccountAdapter | LegacyAccountAdapter;

/** A v1 adapter's own matcher for a compiled clause (the bridge keeps v1 semantics). */
const matchers = new WeakMap<CompiledClause, (order: OpenOrder) => boolean>();

/** The v1 matcher of a bridged compiled clause, if it is one. */
export function legacyMatcher(c: CompiledClause): ((order: OpenOrder) => boolean) | undefined {
  return matchers.get(c);
}

const bridged = new WeakMap<LegacyAccountAdapter, AccountAdapter>();

/** The v2 view of an adapter (itself when already v2). */
export function asAdapter(a: AnyAccount): AccountAdapter {
  if (!("listOpen" in a)) return a;
  const known = bridged.get(a);
  if (known) return known;
  const legacy = a;
  const adapter: AccountAdapter = {
    venue: legacy.venue,
    account: legacy.account,
    host: legacy.host,
    environment: legacy.environment,
    refinement: REFINEMENTS.find((r) => r.venue === legacy.venue),
    compile(clause: ScopeClause): CompiledClause {
      const c = clause as LegacyClause;
      const v1 = legacy.compile(c);
      const steps: CancelStep[] = v1.steps.map((s) => ({
        ...s,
        venue: legacy.venue,
        params: s.request.params,
        run: (signal: AbortSignal) => legacy.execute(s, c, signal),
      }));
      const listings = v1.listings.map((request, i) => ({
        request,
        run: async (signal: AbortSignal, options?: { readonly readOnly?: boolean | undefined }) => {
          if (i > 0) return [];
          const outside: OpenOrder[] = [];
          const inside = await legacy.listOpen(c, signal, outside, {
            readOnly: options?.readOnly ?? false,
          });
          return [...inside, ...outside];
        },
      }));
      const compiled: CompiledClause = { clause, steps, listings };
      matchers.set(compiled, (o) => legacy.matches(o, c));
      return compiled;
    },
    cancelOrders: (orders, compiled, signal) =>
      legacy.cancelRemaining(orders, compiled.clause as LegacyClause, signal),
    subscribe: (listener) => legacy.subscribe(listener),
    coverage: () => legacy.coverage?.(),
    unverifiable: (clauses) => legacy.unverifiable?.(clauses as LegacyClause[]),
  };
  bridged.set(legacy, adapter);
  return adapter;
}
