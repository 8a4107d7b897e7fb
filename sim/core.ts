/**
 * The simulator's shared state: accounts with their orders, faults, latency, clock skew,
 * server-side rate limits and request counts. Venue handlers (`okx.ts`, `bybit.ts`,
 * `bitget.ts`, `p99.ts`) implement {@linkcode VenueSim} on top of it.
 *
 * @module
 */

import type { OrderKind, VenueId } from "./types.ts";

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

/** Kinds of injected fault. */
export type FaultKind =
  | "http" // a bare HTTP status (default 500) with a short text body
  | "html" // an HTML error page (HTTP 502 by default)
  | "truncated" // HTTP 200 with JSON cut in the middle
  | "malformed" // HTTP 200 with a body that is not JSON
  | "drop" // the connection is dropped mid-response
  | "stall" // no answer for `ms` (default 30 s)
  | "code" // the venue's own error envelope for `code` (rate limits, auth, ...)
  | "partial-failure" // Bitget: part of a cancel-all lands in failureList and stays open
  | "reappear"; // after the call, `orders` new orders appear (a strategy still placing)

/** One fault rule. It applies to requests matching venue, method and path, `count` times. */
export interface FaultSpec {
  /** Venue it applies to. */
  readonly venue: VenueId;
  /** Path suffix to match (`/v5/order/cancel-all`); unset = every path of the venue. */
  readonly path?: string | undefined;
  /** Method to match; unset = any. */
  readonly method?: string | undefined;
  /** Account index to match; unset = any. */
  readonly account?: number | undefined;
  /** What happens. */
  readonly kind: FaultKind;
  /** How many matching requests it hits; unset = until cleared. */
  readonly count?: number | undefined;
  /** Matching requests to let through before it starts; default 0. */
  readonly after?: number | undefined;
  /** HTTP status for `http`, `html`, `code`. */
  readonly status?: number | undefined;
  /** Venue code for `code` (`50011`, `10006`, `ENGINE_BUSY`, `spot trading disabled`). */
  readonly code?: string | undefined;
  /** Stall duration for `stall`. */
  readonly ms?: number | undefined;
  /** Orders added for `reappear`, or kept open for `partial-failure`. */
  readonly orders?: number | undefined;
}

/** Every fault kind, for validation. */
const FAULT_KINDS: readonly FaultKind[] = [
  "http",
  "html",
  "truncated",
  "malformed",
  "drop",
  "stall",
  "code",
  "partial-failure",
  "reappear",
];

/** Every field of a fault rule and the check its value must pass. */
const FAULT_FIELDS: Readonly<Record<keyof FaultSpec, (v: unknown) => string | undefined>> = {
  venue: (v) =>
    typeof v === "string" && ["okx", "bybit", "bitget", "p99"].includes(v)
      ? undefined
      : "must be one of okx, bybit, bitget, p99",
  path: (v) =>
    typeof v === "string" && v.startsWith("/") ? undefined : "must be a path like /v5/...",
  method: (v) =>
    typeof v === "string" && /^(GET|POST|DELETE|PUT)$/i.test(v)
      ? undefined
      : "must be an HTTP method",
  account: (v) => wholeNumber(v, 0),
  kind: (v) =>
    typeof v === "string" && (FAULT_KINDS as readonly string[]).includes(v)
      ? undefined
      : `must be one of ${FAULT_KINDS.join(", ")}`,
  count: (v) => wholeNumber(v, 1),
  after: (v) => wholeNumber(v, 0),
  status: (v) =>
    Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599
      ? undefined
      : "must be an HTTP status (100-599)",
  // "" is a code too: the bare status of a venue that sends no envelope (Bybit's 403 ban).
  code: (v) => typeof v === "string" ? undefined : "must be a string",
  ms: (v) => wholeNumber(v, 0),
  orders: (v) => wholeNumber(v, 0),
};

function wholeNumber(v: unknown, min: number): string | undefined {
  return Number.isInteger(v) && (v as number) >= min
    ? undefined
    : `must be a whole number >= ${min}`;
}

/**
 * Validates a fault rule strictly: an unknown field (`"venu"`, `"cod"`) or kind (`"reapear"`)
 * would otherwise be accepted and inject nothing, and a test or drill would pass for the
 * wrong reason. Throws an `Error` naming the field.
 *
 * @example Refuse a typo
 * ```ts
 * import { parseFaultSpec } from "./core.ts";
 * parseFaultSpec({ venue: "bybit", kind: "code", code: "10006" }).kind; // "code"
 * try {
 *   parseFaultSpec({ venue: "bybit", kind: "reapear" });
 * } catch (e) {
 *   (e as Error).message; // 'Cannot add fault: kind must be one of http, ...'
 * }
 * ```
 */
export function parseFaultSpec(value: unknown): FaultSpec {
  const fail = (message: string): never => {
    throw new Error(`Cannot add fault: ${message}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("a fault rule must be a JSON object");
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(FAULT_FIELDS, key)) {
      fail(`unknown field "${key}" (fields: ${Object.keys(FAULT_FIELDS).join(", ")})`);
    }
  }
  for (const key of ["venue", "kind"] as const) {
    if (record[key] === undefined) fail(`${key} is required`);
  }
  for (const [key, check] of Object.entries(FAULT_FIELDS)) {
    const v = record[key];
    if (v === undefined) continue;
    const problem = check(v);
    if (problem) fail(`${key} ${problem}`);
  }
  if (record.kind === "code" && record.code === undefined) fail("code is required for kind code");
  return record as unknown as FaultSpec;
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  hits: number;
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
 * All simulator state. Venue handlers read and mutate it; the control API exposes it.
 *
 * @example Make a state with two accounts per venue
 * ```ts
 * import { SimState } from "./core.ts";
 * const state = new SimState({ accounts: 2 });
 * state.account("okx", 0).apiKey;
 * ```
 */
export class SimState {
  /** Accounts by venue. */
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
  #faults: ActiveFault[] = [];
  #windows = new Map<string, number[]>();
  #rng: () => number;
  #idCounter = 0;

  /** Builds the state with `accounts` accounts per venue. */
  constructor(options: SimStateOptions) {
    this.#rng = mulberry32(options.seed ?? 1);
    this.okxCancelDelayMs = options.okxCancelDelayMs ?? 50;
    this.rateLimits = options.rateLimits ?? true;
    for (const venue of ["okx", "bybit", "bitget", "p99"] as const) {
      const list: SimAccount[] = [];
      for (let i = 0; i < options.accounts; i++) list.push(this.#makeAccount(venue, i));
      this.accounts.set(venue, list);
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

  /** The account `index` of `venue`; throws when there is none. */
  account(venue: VenueId, index: number): SimAccount {
    const account = this.accounts.get(venue)?.[index];
    if (!account) throw new Error(`Simulator has no ${venue} account ${index}`);
    return account;
  }

  /** Finds the account owning `apiKey`, or undefined. */
  byApiKey(venue: VenueId, apiKey: string): SimAccount | undefined {
    return this.accounts.get(venue)?.find((a) => a.apiKey === apiKey);
  }

  /** Finds the account owning `jwt`, or undefined. */
  byJwt(venue: VenueId, jwt: string): SimAccount | undefined {
    return this.accounts.get(venue)?.find((a) => a.jwt === jwt);
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
    const now = performance.now();
    let starts = this.#windows.get(key);
    if (!starts) {
      starts = [];
      this.#windows.set(key, starts);
    }
    while (starts.length > 0 && (starts[0] ?? 0) <= now - intervalMs) starts.shift();
    if (starts.length >= limit) return false;
    starts.push(now);
    return true;
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

  /** Adds a fault rule. */
  addFault(spec: FaultSpec): void {
    this.#faults.push({ spec: parseFaultSpec(spec), seen: 0, hits: 0 });
  }

  /** Removes every fault rule. */
  clearFaults(): void {
    this.#faults = [];
  }

  /**
   * The first fault (of `kinds`, if given) that applies to this request, consuming one use.
   * Generic faults are taken by the server before the handler runs; venue handlers take
   * `partial-failure` and `reappear` themselves, once they know the account.
   */
  takeFault(
    venue: VenueId,
    method: string,
    path: string,
    kinds: readonly FaultKind[],
    account?: number,
  ): FaultSpec | undefined {
    for (const f of this.#faults) {
      const s = f.spec;
      if (!kinds.includes(s.kind)) continue;
      if (s.venue !== venue) continue;
      if (s.method !== undefined && s.method.toUpperCase() !== method) continue;
      if (s.path !== undefined && !path.endsWith(s.path)) continue;
      if (s.account !== undefined && account !== undefined && s.account !== account) continue;
      if (s.count !== undefined && f.hits >= s.count) continue;
      f.seen++;
      if (f.seen <= (s.after ?? 0)) continue;
      f.hits++;
      return s;
    }
    return undefined;
  }

  /** Applies OKX-style delayed cancels whose time has come. Call before reading a book. */
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

  /** Open (active) orders of an account, after settling delayed cancels. */
  openOrders(account: SimAccount): SimOrder[] {
    this.settle(account);
    return [...account.orders.values()].filter(isActive);
  }

  /** Removes every order and fault, resets counts, latency, skew and limits. */
  reset(): void {
    for (const list of this.accounts.values()) for (const a of list) a.orders.clear();
    this.clearFaults();
    this.counts.clear();
    this.skewMs.clear();
    this.#windows.clear();
    this.latency = { ms: 0, jitterMs: 0 };
  }
}

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
