/**
 * `deno task sim`: runs the simulator until interrupted. Prints exactly one JSON line on
 * stdout (base URL per venue, credentials of each seeded account), then serves.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { FaultSpec } from "./core.ts";
import { startSimulator } from "./mod.ts";
import { readTestCertificate } from "./tls.ts";

const USAGE = `deno task sim [flags]
  --port N              port (default 0: any free port)
  --accounts N          accounts per venue (default 1)
  --orders N            open orders seeded per account and market (default 0)
  --latency MS          injected latency per request (default 0)
  --jitter MS           extra random latency, uniform in [0, MS) (default 0)
  --okx-cancel-delay MS OKX: time from cancel ack to the order leaving the book (default 50)
  --fault JSON          a fault rule, repeatable, e.g. '{"venue":"bybit","path":"/v5/order/cancel-all","kind":"code","code":"10006","count":2}'
  --seed N              deterministic seed (default 1)
  --bitget-uta LIST     Bitget accounts (indexes, e.g. 0,2) that are unified trading accounts (v3 API)
  --okx-max-pending N   OKX pending-order cap per account (default 500, as the venue; raise for load tests)
  --tls                 also serve the venues' real host names over TLS (certificate from
                        tests/data/tls/, signed by the test CA ca.pem) behind an HTTPS proxy on
                        loopback; the JSON line then has "proxy": run scripts with
                        HTTPS_PROXY=<proxy> DENO_CERT=tests/data/tls/ca.pem and no *_BASE_URL
                        (needs --allow-read=tests/data/tls)
  --one-way-delay MS    with --tls: hold every byte MS ms in each direction (default 0)`;

function num(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0`);
  return n;
}

if (import.meta.main) {
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      strict: true,
      options: {
        port: { type: "string" },
        accounts: { type: "string" },
        orders: { type: "string" },
        latency: { type: "string" },
        jitter: { type: "string" },
        "okx-cancel-delay": { type: "string" },
        fault: { type: "string", multiple: true },
        seed: { type: "string" },
        "bitget-uta": { type: "string" },
        "okx-max-pending": { type: "string" },
        tls: { type: "boolean" },
        "one-way-delay": { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message.split("\n")[0] : e}\n${USAGE}`);
    Deno.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  try {
    const faults = (values.fault ?? []).map((f) => JSON.parse(f) as FaultSpec);
    // POST /__sim/shutdown ends the process: a drill stops it without its process id (npx
    // runs Deno under a wrapper whose id is not Deno's).
    let shutdown: () => void = () => Deno.exit(0);
    const sim = await startSimulator({
      onShutdown: () => shutdown(),
      port: num("port", values.port, 0),
      accounts: num("accounts", values.accounts, 1),
      ordersPerMarket: num("orders", values.orders, 0),
      latencyMs: num("latency", values.latency, 0),
      jitterMs: num("jitter", values.jitter, 0),
      okxCancelDelayMs: num("okx-cancel-delay", values["okx-cancel-delay"], 50),
      seed: num("seed", values.seed, 1),
      okxMaxPendingOrders: values["okx-max-pending"] === undefined
        ? undefined
        : num("okx-max-pending", values["okx-max-pending"], 500),
      faults,
      bitgetUta: values["bitget-uta"] === undefined
        ? undefined
        : values["bitget-uta"].split(",").map((i) => num("bitget-uta", i.trim(), 0)),
      tls: values.tls ? await readTestCertificate() : undefined,
      oneWayDelayMs: num("one-way-delay", values["one-way-delay"], 0),
    });
    console.log(JSON.stringify(sim.info));
    const stop = async () => {
      await sim.close();
      Deno.exit(0);
    };
    shutdown = () => void stop();
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : e}`);
    Deno.exit(2);
  }
}
