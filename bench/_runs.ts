// The bench's measuring kit: the script run as operators run it, paired with a bare start,
// repeated within a budget; the table's rows; the simulator seeding the scenarios share.

import { SimControl, type Simulator, type VenueId } from "../sim/mod.ts";
import { runDeno, type TimedRun } from "./_proc.ts";
import { ALL_VENUES } from "./_sim.ts";
import { summarize, type Summary } from "./_stats.ts";

/** Latency the simulator injects per request during timed runs, ms. */
export const LATENCY_MS = 50;
/**
 * Bitget's blind trigger-order sweep: cancel-plan-order once per documented plan type (6) and
 * product type (3), 18 calls at the documented 10 per second per UID: calls 11-18 wait one window
 * (opened one window after the response, so a round trip later). Every run whose scope reaches a
 * Bitget account with conditional orders in scope pays it; the floor includes it.
 */
export const BITGET_PLAN_WINDOW_MS = 1000 + LATENCY_MS;
const SCRIPT = "scripts/cancel_all_everywhere.ts";
const EMPTY = "bench/fixtures/empty.ts";
/** `--quick`: fewer repetitions, no 10,000-order rows. */
export const QUICK = Deno.args.includes("--quick");

/** One line of the table. */
export interface Row {
  readonly figure: string;
  readonly measured: Summary;
  readonly unit: "ms" | "MiB";
  /** Floor in the same unit, or undefined when the row is a reference or has an absolute cap. */
  readonly floor?: number | undefined;
  /** Ratio target (measured median / floor), or absolute cap when `cap` is set. */
  readonly target?: number | undefined;
  readonly cap?: boolean | undefined;
  readonly note?: string | undefined;
}

/** The table's rows, in the order the scenarios measure them. */
export const rows: Row[] = [];
/** Lines printed under the table. */
export const notes: string[] = [];

/** A run of the script, with what its JSON report says. */
export interface ScriptRun extends TimedRun {
  readonly report: ReportShape | undefined;
}

/** What the bench reads of the script's JSON report. */
export interface ReportShape {
  readonly outcome: string;
  readonly accounts: ReadonlyArray<{
    readonly venue: string;
    readonly status: string;
    readonly requests: { readonly total: number; readonly retries: number };
    readonly errors: ReadonlyArray<{ readonly kind: string }>;
    readonly timings: { readonly totalMs: number };
  }>;
}

/** A bare `deno run` of an empty program: the start the floors are built on. */
export function bare(): Promise<TimedRun> {
  return runDeno(["run", "--no-prompt", EMPTY]);
}

/** Runs the script with exact permissions for `sim` and `env`; parses the report of `--json`. */
export async function script(
  sim: Simulator | undefined,
  env: Record<string, string>,
  args: readonly string[],
  extraFlags: readonly string[] = [],
): Promise<ScriptRun> {
  const flags = ["run", "--no-prompt"];
  if (sim) flags.push(`--allow-net=${new URL(sim.origin).host}`);
  const names = Object.keys(env).sort();
  if (names.length) flags.push(`--allow-env=${names.join(",")}`);
  const run = await runDeno([...flags, ...extraFlags, SCRIPT, ...args], { env });
  let report: ReportShape | undefined;
  if (args.includes("--json") && run.stdout.trim().startsWith("{")) {
    report = JSON.parse(run.stdout) as ReportShape;
  }
  return { ...run, report };
}

/** Runs `run` up to `maxRuns` times (at least `minRuns`, then while within `budgetMs`). */
export async function repeat<T>(
  maxRuns: number,
  budgetMs: number,
  run: (i: number) => Promise<T>,
  minRuns = 1,
): Promise<T[]> {
  const out: T[] = [];
  const started = performance.now();
  for (let i = 0; i < maxRuns; i++) {
    if (i >= minRuns && performance.now() - started > budgetMs) break;
    out.push(await run(i));
  }
  return out;
}

/** Repetitions for `n` in the full run, fewer with `--quick`. */
export function repetitions(n: number): number {
  return QUICK ? Math.max(2, Math.ceil(n / 3)) : n;
}

/** KiB to MiB; an unmeasured peak counts 0. */
export const mib = (kib: number | undefined): number => (kib ?? 0) / 1024;

/** One progress line on stderr. */
export function progress(text: string): void {
  console.error(`bench: ${text}`);
}

/** Seeds, runs the script paired with a bare start, and returns both samples. */
export async function flatRuns(
  sim: Simulator,
  seed: (control: SimControl) => Promise<void>,
  env: Record<string, string>,
  args: readonly string[],
  maxRuns: number,
  budgetMs: number,
  extraFlags: readonly string[] = [],
): Promise<{ bare: TimedRun[]; runs: ScriptRun[] }> {
  const control = new SimControl(sim.origin);
  const bares: TimedRun[] = [];
  const done: ScriptRun[] = [];
  await repeat(maxRuns, budgetMs, async () => {
    await control.reset();
    await seed(control);
    await control.latency(LATENCY_MS);
    bares.push(await bare());
    const r = await script(sim, env, ["--yes", "--json", ...args], extraFlags);
    await control.latency(0);
    if (r.code !== 0 || r.report?.outcome !== "FLAT") {
      throw new Error(
        `run ${args.join(" ")} exited ${r.code} (${r.report?.outcome}): ${r.stderr.slice(0, 500)}`,
      );
    }
    const left = await Promise.all(
      ALL_VENUES.map((v) => control.orders(v, 0).then((o) => o.length)),
    );
    if (left.some((n) => n > 0)) throw new Error(`orders left on the simulator: ${left}`);
    done.push(r);
  });
  return { bare: bares, runs: done };
}

/** Median account time per venue over `runs`, ms. */
export function perVenue(runs: readonly ScriptRun[]): string {
  const byVenue = new Map<string, number[]>();
  for (const r of runs) {
    for (const a of r.report?.accounts ?? []) {
      const list = byVenue.get(a.venue) ?? [];
      list.push(a.timings.totalMs);
      byVenue.set(a.venue, list);
    }
  }
  return [...byVenue].map(([v, xs]) => `${v} ${Math.round(summarize(xs).median)}`).join(", ");
}

/** Median requests per run. */
export function requestsPerRun(runs: readonly ScriptRun[]): number {
  return summarize(runs.map((r) => sum(r.report?.accounts.map((a) => a.requests.total) ?? [])))
    .median;
}

/** Retries and rate-limit errors over all `runs`. */
export function rateLimitHits(runs: readonly ScriptRun[]): number {
  let hits = 0;
  for (const r of runs) {
    for (const a of r.report?.accounts ?? []) {
      hits += a.requests.retries + a.errors.filter((e) => e.kind === "rate_limit").length;
    }
  }
  return hits;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Seeds `count` orders on one venue account, in batches the simulator takes. */
export async function seedMany(
  control: SimControl,
  venue: VenueId,
  count: number,
  market?: string,
  account = 0,
  symbol?: string,
): Promise<void> {
  for (let left = count; left > 0; left -= 5000) {
    const n = Math.min(5000, left);
    await control.seed({
      venue,
      account,
      count: n,
      ...(market ? { market } : {}),
      ...(symbol ? { symbol } : {}),
    });
  }
}

/** Orders that fit in one cancel call on every venue. */
export async function seedFit(control: SimControl, n: number, account = 0): Promise<void> {
  await seedMany(control, "okx", Math.min(n, 500), undefined, account);
  // One linear symbol: the growth floor counts its 500-order calls (plus the USDC call).
  await seedMany(control, "bybit", n, "linear", account, "BTCUSDT");
  await seedMany(control, "bitget", n, "USDT-FUTURES", account);
  await seedMany(control, "p99", n, undefined, account);
}
