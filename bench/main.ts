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

import { startSimulator } from "../sim/mod.ts";
import { peakRssMethod } from "./_proc.ts";
import { machine, table } from "./_report.ts";
import { LATENCY_MS, notes, progress, QUICK } from "./_runs.ts";
import { coldStart, growth, scaleAccounts, scaleOneAccount, timeToFlat } from "./_scenarios.ts";
import { ALL_VENUES } from "./_sim.ts";

const unknownFlag = Deno.args.find((a) => a !== "--quick");
if (unknownFlag !== undefined) {
  console.error(`error: unknown flag ${unknownFlag} (only --quick)`);
  Deno.exit(2);
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
