// The part both scripts share after the accounts and scope are known: permission line, plan,
// dry run, confirmation, per-host permission check, run, output and exit code.

import { formatPlan, type Plan, plan as compilePlan } from "../../engine/plan.ts";
import { formatReport, type Report, skippedAccount, withAccounts } from "../../engine/report.ts";
import { cancelAll } from "../../engine/run.ts";
import type { Scope } from "../../engine/scope.ts";
import type { AccountAdapter } from "../../engine/types.ts";
import type { VenueEnvironment } from "../../venues/endpoint.ts";
import { InputError } from "../../venues/errors.ts";
import type { VenueId } from "../../venues/types.ts";
import { UsageError } from "./errors.ts";
import { confirm, errLine, outText, progressPrinter, stderrFailed } from "./output.ts";
import { netGranted, permissionLine } from "./permissions.ts";

/** The signals that interrupt a run. */
const INTERRUPTS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** What a script run needs once flags are parsed. */
export interface RunInput {
  readonly scope: Scope;
  readonly adapters: readonly AccountAdapter[];
  readonly deadlineMs: number;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  /** Script reference and the variables and files it reads, for the permission line. */
  readonly script: string;
  readonly envNames: readonly string[];
  readonly readPaths: readonly string[];
  readonly extraArgs: readonly string[];
  /** A script's own exit code for a report (undefined: 0 when FLAT, else 1). */
  readonly exitCode?: ((report: Report) => number | undefined) | undefined;
  /** Time already spent on configuration, ms: the deadline covers it. */
  readonly configMs?: number | undefined;
  /** Accounts in scope that cannot run (a credential variable is not set). */
  readonly incomplete?:
    | readonly {
      readonly venue: VenueId;
      readonly account: string;
      readonly host: string;
      readonly environment?: VenueEnvironment | undefined;
      readonly problem: string;
    }[]
    | undefined;
}

/** Plans, confirms, runs and prints; returns the exit code (0 flat, 1 not). */
export async function planAndRun(input: RunInput): Promise<number> {
  let p;
  try {
    p = compilePlan(input.scope, input.adapters);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
  const incomplete = input.incomplete ?? [];
  if (p.accounts.length === 0) {
    // No account that can run is in scope: the configuration problem is the usage error.
    if (incomplete[0]) throw new UsageError(incomplete[0].problem);
    // A vacuous FLAT would tell an operator that something was cancelled and verified.
    throw new UsageError(
      `the scope selects nothing on any configured account (${p.scope}): nothing to cancel`,
    );
  }
  const permissions = permissionLine(
    input.script,
    p.hosts,
    input.envNames,
    input.readPaths,
    input.extraArgs,
  );

  // Said before the dry run too: a plan without that account must not look complete.
  for (const i of incomplete) errLine(`[${i.venue}/${i.account}] not run: ${i.problem}`);

  if (input.dryRun) {
    const report = await cancelAll(p, { dryRun: true });
    if (input.json) {
      outText(JSON.stringify({ ...report, permissions }));
    } else {
      outText(formatPlan(p));
      outText(`Permissions: ${permissions}`);
      outText("DRY RUN: nothing was sent.");
    }
    return 0;
  }

  if (!input.yes) {
    if (!Deno.stdin.isTerminal()) {
      throw new UsageError("refusing to cancel without --yes: standard input is not a terminal");
    }
    errLine(formatPlan(p));
    if (!(await confirm(`Cancel every order in scope on ${p.accounts.length} account(s)?`))) {
      errLine("Not confirmed: nothing was sent.");
      return 2;
    }
  }

  // Ask Deno, before sending, whether each host is permitted; never wait on a prompt.
  const blocked = p.accounts.filter((a) => !netGranted(a.host));
  const blockedKeys = new Set(blocked.map((a) => `${a.venue}/${a.account}`));
  // The plan compiled above is what runs: nothing is compiled twice.
  const runnable: Plan = {
    ...p,
    accounts: p.accounts.filter((a) => !blockedKeys.has(`${a.venue}/${a.account}`)),
  };
  for (const b of blocked) {
    errLine(
      `[${b.venue}/${b.account}] not permitted to contact ${b.host}: add --allow-net=${b.host}`,
    );
  }

  // SIGINT, SIGTERM and SIGHUP all stop the run the same way: no new cancel, one final
  // listing if the deadline allows, then the report (JSON with --json) and exit 1.
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) return;
    errLine("Interrupted: stopping and reporting what is known.");
    controller.abort(new DOMException("interrupted", "AbortError"));
  };
  const listening: Deno.Signal[] = [];
  for (const name of INTERRUPTS) {
    try {
      Deno.addSignalListener(name, onInterrupt);
      listening.push(name);
    } catch {
      // Not every signal exists on every platform (Windows has SIGINT and SIGBREAK only).
    }
  }
  // The deadline covers the configuration already done, but never the confirmation prompt.
  const deadlineMs = Math.max(1, input.deadlineMs - (input.configMs ?? 0));
  let report: Report;
  try {
    report = p.accounts.some((a) => !blockedKeys.has(`${a.venue}/${a.account}`))
      ? await cancelAll(runnable, {
        deadlineMs,
        signal: controller.signal,
        // Progress goes to stderr in both modes (stdout holds only the report); --quiet drops it.
        onProgress: input.quiet ? undefined : progressPrinter(),
      })
      : emptyReport(p.scope);
  } finally {
    for (const name of listening) Deno.removeSignalListener(name, onInterrupt);
  }
  report = withAccounts(
    report,
    blocked.map((b) =>
      skippedAccount(
        b.venue,
        b.account,
        b.host,
        "permission",
        `not permitted to contact ${b.host}: add --allow-net=${b.host}`,
        b.environment,
      )
    ).concat(
      incomplete.map((i) =>
        skippedAccount(
          i.venue,
          i.account,
          i.host,
          "configuration",
          `not run: ${i.problem}`,
          i.environment,
        )
      ),
    ),
  );
  report = { ...report, permissions };
  let text = input.json ? JSON.stringify(report) : formatReport(report);
  const stderrProblem = stderrFailed();
  if (stderrProblem !== undefined && !input.json) {
    // The one notice of a failed stderr, where the operator will read it.
    text += `\nnote: progress could not be written to stderr (${stderrProblem}); it was dropped`;
  }
  outText(text);
  // An interrupted run exits 1 even when what it saw was flat: it did not finish.
  if (controller.signal.aborted) return 1;
  return input.exitCode?.(report) ?? (report.outcome === "FLAT" ? 0 : 1);
}

/** The report of a run in which no account could be run (every host refused). */
function emptyReport(scope: string): Report {
  return {
    version: 1,
    tool: "killswitch",
    dryRun: false,
    outcome: "FLAT",
    scope,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    totals: {
      accounts: 0,
      flat: 0,
      notFlat: 0,
      unknown: 0,
      requests: 0,
      acknowledged: 0,
      remaining: 0,
      errors: 0,
    },
    accounts: [],
    listings: undefined,
  };
}
