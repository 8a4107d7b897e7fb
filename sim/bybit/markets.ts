/**
 * Bybit's instruments as the simulator lists them: categories, symbols and their coins,
 * written out by hand (a symbol's spelling never gives its coins), and the public
 * `GET /v5/market/instruments-info` (bybit-exchange/docs `docs/v5/market/instrument.mdx`).
 *
 * @module
 */

import type { VenueBook } from "../book.ts";
import { json, type SimRequest } from "../core.ts";
import { fail } from "./wire.ts";

/** A Bybit v5 category. */
export type Category = "spot" | "linear" | "inverse" | "option";
/** Every category, in the seeding rotation's order. */
export const CATEGORIES: readonly Category[] = ["linear", "spot", "inverse", "option"];

/** One simulated instrument. */
export interface Market {
  /** Symbol. */
  readonly symbol: string;
  /** Base coin. */
  readonly base: string;
  /** Settle coin (spot: the quote coin). */
  readonly settle: string;
  /** A price for seeded orders. */
  readonly price: number;
}

/** The simulated instruments. Spot "settle" is the quote coin. */
export const MARKETS: Readonly<Record<Category, readonly Market[]>> = {
  linear: [
    { symbol: "BTCUSDT", base: "BTC", settle: "USDT", price: 60000 },
    { symbol: "ETHUSDT", base: "ETH", settle: "USDT", price: 3000 },
    { symbol: "SOLUSDT", base: "SOL", settle: "USDT", price: 150 },
    { symbol: "BTCPERP", base: "BTC", settle: "USDC", price: 60000 },
    { symbol: "ETHPERP", base: "ETH", settle: "USDC", price: 3000 },
  ],
  spot: [
    { symbol: "BTCUSDT", base: "BTC", settle: "USDT", price: 60000 },
    { symbol: "ETHUSDT", base: "ETH", settle: "USDT", price: 3000 },
    { symbol: "SOLUSDC", base: "SOL", settle: "USDC", price: 150 },
    { symbol: "ETHBTC", base: "ETH", settle: "BTC", price: 0.05 },
  ],
  inverse: [
    { symbol: "BTCUSD", base: "BTC", settle: "BTC", price: 60000 },
    { symbol: "ETHUSD", base: "ETH", settle: "ETH", price: 3000 },
    { symbol: "BTCUSDZ25", base: "BTC", settle: "BTC", price: 61000 },
  ],
  option: [
    { symbol: "BTC-26DEC25-100000-C", base: "BTC", settle: "USDC", price: 1200 },
    { symbol: "ETH-26DEC25-4000-P", base: "ETH", settle: "USDC", price: 300 },
    { symbol: "SOL-26DEC25-200-C-USDT", base: "SOL", settle: "USDT", price: 12 },
  ],
};

/**
 * Instruments listed by GET /v5/market/instruments-info and seedable by symbol, but not in
 * the default seeding rotation: names that do not spell their coins the usual way (a spot
 * pair quoted in BRZ; a linear contract whose base coin carries a multiplier), so that
 * nothing may guess coins from a symbol's spelling.
 */
const EXTRA_MARKETS: Readonly<Record<Category, readonly Market[]>> = {
  linear: [{ symbol: "SHIB1000USDT", base: "SHIB1000", settle: "USDT", price: 0.02 }],
  spot: [{ symbol: "USDTBRZ", base: "USDT", settle: "BRZ", price: 5 }],
  inverse: [],
  option: [],
};

/** Every instrument of a category: the rotation and the extras. */
export function instrumentsOf(category: Category): readonly Market[] {
  return [...MARKETS[category], ...EXTRA_MARKETS[category]];
}

/** Whether `v` names a category. */
export function isCategory(v: unknown): v is Category {
  return v === "spot" || v === "linear" || v === "inverse" || v === "option";
}

/** The instrument `symbol` (of `category`, or of the first category listing it); throws if none. */
export function marketOf(symbol: string, category: Category | undefined): [Category, Market] {
  for (const c of category ? [category] : CATEGORIES) {
    const m = instrumentsOf(c).find((x) => x.symbol === symbol);
    if (m) return [c, m];
  }
  // The venue knows its instruments; the simulator does not invent coins from a name.
  throw new RangeError(
    `bybit: ${symbol} is not a simulated ${
      category ?? "Bybit"
    } instrument (see GET /v5/market/instruments-info)`,
  );
}

/** Whether `symbol` is an instrument of `category`. */
export function listed(category: Category, symbol: string): boolean {
  return instrumentsOf(category).some((m) => m.symbol === symbol);
}

/** Renders one instrument the way GET /v5/market/instruments-info does per category. */
function renderInstrument(category: Category, m: Market): Record<string, unknown> {
  const tick = m.price >= 1000 ? "0.10" : m.price >= 1 ? "0.01" : "0.0001";
  if (category === "spot") {
    return {
      symbol: m.symbol,
      baseCoin: m.base,
      quoteCoin: m.settle,
      innovation: "0",
      symbolType: "",
      status: "Trading",
      marginTrading: "none",
      stTag: "0",
      lotSizeFilter: {
        basePrecision: "0.000001",
        quotePrecision: "0.00000001",
        minOrderQty: "0.000048",
        maxOrderQty: "71.73956243",
        minOrderAmt: "1",
        maxOrderAmt: "2000000",
      },
      priceFilter: { tickSize: tick },
      riskParameters: { priceLimitRatioX: "0.05", priceLimitRatioY: "0.05" },
    };
  }
  if (category === "option") {
    return {
      symbol: m.symbol,
      optionsType: m.symbol.includes("-C") ? "Call" : "Put",
      status: "Trading",
      baseCoin: m.base,
      quoteCoin: m.settle === "USDT" ? "USDT" : "USD",
      settleCoin: m.settle,
      launchTime: "1735000000000",
      deliveryTime: "1766736000000",
      deliveryFeeRate: "0.00015",
      priceFilter: { minPrice: "5", maxPrice: "10000000", tickSize: "5" },
      lotSizeFilter: { maxOrderQty: "500", minOrderQty: "0.01", qtyStep: "0.01" },
      displayName: "",
    };
  }
  const dated = /\d{2}$/.test(m.symbol) || m.symbol.includes("-");
  const family = category === "linear" ? "Linear" : "Inverse";
  return {
    symbol: m.symbol,
    contractType: `${family}${dated ? "Futures" : "Perpetual"}`,
    status: "Trading",
    baseCoin: m.base,
    quoteCoin: category === "inverse" ? "USD" : m.settle,
    symbolType: "",
    launchTime: "1585526400000",
    deliveryTime: "0",
    deliveryFeeRate: "",
    priceScale: "2",
    leverageFilter: { minLeverage: "1", maxLeverage: "100.00", leverageStep: "0.01" },
    priceFilter: { minPrice: "0.10", maxPrice: "1999999.80", tickSize: tick },
    lotSizeFilter: {
      minNotionalValue: "5",
      maxOrderQty: "1190.000",
      maxMktOrderQty: "500.000",
      minOrderQty: "0.001",
      qtyStep: "0.001",
      postOnlyMaxOrderQty: "1190.000",
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: m.settle,
    copyTrading: "both",
    upperFundingRate: "0.005",
    lowerFundingRate: "-0.005",
    displayName: "",
    isPreListing: false,
    preListingInfo: null,
  };
}

/**
 * GET /v5/market/instruments-info (public). Per instrument.mdx: category required; spot has
 * one page (limit and cursor ignored); limit 1..1000, default 500; `status` defaults to
 * Trading (every simulated instrument trades); a `baseCoin` query on linear or inverse
 * returns linear and inverse contracts alike; option without baseCoin or symbol lists BTC.
 */
export function instrumentsInfo(req: SimRequest, book: VenueBook): Response {
  const query = new URLSearchParams(req.rawQuery);
  const category = query.get("category");
  if (!isCategory(category)) return fail(book, 10001, "params error: category invalid");
  const symbol = query.get("symbol") ?? "";
  const baseCoin = query.get("baseCoin") ?? "";
  const status = query.get("status") ?? "";
  let rows: { category: Category; market: Market }[];
  if (baseCoin !== "" && (category === "linear" || category === "inverse")) {
    rows = (["linear", "inverse"] as const).flatMap((c) =>
      instrumentsOf(c).filter((m) => m.base === baseCoin).map((market) => ({ category: c, market }))
    );
  } else {
    rows = instrumentsOf(category).map((market) => ({ category, market }));
    if (category === "option" && symbol === "") {
      const base = baseCoin === "" ? "BTC" : baseCoin;
      rows = rows.filter((r) => r.market.base === base);
    }
  }
  if (symbol !== "") rows = rows.filter((r) => r.market.symbol === symbol);
  if (status !== "" && status !== "Trading") rows = [];
  if (category === "spot") {
    return json({
      retCode: 0,
      retMsg: "OK",
      result: { category, list: rows.map((r) => renderInstrument(r.category, r.market)) },
      retExtInfo: {},
      time: book.now(),
    });
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? 500 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
    return fail(book, 10001, "params error: limit must be in [1, 1000]");
  }
  const cursor = query.get("cursor") ?? "";
  const start = cursor === "" ? 0 : /^\d+$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isInteger(start)) return fail(book, 10001, "params error: cursor invalid");
  const page = rows.slice(start, start + limit);
  const next = start + limit < rows.length ? String(start + limit) : "";
  return json({
    retCode: 0,
    retMsg: "OK",
    result: {
      category,
      list: page.map((r) => renderInstrument(r.category, r.market)),
      nextPageCursor: next,
    },
    retExtInfo: {},
    time: book.now(),
  });
}
