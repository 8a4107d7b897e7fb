/**
 * `deno task demo`: a fire drill on the loopback simulator. Starts the simulator with open
 * orders on all four venues, runs `cancel_all_everywhere.ts` against it with exactly the
 * loopback permissions it needs, shows the report, then reads the simulator's books to show
 * they are empty.
 *
 * Flags after `--` go to cancel_all_everywhere (e.g. `deno task demo -- --json`).
 *
 * @module
 */

import { SimControl } from "../sim/control.ts";
import type { SimulatorInfo } from "../sim/mod.ts";
import { VENUES } from "../venues/types.ts";

const ORDERS = 10;

async function readFirstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  reader.releaseLock();
  return text.split("\n")[0] ?? "";
}

/** Runs the drill; resolves with the cancel script's exit code. */
export async function demo(args: readonly string[]): Promise<number> {
  // `deno task demo -- --json` passes the `--` on: it separates, it is not a flag.
  const extraArgs = args[0] === "--" ? args.slice(1) : args;
  const deno = Deno.execPath();
  const simMain = new URL("../sim/main.ts", import.meta.url);
  const script = new URL("./cancel_all_everywhere.ts", import.meta.url);
  const sim = new Deno.Command(deno, {
    args: ["run", "--no-prompt", "--allow-net=127.0.0.1", simMain.href, "--orders", String(ORDERS)],
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  try {
    const info = JSON.parse(await readFirstLine(sim.stdout)) as SimulatorInfo;
    const host = new URL(info.okx.baseUrl).host;
    const control = new SimControl(new URL(info.control).origin);
    const before = await countOpen(control);
    console.error(
      `Simulator at ${host}: ${before} open orders (${ORDERS} per account and market) on ${
        VENUES.join(", ")
      }.`,
    );
    const okx = info.okx.accounts[0];
    const bybit = info.bybit.accounts[0];
    const bitget = info.bitget.accounts[0];
    const p99 = info.p99.accounts[0];
    if (!okx || !bybit || !bitget || !p99) throw new Error("simulator printed no accounts");
    const env: Record<string, string> = {
      OKX_API_KEY: okx.apiKey,
      OKX_API_SECRET: okx.secret,
      OKX_API_PASSPHRASE: okx.passphrase ?? "",
      OKX_BASE_URL: info.okx.baseUrl,
      BYBIT_API_KEY: bybit.apiKey,
      BYBIT_API_SECRET: bybit.secret,
      BYBIT_BASE_URL: info.bybit.baseUrl,
      BITGET_API_KEY: bitget.apiKey,
      BITGET_API_SECRET: bitget.secret,
      BITGET_API_PASSPHRASE: bitget.passphrase ?? "",
      BITGET_BASE_URL: info.bitget.baseUrl,
      P99_JWT: p99.jwt ?? "",
      P99_BASE_URL: info.p99.baseUrl,
    };
    const args = [
      "run",
      "--no-prompt",
      `--allow-net=${host}`,
      `--allow-env=${Object.keys(env).sort().join(",")}`,
      script.href,
      "--yes",
      ...extraArgs,
    ];
    console.error(`$ deno ${args.join(" ")}`);
    const run = await new Deno.Command(deno, { args, env, stdin: "null" }).spawn().status;
    const after = await countOpen(control);
    console.error(`Simulator books after the run: ${after} open orders.`);
    return run.code;
  } finally {
    try {
      sim.kill("SIGTERM");
    } catch {
      // already gone
    }
    await sim.status;
  }
}

async function countOpen(control: SimControl): Promise<number> {
  let n = 0;
  for (const venue of VENUES) n += (await control.orders(venue, 0)).length;
  return n;
}

if (import.meta.main) Deno.exit(await demo(Deno.args));
