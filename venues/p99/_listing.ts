// p99's verifying listings: every active order of one market (or of every market), read back
// by the client's `listActiveOrders` (`status=open` and `status=partially_filled`, every page,
// merged). The engine decides which orders are in scope; a listing only reads, normalises and
// refuses to vouch for a book it could not read whole. Private.

import { venueError } from "../errors.ts";
import type {
  Listing,
  ListOptions,
  NativeRequest,
  OpenOrder,
  StepOutcome,
} from "../../engine/types.ts";
import type { P99Client, P99Order, P99SymbolInput } from "./client.ts";
import type { MarketCoins, P99Markets } from "./_markets.ts";

/** What one account's compiled steps and listings work with. */
export interface P99Context {
  /** The account's client. */
  readonly client: P99Client;
  /** The account label orders are reported under. */
  readonly account: string;
  /** The account's `GET /spot/markets` cache. */
  readonly markets: P99Markets;
}

/** A request on `/spot/orders` as a plan shows it (base URL path prefix included). */
export function ordersRequest(
  client: P99Client,
  method: "GET" | "DELETE",
  params: Readonly<Record<string, string>>,
): NativeRequest {
  return { method, host: client.host, path: `${client.pathPrefix}/spot/orders`, params };
}

/** What one listing of active orders needs. */
export interface ActiveListing {
  /** The market listed (`{}`: every market). */
  readonly input: P99SymbolInput;
  /** Whether its clause filters by coin: coins are then required, read from GET /spot/markets. */
  readonly coinScoped: boolean;
  /** Sends the bulk cancel that covers this listing again (an incomplete listing). */
  readonly resend: (signal: AbortSignal) => Promise<StepOutcome>;
}

/**
 * The listings that verify one market (or every market): one display request per active
 * status, as the client sends them. Both are one `listActiveOrders` call: run together (as the
 * engine runs a clause's listings), they share it and return the same orders.
 */
export function activeListings(ctx: P99Context, target: ActiveListing): Listing[] {
  let inFlight:
    | { signal: AbortSignal; readOnly: boolean; orders: Promise<OpenOrder[]> }
    | undefined;
  const run = (signal: AbortSignal, options?: ListOptions): Promise<OpenOrder[]> => {
    const readOnly = options?.readOnly ?? false;
    if (inFlight?.signal === signal && inFlight.readOnly === readOnly) return inFlight.orders;
    const orders = listActive(ctx, target, signal, readOnly);
    const current = { signal, readOnly, orders };
    inFlight = current;
    const done = () => {
      if (inFlight === current) inFlight = undefined;
    };
    orders.then(done, done);
    return orders;
  };
  const { symbol } = target.input;
  return (["open", "partially_filled"] as const).map((status) => ({
    request: ordersRequest(ctx.client, "GET", {
      ...(symbol === undefined ? {} : { symbol }),
      status,
      limit: "200",
    }),
    run,
  }));
}

/**
 * Every active order of the target, normalised, with the coins GET /spot/markets states
 * (read first for a coin-scoped clause; otherwise only if another clause of the run read it).
 */
async function listActive(
  ctx: P99Context,
  target: ActiveListing,
  signal: AbortSignal,
  readOnly: boolean,
): Promise<OpenOrder[]> {
  const [loaded, result] = await Promise.all([
    target.coinScoped ? ctx.markets.load(signal) : undefined,
    ctx.client.listActiveOrders(target.input, { signal }),
  ]);
  if (!result.complete) throw await incomplete(target, signal, readOnly);
  let table = loaded ?? await ctx.markets.known();
  if (target.coinScoped && table) {
    // Every order's market must be one GET /spot/markets states the coins of: read it once more
    // (a market listed since), then refuse to guess.
    if (result.orders.some((o) => !table?.has(o.symbol))) {
      table = await ctx.markets.refreshOnce(signal);
    }
    const unknown = result.orders.filter((o) => !table?.has(o.symbol));
    if (unknown.length > 0) throw unknownMarkets(unknown);
  }
  return result.orders.map((o) => toOpenOrder(ctx.account, o, table?.get(o.symbol)));
}

/**
 * p99's listing cannot reach past 200 orders created in one second, but the bulk DELETE in
 * scope cancels them all: send it again (unless read-only), then report the listing as
 * incomplete so the engine lists once more. Never FLAT from an incomplete listing.
 */
async function incomplete(
  target: ActiveListing,
  signal: AbortSignal,
  readOnly: boolean,
): Promise<Error> {
  let cancel = "read-only: no cancel re-sent";
  if (!readOnly) {
    // Account-level failures are thrown by the step (the engine's policy); others come back.
    const { failures } = await target.resend(signal);
    cancel = failures.length === 0
      ? "re-sent the cancel in scope"
      : `re-sending the cancel in scope failed: ${failures[0]?.message}`;
  }
  return venueError(
    "transient",
    "p99 GET /spot/orders: listing incomplete: more than 200 active orders share one " +
      `created_at second and p99's listing has no cursor to reach past them (${cancel})`,
    { venue: "p99", code: "LISTING_INCOMPLETE", endpoint: "GET /spot/orders" },
  );
}

function unknownMarkets(orders: readonly P99Order[]): Error {
  const names = [...new Set(orders.map((o) => o.symbol))].slice(0, 5);
  return venueError(
    "bad_request",
    `p99: ${orders.length} open order(s) on market(s) ${
      names.map((n) => `"${n.slice(0, 40)}"`).join(", ")
    } that GET /spot/markets does not list: their coins are unknown, so this coin-scoped ` +
      "run cannot tell whether they are in scope (to cancel them, scope by symbol without " +
      "a coin filter)",
    { venue: "p99", code: "UNKNOWN_MARKET", endpoint: "GET /spot/markets" },
  );
}

/** An order as the engine sees it, with its market's coins when they are known. */
export function toOpenOrder(
  account: string,
  o: Pick<P99Order, "id" | "symbol" | "status">,
  coins: MarketCoins | undefined,
): OpenOrder {
  return {
    venue: "p99",
    account,
    id: o.id,
    symbol: o.symbol,
    kind: "regular",
    market: "spot",
    status: o.status,
    baseCoin: coins?.base,
    settleCoin: coins?.quote,
  };
}
