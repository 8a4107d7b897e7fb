// One account's run for the cancel engine (engine/run.ts): its cancel steps at once, then
// verification rounds (list, cancel again) until the account is seen flat or time runs out.

import type { Clock } from "../venues/clock.ts";
import { scopeMissWarning } from "./_scope_miss.ts";
import { isRetryableListingError, toReportError } from "./_errors.ts";
import { cancelRemaining, listAll } from "./_verify.ts";
import { type AccountPlan, stepView } from "./plan.ts";
import type { AccountReport, AccountStatus, ReportError } from "./report.ts";
import type { RunOptions } from "./run.ts";
import type { OpenOrder, StepOutcome } from "./types.ts";

/** Calls `fn` once `ms` have passed on `clock`; returns the function that cancels it. */
function after(clock: Clock, ms: number, fn: () => void): () => void {
  const signal = clock.timeout(ms);
  signal.addEventListener("abort", fn, { once: true });
  return () => signal.removeEventListener("abort", fn);
}

/** When an account's run must stop. */
export interface Deadlines {
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

/**
 * Runs one account's plan: every cancel step at once, then listings (and cancels of what is
 * still open) until it is seen flat, the deadline passes, or the caller interrupts.
 */
export async function runAccount(
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
        const why = adapter.unverifiable?.(p.compiled);
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

function ms(x: number): number {
  return Math.round(x);
}
