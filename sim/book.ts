/**
 * The one per-venue state model of the simulator: a {@linkcode VenueBook} per venue holds the
 * venue's accounts (keys and order books), its fault rules, its rate windows (through the
 * state), its clock, and whatever else the venue keeps per account or venue-wide, in typed
 * slots ({@linkcode AccountSlot}, {@linkcode VenueSlot}) that a venue module declares once.
 * Venue modules hold no state of their own: they speak the venue's wire protocol over a book.
 *
 * @module
 */

import type { SimAccount, SimOrder, SimRequest, SimState } from "./core.ts";
import { type FaultKind, FaultRules, type FaultSpec } from "./faults.ts";
import type { VenueId } from "./types.ts";

/** Options of a slot. */
export interface SlotOptions {
  /** Whether `/__sim/reset` (`SimState.reset`) puts the slot back to its first value. */
  readonly clearOnReset?: boolean | undefined;
}

/** A value a venue keeps in its book, made by `init` on first use. */
export class BookSlot<T> {
  /** Makes the first value. */
  readonly init: () => T;
  /** Options. */
  readonly options: SlotOptions;

  /** A slot whose first value `init` makes. */
  constructor(init: () => T, options: SlotOptions = {}) {
    this.init = init;
    this.options = options;
  }
}

/**
 * A value a venue keeps once per account (a mode, a seeding counter, an armed timer). Declare
 * it once, at module level, and read it through a book.
 *
 * @example A per-account counter
 * ```ts
 * import { AccountSlot } from "./book.ts";
 * import { SimState } from "./core.ts";
 * const SEQ = new AccountSlot(() => 0);
 * const book = new SimState({ accounts: 1 }).book("bybit");
 * book.set(SEQ, 0, book.get(SEQ, 0) + 1);
 * book.get(SEQ, 0); // 1
 * ```
 */
export class AccountSlot<T> extends BookSlot<T> {
  /** One value per account. */
  readonly scope = "account" as const;
}

/**
 * A value a venue keeps once per simulator (its configuration, response-header windows).
 *
 * @example A venue's configuration
 * ```ts
 * import { VenueSlot } from "./book.ts";
 * import { SimState } from "./core.ts";
 * const CONFIG = new VenueSlot(() => ({ engineMs: 1 }));
 * const book = new SimState({ accounts: 1 }).book("p99");
 * book.set(CONFIG, { engineMs: 20 });
 * book.get(CONFIG).engineMs; // 20
 * ```
 */
export class VenueSlot<T> extends BookSlot<T> {
  /** One value for the venue. */
  readonly scope = "venue" as const;
}

/**
 * Request start times per key, for sliding-window rate limits.
 *
 * @example Two requests a second
 * ```ts
 * import { RateWindows } from "./book.ts";
 * const windows = new RateWindows();
 * windows.take("k", 2, 1000) && windows.take("k", 2, 1000); // true
 * windows.take("k", 2, 1000); // false
 * ```
 */
export class RateWindows {
  readonly #starts = new Map<string, number[]>();

  /**
   * Records a request on `key` at `now`; false (and nothing recorded) when `limit` requests per
   * `intervalMs` are used up.
   */
  take(key: string, limit: number, intervalMs: number, now = performance.now()): boolean {
    const starts = this.#prune(key, intervalMs, now);
    if (starts.length >= limit) return false;
    starts.push(now);
    return true;
  }

  /** The starts on `key` within `intervalMs` before `now`, after recording `now` if `add`. */
  note(key: string, intervalMs: number, add: boolean, now = performance.now()): readonly number[] {
    const starts = this.#prune(key, intervalMs, now);
    if (add) starts.push(now);
    return starts;
  }

  #prune(key: string, intervalMs: number, now: number): number[] {
    let starts = this.#starts.get(key);
    if (!starts) {
      starts = [];
      this.#starts.set(key, starts);
    }
    while (starts.length > 0 && (starts[0] ?? 0) <= now - intervalMs) starts.shift();
    return starts;
  }

  /** Forgets every window. */
  clear(): void {
    this.#starts.clear();
  }
}

type AnySlot = BookSlot<unknown>;

/**
 * Whether an order is still on the book (open or partially filled).
 *
 * @example Filter a book
 * ```ts
 * import { isActive, SimState } from "./core.ts";
 * const state = new SimState({ accounts: 1 });
 * [...state.account("p99", 0).orders.values()].filter(isActive).length; // 0
 * ```
 */
export function isActive(order: SimOrder): boolean {
  return order.status === "open" || order.status === "partially_filled";
}

/**
 * Marks an order canceled now.
 *
 * @example Cancel in a venue handler
 * ```ts
 * import { cancelNow, type SimOrder } from "./core.ts";
 * const cancel = (order: SimOrder) => cancelNow(order);
 * ```
 */
export function cancelNow(order: SimOrder): void {
  order.status = "canceled";
  order.cancelAtMs = undefined;
  order.updatedMs = Date.now();
}

/**
 * Numeric-string ids compared as numbers (a shorter id is smaller): negative, zero or positive.
 *
 * @example Newest first
 * ```ts
 * import { compareIds } from "./book.ts";
 * ["9", "10", "11"].sort((a, b) => compareIds(b, a)); // ["11", "10", "9"]
 * ```
 */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One venue's state: its accounts and their orders, fault rules, clock and slots. Every venue
 * module uses the same book API; `SimState.book(venue)` hands it out.
 *
 * @example Seed and list an account's orders
 * ```ts
 * import { SimState } from "./core.ts";
 * import { p99Sim } from "./p99.ts";
 * const state = new SimState({ accounts: 1 });
 * const book = state.book("p99");
 * const account = book.account(0);
 * book.add(account, p99Sim.makeOrder(account, { venue: "p99", account: 0, count: 1 }, state));
 * book.open(account).length; // 1
 * ```
 */
export class VenueBook {
  /** The venue. */
  readonly venue: VenueId;
  /** Its accounts, by index. */
  readonly accounts: readonly SimAccount[];
  readonly #state: SimState;
  readonly #faults = new FaultRules();
  readonly #shared = new Map<AnySlot, unknown>();
  readonly #perAccount = new Map<number, Map<AnySlot, unknown>>();

  /** The book of `venue` in `state`, over `accounts`. */
  constructor(state: SimState, venue: VenueId, accounts: readonly SimAccount[]) {
    this.#state = state;
    this.venue = venue;
    this.accounts = accounts;
  }

  // --- accounts and clock -------------------------------------------------------------------

  /** Account `index`; throws when there is none. */
  account(index: number): SimAccount {
    const account = this.accounts[index];
    if (!account) throw new Error(`Simulator has no ${this.venue} account ${index}`);
    return account;
  }

  /** The account owning `apiKey`, or undefined. */
  byApiKey(apiKey: string): SimAccount | undefined {
    return this.accounts.find((a) => a.apiKey === apiKey);
  }

  /** The account owning `jwt`, or undefined. */
  byJwt(jwt: string): SimAccount | undefined {
    return this.accounts.find((a) => a.jwt === jwt);
  }

  /** The venue's clock: local time plus the injected skew. */
  now(): number {
    return this.#state.venueNow(this.venue);
  }

  /** The simulator this book belongs to (ids, randomness and settings are simulator-wide). */
  get state(): SimState {
    return this.#state;
  }

  // --- orders -------------------------------------------------------------------------------

  /** Puts `order` on `account`'s book and returns it. */
  add(account: SimAccount, order: SimOrder): SimOrder {
    account.orders.set(order.id, order);
    return order;
  }

  /** Applies delayed cancels (OKX) whose time has come. Call before reading a book. */
  settle(account: SimAccount): void {
    const now = Date.now();
    for (const order of account.orders.values()) {
      if (order.cancelAtMs !== undefined && order.cancelAtMs <= now && isActive(order)) {
        order.status = "canceled";
        order.updatedMs = now;
        order.cancelAtMs = undefined;
      }
    }
  }

  /** Open (active) orders of `account`, after settling delayed cancels, oldest first. */
  open(account: SimAccount): SimOrder[] {
    this.settle(account);
    return [...account.orders.values()].filter(isActive);
  }

  /** Every order of `account` holding client id `clientId`, terminal ones too, oldest first. */
  byClientId(account: SimAccount, clientId: string): SimOrder[] {
    return [...account.orders.values()].filter((o) => o.clientId === clientId);
  }

  // --- faults and limits --------------------------------------------------------------------

  /** Adds a fault rule for this venue. */
  addFault(spec: FaultSpec): void {
    this.#faults.add(spec);
  }

  /** Removes this venue's fault rules. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /**
   * The first fault rule (of `kinds`) that applies to this request, consuming one use. The
   * server takes the generic kinds before the handler runs; venue modules take
   * `partial-failure` and `reappear` once they know the account.
   */
  takeFault(
    method: string,
    path: string,
    kinds: readonly FaultKind[],
    account?: number,
  ): FaultSpec | undefined {
    return this.#faults.take(method, path, kinds, account);
  }

  /**
   * A `reappear` fault after a cancel call: a strategy still placing orders. Adds the rule's
   * `orders` (default 1) orders that `make` returns; `make` returning undefined stops early.
   */
  reappear(req: SimRequest, account: SimAccount, make: () => SimOrder | undefined): void {
    const fault = this.takeFault(req.method, req.path, ["reappear"], account.index);
    if (!fault) return;
    for (let i = 0; i < (fault.orders ?? 1); i++) {
      const order = make();
      if (!order) return;
      this.add(account, order);
    }
  }

  /** Records one request on this venue's window `key`; false when it is over `limit`. */
  takeRate(key: string, limit: number, intervalMs: number): boolean {
    return this.#state.takeRate(`${this.venue}:${key}`, limit, intervalMs);
  }

  // --- slots --------------------------------------------------------------------------------

  /** The venue-wide value of `slot`. */
  get<T>(slot: VenueSlot<T>): T;
  /** The value of `slot` for `account` (or account index). */
  get<T>(slot: AccountSlot<T>, account: SimAccount | number): T;
  get<T>(slot: VenueSlot<T> | AccountSlot<T>, account?: SimAccount | number): T {
    const map = this.#slots(slot, account);
    if (!map.has(slot)) map.set(slot, slot.init());
    return map.get(slot) as T;
  }

  /** Replaces the venue-wide value of `slot`. */
  set<T>(slot: VenueSlot<T>, value: T): void;
  /** Replaces the value of `slot` for `account` (or account index). */
  set<T>(slot: AccountSlot<T>, account: SimAccount | number, value: T): void;
  set<T>(slot: VenueSlot<T> | AccountSlot<T>, a: T | SimAccount | number, b?: T): void {
    if (slot instanceof VenueSlot) this.#shared.set(slot, a);
    else this.#slots(slot, a as SimAccount | number).set(slot, b);
  }

  #slots(slot: AnySlot, account: SimAccount | number | undefined): Map<AnySlot, unknown> {
    if (slot instanceof VenueSlot) return this.#shared;
    const index = typeof account === "number" ? account : account?.index ?? -1;
    let map = this.#perAccount.get(index);
    if (!map) {
      map = new Map();
      this.#perAccount.set(index, map);
    }
    return map;
  }

  /** Empties every book, drops the fault rules and the slots marked `clearOnReset`. */
  reset(): void {
    for (const account of this.accounts) account.orders.clear();
    this.clearFaults();
    for (const map of [this.#shared, ...this.#perAccount.values()]) {
      for (const slot of [...map.keys()]) if (slot.options.clearOnReset) map.delete(slot);
    }
  }
}
