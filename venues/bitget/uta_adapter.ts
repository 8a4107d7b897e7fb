/**
 * Bitget unified trading account (UTA, v3) adapter, and the `auto` adapter that learns an
 * account's mode from the first answers (or one settings call) and then drives only the classic
 * (v2) or the UTA adapter.
 *
 * UTA: one `cancel-symbol-order` per category in scope (SPOT, MARGIN, USDT-FUTURES,
 * COIN-FUTURES, USDC-FUTURES; per symbol for symbol scopes), sent blind; strategy (TP/SL and
 * trigger) orders, which no page says cancel-symbol-order removes, are listed and canceled one
 * by one with `cancel-strategy-order`; verification lists `unfilled-orders` per category (all
 * pages) and `unfilled-strategy-orders` per category (no type, `tpsl` and `trigger`), and what
 * is still open is canceled by id (`cancel-batch`, 20 per call, one category each).
 *
 * @module
 */

import { clauseReaches, orderInClause } from "./_match.ts";
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
import { InputError, VenueError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import { type BitgetAccountOptions, createBitgetAccount } from "./adapter.ts";
import type { BitgetClient } from "./client.ts";
import { BitgetAccountModeError, isGoneFailure } from "./codes.ts";
import {
  BITGET_UTA_CATEGORIES,
  type BitgetUtaCategory,
  categoryOfProductType,
} from "./uta_categories.ts";
import type {
  BitgetDetectedMode,
  BitgetUtaClient,
  BitgetUtaItemResult,
  BitgetUtaOpenOrder,
  BitgetUtaStrategyOrder,
} from "./uta_client.ts";

/** Options of {@linkcode createBitgetUtaAccount}. */
export interface BitgetUtaAccountOptions {
  /** Orders per `cancel-batch` request, 1 to 20 (the venue's cap); default 20. */
  readonly batchSize?: number | undefined;
}

const CANCEL_SYMBOL = "/api/v3/trade/cancel-symbol-order";
const UNFILLED = "/api/v3/trade/unfilled-orders";
const STRATEGY = "/api/v3/trade/unfilled-strategy-orders";
/** Strategy listings per category: no type (whatever the venue returns), then each type. */
const STRATEGY_TYPES: ReadonlyArray<"tpsl" | "trigger" | undefined> = [
  undefined,
  "tpsl",
  "trigger",
];
const COIN = /^[A-Z0-9]+$/;
/** Quote coins a spot or margin symbol is read against, longest match first. */
const SPOT_QUOTES = ["USDT", "USDC", "USDE", "FDUSD", "BTC", "ETH", "EUR", "BRL", "TRY", "BGB"];

function quoteOf(symbol: string, category: BitgetUtaCategory): string | undefined {
  const s = symbol.toUpperCase().replace(/_.*$/, "");
  const quotes = category === "USDT-FUTURES"
    ? ["USDT"]
    : category === "USDC-FUTURES"
    ? ["USDC", "PERP"]
    : category === "COIN-FUTURES"
    ? ["USD"]
    : [...SPOT_QUOTES].sort((a, b) => b.length - a.length);
  return quotes.find((q) => s.endsWith(q) && s.length > q.length);
}

/** Base and settle (spot: quote) coin of a symbol, each undefined when the name does not say. */
function coinsOf(
  symbol: string,
  category: BitgetUtaCategory,
): { base: string | undefined; settle: string | undefined } {
  const s = symbol.toUpperCase().replace(/_.*$/, "");
  const q = quoteOf(symbol, category);
  const base = q === undefined ? undefined : s.slice(0, -q.length);
  if (category === "USDT-FUTURES") return { base, settle: "USDT" };
  if (category === "USDC-FUTURES") return { base, settle: "USDC" };
  if (category === "COIN-FUTURES") return { base, settle: base };
  return { base, settle: q };
}

/** Whether a symbol can be traded in a category, from its name (a spot pair of any quote). */
function symbolFits(symbol: string, category: BitgetUtaCategory): boolean {
  if (!/^[A-Za-z0-9]+$/.test(symbol.replace(/_[A-Za-z0-9]+$/, ""))) return false;
  if (category === "SPOT" || category === "MARGIN") return !symbol.includes("_");
  return quoteOf(symbol, category) !== undefined;
}

function checkCoins(field: string, coins: readonly string[] | undefined): void {
  for (const c of coins ?? []) {
    if (!COIN.test(c)) {
      throw new InputError(
        `Cannot compile Bitget UTA scope: ${field} "${c}" must be an uppercase coin code (e.g. USDT)`,
      );
    }
  }
}

function empty(): StepOutcome {
  return { acknowledged: [], alreadyGone: [], failures: [] };
}

function merge(outcomes: readonly StepOutcome[]): StepOutcome {
  return {
    acknowledged: outcomes.flatMap((o) => o.acknowledged),
    alreadyGone: outcomes.flatMap((o) => o.alreadyGone),
    failures: outcomes.flatMap((o) => o.failures),
  };
}

/** Per-item results: no code (or 00000) acknowledged; a gone code or message gone; else failed. */
function fromItems(items: readonly BitgetUtaItemResult[]): StepOutcome {
  const acknowledged: string[] = [];
  const alreadyGone: string[] = [];
  const failures: ItemFailure[] = [];
  for (const item of items) {
    const id = item.orderId || item.clientOid;
    if (item.code === "" || item.code === "00000") {
      if (id !== "") acknowledged.push(id);
    } else if (isGoneFailure({ errorCode: item.code, errorMsg: item.msg })) {
      if (id !== "") alreadyGone.push(id);
    } else {
      failures.push({
        id: id === "" ? undefined : id,
        code: item.code,
        message: item.msg === "" ? "cancel failed" : item.msg,
      });
    }
  }
  return { acknowledged, alreadyGone, failures };
}

function asCategory(value: string | undefined): BitgetUtaCategory {
  const found = BITGET_UTA_CATEGORIES.find((c) => c === value?.toUpperCase());
  if (found === undefined) {
    throw new InputError(`Cannot run Bitget UTA step: unknown category "${value ?? ""}"`);
  }
  return found;
}

/**
 * Creates the adapter the engine drives for one Bitget unified trading account (v3 API).
 *
 * @example Compile a scope for one account
 * ```ts
 * import { BitgetUtaClient, createBitgetUtaAccount } from "./mod.ts";
 * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
 * const account = createBitgetUtaAccount(client, "uta-1");
 * account.compile({ kinds: ["regular"] }).steps.length; // 5: one cancel-symbol-order per category
 * ```
 */
export function createBitgetUtaAccount(
  client: BitgetUtaClient,
  label = "default",
  options: BitgetUtaAccountOptions = {},
): LegacyAccountAdapter {
  const batchSize = options.batchSize ?? 20;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20) {
    throw new InputError(
      "Cannot create Bitget UTA account: batchSize must be a whole number, 1 to 20",
    );
  }
  if (label === "") {
    throw new InputError("Cannot create Bitget UTA account: label must not be empty");
  }
  const host = client.host;

  const applies = (clause: LegacyClause): boolean => clauseReaches(clause, label);

  /** Categories in scope: the refinement's, narrowed by product types (futures only). */
  const categoriesOf = (clause: LegacyClause): readonly BitgetUtaCategory[] => {
    let out: readonly BitgetUtaCategory[] = clause.bitget?.categories ?? BITGET_UTA_CATEGORIES;
    const types = clause.bitget?.productTypes;
    if (types !== undefined) {
      const fromTypes = types.map(categoryOfProductType);
      out = out.filter((c) => fromTypes.includes(c));
    }
    return out;
  };

  const coinScoped = (clause: LegacyClause): boolean =>
    clause.baseCoins !== undefined || clause.settleCoins !== undefined ||
    clause.bitget?.marginCoins !== undefined;

  const request = (
    method: "GET" | "POST",
    path: string,
    params: Record<string, string | undefined>,
  ): NativeRequest => {
    const entries = Object.entries(params)
      .filter((e): e is [string, string] => e[1] !== undefined);
    if (method === "GET") entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { method, host, path, params: Object.fromEntries(entries) };
  };

  const compile = (clause: LegacyClause): LegacyCompiledClause => {
    if (!applies(clause)) return { steps: [], listings: [] };
    if (clause.kinds.length === 0) {
      throw new InputError("Cannot compile Bitget UTA scope: kinds must not be empty");
    }
    for (const c of clause.bitget?.categories ?? []) {
      if (!(BITGET_UTA_CATEGORIES as readonly string[]).includes(c)) {
        throw new InputError(`Cannot compile Bitget UTA scope: unknown category "${c}"`);
      }
    }
    checkCoins("bitget.marginCoins", clause.bitget?.marginCoins);
    checkCoins("settleCoins", clause.settleCoins);
    checkCoins("baseCoins", clause.baseCoins);
    const steps: PlanStep[] = [];
    const listings: NativeRequest[] = [];
    for (const category of categoriesOf(clause)) {
      const symbols = clause.symbols?.filter((s) => symbolFits(s, category))
        .map((s) => s.toUpperCase());
      if (symbols !== undefined && symbols.length === 0) continue;
      if (clause.kinds.includes("regular")) {
        const listing = request("GET", UNFILLED, { category, limit: "100" });
        listings.push(listing);
        if (coinScoped(clause) && symbols === undefined) {
          steps.push({
            action: "sweep",
            request: listing,
            note: `${category}: no cancel takes a coin; list and cancel-batch by id`,
          });
        } else {
          for (const symbol of symbols ?? [undefined]) {
            steps.push({
              action: "cancel-all",
              request: request("POST", CANCEL_SYMBOL, { category, symbol }),
              note: `${category} ${symbol ?? "all symbols"}: every regular order`,
            });
          }
        }
      }
      if (clause.kinds.includes("conditional")) {
        const lists = STRATEGY_TYPES.map((type) => request("GET", STRATEGY, { category, type }));
        listings.push(...lists);
        steps.push({
          action: "sweep",
          request: lists[0] ?? request("GET", STRATEGY, { category }),
          note:
            `${category} strategy orders (tpsl, trigger): list and cancel-strategy-order each (cancel-symbol-order is not documented to cover them)`,
        });
      }
    }
    return { steps, listings };
  };

  const matches = (order: OpenOrder, clause: LegacyClause): boolean =>
    orderInClause(order, clause, label, categoriesOf(clause));

  const fromUnfilled = (o: BitgetUtaOpenOrder, category: BitgetUtaCategory): OpenOrder => {
    const symbol = o.symbol.toUpperCase();
    const coins = coinsOf(symbol, category);
    return {
      venue: "bitget",
      account: label,
      id: o.orderId,
      clientId: o.clientOid === "" ? undefined : o.clientOid,
      symbol,
      kind: "regular",
      market: category,
      status: o.orderStatus === "" ? "live" : o.orderStatus,
      baseCoin: coins.base,
      settleCoin: coins.settle,
    };
  };

  const fromStrategy = (
    o: BitgetUtaStrategyOrder,
    category: BitgetUtaCategory,
    listedAs: string | undefined,
  ): OpenOrder => {
    const symbol = o.symbol.toUpperCase();
    const coins = coinsOf(symbol, category);
    return {
      venue: "bitget",
      account: label,
      id: o.orderId,
      clientId: o.clientOid === "" ? undefined : o.clientOid,
      symbol,
      kind: "conditional",
      market: category,
      status: o.status === "" ? "pending" : o.status,
      baseCoin: coins.base,
      settleCoin: coins.settle,
      detail: { strategyType: o.type !== "" ? o.type : listedAs ?? "" },
    };
  };

  const runListing = async (req: NativeRequest, signal: AbortSignal): Promise<OpenOrder[]> => {
    const category = asCategory(req.params.category);
    if (req.path === UNFILLED) {
      const list = await client.listUnfilledOrders({ category }, { signal });
      return list.map((o) => fromUnfilled(o, category));
    }
    if (req.path === STRATEGY) {
      const type = req.params.type === "tpsl" || req.params.type === "trigger"
        ? req.params.type
        : undefined;
      const list = await client.listStrategyOrders({ category, type }, { signal });
      return list.map((o) => fromStrategy(o, category, type));
    }
    throw new InputError(
      `Cannot list Bitget UTA orders: unknown listing ${req.method} ${req.path}`,
    );
  };

  /** In a coin-scoped clause an order whose coins its symbol does not show cannot be placed. */
  const unplaceable = (
    orders: readonly OpenOrder[],
    clause: LegacyClause,
  ): OpenOrder | undefined => {
    if (!coinScoped(clause)) return undefined;
    const needBase = clause.baseCoins !== undefined;
    return orders.find((o) =>
      (categoriesOf(clause) as readonly string[]).includes(o.market) &&
      clause.kinds.includes(o.kind) &&
      ((needBase && o.baseCoin === undefined) || (!needBase && o.settleCoin === undefined))
    );
  };

  const listScoped = async (
    listings: readonly NativeRequest[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<OpenOrder[]> => {
    const lists = await Promise.all(listings.map((l) => runListing(l, signal)));
    const all = lists.flat();
    const odd = unplaceable(all, clause);
    if (odd !== undefined) {
      throw new InputError(
        `Cannot verify Bitget UTA account ${label}: the coins of order ${odd.id} (${odd.market} ${odd.symbol}) are not known, so a coin-scoped run cannot tell whether it is in scope`,
      );
    }
    const byId = new Map<string, OpenOrder>();
    for (const o of all) if (matches(o, clause)) byId.set(o.id, o);
    return [...byId.values()];
  };

  const listOpen = (clause: LegacyClause, signal: AbortSignal): Promise<OpenOrder[]> =>
    listScoped(compile(clause).listings, clause, signal);

  const cancelRegular = async (chunk: OpenOrder[], signal: AbortSignal): Promise<StepOutcome> => {
    const first = chunk[0];
    if (first === undefined) return empty();
    try {
      const items = await client.cancelBatch({
        category: asCategory(first.market),
        orders: chunk.map((o) => ({ symbol: o.symbol, orderId: o.id })),
      }, { signal });
      return fromItems(items);
    } catch (error) {
      return failed(error, chunk);
    }
  };

  const cancelStrategy = async (order: OpenOrder, signal: AbortSignal): Promise<StepOutcome> => {
    try {
      const r = await client.cancelStrategyOrder({ orderId: order.id }, { signal });
      return { acknowledged: [r.orderId || order.id], alreadyGone: [], failures: [] };
    } catch (error) {
      return failed(error, [order]);
    }
  };

  /**
   * Regular orders: cancel-batch per category, `batchSize` at a time; strategy orders:
   * cancel-strategy-order each.
   */
  const cancelByIds = async (
    orders: readonly OpenOrder[],
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    const groups = new Map<string, OpenOrder[]>();
    const strategies: OpenOrder[] = [];
    for (const o of orders) {
      if (o.kind === "conditional") {
        strategies.push(o);
        continue;
      }
      const list = groups.get(o.market) ?? [];
      list.push(o);
      groups.set(o.market, list);
    }
    const calls: Promise<StepOutcome>[] = [];
    for (const list of groups.values()) {
      for (let i = 0; i < list.length; i += batchSize) {
        calls.push(cancelRegular(list.slice(i, i + batchSize), signal));
      }
    }
    for (const o of strategies) calls.push(cancelStrategy(o, signal));
    return merge(await Promise.all(calls));
  };

  const execute = async (
    step: PlanStep,
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    const req = step.request;
    if (step.action === "cancel-all" && req.method === "POST" && req.path === CANCEL_SYMBOL) {
      try {
        const items = await client.cancelSymbolOrders({
          category: asCategory(req.params.category),
          symbol: req.params.symbol,
        }, { signal });
        return fromItems(items);
      } catch (error) {
        // 22001 "No order to cancel": nothing was open, which is done.
        if (error instanceof VenueError && error.kind === "gone") return empty();
        throw error;
      }
    }
    if (step.action === "sweep" && req.method === "GET" && req.path === UNFILLED) {
      const inScope = await listScoped([req], clause, signal);
      return await cancelByIds(inScope, signal);
    }
    if (step.action === "sweep" && req.method === "GET" && req.path === STRATEGY) {
      const category = req.params.category;
      const lists = STRATEGY_TYPES.map((type) => request("GET", STRATEGY, { category, type }));
      const inScope = await listScoped(lists, clause, signal);
      return await cancelByIds(inScope, signal);
    }
    throw new InputError(
      `Cannot execute Bitget UTA step: unsupported ${step.action} ${req.method} ${req.path}`,
    );
  };

  const cancelRemaining = async (
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => await cancelByIds(orders.filter((o) => matches(o, clause)), signal);

  return {
    venue: "bitget",
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

/** A per-call failure as per-order failures; gone is done; auth and permanent end the account. */
function failed(error: unknown, orders: readonly OpenOrder[]): StepOutcome {
  if (error instanceof InputError) {
    return {
      acknowledged: [],
      alreadyGone: [],
      failures: orders.map((o) => ({ id: o.id, message: error.message })),
    };
  }
  if (!(error instanceof VenueError)) throw error;
  if (error.kind === "gone") {
    return { acknowledged: [], alreadyGone: orders.map((o) => o.id), failures: [] };
  }
  if (error.kind === "auth" || error.kind === "permanent") throw error;
  return {
    acknowledged: [],
    alreadyGone: [],
    failures: orders.map((o) => ({ id: o.id, code: error.code, message: error.message })),
  };
}

/** The `auto` adapter: the account's mode, once found out, and both adapters behind it. */
export interface BitgetAutoAccount extends LegacyAccountAdapter {
  /** The mode this run found (or was told), or undefined before the first call. */
  accountMode(): BitgetDetectedMode | undefined;
}

/** Options of {@linkcode createBitgetAutoAccount}. */
export interface BitgetAutoAccountOptions {
  /** Options of the classic adapter. */
  readonly classic?: BitgetAccountOptions | undefined;
  /** Options of the UTA adapter. */
  readonly uta?: BitgetUtaAccountOptions | undefined;
}

/**
 * Creates an adapter for a Bitget account whose mode is not configured. Its first cancels go to
 * both APIs at once: each API refuses an account of the other mode without touching it (v2
 * answers a unified account 40085, v3 a classic one 40084), so the first answer of either tells
 * the mode; the other mode's calls still waiting for their rate-limit slot are then dropped, and
 * everything after (listings, further cancels) uses that mode only. No cancel waits for a probe.
 * When no cancel has answered yet (a doctor run, an outage), `GET /api/v3/account/settings`
 * decides, once (success: a unified trading account; 40084: a classic one). The plan (dry run)
 * shows both modes' steps, marked `if UTA:` or `if classic:`. Should a listing answer that the
 * account is in the other mode, the adapter switches once and lists again.
 *
 * @example Build an auto account
 * ```ts
 * import { BitgetClient, BitgetUtaClient, createBitgetAutoAccount } from "./mod.ts";
 * const creds = { apiKey: "k", secret: "s", passphrase: "p" };
 * const account = createBitgetAutoAccount(new BitgetClient(creds), new BitgetUtaClient(creds));
 * account.accountMode(); // undefined until the first answer
 * ```
 */
export function createBitgetAutoAccount(
  classicClient: BitgetClient,
  utaClient: BitgetUtaClient,
  label = "default",
  options: BitgetAutoAccountOptions = {},
): BitgetAutoAccount {
  const classic = createBitgetAccount(classicClient, label, options.classic);
  const uta = createBitgetUtaAccount(utaClient, label, options.uta);
  if (classic.host !== uta.host) {
    throw new InputError("Cannot create Bitget auto account: both clients must use one host");
  }
  let mode: BitgetDetectedMode | undefined;
  let detecting: Promise<BitgetDetectedMode> | undefined;
  /** Aborted when the account turns out to be in the other mode: that mode's calls stop. */
  const stop: Record<BitgetDetectedMode, AbortController> = {
    uta: new AbortController(),
    classic: new AbortController(),
  };
  const learn = (found: BitgetDetectedMode): BitgetDetectedMode => {
    if (mode === undefined) {
      mode = found;
      stop[found === "uta" ? "classic" : "uta"].abort();
    }
    return mode;
  };

  const resolve = (signal: AbortSignal): Promise<BitgetDetectedMode> => {
    if (mode !== undefined) return Promise.resolve(mode);
    detecting ??= utaClient.detectMode({ signal }).then(learn, (error: unknown) => {
      detecting = undefined;
      // A venue that does not know the v3 path (or refuses it as a bad request) is not a UTA.
      if (
        error instanceof VenueError &&
        (error.kind === "bad_request" || (error.kind === "format" && error.status === 404))
      ) {
        return learn("classic");
      }
      throw error;
    });
    return detecting;
  };
  const adapterOf = (m: BitgetDetectedMode): LegacyAccountAdapter => (m === "uta" ? uta : classic);
  const modeOf = (step: PlanStep): BitgetDetectedMode =>
    step.request.path.startsWith("/api/v3/") ? "uta" : "classic";

  const compile = (clause: LegacyClause): LegacyCompiledClause => {
    const u = uta.compile(clause);
    const c = classic.compile(clause);
    return {
      steps: [
        ...u.steps.map((s) => ({ ...s, note: `if UTA: ${s.note}` })),
        ...c.steps.map((s) => ({ ...s, note: `if classic: ${s.note}` })),
      ],
      listings: [...u.listings, ...c.listings],
    };
  };

  const execute = async (
    step: PlanStep,
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    const mine = modeOf(step);
    if (mode !== undefined && mode !== mine) return empty();
    const own = mode === undefined ? AbortSignal.any([signal, stop[mine].signal]) : signal;
    try {
      const outcome = await adapterOf(mine).execute(step, clause, own);
      // An answer through this mode's API: the account is in this mode.
      learn(mine);
      return outcome;
    } catch (error) {
      if (error instanceof BitgetAccountModeError) learn(error.accountMode);
      // Refused or dropped because the account is in the other mode: nothing to report.
      if (mode !== undefined && mode !== mine) return empty();
      throw error;
    }
  };

  const listOpen = async (clause: LegacyClause, signal: AbortSignal): Promise<OpenOrder[]> => {
    const m = await resolve(signal);
    try {
      return await adapterOf(m).listOpen(clause, signal);
    } catch (error) {
      if (!(error instanceof BitgetAccountModeError) || error.accountMode === m) throw error;
      mode = error.accountMode;
      return await adapterOf(mode).listOpen(clause, signal);
    }
  };
  return {
    venue: "bitget",
    account: label,
    host: classic.host,
    environment: classic.environment,
    compile,
    matches: (order, clause) =>
      mode === undefined
        ? uta.matches(order, clause) || classic.matches(order, clause)
        : adapterOf(mode).matches(order, clause),
    execute,
    listOpen,
    cancelRemaining: async (orders, clause, signal) =>
      await adapterOf(await resolve(signal)).cancelRemaining(orders, clause, signal),
    coverage: () => (mode === undefined ? undefined : adapterOf(mode).coverage?.()),
    unverifiable: (clauses: readonly LegacyClause[]) =>
      mode === undefined ? undefined : adapterOf(mode).unverifiable?.(clauses),
    subscribe: (listener) => {
      const a = classic.subscribe(listener);
      const b = uta.subscribe(listener);
      return () => {
        a();
        b();
      };
    },
    accountMode: () => mode,
  };
}
