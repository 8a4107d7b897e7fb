/**
 * The Bitget v2 mix (futures) simulator: signature checks as the venue does them, per-account
 * per-endpoint rate limits, cancel-all-orders with successList/failureList (trigger orders
 * left alone), single, batch and plan cancels, and idLessThan/endId paginated listings. Unified
 * trading accounts (the v3 API, `/api/v3/`) are served by `bitget_uta.ts`; such an account
 * answers every v2 private call with 40085.
 *
 * Points no source settled are marked UNVERIFIED.
 *
 * This file routes v2 requests (and hands `/api/v3/` to `bitget_uta.ts`); the endpoints are in
 * `bitget/classic.ts` (cancels) and `bitget/classic_listing.ts`, the order shapes in
 * `bitget/classic_orders.ts`, and what v2 and v3 share (signature, envelopes, parameters, order
 * matching) in `bitget/wire.ts` and `bitget/orders.ts`. State lives in the venue's book.
 *
 * @module
 */

import type { SeedSpec, SimAccount, SimOrder, SimRequest, SimState, VenueSim } from "./core.ts";
import { bitgetAccountMode, handleUta } from "./bitget_uta.ts";
import { CANCEL_ROUTES } from "./bitget/classic.ts";
import { LISTING_ROUTES } from "./bitget/classic_listing.ts";
import { makeClassicOrder, renderPlan, renderRegular } from "./bitget/classic_orders.ts";
import { MARKETS } from "./bitget/orders.ts";
import { isUtaOrder, makeUtaOrder, renderUta } from "./bitget/uta_orders.ts";
import { authenticate, fail, type Handler, publicTime, readParams } from "./bitget/wire.ts";

const TIME = "/api/v2/public/time";
const ROUTES: Readonly<Record<string, Handler>> = { ...CANCEL_ROUTES, ...LISTING_ROUTES };

async function handle(req: SimRequest, state: SimState): Promise<Response> {
  const book = state.book("bitget");
  // Public; 20 req/s per IP.
  if (req.path === TIME && req.method === "GET") return publicTime(book, "ip:public-time");
  // Unified trading accounts' v3 API: sim/bitget_uta.ts, with the same authentication.
  if (req.path.startsWith("/api/v3/")) return await handleUta(req, state);
  const handler = ROUTES[`${req.method} ${req.path}`];
  if (!handler) return fail("40404", undefined, 404);
  const account = await authenticate(req, book);
  if (account instanceof Response) return account;
  // A unified trading account refuses every classic private call (JKorf/Bitget.Net#69).
  if (bitgetAccountMode(state, account.index) === "uta") {
    return fail(
      "40085",
      "You are in Unified Account mode, and the Classic Account API is not supported at this time",
    );
  }
  // 10 requests per second per UID per endpoint (each endpoint's documented limit).
  if (!book.takeRate(`${account.index}:${req.path}`, 10, 1000)) return fail("429");
  const params = readParams(req, false);
  if (params instanceof Response) return params;
  return handler(req, book, account, params);
}

/** A seeded order in the account's mode: classic (v2) or unified (v3). */
function makeOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder {
  const book = state.book("bitget");
  return bitgetAccountMode(state, account.index) === "uta"
    ? makeUtaOrder(account, spec, book)
    : makeClassicOrder(account, spec, book);
}

/**
 * The Bitget venue handler for the simulator server.
 *
 * @example Serve Bitget on a loopback port
 * ```ts
 * import { startServer } from "./server.ts";
 * import { bitgetSim } from "./bitget.ts";
 * const server = startServer([bitgetSim], { accounts: 2 });
 * await server.close();
 * ```
 */
export const bitgetSim: VenueSim = {
  venue: "bitget",
  prefixes: ["/api/v2/", "/api/v3/"],
  markets: ([["USDT-FUTURES", "USDT"], ["COIN-FUTURES", "COIN"], ["USDC-FUTURES", "USDC"]] as const)
    .flatMap(([market, family]) => MARKETS[family].map(([symbol]) => ({ market, symbol }))),
  handle,
  errorFor: (code, status) => fail(code, undefined, status),
  makeOrder,
  render: (o) =>
    isUtaOrder(o) ? renderUta(o) : o.kind === "conditional" ? renderPlan(o) : renderRegular(o),
};
