/**
 * The Bitget account adapter: compiles scope clauses to bulk cancels that need no listing
 * (cancel-all-orders, batch-cancel-orders by symbol, cancel-plan-order per plan type), executes
 * them, lists what is still open in explicit creation-time windows (trigger/plan orders
 * included) and cancels that by id.
 *
 * @module
 */

import { clauseReaches, orderInClause, sameCoins } from "./_match.ts";
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
import { sleep } from "../rate_limit.ts";
import type { TransportEvent } from "../transport.ts";
import { DOCUMENTED_CANCEL_PLAN_TYPES, PRODUCT_TYPES } from "./_schemas.ts";
import { BITGET_DEMO_PRODUCT_TYPES, BITGET_LIVE_PRODUCT_TYPES } from "./product_types.ts";
import type {
  BitgetCancelPlanType,
  BitgetCancelResult,
  BitgetClient,
  BitgetListPlanType,
  BitgetPendingOrder,
  BitgetPlanOrder,
  BitgetProductType,
} from "./client.ts";
import { isGoneFailure } from "./codes.ts";
import { categoryOfProductType } from "./uta_categories.ts";

/** Options of {@linkcode createBitgetAccount}. */
export interface BitgetAccountOptions {
  /** Orders per targeted cancel request, 1 to 50; default 50. */
  readonly batchSize?: number | undefined;
  /**
   * Older creation-time windows (88 days each) the verifying listings read besides the
   * newest one, 0 to 40; default 0. Bitget's listings cover three months per request, so
   * with 0 a FLAT report proves orders created in the last 88 days gone, and says so; each
   * window adds two orders-pending and three orders-plan-pending requests per product type
   * (10 requests/s each). Whether the venue answers windows older than three months is
   * UNVERIFIED (a refusal makes the account UNKNOWN, never FLAT).
   */
  readonly lookbackWindows?: number | undefined;
  /** Clock for the listing windows, epoch ms; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** One listing window: 88 days, under the venue's 90-day cap with two days for clock skew. */
export const BITGET_LIST_WINDOW_MS = 88 * 24 * 3600 * 1000;
/** Adjacent windows overlap by a second, so that no inclusive/exclusive bound loses an order. */
const WINDOW_OVERLAP_MS = 1000;
/** Each listing endpoint allows 10 requests per second per UID. */
const LIST_LIMIT_PER_SECOND = 10;

const LIVE_TYPES = BITGET_LIVE_PRODUCT_TYPES;
const DEMO_TYPES = BITGET_DEMO_PRODUCT_TYPES;
/**
 * cancel-plan-order's planType values for cancels by id: the documented ones (normal_plan,
 * the default, profit_plan, loss_plan, pos_profit, pos_loss, moving_plan) plus `track_plan`
 * (trailing trigger orders, placed and listed under that name), which is not in the documented
 * list: UNVERIFIED that cancel-plan-order accepts it (v1 did; peer code sends it). Should the
 * venue refuse it, the refusal is reported as a per-order failure and the order stays in the
 * verify listings (NOT FLAT). Blind cancels use the documented six only.
 */
const CANCEL_PLAN_TYPES: readonly BitgetCancelPlanType[] = [
  ...DOCUMENTED_CANCEL_PLAN_TYPES,
  "track_plan",
];
/**
 * orders-plan-pending's planType groups: `profit_loss` returns profit_plan, loss_plan,
 * pos_profit, pos_loss and moving_plan orders, each with its own planType (the value
 * cancel-plan-order takes), so what that listing finds is canceled under each order's planType.
 */
const LIST_PLAN_TYPES: readonly BitgetListPlanType[] = ["normal_plan", "track_plan", "profit_loss"];
const CANCEL_ALL = "/api/v2/mix/order/cancel-all-orders";
const BATCH_CANCEL = "/api/v2/mix/order/batch-cancel-orders";
const CANCEL_PLAN = "/api/v2/mix/order/cancel-plan-order";
const STATUSES = ["live", "partially_filled"] as const;
const PENDING = "/api/v2/mix/order/orders-pending";
const PLAN_PENDING = "/api/v2/mix/order/orders-plan-pending";
const COIN = /^[A-Z0-9]+$/;

type Family = "USDT" | "USDC" | "COIN";

function family(productType: string): Family {
  const p = productType.replace(/^S/, "");
  return p === "USDT-FUTURES" ? "USDT" : p === "USDC-FUTURES" ? "USDC" : "COIN";
}

function isDemoType(productType: string): boolean {
  return productType.startsWith("S");
}

/** The product family a symbol's name shows, or undefined when it does not say. */
function symbolFamily(symbol: string): Family | undefined {
  const s = symbol.toUpperCase().replace(/_.*$/, "");
  if (s.endsWith("USDT")) return "USDT";
  if (s.endsWith("PERP") || s.endsWith("USDC")) return "USDC";
  if (s.endsWith("USD")) return "COIN";
  return undefined;
}

/**
 * Whether a margin coin can occur in a product type: USDT-M is margined in USDT, USDC-M in
 * USDC, coin-M in the coin itself. The demo types are not pruned (their coin names are
 * UNVERIFIED).
 */
function marginCoinPossible(productType: BitgetProductType, coin: string): boolean {
  if (isDemoType(productType)) return true;
  const f = family(productType);
  if (f === "USDT") return coin === "USDT";
  if (f === "USDC") return coin === "USDC";
  return coin !== "USDT" && coin !== "USDC";
}

/** Base coin of a symbol (`BTCUSDT` -> `BTC`, `BTCPERP` -> `BTC`, `BTCUSD_250328` -> `BTC`). */
function baseCoinOf(symbol: string, productType: string): string | undefined {
  const s = symbol.toUpperCase().replace(/_.*$/, "");
  const demo = isDemoType(productType);
  const quotes = {
    USDT: ["SUSDT", "USDT"],
    USDC: ["SUSDC", "PERP", "USDC"],
    COIN: ["SUSD", "USD"],
  }[family(productType)];
  for (const q of quotes) {
    if (q.startsWith("S") && !demo) continue;
    if (s.endsWith(q) && s.length > q.length) {
      const base = s.slice(0, -q.length);
      // Demo symbols prefix both coins with S (SBTCSUSDT): UNVERIFIED for v2.
      return q.startsWith("S") && base.startsWith("S") && base.length > 1 ? base.slice(1) : base;
    }
  }
  return undefined;
}

function settleCoinOf(marginCoin: string, productType: string, base: string | undefined) {
  const coin = marginCoin.toUpperCase();
  if (coin !== "") {
    return isDemoType(productType) && (coin === "SUSDT" || coin === "SUSDC") ? coin.slice(1) : coin;
  }
  const f = family(productType);
  return f === "COIN" ? base : f;
}

function intersectCoins(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.filter((c) => b.includes(c));
}

function checkCoins(field: string, coins: readonly string[] | undefined): void {
  for (const c of coins ?? []) {
    if (!COIN.test(c)) {
      throw new InputError(
        `Cannot compile Bitget scope: ${field} "${c}" must be an uppercase coin code (e.g. USDT)`,
      );
    }
  }
}

/** The per-clause decisions compile() and listOpen() share. */
interface Target {
  readonly productType: BitgetProductType;
  /** Margin coins for cancel-all-orders, `[undefined]` for bare. */
  readonly coins: ReadonlyArray<string | undefined>;
  /** `symbol` listing parameter, when the clause names exactly one symbol of this family. */
  readonly symbol: string | undefined;
  /**
   * Symbols a blind cancel can name (their family is this product type's and their base coin
   * is in scope), or undefined when the clause names no symbol.
   */
  readonly blindSymbols: readonly string[] | undefined;
  /** Whether some in-scope orders can be found only by listing (unknown-family symbols). */
  readonly needsListing: boolean;
}

/**
 * Creates the adapter the engine drives for one Bitget account.
 *
 * Every cancel that can be sent blind is: no listing decides what is canceled, because the
 * listings cover three months per request and the bulk cancels have no time window.
 * - Regular orders: one `cancel-all-orders` per product type (× margin coin when the clause
 *   names margin or settle coins); with `symbols`, one `batch-cancel-orders` per symbol with
 *   no orderIdList (every order of that symbol). A clause with `baseCoins` and no symbols
 *   becomes a `sweep` (no endpoint takes a base coin): list, filter, cancel by id.
 * - Conditional (trigger/plan) orders, which cancel-all-orders leaves alone: one
 *   `cancel-plan-order` per documented planType (normal_plan, profit_plan, loss_plan,
 *   pos_profit, pos_loss, moving_plan) per product type (× margin coin, × symbol), with no
 *   orderIdList; sent in parallel, paced to 10 requests/s. `track_plan` orders (not
 *   documented for cancel) and base-coin scopes are left to the verify rounds, which cancel
 *   what the listings still show by id under each order's own planType.
 * - Verification: orders-pending per product type and status (`live`, `partially_filled`:
 *   an omitted status returns live orders only), orders-plan-pending per plan type group,
 *   each in explicit creation-time windows (see `lookbackWindows`).
 *
 * @example Compile a scope for one account
 * ```ts
 * import { BitgetClient, createBitgetAccount } from "./mod.ts";
 * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
 * const account = createBitgetAccount(client, "main");
 * const plan = account.compile({ kinds: ["regular"], settleCoins: ["USDT"] });
 * plan.steps[0]?.request.params; // { productType: "USDT-FUTURES", marginCoin: "USDT" }
 * ```
 */
export function createBitgetAccount(
  client: BitgetClient,
  label = "default",
  options: BitgetAccountOptions = {},
): LegacyAccountAdapter {
  const batchSize = options.batchSize ?? 50;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50) {
    throw new InputError("Cannot create Bitget account: batchSize must be a whole number, 1 to 50");
  }
  const lookback = options.lookbackWindows ?? 0;
  if (!Number.isInteger(lookback) || lookback < 0 || lookback > 40) {
    throw new InputError(
      "Cannot create Bitget account: lookbackWindows must be a whole number, 0 to 40",
    );
  }
  const now = options.now ?? Date.now;
  /** Start of the oldest window the last complete listing read, epoch ms. */
  let listedSince: number | undefined;
  /** When the last listing round started (performance.now()), and its most used endpoint. */
  let lastListAt = -Infinity;
  let lastListCost = 0;
  if (label === "") throw new InputError("Cannot create Bitget account: label must not be empty");
  const host = client.host;

  const applies = (clause: LegacyClause): boolean => clauseReaches(clause, label);

  // Demo: whether orders sit under the S-prefixed product types or the plain ones is not settled
  // by any source, so a demo account covers both; the other reading could report FLAT with
  // orders open under the types it never listed.
  // A category refinement (unified accounts) keeps the product types of its futures categories.
  const productTypesOf = (clause: LegacyClause): readonly BitgetProductType[] => {
    const types = clause.bitget?.productTypes ??
      (client.demo ? [...DEMO_TYPES, ...LIVE_TYPES] : LIVE_TYPES);
    const categories = clause.bitget?.categories;
    if (categories === undefined) return types;
    return types.filter((p) => {
      const c = categoryOfProductType(p);
      return c !== undefined && categories.includes(c);
    });
  };

  const targets = (clause: LegacyClause): Target[] => {
    if (clause.kinds.length === 0) {
      throw new InputError("Cannot compile Bitget scope: kinds must not be empty");
    }
    for (const p of clause.bitget?.productTypes ?? []) {
      if (!(PRODUCT_TYPES as readonly string[]).includes(p)) {
        throw new InputError(`Cannot compile Bitget scope: unknown productType "${p}"`);
      }
    }
    checkCoins("bitget.marginCoins", clause.bitget?.marginCoins);
    checkCoins("settleCoins", clause.settleCoins);
    checkCoins("baseCoins", clause.baseCoins);
    // A clause is a conjunction: an order must match both margin and settle coin lists.
    const coins = intersectCoins(clause.bitget?.marginCoins, clause.settleCoins);
    const out: Target[] = [];
    for (const productType of productTypesOf(clause)) {
      let typeCoins: ReadonlyArray<string | undefined> = [undefined];
      if (coins !== undefined) {
        typeCoins = coins.filter((c) => marginCoinPossible(productType, c));
        if (typeCoins.length === 0) continue;
      }
      let symbol: string | undefined;
      let blindSymbols: string[] | undefined;
      let needsListing = false;
      if (clause.symbols !== undefined) {
        const f = family(productType);
        // Generic symbols are venue-neutral: OKX spread ids or option names next to Bitget
        // symbols select nothing here (Bitget symbols are letters and digits only).
        const mine = clause.symbols.filter((s) => /^[A-Za-z0-9]+$/.test(s)).filter((s) => {
          const sf = symbolFamily(s);
          return sf === undefined || sf === f;
        });
        if (mine.length === 0) continue;
        const only = mine[0];
        if (mine.length === 1 && only !== undefined && symbolFamily(only) === f) {
          symbol = only.toUpperCase();
        }
        // A symbol whose name does not show its family may not exist in this product type:
        // it is found by listing, never named in a blind cancel.
        needsListing = mine.some((s) => symbolFamily(s) === undefined);
        blindSymbols = [
          ...new Set(
            mine.filter((s) => symbolFamily(s) === f).map((s) => s.toUpperCase())
              .filter((s) => sameCoins(clause.baseCoins, baseCoinOf(s, productType))),
          ),
        ];
      }
      out.push({ productType, coins: typeCoins, symbol, blindSymbols, needsListing });
    }
    return out;
  };

  const listing = (path: string, params: Record<string, string | undefined>): NativeRequest => {
    const sorted = Object.entries(params)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { method: "GET", host, path, params: Object.fromEntries(sorted) };
  };
  const post = (path: string, params: Record<string, string | undefined>): NativeRequest => ({
    method: "POST",
    host,
    path,
    params: Object.fromEntries(
      Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
    ),
  });

  const compile = (clause: LegacyClause): LegacyCompiledClause => {
    if (!applies(clause)) return { steps: [], listings: [] };
    const steps: PlanStep[] = [];
    const listings: NativeRequest[] = [];
    const byBaseCoin = clause.symbols === undefined && clause.baseCoins !== undefined;
    for (const t of targets(clause)) {
      if (clause.kinds.includes("regular")) {
        const lists = STATUSES.map((status) =>
          listing(PENDING, {
            limit: "100",
            productType: t.productType,
            status,
            symbol: t.symbol,
          })
        );
        if (byBaseCoin || t.needsListing) {
          const why = byBaseCoin ? "base coin" : "symbol of unknown product type";
          steps.push({
            action: "sweep",
            request: lists[0] ?? listing(PENDING, { productType: t.productType }),
            note:
              `${t.productType}: no cancel takes a ${why}; list (live and partially_filled) and cancel by id`,
          });
        }
        if (!byBaseCoin) {
          for (const coin of t.coins) {
            const coinNote = coin ? `margin ${coin}` : "all margin coins";
            if (t.blindSymbols === undefined) {
              steps.push({
                action: "cancel-all",
                request: post(CANCEL_ALL, { productType: t.productType, marginCoin: coin }),
                note: `${t.productType} ${coinNote}`,
              });
              continue;
            }
            for (const symbol of t.blindSymbols) {
              steps.push({
                action: "cancel-all",
                request: post(BATCH_CANCEL, {
                  productType: t.productType,
                  symbol,
                  marginCoin: coin,
                }),
                note: `${t.productType} ${symbol} ${coinNote}: every order of the symbol`,
              });
            }
          }
        }
        listings.push(...lists);
      }
      if (clause.kinds.includes("conditional")) {
        if (!byBaseCoin) {
          for (const coin of t.coins) {
            for (const symbol of t.blindSymbols ?? [undefined]) {
              for (const planType of DOCUMENTED_CANCEL_PLAN_TYPES) {
                steps.push({
                  action: "cancel-plan",
                  request: post(CANCEL_PLAN, {
                    productType: t.productType,
                    symbol,
                    marginCoin: coin,
                    planType,
                  }),
                  note: `${t.productType} ${symbol ?? "all symbols"} ${
                    coin ? `margin ${coin}` : "all margin coins"
                  }: every ${planType} order`,
                });
              }
            }
          }
        }
        // The listings verify; what they still show (track_plan orders, base-coin scopes,
        // survivors) is canceled by id in the verify rounds under its own plan type.
        listings.push(...LIST_PLAN_TYPES.map((planType) =>
          listing(PLAN_PENDING, {
            limit: "100",
            planType,
            productType: t.productType,
            symbol: t.symbol,
          })
        ));
      }
    }
    return { steps, listings };
  };

  const matches = (order: OpenOrder, clause: LegacyClause): boolean =>
    orderInClause(order, clause, label, productTypesOf(clause));

  const fromPending = (o: BitgetPendingOrder, productType: BitgetProductType): OpenOrder => {
    const symbol = o.symbol.toUpperCase();
    const baseCoin = baseCoinOf(symbol, productType);
    return {
      venue: "bitget",
      account: label,
      id: o.orderId,
      clientId: o.clientOid === "" ? undefined : o.clientOid,
      symbol,
      kind: "regular",
      market: productType,
      status: o.status === "" ? "live" : o.status,
      baseCoin,
      settleCoin: settleCoinOf(o.marginCoin, productType, baseCoin),
    };
  };

  /**
   * `listedAs` is the listing's planType group: an item without its own planType is of that
   * type, except in the profit_loss group (five types), where it stays unknown (`""`) and a
   * cancel of it is reported as a failure rather than guessed.
   */
  const fromPlan = (
    o: BitgetPlanOrder,
    productType: BitgetProductType,
    listedAs: BitgetListPlanType,
  ): OpenOrder => {
    const symbol = o.symbol.toUpperCase();
    const baseCoin = baseCoinOf(symbol, productType);
    return {
      venue: "bitget",
      account: label,
      id: o.orderId,
      clientId: o.clientOid === "" ? undefined : o.clientOid,
      symbol,
      kind: "conditional",
      market: productType,
      status: o.planStatus === "" ? "live" : o.planStatus,
      baseCoin,
      settleCoin: settleCoinOf(o.marginCoin, productType, baseCoin),
      detail: {
        planType: o.planType !== "" ? o.planType : listedAs === "profit_loss" ? "" : listedAs,
      },
    };
  };

  /**
   * The creation-time windows one listing reads, newest first: the last 88 days (startTime
   * only: the venue's default end covers the run), then `lookbackWindows` older ones.
   */
  const windows = (anchor: number): Array<{ startTime: number; endTime?: number }> => {
    const out: Array<{ startTime: number; endTime?: number }> = [
      { startTime: anchor - BITGET_LIST_WINDOW_MS },
    ];
    for (let k = 1; k <= lookback; k++) {
      out.push({
        startTime: anchor - (k + 1) * BITGET_LIST_WINDOW_MS,
        endTime: anchor - k * BITGET_LIST_WINDOW_MS + WINDOW_OVERLAP_MS,
      });
    }
    return out;
  };

  /**
   * Runs one listing request (all pages of every window, and for orders-pending with no
   * status both statuses) and normalises what it returns.
   */
  const runListing = async (
    req: NativeRequest,
    signal: AbortSignal,
    anchor: number,
  ): Promise<OpenOrder[]> => {
    const productType = asProductType(req.params.productType);
    const symbol = req.params.symbol;
    const spans = windows(anchor);
    if (req.path === PENDING) {
      const status = req.params.status;
      const statuses: ReadonlyArray<(typeof STATUSES)[number]> =
        status === "live" || status === "partially_filled" ? [status] : STATUSES;
      const pages = await Promise.all(
        statuses.flatMap((st) =>
          spans.map((w) =>
            client.listPendingOrders({ productType, symbol, status: st, ...w }, { signal })
          )
        ),
      );
      return pages.flat().map((o) => fromPending(o, productType));
    }
    if (req.path === PLAN_PENDING) {
      const planType = asListPlanType(req.params.planType);
      const pages = await Promise.all(
        spans.map((w) =>
          client.listPlanOrders({ productType, planType, symbol, ...w }, { signal })
        ),
      );
      return pages.flat().map((o) => fromPlan(o, productType, planType));
    }
    throw new InputError(`Cannot list Bitget orders: unknown listing ${req.method} ${req.path}`);
  };

  const listOpen = async (
    clause: LegacyClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
  ): Promise<OpenOrder[]> => {
    const { listings } = compile(clause);
    const anchor = now();
    lastListAt = performance.now();
    const perPath = new Map<string, number>();
    for (const l of listings) {
      const calls = l.path === PENDING && l.params.status === undefined ? 2 : 1;
      perPath.set(l.path, (perPath.get(l.path) ?? 0) + calls * (lookback + 1));
    }
    lastListCost = Math.max(0, ...perPath.values());
    const lists = await Promise.all(listings.map((l) => runListing(l, signal, anchor)));
    const oldest = anchor - (lookback + 1) * BITGET_LIST_WINDOW_MS;
    // What a FLAT report can claim is what the least far-reaching complete listing saw.
    if (listings.length > 0) listedSince = Math.max(listedSince ?? oldest, oldest);
    const byId = new Map<string, OpenOrder>();
    for (const list of lists) {
      for (const o of list) {
        if (matches(o, clause)) byId.set(o.id, o);
        else outside?.push(o);
      }
    }
    return [...byId.values()];
  };

  /**
   * Cancels specific orders: batch-cancel-orders for regular ones (sweeps and verify rounds),
   * cancel-plan-order with an orderIdList under each order's own planType for plan orders
   * (verify rounds: what the blind cancels did not reach, track_plan orders included).
   */
  const cancelByIds = async (
    orders: readonly OpenOrder[],
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    const groups = new Map<string, OpenOrder[]>();
    for (const o of orders) {
      const planType = o.kind === "conditional" ? o.detail?.planType ?? "" : "";
      const key = JSON.stringify([o.kind, o.market, o.symbol, planType]);
      const list = groups.get(key) ?? [];
      list.push(o);
      groups.set(key, list);
    }
    const chunks: OpenOrder[][] = [];
    for (const list of groups.values()) {
      for (let i = 0; i < list.length; i += batchSize) chunks.push(list.slice(i, i + batchSize));
    }
    const outcomes = await Promise.all(chunks.map((chunk) => cancelChunk(chunk, signal)));
    return merge(outcomes);
  };

  const cancelChunk = async (chunk: OpenOrder[], signal: AbortSignal): Promise<StepOutcome> => {
    const first = chunk[0];
    if (first === undefined) return empty();
    const productType = asProductType(first.market);
    const orderIdList = chunk.map((o) => ({ orderId: o.id }));
    try {
      const result = first.kind === "conditional"
        ? await client.cancelPlanOrders({
          productType,
          symbol: first.symbol,
          planType: asCancelPlanType(first.detail?.planType ?? ""),
          orderIdList,
        }, { signal })
        : await client.batchCancelOrders({ productType, symbol: first.symbol, orderIdList }, {
          signal,
        });
      return fromResult(result);
    } catch (error) {
      if (error instanceof InputError) {
        return {
          acknowledged: [],
          alreadyGone: [],
          failures: chunk.map((o) => ({ id: o.id, message: error.message })),
        };
      }
      if (!(error instanceof VenueError)) throw error;
      if (error.kind === "gone") {
        return { acknowledged: [], alreadyGone: chunk.map((o) => o.id), failures: [] };
      }
      // Nothing else will work for this account: let the engine report it once.
      if (error.kind === "auth" || error.kind === "permanent") throw error;
      return {
        acknowledged: [],
        alreadyGone: [],
        failures: chunk.map((o) => ({ id: o.id, code: error.code, message: error.message })),
      };
    }
  };

  /**
   * Runs a step compile() emitted: a cancel-all-orders, a batch-cancel-orders of a symbol, a
   * cancel-plan-order of one plan type, or a sweep (both statuses) of regular orders.
   */
  // The blind bulk cancels are what reaches orders older than the listing window: an empty
  // listing proves FLAT only once every one of them went out and was answered.
  const blindFailed = new Set<string>();
  const execute = async (
    step: PlanStep,
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    if (step.action === "sweep") return await executeStep(step, clause, signal);
    const key = `${step.request.path} ${JSON.stringify(step.request.params)}`;
    try {
      const outcome = await executeStep(step, clause, signal);
      blindFailed.delete(key);
      return outcome;
    } catch (error) {
      blindFailed.add(key);
      throw error;
    }
  };

  /**
   * Why an empty listing does not prove this account flat: a blind bulk cancel of this run's
   * clauses failed (each run re-sends its own steps, so their state is this run's).
   */
  const unverifiable = (clauses: readonly LegacyClause[]): string | undefined => {
    const mine = new Set(
      clauses.flatMap((c) => compile(c).steps).filter((s) => s.action !== "sweep").map((s) =>
        `${s.request.path} ${JSON.stringify(s.request.params)}`
      ),
    );
    const failed = [...blindFailed].filter((k) => mine.has(k));
    return failed.length === 0
      ? undefined
      : `${failed.length} bulk cancel(s) that reach orders older than the listing window did not go out (${
        failed.slice(0, 3).join("; ")
      }${failed.length > 3 ? "; ..." : ""}): those orders are not verified`;
  };

  const executeStep = async (
    step: PlanStep,
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    const req = step.request;
    const productType = asProductType(req.params.productType);
    const marginCoin = req.params.marginCoin;
    const symbol = req.params.symbol;
    if (step.action === "cancel-all" && req.method === "POST" && req.path === CANCEL_ALL) {
      return await nothingLeftIsDone(
        client.cancelAllOrders({ productType, marginCoin }, { signal }),
      );
    }
    if (
      step.action === "cancel-all" && req.method === "POST" && req.path === BATCH_CANCEL &&
      symbol !== undefined
    ) {
      return await nothingLeftIsDone(
        client.batchCancelOrders({ productType, symbol, marginCoin }, { signal }),
      );
    }
    if (step.action === "cancel-plan" && req.method === "POST" && req.path === CANCEL_PLAN) {
      const planType = asCancelPlanType(req.params.planType ?? "");
      return await nothingLeftIsDone(
        client.cancelPlanOrders({ productType, symbol, marginCoin, planType }, { signal }),
      );
    }
    if (step.action === "sweep" && req.method === "GET" && req.path === PENDING) {
      const { status: _listed, ...both } = req.params;
      const inScope = (await runListing({ ...req, params: both }, signal, now())).filter((o) =>
        matches(o, clause)
      );
      return await cancelByIds(inScope, signal);
    }
    throw new InputError(
      `Cannot execute Bitget step: unsupported ${step.action} ${req.method} ${req.path}`,
    );
  };

  const cancelRemaining = async (
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    // A listing round that spends more than half of an endpoint's 10 requests/s leaves too
    // little for the next one, which would then wait up to a second for the window. Waiting
    // here instead, before canceling, keeps the next listing fast; and when the deadline
    // stops the wait, nothing was canceled after the last listing, so a NOT FLAT report
    // still lists every survivor.
    if (lastListCost * 2 > LIST_LIMIT_PER_SECOND) {
      const waitMs = lastListAt + 1000 + 25 - performance.now();
      if (waitMs > 0) {
        try {
          await sleep(waitMs, signal);
        } catch {
          return empty();
        }
      }
    }
    // Never cancel outside the clause, whatever the caller passes.
    return await cancelByIds(orders.filter((o) => matches(o, clause)), signal);
  };

  /** What the listings proved, for a FLAT report: the creation-time window they covered. */
  const coverage = (): string | undefined =>
    listedSince === undefined
      ? undefined
      : `listed orders created since ${new Date(listedSince).toISOString()} (${
        lookback + 1
      } window(s) of 88 days); older ones got the bulk cancels, unlisted`;

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
    coverage,
    unverifiable,
    subscribe: (listener: (event: TransportEvent) => void) => client.subscribe(listener),
  };
}

/**
 * A mass cancel answered with a "gone" code (22001 no order to cancel) found nothing open:
 * that is done, not a failure.
 */
async function nothingLeftIsDone(call: Promise<BitgetCancelResult>): Promise<StepOutcome> {
  try {
    return fromResult(await call);
  } catch (error) {
    if (error instanceof VenueError && error.kind === "gone") return empty();
    throw error;
  }
}

function fromResult(result: BitgetCancelResult): StepOutcome {
  const acknowledged: string[] = [];
  const alreadyGone: string[] = [];
  const failures: ItemFailure[] = [];
  for (const item of result.successList) {
    const id = item.orderId || item.clientOid;
    if (id !== "") acknowledged.push(id);
  }
  for (const item of result.failureList) {
    const id = item.orderId || item.clientOid;
    if (isGoneFailure(item)) {
      if (id !== "") alreadyGone.push(id);
    } else {
      failures.push({
        id: id === "" ? undefined : id,
        code: item.errorCode,
        message: item.errorMsg === "" ? "cancel failed" : item.errorMsg,
      });
    }
  }
  return { acknowledged, alreadyGone, failures };
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

function asProductType(value: string | undefined): BitgetProductType {
  const found = PRODUCT_TYPES.find((p) => p === value);
  if (found === undefined) {
    throw new InputError(`Cannot run Bitget step: unknown productType "${value ?? ""}"`);
  }
  return found;
}

function asListPlanType(value: string | undefined): BitgetListPlanType {
  const found = LIST_PLAN_TYPES.find((p) => p === value);
  if (found === undefined) {
    throw new InputError(`Cannot list Bitget plan orders: unknown planType "${value ?? ""}"`);
  }
  return found;
}

function asCancelPlanType(value: string): BitgetCancelPlanType {
  const found = CANCEL_PLAN_TYPES.find((p) => p === value);
  if (found === undefined) {
    throw new InputError(`Cannot cancel Bitget plan orders: unknown planType "${value}"`);
  }
  return found;
}
