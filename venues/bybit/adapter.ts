/**
 * The Bybit v5 account adapter: compiles a scope clause to native cancel-all requests (or
 * sweeps where cancel-all cannot express it exactly) and the listings that verify them, and
 * re-cancels what is left the cheapest way. The engine owns the rest: which clauses reach the
 * account, which orders are in scope, the failure policy and merging.
 *
 * @module
 */

import { mergeOutcomes } from "../../engine/outcome.ts";
import { mapBounded } from "../../engine/pool.ts";
import type {
  AccountAdapter,
  CompiledClause,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import type { VenueEnvironment } from "../endpoint.ts";
import { InputError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import { cancelByIds, cancelBySymbol, cancelInClause, FAN_OUT } from "./_cancel.ts";
import { type BybitPlan, type CancelAllStep, compileClause } from "./_compile.ts";
import type { BybitContext } from "./_context.ts";
import { BATCH_MAX } from "./_schemas.ts";
import { Instruments } from "./_symbols.ts";
import type { BybitClient } from "./client.ts";
import { BYBIT_REFINEMENT } from "./scope.ts";

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
   * inverse listing and cancelled per symbol found, one round later.
   */
  readonly inverseSettleCoins?: readonly string[] | undefined;
}

const COIN = /^[A-Z0-9]+$/;

/**
 * Creates the adapter for one Bybit account (unified account assumed).
 *
 * Scope rules: categories = `clause.bybit.categories` (default all four); kinds map to
 * `orderFilter` (regular = `Order`; conditional = `StopOrder`, and on spot each of
 * `tpslOrder`, `StopOrder`, `OcoOrder`, `BidirectionalTpslOrder`); one cancel-all per symbol,
 * else per base coin, else per settle coin; a bare linear scope uses `linearSettleCoins`;
 * a bare inverse scope cancels per `inverseSettleCoins` (default BTC, ETH) at once, and the
 * verifying bare inverse listing catches any other coin, cancelled per symbol found. Where
 * cancel-all would reach outside the clause (symbols or base coins together with settle
 * coins; settle coins on spot) the step is a sweep: list, then cancel in batches what is in
 * the clause.
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
): AccountAdapter {
  return new BybitAccount(client, label, options);
}

class BybitAccount implements AccountAdapter {
  readonly venue = "bybit" as const;
  readonly refinement = BYBIT_REFINEMENT;
  readonly account: string;
  readonly #ctx: BybitContext;
  /** The typed plan behind each clause this account compiled. */
  readonly #plans = new WeakMap<CompiledClause, BybitPlan>();

  constructor(client: BybitClient, label: string, options: BybitAccountOptions) {
    if (typeof label !== "string" || label.trim() === "") {
      throw new InputError("Cannot create Bybit account: label must not be empty");
    }
    const linear = options.linearSettleCoins ?? ["USDT", "USDC"];
    if (linear.length === 0 || linear.some((c) => !COIN.test(c))) {
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
    this.#ctx = {
      client,
      account: label,
      instruments: new Instruments(client),
      linearSettleCoins: [...new Set(linear)],
      inverseSettleCoins: [...new Set(inverse)],
    };
  }

  get host(): string {
    return this.#ctx.client.host;
  }

  get environment(): VenueEnvironment {
    return this.#ctx.client.endpoint.environment;
  }

  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#ctx.client.subscribe(listener);
  }

  compile(clause: ScopeClause): CompiledClause {
    const plan = compileClause(this.#ctx, clause);
    this.#plans.set(plan.compiled, plan);
    return plan.compiled;
  }

  /**
   * Re-cancels orders left after the first pass, per category, with the clause's compiled
   * steps (never compiled again): re-running the native cancel-alls when fewer calls than
   * batches (e.g. past the futures 500 cap), one cancel-all per symbol found for a bare inverse
   * scope, else cancel-batch by id.
   */
  async cancelOrders(
    orders: readonly OpenOrder[],
    compiled: CompiledClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const plan = this.#plans.get(compiled);
    if (!plan) {
      throw new Error("Cannot re-cancel Bybit orders: the clause was not compiled by this account");
    }
    const ctx = this.#ctx;
    const { view, steps } = plan;
    return await cancelInClause(ctx, orders, compiled.clause, async (category, left) => {
      if (category === "inverse" && view.bare) {
        return await cancelBySymbol(ctx, category, left, view, signal);
      }
      const mine = steps.filter((s) => s.params.category === category);
      const native = mine.filter((s): s is CancelAllStep => s.action === "cancel-all");
      const batches = Math.ceil(left.length / BATCH_MAX[category]);
      // Re-issuing the native cancel-all is exact (it compiled from the clause) and cheaper
      // than batches when many remain, e.g. past the futures 500-per-call cap.
      if (native.length > 0 && native.length === mine.length && native.length < batches) {
        return mergeOutcomes(await mapBounded(native, FAN_OUT, (s) => s.run(signal)));
      }
      return await cancelByIds(ctx, category, left, view, signal);
    });
  }
}
