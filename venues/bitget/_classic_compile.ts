// A scope clause compiled for a classic (v2 mix) account: bulk cancels that need no listing
// first, sweeps for what no cancel can name, and the listings that verify. Private to
// adapter.ts.

import type { CompiledClause, NativeRequest, ScopeClause } from "../../engine/types.ts";
import {
  type BitgetStep,
  massCancel,
  nativeRequest,
  type ReadableListing,
  sweep,
} from "./_cancel.ts";
import {
  cancelClassicByIds,
  type ClassicAccount,
  classicAnswers,
  pendingListing,
  planListing,
} from "./_classic.ts";
import {
  coinAdmitted,
  coinsOfSymbol,
  marginCoinsIn,
  productTypesInReach,
  symbolInProductType,
} from "./_markets.ts";
import { DOCUMENTED_CANCEL_PLAN_TYPES, LIST_PLAN_TYPES } from "./_schemas.ts";
import type {
  BitgetBatchCancelInput,
  BitgetCancelAllInput,
  BitgetCancelPlanInput,
  BitgetCancelResult,
  BitgetListPendingInput,
} from "./client.ts";
import type { BitgetProductType } from "./product_types.ts";

const CANCEL_ALL = "/api/v2/mix/order/cancel-all-orders";
const BATCH_CANCEL = "/api/v2/mix/order/batch-cancel-orders";
const CANCEL_PLAN = "/api/v2/mix/order/cancel-plan-order";
const STATUSES = ["live", "partially_filled"] as const;

/** What compiling for a classic account needs besides its listings. */
export interface ClassicCompiler extends ClassicAccount {
  /** Whether the account is a demo one (both product type sets). */
  readonly demo: boolean;
  /**
   * A blind bulk cancel (`key`: {@linkcode blindKey}) went out and was answered, or not;
   * `refused` are the orders its answer did not cancel (`undefined`: one it did not name).
   */
  sent(key: string, answered: boolean, refused: readonly (string | undefined)[]): void;
}

/** The identity of a blind bulk cancel, as the unverifiable note names it. */
export function blindKey(request: NativeRequest): string {
  return `${request.path} ${JSON.stringify(request.params)}`;
}

/** The per-product-type decisions of one clause. */
interface Target {
  readonly productType: BitgetProductType;
  /** Margin coins for the bulk cancels, `[undefined]` for none named. */
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

function targets(clause: ScopeClause, demo: boolean): Target[] {
  const out: Target[] = [];
  for (const productType of productTypesInReach(clause, demo)) {
    const typeCoins = marginCoinsIn(clause, productType) ?? [undefined];
    if (typeCoins.length === 0) continue;
    if (clause.symbols === undefined) {
      out.push({
        productType,
        coins: typeCoins,
        symbol: undefined,
        blindSymbols: undefined,
        needsListing: false,
      });
      continue;
    }
    // Generic symbols are venue-neutral: OKX spread ids or symbols of another family select
    // nothing here.
    const fits = clause.symbols.map((s) => ({ s, fit: symbolInProductType(s, productType) }))
      .filter((x) => x.fit !== "other");
    if (fits.length === 0) continue;
    const named = [...new Set(fits.filter((x) => x.fit === "named").map((x) => x.s))];
    out.push({
      productType,
      coins: typeCoins,
      symbol: fits.length === 1 ? named[0] : undefined,
      // A symbol whose name does not show its family may not exist in this product type: it is
      // found by listing, never named in a blind cancel.
      needsListing: fits.some((x) => x.fit === "unknown"),
      blindSymbols: named.filter((s) =>
        coinAdmitted(clause.baseCoins, coinsOfSymbol(s, productType).baseCoin)
      ),
    });
  }
  return out;
}

/**
 * Compiles a clause for a classic account. Every cancel that can be sent blind is: no listing
 * decides what is canceled, because the listings cover three months per request and the bulk
 * cancels have no time window.
 */
export function compileClassic(a: ClassicCompiler, clause: ScopeClause): CompiledClause {
  const steps: BitgetStep<unknown>[] = [];
  const listings: ReadableListing[] = [];
  const regular = clause.kinds.includes("regular");
  const conditional = clause.kinds.includes("conditional");
  const byBaseCoin = clause.symbols === undefined && clause.baseCoins !== undefined;
  const all = targets(clause, a.demo);
  // Requests one listing round sends to its busiest endpoint.
  const cost = Math.max(regular ? 2 * all.length : 0, conditional ? 3 * all.length : 0) *
    (a.lookback + 1);
  /** A blind bulk cancel: `params` sent by `send`, shown as `path` with `shown(params)`. */
  const blind = <P>(
    action: "cancel-all" | "cancel-plan",
    path: string,
    params: P,
    shown: (params: P) => Readonly<Record<string, string | undefined>>,
    note: string,
    send: (params: P, signal: AbortSignal) => Promise<BitgetCancelResult>,
  ): BitgetStep<P> => {
    const request = nativeRequest(a.host, "POST", path, shown(params));
    return {
      venue: "bitget",
      action,
      request,
      note,
      params,
      run: (signal) =>
        massCancel(
          async () => classicAnswers(await send(params, signal)),
          (answered, refused) => a.sent(blindKey(request), answered, refused),
        ),
    };
  };
  for (const t of all) {
    const { productType } = t;
    const coinNote = (coin: string | undefined) => coin ? `margin ${coin}` : "all margin coins";
    if (regular) {
      const inputs = STATUSES.map((status): BitgetListPendingInput & { status: typeof status } => ({
        productType,
        status,
        ...(t.symbol ? { symbol: t.symbol } : {}),
      }));
      const lists = inputs.map((input) => pendingListing(a, input, cost));
      if (byBaseCoin || t.needsListing) {
        const why = byBaseCoin ? "base coin" : "symbol of unknown product type";
        steps.push({
          venue: "bitget",
          action: "sweep",
          request: lists[0]!.request,
          note:
            `${productType}: no cancel takes a ${why}; list (live and partially_filled) and cancel by id`,
          params: inputs,
          run: (signal) =>
            sweep(
              lists.map((l) => l.read),
              clause,
              a.label,
              (o, s) => cancelClassicByIds(a, o, s),
              signal,
            ),
        });
      }
      for (const coin of byBaseCoin ? [] : t.coins) {
        const margin = coin ? { marginCoin: coin } : {};
        if (t.blindSymbols === undefined) {
          steps.push(blind<BitgetCancelAllInput>(
            "cancel-all",
            CANCEL_ALL,
            { productType, ...margin },
            (p) => ({ productType: p.productType, marginCoin: p.marginCoin }),
            `${productType} ${coinNote(coin)}`,
            (p, signal) => a.client.cancelAllOrders(p, { signal }),
          ));
          continue;
        }
        for (const symbol of t.blindSymbols) {
          steps.push(blind<BitgetBatchCancelInput>(
            "cancel-all",
            BATCH_CANCEL,
            { productType, symbol, ...margin },
            (p) => ({ productType: p.productType, symbol: p.symbol, marginCoin: p.marginCoin }),
            `${productType} ${symbol} ${coinNote(coin)}: every order of the symbol`,
            (p, signal) => a.client.batchCancelOrders(p, { signal }),
          ));
        }
      }
      listings.push(...lists);
    }
    if (conditional) {
      // One blind cancel-plan-order per documented plan type; what the listings still show
      // (track_plan orders, base-coin scopes, survivors) is canceled by id in the verify
      // rounds under its own plan type.
      for (const coin of byBaseCoin ? [] : t.coins) {
        for (const symbol of t.blindSymbols ?? [undefined]) {
          for (const planType of DOCUMENTED_CANCEL_PLAN_TYPES) {
            steps.push(blind<BitgetCancelPlanInput>(
              "cancel-plan",
              CANCEL_PLAN,
              {
                productType,
                ...(symbol ? { symbol } : {}),
                ...(coin ? { marginCoin: coin } : {}),
                planType,
              },
              (p) => ({
                productType: p.productType,
                symbol: p.symbol,
                marginCoin: p.marginCoin,
                planType: p.planType,
              }),
              `${productType} ${symbol ?? "all symbols"} ${
                coinNote(coin)
              }: every ${planType} order`,
              (p, signal) => a.client.cancelPlanOrders(p, { signal }),
            ));
          }
        }
      }
      listings.push(
        ...LIST_PLAN_TYPES.map((planType) =>
          planListing(a, { productType, planType, ...(t.symbol ? { symbol: t.symbol } : {}) }, cost)
        ),
      );
    }
  }
  return { clause, steps, listings };
}
