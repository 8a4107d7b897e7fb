/**
 * The simulator's shared state: one book per venue (`book.ts`: accounts with their orders,
 * fault rules, slots), plus latency, clock skew, server-side rate limits and request counts.
 * Venue handlers (`okx.ts`, `bybit.ts`, `bitget.ts`, `p99.ts`) implement {@linkcode VenueSim}
 * on top of it. Fault rules are validated in `faults.ts`.
 *
 * @module
 */

import { RateWindows, VenueBook } from "./book.ts";
import { type FaultKind, type FaultSpec, parseFaultSpec } from "./faults.ts";
import { type OrderKind, SIM_VENUES, type VenueId } from "./types.ts";

export {
  AccountSlot,
  BookSlot,
  cancelNow,
  isActive,
  type SlotOptions,
  VenueBook,
  VenueSlot,
} from "./book.ts";
export { type FaultKind, type FaultSpec, parseFaultSpec } from "./faults.ts";

/** An order held by the simulator, normalised; venue handlers render it in the venue's shape. */
export interface SimOrder {
  /** Venue order id (OKX numeric string, Bybit UUID, Bitget numeric string, p99 UUID). */
  id: string;
  /** Client order id (`""` when none). */
  clientId: string;
  /** Venue symbol as the venue spells it. */
  symbol: string;
  /** Regular or conditional (Bybit stop/TP-SL, Bitget plan). */
  kind: OrderKind;
  /** Bybit category, Bitget productType, `sprd` (OKX), `spot` (p99). */
  market: string;
  /** Base coin, uppercase. */
  baseCoin: string;
  /** Settle (or quote) coin, uppercase. */
  settleCoin: string;
  /** Normalised state. */
  status: "open" | "partially_filled" | "canceled" | "filled";
  /** When set, a cancel was accepted and the order leaves the book at this time (OKX). */
  cancelAtMs?: number | undefined;
  /** Creation time, epoch ms. */
  createdMs: number;
  /** Last update, epoch ms. */
  updatedMs: number;
  /** Venue-specific fields (side, price, qty, planType, stopOrderType, ...). */
  extra: Record<string, string>;
}

/** One simulated account of one venue, with its credentials. */
export interface SimAccount {
  /** Venue. */
  readonly venue: VenueId;
  /** Index within the venue, from 0. */
  readonly index: number;
  /** API key. */
  readonly apiKey: string;
  /** API secret. */
  readonly secret: string;
  /** Passphrase (OKX, Bitget). */
  readonly passphrase: string;
  /** A JWT the simulator accepts (p99). */
  readonly jwt: string;
  /** Orders by id, terminal ones included (venues answer queries for them). */
  readonly orders: Map<string, SimOrder>;
}

/** Latency injected before every venue response. */
export interface Latency {
  /** Fixed part, ms. */
  readonly ms: number;
  /** Uniform random extra in [0, jitterMs), ms. */
  readonly jitterMs: number;
}

/** What a seed call creates. */
export interface SeedSpec {
  /** Venue. */
  readonly venue: VenueId;
  /** Account index. */
  readonly account: number;
  /** Number of orders. */
  readonly count: number;
  /** Symbol; default the venue's first market. */
  readonly symbol?: string | undefined;
  /** Bybit category / Bitget productType; default the venue's first. */
  readonly market?: string | undefined;
  /** Kind; default regular. */
  readonly kind?: OrderKind | undefined;
  /** Status; default open. */
  readonly status?: "open" | "partially_filled" | "filled" | "canceled" | undefined;
}

/** A parsed incoming request, handed to a venue handler. */
export interface SimRequest {
  /** Method. */
  readonly method: string;
  /** Full URL. */
  readonly url: URL;
  /** Path below the venue prefix's host root (`/api/v5/sprd/mass-cancel`). */
  readonly path: string;
  /** Raw query string without `?`, exactly as received. */
  readonly rawQuery: string;
  /** Headers. */
  readonly headers: Headers;
  /** Raw body text. */
  readonly body: string;
}

/** What every venue handler implements. */
export interface VenueSim {
  /** Venue. */
  readonly venue: VenueId;
  /** Path prefixes it serves (`/api/v5/`). */
  readonly prefixes: readonly string[];
  /** The markets it seeds by default: `market` (category, product type...) and symbol. */
  readonly markets: ReadonlyArray<{ readonly market: string; readonly symbol: string }>;
  /** Answers one request (signature checks, limits, state changes). */
  handle(req: SimRequest, state: SimState): Promise<Response> | Response;
  /** The venue's own error response for `code` (used by `code` faults). */
  errorFor(code: string, status: number | undefined): Response;
  /** A new order for a seed call. */
  makeOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder;
  /** The order in the venue's own JSON shape (for `/__sim/orders`). */
  render(order: SimOrder): Record<string, unknown>;
}

/** Options of the state. */
export interface SimStateOptions {
  /** Accounts per venue. */
  readonly accounts: number;
  /** Seed for deterministic credentials and ids; default 1. */
  readonly seed?: number | undefined;
  /** OKX: ms between a cancel ack and the order leaving the book; default 50. */
  readonly okxCancelDelayMs?: number | undefined;
  /** Enforce documented rate limits; default true. */
  readonly rateLimits?: boolean | undefined;
}

/**
 * All simulator state: one {@linkcode VenueBook} per venue (accounts, orders, faults, slots),
 * plus what the control API sets for the whole simulator (latency, skew, limits) and what it
 * reads back (counts, signatures).
 *
 * @example Make a state with two accounts per venue
 * ```ts
 * import { SimState } from "./core.ts";
 * const state = new SimState({ accounts: 2 });
 * state.account("okx", 0).apiKey;
 * ```
 */
export class SimState {
  /** Accounts by venue (the books' account lists). */
  readonly accounts: Map<VenueId, SimAccount[]> = new Map();
  /** Injected latency. */
  latency: Latency = { ms: 0, jitterMs: 0 };
  /** Clock skew per venue, ms added to the venue's clock. */
  readonly skewMs: Map<VenueId, number> = new Map();
  /** OKX cancel delay, ms. */
  okxCancelDelayMs: number;
  /** Whether rate limits are enforced. */
  rateLimits: boolean;
  /** Request counts by `venue METHOD path`. */
  readonly counts: Map<string, number> = new Map();
  /**
   * Signatures received (the first 10 000), so leak tests can check that no output of the
   * tool contains a signature computed from a credential.
   */
  readonly seenSignatures: Set<string> = new Set();
  readonly #books = new Map<VenueId, VenueBook>();
  readonly #windows = new RateWindows();
  #rng: () => number;
  #idCounter = 0;

  /** Builds the state with `accounts` accounts per venue. */
  constructor(options: SimStateOptions) {
    this.#rng = mulberry32(options.seed ?? 1);
    this.okxCancelDelayMs = options.okxCancelDelayMs ?? 50;
    this.rateLimits = options.rateLimits ?? true;
    for (const venue of SIM_VENUES) {
      const list: SimAccount[] = [];
      for (let i = 0; i < options.accounts; i++) list.push(this.#makeAccount(venue, i));
      this.accounts.set(venue, list);
      this.#books.set(venue, new VenueBook(this, venue, list));
    }
  }

  #makeAccount(venue: VenueId, index: number): SimAccount {
    const tag = `${venue}-${index}`;
    const rand = () => Math.floor(this.#rng() * 2 ** 32).toString(16).padStart(8, "0");
    const secret = `sim-secret-${tag}-${rand()}${rand()}`;
    return {
      venue,
      index,
      apiKey: `sim-key-${tag}-${rand()}`,
      secret,
      passphrase: `sim-pass-${tag}-${rand()}`,
      jwt: fakeJwt(`sim-user-${tag}`, rand()),
      orders: new Map(),
    };
  }

  /** The book of `venue`: its accounts, orders, faults and slots. */
  book(venue: VenueId): VenueBook {
    const book = this.#books.get(venue);
    if (!book) throw new Error(`Simulator has no venue ${venue}`);
    return book;
  }

  /** The account `index` of `venue`; throws when there is none. */
  account(venue: VenueId, index: number): SimAccount {
    const book = this.#books.get(venue);
    if (!book) throw new Error(`Simulator has no ${venue} account ${index}`);
    return book.account(index);
  }

  /** Finds the account owning `apiKey`, or undefined. */
  byApiKey(venue: VenueId, apiKey: string): SimAccount | undefined {
    return this.#books.get(venue)?.byApiKey(apiKey);
  }

  /** Finds the account owning `jwt`, or undefined. */
  byJwt(venue: VenueId, jwt: string): SimAccount | undefined {
    return this.#books.get(venue)?.byJwt(jwt);
  }

  /** The venue's clock: local time plus the injected skew. */
  venueNow(venue: VenueId): number {
    return Date.now() + (this.skewMs.get(venue) ?? 0);
  }

  /** A pseudo-random number in [0, 1), deterministic per seed. */
  random(): number {
    return this.#rng();
  }

  /** A fresh numeric id, unique within this simulator. */
  nextNumericId(): string {
    this.#idCounter++;
    return (600000000000000000n + BigInt(this.#idCounter) * 7919n).toString();
  }

  /** A fresh UUID v4-shaped id. */
  nextUuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.#rng() * 16).toString(16)).join(
      "",
    );
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${
      hex.slice(20, 32)
    }`;
  }

  /**
   * Records a request against an account's limit; returns false when it is over.
   * `key` names the account and endpoint, `limit` requests per `intervalMs`.
   */
  takeRate(key: string, limit: number, intervalMs: number): boolean {
    if (!this.rateLimits) return true;
    return this.#windows.take(key, limit, intervalMs);
  }

  /** Counts one request. */
  count(venue: VenueId, method: string, path: string): void {
    const key = `${venue} ${method} ${path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Remembers the signature-bearing parts of a request (headers and p99's query). */
  recordSignatures(headers: Headers, url: URL): void {
    if (this.seenSignatures.size >= 10_000) return;
    for (const name of ["ok-access-sign", "x-bapi-sign", "access-sign", "authorization"]) {
      const value = headers.get(name);
      if (value) this.seenSignatures.add(value.replace(/^Bearer /, ""));
    }
    const sig = url.searchParams.get("signature");
    if (sig) this.seenSignatures.add(sig);
  }

  /** Adds a fault rule (validated: an unknown field or kind throws). */
  addFault(spec: FaultSpec): void {
    const parsed = parseFaultSpec(spec);
    this.book(parsed.venue).addFault(parsed);
  }

  /** Removes every fault rule. */
  clearFaults(): void {
    for (const book of this.#books.values()) book.clearFaults();
  }

  /** The first fault of `venue` (of `kinds`) that applies to this request: see {@linkcode VenueBook.takeFault}. */
  takeFault(
    venue: VenueId,
    method: string,
    path: string,
    kinds: readonly FaultKind[],
    account?: number,
  ): FaultSpec | undefined {
    return this.#books.get(venue)?.takeFault(method, path, kinds, account);
  }

  /** Applies OKX-style delayed cancels whose time has come. Call before reading a book. */
  settle(account: SimAccount): void {
    this.book(account.venue).settle(account);
  }

  /** Open (active) orders of an account, after settling delayed cancels. */
  openOrders(account: SimAccount): SimOrder[] {
    return this.book(account.venue).open(account);
  }

  /** Removes every order and fault, resets counts, latency, skew, limits and reset slots. */
  reset(): void {
    for (const book of this.#books.values()) book.reset();
    this.counts.clear();
    this.skewMs.clear();
    this.#windows.clear();
    this.latency = { ms: 0, jitterMs: 0 };
  }
}

/**
 * A JSON response with the given status and extra headers.
 *
 * @example A venue envelope
 * ```ts
 * import { json } from "./core.ts";
 * const res = json({ code: "0", msg: "", data: [] }, 200);
 * res.headers.get("content-type"); // "application/json"
 * ```
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function fakeJwt(subject: string, nonce: string): string {
  const enc = (o: unknown) =>
    new TextEncoder().encode(JSON.stringify(o)).toBase64({
      alphabet: "base64url",
      omitPadding: true,
    });
  return `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ sub: subject, nonce })}.${
    new TextEncoder().encode(`sim-signature-${nonce}`).toBase64({
      alphabet: "base64url",
      omitPadding: true,
    })
  }`;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
