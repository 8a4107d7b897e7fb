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

/**
 * Runs the drill; resolves with the cancel script's exit code. The simulator serves the venues'
 * real host names over TLS behind its HTTPS front, and the script runs exactly as an operator
 * runs it: the line `--print-permissions` gives (the README's), no base-URL override, only
 * `HTTPS_PROXY` and `DENO_CERT` (the test CA) added.
 */
export async function demo(args: readonly string[]): Promise<number> {
  // `deno task demo -- --json` passes the `--` on: it separates, it is not a flag.
  const extraArgs = args[0] === "--" ? args.slice(1) : args;
  const deno = Deno.execPath();
  const simMain = new URL("../sim/main.ts", import.meta.url);
  const script = new URL("./cancel_all_everywhere.ts", import.meta.url);
  const tlsDir = decodeURIComponent(new URL("../tests/data/tls", import.meta.url).pathname);
  const sim = new Deno.Command(deno, {
    args: [
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      `--allow-read=${tlsDir}`,
      simMain.href,
      "--tls",
      "--orders",
      String(ORDERS),
    ],
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  try {
    const info = JSON.parse(await readFirstLine(sim.stdout)) as SimulatorInfo;
    if (!info.proxy) throw new Error("simulator printed no proxy");
    const control = new SimControl(new URL(info.control).origin);
    const before = await countOpen(control);
    console.error(
      `Simulator (real host names over TLS, proxy ${info.proxy}): ${before} open orders (${ORDERS} per account and market) on ${
        VENUES.join(", ")
      }.`,
    );
    const okx = info.okx.accounts[0];
    const bybit = info.bybit.accounts[0];
    const bitget = info.bitget.accounts[0];
    const p99 = info.p99.accounts[0];
    if (!okx || !bybit || !bitget || !p99) throw new Error("simulator printed no accounts");
    const credentials: Record<string, string> = {
      OKX_API_KEY: okx.apiKey,
      OKX_API_SECRET: okx.secret,
      OKX_API_PASSPHRASE: okx.passphrase ?? "",
      BYBIT_API_KEY: bybit.apiKey,
      BYBIT_API_SECRET: bybit.secret,
      BITGET_API_KEY: bitget.apiKey,
      BITGET_API_SECRET: bitget.secret,
      BITGET_API_PASSPHRASE: bitget.passphrase ?? "",
      P99_JWT: p99.jwt ?? "",
    };
    // The operator's line, as the script prints it for this configuration.
    const printed = await new Deno.Command(deno, {
      args: [
        "run",
        "--no-prompt",
        `--allow-env=${Object.keys(credentials).join(",")}`,
        script.href,
        "--print-permissions",
      ],
      env: { ...inherited(), ...credentials },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
    }).output();
    const words = new TextDecoder().decode(printed.stdout).trim().split(/\s+/);
    const flags = words.filter((w) => w.startsWith("--allow-") || w === "--no-prompt");
    const args = ["run", ...flags, script.href, "--yes", ...extraArgs];
    console.error(`$ DENO_NO_UPDATE_CHECK=1 deno ${args.join(" ")}`);
    const run = await new Deno.Command(deno, {
      args,
      // Exactly the operator's variables plus the front: nothing inherited (an operator's
      // NO_PROXY must not send the drill's signed cancels past the simulator).
      env: {
        ...inherited(),
        ...credentials,
        DENO_NO_UPDATE_CHECK: "1",
        HTTPS_PROXY: info.proxy,
        NO_PROXY: "",
        DENO_CERT: `${tlsDir}/ca.pem`,
      },
      clearEnv: true,
      stdin: "null",
    }).spawn().status;
    const after = await countOpen(control);
    const hosts = await (await fetch(`${info.control}/hosts`)).json() as {
      hosts: Record<string, number>;
    };
    console.error(`Simulator books after the run: ${after} open orders.`);
    console.error(`hosts contacted: ${Object.keys(hosts.hosts).sort().join(", ")}`);
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

/** The variables a child Deno needs to find itself and its cache. */
function inherited(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "NO_COLOR"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

async function countOpen(control: SimControl): Promise<number> {
  let n = 0;
  for (const venue of VENUES) n += (await control.orders(venue, 0)).length;
  return n;
}

if (import.meta.main) Deno.exit(await demo(Deno.args));
