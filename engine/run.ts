/**
 * The cancel engine: execute a plan on every account in parallel, then verify by listing
 * until each account is seen flat or the deadline passes.
 *
 * @module
 */

import { InputError } from "../venues/errors.ts";
import { type Clock, systemClock } from "../venues/clock.ts";
import type { TransportEvent } from "../venues/transport.ts";
import { runAccount } from "./_account_run.ts";
import { type AccountPlan, type Plan, plan as compilePlan, stepView } from "./plan.ts";
import { Pool } from "./pool.ts";
import {
  type AccountReport,
  type AccountStatus,
  overallOutcome,
  type Report,
  skippedAccount,
} from "./report.ts";
import { Scope } from "./scope.ts";
import type { AccountAdapter } from "./types.ts";

export { listAll } from "./_verify.ts";

/** Progress events, for a live status line. */
export type ProgressEvent =
  | {
    readonly type: "phase";
    readonly venue: string;
    readonly account: string;
    readonly phase: string;
  }
  | {
    readonly type: "verified";
    readonly venue: string;
    readonly account: string;
    readonly status: AccountStatus;
    readonly remaining: number;
  }
  | { readonly type: "transport"; readonly account: string; readonly event: TransportEvent };

/** Options of {@linkcode cancelAll}. */
export interface RunOptions {
  /** Time budget for the whole run, ms; default 10 000. */
  readonly deadlineMs?: number | undefined;
  /** Plan only; send nothing. */
  readonly dryRun?: boolean | undefined;
  /**
   * Interrupts the run (Ctrl-C, SIGTERM): cancelling stops at once, each account gets one
   * final listing if the deadline leaves time for it (at most the reserve kept for it), and
   * the report says "interrupted".
   */
  readonly signal?: AbortSignal | undefined;
  /** Progress callback (stderr lines in the scripts). */
  readonly onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** First wait between verification rounds, ms, doubled per round up to 500; default 25. */
  readonly verifyBackoffMs?: number | undefined;
  /**
   * Accounts on one host run at once, at most; default 128. Hosts never wait on each other, so
   * a stalled host cannot hold back another's accounts; the bound keeps thousands of accounts'
   * requests from being in flight (and in memory) at the same moment. An account that gets no
   * slot before the deadline is reported NOT_FLAT, "not started".
   */
  readonly maxAccountsPerHost?: number | undefined;
  /**
   * The run's clock: deadline, cancel window, waits between rounds and timings. Default the
   * system clock; tests pass a `FakeClock` so that nothing sleeps.
   */
  readonly clock?: Clock | undefined;
}

/**
 * Cancels every open order in scope on the plan's accounts and verifies it. Takes a compiled
 * {@linkcode Plan} (nothing is compiled again), or, for convenience, a scope and the accounts
 * to compile it for. Resolves with a report; never rejects for venue failures (they end in
 * NOT_FLAT or UNKNOWN), nor for a progress callback that throws. Throws `InputError` before
 * sending anything when the scope cannot be compiled, selects no given account (no account at
 * all included: nothing verified is never FLAT), or `deadlineMs` is not a positive number of
 * milliseconds.
 *
 * @example Dry run: the plan for the accounts, nothing sent
 * ```ts
 * import { cancelAll, createBybitAccount, BybitClient, plan, Scope } from "../mod.ts";
 * const account = createBybitAccount(new BybitClient({ apiKey: "key-123456", secret: "secret-123456" }));
 * const compiled = plan(Scope.all().venues("bybit"), [account]);
 * const report = await cancelAll(compiled, { dryRun: true });
 * report.accounts[0]?.plan.length; // the native cancel requests it would send
 * ```
 */
export function cancelAll(plan: Plan, options?: RunOptions): Promise<Report>;
/**
 * Compiles `scope` for `accounts`, then runs it: `cancelAll(plan(scope, accounts), options)`.
 *
 * @example Dry run from a scope
 * ```ts
 * import { cancelAll, createBybitAccount, BybitClient, Scope } from "../mod.ts";
 * const account = createBybitAccount(new BybitClient({ apiKey: "key-123456", secret: "secret-123456" }));
 * const report = await cancelAll(Scope.all().venues("bybit"), [account], { dryRun: true });
 * report.outcome; // "UNKNOWN": nothing was sent
 * ```
 */
export function cancelAll(
  scope: Scope,
  accounts: readonly AccountAdapter[],
  options?: RunOptions,
): Promise<Report>;
export async function cancelAll(
  target: Plan | Scope,
  second?: readonly AccountAdapter[] | RunOptions,
  third?: RunOptions,
): Promise<Report> {
  const scoped = target instanceof Scope;
  const options: RunOptions = (scoped ? third : second as RunOptions | undefined) ?? {};
  const clock = options.clock ?? systemClock;
  const started = clock.monotonic();
  const startedAt = new Date(clock.now()).toISOString();
  const given = scoped ? second as readonly AccountAdapter[] : undefined;
  const deadlineMs = checkDeadline(options.deadlineMs);
  const p = scoped ? compilePlan(target, given ?? []) : target;
  if (p.accounts.length === 0) {
    // A vacuous FLAT would tell the caller that something was cancelled and verified.
    throw new InputError(
      given !== undefined && given.length === 0
        ? "Cannot cancel: no account given"
        : `Cannot cancel: the scope selects no given account (${p.scope})`,
    );
  }
  let reports: AccountReport[];
  if (options.dryRun) {
    reports = p.accounts.map((a) => dryRunReport(a));
  } else {
    const signal = clock.timeout(deadlineMs);
    // The last part of the budget is kept for a final listing, so that a NOT FLAT report is
    // read after the last cancel and lists every order that survived it.
    const reserveMs = Math.min(2000, Math.max(100, Math.round(deadlineMs * 0.2)));
    const endsAt = started + deadlineMs;
    const onProgress = safeProgress(options.onProgress);
    const limit = Math.max(1, Math.floor(options.maxAccountsPerHost ?? 128));
    const pools = new Map<string, Pool>();
    reports = await Promise.all(
      p.accounts.map((a) => {
        let pool = pools.get(a.host);
        if (!pool) pools.set(a.host, pool = new Pool(limit));
        return pool.run(() => {
          if (signal.aborted) {
            return Promise.resolve(skippedAccount(
              a.venue,
              a.account,
              a.host,
              "deadline",
              `not started: every slot for ${a.host} was busy until the deadline`,
              a.environment,
            ));
          }
          return runAccount(a, { signal, reserveMs, endsAt, clock, interrupt: options.signal }, {
            ...options,
            onProgress,
          });
        });
      }),
    );
  }
  const outcome = overallOutcome(reports.map((r) => r.status));
  const listings = options.dryRun
    ? Object.fromEntries(p.accounts.map((a) => [`${a.venue}/${a.account}`, a.listings]))
    : undefined;
  return {
    version: 1,
    tool: "killswitch",
    dryRun: options.dryRun ?? false,
    outcome,
    scope: p.scope,
    startedAt,
    durationMs: Math.round(clock.monotonic() - started),
    totals: {
      accounts: reports.length,
      flat: reports.filter((r) => r.status === "FLAT").length,
      notFlat: reports.filter((r) => r.status === "NOT_FLAT").length,
      unknown: reports.filter((r) => r.status === "UNKNOWN").length,
      requests: sum(reports.map((r) => r.requests.total)),
      acknowledged: sum(reports.map((r) => r.acknowledged.length)),
      remaining: sum(reports.map((r) => r.remaining.length)),
      errors: sum(reports.map((r) => r.errors.length)),
    },
    accounts: reports,
    listings,
  };
}

/** Longest timer a JavaScript runtime keeps: longer ones overflow and fire at once. */
const MAX_DEADLINE_MS = 2 ** 31 - 1;

/** The run's time budget: a positive finite number of ms, at most MAX_DEADLINE_MS (clamped). */
function checkDeadline(deadlineMs: number | undefined): number {
  if (deadlineMs === undefined) return 10_000;
  if (typeof deadlineMs !== "number" || !Number.isFinite(deadlineMs) || deadlineMs <= 0) {
    throw new InputError(
      `Cannot cancel: deadlineMs must be a positive, finite number of milliseconds, got ${
        String(deadlineMs)
      }`,
    );
  }
  // setTimeout and AbortSignal.timeout overflow past 2^31 - 1 ms and would end the run at once.
  return Math.min(deadlineMs, MAX_DEADLINE_MS);
}

/**
 * The caller's progress callback, made harmless: whatever it throws (or a promise it returns
 * rejects with) is swallowed, so that output can never block or abort a cancel.
 */
function safeProgress(
  callback: ((event: ProgressEvent) => void) | undefined,
): ((event: ProgressEvent) => void) | undefined {
  if (!callback) return undefined;
  return (event) => {
    try {
      const result: unknown = callback(event);
      if (result instanceof Promise) result.catch(() => {});
    } catch {
      // Progress is best effort; the report is what counts.
    }
  };
}

function dryRunReport(a: AccountPlan): AccountReport {
  return {
    venue: a.venue,
    account: a.account,
    host: a.host,
    environment: a.environment,
    status: "UNKNOWN",
    reason: "dry run: nothing sent",
    plan: a.steps.map(stepView),
    requests: { total: 0, retries: 0, byEndpoint: {} },
    acknowledged: [],
    alreadyGone: [],
    remaining: [],
    errors: [],
    rounds: 0,
    timings: { cancelMs: 0, verifyMs: 0, totalMs: 0 },
  };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
