/**
 * The run report: a stable JSON form (version 1, schema in `docs/report.schema.json`) and a
 * compact human table. It never contains a credential: only ids, codes and messages the
 * venues sent, and the engine's own words.
 *
 * @module
 */

import type { VenueEnvironment } from "../venues/endpoint.ts";
import type { VenueId } from "../venues/types.ts";
import { printable } from "./_text.ts";
import type { NativeRequest, OpenOrder, PlanStep } from "./types.ts";

/**
 * Report format version. Bumped only on a breaking change.
 *
 * @example Check a report's version before reading it
 * ```ts
 * import { REPORT_VERSION } from "./report.ts";
 * const report = { version: 1 };
 * if (report.version !== REPORT_VERSION) throw new Error("unsupported report version");
 * ```
 */
export const REPORT_VERSION = 1;

/** Verified state of one account. */
export type AccountStatus = "FLAT" | "NOT_FLAT" | "UNKNOWN";

/** One error met during a run. */
export interface ReportError {
  /** Phase: `cancel`, `verify` or `setup`. */
  readonly phase: "cancel" | "verify" | "setup";
  /** Error kind (`rate_limit`, `auth`, `transient`, `permission`, ...). */
  readonly kind: string;
  /** Venue code, when the venue sent one. */
  readonly code?: string | undefined;
  /** HTTP status, when a response arrived. */
  readonly status?: number | undefined;
  /** `METHOD /path`, when known. */
  readonly endpoint?: string | undefined;
  /** Message (no credentials). */
  readonly message: string;
}

/** Report of one account. */
export interface AccountReport {
  /** Venue. */
  readonly venue: VenueId;
  /** Account label. */
  readonly account: string;
  /** `host[:port]`. */
  readonly host: string;
  /** What the host trades against: production, testnet, demo, or a custom base URL. */
  readonly environment: VenueEnvironment;
  /** Verified state. */
  readonly status: AccountStatus;
  /** One-line reason for the status. */
  readonly reason: string;
  /** The cancel steps that were planned. */
  readonly plan: readonly PlanStep[];
  /** Requests sent: total, retries, per `METHOD /path`. */
  readonly requests: {
    readonly total: number;
    readonly retries: number;
    readonly byEndpoint: Readonly<Record<string, number>>;
  };
  /** Order ids the venues acknowledged as canceled. */
  readonly acknowledged: readonly string[];
  /** Order ids the venues said were already gone. */
  readonly alreadyGone: readonly string[];
  /** Orders seen open at the last listing (empty when FLAT). */
  readonly remaining: readonly OpenOrder[];
  /** Per-item failures and request errors. */
  readonly errors: readonly ReportError[];
  /** Verification rounds (listings) made. */
  readonly rounds: number;
  /** Phase timings in ms. */
  readonly timings: {
    readonly cancelMs: number;
    readonly verifyMs: number;
    readonly totalMs: number;
  };
  /**
   * Operator warnings, present only when there is one: for example a scope that matched no
   * order while the account's listings showed orders just outside it (a misspelled symbol).
   */
  readonly warnings?: readonly string[] | undefined;
}

/** The whole report. */
export interface Report {
  /** Always {@linkcode REPORT_VERSION}. */
  readonly version: 1;
  /** Tool name. */
  readonly tool: "killswitch";
  /** Whether anything was sent (`false` for a dry run). */
  readonly dryRun: boolean;
  /** Overall: FLAT when every account is FLAT; UNKNOWN when any is UNKNOWN and none NOT_FLAT. */
  readonly outcome: AccountStatus;
  /** The scope, described. */
  readonly scope: string;
  /** Start, ISO 8601. */
  readonly startedAt: string;
  /** Wall time, ms. */
  readonly durationMs: number;
  /** Totals across accounts. */
  readonly totals: {
    readonly accounts: number;
    readonly flat: number;
    readonly notFlat: number;
    readonly unknown: number;
    readonly requests: number;
    readonly acknowledged: number;
    readonly remaining: number;
    readonly errors: number;
  };
  /** Per account, in plan order. */
  readonly accounts: readonly AccountReport[];
  /** The `deno run` line with the permissions this run needs (scripts fill it in). */
  readonly permissions?: string | undefined;
  /** For a dry run: the verifying listings per account (`venue/account` -> requests). */
  readonly listings?: Readonly<Record<string, readonly NativeRequest[]>> | undefined;
}

/**
 * The overall outcome of a set of account states.
 *
 * @example Combine
 * ```ts
 * import { overallOutcome } from "./report.ts";
 * overallOutcome(["FLAT", "UNKNOWN"]); // "UNKNOWN"
 * ```
 */
export function overallOutcome(states: readonly AccountStatus[]): AccountStatus {
  if (states.includes("NOT_FLAT")) return "NOT_FLAT";
  if (states.includes("UNKNOWN")) return "UNKNOWN";
  return "FLAT";
}

/**
 * Renders the compact human table: one row per account, then totals.
 *
 * @example Print a report
 * ```ts
 * import { formatReport } from "./report.ts";
 * // console.log(formatReport(report));
 * ```
 */
export function formatReport(report: Report): string {
  // ACKED: order ids the venue named as cancelled (a mass cancel that names none adds 0);
  // RETRIES: attempts repeated after a transient failure or a rate limit.
  const header = [
    "VENUE",
    "ACCOUNT",
    "HOST",
    "ENV",
    "STATUS",
    "ACKED",
    "LEFT",
    "REQS",
    "RETRIES",
    "ROUNDS",
    "MS",
    "DETAIL",
  ];
  // Every cell and line is escaped: venue text (reasons, messages, ids) must not be able to
  // start a line of its own, such as a forged FLAT verdict, or send terminal escapes.
  const rows = report.accounts.map((a) =>
    [
      a.venue,
      a.account,
      a.host,
      a.environment,
      a.status.replace("_", " "),
      String(a.acknowledged.length),
      String(a.remaining.length),
      String(a.requests.total),
      String(a.requests.retries),
      String(a.rounds),
      String(Math.round(a.timings.totalMs)),
      a.reason,
    ].map(printable)
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)).join("  ");
  const out = [line(header), ...rows.map(line)];
  const details: string[] = [];
  for (const a of report.accounts) {
    for (const o of a.remaining.slice(0, 20)) {
      details.push(
        `  ${a.venue}/${a.account} still open: ${o.id} ${o.symbol} ${o.market} ${o.status}`,
      );
    }
    if (a.remaining.length > 20) {
      details.push(
        `  ${a.venue}/${a.account}: ... and ${a.remaining.length - 20} more (see --json)`,
      );
    }
    for (const w of a.warnings ?? []) details.push(`  ${a.venue}/${a.account} warning: ${w}`);
    for (const e of a.errors.slice(0, 5)) {
      const code = e.code ? ` ${e.code}` : "";
      details.push(`  ${a.venue}/${a.account} ${e.phase} ${e.kind}${code}: ${e.message}`);
    }
    if (a.errors.length > 5) {
      details.push(`  ${a.venue}/${a.account}: ... ${a.errors.length - 5} more errors`);
    }
  }
  out.push(...details.map(printable));
  const t = report.totals;
  const verdict = report.dryRun ? "DRY RUN (nothing sent)" : report.outcome.replace("_", " ");
  out.push(
    `${verdict}: ${t.flat}/${t.accounts} accounts flat, ${t.notFlat} not flat, ${t.unknown} unknown; ` +
      `${t.acknowledged} acknowledged, ${t.remaining} remaining, ${t.requests} requests ` +
      `(${report.accounts.reduce((n, a) => n + a.requests.retries, 0)} retries), ` +
      `${Math.round(report.durationMs)} ms`,
  );
  return out.join("\n");
}

/**
 * A report for an account that was not run (for example its host is not permitted). It is
 * NOT_FLAT: its orders were not canceled.
 *
 * @example A host the run may not contact
 * ```ts
 * import { skippedAccount } from "./report.ts";
 * const r = skippedAccount("okx", "default", "www.okx.com", "permission", "add --allow-net=www.okx.com");
 * r.status; // "NOT_FLAT"
 * ```
 */
export function skippedAccount(
  venue: VenueId,
  account: string,
  host: string,
  kind: string,
  reason: string,
  environment: VenueEnvironment = "custom",
): AccountReport {
  return {
    venue,
    account,
    host,
    environment,
    status: "NOT_FLAT",
    reason,
    plan: [],
    requests: { total: 0, retries: 0, byEndpoint: {} },
    acknowledged: [],
    alreadyGone: [],
    remaining: [],
    errors: [{ phase: "setup", kind, message: reason }],
    rounds: 0,
    timings: { cancelMs: 0, verifyMs: 0, totalMs: 0 },
  };
}

/**
 * Adds account reports to a report and recomputes its outcome and totals.
 *
 * @example Merge skipped accounts
 * ```ts
 * import { skippedAccount, withAccounts } from "./report.ts";
 * // const full = withAccounts(report, [skippedAccount(...)]);
 * ```
 */
export function withAccounts(report: Report, extra: readonly AccountReport[]): Report {
  if (extra.length === 0) return report;
  const accounts = [...report.accounts, ...extra];
  const count = (s: AccountStatus) => accounts.filter((a) => a.status === s).length;
  return {
    ...report,
    outcome: overallOutcome(accounts.map((a) => a.status)),
    accounts,
    totals: {
      ...report.totals,
      accounts: accounts.length,
      flat: count("FLAT"),
      notFlat: count("NOT_FLAT"),
      unknown: count("UNKNOWN"),
      errors: report.totals.errors + extra.reduce((n, a) => n + a.errors.length, 0),
    },
  };
}
