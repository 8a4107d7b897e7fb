/**
 * OKX spread metadata as the simulator knows it: the spreads it seeds on and lists on
 * `GET /api/v5/sprd/spreads` (public, per IP), written out by hand as the venue states them.
 * UNVERIFIED: whether the venue lists suspended or expired spreads without `state` (every
 * catalogued spread is `live` here), and the `sprdType` / `quoteCcy` of the hybrid and
 * USD-margined spreads.
 *
 * @module
 */

import type { VenueBook } from "../book.ts";
import type { SimRequest } from "../core.ts";
import { envelope, ok } from "./wire.ts";

/**
 * Spreads the simulator knows (a mass cancel of any other spread id answers 51001, unless an
 * order was seeded with it); seeding without a symbol cycles through them.
 *
 * @example Seed one order per spread
 * ```ts
 * import { OKX_SIM_SPREADS } from "./spreads.ts";
 * const seeds = OKX_SIM_SPREADS.map((symbol) => ({ venue: "okx", account: 0, count: 1, symbol }));
 * ```
 */
export const OKX_SIM_SPREADS: readonly string[] = [
  "BTC-USDT_BTC-USDT-SWAP",
  "ETH-USDT_ETH-USDT-SWAP",
  "BTC-USD-SWAP_BTC-USD-261225",
  "SOL-USDT_SOL-USDT-SWAP",
  "ETH-USDC_ETH-USDC-SWAP",
];

/** A spread's metadata, in the shape `GET /api/v5/sprd/spreads` documents. */
export interface OkxSimSpread {
  readonly sprdId: string;
  readonly sprdType: "linear" | "inverse" | "hybrid";
  readonly baseCcy: string;
  readonly szCcy: string;
  readonly quoteCcy: string;
  readonly legs: readonly { readonly instId: string; readonly side: "buy" | "sell" }[];
  /** The coin its orders settle in, for the simulator's normalised view ("" = several). */
  readonly settle: string;
}

const leg = (instId: string, side: "buy" | "sell") => ({ instId, side });

/**
 * Every spread the simulator lists on `GET /api/v5/sprd/spreads`, written out by hand as the
 * venue states them (never derived from the id's spelling): the five seeding spreads, a
 * hybrid spread, and a USD-margined spread whose legs (`BTC-USD_UM-SWAP`) contain `_`
 * themselves. An order seeded on any other spread id has no metadata here, like a spread
 * the venue does not list. UNVERIFIED: the `quoteCcy` and `sprdType` of the hybrid and
 * USD-margined spreads (no documented example).
 *
 * @example Base currency of a spread
 * ```ts
 * import { OKX_SIM_SPREAD_INFO } from "./spreads.ts";
 * OKX_SIM_SPREAD_INFO["BTC-USD_UM-SWAP_BTC-USD_UM-261225"]?.baseCcy; // "BTC"
 * ```
 */
export const OKX_SIM_SPREAD_INFO: Readonly<Record<string, OkxSimSpread>> = Object.freeze(
  Object.fromEntries(
    ([
      {
        sprdId: "BTC-USDT_BTC-USDT-SWAP",
        sprdType: "linear",
        baseCcy: "BTC",
        szCcy: "BTC",
        quoteCcy: "USDT",
        legs: [leg("BTC-USDT", "sell"), leg("BTC-USDT-SWAP", "buy")],
        settle: "USDT",
      },
      {
        sprdId: "ETH-USDT_ETH-USDT-SWAP",
        sprdType: "linear",
        baseCcy: "ETH",
        szCcy: "ETH",
        quoteCcy: "USDT",
        legs: [leg("ETH-USDT", "sell"), leg("ETH-USDT-SWAP", "buy")],
        settle: "USDT",
      },
      {
        sprdId: "BTC-USD-SWAP_BTC-USD-261225",
        sprdType: "inverse",
        baseCcy: "BTC",
        szCcy: "USD",
        quoteCcy: "USD",
        legs: [leg("BTC-USD-SWAP", "sell"), leg("BTC-USD-261225", "buy")],
        settle: "BTC",
      },
      {
        sprdId: "SOL-USDT_SOL-USDT-SWAP",
        sprdType: "linear",
        baseCcy: "SOL",
        szCcy: "SOL",
        quoteCcy: "USDT",
        legs: [leg("SOL-USDT", "sell"), leg("SOL-USDT-SWAP", "buy")],
        settle: "USDT",
      },
      {
        sprdId: "ETH-USDC_ETH-USDC-SWAP",
        sprdType: "linear",
        baseCcy: "ETH",
        szCcy: "ETH",
        quoteCcy: "USDC",
        legs: [leg("ETH-USDC", "sell"), leg("ETH-USDC-SWAP", "buy")],
        settle: "USDC",
      },
      {
        sprdId: "BTC-USDT_BTC-USD-SWAP",
        sprdType: "hybrid",
        baseCcy: "BTC",
        szCcy: "BTC",
        quoteCcy: "USDT",
        legs: [leg("BTC-USDT", "sell"), leg("BTC-USD-SWAP", "buy")],
        settle: "",
      },
      {
        sprdId: "BTC-USD_UM-SWAP_BTC-USD_UM-261225",
        sprdType: "linear",
        baseCcy: "BTC",
        szCcy: "BTC",
        quoteCcy: "USD",
        legs: [leg("BTC-USD_UM-SWAP", "sell"), leg("BTC-USD_UM-261225", "buy")],
        settle: "",
      },
    ] satisfies OkxSimSpread[]).map((sp) => [sp.sprdId, Object.freeze(sp)]),
  ),
);

/** Public, per IP: every client of the simulator shares one loopback address. */
const SPREADS_LIMIT = { limit: 20, intervalMs: 2000 };
const SPREAD_STATES = new Set(["live", "suspend", "expired"]);

/** `GET /api/v5/sprd/spreads`: public metadata, filtered by the documented parameters. */
export function spreads(req: SimRequest, book: VenueBook): Response {
  if (!book.takeRate("public:sprd/spreads", SPREADS_LIMIT.limit, SPREADS_LIMIT.intervalMs)) {
    return envelope("50011");
  }
  const q = new URLSearchParams(req.rawQuery);
  const sprdId = q.get("sprdId") || undefined;
  const baseCcy = q.get("baseCcy") || undefined;
  const instId = q.get("instId") || undefined;
  const wanted = q.get("state") || undefined;
  if (wanted !== undefined && !SPREAD_STATES.has(wanted)) {
    return envelope("51000", "Parameter state error");
  }
  const now = String(book.now());
  const rows = Object.values(OKX_SIM_SPREAD_INFO).filter((sp) =>
    (sprdId === undefined || sp.sprdId === sprdId) &&
    (baseCcy === undefined || sp.baseCcy === baseCcy) &&
    (instId === undefined || sp.legs.some((l) => l.instId === instId)) &&
    (wanted === undefined || wanted === "live")
  );
  return ok(rows.map((sp) => ({
    sprdId: sp.sprdId,
    sprdType: sp.sprdType,
    state: "live",
    baseCcy: sp.baseCcy,
    szCcy: sp.szCcy,
    quoteCcy: sp.quoteCcy,
    tickSz: "0.1",
    minSz: "0.01",
    lotSz: "0.01",
    listTime: "1686903000159",
    expTime: sp.legs.some((l) => /-\d{6}$/.test(l.instId)) ? "1798185600000" : "",
    uTime: now,
    legs: sp.legs.map((l) => ({ instId: l.instId, side: l.side })),
  })));
}
