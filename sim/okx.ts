/**
 * The OKX v5 Spread Trading simulator: `/api/v5/sprd/*` and `/api/v5/public/time`, with
 * OKX's envelopes, string fields, codes and HTTP statuses, public spread metadata
 * (`GET /api/v5/sprd/spreads`), its signature check (written
 * independently of the client's signer), per-user rate limits, paging by `ordId`, the
 * asynchronous cancel (acknowledged first, off the book `okxCancelDelayMs` later), the
 * cancel-all-after timer and the 500 pending-order cap.
 *
 * UNVERIFIED points, chosen and kept configurable or documented here:
 * - the order of the auth checks (headers, timestamp format, key, environment, passphrase,
 *   timestamp window, signature);
 * - an empty POST body is accepted as `{}` (the live venue may answer 50000);
 * - unknown order on `GET /sprd/order` answers 51603; unknown path answers HTTP 404;
 * - `beginId` returns the `limit` orders just newer than it, newest first;
 * - a user cancel records `cancelSource` "1";
 * - `GET /api/v5/sprd/spreads` lists every catalogued spread as `live` (whether the venue
 *   lists suspended or expired spreads without `state` is not documented), and knows nothing
 *   of a spread id outside `OKX_SIM_SPREAD_INFO`, even when orders were seeded on it;
 * - the `sprdType` / `quoteCcy` of the hybrid and USD-margined catalogue spreads.
 *
 * Each point is a row of docs/fidelity/okx.md.
 *
 * This file routes requests; the protocol is in `okx/`: `wire.ts` (envelopes, codes, signature),
 * `spreads.ts` (the spread catalogue and its public listing), `orders.ts` (cap, asynchronous
 * cancel, cancel-all-after timer, order shape) and `trade.ts` (the private endpoints). State
 * lives in the venue's book.
 *
 * @module
 */

import type { SimRequest, SimState, VenueSim } from "./core.ts";
import { json } from "./core.ts";
import { makeOrder, okxVenue, render } from "./okx/orders.ts";
import { OKX_SIM_SPREADS, spreads } from "./okx/spreads.ts";
import { TRADE_ROUTES } from "./okx/trade.ts";
import { authenticate, envelope, ok } from "./okx/wire.ts";

export { OKX_SIM_SPREAD_INFO, OKX_SIM_SPREADS, type OkxSimSpread } from "./okx/spreads.ts";

/** Options of {@linkcode createOkxSim}. */
export interface OkxSimOptions {
  /** Pending spread orders allowed per account (the venue's cap is 500). */
  readonly maxPendingOrders?: number | undefined;
}

const PATHS = new Set(Object.keys(TRADE_ROUTES).map((r) => r.split(" ")[1]));

/**
 * Builds an OKX Spread simulator. The default cap on pending orders is the venue's 500:
 * seeding beyond it throws (the control route then answers 500), as placing would be
 * refused; raise `maxPendingOrders` for load tests.
 *
 * @example Start a server with a higher cap
 * ```ts
 * import { createOkxSim } from "./okx.ts";
 * import { startServer } from "./server.ts";
 * const server = startServer([createOkxSim({ maxPendingOrders: 10_000 })]);
 * await server.close();
 * ```
 */
export function createOkxSim(options: OkxSimOptions = {}): VenueSim {
  const okx = okxVenue(options.maxPendingOrders ?? 500);

  async function handle(req: SimRequest, state: SimState): Promise<Response> {
    const book = state.book("okx");
    const route = `${req.method} ${req.path}`;
    if (route === "GET /api/v5/public/time") {
      return ok([{ ts: String(book.now()) }]);
    }
    if (route === "GET /api/v5/sprd/spreads") return spreads(req, book);
    const endpoint = TRADE_ROUTES[route];
    if (!endpoint) {
      const publicPath = req.path === "/api/v5/public/time" || req.path === "/api/v5/sprd/spreads";
      if (PATHS.has(req.path) || publicPath) return envelope("50115");
      return json({ code: "404", msg: "Not Found", data: [] }, 404);
    }
    const account = await authenticate(req, book);
    if (account instanceof Response) return account;
    if (!book.takeRate(`${account.index}:${route}`, endpoint.limit, endpoint.intervalMs)) {
      return envelope("50011");
    }
    return endpoint.handler(okx, req, account, book);
  }

  return {
    venue: "okx",
    prefixes: ["/api/v5/"],
    markets: OKX_SIM_SPREADS.map((symbol) => ({ market: "sprd", symbol })),
    handle,
    errorFor: (code, status) => envelope(code, undefined, status),
    makeOrder: (account, spec, state) => makeOrder(okx, account, spec, state.book("okx")),
    render,
  };
}

/**
 * The OKX Spread simulator with the venue's 500 pending-order cap.
 *
 * @example Serve OKX only
 * ```ts
 * import { okxSim } from "./okx.ts";
 * import { startServer } from "./server.ts";
 * const server = startServer([okxSim]);
 * console.log(server.origin);
 * await server.close();
 * ```
 */
export const okxSim: VenueSim = createOkxSim();
