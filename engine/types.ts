/**
 * The contract between the venue-neutral engine and each venue: what a scope clause says,
 * what an open order looks like, what a plan step is, and what an account adapter does.
 *
 * @module
 */

import type { BitgetProductType } from "../venues/bitget/product_types.ts";
import type { BitgetUtaCategory } from "../venues/bitget/uta_categories.ts";
import type { BybitCategory } from "../venues/bybit/categories.ts";
import type { VenueEnvironment } from "../venues/endpoint.ts";
import type { TransportEvent } from "../venues/transport.ts";
import type { HttpMethod, VenueId } from "../venues/types.ts";

/** Regular orders, or conditional ones (stop, TP/SL, trigger/plan). */
export type OrderKind = "regular" | "conditional";

export type { BybitCategory } from "../venues/bybit/categories.ts";
export type { BitgetProductType } from "../venues/bitget/product_types.ts";
export type { BitgetUtaCategory } from "../venues/bitget/uta_categories.ts";

/**
 * One conjunctive clause of a scope: an order is in the clause when it matches every field
 * that is set. An unset field does not restrict. A scope is a union of clauses.
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
  /** OKX Spread refinements. */
  readonly okx?: { readonly sprdIds?: readonly string[] | undefined } | undefined;
  /** Bybit refinements. */
  readonly bybit?: {
    readonly categories?: readonly BybitCategory[] | undefined;
    /** Native orderFilter, passed through to cancel-all (checked against the category). */
    readonly orderFilter?: string | undefined;
  } | undefined;
  /** Bitget refinements. */
  readonly bitget?: {
    readonly productTypes?: readonly BitgetProductType[] | undefined;
    readonly marginCoins?: readonly string[] | undefined;
    /** Unified trading account (v3) categories; classic accounts read the futures ones. */
    readonly categories?: readonly BitgetUtaCategory[] | undefined;
  } | undefined;
  /** p99 refinements. */
  readonly p99?: { readonly symbols?: readonly string[] | undefined } | undefined;
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
  /** Base coin, uppercase, when known. */
  readonly baseCoin?: string | undefined;
  /** Settle coin, uppercase, when known. */
  readonly settleCoin?: string | undefined;
  /** Venue-specific detail needed to cancel it (Bitget planType, ...). */
  readonly detail?: Readonly<Record<string, string>> | undefined;
}

/**
 * One native request, as a plan shows it: host, method, path and parameters (query for GET
 * and DELETE, body fields for POST). Holds no credential.
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
 * One step of a plan for one account.
 * - `cancel-all`: one native mass cancel (`request`).
 * - `cancel-plan`: one native cancel of conditional (plan/trigger) orders (`request`).
 * - `sweep`: the native call cannot express the scope: `request` is the first listing; the
 *   orders it finds in scope are canceled one by one or in batches.
 */
export interface PlanStep {
  /** What kind of step. */
  readonly action: "cancel-all" | "cancel-plan" | "sweep";
  /** The native request (for a sweep, the listing). */
  readonly request: NativeRequest;
  /** Why this step exists, for the dry run (`linear USDT settle coin`, `no symbol field`). */
  readonly note: string;
}

/** A clause compiled for one account: the cancel steps and the listings that verify them. */
export interface CompiledClause {
  /** Cancel steps, sent in parallel within the venue's limits. */
  readonly steps: readonly PlanStep[];
  /** Listings that verify the clause (first page of each), for the dry run. */
  readonly listings: readonly NativeRequest[];
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
 * One venue account, as the engine drives it. Each venue module provides a factory.
 * Every method validates its input; none logs or returns a credential.
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
  /** Compiles one clause to native steps. Pure; throws `InputError` when the venue cannot satisfy it. */
  compile(clause: ScopeClause): CompiledClause;
  /** Whether `order` is covered by `clause` (used to filter listings). */
  matches(order: OpenOrder, clause: ScopeClause): boolean;
  /** Sends one cancel step (for a sweep: lists, then cancels what is in scope). */
  execute(step: PlanStep, clause: ScopeClause, signal: AbortSignal): Promise<StepOutcome>;
  /**
   * Lists every open order the clause covers, all pages of every listing it needs. Orders the
   * same listings returned that the clause does not cover are pushed to `outside` when it is
   * given (for the scope-miss warning; never an extra request). With `readOnly` it only reads:
   * no adapter may send a cancel from inside a listing then (the doctor lists this way).
   */
  listOpen(
    clause: ScopeClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
    options?: { readonly readOnly?: boolean },
  ): Promise<OpenOrder[]>;
  /**
   * Cancels orders still open after the first pass; the adapter picks the cheapest way
   * (re-issue a mass cancel for Bybit's 500 cap, single cancels elsewhere).
   */
  cancelRemaining(
    orders: readonly OpenOrder[],
    clause: ScopeClause,
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
   * The account is then UNKNOWN with this reason, never FLAT. Only the run's own `clauses`
   * count (an adapter may outlive a run).
   */
  unverifiable?(clauses: readonly ScopeClause[]): string | undefined;
}
