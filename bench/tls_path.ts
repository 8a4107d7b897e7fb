/**
 * Time to flat on the production path: `scripts/cancel_all_everywhere.ts` run as README gives
 * it (default hosts, no base-URL override) through the simulator's HTTPS front, which delays
 * every byte by half the round trip in each direction, so TCP, the proxy CONNECT, TLS and every
 * request pay real round trips. Side by side, in one run:
 *
 * - the TLS path at 20, 50 and 150 ms round trips, against its floor: a bare `deno run` plus
 *   four round trips (TCP or proxy CONNECT, TLS 1.3, one cancel, one verifying listing);
 * - plain loopback with the same latency injected per request, against a bare start plus two
 *   round trips (cancel, listing);
 * - a ccxt-based kill switch (npm, pinned) doing the same job through the same front.
 *
 * Where the machine allows it (root, `unshare`), the whole measurement runs in a private network
 * and mount namespace: /etc/hosts maps the venues' names to loopback and the front listens on
 * port 443 itself, so the script connects to `api.bybit.com:443` directly, with no proxy, as in
 * production. (Through an HTTPS proxy, Deno 2.9.6's fetch adds about 45 ms to every request on a
 * tunnelled connection, measured here; a direct connection to the same TLS listener answers in
 * 2-4 ms.) Elsewhere it falls back to the proxy and says so.
 *
 * Every measured run must exit 0 and leave the simulator's books empty.
 *
 * @module
 */

import {
  readTestCertificate,
  type Simulator,
  startSimulator,
  TEST_CA_PATH,
  type VenueId,
} from "../sim/mod.ts";
import { runDeno, type TimedRun } from "./_proc.ts";
import { ALL_VENUES, venueEnv } from "./_sim.ts";
import { formatSummary, summarize, type Summary } from "./_stats.ts";

const SCRIPT = "scripts/cancel_all_everywhere.ts";
const EMPTY = "bench/fixtures/empty.ts";
const CCXT = "bench/fixtures/ccxt_kill.mjs";
const REAL_HOSTS = "www.okx.com,api.bybit.com,api.bitget.com,api-sepolia.p99.world";
const ORDERS = 25;

/** One line of the TLS-path table. */
export interface PathRow {
  readonly figure: string;
  readonly measured: Summary;
  readonly floor: number;
  readonly target?: number | undefined;
  readonly note?: string | undefined;
}

function credentials(sim: Simulator): Record<string, string> {
  const env = venueEnv(sim);
  for (const k of Object.keys(env)) if (k.endsWith("_BASE_URL")) delete env[k];
  return env;
}

/** Venues whose book still holds orders (OKX's delayed cancels settled first). */
async function leftovers(sim: Simulator): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 100));
  return (ALL_VENUES as readonly VenueId[]).filter((v) =>
    sim.state.openOrders(sim.state.account(v, 0)).length > 0
  );
}

/** Inside the private namespace: the front is the venues' port 443, no proxy. */
const DIRECT = Deno.args.includes("--inner");

async function onePath(
  mode: "tls" | "plain" | "ccxt",
  rttMs: number,
): Promise<TimedRun> {
  const sim = await startSimulator(
    mode === "plain" ? { ordersPerMarket: ORDERS, latencyMs: rttMs } : {
      ordersPerMarket: ORDERS,
      tls: await readTestCertificate(),
      oneWayDelayMs: rttMs / 2,
      ...(DIRECT ? { frontMode: "direct" as const, frontPort: 443 } : {}),
    },
  );
  try {
    const proxy: Record<string, string> = DIRECT
      ? { DENO_CERT: TEST_CA_PATH }
      : { HTTPS_PROXY: sim.info.proxy ?? "", DENO_CERT: TEST_CA_PATH };
    let run: TimedRun;
    if (mode === "plain") {
      const env = venueEnv(sim);
      run = await runDeno([
        "run",
        "--no-prompt",
        `--allow-net=${new URL(sim.origin).host}`,
        `--allow-env=${Object.keys(env).sort().join(",")}`,
        SCRIPT,
        "--yes",
        "--quiet",
      ], { env });
    } else if (mode === "tls") {
      const env = credentials(sim);
      run = await runDeno([
        "run",
        "--no-prompt",
        `--allow-net=${REAL_HOSTS}`,
        `--allow-env=${Object.keys(env).sort().join(",")}`,
        SCRIPT,
        "--yes",
        "--quiet",
      ], { env: { ...env, ...proxy } });
    } else {
      const env = credentials(sim);
      run = await runDeno([
        "run",
        "--no-prompt",
        "--cached-only",
        "--no-lock",
        `--allow-net=${REAL_HOSTS}`,
        "--allow-env",
        "--allow-read",
        "--allow-sys",
        CCXT,
      ], { env: { ...env, ...proxy } });
    }
    const left = await leftovers(sim);
    if (run.code !== 0 || left.length > 0) {
      throw new Error(
        `${mode} run at ${rttMs} ms did not end flat (exit ${run.code}; orders left on ${
          left.join(", ") || "none"
        }): ${run.stdout.slice(-200)} ${run.stderr.slice(-400)}`,
      );
    }
    return run;
  } finally {
    await sim.close();
  }
}

/** Caches ccxt (outside the front, which refuses the registry); false when it cannot. */
async function cacheCcxt(): Promise<boolean> {
  const r = await runDeno(["cache", "--no-lock", CCXT]);
  return r.code === 0;
}

/**
 * Measures every row. `reps` runs per figure; the bare start is measured alongside.
 *
 * @example Run it
 * ```ts
 * import { tlsPathRows } from "./tls_path.ts";
 * // const { rows } = await tlsPathRows(3);
 * ```
 */
export async function tlsPathRows(
  reps: number,
  rtts: readonly number[] = [20, 50, 150],
): Promise<{ rows: PathRow[]; notes: string[] }> {
  const rows: PathRow[] = [];
  const notes: string[] = [];
  const haveCcxt = Deno.args.includes("--ccxt-cached") || await cacheCcxt();
  if (!haveCcxt) {
    notes.push("ccxt could not be cached from the npm registry: its rows are left out");
  }
  notes.push(
    DIRECT
      ? "TLS rows: direct connections to the venues' names on port 443 in a private network namespace (no proxy)"
      : "TLS rows: through the HTTPS proxy (no private namespace here); Deno's proxied fetch adds ~45 ms per request",
  );
  for (const rtt of rtts) {
    const samples: Record<"bare" | "tls" | "plain" | "ccxt", number[]> = {
      bare: [],
      tls: [],
      plain: [],
      ccxt: [],
    };
    for (let i = 0; i < reps; i++) {
      samples.bare.push((await runDeno(["run", "--no-prompt", EMPTY])).wallMs);
      samples.tls.push((await onePath("tls", rtt)).wallMs);
      samples.plain.push((await onePath("plain", rtt)).wallMs);
      if (haveCcxt) samples.ccxt.push((await onePath("ccxt", rtt)).wallMs);
    }
    const bare = summarize(samples.bare).median;
    rows.push({
      figure: `TLS path, 4 venues, ${rtt} ms round trip`,
      measured: summarize(samples.tls),
      floor: bare + 4 * rtt,
      target: 1.2,
      note: "floor: bare start + TCP + TLS + cancel + listing",
    });
    rows.push({
      figure: `Plain loopback, 4 venues, ${rtt} ms per request`,
      measured: summarize(samples.plain),
      floor: bare + 2 * rtt,
      target: 1.15,
      note: "floor: bare start + cancel + listing",
    });
    if (haveCcxt) {
      rows.push({
        figure: `ccxt kill switch (4.5.84), TLS path, ${rtt} ms round trip`,
        measured: summarize(samples.ccxt),
        floor: bare + 4 * rtt,
        note: "same hosts, same front; p99 by fetch",
      });
    }
  }
  return { rows, notes };
}

/** Renders the rows as a markdown table. */
export function formatPathRows(rows: readonly PathRow[]): string {
  const out = [
    "| Figure | Median [min-max] ms | Floor ms | Ratio | Target | Met | Notes |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const ratio = r.measured.median / r.floor;
    const met = r.target === undefined ? "" : ratio <= r.target ? "yes" : "NO";
    out.push(
      `| ${r.figure} | ${formatSummary(r.measured)} | ${Math.round(r.floor)} | ${
        ratio.toFixed(2)
      }x | ${r.target === undefined ? "" : `<= ${r.target}x`} | ${met} | ${r.note ?? ""} |`,
    );
  }
  return out.join("\n");
}

/** Re-runs this module inside a private network and mount namespace; false where it cannot. */
async function reexecInNamespace(): Promise<boolean> {
  if (Deno.build.os !== "linux") return false;
  const probe = await new Deno.Command("unshare", {
    args: ["-n", "-m", "sh", "-c", "ip link set lo up && mount --bind /etc/hosts /etc/hosts"],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => undefined);
  if (!probe?.success) return false;
  const { SIM_HOSTS } = await import("../sim/hosts.ts");
  const hosts = await Deno.makeTempFile({ prefix: "ks-bench-hosts-" });
  await Deno.writeTextFile(
    hosts,
    `127.0.0.1 localhost\n127.0.0.1 ${Object.keys(SIM_HOSTS).join(" ")}\n`,
  );
  const ccxt = await cacheCcxt();
  const child = await new Deno.Command("unshare", {
    args: [
      "-n",
      "-m",
      "sh",
      "-c",
      'ip link set lo up && mount --bind "$0" /etc/hosts && exec "$@"',
      hosts,
      Deno.execPath(),
      "run",
      "--allow-net",
      "--allow-run",
      "--allow-read",
      "--allow-env",
      "--allow-write=/tmp",
      new URL(import.meta.url).pathname,
      "--inner",
      ...(ccxt ? ["--ccxt-cached"] : []),
      ...Deno.args,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  await Deno.remove(hosts);
  if (!child.success) Deno.exit(child.code);
  return true;
}

if (import.meta.main) {
  if (DIRECT || !(await reexecInNamespace())) {
    const quick = Deno.args.includes("--quick");
    const { rows, notes } = await tlsPathRows(quick ? 2 : 5);
    console.log(formatPathRows(rows));
    for (const n of notes) console.log(`- ${n}`);
  }
}
