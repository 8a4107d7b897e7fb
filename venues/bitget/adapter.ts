/**
 * The Bitget account adapter: compiles scope clauses to cancel-all-orders and sweep steps for
 * regular orders, executes them, lists what is still open (trigger/plan orders included) and
 * cancels it by id.
 *
 * @module
 */

import type {
  AccountAdapter,
  CompiledClause,
  ItemFailure,
  NativeRequest,
  OpenOrder,
  PlanStep,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { InputError, VenueError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import { PRODUCT_TYPES } from "./_schemas.ts";
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

/** Options of {@linkcode createBitgetAccount}. */
export interface BitgetAccountOptions {
  /** Orders per targeted cancel request, 1 to 50; default 50. */
  readonly batchSize?: number | undefined;
}

const LIVE_TYPES: readonly BitgetProductType[] = ["USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"];
const DEMO_TYPES: readonly BitgetProductType[] = [
  "SUSDT-FUTURES",
  "SCOIN-FUTURES",
  "SUSDC-FUTURES",
];
/**
 * cancel-plan-order's planType values. The documented ones are normal_plan (the default),
 * profit_plan, loss_plan, pos_profit, pos_loss and moving_plan; `track_plan` (trailing trigger
 * orders, placed and listed under that name) is not in the documented list: UNVERIFIED that
 * cancel-plan-order accepts it (v1 did; peer code sends it). Should the venue refuse it, the
 * refusal is reported as a per-order failure and the order stays in the verify listings.
 */
const CANCEL_PLAN_TYPES: readonly BitgetCancelPlanType[] = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "pos_profit",
  "pos_loss",
  "moving_plan",
  "track_plan",
];
/**
 * orders-plan-pending's planType groups: `profit_loss` returns profit_plan, loss_plan,
 * pos_profit, pos_loss and moving_plan orders, each with its own planType (the value
 * cancel-plan-order takes), so what that listing finds is canceled under each order's planType.
 */
const LIST_PLAN_TYPES: readonly BitgetListPlanType[] = ["normal_plan", "track_plan", "profit_loss"];
const CANCEL_ALL = "/api/v2/mix/order/cancel-all-orders";
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

function sameCoins(list: readonly string[] | undefined, value: string | undefined): boolean {
  return list === undefined || (value !== undefined && list.includes(value));
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
}

/**
 * Creates the adapter the engine drives for one Bitget account.
 *
 * - Regular orders: one `cancel-all-orders` per product type (× margin coin when the clause
 *   names margin or settle coins). cancel-all-orders has no symbol or base-coin field, so a
 *   clause with `symbols` or `baseCoins` becomes a `sweep`: list, filter, cancel in batches of
 *   50 with batch-cancel-orders.
 * - Conditional (trigger/plan) orders, which cancel-all-orders leaves alone: no step of
 *   their own. The verifying orders-plan-pending listings (normal_plan, track_plan,
 *   profit_loss per product type) find those in scope, and the engine's next round cancels
 *   them by id (orderIdList, per symbol and plan type, 50 at a time) under their own plan
 *   type. No plan order, no cancel, and no extra rate-limit window.
 * - Verification: orders-pending per product type, orders-plan-pending per plan type group.
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
): AccountAdapter {
  const batchSize = options.batchSize ?? 50;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50) {
    throw new InputError("Cannot create Bitget account: batchSize must be a whole number, 1 to 50");
  }
  if (label === "") throw new InputError("Cannot create Bitget account: label must not be empty");
  const host = client.host;

  const applies = (clause: ScopeClause): boolean =>
    (clause.venues === undefined || clause.venues.includes("bitget")) &&
    (clause.accounts === undefined || clause.accounts.includes(label));

  const productTypesOf = (clause: ScopeClause): readonly BitgetProductType[] =>
    clause.bitget?.productTypes ?? (client.demo ? DEMO_TYPES : LIVE_TYPES);

  const targets = (clause: ScopeClause): Target[] => {
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
      }
      out.push({ productType, coins: typeCoins, symbol });
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

  const compile = (clause: ScopeClause): CompiledClause => {
    if (!applies(clause)) return { steps: [], listings: [] };
    const steps: PlanStep[] = [];
    const listings: NativeRequest[] = [];
    const narrow = clause.symbols !== undefined || clause.baseCoins !== undefined;
    const why = clause.symbols !== undefined ? "symbol" : "base coin";
    for (const t of targets(clause)) {
      if (clause.kinds.includes("regular")) {
        const list = listing(PENDING, {
          limit: "100",
          productType: t.productType,
          symbol: t.symbol,
        });
        if (narrow) {
          steps.push({
            action: "sweep",
            request: list,
            note: `${t.productType}: cancel-all-orders has no ${why} field; list and cancel by id`,
          });
        } else {
          for (const coin of t.coins) {
            steps.push({
              action: "cancel-all",
              request: post(CANCEL_ALL, { productType: t.productType, marginCoin: coin }),
              note: `${t.productType} ${coin ? `margin ${coin}` : "all margin coins"}`,
            });
          }
        }
        listings.push(list);
      }
      if (clause.kinds.includes("conditional")) {
        const lists = LIST_PLAN_TYPES.map((planType) =>
          listing(PLAN_PENDING, {
            limit: "100",
            planType,
            productType: t.productType,
            symbol: t.symbol,
          })
        );
        // No blind cancel step: the verifying listings find trigger orders in scope and
        // cancelRemaining() cancels them by id under their own plan type. The plan listing
        // allows 10 req/s and needs 3 listings per product type, so a separate listing
        // pass before verification would cost a whole extra rate-limit window (~1 s) on
        // every run, including the common case of no trigger orders at all.
        listings.push(...lists);
      }
    }
    return { steps, listings };
  };

  const matches = (order: OpenOrder, clause: ScopeClause): boolean => {
    if (order.venue !== "bitget" || order.account !== label || !applies(clause)) return false;
    if (!clause.kinds.includes(order.kind)) return false;
    if (!(productTypesOf(clause) as readonly string[]).includes(order.market)) return false;
    if (
      clause.symbols !== undefined &&
      !clause.symbols.some((s) => s.toUpperCase() === order.symbol.toUpperCase())
    ) return false;
    return sameCoins(clause.baseCoins, order.baseCoin) &&
      sameCoins(clause.settleCoins, order.settleCoin) &&
      sameCoins(clause.bitget?.marginCoins, order.settleCoin);
  };

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

  /** Runs one listing request (all pages) and normalises what it returns. */
  const runListing = async (req: NativeRequest, signal: AbortSignal): Promise<OpenOrder[]> => {
    const productType = asProductType(req.params.productType);
    const symbol = req.params.symbol;
    if (req.path === PENDING) {
      const orders = await client.listPendingOrders({ productType, symbol }, { signal });
      return orders.map((o) => fromPending(o, productType));
    }
    if (req.path === PLAN_PENDING) {
      const planType = asListPlanType(req.params.planType);
      const orders = await client.listPlanOrders({ productType, planType, symbol }, { signal });
      return orders.map((o) => fromPlan(o, productType, planType));
    }
    throw new InputError(`Cannot list Bitget orders: unknown listing ${req.method} ${req.path}`);
  };

  const listOpen = async (
    clause: ScopeClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
  ): Promise<OpenOrder[]> => {
    const { listings } = compile(clause);
    const lists = await Promise.all(listings.map((l) => runListing(l, signal)));
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
   * Cancels specific orders: batch-cancel-orders for regular ones (regular sweeps and verify
   * rounds), cancel-plan-order with an orderIdList under each order's own planType for plan
   * orders (verify rounds only: compile() emits no plan step).
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

  /** Runs a step compile() emitted: a cancel-all-orders, or a sweep of regular orders. */
  const execute = async (
    step: PlanStep,
    clause: ScopeClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    const req = step.request;
    const productType = asProductType(req.params.productType);
    const marginCoin = req.params.marginCoin;
    if (step.action === "cancel-all" && req.method === "POST" && req.path === CANCEL_ALL) {
      return await nothingLeftIsDone(
        client.cancelAllOrders({ productType, marginCoin }, { signal }),
      );
    }
    if (step.action === "sweep" && req.method === "GET" && req.path === PENDING) {
      const inScope = (await runListing(req, signal)).filter((o) => matches(o, clause));
      return await cancelByIds(inScope, signal);
    }
    throw new InputError(
      `Cannot execute Bitget step: unsupported ${step.action} ${req.method} ${req.path}`,
    );
  };

  const cancelRemaining = async (
    orders: readonly OpenOrder[],
    clause: ScopeClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    // Never cancel outside the clause, whatever the caller passes.
    return await cancelByIds(orders.filter((o) => matches(o, clause)), signal);
  };

  return {
    venue: "bitget",
    account: label,
    host,
    compile,
    matches,
    execute,
    listOpen,
    cancelRemaining,
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
