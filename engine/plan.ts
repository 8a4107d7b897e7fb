/**
 * Compiles a scope against accounts, once, into a {@linkcode Plan}: per account, the clauses
 * that reach it compiled into typed steps and listings. A plan is what a dry run prints and
 * what `cancelAll` runs: nothing is compiled again.
 *
 * @module
 */

import { printable } from "./_text.ts";
import { InputError } from "../venues/errors.ts";
import type { VenueEnvironment } from "../venues/endpoint.ts";
import type { VenueId } from "../venues/types.ts";
import { clauseApplies } from "./match.ts";
import type { Scope } from "./scope.ts";
import type {
  AccountAdapter,
  CancelStep,
  CompiledClause,
  NativeRequest,
  PlanStep,
  ScopeClause,
} from "./types.ts";

/** The plan for one account. */
export interface AccountPlan {
  /** Venue. */
  readonly venue: VenueId;
  /** Account label. */
  readonly account: string;
  /** `host[:port]` contacted. */
  readonly host: string;
  /** What the host trades against. */
  readonly environment: VenueEnvironment;
  /** The adapter that runs it. */
  readonly adapter: AccountAdapter;
  /** The clauses that reach this account, in scope order. */
  readonly clauses: readonly ScopeClause[];
  /** Each clause compiled, in the same order. */
  readonly compiled: readonly CompiledClause[];
  /** Cancel steps to send, without repeats across clauses. */
  readonly steps: readonly CancelStep[];
  /** First page of each verifying listing, without repeats, for display. */
  readonly listings: readonly NativeRequest[];
}

/** A whole plan: one entry per account in scope, and the hosts `--allow-net` must name. */
export interface Plan {
  /** The scope, described. */
  readonly scope: string;
  /** Accounts in scope (those with at least one step or listing). */
  readonly accounts: readonly AccountPlan[];
  /** Sorted, unique `host[:port]` of every account in the plan. */
  readonly hosts: readonly string[];
}

/**
 * Compiles `scope` for every account, once. Pure: sends nothing. Throws `InputError` when a
 * venue cannot satisfy the scope or an account is given twice, so nothing is sent for an
 * impossible scope.
 *
 * @example Plan a run
 * ```ts
 * import { plan, Scope } from "../mod.ts";
 * const p = plan(Scope.all(), []);
 * p.hosts; // []
 * ```
 */
export function plan(scope: Scope, accounts: readonly AccountAdapter[]): Plan {
  const seen = new Set<string>();
  for (const a of accounts) {
    const key = `${a.venue}/${a.account}`;
    if (seen.has(key)) {
      throw new InputError(`Cannot plan: account "${a.account}" of ${a.venue} is listed twice`);
    }
    seen.add(key);
  }
  const plans: AccountPlan[] = [];
  for (const adapter of accounts) {
    const clauses = scope.clauses.filter((c) => clauseApplies(c, adapter.venue, adapter.account));
    const compiled = clauses.map((c) => adapter.compile(c));
    // Only a listing verifies a cancel: a clause that would send cancels and read nothing back
    // could end FLAT unseen. A broken adapter is refused before anything is sent.
    const blind = compiled.find((c) => c.steps.length > 0 && c.listings.length === 0);
    if (blind) {
      throw new Error(
        `Cannot plan: the ${adapter.venue} adapter compiled cancel steps with no listing to ` +
          `verify them (${blind.steps[0]?.request.method} ${blind.steps[0]?.request.path})`,
      );
    }
    const steps: CancelStep[] = [];
    const listings: NativeRequest[] = [];
    const stepKeys = new Set<string>();
    const listingKeys = new Set<string>();
    for (const c of compiled) {
      for (const step of c.steps) {
        // A sweep judges what it lists by its own clause: two clauses' sweeps over the same
        // listing are two steps. A native cancel is the same call whichever clause made it.
        const key = JSON.stringify(
          step.action === "sweep"
            ? [step.action, step.request, c.clause]
            : [step.action, step.request],
        );
        if (stepKeys.has(key)) continue;
        stepKeys.add(key);
        steps.push(step);
      }
      for (const listing of c.listings) {
        const key = JSON.stringify(listing.request);
        if (listingKeys.has(key)) continue;
        listingKeys.add(key);
        listings.push(listing.request);
      }
    }
    if (steps.length === 0 && listings.length === 0) continue;
    plans.push({
      venue: adapter.venue,
      account: adapter.account,
      host: adapter.host,
      environment: adapter.environment,
      adapter,
      clauses,
      compiled,
      steps,
      listings,
    });
  }
  const hosts = [...new Set(plans.map((p) => p.host))].sort();
  return { scope: scope.toString(), accounts: plans, hosts };
}

/**
 * The display record of a step (what a report's `plan` holds): no function, no parameters
 * object beyond the native request.
 *
 * @example
 * ```ts
 * import { stepView } from "./plan.ts";
 * const request = { method: "DELETE", host: "h", path: "/p", params: {} } as const;
 * stepView({ action: "cancel-all", request, note: "n" }).note; // "n"
 * ```
 */
export function stepView(step: PlanStep): PlanStep {
  return { action: step.action, request: step.request, note: step.note };
}

/**
 * Renders a plan for a dry run: one line per native request, grouped by account.
 *
 * @example Print a plan
 * ```ts
 * import { formatPlan, plan, Scope } from "../mod.ts";
 * console.log(formatPlan(plan(Scope.all(), [])));
 * ```
 */
export function formatPlan(p: Plan): string {
  const lines = [`Plan for: ${p.scope}`];
  if (p.accounts.length === 0) lines.push("  (no account in scope)");
  for (const a of p.accounts) {
    lines.push(`  ${a.venue}/${a.account} @ ${a.host} (${a.environment})`);
    for (const step of a.steps) {
      lines.push(`    ${step.action.padEnd(11)} ${describeRequest(step.request)}  # ${step.note}`);
    }
    for (const l of a.listings) lines.push(`    ${"verify".padEnd(11)} ${describeRequest(l)}`);
  }
  lines.push(`Hosts: ${p.hosts.length ? p.hosts.join(", ") : "(none)"}`);
  // Symbols, spread ids and labels come from users and venues: one line each, no escapes.
  return lines.map(printable).join("\n");
}

/** `METHOD host/path k=v ...`. */
function describeRequest(r: NativeRequest): string {
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(" ");
  return `${r.method} ${r.host}${r.path}${params ? " " + params : ""}`;
}
