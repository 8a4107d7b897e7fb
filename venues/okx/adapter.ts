/**
 * The OKX Spread account adapter: compiles a scope clause to spread mass cancels (or a
 * sweep when base/settle coins are asked for), executes them, lists what is still open, and
 * cancels what remains.
 *
 * Every spread order is a regular order, and every clause field OKX can filter on (spread
 * id, base coin, settle coin) is a property of the spread. So once a listing has shown
 * which spreads hold in-scope orders, a mass cancel per such spread is exact: it cannot
 * touch an order outside the clause.
 *
 * Base and settle coins come from what the venue states about each spread (`GET
 * /api/v5/sprd/spreads`: `baseCcy`, `quoteCcy`, `sprdType`), fetched only when a clause names
 * coins and cached for the adapter's life (one run). Never from the spread id's spelling:
 * instrument ids may contain `_` themselves (`BTC-USD_UM-SWAP`). A spread whose coins the
 * venue's metadata cannot settle (a hybrid spread under a settle-coin filter, a spread the
 * venue does not list) makes the listing fail with the reason: the account is then UNKNOWN,
 * never FLAT, and its orders are not cancelled on a guess.
 *
 * @module
 */

import type {
  ItemFailure,
  NativeRequest,
  OpenOrder,
  PlanStep,
  StepOutcome,
} from "../../engine/types.ts";
import type {
  LegacyAccountAdapter,
  LegacyClause,
  LegacyCompiledClause,
} from "../../engine/_legacy.ts";
import { InputError, PermanentError, VenueError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import { SPREAD_ID } from "./_schemas.ts";
import type { OkxSpread, OkxSpreadClient, OkxSpreadOrder } from "./client.ts";

/** Options of {@linkcode createOkxAccount}. */
export interface OkxAccountOptions {
  /** Single cancels in flight at once (the client's rate limiter still paces them); default 20. */
  readonly concurrency?: number | undefined;
  /**
   * An order whose cancel was acknowledged less than this many ms ago is not canceled again
   * by {@linkcode LegacyAccountAdapter.cancelRemaining}: OKX takes the order off the book shortly
   * after the acknowledgement, and re-issuing in every verification round only spends the
   * rate budget (mass cancel: 10 per 2 s). Default 250; 0 re-issues every time.
   */
  readonly recancelAfterMs?: number | undefined;
}

/** Base and settle coin of a spread, as far as the venue's metadata settles them. */
export interface OkxSpreadCoins {
  /** `baseCcy`, as the venue states it. */
  readonly baseCoin?: string | undefined;
  /**
   * The one coin the spread settles in, when the metadata settles it: the quote currency of
   * a linear spread, the base currency of an inverse one. Unset for a hybrid spread (two
   * settle coins), for a linear spread quoted in `USD` (USD-margined legs settle in several
   * USD coins) and for any other type.
   */
  readonly settleCoin?: string | undefined;
}

const MASS_CANCEL = "/api/v5/sprd/mass-cancel";
const ORDERS_PENDING = "/api/v5/sprd/orders-pending";

/**
 * A spread's base and settle coin from the venue's own metadata (`GET /api/v5/sprd/spreads`),
 * never from the spread id's spelling.
 *
 * @example Coins of a linear spread
 * ```ts
 * import { okxSpreadCoins } from "./adapter.ts";
 * okxSpreadCoins({ sprdType: "linear", baseCcy: "ETH", quoteCcy: "USDT" });
 * // { baseCoin: "ETH", settleCoin: "USDT" }
 * ```
 */
export function okxSpreadCoins(
  spread: Pick<OkxSpread, "sprdType" | "baseCcy" | "quoteCcy">,
): OkxSpreadCoins {
  const base = spread.baseCcy.trim().toUpperCase() || undefined;
  const quote = spread.quoteCcy.trim().toUpperCase() || undefined;
  const settle = spread.sprdType === "inverse"
    ? base
    : spread.sprdType === "linear" && quote !== "USD"
    ? quote
    : undefined;
  return { baseCoin: base, settleCoin: settle };
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
 * plan.steps[0]?.request.path; // "/api/v5/sprd/mass-cancel"
 * ```
 */
export function createOkxAccount(
  client: OkxSpreadClient,
  label = "default",
  options: OkxAccountOptions = {},
): LegacyAccountAdapter {
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
  /** Order id -> when its cancel was acknowledged (performance.now()). */
  const ackedAt = new Map<string, number>();
  const host = client.host;
  const prefix = new URL(client.baseUrl).pathname.replace(/\/+$/, "");

  const native = (
    method: "GET" | "POST",
    path: string,
    params: Record<string, string>,
  ): NativeRequest => ({ method, host, path: `${prefix}${path}`, params });

  /** Whether this account takes part in the clause at all. */
  function inClause(clause: LegacyClause): boolean {
    if (clause.venues !== undefined && !clause.venues.includes("okx")) return false;
    if (clause.accounts !== undefined && !clause.accounts.includes(label)) return false;
    return clause.kinds.includes("regular");
  }

  /**
   * The spread ids the clause names, or undefined for "all". A clause is a conjunction, so
   * `okx.sprdIds` narrows the generic `symbols` (and the reverse): both must hold.
   */
  function namedSpreads(clause: LegacyClause): string[] | undefined {
    const ids = clause.okx?.sprdIds;
    const symbols = clause.symbols;
    if (ids === undefined && symbols === undefined) return undefined;
    // Only spread ids (legs joined by "_") can name OKX spread orders; other venues'
    // symbols in a shared clause select nothing here.
    const generic = symbols?.filter((s) => s.includes("_"));
    for (const id of [...(ids ?? []), ...(generic ?? [])]) {
      // A misspelt id would be answered "does not exist" (counted as done) and match no
      // listed order: the account would look flat while the real spread stays open.
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

  function hasCoins(clause: LegacyClause): boolean {
    return clause.baseCoins !== undefined || clause.settleCoins !== undefined;
  }

  /** Spread id -> its metadata, or null when the venue does not list it. One run's cache. */
  const spreads = new Map<string, OkxSpread | null>();

  /** Fetches the metadata of the spreads not cached yet (one public request each). */
  async function loadSpreads(ids: Iterable<string>, signal: AbortSignal): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !spreads.has(id));
    await Promise.all(missing.map(async (sprdId) => {
      const found = await client.getSpreads({ sprdId }, { signal });
      spreads.set(sprdId, found.find((sp) => sp.sprdId === sprdId) ?? null);
    }));
  }

  /** The coins the venue states for a spread, when its metadata has been loaded. */
  function coinsOf(sprdId: string): OkxSpreadCoins | undefined {
    const meta = spreads.get(sprdId);
    return meta ? okxSpreadCoins(meta) : undefined;
  }

  /**
   * Whether coins (as the venue states them) satisfy the clause's coin filters: `true`,
   * `false`, or `undefined` when the metadata cannot settle it.
   */
  function coinsVerdict(
    coins: OkxSpreadCoins | undefined,
    clause: LegacyClause,
  ): boolean | undefined {
    if (!hasCoins(clause)) return true;
    if (clause.baseCoins !== undefined) {
      if (coins?.baseCoin === undefined) return undefined;
      if (!clause.baseCoins.some((c) => c.toUpperCase() === coins.baseCoin)) return false;
    }
    if (clause.settleCoins !== undefined) {
      if (coins?.settleCoin === undefined) return undefined;
      if (!clause.settleCoins.some((c) => c.toUpperCase() === coins.settleCoin)) return false;
    }
    return true;
  }

  /** Why the metadata of a spread cannot settle the clause's coin filter. */
  function unsettled(sprdId: string, clause: LegacyClause): string {
    const meta = spreads.get(sprdId);
    if (!meta) return `${sprdId}: the venue lists no such spread (GET /api/v5/sprd/spreads)`;
    const coins = okxSpreadCoins(meta);
    if (clause.baseCoins !== undefined && coins.baseCoin === undefined) {
      return `${sprdId}: the venue states no baseCcy`;
    }
    return `${sprdId}: sprdType ${meta.sprdType} quoted in ${meta.quoteCcy} has no single settle coin`;
  }

  /** The listings that cover the clause: one per named spread when there is one, else bare. */
  function listings(clause: LegacyClause): NativeRequest[] {
    if (!inClause(clause)) return [];
    const named = namedSpreads(clause);
    if (named !== undefined && named.length === 0) return [];
    if (named !== undefined && named.length === 1) {
      return [native("GET", ORDERS_PENDING, { sprdId: named[0] ?? "", limit: "100" })];
    }
    // Several spreads or none named: one bare listing (at most 5 pages: the venue caps
    // pending spread orders at 500), filtered locally.
    return [native("GET", ORDERS_PENDING, { limit: "100" })];
  }

  function compile(clause: LegacyClause): LegacyCompiledClause {
    if (clause.kinds.length === 0) {
      throw new InputError("Cannot compile OKX scope: kinds must not be empty");
    }
    if (!inClause(clause)) return { steps: [], listings: [] };
    const named = namedSpreads(clause);
    if (named !== undefined && named.length === 0) return { steps: [], listings: [] };
    if (hasCoins(clause)) {
      // Coins are a property of the spread, which only the venue's metadata states: list,
      // read the metadata of the spreads found, then cancel what is in scope.
      return {
        steps: [{
          action: "sweep",
          request: listings(clause)[0] ?? native("GET", ORDERS_PENDING, { limit: "100" }),
          note:
            "base/settle coin is not a mass-cancel field: list, read each spread's coins from GET /api/v5/sprd/spreads, cancel the spreads in scope",
        }],
        listings: listings(clause),
      };
    }
    if (named !== undefined) {
      return {
        steps: named.map((sprdId): PlanStep => ({
          action: "cancel-all",
          request: native("POST", MASS_CANCEL, { sprdId }),
          note: `spread ${sprdId}`,
        })),
        listings: listings(clause),
      };
    }
    return {
      steps: [{
        action: "cancel-all",
        request: native("POST", MASS_CANCEL, {}),
        note: "every spread order of the account",
      }],
      listings: listings(clause),
    };
  }

  /**
   * Whether the order is in the clause. Coins are read from the order as the listing
   * normalised it (from the venue's spread metadata): an order whose coins are unknown is
   * never in a coin-filtered clause here, so it is never cancelled on a guess; the listing
   * refuses to call such an account flat.
   */
  function matches(order: OpenOrder, clause: LegacyClause): boolean {
    if (order.venue !== "okx" || order.account !== label) return false;
    if (!inClause(clause) || !clause.kinds.includes(order.kind)) return false;
    const named = namedSpreads(clause);
    if (named !== undefined && !named.includes(order.symbol)) return false;
    return coinsVerdict(
      { baseCoin: order.baseCoin, settleCoin: order.settleCoin },
      clause,
    ) === true;
  }

  function toOpenOrder(o: OkxSpreadOrder): OpenOrder {
    const coins = coinsOf(o.sprdId);
    return {
      venue: "okx",
      account: label,
      id: o.ordId,
      clientId: o.clOrdId === "" ? undefined : o.clOrdId,
      symbol: o.sprdId,
      kind: "regular",
      market: "sprd",
      status: o.state,
      baseCoin: coins?.baseCoin,
      settleCoin: coins?.settleCoin,
    };
  }

  /**
   * The listed orders that are in the clause (loading the metadata of their spreads when the
   * clause names coins), and the PermanentError naming the spreads, with how many open
   * orders each holds, whose metadata cannot settle whether they are in scope.
   */
  async function inScope(
    listed: readonly OkxSpreadOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<{ orders: OpenOrder[]; unsettled?: PermanentError | undefined }> {
    const named = namedSpreads(clause);
    const candidates = listed.filter((o) => named === undefined || named.includes(o.sprdId));
    if (hasCoins(clause)) await loadSpreads(candidates.map((o) => o.sprdId), signal);
    const unknown = new Map<string, number>();
    const out: OpenOrder[] = [];
    for (const o of candidates) {
      const verdict = coinsVerdict(coinsOf(o.sprdId), clause);
      if (verdict === undefined) unknown.set(o.sprdId, (unknown.get(o.sprdId) ?? 0) + 1);
      else if (verdict) out.push(toOpenOrder(o));
    }
    if (unknown.size === 0) return { orders: out };
    const what = [...unknown].map(([id, n]) => `${unsettled(id, clause)} (${n} open order(s))`)
      .join("; ");
    return {
      orders: out,
      unsettled: new PermanentError(
        `okx: cannot tell whether open orders are in the coin filter: ${what}; they are neither cancelled nor counted as out of scope`,
        { venue: "okx", endpoint: "GET /api/v5/sprd/spreads" },
      ),
    };
  }

  async function listOpen(
    clause: LegacyClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
  ): Promise<OpenOrder[]> {
    const seen = new Set<string>();
    const out: OpenOrder[] = [];
    for (const listing of listings(clause)) {
      const sprdId = listing.params.sprdId;
      const orders = await client.listPendingOrders(
        sprdId === undefined ? {} : { sprdId },
        { signal },
      );
      const found = await inScope(orders, clause, signal);
      // Never FLAT while an open order's scope is unsettled: the listing fails instead.
      if (found.unsettled) throw found.unsettled;
      if (outside) {
        // Orders just outside the scope, for the operator's "matches nothing" warning.
        const inside = new Set(found.orders.map((o) => o.id));
        for (const o of orders) if (!inside.has(o.ordId)) outside.push(toOpenOrder(o));
      }
      for (const open of found.orders) {
        if (seen.has(open.id) || !matches(open, clause)) continue;
        seen.add(open.id);
        out.push(open);
      }
    }
    return out;
  }

  /** Cancels in-scope orders: a mass cancel per spread holding several, a single cancel otherwise. */
  async function cancelOrders(
    orders: readonly OpenOrder[],
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const groups = new Map<string, OpenOrder[]>();
    for (const o of orders) {
      const group = groups.get(o.symbol);
      if (group) group.push(o);
      else groups.set(o.symbol, [o]);
    }
    const acknowledged: string[] = [];
    const alreadyGone: string[] = [];
    const failures: ItemFailure[] = [];
    const tasks: (() => Promise<void>)[] = [];
    for (const [sprdId, group] of groups) {
      if (group.length > 1) {
        tasks.push(async () => {
          const outcome = await massCancelSpread(sprdId, signal);
          if (outcome === "received") acknowledged.push(...group.map((o) => o.id));
          else if (outcome === "gone") alreadyGone.push(...group.map((o) => o.id));
          else failures.push(...group.map((o) => ({ ...outcome, id: o.id })));
        });
        continue;
      }
      for (const order of group) {
        tasks.push(async () => {
          try {
            await client.cancelOrder({ ordId: order.id }, { signal });
            acknowledged.push(order.id); // sCode 0, or 51410 (cancel already pending)
          } catch (e) {
            if (e instanceof VenueError && e.kind === "gone") alreadyGone.push(order.id);
            else failures.push(failureOf(e, order.id));
          }
        });
      }
    }
    await runLimited(tasks, concurrency);
    const now = performance.now();
    for (const id of acknowledged) ackedAt.set(id, now);
    return { acknowledged, alreadyGone, failures };
  }

  /** One mass cancel for a spread: received, nothing of it open (51001), or a failure. */
  async function massCancelSpread(
    sprdId: string | undefined,
    signal: AbortSignal,
  ): Promise<"received" | "gone" | ItemFailure> {
    try {
      const received = await client.massCancel(sprdId === undefined ? {} : { sprdId }, {
        signal,
      });
      return received
        ? "received"
        : { message: `mass cancel${sprdId ? ` of ${sprdId}` : ""} not received (result false)` };
    } catch (e) {
      // 51001: the spread does not exist, so nothing of it can be open.
      if (sprdId !== undefined && e instanceof VenueError && e.code === "51001") return "gone";
      if (e instanceof VenueError && e.kind === "gone") return "gone";
      return failureOf(e, undefined);
    }
  }

  async function execute(
    step: PlanStep,
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const { request } = step;
    if (request.host !== host) {
      throw new InputError(`Cannot execute OKX step: host ${request.host} is not ${host}`);
    }
    if (step.action === "cancel-all" && request.path === `${prefix}${MASS_CANCEL}`) {
      // One request: a failure of it is the step's failure, so it is thrown (typed), while
      // "nothing of this spread exists" (51001) counts as done.
      const sprdId = request.params.sprdId;
      try {
        const received = await client.massCancel(sprdId === undefined ? {} : { sprdId }, {
          signal,
        });
        const failures: ItemFailure[] = received ? [] : [{
          message: `mass cancel${sprdId ? ` of ${sprdId}` : ""} not received (result false)`,
        }];
        return { acknowledged: [], alreadyGone: [], failures };
      } catch (e) {
        const gone = e instanceof VenueError &&
          (e.kind === "gone" || (sprdId !== undefined && e.code === "51001"));
        if (gone) return { acknowledged: [], alreadyGone: [], failures: [] };
        throw e;
      }
    }
    if (step.action === "sweep" && request.path === `${prefix}${ORDERS_PENDING}`) {
      const sprdId = request.params.sprdId;
      const listed = await client.listPendingOrders(sprdId === undefined ? {} : { sprdId }, {
        signal,
      });
      const found = await inScope(listed, clause, signal);
      const outcome = await cancelOrders(found.orders.filter((o) => matches(o, clause)), signal);
      if (!found.unsettled) return outcome;
      const unsettledFailure: ItemFailure = { message: found.unsettled.message };
      return { ...outcome, failures: [...outcome.failures, unsettledFailure] };
    }
    throw new InputError(
      `Cannot execute OKX step: ${step.action} ${request.method} ${request.path} is not an OKX spread step`,
    );
  }

  async function cancelRemaining(
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    // Never cancel what the clause does not cover, whatever the caller passed.
    const now = performance.now();
    for (const [id, at] of ackedAt) if (now - at >= recancelAfterMs) ackedAt.delete(id);
    const inScope = orders.filter((o) => matches(o, clause) && !ackedAt.has(o.id));
    return await cancelOrders(inScope, signal);
  }

  return {
    venue: "okx",
    account: label,
    host,
    environment: client.endpoint.environment,
    compile,
    matches,
    execute,
    listOpen,
    cancelRemaining,
    subscribe: (listener: (event: TransportEvent) => void) => client.subscribe(listener),
  };
}

function failureOf(error: unknown, id: string | undefined): ItemFailure {
  if (error instanceof VenueError) {
    return { id, code: error.code, message: error.message };
  }
  return { id, message: error instanceof Error ? error.message : "unknown failure" };
}

/** Runs tasks with at most `limit` in flight. */
async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
