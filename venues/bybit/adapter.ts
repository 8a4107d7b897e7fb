/**
 * The Bybit v5 account adapter: compiles a scope clause to native cancel-all requests
 * (or sweeps where cancel-all cannot express it exactly), executes them, lists what is
 * still open and cancels the rest.
 *
 * @module
 */

import type { VenueEnvironment } from "../endpoint.ts";
import type {
  ItemFailure,
  NativeRequest,
  OpenOrder,
  OrderKind,
  PlanStep,
  StepOutcome,
} from "../../engine/types.ts";
import type { BybitCategory } from "./categories.ts";
import type {
  LegacyAccountAdapter,
  LegacyClause,
  LegacyCompiledClause,
} from "../../engine/_legacy.ts";
import { BYBIT_CATEGORIES } from "./categories.ts";
import { InputError, VenueError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import { BATCH_MAX, CANCEL_ALL_FILTERS } from "./_schemas.ts";
import type {
  BybitCancelAllParams,
  BybitClient,
  BybitInstrument,
  BybitOpenOrder,
} from "./client.ts";
import { BYBIT_CODE_KINDS } from "./codes.ts";

/** Options of {@linkcode createBybitAccount}. */
export interface BybitAccountOptions {
  /**
   * Settle coins of linear contracts, used when a clause names no symbol, base coin or
   * settle coin: linear cancel-all and linear listings need one of them, so a bare linear
   * scope becomes one request per settle coin. Default `["USDT", "USDC"]`.
   */
  readonly linearSettleCoins?: readonly string[] | undefined;
  /**
   * Settle coins of the inverse cancel-all sent up front for a bare inverse scope; default
   * BTC and ETH. Inverse orders in any other coin are still found by the verifying bare
   * inverse listing and cancelled per settle coin found, one round later.
   */
  readonly inverseSettleCoins?: readonly string[] | undefined;
}

// Every category, futures first (their 500-order cap is what the verify rounds chase).
const ALL_CATEGORIES: readonly BybitCategory[] = [
  ...BYBIT_CATEGORIES.filter((c) => c === "linear" || c === "inverse"),
  ...BYBIT_CATEGORIES.filter((c) => c !== "linear" && c !== "inverse"),
];
/** Futures cancel-all removes at most this many orders per call. */
const FUTURES_CAP = 500;
/** Documented cancel-all limit for linear and inverse, per second per account. */
const CANCEL_ALL_PER_SECOND = 10;
const SPOT_CONDITIONAL_FILTERS = ["tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"];
/** The spot orderFilter that reaches an order of each stopOrderType. */
const SPOT_FILTER_BY_TYPE: ReadonlyMap<string, string> = new Map([
  ["tpslOrder", "tpslOrder"],
  ["Stop", "StopOrder"],
  ["OcoOrder", "OcoOrder"],
  ["BidirectionalTpslOrder", "BidirectionalTpslOrder"],
]);
const PAGE_LIMIT = "50";
const UPPER = /^[A-Z0-9][A-Z0-9-]*$/;
const COIN = /^[A-Z0-9]+$/;
/** How long instrument metadata is reused: about one run. */
const INSTRUMENT_TTL_MS = 60_000;
const NOTHING: StepOutcome = { acknowledged: [], alreadyGone: [], failures: [] };

/** A validated clause, as the compiler uses it. */
interface Normal {
  readonly categories: readonly BybitCategory[];
  readonly kinds: ReadonlySet<OrderKind>;
  readonly symbols: readonly string[] | undefined;
  readonly baseCoins: readonly string[] | undefined;
  readonly settleCoins: readonly string[] | undefined;
  readonly orderFilter: string | undefined;
}

/** One listing (GET /v5/order/realtime without paging fields). */
interface Listing {
  readonly category: BybitCategory;
  readonly symbol?: string | undefined;
  readonly baseCoin?: string | undefined;
  readonly settleCoin?: string | undefined;
}

/**
 * Creates the adapter for one Bybit account (unified account assumed).
 *
 * Scope rules: categories = `clause.bybit.categories` (default all four); kinds map to
 * `orderFilter` (regular = `Order`; conditional = `StopOrder`, and on spot each of
 * `tpslOrder`, `StopOrder`, `OcoOrder`, `BidirectionalTpslOrder`); one cancel-all per symbol,
 * else per base coin, else per settle coin; a bare linear scope uses `linearSettleCoins`;
 * a bare inverse scope cancels per `inverseSettleCoins` (default BTC, ETH) at once, and the
 * verifying bare inverse listing catches any other coin, cancelled per settle coin found. Where
 * cancel-all would reach outside the clause (symbols or base coins together with settle
 * coins; settle coins on spot) the step is a sweep: list, filter, cancel in batches.
 *
 * @example Plan a cancel of every USDT-settled linear order
 * ```ts
 * import { BybitClient } from "./client.ts";
 * import { createBybitAccount } from "./adapter.ts";
 * const account = createBybitAccount(new BybitClient({ apiKey: "k", secret: "s" }), "desk-1");
 * const plan = account.compile({
 *   kinds: ["regular", "conditional"],
 *   settleCoins: ["USDT"],
 *   bybit: { categories: ["linear"] },
 * });
 * plan.steps[0]?.request.params; // { category: "linear", settleCoin: "USDT" }
 * ```
 */
export function createBybitAccount(
  client: BybitClient,
  label = "default",
  options: BybitAccountOptions = {},
): LegacyAccountAdapter {
  return new BybitAccount(client, label, options);
}

class BybitAccount implements LegacyAccountAdapter {
  readonly venue = "bybit" as const;
  readonly account: string;
  readonly #client: BybitClient;
  readonly #linearSettleCoins: readonly string[];
  readonly #inverseSettleCoins: readonly string[];
  readonly #cancelAllWindows = new Map<BybitCategory, { inFlight: number; completed: number[] }>();
  readonly #instruments = new Map<
    string,
    { at: number; table: Promise<ReadonlyMap<string, BybitInstrument>> }
  >();

  constructor(client: BybitClient, label: string, options: BybitAccountOptions) {
    if (typeof label !== "string" || label.trim() === "") {
      throw new InputError("Cannot create Bybit account: label must not be empty");
    }
    const coins = options.linearSettleCoins ?? ["USDT", "USDC"];
    if (coins.length === 0 || coins.some((c) => !COIN.test(c))) {
      throw new InputError(
        "Cannot create Bybit account: linearSettleCoins must be uppercase coins, at least one",
      );
    }
    const inverse = options.inverseSettleCoins ?? ["BTC", "ETH"];
    if (inverse.some((c) => !COIN.test(c))) {
      throw new InputError(
        "Cannot create Bybit account: inverseSettleCoins must be uppercase coins",
      );
    }
    this.account = label;
    this.#client = client;
    this.#linearSettleCoins = [...new Set(coins)];
    this.#inverseSettleCoins = [...new Set(inverse)];
  }

  get host(): string {
    return this.#client.host;
  }

  get environment(): VenueEnvironment {
    return this.#client.endpoint.environment;
  }

  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#client.subscribe(listener);
  }

  // -------------------------------------------------------------------------------------------
  // compile
  // -------------------------------------------------------------------------------------------

  compile(clause: LegacyClause): LegacyCompiledClause {
    if (!this.#inScope(clause)) return { steps: [], listings: [] };
    const n = normalize(clause);
    const steps: PlanStep[] = [];
    const listings: NativeRequest[] = [];
    for (const category of n.categories) {
      steps.push(...this.#stepsFor(category, n));
      listings.push(...this.#listingsFor(category, n).map((l) => this.#listingRequest(l)));
    }
    return { steps, listings };
  }

  #stepsFor(category: BybitCategory, n: Normal): PlanStep[] {
    const filters = filtersFor(category, n);
    const symbols = n.symbols;
    if (symbols !== undefined && symbols.length === 0) return [];
    const coinsToo = n.baseCoins !== undefined || n.settleCoins !== undefined;
    if (symbols !== undefined && coinsToo) {
      return this.#sweeps(
        category,
        n,
        "symbols together with coins: cancel-all by symbol would reach outside the clause",
      );
    }
    if (symbols !== undefined) {
      return symbols.flatMap((symbol) =>
        filters.map((f) =>
          this.#cancelAll(
            { category, symbol, orderFilter: f },
            `symbol ${symbol} (a refusal counts as nothing there when GET /v5/market/instruments-info does not list it in ${category})`,
          )
        )
      );
    }
    if (n.baseCoins !== undefined && n.settleCoins !== undefined) {
      return this.#sweeps(
        category,
        n,
        "base coins together with settle coins: cancel-all uses only the base coin",
      );
    }
    if (n.baseCoins !== undefined) {
      return n.baseCoins.flatMap((baseCoin) =>
        filters.map((f) =>
          this.#cancelAll({ category, baseCoin, orderFilter: f }, `baseCoin ${baseCoin}`)
        )
      );
    }
    if (n.settleCoins !== undefined) {
      if (category === "spot") {
        return this.#sweeps(
          category,
          n,
          "spot cancel-all has no settleCoin: list spot, match quote coin",
        );
      }
      const coins = category === "option"
        ? n.settleCoins.filter((c) => c === "USDT" || c === "USDC")
        : n.settleCoins;
      return coins.flatMap((settleCoin) =>
        filters.map((f) =>
          this.#cancelAll({ category, settleCoin, orderFilter: f }, `settleCoin ${settleCoin}`)
        )
      );
    }
    if (category === "linear") {
      return this.#linearSettleCoins.flatMap((settleCoin) =>
        filters.map((f) =>
          this.#cancelAll(
            { category, settleCoin, orderFilter: f },
            `linear settle coin ${settleCoin} (configured linearSettleCoins)`,
          )
        )
      );
    }
    if (category === "inverse") {
      // Inverse cancel-all needs a coin and the coins are only known by listing. Cancel the
      // configured coins now (one round trip, with everything else); the verifying bare
      // inverse listing finds orders in any other coin and cancelRemaining() cancels per
      // settle coin found. A list-then-cancel step here would add a round trip to every run.
      return this.#inverseSettleCoins.flatMap((settleCoin) =>
        filters.map((f) =>
          this.#cancelAll(
            { category, settleCoin, orderFilter: f },
            `inverse settle coin ${settleCoin} (configured inverseSettleCoins; others are found by the verifying listing)`,
          )
        )
      );
    }
    return filters.map((f) => this.#cancelAll({ category, orderFilter: f }, `all ${category}`));
  }

  #sweeps(category: BybitCategory, n: Normal, why: string): PlanStep[] {
    return this.#listingsFor(category, n).map((l) => ({
      action: "sweep" as const,
      request: this.#listingRequest(l),
      note: `${category} sweep: ${why}`,
    }));
  }

  #cancelAll(
    params: { category: BybitCategory } & Omit<BybitCancelAllParams, "category">,
    what: string,
  ): PlanStep {
    const body: Record<string, string> = { category: params.category };
    if (params.symbol !== undefined) body.symbol = params.symbol;
    if (params.baseCoin !== undefined) body.baseCoin = params.baseCoin;
    if (params.settleCoin !== undefined) body.settleCoin = params.settleCoin;
    if (params.orderFilter !== undefined) body.orderFilter = params.orderFilter;
    const filter = params.orderFilter === undefined
      ? "all kinds"
      : `orderFilter ${params.orderFilter}`;
    const cap = params.category === "linear" || params.category === "inverse"
      ? ", at most 500 per call"
      : "";
    return {
      action: "cancel-all",
      request: {
        method: "POST",
        host: this.#client.host,
        path: `${this.#client.pathPrefix}/v5/order/cancel-all`,
        params: body,
      },
      note: `${params.category} ${what}, ${filter}${cap}`,
    };
  }

  /** The listings that show every open order of `category` the clause may cover. */
  #listingsFor(category: BybitCategory, n: Normal): Listing[] {
    if (n.symbols !== undefined) {
      return n.symbols.map((symbol) => ({ category, symbol }));
    }
    if (category === "spot" || category === "option") {
      // Spot listings take no coin; option lists everything bare. Filter locally.
      if (category === "option" && n.baseCoins !== undefined) {
        return n.baseCoins.map((baseCoin) => ({ category, baseCoin }));
      }
      return [{ category }];
    }
    if (n.baseCoins !== undefined) return n.baseCoins.map((baseCoin) => ({ category, baseCoin }));
    if (n.settleCoins !== undefined) {
      return n.settleCoins.map((settleCoin) => ({ category, settleCoin }));
    }
    if (category === "linear") {
      return this.#linearSettleCoins.map((settleCoin) => ({ category, settleCoin }));
    }
    return [{ category }];
  }

  #listingRequest(l: Listing): NativeRequest {
    const params: Record<string, string> = { category: l.category };
    if (l.symbol !== undefined) params.symbol = l.symbol;
    if (l.baseCoin !== undefined) params.baseCoin = l.baseCoin;
    if (l.settleCoin !== undefined) params.settleCoin = l.settleCoin;
    params.limit = PAGE_LIMIT;
    return {
      method: "GET",
      host: this.#client.host,
      path: `${this.#client.pathPrefix}/v5/order/realtime`,
      params,
    };
  }

  // -------------------------------------------------------------------------------------------
  // matches
  // -------------------------------------------------------------------------------------------

  matches(order: OpenOrder, clause: LegacyClause): boolean {
    if (order.venue !== "bybit" || order.account !== this.account) return false;
    if (!this.#inScope(clause)) return false;
    const categories: readonly string[] = clause.bybit?.categories ?? ALL_CATEGORIES;
    if (!categories.includes(order.market)) return false;
    if (!clause.kinds.includes(order.kind)) return false;
    if (clause.symbols !== undefined && !clause.symbols.includes(order.symbol)) return false;
    // A coin nobody stated (not in instruments-info) does not exclude: such an order stays
    // visible (and uncancelled, see cancelRemaining) rather than silently out of scope.
    if (
      clause.baseCoins !== undefined && order.baseCoin !== undefined &&
      !clause.baseCoins.includes(order.baseCoin)
    ) return false;
    if (
      clause.settleCoins !== undefined && order.settleCoin !== undefined &&
      !clause.settleCoins.includes(order.settleCoin)
    ) return false;
    const filter = clause.bybit?.orderFilter;
    return filter === undefined || passesFilter(order, filter);
  }

  // -------------------------------------------------------------------------------------------
  // execute
  // -------------------------------------------------------------------------------------------

  async execute(step: PlanStep, clause: LegacyClause, signal: AbortSignal): Promise<StepOutcome> {
    const p = step.request.params;
    const category = asCategory(p.category);
    if (step.action === "cancel-all") {
      const params: BybitCancelAllParams = {
        category,
        symbol: p.symbol,
        baseCoin: p.baseCoin,
        settleCoin: p.settleCoin,
        orderFilter: p.orderFilter,
        stopOrderType: p.stopOrderType === "Stop" ? "Stop" : undefined,
      };
      const run = () => this.#runCancelAll(params, signal);
      return p.symbol === undefined
        ? await run()
        : await this.#forSymbol(category, p.symbol, NOTHING, run, signal);
    }
    if (step.action !== "sweep") {
      throw new InputError(`Cannot execute Bybit step: unknown action ${step.action}`);
    }
    const listing: Listing = {
      category,
      symbol: p.symbol,
      baseCoin: p.baseCoin,
      settleCoin: p.settleCoin,
    };
    const n = normalize(clause);
    const found = (await this.#listFor(listing, n, signal)).filter((o) => this.matches(o, clause));
    const { known, unknown } = splitUnknown(found, n);
    return merge([await this.#cancelByIds(category, known, clause, signal), unprovable(unknown)]);
  }

  /** One cancel-all, then (futures, a full 500 back) more until one comes back short. */
  async #runCancelAll(params: BybitCancelAllParams, signal: AbortSignal): Promise<StepOutcome> {
    const first = await this.#cancelAllOnce(params, signal);
    const futures = params.category === "linear" || params.category === "inverse";
    if (!futures || first.count < FUTURES_CAP) return first.outcome;
    return merge([first.outcome, await this.#drain(params, signal)]);
  }

  // -------------------------------------------------------------------------------------------
  // instrument metadata (GET /v5/market/instruments-info): only for scopes that need it
  // -------------------------------------------------------------------------------------------

  /** What the venue states about `symbol` in `category`; undefined when it does not list it. */
  async #instrument(
    category: BybitCategory,
    symbol: string,
    signal: AbortSignal,
  ): Promise<BybitInstrument | undefined> {
    // Spot is one page: read it whole. Elsewhere ask per symbol (option lists one base coin
    // at a time; linear runs to several pages).
    const key = category === "spot" ? "spot" : `${category} ${symbol}`;
    const now = performance.now();
    let hit = this.#instruments.get(key);
    if (!hit || now - hit.at > INSTRUMENT_TTL_MS) {
      const table = this.#loadInstruments(
        category,
        category === "spot" ? undefined : symbol,
        signal,
      );
      hit = { at: now, table };
      this.#instruments.set(key, hit);
      const mine = hit;
      table.catch(() => {
        if (this.#instruments.get(key) === mine) this.#instruments.delete(key);
      });
    }
    return (await hit.table).get(symbol);
  }

  async #loadInstruments(
    category: BybitCategory,
    symbol: string | undefined,
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, BybitInstrument>> {
    let found = await this.#client.instruments({ category, symbol }, { signal });
    // The default lists Trading contracts only; pre-market contracts take orders too.
    if (found.length === 0 && symbol !== undefined && category !== "option") {
      found = await this.#client.instruments({ category, symbol, status: "PreLaunch" }, {
        signal,
      });
    }
    return new Map(found.map((i) => [i.symbol, i]));
  }

  /**
   * Sends a call naming `symbol` in `category` at once, and asks instruments-info alongside
   * (no extra round trip). The venue's answer stands; a refusal (bad_request) means "nothing
   * there" only when instruments-info does not list the symbol in that category.
   */
  async #forSymbol<T>(
    category: BybitCategory,
    symbol: string,
    nothing: T,
    call: () => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const [answer, listed] = await Promise.allSettled([
      call(),
      this.#listed(category, symbol, signal),
    ]);
    if (answer.status === "fulfilled") return answer.value;
    const error: unknown = answer.reason;
    const refused = error instanceof VenueError && error.kind === "bad_request";
    if (refused && listed.status === "fulfilled" && !listed.value) return nothing;
    throw error;
  }

  /** Whether the venue lists `symbol` in `category`. */
  async #listed(category: BybitCategory, symbol: string, signal: AbortSignal): Promise<boolean> {
    return (await this.#instrument(category, symbol, signal)) !== undefined;
  }

  /**
   * Orders with the coins the clause filters on, where the listing did not state them: from
   * instrument metadata; an order whose symbol the venue does not list keeps them unknown.
   */
  async #withCoins(
    orders: readonly OpenOrder[],
    n: Normal,
    signal: AbortSignal,
  ): Promise<OpenOrder[]> {
    if (n.baseCoins === undefined && n.settleCoins === undefined) return [...orders];
    return await Promise.all(orders.map(async (o) => {
      if (!coinsMissing(o, n)) return o;
      const category = asCategory(o.market);
      const info = await this.#instrument(category, o.symbol, signal);
      if (!info) return o;
      return { ...o, baseCoin: info.baseCoin, settleCoin: info.settleCoin };
    }));
  }

  async #cancelAllOnce(
    params: BybitCancelAllParams,
    signal: AbortSignal,
  ): Promise<{ outcome: StepOutcome; count: number }> {
    const done = this.#noteCancelAll(params.category);
    const result = await this.#client.cancelAll(params, { signal }).finally(done);
    const failures: ItemFailure[] = result.success === "0"
      ? [{ message: "cancel-all answered success=0" }]
      : [];
    return {
      outcome: { acknowledged: result.list.map((o) => o.orderId), alreadyGone: [], failures },
      count: result.list.length,
    };
  }

  /**
   * A futures cancel-all that removed a full 500 may have left more (the venue picks 500 at
   * random). Re-issue it in waves as wide as the rate limit (10/s) until one call comes back
   * short, probing one listing page before each new window rather than paging a large book
   * 50 orders at a time. The engine's verification still reads the book afterwards.
   */
  async #drain(params: BybitCancelAllParams, signal: AbortSignal): Promise<StepOutcome> {
    const outcomes: StepOutcome[] = [];
    while (!signal.aborted) {
      // Use what is left of this second's budget without waiting (this account's other
      // cancel-alls in the category, e.g. the USDC settle coin's, share it); when it is spent,
      // read one listing page before committing a whole new window to more calls.
      let wave = this.#cancelAllCapacity(params.category);
      if (wave === 0) {
        const left = await this.#client.listOpenOrders({
          category: params.category,
          symbol: params.symbol,
          baseCoin: params.baseCoin,
          settleCoin: params.settleCoin,
        }, { signal, maxPages: 1 });
        if (left.length === 0) break;
        wave = CANCEL_ALL_PER_SECOND;
      }
      const results = await Promise.all(
        Array.from({ length: wave }, () => this.#cancelAllOnce(params, signal)),
      );
      outcomes.push(...results.map((r) => r.outcome));
      if (results.some((r) => r.count < FUTURES_CAP)) break;
    }
    return merge(outcomes);
  }

  /**
   * Counts a cancel-all in flight for `category`; the returned function records its
   * completion. Mirrors the transport's limiter, which reopens a slot one window after the
   * response.
   */
  #noteCancelAll(category: BybitCategory): () => void {
    const w = this.#window(category);
    w.inFlight++;
    return () => {
      w.inFlight--;
      w.completed.push(performance.now());
    };
  }

  /** Cancel-alls this account can still start in `category` without waiting for a new window. */
  #cancelAllCapacity(category: BybitCategory): number {
    const w = this.#window(category);
    const now = performance.now();
    w.completed = w.completed.filter((t) => now - t < 1000);
    return Math.max(0, CANCEL_ALL_PER_SECOND - w.inFlight - w.completed.length);
  }

  #window(category: BybitCategory): { inFlight: number; completed: number[] } {
    let w = this.#cancelAllWindows.get(category);
    if (!w) {
      w = { inFlight: 0, completed: [] };
      this.#cancelAllWindows.set(category, w);
    }
    return w;
  }

  /**
   * Bare inverse scope: every inverse order is in scope, so one cancel-all per symbol found
   * by the listing is exact (and 500 per call rather than 20 per batch), with no need to know
   * its settle coin.
   */
  async #cancelInverseBySymbol(
    found: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const n = normalize(clause);
    const symbols = [...new Set(found.map((o) => o.symbol))];
    const outcomes = await Promise.all(
      symbols.flatMap((symbol) =>
        filtersFor("inverse", n).map((orderFilter) =>
          this.#runCancelAll({ category: "inverse", symbol, orderFilter }, signal)
        )
      ),
    );
    return merge(outcomes);
  }

  // -------------------------------------------------------------------------------------------
  // listOpen
  // -------------------------------------------------------------------------------------------

  async listOpen(
    clause: LegacyClause,
    signal: AbortSignal,
    outside?: OpenOrder[],
  ): Promise<OpenOrder[]> {
    if (!this.#inScope(clause)) return [];
    const n = normalize(clause);
    const listings = n.categories.flatMap((c) => this.#listingsFor(c, n));
    const pages = await Promise.all(listings.map((l) => this.#listFor(l, n, signal)));
    const byId = new Map<string, OpenOrder>();
    for (const order of pages.flat()) {
      if (this.matches(order, clause)) byId.set(order.id, order);
      else outside?.push(order);
    }
    return [...byId.values()];
  }

  /** One listing; a symbol the category refuses and instruments-info does not list is empty. */
  async #listFor(l: Listing, n: Normal, signal: AbortSignal): Promise<OpenOrder[]> {
    const run = () => this.#list(l, n, signal);
    return l.symbol === undefined
      ? await run()
      : await this.#forSymbol(l.category, l.symbol, [] as OpenOrder[], run, signal);
  }

  async #list(l: Listing, n: Normal, signal: AbortSignal): Promise<OpenOrder[]> {
    const items = await this.#client.listOpenOrders(l, { signal });
    return await this.#withCoins(items.map((item) => this.#normalise(item, l)), n, signal);
  }

  #normalise(item: BybitOpenOrder, l: Listing): OpenOrder {
    const conditional = (item.stopOrderType !== "" && item.stopOrderType !== "UNKNOWN") ||
      item.orderStatus === "Untriggered";
    const detail: Record<string, string> = {
      stopOrderType: item.stopOrderType,
      orderStatus: item.orderStatus,
    };
    return {
      venue: "bybit",
      account: this.account,
      id: item.orderId,
      clientId: item.orderLinkId === "" ? undefined : item.orderLinkId,
      symbol: item.symbol,
      kind: conditional ? "conditional" : "regular",
      market: item.category,
      status: item.orderStatus,
      // Only what the venue stated: the coin it filtered the listing by. Never the spelling.
      baseCoin: l.baseCoin,
      settleCoin: l.settleCoin,
      detail,
    };
  }

  // -------------------------------------------------------------------------------------------
  // cancelRemaining
  // -------------------------------------------------------------------------------------------

  async cancelRemaining(
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const n = normalize(clause);
    const stated = await this.#withCoins(orders.filter((o) => this.matches(o, clause)), n, signal);
    const { known: inClause, unknown } = splitUnknown(
      stated.filter((o) => this.matches(o, clause)),
      n,
    );
    if (inClause.length === 0) return unprovable(unknown);
    const steps = this.compile(clause).steps;
    const outcomes: Promise<StepOutcome>[] = [];
    for (const category of ALL_CATEGORIES) {
      const left = inClause.filter((o) => o.market === category);
      if (left.length === 0) continue;
      const mine = steps.filter((s) => s.request.params.category === category);
      const native = mine.filter((s) => s.action === "cancel-all");
      const batches = Math.ceil(left.length / BATCH_MAX[category]);
      const bare = clause.symbols === undefined && clause.baseCoins === undefined &&
        clause.settleCoins === undefined;
      if (category === "inverse" && bare) {
        outcomes.push(this.#cancelInverseBySymbol(left, clause, signal));
        continue;
      }
      // Re-issuing the native cancel-all is exact (it compiled from the clause) and cheaper
      // than batches when many remain, e.g. past the futures 500-per-call cap.
      if (native.length > 0 && native.length === mine.length && native.length < batches) {
        outcomes.push(
          Promise.all(native.map((s) => this.execute(s, clause, signal))).then(merge),
        );
      } else {
        outcomes.push(this.#cancelByIds(category, left, clause, signal));
      }
    }
    return merge([...(await Promise.all(outcomes)), unprovable(unknown)]);
  }

  /**
   * Cancels orders by id with cancel-batch (20 per request, 10 for spot), in parallel. Spot
   * conditional orders are not reachable by cancel-batch (it takes no orderFilter and the
   * venue answers "order does not exist"): they are cancelled per symbol with cancel-all and
   * the orderFilter of their kind, which is exact (every order of that symbol and kind is in
   * the clause when one is).
   */
  async #cancelByIds(
    category: BybitCategory,
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    if (category === "spot") {
      const conditional = orders.filter((o) => o.kind === "conditional");
      if (conditional.length > 0) {
        const regular = orders.filter((o) => o.kind !== "conditional");
        return merge(
          await Promise.all([
            this.#cancelSpotConditional(conditional, clause, signal),
            this.#cancelBatches(category, regular, signal),
          ]),
        );
      }
    }
    return await this.#cancelBatches(category, orders, signal);
  }

  /** Spot conditional orders: one cancel-all per symbol and orderFilter of their kind. */
  async #cancelSpotConditional(
    orders: readonly OpenOrder[],
    clause: LegacyClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const clauseFilters = filtersFor("spot", normalize(clause)).filter((f) =>
      f !== undefined && f !== "Order"
    );
    const calls = new Map<string, { symbol: string; orderFilter: string }>();
    for (const o of orders) {
      const known = SPOT_FILTER_BY_TYPE.get(o.detail?.stopOrderType ?? "");
      // An unknown stopOrderType: every conditional filter the clause covers.
      for (const orderFilter of known === undefined ? clauseFilters : [known]) {
        if (orderFilter === undefined) continue;
        calls.set(`${o.symbol} ${orderFilter}`, { symbol: o.symbol, orderFilter });
      }
    }
    const outcomes = await Promise.all(
      [...calls.values()].map(async ({ symbol, orderFilter }): Promise<StepOutcome> => {
        try {
          return (await this.#cancelAllOnce({ category: "spot", symbol, orderFilter }, signal))
            .outcome;
        } catch (error) {
          if (signal.aborted || !(error instanceof VenueError)) throw error;
          return {
            acknowledged: [],
            alreadyGone: [],
            failures: orders.filter((o) => o.symbol === symbol).map((o) => ({
              id: o.id,
              code: error.code,
              message: error.message,
            })),
          };
        }
      }),
    );
    return merge(outcomes);
  }

  /** cancel-batch in chunks of the category's maximum, in parallel. */
  async #cancelBatches(
    category: BybitCategory,
    orders: readonly OpenOrder[],
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const size = BATCH_MAX[category];
    const chunks: OpenOrder[][] = [];
    for (let i = 0; i < orders.length; i += size) chunks.push(orders.slice(i, i + size));
    const outcomes = await Promise.all(chunks.map(async (chunk): Promise<StepOutcome> => {
      try {
        const { items } = await this.#client.cancelBatch({
          category,
          request: chunk.map((o) => ({ symbol: o.symbol, orderId: o.id })),
        }, { signal });
        const acknowledged: string[] = [];
        const alreadyGone: string[] = [];
        const failures: ItemFailure[] = [];
        items.forEach((item, i) => {
          const id = chunk[i]?.id ?? item.orderId;
          if (item.code === 0) acknowledged.push(id);
          else if (item.code !== undefined && BYBIT_CODE_KINDS[String(item.code)] === "gone") {
            alreadyGone.push(id);
          } else {
            failures.push({
              id,
              code: item.code === undefined ? undefined : String(item.code),
              message: item.message || "cancel refused",
            });
          }
        });
        return { acknowledged, alreadyGone, failures };
      } catch (error) {
        if (signal.aborted || !(error instanceof VenueError)) throw error;
        if (error.kind === "gone") {
          return { acknowledged: [], alreadyGone: chunk.map((o) => o.id), failures: [] };
        }
        return {
          acknowledged: [],
          alreadyGone: [],
          failures: chunk.map((o) => ({ id: o.id, code: error.code, message: error.message })),
        };
      }
    }));
    return merge(outcomes);
  }

  #inScope(clause: LegacyClause): boolean {
    if (clause.venues !== undefined && !clause.venues.includes("bybit")) return false;
    if (clause.accounts !== undefined && !clause.accounts.includes(this.account)) return false;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function refuse(message: string): never {
  throw new InputError(`Cannot plan Bybit cancel: ${message}`);
}

function list(
  values: readonly string[] | undefined,
  field: string,
  pattern: RegExp,
): readonly string[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) refuse(`${field} must not be empty when set`);
  for (const v of values) {
    if (typeof v !== "string" || !pattern.test(v)) {
      refuse(`${field} must be uppercase (got ${JSON.stringify(String(v)).slice(0, 40)})`);
    }
  }
  return [...new Set(values)];
}

/** Validates a clause; throws `InputError` before anything is sent. */
function normalize(clause: LegacyClause): Normal {
  const kinds = new Set<OrderKind>();
  if (!Array.isArray(clause.kinds) || clause.kinds.length === 0) refuse("kinds must not be empty");
  for (const k of clause.kinds) {
    if (k !== "regular" && k !== "conditional") refuse(`unknown order kind ${String(k)}`);
    kinds.add(k);
  }
  const categories = clause.bybit?.categories ?? ALL_CATEGORIES;
  if (categories.length === 0) refuse("bybit.categories must not be empty when set");
  for (const c of categories) {
    if (!ALL_CATEGORIES.includes(c)) refuse(`unknown category ${String(c)}`);
  }
  // Generic symbols are venue-neutral: a scope may name OKX spreads and p99 markets next to
  // Bybit symbols. Those that cannot be a Bybit symbol of a category in scope select nothing
  // here (an empty list means nothing on Bybit, not everything).
  const symbols = clause.symbols === undefined ? undefined : [
    ...new Set(clause.symbols.filter((s) => typeof s === "string" && UPPER.test(s))),
  ];
  const baseCoins = list(clause.baseCoins, "baseCoins", COIN);
  const settleCoins = list(clause.settleCoins, "settleCoins", COIN);
  const orderFilter = clause.bybit?.orderFilter;
  if (orderFilter !== undefined) {
    for (const c of categories) {
      if (!CANCEL_ALL_FILTERS[c].includes(orderFilter)) {
        refuse(
          `bybit.orderFilter ${orderFilter} is not valid for category ${c} (${
            CANCEL_ALL_FILTERS[c].join(", ")
          })`,
        );
      }
    }
    const kind: OrderKind = orderFilter === "Order" || orderFilter === "OpenOrder"
      ? "regular"
      : "conditional";
    if (!kinds.has(kind)) {
      refuse(`bybit.orderFilter ${orderFilter} selects ${kind} orders, which kinds excludes`);
    }
  }
  return {
    categories: [...new Set(categories)],
    kinds,
    symbols,
    baseCoins,
    settleCoins,
    orderFilter,
  };
}

/** The orderFilter values that together cover exactly the clause's kinds in `category`. */
function filtersFor(category: BybitCategory, n: Normal): (string | undefined)[] {
  if (n.orderFilter !== undefined) return [n.orderFilter];
  const regular = n.kinds.has("regular");
  const conditional = n.kinds.has("conditional");
  if (category === "spot") {
    return [...(regular ? ["Order"] : []), ...(conditional ? SPOT_CONDITIONAL_FILTERS : [])];
  }
  if (regular && conditional) return [undefined];
  return [regular ? "Order" : "StopOrder"];
}

/** Whether an order passes a native orderFilter (as cancel-all applies it). */
function passesFilter(order: OpenOrder, filter: string): boolean {
  const type = order.detail?.stopOrderType ?? "";
  if (filter === "Order" || filter === "OpenOrder") return order.kind === "regular";
  if (order.kind !== "conditional") return false;
  if (filter === "StopOrder") return order.market !== "spot" || type === "Stop";
  return type === filter;
}

/** Whether the clause filters on a coin this order does not state yet. */
function coinsMissing(o: OpenOrder, n: Normal): boolean {
  return (n.baseCoins !== undefined && o.baseCoin === undefined) ||
    (n.settleCoins !== undefined && o.settleCoin === undefined);
}

/** Orders whose coins are known, and those the venue gave no coins for. */
function splitUnknown(
  orders: readonly OpenOrder[],
  n: Normal,
): { known: OpenOrder[]; unknown: OpenOrder[] } {
  return {
    known: orders.filter((o) => !coinsMissing(o, n)),
    unknown: orders.filter((o) => coinsMissing(o, n)),
  };
}

/**
 * Orders the tool cannot place in or out of a coin-scoped clause (their symbol is not in
 * instruments-info): never cancelled by guess, never dropped; reported, and they keep the
 * account from being reported flat.
 */
function unprovable(orders: readonly OpenOrder[]): StepOutcome {
  return {
    acknowledged: [],
    alreadyGone: [],
    failures: orders.map((o) => ({
      id: o.id,
      message:
        `cannot tell whether ${o.market} ${o.symbol} is in the coin scope: GET /v5/market/instruments-info does not list it; left open`,
    })),
  };
}

function asCategory(value: string | undefined): BybitCategory {
  const found = ALL_CATEGORIES.find((c) => c === value);
  if (!found) throw new InputError("Cannot execute Bybit step: category is missing or unknown");
  return found;
}

function merge(outcomes: readonly StepOutcome[]): StepOutcome {
  return {
    acknowledged: outcomes.flatMap((o) => o.acknowledged),
    alreadyGone: outcomes.flatMap((o) => o.alreadyGone),
    failures: outcomes.flatMap((o) => o.failures),
  };
}
