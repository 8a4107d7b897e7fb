// What both Bitget adapters (classic v2 and unified v3) know about markets: which ones a clause
// reaches on an account, which symbols and margin coins can occur in which, and the coins an
// order's symbol shows. Private: the adapters use it; matching orders is the engine's.

import { refinementOf } from "../../engine/refinement.ts";
import type { OpenOrder, ScopeClause } from "../../engine/types.ts";
import {
  BITGET_DEMO_PRODUCT_TYPES,
  BITGET_LIVE_PRODUCT_TYPES,
  type BitgetProductType,
} from "./product_types.ts";
import { BITGET_REFINEMENT, type BitgetRefinement } from "./scope.ts";
import {
  BITGET_UTA_CATEGORIES,
  type BitgetUtaCategory,
  categoryOfProductType,
} from "./uta_categories.ts";

/** A clause's Bitget refinement (validated when its scope was built), if it has one. */
export function bitgetRefinement(clause: ScopeClause): BitgetRefinement | undefined {
  return refinementOf(BITGET_REFINEMENT, clause);
}

/**
 * Product types a clause reaches on a classic account: the refinement's, by default the live
 * ones. Demo: whether orders sit under the S-prefixed product types or the plain ones is not
 * settled by any source, so a demo account covers both; the other reading could report FLAT
 * with orders open under the types it never listed. A category refinement keeps the product
 * types of its futures categories.
 */
export function productTypesInReach(
  clause: ScopeClause,
  demo: boolean,
): readonly BitgetProductType[] {
  const r = bitgetRefinement(clause);
  const types = r?.productTypes ??
    (demo
      ? [...BITGET_DEMO_PRODUCT_TYPES, ...BITGET_LIVE_PRODUCT_TYPES]
      : BITGET_LIVE_PRODUCT_TYPES);
  const categories = r?.categories;
  if (categories === undefined) return types;
  return types.filter((p) => {
    const c = categoryOfProductType(p);
    return c !== undefined && categories.includes(c);
  });
}

/** Categories a clause reaches on a unified account: the refinement's, narrowed by product types. */
export function categoriesInReach(clause: ScopeClause): readonly BitgetUtaCategory[] {
  const r = bitgetRefinement(clause);
  const categories = r?.categories ?? BITGET_UTA_CATEGORIES;
  if (r?.productTypes === undefined) return categories;
  const fromTypes = r.productTypes.map(categoryOfProductType);
  return categories.filter((c) => fromTypes.includes(c));
}

/**
 * The margin (settle) coins of a clause that can occur in `market` (a product type or a
 * category): the clause's margin coins and settle coins, both (a clause is a conjunction),
 * kept where the market can hold them; undefined when the clause names neither. Empty: the
 * clause reaches nothing in this market.
 */
export function marginCoinsIn(clause: ScopeClause, market: string): readonly string[] | undefined {
  const margin = bitgetRefinement(clause)?.marginCoins;
  const settle = clause.settleCoins;
  const coins = margin === undefined
    ? settle
    : settle === undefined
    ? margin
    : margin.filter((c) => settle.includes(c));
  return coins?.filter((c) => marginCoinPossible(market, c));
}

/**
 * Whether a coin list (a clause's) admits a coin read from a symbol at compile time: no list
 * admits every symbol, a symbol whose coin does not show admits none (it is found by listing).
 */
export function coinAdmitted(
  list: readonly string[] | undefined,
  coin: string | undefined,
): boolean {
  return list === undefined || (coin !== undefined && list.includes(coin));
}

/** A futures family: what a product type or futures category is margined in. */
type Family = "USDT" | "USDC" | "COIN";

const DEMO_TYPE = /^S(USDT|USDC|COIN)-FUTURES$/;

function familyOf(market: string): Family | undefined {
  const p = market.replace(DEMO_TYPE, "$1-FUTURES");
  return p === "USDT-FUTURES"
    ? "USDT"
    : p === "USDC-FUTURES"
    ? "USDC"
    : p === "COIN-FUTURES"
    ? "COIN"
    : undefined;
}

/** The futures family a symbol's name shows, or undefined when it does not say. */
function symbolFamily(symbol: string): Family | undefined {
  const s = symbol.replace(/_.*$/, "");
  if (s.endsWith("USDT")) return "USDT";
  if (s.endsWith("PERP") || s.endsWith("USDC")) return "USDC";
  if (s.endsWith("USD")) return "COIN";
  return undefined;
}

/** Whether a symbol is in Bitget's classic grammar (letters and digits: not an OKX spread id). */
export function isClassicSymbol(symbol: string): boolean {
  return /^[A-Z0-9]+$/.test(symbol);
}

/**
 * How a clause's symbol relates to a product type: `named` when its name shows this type's
 * family (a blind cancel may name it), `unknown` when its name shows no family (it may or may
 * not exist here: found by listing, never named blind), `other` when it belongs elsewhere.
 */
export function symbolInProductType(
  symbol: string,
  productType: BitgetProductType,
): "named" | "unknown" | "other" {
  if (!isClassicSymbol(symbol)) return "other";
  const f = symbolFamily(symbol);
  return f === undefined ? "unknown" : f === familyOf(productType) ? "named" : "other";
}

/**
 * Whether a margin (settle) coin can occur in a market: USDT-M is margined in USDT, USDC-M in
 * USDC, coin-M in the coin itself; spot and margin settle in any quote coin. The demo types
 * are not pruned (their coin names are UNVERIFIED).
 */
function marginCoinPossible(market: string, coin: string): boolean {
  if (DEMO_TYPE.test(market)) return true;
  switch (familyOf(market)) {
    case "USDT":
      return coin === "USDT";
    case "USDC":
      return coin === "USDC";
    case "COIN":
      return coin !== "USDT" && coin !== "USDC";
    default:
      return true;
  }
}

/** Quote coins a spot or margin symbol is read against, longest match first. */
const SPOT_QUOTES = ["USDT", "USDC", "USDE", "FDUSD", "BTC", "ETH", "EUR", "BRL", "TRY", "BGB"]
  .sort((a, b) => b.length - a.length);

/** The quotes a symbol of `market` may end in, first match wins (demo: S-prefixed first). */
function quotesOf(market: string): readonly string[] {
  const demo = DEMO_TYPE.test(market);
  switch (familyOf(market)) {
    case "USDT":
      return demo ? ["SUSDT", "USDT"] : ["USDT"];
    case "USDC":
      return demo ? ["SUSDC", "PERP", "USDC"] : ["PERP", "USDC"];
    case "COIN":
      return demo ? ["SUSD", "USD"] : ["USD"];
    default:
      return SPOT_QUOTES;
  }
}

function quoteOf(symbol: string, market: string): string | undefined {
  const s = symbol.replace(/_.*$/, "");
  return quotesOf(market).find((q) => s.endsWith(q) && s.length > q.length);
}

/** The coins of an order, uppercase; each undefined when nothing shows it. */
export interface Coins {
  /** Base coin. */
  readonly baseCoin: string | undefined;
  /** Settle coin: the margin coin of futures, the quote coin of spot and margin. */
  readonly settleCoin: string | undefined;
}

/**
 * The coins a symbol of `market` (a product type or a category) shows: `BTCUSDT` BTC and USDT,
 * `BTCPERP` BTC and USDC, `BTCUSD_250328` BTC and BTC (coin-M settles in its coin), spot
 * `ETHBTC` ETH and BTC. Demo symbols prefix both coins with S (`SBTCSUSDT`): UNVERIFIED.
 */
export function coinsOfSymbol(symbol: string, market: string): Coins {
  const s = symbol.toUpperCase().replace(/_.*$/, "");
  const quote = quoteOf(s, market);
  let base = quote === undefined ? undefined : s.slice(0, -quote.length);
  if (quote?.startsWith("S") && base !== undefined && base.startsWith("S") && base.length > 1) {
    base = base.slice(1);
  }
  const f = familyOf(market);
  const settleCoin = f === "COIN" ? base : f ?? quote;
  return { baseCoin: base, settleCoin };
}

/**
 * The coins of a classic order: its symbol's, with the margin coin the venue reported as the
 * settle coin (demo `SUSDT` read as USDT).
 */
export function classicCoins(symbol: string, productType: string, marginCoin: string): Coins {
  const coins = coinsOfSymbol(symbol, productType);
  const coin = marginCoin.toUpperCase();
  if (coin === "") return coins;
  const settleCoin = DEMO_TYPE.test(productType) && (coin === "SUSDT" || coin === "SUSDC")
    ? coin.slice(1)
    : coin;
  return { baseCoin: coins.baseCoin, settleCoin };
}

/**
 * Whether a symbol can be traded in a unified account's category, from its name: spot and
 * margin take any pair without a suffix, futures a symbol that shows their family.
 */
export function symbolFitsCategory(symbol: string, category: BitgetUtaCategory): boolean {
  if (!isClassicSymbol(symbol.replace(/_[A-Z0-9]+$/, ""))) return false;
  if (category === "SPOT" || category === "MARGIN") return !symbol.includes("_");
  return quoteOf(symbol, category) !== undefined;
}

/**
 * The fields every listed order has, normalised: uppercase symbol, no empty client id, and the
 * coins `coins` reads (uppercase).
 */
export function listedOrder(
  label: string,
  item: { readonly orderId: string; readonly clientOid: string; readonly symbol: string },
  market: string,
  coins: (symbol: string) => Coins,
): Omit<OpenOrder, "kind" | "status" | "detail"> {
  const symbol = item.symbol.toUpperCase();
  return {
    venue: "bitget",
    account: label,
    id: item.orderId,
    clientId: item.clientOid === "" ? undefined : item.clientOid,
    symbol,
    market,
    ...coins(symbol),
  };
}
