/**
 * `deno task bench`: how fast the book is empty, measured from the outside.
 *
 * Every figure is the wall time of `scripts/cancel_all_everywhere.ts` run as operators run
 * it (`deno run --no-prompt` with exact `--allow-net` / `--allow-env`, clean environment, no
 * terminal), from spawn to exit, against the loopback simulator running in this process. Each
 * run is paired with a bare `deno run` of an empty program, so every floor is built from a
 * start measured minutes, not days, apart, on the same busy machine:
 *
 * - cold start floor = bare start;
 * - time-to-flat floor = bare start + one cancel round trip + one verifying listing round
 *   trip (the injected latency, twice);
 * - scale floor = the above + the waits the venue's documented rate limit forces.
 *
 * Prints one markdown table (median [min-max] of N runs, floor, ratio of medians, target).
 * `--quick` runs fewer repetitions and skips the 10,000-order rows.
 *
 * @module
 */

import { SimControl, type Simulator, startSimulator, type VenueId } from "../sim/mod.ts";
import { peakRssMethod, runDeno, type TimedRun } from "./_proc.ts";
import { accountsFile, ALL_VENUES, venueEnv } from "./_sim.ts";
import { formatSummary, summarize, type Summary } from "./_stats.ts";

const LATENCY_MS = 50;
/**
 * Bitget's blind trigger-order sweep: cancel-plan-order once per documented plan type (6) and
 * product type (3), 18 calls at the documented 10 per second per UID: calls 11-18 wait one window
 * (opened one window after the response, so a round trip later). Every run whose scope reaches a
 * Bitget account with conditional orders in scope pays it; the floor includes it.
 */
const BITGET_PLAN_WINDOW_MS = 1000 + LATENCY_MS;
const SCRIPT = "scripts/cancel_all_everywhere.ts";
const EMPTY = "bench/fixtures/empty.ts";
const QUICK = Deno.args.includes("--quick");
const unknownFlag = Deno.args.find((a) => a !== "--quick");
if (unknownFlag !== undefined) {
  console.error(`error: unknown flag ${unknownFlag} (only --quick)`);
  Deno.exit(2);
}

/** One line of the table. */
interface Row {
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

const rows: Row[] = [];
const notes: string[] = [];

/** A run of the script, with what its JSON report says. */
interface ScriptRun extends TimedRun {
  readonly report: ReportShape | undefined;
}

interface ReportShape {
  readonly outcome: string;
  readonly accounts: ReadonlyArray<{
    readonly venue: string;
    readonly status: string;
    readonly requests: { readonly total: number; readonly retries: number };
    readonly errors: ReadonlyArray<{ readonly kind: string }>;
    readonly timings: { readonly totalMs: number };
  }>;
}

function bare(): Promise<TimedRun> {
  return runDeno(["run", "--no-prompt", EMPTY]);
}

async function script(
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
async function repeat<T>(
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

function repetitions(n: number): number {
  return QUICK ? Math.max(2, Math.ceil(n / 3)) : n;
}

const mib = (kib: number | undefined) => (kib ?? 0) / 1024;

function progress(text: string): void {
  console.error(`bench: ${text}`);
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

async function coldStart(sim: Simulator): Promise<void> {
  progress("cold start (bare, --help, --dry-run with four venues)");
  const env = venueEnv(sim);
  const samples = { bare: [] as TimedRun[], help: [] as TimedRun[], dry: [] as TimedRun[] };
  const kinds = ["bare", "help", "dry"] as const;
  await repeat(repetitions(15), 30_000, async (i) => {
    // Rotate the order so no variant always runs first after a pause.
    for (let k = 0; k < 3; k++) {
      const kind = kinds[(i + k) % 3] ?? "bare";
      const r = kind === "bare"
        ? await bare()
        : kind === "help"
        ? await script(undefined, {}, ["--help"])
        : await script(sim, env, ["--dry-run"]);
      if (r.code !== 0) throw new Error(`cold start ${kind} exited ${r.code}: ${r.stderr}`);
      samples[kind].push(r);
    }
  }, 5);
  const wall = (xs: TimedRun[]) => summarize(xs.map((r) => r.wallMs));
  const peak = (xs: TimedRun[]) => summarize(xs.map((r) => mib(r.peakKiB)));
  const b = wall(samples.bare).median;
  rows.push({
    figure: "Cold start: bare `deno run` of an empty program",
    measured: wall(samples.bare),
    unit: "ms",
  });
  rows.push({
    figure: "Cold start: `--help`",
    measured: wall(samples.help),
    unit: "ms",
    floor: b,
    target: 1.5,
  });
  rows.push({
    figure: "Cold start: `--dry-run`, four venues configured",
    measured: wall(samples.dry),
    unit: "ms",
    floor: b,
    target: 1.5,
  });
  rows.push({ figure: "Peak RSS: bare `deno run`", measured: peak(samples.bare), unit: "MiB" });
  rows.push({
    figure: "Peak RSS: `--help`",
    measured: peak(samples.help),
    unit: "MiB",
    target: 60,
    cap: true,
  });
  rows.push({
    figure: "Peak RSS: `--dry-run`, four venues",
    measured: peak(samples.dry),
    unit: "MiB",
    target: 60,
    cap: true,
  });
}

/** Seeds, runs the script paired with a bare start, and returns both samples. */
async function flatRuns(
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

function perVenue(runs: readonly ScriptRun[]): string {
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

function requestsPerRun(runs: readonly ScriptRun[]): number {
  return summarize(runs.map((r) => sum(r.report?.accounts.map((a) => a.requests.total) ?? [])))
    .median;
}

function rateLimitHits(runs: readonly ScriptRun[]): number {
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

async function seedMany(
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
async function seedFit(control: SimControl, n: number, account = 0): Promise<void> {
  await seedMany(control, "okx", Math.min(n, 500), undefined, account);
  // One linear symbol: the growth floor counts its 500-order calls (plus the USDC call).
  await seedMany(control, "bybit", n, "linear", account, "BTCUSDT");
  await seedMany(control, "bitget", n, "USDT-FUTURES", account);
  await seedMany(control, "p99", n, undefined, account);
}

async function timeToFlat(sim: Simulator): Promise<void> {
  progress(`time to flat: four venues, one account each, ${LATENCY_MS} ms latency`);
  const { bare, runs } = await flatRuns(
    sim,
    (c) => seedFit(c, 100),
    venueEnv(sim),
    [],
    repetitions(11),
    25_000,
  );
  const b = summarize(bare.map((r) => r.wallMs)).median;
  rows.push({
    figure: `Time to flat: 4 venues x 1 account, 100 orders each, ${LATENCY_MS} ms/request`,
    measured: summarize(runs.map((r) => r.wallMs)),
    unit: "ms",
    floor: b + 2 * LATENCY_MS + BITGET_PLAN_WINDOW_MS,
    target: 1.15,
    note: `per venue ms: ${perVenue(runs)}; ${
      requestsPerRun(runs)
    } requests; floor: +1 Bitget plan-cancel window`,
  });
}

async function scaleOneAccount(sim: Simulator): Promise<void> {
  const cases: Array<{
    label: string;
    venue: VenueId;
    count: number;
    market?: string;
    symbol?: string;
    args: string[];
    /** Rate-limit waits the documented limit forces, ms. */
    rateFloorMs: number;
    floorNote: string;
    maxRuns: number;
  }> = [
    {
      label: "Scale: Bybit linear, 10,000 orders",
      venue: "bybit",
      count: 10_000,
      market: "linear",
      symbol: "BTCUSDT",
      args: ["--venues", "bybit", "--bybit-category", "linear", "--symbols", "BTCUSDT"],
      // 20 cancel-all calls of 500 at 10/s: calls 11-20 wait one window.
      rateFloorMs: 1000,
      floorNote: "20 cancel-all calls at 10/s: +1 window",
      maxRuns: 3,
    },
    {
      label: "Scale: OKX spread, 500 orders (the cap)",
      venue: "okx",
      count: 500,
      args: ["--venues", "okx"],
      rateFloorMs: 0,
      floorNote: "1 mass-cancel (10 per 2 s)",
      maxRuns: 7,
    },
    {
      label: "Scale: Bitget USDT-FUTURES, 5,000 orders",
      venue: "bitget",
      count: 5000,
      market: "USDT-FUTURES",
      args: ["--venues", "bitget"],
      rateFloorMs: BITGET_PLAN_WINDOW_MS,
      floorNote:
        "1 cancel-all-orders per product type, 18 blind cancel-plan-order at 10/s: +1 window",
      maxRuns: 7,
    },
    {
      label: "Scale: p99 spot, 5,000 orders",
      venue: "p99",
      count: 5000,
      args: ["--venues", "p99"],
      rateFloorMs: 0,
      floorNote: "1 DELETE /spot/orders (no documented limit)",
      maxRuns: 7,
    },
  ];
  for (const c of cases) {
    if (QUICK && c.count >= 10_000) continue;
    progress(c.label);
    const { bare, runs } = await flatRuns(
      sim,
      (ctl) => seedMany(ctl, c.venue, c.count, c.market, 0, c.symbol),
      venueEnv(sim, [c.venue]),
      [...c.args, "--deadline", "240"],
      repetitions(c.maxRuns),
      15_000,
    );
    const b = summarize(bare.map((r) => r.wallMs)).median;
    rows.push({
      figure: `${c.label}, ${LATENCY_MS} ms/request`,
      measured: summarize(runs.map((r) => r.wallMs)),
      unit: "ms",
      floor: b + 2 * LATENCY_MS + c.rateFloorMs,
      target: 1.1,
      note: `${c.floorNote}; ${requestsPerRun(runs)} requests, ${rateLimitHits(runs)} retries`,
    });
  }
}

async function scaleAccounts(
  perVenueAccounts: number,
  venues: readonly VenueId[] = ALL_VENUES,
  timeRow = true,
): Promise<void> {
  const ordersEach = 10;
  progress(`scale across accounts: ${perVenueAccounts} per venue, ${ordersEach} orders each`);
  const sim = await startSimulator({ accounts: perVenueAccounts });
  const path = await Deno.makeTempFile({
    dir: "/tmp",
    prefix: "ks-bench-accounts-",
    suffix: ".json",
  });
  try {
    const { file, env } = accountsFile(sim, perVenueAccounts, venues);
    await Deno.writeTextFile(path, file);
    const control = new SimControl(sim.origin);
    const bares: TimedRun[] = [];
    const done: ScriptRun[] = [];
    await repeat(repetitions(3), 40_000, async () => {
      await control.reset();
      for (let i = 0; i < perVenueAccounts; i++) await seedFit(control, ordersEach, i);
      await control.latency(LATENCY_MS);
      bares.push(await bare());
      const r = await script(
        sim,
        env,
        ["--yes", "--json", "--accounts-file", path, "--deadline", "120"],
        [`--allow-read=${path}`],
      );
      await control.latency(0);
      if (r.code !== 0) {
        throw new Error(
          `${perVenueAccounts * venues.length} accounts exited ${r.code}: ${
            r.stderr.slice(0, 500)
          }`,
        );
      }
      done.push(r);
    });
    const b = summarize(bares.map((r) => r.wallMs)).median;
    const accounts = done[0]?.report?.accounts.length ?? 0;
    if (timeRow) {
      rows.push({
        figure:
          `Scale: ${accounts} accounts (${perVenueAccounts} per venue), ${ordersEach} orders each`,
        measured: summarize(done.map((r) => r.wallMs)),
        unit: "ms",
        floor: b + 2 * LATENCY_MS + (venues.includes("bitget") ? BITGET_PLAN_WINDOW_MS : 0),
        note: `${requestsPerRun(done)} requests, ${rateLimitHits(done)} rate-limit retries/errors`,
      });
    }
    rows.push({
      figure: `Peak RSS: ${accounts} account(s), ${ordersEach} orders each`,
      measured: summarize(done.map((r) => mib(r.peakKiB))),
      unit: "MiB",
      ...(accounts >= 400 ? { target: 120, cap: true } : {}),
    });
  } finally {
    await Deno.remove(path).catch(() => {});
    await sim.close();
  }
}

async function growth(sim: Simulator): Promise<void> {
  for (const n of [10, 100, 1000, 10_000]) {
    if (QUICK && n >= 10_000) continue;
    progress(`growth: ${n} orders per account, four venues`);
    const { bare, runs } = await flatRuns(
      sim,
      (c) => seedFit(c, n),
      venueEnv(sim),
      ["--deadline", "240"],
      repetitions(n >= 10_000 ? 1 : 5),
      12_000,
    );
    // Bybit linear cancels at most 500 per call, 10 calls/s: the only rate-limit wait here.
    // A bare scope also sends the USDC settle coin's call, which shares the 10/s budget.
    const calls = Math.ceil(n / 500) + 1;
    const rateFloorMs = (Math.ceil(calls / 10) - 1) * 1000;
    const b = summarize(bare.map((r) => r.wallMs)).median;
    rows.push({
      figure: `Growth: ${n.toLocaleString("en-US")} orders per account, 4 venues`,
      measured: summarize(runs.map((r) => r.wallMs)),
      unit: "ms",
      floor: b + 2 * LATENCY_MS + Math.max(rateFloorMs, BITGET_PLAN_WINDOW_MS),
      note: `per venue ms: ${perVenue(runs)}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function table(): string {
  const header = ["Figure", "Median [min-max]", "Floor", "Ratio", "Target", "Met", "Notes"];
  const body = rows.map((r) => {
    const digits = r.unit === "MiB" ? 1 : 0;
    const measured = `${formatSummary(r.measured, digits)} ${r.unit}`;
    const floor = r.floor === undefined ? "" : `${r.floor.toFixed(digits)} ${r.unit}`;
    const ratio = r.floor === undefined ? "" : `${(r.measured.median / r.floor).toFixed(2)}x`;
    let target = "";
    let met = "";
    if (r.target !== undefined && r.cap) {
      target = `<= ${r.target} ${r.unit}`;
      met = r.measured.median <= r.target ? "yes" : "NO";
    } else if (r.target !== undefined && r.floor !== undefined) {
      target = `<= ${r.target}x`;
      met = r.measured.median / r.floor <= r.target ? "yes" : "NO";
    }
    return [r.figure, measured, floor, ratio, target, met, r.note ?? ""];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0))
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

async function machine(): Promise<string> {
  // Deno asks for --allow-all to read /proc directly; ask grep (under --allow-run) instead.
  let cpu = "unknown CPU";
  try {
    const out = await new Deno.Command("grep", {
      args: ["-m1", "^model name", "/proc/cpuinfo"],
      stdout: "piped",
      stderr: "null",
    }).output();
    cpu = new TextDecoder().decode(out.stdout).split(":")[1]?.trim() || cpu;
  } catch {
    // no grep or no /proc
  }
  const memGiB = (Deno.systemMemoryInfo().total / 2 ** 30).toFixed(1);
  const cores = navigator.hardwareConcurrency;
  return `${cores} cores (${cpu}), ${memGiB} GiB RAM, ${Deno.build.os}/${Deno.build.arch}, Deno ${Deno.version.deno}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const host = await machine();
  const sim = await startSimulator({ accounts: 1 });
  try {
    await coldStart(sim);
    await timeToFlat(sim);
    await scaleOneAccount(sim);
    await growth(sim);
  } finally {
    await sim.close();
  }
  await scaleAccounts(1, ["bybit"], false);
  await scaleAccounts(10, ALL_VENUES, false);
  await scaleAccounts(100);
  progress("TLS path (bench/tls_path.ts): 20, 50, 150 ms round trips, plain loopback, ccxt");
  const tls = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      "--allow-run",
      "--allow-read",
      "--allow-env",
      "--allow-write=/tmp",
      "bench/tls_path.ts",
      ...(QUICK ? ["--quick"] : []),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const tlsTable = new TextDecoder().decode(tls.stdout);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `killswitch benchmarks, ${new Date().toISOString().slice(0, 10)}, ${host}`,
  );
  console.log(
    `Wall time from spawn to exit of \`deno run --no-prompt\` children; loopback simulator in the` +
      ` bench process, ${LATENCY_MS} ms injected per request; peak RSS: ${await peakRssMethod()}.`,
  );
  console.log(
    `Floor = bare \`deno run\` of an empty program (paired runs, same process) + one cancel and` +
      ` one listing round trip + documented rate-limit waits. Ratio = median / floor.${
        QUICK ? " QUICK MODE: fewer runs, 10,000-order rows skipped." : ""
      }\n`,
  );
  console.log(table());
  for (const n of notes) console.log(n);
  console.log(
    `\nTime to flat on the TLS path and against a ccxt kill switch (bench/tls_path.ts):\n`,
  );
  console.log(tlsTable.trim() || `(bench/tls_path.ts exited ${tls.code})`);
  console.log(`\nTotal bench time: ${seconds} s.`);
}

if (import.meta.main) await main();
