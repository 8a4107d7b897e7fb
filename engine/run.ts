/**
 * The cancel engine: execute a plan on every account in parallel, then verify by listing
 * until each account is seen flat or the deadline passes.
 *
 * @module
 */

import { InputError, VenueError } from "../venues/errors.ts";
import { type Clock, systemClock } from "../venues/clock.ts";
import type { TransportEvent } from "../venues/transport.ts";
import { scopeMissWarning } from "./_scope_miss.ts";
import { membership } from "./match.ts";
import { mergeOutcomes } from "./outcome.ts";
import { type AccountPlan, type Plan, plan as compilePlan, stepView } from "./plan.ts";
import { Pool } from "./pool.ts";
import {
  type AccountReport,
  type AccountStatus,
  overallOutcome,
  type Report,
  type ReportError,
  skippedAccount,
} from "./report.ts";
import { Scope } from "./scope.ts";
import type {
  AccountAdapter,
  CompiledClause,
  ListOptions,
  OpenOrder,
  StepOutcome,
} from "./types.ts";

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

/** Calls `fn` once `ms` have passed on `clock`; returns the function that cancels it. */
function after(clock: Clock, ms: number, fn: () => void): () => void {
  const signal = clock.timeout(ms);
  signal.addEventListener("abort", fn, { once: true });
  return () => signal.removeEventListener("abort", fn);
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

/** When an account's run must stop. */
interface Deadlines {
  /** Aborts every request: the deadline (or the caller's signal). */
  readonly signal: AbortSignal;
  /** Time kept at the end for the final listing, at least; grows with slow listings. */
  readonly reserveMs: number;
  /** The deadline on the run clock's monotonic time. */
  readonly endsAt: number;
  /** The run's clock. */
  readonly clock: Clock;
  /** The caller's interruption: stops cancels, leaves one final listing. */
  readonly interrupt?: AbortSignal | undefined;
}

async function runAccount(
  p: AccountPlan,
  deadlines: Deadlines,
  options: RunOptions,
): Promise<AccountReport> {
  const { adapter } = p;
  const { endsAt, interrupt, clock } = deadlines;
  // Cancels stop when the time left is the reserve kept for a final listing; the reserve grows
  // to 1.5 times the slowest listing round seen (a rate-limited venue lists slowly).
  let reserveMs = deadlines.reserveMs;
  const stopCancels = new AbortController();
  // The end of the cancel window is a deadline, not an interruption: messages say so.
  const windowClosed = () => stopCancels.abort(new DOMException("deadline", "TimeoutError"));
  let timer: (() => void) | undefined;
  const schedule = () => {
    timer?.();
    const inMs = endsAt - reserveMs - clock.monotonic();
    if (inMs <= 0) windowClosed();
    else timer = after(clock, inMs, windowClosed);
  };
  schedule();
  // An interruption stops cancels at once; listings go on for at most the reserve after it,
  // so that the report reads the book after the last cancel.
  const stopListing = new AbortController();
  let interruptTimer: (() => void) | undefined;
  const onInterrupt = () => {
    interruptTimer = after(
      clock,
      reserveMs,
      () => stopListing.abort(new DOMException("interrupted", "AbortError")),
    );
  };
  if (interrupt?.aborted) onInterrupt();
  else interrupt?.addEventListener("abort", onInterrupt, { once: true });
  const signal = AbortSignal.any([deadlines.signal, stopListing.signal]);
  const lastCancel = AbortSignal.any(
    interrupt ? [stopCancels.signal, signal, interrupt] : [stopCancels.signal, signal],
  );
  const interrupted = () => interrupt?.aborted === true;
  const t0 = clock.monotonic();
  const byEndpoint: Record<string, number> = {};
  let total = 0;
  let retries = 0;
  const unsubscribe = adapter.subscribe((event) => {
    if (event.type === "request") {
      total++;
      byEndpoint[event.endpoint] = (byEndpoint[event.endpoint] ?? 0) + 1;
    } else if (event.type === "retry") {
      retries++;
    }
    options.onProgress?.({ type: "transport", account: p.account, event });
  });
  const progress = (phase: string) =>
    options.onProgress?.({ type: "phase", venue: p.venue, account: p.account, phase });
  const acknowledged = new Set<string>();
  const alreadyGone = new Set<string>();
  const errors: ReportError[] = [];
  const absorb = (outcome: StepOutcome, phase: "cancel" | "verify") => {
    for (const id of outcome.acknowledged) acknowledged.add(id);
    for (const id of outcome.alreadyGone) alreadyGone.add(id);
    for (const f of outcome.failures) {
      errors.push({
        phase,
        kind: "item",
        code: f.code,
        endpoint: undefined,
        message: f.id ? `order ${f.id}: ${f.message}` : f.message,
      });
    }
  };

  try {
    // Phase 1: every cancel step at once; the transport paces each endpoint to its limit.
    progress(`cancel: ${p.steps.length} request(s)`);
    const settled = await Promise.allSettled(
      p.steps.map((step) => step.run(lastCancel)),
    );
    for (const r of settled) {
      if (r.status === "fulfilled") absorb(r.value, "cancel");
      else errors.push(toReportError(r.reason, "cancel", interrupted()));
    }
    const t1 = clock.monotonic();

    // Phase 2: read the books back until they are empty or the deadline passes.
    let rounds = 0;
    let lastListMs = 0;
    let unverified = false;
    let lastSeen: OpenOrder[] | undefined;
    let lastListError: ReportError | undefined;
    // Orders the listings returned outside every clause: for the scope-miss warning only.
    const outside = new Map<string, OpenOrder>();
    // Orders a coin filter cannot judge (their coin is unknown): kept open, never cancelled.
    const undecided = new Map<string, OpenOrder>();
    let wait = options.verifyBackoffMs ?? 25;
    let status: AccountStatus = "UNKNOWN";
    let reason = "";
    // Set once no time is left to cancel again: the next listing is the last one.
    let final = false;
    while (true) {
      if (signal.aborted) break;
      progress(`verify: listing (round ${rounds + 1})`);
      let open: OpenOrder[] | undefined;
      const listStarted = clock.monotonic();
      try {
        open = await listAll(adapter, p.compiled, signal, outside, undecided);
        const listMs = clock.monotonic() - listStarted;
        lastListMs = listMs;
        if (listMs * 1.5 + 50 > reserveMs) {
          reserveMs = Math.round(listMs * 1.5 + 50);
          schedule();
        }
        rounds++;
        lastSeen = open;
        lastListError = undefined;
      } catch (error) {
        rounds++;
        lastListError = toReportError(error, "verify", interrupted());
        if (
          signal.aborted || final || !isRetryableListingError(error, endsAt - clock.monotonic())
        ) break;
      }
      if (open && open.length === 0) {
        const why = adapter.unverifiable?.(p.clauses);
        if (why) {
          // The listings cannot see everything the failed cancel was for: never FLAT.
          status = "UNKNOWN";
          reason = `listings empty after ${rounds} round(s), but ${why}`;
          unverified = true;
          break;
        }
        status = "FLAT";
        reason = `verified: no open order in scope after ${rounds} listing round(s)`;
        const seen = adapter.coverage?.();
        if (seen) reason += `; ${seen}`;
        break;
      }
      // Every order still open is one no clause can judge (its coin is unknown): nothing will
      // be cancelled on a guess, so more rounds cannot change the verdict. End now, UNKNOWN.
      if (open && open.length > 0 && open.every((o) => undecided.get(o.id) === o)) break;
      // Canceling again now would leave no time to read the book after it.
      if (open && (final || lastCancel.aborted)) break;
      if (open && open.length > 0) {
        progress(`verify: ${open.length} still open, canceling again`);
        const outcome = await cancelRemaining(adapter, p.compiled, open, lastCancel).catch(
          (error: unknown) => {
            if (!lastCancel.aborted) errors.push(toReportError(error, "verify", false));
            return undefined;
          },
        );
        if (outcome) absorb(outcome, "verify");
        if (lastCancel.aborted && !signal.aborted) {
          // A cancel cut off by the end of the window may already be on the wire and land after
          // a listing sent at once: give it about one listing's time before the final read.
          const settleMs = Math.min(lastListMs, reserveMs / 3);
          await clock.sleep(settleMs, signal).catch(() => {});
        }
      }
      try {
        await clock.sleep(wait, lastCancel);
      } catch {
        if (signal.aborted) break;
        final = true;
      }
      wait = Math.min(wait * 2, 500);
    }
    if (status !== "FLAT") {
      if (lastListError && (lastSeen === undefined || lastListError.kind !== "aborted")) {
        errors.push(lastListError);
      }
      const when = interrupted() ? "when interrupted" : "at the deadline";
      if (lastSeen === undefined) {
        status = "UNKNOWN";
        reason = lastListError
          ? `could not list open orders: ${lastListError.message}`
          : interrupted()
          ? "interrupted before a listing succeeded"
          : "could not list open orders before the deadline";
      } else if (lastSeen.length > 0 && lastSeen.every((o) => undecided.get(o.id) === o)) {
        // Open, but no clause can tell whether they are in scope (a coin filter, their coin
        // unknown): never FLAT, and not known to be NOT_FLAT either (see OpenOrder.baseCoin).
        // Same objects: undecided in the listing that produced lastSeen, not an earlier one.
        status = "UNKNOWN";
        reason = `${lastSeen.length} open order(s) ${when} whose coin is not known: ` +
          "cannot tell whether they are in scope; left open, never cancelled on a guess";
      } else if (lastSeen.length > 0) {
        status = "NOT_FLAT";
        reason = `${lastSeen.length} order(s) still open ${when}`;
      } else if (!unverified) {
        status = "UNKNOWN";
        reason = "last listing failed";
      }
    }
    const t2 = clock.monotonic();
    // Nothing in scope was ever seen while orders just outside it are open: most likely a
    // misspelled filter. Said only when the listings already returned those orders.
    const warnings: string[] = [];
    if (status === "FLAT" && acknowledged.size === 0 && alreadyGone.size === 0) {
      const warning = scopeMissWarning(p.clauses, [...outside.values()], adapter.refinement);
      if (warning) warnings.push(warning);
    }
    options.onProgress?.({
      type: "verified",
      venue: p.venue,
      account: p.account,
      status,
      remaining: status === "NOT_FLAT" ? lastSeen?.length ?? 0 : 0,
    });
    return {
      venue: p.venue,
      account: p.account,
      host: p.host,
      environment: p.environment,
      status,
      reason,
      plan: p.steps.map(stepView),
      requests: { total, retries, byEndpoint },
      acknowledged: [...acknowledged],
      alreadyGone: [...alreadyGone],
      remaining: status === "NOT_FLAT" ? lastSeen ?? [] : [],
      errors,
      rounds,
      timings: { cancelMs: ms(t1 - t0), verifyMs: ms(t2 - t1), totalMs: ms(t2 - t0) },
      ...(warnings.length ? { warnings } : {}),
    };
  } finally {
    timer?.();
    interruptTimer?.();
    interrupt?.removeEventListener("abort", onInterrupt);
    unsubscribe();
  }
}

/**
 * Reads every listing of every compiled clause and keeps the orders in scope, merged by id:
 * the engine's one matching rule ({@linkcode membership}). Orders no clause covers go to
 * `outside` (the scope-miss warning); orders a coin filter cannot judge go to `undecided` and
 * stay in the result, so the account cannot be FLAT while they are open.
 */
export async function listAll(
  adapter: AccountAdapter,
  compiled: readonly CompiledClause[],
  signal: AbortSignal,
  outside?: Map<string, OpenOrder>,
  undecided?: Map<string, OpenOrder>,
  options?: ListOptions,
): Promise<OpenOrder[]> {
  const seen = await Promise.all(
    compiled.map(async (c) =>
      (await Promise.all(c.listings.map((l) => l.run(signal, options)))).flat()
    ),
  );
  const inScope = new Map<string, OpenOrder>();
  const unsure = new Map<string, OpenOrder>();
  const other = new Map<string, OpenOrder>();
  for (const orders of seen) {
    for (const o of orders) {
      if (inScope.has(o.id)) continue;
      let verdict: "in" | "out" | "undecided" = "out";
      for (const c of compiled) {
        const m = membership(o, c.clause, adapter.refinement);
        if (m === "in") {
          verdict = "in";
          break;
        }
        if (m === "undecided") verdict = "undecided";
      }
      if (verdict === "in") {
        inScope.set(o.id, o);
        unsure.delete(o.id);
        other.delete(o.id);
      } else if (verdict === "undecided") unsure.set(o.id, o);
      else if (!unsure.has(o.id)) other.set(o.id, o);
    }
  }
  for (const [id, o] of other) outside?.set(id, o);
  for (const [id, o] of unsure) undecided?.set(id, o);
  return [...inScope.values(), ...unsure.values()];
}

/**
 * Re-cancels remaining orders, each with the first compiled clause that certainly covers it.
 * Orders no clause can judge are never cancelled by guess: each is an item failure.
 */
async function cancelRemaining(
  adapter: AccountAdapter,
  compiled: readonly CompiledClause[],
  open: readonly OpenOrder[],
  signal: AbortSignal,
): Promise<StepOutcome> {
  const groups = new Map<CompiledClause, OpenOrder[]>();
  const unknown: OpenOrder[] = [];
  for (const o of open) {
    const c = compiled.find((c) => membership(o, c.clause, adapter.refinement) === "in");
    if (!c) {
      unknown.push(o);
      continue;
    }
    const list = groups.get(c) ?? [];
    list.push(o);
    groups.set(c, list);
  }
  const outcomes = await Promise.all(
    [...groups].map(([c, orders]) => adapter.cancelOrders(orders, c, signal)),
  );
  return mergeOutcomes([...outcomes, {
    acknowledged: [],
    alreadyGone: [],
    failures: unknown.map((o) => ({
      id: o.id,
      message: `cannot tell whether ${o.market} ${
        o.symbol.slice(0, 40)
      } is in the coin scope: its coin is not known; left open`,
    })),
  }]);
}

function isRetryableListingError(error: unknown, leftMs: number): boolean {
  // The transport already retried transient failures; auth and bad requests will not change.
  if (!(error instanceof VenueError)) return false;
  // A venue that asks for a longer wait than the run has left (Bybit's 403 IP limit: 10 min)
  // is not asked again: more requests would only extend the ban.
  if ((error.retryAfterMs ?? 0) > leftMs) return false;
  return error.retryable || error.kind === "timestamp";
}

function toReportError(
  error: unknown,
  phase: "cancel" | "verify",
  interrupted: boolean,
): ReportError {
  if (error instanceof VenueError) {
    return {
      phase,
      kind: error.kind,
      code: error.code,
      status: error.status,
      endpoint: error.endpoint,
      message: error.message,
    };
  }
  if (
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")
  ) {
    return { phase, kind: "aborted", message: interrupted ? "interrupted" : "deadline passed" };
  }
  if (error instanceof Deno.errors.NotCapable) {
    return { phase, kind: "permission", message: "network permission denied" };
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return { phase, kind: name === "InputError" ? "input" : "internal", message };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function ms(x: number): number {
  return Math.round(x);
}
