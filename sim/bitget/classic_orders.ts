/**
 * Classic (v2 mix) Bitget orders: the product types, seeding (regular and plan orders over the
 * product types and their symbols) and the shapes of `orders-pending` and `orders-plan-pending`
 * items (bitget.com/api-doc/contract/trade/Get-Orders-Pending, .../Get-Orders-Plan-Pending).
 *
 * @module
 */

import { isActive, type VenueBook } from "../book.ts";
import type { SeedSpec, SimAccount, SimOrder } from "../core.ts";
import { type MarketRow, MARKETS, seedOrder } from "./orders.ts";

/** Every product type the classic API takes (the `S` ones are demo trading). */
export const PRODUCT_TYPES = [
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
  "SUSDT-FUTURES",
  "SCOIN-FUTURES",
  "SUSDC-FUTURES",
] as const;
/** A classic product type. */
export type ProductType = (typeof PRODUCT_TYPES)[number];

/**
 * Plan types seeded conditional orders rotate through: the ones cancel-plan-order documents.
 * `track_plan` orders (which no documented cancel takes) are seeded only on request (tests set
 * `extra.planType`), so that a default fire drill can end FLAT.
 */
const SEED_PLAN_TYPES = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "normal_plan",
  "pos_profit",
  "moving_plan",
  "pos_loss",
];

/** Product types seeded in turn when a seed names none. */
export const DEFAULT_ROTATION: readonly ProductType[] = [
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
];

/** The margin family of a product type (demo types share their live family). */
export function family(productType: string): "USDT" | "COIN" | "USDC" {
  const p = productType.replace(/^S/, "");
  return p === "USDT-FUTURES" ? "USDT" : p === "USDC-FUTURES" ? "USDC" : "COIN";
}

/** A new classic order for a seed call: product types and their symbols in turn, unless named. */
export function makeClassicOrder(account: SimAccount, spec: SeedSpec, book: VenueBook): SimOrder {
  const n = account.orders.size;
  const upper = spec.market?.toUpperCase();
  let productType: ProductType = PRODUCT_TYPES.find((t) => t === upper) ??
    DEFAULT_ROTATION[n % DEFAULT_ROTATION.length] ?? "USDT-FUTURES";
  const market = MARKETS[family(productType)];
  let row: MarketRow | undefined = market[Math.floor(n / DEFAULT_ROTATION.length) % market.length];
  if (spec.symbol !== undefined) {
    const sym = spec.symbol.toUpperCase();
    const known = Object.entries(MARKETS).flatMap(([f, rows]) => rows.map((r) => [f, r] as const))
      .find(([, r]) => r[0] === sym);
    if (known) {
      if (spec.market === undefined) {
        productType = DEFAULT_ROTATION.find((t) => family(t) === known[0]) ?? productType;
      }
      row = known[1];
    } else {
      const quote = sym.endsWith("USDT") ? "USDT" : sym.endsWith("PERP") ? "PERP" : "USD";
      const base = sym.slice(0, sym.length - quote.length) || sym;
      if (spec.market === undefined) {
        productType = quote === "USDT"
          ? "USDT-FUTURES"
          : quote === "PERP"
          ? "USDC-FUTURES"
          : "COIN-FUTURES";
      }
      const f = family(productType);
      row = [sym, base, f === "COIN" ? base : f];
    }
  }
  const shape = {
    row: row ?? ["BTCUSDT", "BTC", "USDT"],
    kind: spec.kind ?? "regular",
    market: productType,
    status: spec.status ?? "open",
  } as const;
  const marginCoin = shape.row[2];
  return seedOrder(book, n, shape, (side, price, size) => ({
    side,
    price,
    size,
    posSide: side === "buy" ? "long" : "short",
    tradeSide: "open",
    orderType: "limit",
    force: "gtc",
    marginMode: "crossed",
    marginCoin,
  }), (triggerPrice) => ({
    planType: SEED_PLAN_TYPES[n % SEED_PLAN_TYPES.length] ?? "normal_plan",
    triggerPrice,
  }));
}

function regularStatus(o: SimOrder): string {
  return o.status === "open" ? "live" : o.status;
}

/** An orders-pending item: every field a string, symbol and coin lowercase (as documented). */
export function renderRegular(o: SimOrder): Record<string, unknown> {
  return {
    symbol: o.symbol.toLowerCase(),
    size: o.extra.size ?? "1",
    orderId: o.id,
    clientOid: o.clientId,
    baseVolume: o.status === "partially_filled" ? "0.01" : "0",
    fee: "",
    price: o.extra.price ?? "",
    priceAvg: "",
    status: regularStatus(o),
    side: o.extra.side ?? "buy",
    force: o.extra.force ?? "gtc",
    totalProfits: "0",
    posSide: o.extra.posSide ?? "long",
    marginCoin: (o.extra.marginCoin ?? o.settleCoin).toLowerCase(),
    quoteVolume: "0",
    leverage: "20",
    marginMode: o.extra.marginMode ?? "crossed",
    enterPointSource: "api",
    tradeSide: o.extra.tradeSide ?? "open",
    posMode: "hedge_mode",
    orderType: o.extra.orderType ?? "limit",
    orderSource: "normal",
    cTime: String(o.createdMs),
    uTime: String(o.updatedMs),
    presetStopSurplusPrice: "",
    presetStopLossPrice: "",
  };
}

/** An orders-plan-pending item. */
export function renderPlan(o: SimOrder): Record<string, unknown> {
  return {
    planType: o.extra.planType ?? "normal_plan",
    symbol: o.symbol.toLowerCase(),
    size: o.extra.size ?? "1",
    orderId: o.id,
    clientOid: o.clientId,
    price: o.extra.price ?? "",
    executePrice: o.extra.price ?? "",
    callbackRatio: "",
    triggerPrice: o.extra.triggerPrice ?? "",
    triggerType: "mark_price",
    planStatus: isActive(o) ? "live" : o.status === "canceled" ? "cancelled" : "executed",
    side: o.extra.side ?? "buy",
    posSide: o.extra.posSide ?? "long",
    marginCoin: (o.extra.marginCoin ?? o.settleCoin).toLowerCase(),
    marginMode: o.extra.marginMode ?? "crossed",
    enterPointSource: "api",
    tradeSide: o.extra.tradeSide ?? "open",
    posMode: "hedge_mode",
    orderType: o.extra.orderType ?? "limit",
    orderSource: "normal",
    cTime: String(o.createdMs),
    uTime: String(o.updatedMs),
  };
}
