/**
 * The contract between the venue-neutral engine and each venue (v2).
 *
 * - A scope clause ({@linkcode ScopeClause}) is validated once, when its {@linkcode Scope} is
 *   built. Its generic fields are the engine's; a venue's own refinement sits under the venue's
 *   id (`bybit: { categories: ["linear"] }`) and is described by that venue's
 *   {@linkcode RefinementSpec}, so the engine never names a venue.
 * - An {@linkcode AccountAdapter} compiles a clause once into a {@linkcode CompiledClause}: typed
 *   {@linkcode CancelStep}s that run themselves and {@linkcode Listing}s that read the book.
 *   Each carries a {@linkcode NativeRequest} for display only.
 * - The engine owns the rest: which clauses apply to an account, whether an order is in a clause
 *   (one rule, `engine/match.ts`), merging outcomes and the account-versus-order failure policy
 *   (`engine/outcome.ts`), bounded concurrency (`engine/pool.ts`).
 *
 * @module
 */

import type { VenueEnvironment } from "../venues/endpoint.ts";
import type { TransportEvent } from "../venues/transport.ts";
import type { HttpMethod, VenueId } from "../venues/types.ts";

/** Regular orders, or conditional ones (stop, TP/SL, trigger/plan). */
export type OrderKind = "regular" | "conditional";

/**
 * One conjunctive clause of a scope: an order is in the clause when it matches every field
 * that is set. An unset field does not restrict. A scope is a union of clauses.
 *
 * Fields other than the generic ones below are venue refinements, keyed by venue id and
 * checked by that venue's {@linkcode RefinementSpec} when the scope is built.
 */
export interface ScopeClause {
  /** Venues in scope; unset = all. */
  readonly venues?: readonly VenueId[] | undefined;
  /** Account labels in scope; unset = all. */
  readonly accounts?: readonly string[] | undefined;
  /** Venue symbols in scope (`BTCUSDT`, `BTC-USDT_BTC-USDT-SWAP`, `DFUSDT`); unset = all. */
  readonly symbols?: readonly string[] | undefined;
  /** Base coins in scope, uppercase; unset = all. */
  readonly baseCoins?: readonly string[] | undefined;
  /** Settle (margin/quote) coins in scope, uppercase; unset = all. */
  readonly settleCoins?: readonly string[] | undefined;
  /** Order kinds in scope; never empty. */
  readonly kinds: readonly OrderKind[];
  /** Venue refinements, by venue id (each shaped by that venue's {@linkcode RefinementSpec}). */
  readonly [venue: string]: unknown;
}

/** An open order as the engine sees it, normalised across venues. */
export interface OpenOrder {
  /** Venue. */
  readonly venue: VenueId;
  /** Account label. */
  readonly account: string;
  /** Venue order id. */
  readonly id: string;
  /** Client order id, when set. */
  readonly clientId?: string | undefined;
  /** Venue symbol. */
  readonly symbol: string;
  /** Regular or conditional. */
  readonly kind: OrderKind;
  /** Bybit category, Bitget product type (UTA: category), `sprd` (OKX) or `spot` (p99). */
  readonly market: string;
  /** Venue status string (`live`, `New`, `open`, `partially_filled`, ...). */
  readonly status: string;
  /**
   * Base coin, uppercase, when known. A clause with `baseCoins` cannot judge an order without
   * it: the engine then refuses to guess (the account ends UNKNOWN, never FLAT).
   */
  readonly baseCoin?: string | undefined;
  /** Settle coin, uppercase, when known (same rule as `baseCoin`). */
  readonly settleCoin?: string | undefined;
  /** Venue-specific detail needed to cancel it (Bitget planType, ...). */
  readonly detail?: Readonly<Record<string, string>> | undefined;
}

/**
 * One native request, as a plan shows it: host, method, path and parameters (query for GET
 * and DELETE, body fields for POST). Display only: nothing parses it back. Holds no credential.
 */
export interface NativeRequest {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** `host[:port]`: what `--allow-net` must name. */
  readonly host: string;
  /** Path as sent (for p99 including the base URL's path prefix). */
  readonly path: string;
  /** Query or body parameters, in the order they are sent. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * One step of a plan, as a dry run and a report show it.
 * - `cancel-all`: one native mass cancel (`request`).
 * - `cancel-plan`: one native cancel of conditional (plan/trigger) orders (`request`).
 * - `sweep`: the native call cannot express the scope: `request` is the first listing; the
 *   orders it finds in scope are canceled one by one or in batches.
 */
export interface PlanStep {
  /** What kind of step. */
  readonly action: "cancel-all" | "cancel-plan" | "sweep";
  /** The native request (for a sweep, the listing), for display. */
  readonly request: NativeRequest;
  /** Why this step exists, for the dry run (`linear USDT settle coin`, `no symbol field`). */
  readonly note: string;
}

/** A per-item failure reported by the venue (OKX sCode, Bitget failureList, Bybit retExtInfo). */
export interface ItemFailure {
  /** Order id, when the venue named it. */
  readonly id?: string | undefined;
  /** Venue code, when it sent one. */
  readonly code?: string | undefined;
  /** Venue message. */
  readonly message: string;
}

/** What one cancel step or one targeted cancel round achieved, as the venue acknowledged it. */
export interface StepOutcome {
  /** Order ids the venue acknowledged as canceled (not yet verified). */
  readonly acknowledged: readonly string[];
  /** Ids the venue said were already gone (counted as done). */
  readonly alreadyGone: readonly string[];
  /** Per-item failures the venue reported. */
  readonly failures: readonly ItemFailure[];
}

/**
 * A compiled cancel step: the venue's own typed parameters (`params`), a display record, and
 * the means to send itself. A step throws only for failures that concern the whole account
 * (see `isAccountLevel` in `engine/outcome.ts`); per-order failures come back in the outcome.
 */
export interface CancelStep<V extends VenueId = VenueId, P = unknown> extends PlanStep {
  /** Venue whose client runs it. */
  readonly venue: V;
  /** The client's own typed parameters for the call. */
  readonly params: P;
  /** Sends the step. */
  run(signal: AbortSignal): Promise<StepOutcome>;
}

/** Options of {@linkcode Listing.run}. */
export interface ListOptions {
  /** Only read: a listing must not send any cancel then (the doctor lists this way). */
  readonly readOnly?: boolean | undefined;
}

/**
 * A compiled listing: reads every page of one native listing and returns the orders it saw,
 * in scope or not. The engine decides which are in scope ({@linkcode ScopeClause}); the orders
 * just outside feed the scope-miss warning without an extra request.
 */
export interface Listing {
  /** First page, for display. */
  readonly request: NativeRequest;
  /** Reads every page. */
  run(signal: AbortSignal, options?: ListOptions): Promise<readonly OpenOrder[]>;
}

/** A clause compiled once for one account: cancel steps and the listings that verify them. */
export interface CompiledClause {
  /** The clause, as validated when the scope was built. */
  readonly clause: ScopeClause;
  /** Cancel steps, sent in parallel within the venue's limits. */
  readonly steps: readonly CancelStep[];
  /** Listings that verify the clause. */
  readonly listings: readonly Listing[];
}

/**
 * A venue's refinement of a scope clause: the vocabulary only that venue has (Bybit categories,
 * Bitget product types, OKX spread ids, p99 markets). The venue module owns it; the scope
 * builder and the engine use it without knowing the venue by name.
 */
export interface RefinementSpec<V extends VenueId = VenueId, R = unknown> {
  /** Venue id: also the clause field that holds the refinement. */
  readonly venue: V;
  /** Checks a plain refinement (from JSON or a builder call); returns it normalised. */
  parse(value: unknown, where: string): R;
  /** The conjunction of two refinements; throws `InputError` when it selects nothing. */
  narrow(current: R, next: R): R;
  /** Parts of the scope's description (`bybit linear, inverse`). */
  describe(value: R): readonly string[];
  /**
   * Whether an order of this venue passes the refinement; `"undecided"` when the refinement
   * filters on a coin the order does not carry (a margin coin), which the engine treats like
   * an unknown coin under a generic coin filter: never canceled by guess, never dropped.
   */
  matches(order: OpenOrder, value: R): boolean | "undecided";
  /** Symbol lists of the refinement, for the scope-miss warning (`okx spreads`). */
  nearSymbols?(
    value: R,
  ): { readonly name: string; readonly symbols: readonly string[] } | undefined;
}

/** A refinement value bound to its spec, ready for `Scope#refine`. */
export interface Refinement<V extends VenueId = VenueId, R = unknown> {
  /** The venue's spec. */
  readonly spec: RefinementSpec<V, R>;
  /** The refinement. */
  readonly value: R;
}

/**
 * One venue account, as the engine drives it. Each venue module provides a factory. An
 * adapter supplies only what is venue-specific: how to compile a clause into steps and
 * listings, how to cancel orders left over, how to read an order. None logs or returns a
 * credential.
 */
export interface AccountAdapter {
  /** Venue. */
  readonly venue: VenueId;
  /** Account label (`default`, `desk-2`). */
  readonly account: string;
  /** `host[:port]` this account talks to. */
  readonly host: string;
  /** What the host trades against (production, testnet, demo, or a custom base URL). */
  readonly environment: VenueEnvironment;
  /** The venue's refinement spec, when it has one: the engine matches orders with it. */
  readonly refinement?: RefinementSpec | undefined;
  /**
   * Compiles one clause that applies to this account. Pure: sends nothing; throws
   * `InputError` when the venue cannot satisfy it.
   */
  compile(clause: ScopeClause): CompiledClause;
  /**
   * Cancels orders still open after the first pass, all in `compiled`'s clause; the adapter
   * picks the cheapest way (re-issue a mass cancel for Bybit's 500 cap, single cancels
   * elsewhere). Throws only for account-level failures.
   */
  cancelOrders(
    orders: readonly OpenOrder[],
    compiled: CompiledClause,
    signal: AbortSignal,
  ): Promise<StepOutcome>;
  /** Listens to this account's transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void;
  /**
   * Optional: what the last listing could see, when a venue's listings do not see every open
   * order (Bitget lists a creation-time window). A FLAT report's reason carries it.
   */
  coverage?(): string | undefined;
  /**
   * Optional: why an empty listing does not prove this account flat (Bitget: a blind bulk
   * cancel, the only thing that reaches orders older than its listing window, did not go out).
   * The account is then UNKNOWN with this reason, never FLAT. Only the run's own clauses count
   * (an adapter may outlive a run): the engine passes the ones it compiled for this run.
   */
  unverifiable?(compiled: readonly CompiledClause[]): string | undefined;
}
