/**
 * The Bitget account adapter (classic v2 mix): compiles scope clauses to bulk cancels that
 * need no listing (cancel-all-orders, batch-cancel-orders by symbol, cancel-plan-order per plan
 * type), lists what is still open in explicit creation-time windows (trigger/plan orders
 * included) and cancels that by id.
 *
 * @module
 */

import type {
  AccountAdapter,
  CompiledClause,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { NOTHING } from "../../engine/outcome.ts";
import { sleep } from "../rate_limit.ts";
import { accountBase, wholeOption } from "./_account.ts";
import { inScope } from "./_cancel.ts";
import { BITGET_LIST_WINDOW_MS, cancelClassicByIds } from "./_classic.ts";
import { blindKey, type ClassicCompiler, compileClassic } from "./_classic_compile.ts";
import type { BitgetClient } from "./client.ts";

export { BITGET_LIST_WINDOW_MS };

/** Options of {@linkcode createBitgetAccount}. */
export interface BitgetAccountOptions {
  /** Orders per targeted cancel request, 1 to 50; default 50. */
  readonly batchSize?: number | undefined;
  /**
   * Older creation-time windows (88 days each) the verifying listings read besides the
   * newest one, 0 to 40; default 0. Bitget's listings cover three months per request, so
   * with 0 a FLAT report proves orders created in the last 88 days gone, and says so; each
   * window adds two orders-pending and three orders-plan-pending requests per product type
   * (10 requests/s each). Whether the venue answers windows older than three months is
   * UNVERIFIED (a refusal makes the account UNKNOWN, never FLAT).
   */
  readonly lookbackWindows?: number | undefined;
  /** Clock for the listing windows, epoch ms; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Each listing endpoint allows 10 requests per second per UID. */
const LIST_LIMIT_PER_SECOND = 10;

/**
 * Creates the adapter the engine drives for one Bitget account.
 *
 * Every cancel that can be sent blind is: no listing decides what is canceled, because the
 * listings cover three months per request and the bulk cancels have no time window.
 * - Regular orders: one `cancel-all-orders` per product type (× margin coin when the clause
 *   names margin or settle coins); with `symbols`, one `batch-cancel-orders` per symbol with
 *   no orderIdList (every order of that symbol). A clause with `baseCoins` and no symbols
 *   becomes a `sweep` (no endpoint takes a base coin): list, keep what is in scope, cancel by
 *   id.
 * - Conditional (trigger/plan) orders, which cancel-all-orders leaves alone: one
 *   `cancel-plan-order` per documented planType (normal_plan, profit_plan, loss_plan,
 *   pos_profit, pos_loss, moving_plan) per product type (× margin coin, × symbol), with no
 *   orderIdList; sent in parallel, paced to 10 requests/s. `track_plan` orders (not
 *   documented for cancel) and base-coin scopes are left to the verify rounds, which cancel
 *   what the listings still show by id under each order's own planType.
 * - Verification: orders-pending per product type and status (`live`, `partially_filled`:
 *   an omitted status returns live orders only), orders-plan-pending per plan type group,
 *   each in explicit creation-time windows (see `lookbackWindows`).
 *
 * @example Compile a scope for one account
 * ```ts
 * import { BitgetClient, createBitgetAccount } from "./mod.ts";
 * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
 * const account = createBitgetAccount(client, "main");
 * const plan = account.compile({ kinds: ["regular"], settleCoins: ["USDT"] });
 * plan.steps[0]?.request.params; // { productType: "USDT-FUTURES", marginCoin: "USDT" }
 * ```
 */
export function createBitgetAccount(
  client: BitgetClient,
  label = "default",
  options: BitgetAccountOptions = {},
): AccountAdapter {
  const what = "Bitget account";
  const batchSize = wholeOption(what, "batchSize", options.batchSize, 50, [1, 50]);
  const lookback = wholeOption(what, "lookbackWindows", options.lookbackWindows, 0, [0, 40]);
  const base = accountBase(client, label, what);
  /** Start of the oldest window the listings have all read, epoch ms. */
  let listedSince: number | undefined;
  /** When the last listing round started (performance.now()), and its busiest endpoint's cost. */
  let lastListAt = -Infinity;
  let lastListCost = 0;
  // The blind bulk cancels are what reaches orders older than the listing window: an empty
  // listing proves FLAT only once every one of them went out and was answered.
  const blindFailed = new Set<string>();
  // Orders a blind bulk cancel answered but did not cancel (its failureList), by cancel: such
  // an order is verified only if a listing saw it (the engine then cancels it by id); one no
  // listing saw may be older than the window, and keeps the account from FLAT.
  const blindRefused = new Map<string, ReadonlySet<string>>();
  const listedIds = new Set<string>();
  const account: ClassicCompiler = {
    client,
    host: client.host,
    label,
    batchSize,
    lookback,
    demo: client.demo,
    now: options.now ?? Date.now,
    listing(cost) {
      lastListAt = performance.now();
      lastListCost = cost;
    },
    listed(oldest, ids) {
      // What a FLAT report can claim is what the least far-reaching listing saw.
      listedSince = Math.max(listedSince ?? oldest, oldest);
      for (const id of ids) listedIds.add(id);
    },
    sent(key, answered, refused) {
      // A refusal that names no order cannot be matched to a listing: as if it did not go out.
      if (!answered || refused.includes(undefined)) blindFailed.add(key);
      else blindFailed.delete(key);
      const ids = refused.filter((id): id is string => id !== undefined);
      if (ids.length > 0) blindRefused.set(key, new Set(ids));
      else blindRefused.delete(key);
    },
  };
  const compile = (clause: ScopeClause): CompiledClause => compileClassic(account, clause);

  const cancelOrders = async (
    orders: readonly OpenOrder[],
    compiled: CompiledClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> => {
    // A listing round that spends more than half of an endpoint's 10 requests/s leaves too
    // little for the next one, which would then wait up to a second for the window. Waiting
    // here instead, before canceling, keeps the next listing fast; and when the deadline
    // stops the wait, nothing was canceled after the last listing, so a NOT FLAT report
    // still lists every survivor.
    if (lastListCost * 2 > LIST_LIMIT_PER_SECOND) {
      const waitMs = lastListAt + 1000 + 25 - performance.now();
      if (waitMs > 0) {
        try {
          await sleep(waitMs, signal);
        } catch {
          return NOTHING;
        }
      }
    }
    // Never cancel outside the clause, whatever the caller passes.
    return await cancelClassicByIds(account, inScope(orders, compiled.clause, label), signal);
  };

  /**
   * Why an empty listing does not prove this account flat: a blind bulk cancel of this run's
   * clauses failed (each run re-sends its own steps, so their state is this run's).
   */
  const unverifiable = (compiled: readonly CompiledClause[]): string | undefined => {
    // The run's own compiled steps: nothing is compiled again to answer.
    const mine = new Set(
      compiled.flatMap((c) => c.steps).filter((s) => s.action !== "sweep")
        .map((s) => blindKey(s.request)),
    );
    const unseen = (k: string) => [...blindRefused.get(k) ?? []].some((id) => !listedIds.has(id));
    const failed = [...mine].filter((k) => blindFailed.has(k) || unseen(k));
    return failed.length === 0
      ? undefined
      : `${failed.length} bulk cancel(s) that reach orders older than the listing window did not go out, or left open orders no listing has seen (${
        failed.slice(0, 3).join("; ")
      }${failed.length > 3 ? "; ..." : ""}): those orders are not verified`;
  };

  /** What the listings proved, for a FLAT report: the creation-time window they covered. */
  const coverage = (): string | undefined =>
    listedSince === undefined
      ? undefined
      : `listed orders created since ${new Date(listedSince).toISOString()} (${
        lookback + 1
      } window(s) of 88 days); older ones got the bulk cancels, unlisted`;

  return { ...base, compile, cancelOrders, coverage, unverifiable };
}
