/**
 * Bybit v5 simulator handler: unified-account (UTA) semantics of cancel-all, cancel,
 * cancel-batch, the open-order listing and the public instruments listing, with Bybit's
 * signature check, recv window, per-UID rate limits (and their `X-Bapi-Limit*` headers), error
 * codes and HTTP statuses.
 *
 * Sources: bybit-exchange/docs `docs/v5/guide.mdx`, `order/cancel-all.mdx`,
 * `order/cancel-order.mdx`, `order/open-order.mdx`, `order/batch-cancel.mdx`,
 * `market/instrument.mdx`, `error.mdx`, `rate-limit.mdx`; one row per rule in
 * `docs/fidelity/bybit.md`. Points no source settled are marked UNVERIFIED (ASSUMED there).
 *
 * This file routes requests; the protocol is in `bybit/`: `wire.ts` (envelopes, codes,
 * signature, limit headers), `markets.ts` (instruments), `orders.ts` (filters, seeding,
 * rendering), `cancel.ts` and `listing.ts` (the endpoints). State lives in the venue's book.
 *
 * @module
 */

import type { VenueBook } from "./book.ts";
import type { SimAccount, SimRequest, SimState, VenueSim } from "./core.ts";
import { cancelAll, cancelBatch, cancelOne } from "./bybit/cancel.ts";
import { realtime } from "./bybit/listing.ts";
import { type Category, instrumentsInfo, type Market, MARKETS } from "./bybit/markets.ts";
import { makeOrder, render } from "./bybit/orders.ts";
import { authenticate, errorFor, notFound, serverTime } from "./bybit/wire.ts";

type Handler = (req: SimRequest, book: VenueBook, account: SimAccount) => Response;

const ROUTES: Readonly<Record<string, Handler>> = {
  "POST /v5/order/cancel-all": cancelAll,
  "POST /v5/order/cancel": cancelOne,
  "POST /v5/order/cancel-batch": cancelBatch,
  "GET /v5/order/realtime": realtime,
};

/**
 * The Bybit v5 simulator (unified accounts).
 *
 * @example Serve Bybit on a free port
 * ```ts
 * import { startServer } from "./server.ts";
 * import { bybitSim } from "./bybit.ts";
 * const server = startServer([bybitSim], { port: 0 });
 * await server.close();
 * ```
 */
export const bybitSim: VenueSim = {
  venue: "bybit",
  prefixes: ["/v5/"],
  markets: (Object.entries(MARKETS) as [Category, readonly Market[]][]).flatMap(([market, rows]) =>
    rows.map((r) => ({ market, symbol: r.symbol }))
  ),
  async handle(req: SimRequest, state: SimState): Promise<Response> {
    const book = state.book("bybit");
    if (req.path === "/v5/market/time") {
      return req.method === "GET" ? serverTime(book) : notFound();
    }
    if (req.path === "/v5/market/instruments-info") {
      return req.method === "GET" ? instrumentsInfo(req, book) : notFound();
    }
    const handler = ROUTES[`${req.method} ${req.path}`];
    if (!handler) return notFound();
    const account = await authenticate(req, book);
    if (account instanceof Response) return account;
    return handler(req, book, account);
  },
  errorFor,
  makeOrder: (account, spec, state) => makeOrder(account, spec, state.book("bybit")),
  render,
};
