// The bench's scenarios: cold start, time to flat, scale on one account, scale across
// accounts, growth with the book's size. Each adds its rows to the table (bench/_runs.ts).

import { SimControl, type Simulator, startSimulator, type VenueId } from "../sim/mod.ts";
import type { TimedRun } from "./_proc.ts";
import { accountsFile, ALL_VENUES, venueEnv } from "./_sim.ts";
import { summarize } from "./_stats.ts";
import {
  bare,
  BITGET_PLAN_WINDOW_MS,
  flatRuns,
  LATENCY_MS,
  mib,
  perVenue,
  progress,
  QUICK,
  rateLimitHits,
  repeat,
  repetitions,
  requestsPerRun,
  rows,
  script,
  type ScriptRun,
  seedFit,
  seedMany,
} from "./_runs.ts";

/** Cold start and peak RSS: bare start, `--help`, `--dry-run` with four venues. */
export async function coldStart(sim: Simulator): Promise<void> {
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

/** Time to flat: four venues, one account each, 100 orders each. */
export async function timeToFlat(sim: Simulator): Promise<void> {
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

/** Scale on one account: each venue's largest book in one run. */
export async function scaleOneAccount(sim: Simulator): Promise<void> {
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

/** Scale across accounts from an accounts file; peak RSS always, the time row if `timeRow`. */
export async function scaleAccounts(
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

/** Growth: time to flat as the book grows from 10 to 10,000 orders per account. */
export async function growth(sim: Simulator): Promise<void> {
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
