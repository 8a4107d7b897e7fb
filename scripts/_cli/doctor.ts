// `--doctor`: a read-only preflight an operator runs before they need the kill switch, with the
// same permissions. Per account: the host and environment, reachability (DNS, TCP, TLS), the
// clock offset against the venue, credentials accepted (the verifying listing, signed) and the
// open orders in scope. It never sends a cancel.

import { listAll } from "../../engine/run.ts";
import { plan as compilePlan } from "../../engine/plan.ts";
import type { Scope } from "../../engine/scope.ts";
import { VenueError } from "../../venues/errors.ts";
import type { VenueId } from "../../venues/types.ts";
import { UsageError } from "./errors.ts";
import { outText } from "./output.ts";
import { netGranted } from "./permissions.ts";
import type { BuiltAccount } from "./venues.ts";

/**
 * How far the local clock may be from each venue's before signed requests are refused, ms
 * (docs/fidelity: OKX 30 s, 50102; Bybit server − recvWindow ≤ t < server + 1000, recvWindow
 * 5000 by default; Bitget ±30 s, ASSUMED; p99 ±5000 ms).
 */
const CLOCK_WINDOWS: Readonly<Record<VenueId, { behindMs: number; aheadMs: number }>> = {
  okx: { behindMs: 30_000, aheadMs: 30_000 },
  bybit: { behindMs: 5_000, aheadMs: 1_000 },
  bitget: { behindMs: 30_000, aheadMs: 30_000 },
  p99: { behindMs: 5_000, aheadMs: 5_000 },
};

/** One problem the doctor found, and how to fix it. */
export interface DoctorProblem {
  readonly what: string;
  readonly fix: string;
}

/** What the doctor found for one account. */
export interface DoctorAccount {
  readonly venue: VenueId;
  readonly account: string;
  readonly host: string;
  readonly environment: string;
  readonly endpoint: string;
  readonly permitted: boolean;
  readonly reachable: boolean | null;
  readonly serverTimeMs: number | null;
  readonly clockOffsetMs: number | null;
  readonly credentials: "accepted" | "refused" | "unknown";
  readonly openOrdersInScope: number | null;
  /** Bitget: the account mode (classic or uta), configured or found out by the listing. */
  readonly accountMode?: string | undefined;
  readonly problems: readonly DoctorProblem[];
}

/** What the doctor needs. */
export interface DoctorInput {
  readonly scope: Scope;
  readonly accounts: readonly BuiltAccount[];
  readonly deadlineMs: number;
  readonly json: boolean;
  /** The exact `deno run` line for this configuration. */
  readonly command: string;
  /** Accounts in scope that cannot run, and why (a credential variable is not set). */
  readonly incomplete?: ReadonlyArray<{
    readonly venue: VenueId;
    readonly account: string;
    readonly host: string;
    readonly environment: string;
    readonly problem: string;
  }>;
}

/** Runs every check; prints the findings; returns 0 when all is well, else 1. */
export async function runDoctor(input: DoctorInput): Promise<number> {
  const deadline = AbortSignal.timeout(input.deadlineMs);
  const p = compilePlan(input.scope, input.accounts.map((a) => a.adapter));
  if (p.accounts.length === 0 && (input.incomplete ?? []).length === 0) {
    // The same rule as a real run: a vacuous OK would promise a kill switch that does nothing.
    throw new UsageError(
      `the scope selects nothing on any configured account (${p.scope}): nothing to check`,
    );
  }
  const inScope = new Set(p.accounts.map((a) => `${a.venue}/${a.account}`));
  const results = await Promise.all(
    input.accounts
      .filter((a) => inScope.has(`${a.adapter.venue}/${a.adapter.account}`))
      .map((a) => checkAccount(a, p.accounts, deadline)),
  );
  for (const i of input.incomplete ?? []) {
    results.push({
      venue: i.venue,
      account: i.account,
      host: i.host,
      environment: i.environment,
      endpoint: "not run",
      permitted: netGranted(i.host),
      reachable: null,
      serverTimeMs: null,
      clockOffsetMs: null,
      credentials: "unknown",
      openOrdersInScope: null,
      problems: [{
        what: `this account cannot run: ${i.problem}`,
        fix: "set the variable (and allow it with --allow-env), or narrow --venues/--account",
      }],
    });
  }
  const problems = results.reduce((n, r) => n + r.problems.length, 0);
  const dependencies =
    "loaded (the README's doctor line runs with --cached-only, so this proves they come from the local cache)";
  if (input.json) {
    outText(JSON.stringify({
      version: 1,
      ok: problems === 0,
      accounts: results,
      dependencies,
      command: input.command,
    }));
  } else {
    outText(formatDoctor(results, dependencies, input.command));
  }
  return problems === 0 ? 0 : 1;
}

async function checkAccount(
  built: BuiltAccount,
  plans: ReturnType<typeof compilePlan>["accounts"],
  deadline: AbortSignal,
): Promise<DoctorAccount> {
  const { adapter, client } = built;
  const e = client.endpoint;
  const problems: DoctorProblem[] = [];
  const base = {
    venue: adapter.venue,
    account: adapter.account,
    host: e.host,
    environment: e.environment,
    endpoint: e.label,
  };
  if (!netGranted(e.host)) {
    problems.push({
      what: `not permitted to contact ${e.host}`,
      fix: `add ${e.host} to --allow-net`,
    });
    return {
      ...base,
      permitted: false,
      reachable: null,
      serverTimeMs: null,
      clockOffsetMs: null,
      credentials: "unknown",
      openOrdersInScope: null,
      problems,
    };
  }
  let reachable = false;
  let serverTimeMs: number | null = null;
  let clockOffsetMs: number | null = null;
  try {
    const t0 = Date.now();
    serverTimeMs = await client.serverTime({ signal: deadline });
    const t1 = Date.now();
    reachable = true;
    clockOffsetMs = Math.round(serverTimeMs - (t0 + t1) / 2);
    const w = CLOCK_WINDOWS[adapter.venue];
    if (-clockOffsetMs > w.aheadMs || clockOffsetMs > w.behindMs) {
      const side = clockOffsetMs > 0 ? "behind" : "ahead of";
      problems.push({
        what: `this machine's clock is ${
          Math.abs(clockOffsetMs / 1000).toFixed(1)
        } s ${side} ${e.host} (the venue refuses signatures ${w.behindMs / 1000} s behind or ${
          w.aheadMs / 1000
        } s ahead)`,
        fix: "synchronise the clock (NTP: timedatectl set-ntp true, or chronyc makestep)",
      });
    }
  } catch (error) {
    problems.push(reachProblem(error, e.host));
  }
  let credentials: DoctorAccount["credentials"] = "unknown";
  let openOrdersInScope: number | null = null;
  if (reachable) {
    const mine = plans.find((p) => p.venue === adapter.venue && p.account === adapter.account);
    try {
      // The plan's compiled listings, read only: the same listings and matching rule as a run.
      const open = mine
        ? await listAll(mine.adapter, mine.compiled, deadline, undefined, undefined, {
          readOnly: true,
        })
        : [];
      credentials = "accepted";
      openOrdersInScope = open.length;
    } catch (error) {
      if (error instanceof VenueError && (error.code === "40084" || error.code === "40085")) {
        // Bitget: the key works, the account is in the other mode (unified or classic).
        const mode = error.code === "40085" ? "uta" : "classic";
        credentials = "accepted";
        problems.push({
          what: `${e.host} says this is a ${
            mode === "uta" ? "unified trading account" : "classic account"
          } (${error.code}), not the mode this run is configured for`,
          fix: `run with --bitget-mode ${mode} (accounts file: "bitgetMode": "${mode}"), or auto`,
        });
      } else if (error instanceof VenueError && error.kind === "auth") {
        credentials = "refused";
        problems.push({
          what: `${e.host} refused the credentials${
            error.code ? ` (${error.code})` : ""
          }: ${error.message}`,
          fix:
            `check the key, secret and passphrase, and that the key belongs to ${e.label} (${e.environment}) and allows reading orders`,
        });
      } else {
        problems.push({
          what: `the signed listing failed: ${describe(error)}`,
          fix: "run again; if it persists, check the venue's status page and the permissions",
        });
      }
    }
  }
  return {
    ...base,
    permitted: true,
    reachable,
    serverTimeMs,
    clockOffsetMs,
    credentials,
    openOrdersInScope,
    ...(built.accountMode ? { accountMode: built.accountMode() } : {}),
    problems,
  };
}

function reachProblem(error: unknown, host: string): DoctorProblem {
  if (error instanceof VenueError && error.status !== undefined) {
    return {
      what: `${host} answered HTTP ${error.status}${
        error.code ? ` (${error.code})` : ""
      } to the server-time call: the venue is down or refusing service`,
      fix:
        "check the venue's status page; the kill switch retries, but cannot cancel through an outage",
    };
  }
  return {
    what: `cannot reach ${host} (DNS, TCP or TLS): ${describe(error)}`,
    fix: "check DNS, the firewall's egress rules for this host on port 443, and any HTTPS proxy",
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return "unknown error";
}

function formatDoctor(
  results: readonly DoctorAccount[],
  dependencies: string,
  command: string,
): string {
  const out = [`doctor: ${results.length} account(s), read-only: no cancel is sent`];
  for (const r of results) {
    out.push(`${r.venue}/${r.account}  ${r.host}  (${r.environment}: ${r.endpoint})`);
    if (!r.permitted) {
      out.push(`  reach        not permitted by --allow-net`);
    } else {
      out.push(`  reach        ${r.reachable ? "ok (DNS, TCP, TLS)" : "FAILED"}`);
      if (r.clockOffsetMs !== null) {
        const sign = r.clockOffsetMs >= 0 ? "+" : "";
        out.push(`  clock        venue minus local: ${sign}${r.clockOffsetMs} ms`);
      }
      if (r.accountMode !== undefined) out.push(`  mode         ${r.accountMode}`);
      out.push(
        `  credentials  ${r.credentials}${
          r.openOrdersInScope === null ? "" : `: ${r.openOrdersInScope} open order(s) in scope`
        }`,
      );
    }
    for (const p of r.problems) out.push(`  PROBLEM      ${p.what}\n  fix          ${p.fix}`);
  }
  out.push(`dependencies  ${dependencies}`);
  out.push(`run line      ${command}`);
  const n = results.reduce((k, r) => k + r.problems.length, 0);
  out.push(n === 0 ? "DOCTOR: OK, every account is ready" : `DOCTOR: ${n} problem(s), see above`);
  return out.join("\n");
}
