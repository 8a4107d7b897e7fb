// A scope clause compiled for a unified trading account (v3): cancel-symbol-order per category
// (per symbol for symbol scopes), sweeps for coin scopes and strategy orders, the listings that
// verify, and cancels by id. Private to uta_adapter.ts.

import { cancelOne, mergeOutcomes, NOTHING } from "../../engine/outcome.ts";
import type { CompiledClause, OpenOrder, ScopeClause, StepOutcome } from "../../engine/types.ts";
import {
  type BitgetStep,
  cancelInBatches,
  type ItemAnswer,
  massCancel,
  nativeRequest,
  outcomeOfItems,
  type ReadableListing,
  sweep,
} from "./_cancel.ts";
import {
  bitgetRefinement,
  categoriesInReach,
  coinsOfSymbol,
  listedOrder,
  marginCoinsIn,
  symbolFitsCategory,
} from "./_markets.ts";
import { BITGET_UTA_CATEGORIES, type BitgetUtaCategory } from "./uta_categories.ts";
import type {
  BitgetUtaClient,
  BitgetUtaItemResult,
  BitgetUtaOpenOrder,
  BitgetUtaStrategyOrder,
} from "./uta_client.ts";

const CANCEL_SYMBOL = "/api/v3/trade/cancel-symbol-order";
const UNFILLED = "/api/v3/trade/unfilled-orders";
const STRATEGY = "/api/v3/trade/unfilled-strategy-orders";
/** Strategy listings per category: no type (whatever the venue returns), then each type. */
const STRATEGY_TYPES = [undefined, "tpsl", "trigger"] as const;

/** The client's own parameters of a cancel-symbol-order. */
export type CancelSymbolInput = Parameters<BitgetUtaClient["cancelSymbolOrders"]>[0];
/** The client's own parameters of an unfilled-orders listing, of one category. */
export type UnfilledInput =
  & NonNullable<Parameters<BitgetUtaClient["listUnfilledOrders"]>[0]>
  & { readonly category: BitgetUtaCategory };
/** The client's own parameters of an unfilled-strategy-orders listing. */
export type StrategyInput = Parameters<BitgetUtaClient["listStrategyOrders"]>[0];

/** What compiling for a unified account needs. */
export interface UtaAccount {
  readonly client: BitgetUtaClient;
  readonly host: string;
  readonly label: string;
  /** Orders per cancel-batch, at most 20. */
  readonly batchSize: number;
}

function unfilledListing(u: UtaAccount, input: UnfilledInput): ReadableListing {
  const { category } = input;
  const read = async (signal: AbortSignal) =>
    (await u.client.listUnfilledOrders(input, { signal })).map((o: BitgetUtaOpenOrder) => ({
      ...listedOrder(u.label, o, category, coins(category)),
      kind: "regular" as const,
      status: o.orderStatus === "" ? "live" : o.orderStatus,
    }));
  const request = nativeRequest(u.host, "GET", UNFILLED, { category, limit: "100" });
  return { request, read, run: read };
}

function strategyListing(u: UtaAccount, input: StrategyInput): ReadableListing {
  const { category, type } = input;
  const read = async (signal: AbortSignal) =>
    (await u.client.listStrategyOrders(input, { signal })).map((
      o: BitgetUtaStrategyOrder,
    ): OpenOrder => ({
      ...listedOrder(u.label, o, category, coins(category)),
      kind: "conditional",
      status: o.status === "" ? "pending" : o.status,
      detail: { strategyType: o.type !== "" ? o.type : type ?? "" },
    }));
  const request = nativeRequest(u.host, "GET", STRATEGY, { category, type });
  return { request, read, run: read };
}

/** The coins of a unified account's order, from its symbol. */
const coins = (category: BitgetUtaCategory) => (symbol: string) => coinsOfSymbol(symbol, category);

/** Per-item results: no code (or 00000) acknowledged; anything else a refusal. */
function utaAnswers(items: readonly BitgetUtaItemResult[]): ItemAnswer[] {
  return items.map((i) => ({
    id: i.orderId || i.clientOid,
    ok: i.code === "" || i.code === "00000",
    code: i.code,
    message: i.msg,
  }));
}

/**
 * Cancels orders by id: regular ones with cancel-batch, one category and `batchSize` a call;
 * strategy orders with cancel-strategy-order, each.
 */
export async function cancelUtaByIds(
  u: UtaAccount,
  orders: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const regular = orders.filter((o) => o.kind === "regular");
  const strategies = orders.filter((o) => o.kind === "conditional");
  return mergeOutcomes(
    await Promise.all([
      cancelInBatches(regular, (o) => o.market, u.batchSize, async (batch) => {
        const category = BITGET_UTA_CATEGORIES.find((c) => c === batch[0]?.market);
        if (category === undefined) {
          const message = `not canceled: category "${batch[0]?.market}" is not known`;
          return { ...NOTHING, failures: batch.map((o) => ({ id: o.id, message })) };
        }
        const refs = batch.map((o) => ({ symbol: o.symbol, orderId: o.id }));
        const items = await u.client.cancelBatch({ category, orders: refs }, { signal });
        return outcomeOfItems(utaAnswers(items));
      }),
      cancelInBatches(
        strategies,
        () => "",
        1,
        ([o]) =>
          o === undefined ? Promise.resolve(NOTHING) : cancelOne(
            o.id,
            () => u.client.cancelStrategyOrder({ orderId: o.id }, { signal }),
          ),
      ),
    ]),
  );
}

/**
 * Compiles a clause for a unified account: per category in reach, one blind
 * cancel-symbol-order (per symbol for symbol scopes), or a sweep when the clause filters on
 * coins (no cancel takes one); strategy orders, which no page says cancel-symbol-order
 * removes, are swept: listed and canceled one by one.
 */
export function compileUta(u: UtaAccount, clause: ScopeClause): CompiledClause {
  const steps: BitgetStep<unknown>[] = [];
  const listings: ReadableListing[] = [];
  const coinScoped = clause.baseCoins !== undefined || clause.settleCoins !== undefined ||
    bitgetRefinement(clause)?.marginCoins !== undefined;
  const cancelByIds = (orders: readonly OpenOrder[], signal: AbortSignal) =>
    cancelUtaByIds(u, orders, signal);
  for (const category of categoriesInReach(clause)) {
    const symbols = clause.symbols?.filter((s) => symbolFitsCategory(s, category));
    if (symbols !== undefined && symbols.length === 0) continue;
    // A margin or settle coin this category cannot hold: nothing in scope here.
    if (marginCoinsIn(clause, category)?.length === 0) continue;
    if (clause.kinds.includes("regular")) {
      const input: UnfilledInput = { category };
      const listing = unfilledListing(u, input);
      listings.push(listing);
      if (coinScoped && symbols === undefined) {
        steps.push(
          {
            venue: "bitget",
            action: "sweep",
            request: listing.request,
            note: `${category}: no cancel takes a coin; list and cancel-batch by id`,
            params: input,
            run: (signal) => sweep([listing.read], clause, u.label, cancelByIds, signal),
          } satisfies BitgetStep<UnfilledInput>,
        );
      } else {
        for (const symbol of symbols ?? [undefined]) {
          const params: CancelSymbolInput = { category, ...(symbol ? { symbol } : {}) };
          steps.push(
            {
              venue: "bitget",
              action: "cancel-all",
              request: nativeRequest(u.host, "POST", CANCEL_SYMBOL, {
                category: params.category,
                symbol: params.symbol,
              }),
              note: `${category} ${symbol ?? "all symbols"}: every regular order`,
              params,
              run: (signal) =>
                massCancel(async () =>
                  utaAnswers(await u.client.cancelSymbolOrders(params, { signal }))
                ),
            } satisfies BitgetStep<CancelSymbolInput>,
          );
        }
      }
    }
    if (clause.kinds.includes("conditional")) {
      const inputs = STRATEGY_TYPES.map((type): StrategyInput => ({
        category,
        ...(type ? { type } : {}),
      }));
      const lists = inputs.map((input) => strategyListing(u, input));
      listings.push(...lists);
      steps.push(
        {
          venue: "bitget",
          action: "sweep",
          request: lists[0]!.request,
          note:
            `${category} strategy orders (tpsl, trigger): list and cancel-strategy-order each (cancel-symbol-order is not documented to cover them)`,
          params: inputs,
          run: (signal) => sweep(lists.map((l) => l.read), clause, u.label, cancelByIds, signal),
        } satisfies BitgetStep<readonly StrategyInput[]>,
      );
    }
  }
  return { clause, steps, listings };
}
