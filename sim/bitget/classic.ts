/**
 * Classic Bitget (v2 mix) cancels: cancel-all-orders (successList/failureList; trigger
 * orders left alone), cancel-order, batch-cancel-orders and cancel-plan-order
 * (bitget.com/api-doc/contract/trade/*, contract/plan/*). The listings are in
 * `classic_listing.ts`.
 *
 * @module
 */

import { cancelNow, isActive, type VenueBook } from "../book.ts";
import type { SimAccount, SimOrder, SimRequest } from "../core.ts";
import { makeClassicOrder, PRODUCT_TYPES, type ProductType } from "./classic_orders.ts";
import { byIdDesc, cancelKeeping, findOrder, reappear, symbolMatches } from "./orders.ts";
import { fail, type Handler, MESSAGES, ok, type Params, str } from "./wire.ts";

/**
 * cancel-plan-order's documented plan types. Anything else, `track_plan` included (a listing
 * type), is refused with 40034 (the refusal code is ASSUMED: no page documents it).
 */
const CANCEL_PLAN_TYPES = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "pos_profit",
  "pos_loss",
  "moving_plan",
];

/** Venue-side product type check: case-insensitive (the docs' examples send `usdt-futures`). */
export function productTypeOf(p: Params): ProductType | Response {
  const raw = str(p, "productType");
  if (raw === undefined) return fail("40019", "Parameter productType cannot be empty");
  const up = raw.toUpperCase();
  const found = PRODUCT_TYPES.find((t) => t === up);
  return found ?? fail("40034", `Parameter productType does not exist`);
}

/** Uppercase margin coin, or the 40808 rejection a lowercase one gets. */
function marginCoinOf(p: Params): string | undefined | Response {
  const coin = str(p, "marginCoin");
  if (coin === undefined) return undefined;
  if (coin !== coin.toUpperCase()) return fail("40808");
  return coin;
}

function coinMatches(order: SimOrder, coin: string | undefined): boolean {
  return coin === undefined || order.settleCoin === coin ||
    order.extra.marginCoin?.toUpperCase() === coin;
}

interface Ref {
  orderId: string;
  clientOid: string;
}

function refsOf(p: Params): Ref[] | undefined | Response {
  const list = p.orderIdList;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return fail("40017", "Parameter orderIdList must be a list");
  if (list.length > 50) return fail("400172", "orderIdList size must be less than or equal 50");
  const out: Ref[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null) return fail("40017");
    const orderId = str(item as Params, "orderId") ?? "";
    const clientOid = str(item as Params, "clientOid") ?? "";
    if (orderId === "" && clientOid === "") {
      return fail("40019", "Either orderId or clientOid is required");
    }
    out.push({ orderId, clientOid });
  }
  return out;
}

/** Cancels `targets`, except the ones a `partial-failure` fault keeps open (its failureList). */
function cancelWithFaults(
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  targets: SimOrder[],
): { successList: Ref[]; failureList: Record<string, string>[] } {
  const { kept, canceled } = cancelKeeping(req, book, account, targets);
  const failureList = kept.map((o) => ({
    orderId: o.id,
    clientOid: o.clientId,
    errorMsg: MESSAGES["40725"] ?? "",
    errorCode: "40725",
  }));
  return {
    successList: canceled.map((o) => ({ orderId: o.id, clientOid: o.clientId })),
    failureList,
  };
}

/**
 * Cancels the orders an `orderIdList` names: those `inScope` and still active; every other
 * id becomes the endpoint's own failure item. Bitget requires the symbol with an id list.
 */
function cancelByRefs(
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  refs: readonly Ref[],
  symbol: string | undefined,
  inScope: (o: SimOrder) => boolean,
  failure: (ref: Ref) => Record<string, string>,
): { successList: Ref[]; failureList: Record<string, string>[] } | Response {
  if (symbol === undefined) {
    return fail("40019", "Parameter symbol cannot be empty when orderIdList is set");
  }
  book.settle(account);
  const targets: SimOrder[] = [];
  const gone: Record<string, string>[] = [];
  for (const ref of refs) {
    const o = findOrder(book, account, ref.orderId || undefined, ref.clientOid || undefined);
    if (o && inScope(o) && isActive(o)) targets.push(o);
    else gone.push(failure(ref));
  }
  const r = cancelWithFaults(req, book, account, targets);
  return { successList: r.successList, failureList: [...r.failureList, ...gone] };
}

const cancelAllOrders: Handler = (req, book, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  // Regular orders only: trigger (plan) orders are not touched by cancel-all-orders.
  const targets = book.open(account).filter((o) =>
    o.kind === "regular" && o.market === productType && coinMatches(o, coin)
  ).sort(byIdDesc);
  const result = cancelWithFaults(req, book, account, targets);
  reappear(req, book, account, productType, "regular", makeClassicOrder);
  return ok(result);
};

const cancelOrder: Handler = (req, book, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const symbol = str(p, "symbol");
  if (symbol === undefined) return fail("40019", "Parameter symbol cannot be empty");
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  const ref = { orderId: str(p, "orderId") ?? "", clientOid: str(p, "clientOid") ?? "" };
  if (ref.orderId === "" && ref.clientOid === "") {
    return fail("40019", "Either orderId or clientOid is required");
  }
  const order = findOrder(book, account, ref.orderId || undefined, ref.clientOid || undefined);
  if (
    !order || order.kind !== "regular" || order.market !== productType ||
    !symbolMatches(order, symbol)
  ) return fail("40768");
  if (!isActive(order)) return fail("43001");
  cancelNow(order);
  reappear(req, book, account, productType, "regular", makeClassicOrder);
  return ok({ orderId: order.id, clientOid: order.clientId });
};

const batchCancelOrders: Handler = (req, book, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  const symbol = str(p, "symbol");
  const refs = refsOf(p);
  if (refs instanceof Response) return refs;
  let result;
  if (refs === undefined) {
    // No id list: every regular order of the product type (and symbol).
    const targets = book.open(account).filter((o) =>
      o.kind === "regular" && o.market === productType && symbolMatches(o, symbol) &&
      coinMatches(o, coin)
    ).sort(byIdDesc);
    result = cancelWithFaults(req, book, account, targets);
  } else {
    const byRefs = cancelByRefs(
      req,
      book,
      account,
      refs,
      symbol,
      (o) => o.kind === "regular" && o.market === productType && symbolMatches(o, symbol),
      (ref) => ({ ...ref, errorMsg: MESSAGES["40768"] ?? "", errorCode: "40768" }),
    );
    if (byRefs instanceof Response) return byRefs;
    result = byRefs;
  }
  reappear(req, book, account, productType, "regular", makeClassicOrder);
  return ok(result);
};

const cancelPlanOrder: Handler = (req, book, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  const planType = str(p, "planType") ?? "normal_plan"; // the documented default
  if (!CANCEL_PLAN_TYPES.includes(planType)) {
    return fail("40034", "Parameter planType does not exist");
  }
  const symbol = str(p, "symbol");
  const refs = refsOf(p);
  if (refs instanceof Response) return refs;
  const inGroup = (o: SimOrder) =>
    o.kind === "conditional" && o.market === productType && o.extra.planType === planType &&
    symbolMatches(o, symbol) && coinMatches(o, coin);
  let result;
  if (refs === undefined) {
    const targets = book.open(account).filter(inGroup).sort(byIdDesc);
    result = cancelWithFaults(req, book, account, targets);
  } else {
    // The documented failure item: errorMsg only, no errorCode.
    const byRefs = cancelByRefs(
      req,
      book,
      account,
      refs,
      symbol,
      inGroup,
      (ref) => ({ ...ref, errorMsg: "notExistend" }),
    );
    if (byRefs instanceof Response) return byRefs;
    result = byRefs;
  }
  reappear(req, book, account, productType, "conditional", makeClassicOrder);
  return ok(result);
};

/** The classic cancel endpoints, by `METHOD path`. */
export const CANCEL_ROUTES: Readonly<Record<string, Handler>> = {
  "POST /api/v2/mix/order/cancel-all-orders": cancelAllOrders,
  "POST /api/v2/mix/order/cancel-order": cancelOrder,
  "POST /api/v2/mix/order/batch-cancel-orders": batchCancelOrders,
  "POST /api/v2/mix/order/cancel-plan-order": cancelPlanOrder,
};
