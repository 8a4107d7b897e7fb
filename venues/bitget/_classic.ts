// The classic (v2 mix) account's listings and cancels by id: orders-pending and
// orders-plan-pending read in explicit creation-time windows, normalised to open orders;
// batch-cancel-orders and cancel-plan-order with an id list. Private to adapter.ts.

import { NOTHING } from "../../engine/outcome.ts";
import { mapBounded } from "../../engine/pool.ts";
import type { OpenOrder, StepOutcome } from "../../engine/types.ts";
import {
  cancelInBatches,
  FAN_OUT,
  type ItemAnswer,
  nativeRequest,
  outcomeOfItems,
  type ReadableListing,
} from "./_cancel.ts";
import { classicCoins, listedOrder } from "./_markets.ts";
import { CANCEL_PLAN_TYPES } from "./_schemas.ts";
import type {
  BitgetCancelResult,
  BitgetClient,
  BitgetListPendingInput,
  BitgetListPlanInput,
  BitgetPendingOrder,
  BitgetPlanOrder,
} from "./client.ts";
import { BITGET_PRODUCT_TYPES, type BitgetProductType } from "./product_types.ts";

/** One listing window: 88 days, under the venue's 90-day cap with two days for clock skew. */
export const BITGET_LIST_WINDOW_MS = 88 * 24 * 3600 * 1000;
/** Adjacent windows overlap by a second, so that no inclusive/exclusive bound loses an order. */
const WINDOW_OVERLAP_MS = 1000;
const PENDING = "/api/v2/mix/order/orders-pending";
const PLAN_PENDING = "/api/v2/mix/order/orders-plan-pending";

/** What the classic listings and cancels by id need of their account. */
export interface ClassicAccount {
  readonly client: BitgetClient;
  readonly host: string;
  readonly label: string;
  /** Orders per batch-cancel-orders or cancel-plan-order with an id list. */
  readonly batchSize: number;
  /** Older windows read besides the newest one. */
  readonly lookback: number;
  /** Clock for the windows, epoch ms. */
  readonly now: () => number;
  /** A verifying listing starts; `cost` is its round's requests on its busiest endpoint. */
  listing(cost: number): void;
  /** A verifying listing read every window back to `oldest` (epoch ms) and saw orders `ids`. */
  listed(oldest: number, ids: readonly string[]): void;
}

/**
 * The creation-time windows one listing reads, newest first: the last 88 days (startTime only:
 * the venue's default end covers the run), then `lookback` older ones.
 */
function windows(anchor: number, lookback: number) {
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
}

/**
 * A listing of `path` (display parameters `shown`) read window by window, at most FAN_OUT at
 * once, with the listing round's bookkeeping.
 */
function windowed<T>(
  a: ClassicAccount,
  path: string,
  shown: Readonly<Record<string, string | undefined>>,
  cost: number,
  page: (window: { startTime: number; endTime?: number }, signal: AbortSignal) => Promise<T[]>,
  normalise: (item: T) => OpenOrder,
): ReadableListing {
  const readFrom = async (anchor: number, signal: AbortSignal) =>
    (await mapBounded(windows(anchor, a.lookback), FAN_OUT, (w) => page(w, signal))).flat()
      .map(normalise);
  return {
    request: nativeRequest(a.host, "GET", path, { limit: "100", ...shown }),
    read: (signal) => readFrom(a.now(), signal),
    run: async (signal) => {
      a.listing(cost);
      const anchor = a.now();
      const orders = await readFrom(anchor, signal);
      a.listed(anchor - (a.lookback + 1) * BITGET_LIST_WINDOW_MS, orders.map((o) => o.id));
      return orders;
    },
  };
}

/** The coins of a classic order: its symbol's, and the margin coin the venue reported. */
const coins = (productType: BitgetProductType, marginCoin: string) => (symbol: string) =>
  classicCoins(symbol, productType, marginCoin);

/** orders-pending of one product type and status (an omitted status lists `live` only). */
export function pendingListing(
  a: ClassicAccount,
  input: BitgetListPendingInput & { readonly status: "live" | "partially_filled" },
  cost: number,
): ReadableListing {
  const { productType, status, symbol } = input;
  return windowed(
    a,
    PENDING,
    { productType, status, symbol },
    cost,
    (w, signal) => a.client.listPendingOrders({ ...input, ...w }, { signal }),
    (o: BitgetPendingOrder) => ({
      ...listedOrder(a.label, o, productType, coins(productType, o.marginCoin)),
      kind: "regular",
      status: o.status === "" ? "live" : o.status,
    }),
  );
}

/**
 * orders-plan-pending of one plan type group. An item without its own planType is of the
 * group's type, except in the profit_loss group (five types), where it stays unknown (`""`)
 * and is reported rather than canceled under a guessed type.
 */
export function planListing(
  a: ClassicAccount,
  input: BitgetListPlanInput,
  cost: number,
): ReadableListing {
  const { planType, productType, symbol } = input;
  return windowed(
    a,
    PLAN_PENDING,
    { planType, productType, symbol },
    cost,
    (w, signal) => a.client.listPlanOrders({ ...input, ...w }, { signal }),
    (o: BitgetPlanOrder): OpenOrder => ({
      ...listedOrder(a.label, o, productType, coins(productType, o.marginCoin)),
      kind: "conditional",
      status: o.planStatus === "" ? "live" : o.planStatus,
      detail: {
        planType: o.planType !== "" ? o.planType : planType === "profit_loss" ? "" : planType,
      },
    }),
  );
}

/** successList and failureList as per-order answers. */
export function classicAnswers(result: BitgetCancelResult): ItemAnswer[] {
  return [
    ...result.successList.map((i) => ({ id: i.orderId || i.clientOid, ok: true, message: "" })),
    ...result.failureList.map((i) => ({
      id: i.orderId || i.clientOid,
      ok: false,
      code: i.errorCode,
      message: i.errorMsg,
    })),
  ];
}

/**
 * Cancels orders by id: batch-cancel-orders for regular ones (sweeps and verify rounds),
 * cancel-plan-order with an id list under each order's own planType for plan orders (what the
 * blind cancels did not reach, track_plan orders included). An order whose product type or
 * plan type is not known is reported, never canceled under a guessed one.
 */
export async function cancelClassicByIds(
  a: ClassicAccount,
  orders: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const key = (o: OpenOrder) => JSON.stringify([o.kind, o.market, o.symbol, o.detail?.planType]);
  return await cancelInBatches(orders, key, a.batchSize, async (batch) => {
    const first = batch[0];
    if (first === undefined) return NOTHING;
    const productType = BITGET_PRODUCT_TYPES.find((p) => p === first.market);
    const planType = CANCEL_PLAN_TYPES.find((p) => p === first.detail?.planType);
    const orderIdList = batch.map((o) => ({ orderId: o.id }));
    if (productType === undefined || (first.kind === "conditional" && planType === undefined)) {
      const what = productType === undefined
        ? `product type "${first.market}"`
        : `planType "${first.detail?.planType ?? ""}"`;
      const message = `not canceled: its ${what} is not known to the cancel endpoints`;
      return {
        acknowledged: [],
        alreadyGone: [],
        failures: batch.map((o) => ({ id: o.id, message })),
      };
    }
    const result = first.kind === "conditional"
      ? await a.client.cancelPlanOrders(
        { productType, symbol: first.symbol, planType, orderIdList },
        { signal },
      )
      : await a.client.batchCancelOrders({ productType, symbol: first.symbol, orderIdList }, {
        signal,
      });
    return outcomeOfItems(classicAnswers(result));
  });
}
