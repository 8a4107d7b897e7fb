// `--doctor`, run as README gives it (--cached-only, the main permission line, no override)
// against the simulator under the real host names: all good, a wrong key, a clock 40 s off, a
// venue down, a host not permitted, and an empty dependency cache. It never cancels.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import type { Simulator } from "../sim/mod.ts";
import {
  assertNoProductionLeak,
  flagList,
  parseCommand,
  productionCredentials,
  proxyEnv,
  readmeCommand,
  runCommand,
  startProductionSim,
} from "./_production.ts";

function cancels(sim: Simulator): number {
  let n = 0;
  for (const [key, count] of sim.state.counts) if (/cancel|DELETE/.test(key)) n += count;
  return n;
}

interface DoctorJson {
  ok: boolean;
  accounts: Array<{
    venue: string;
    host: string;
    environment: string;
    reachable: boolean | null;
    clockOffsetMs: number | null;
    credentials: string;
    openOrdersInScope: number | null;
    problems: Array<{ what: string; fix: string }>;
  }>;
  command: string;
}

Deno.test("doctor: all good on four venues, open orders counted, nothing cancelled", async () => {
  const sim = await startProductionSim({ ordersPerMarket: 2 });
  try {
    const cmd = parseCommand(await readmeCommand("doctor"));
    assert(cmd.args.includes("--cached-only") && cmd.args.includes("--doctor"));
    const env = { ...productionCredentials(sim), ...proxyEnv(sim) };
    const text = await runCommand(cmd, env);
    assertEquals(text.code, 0, text.stdout + text.stderr);
    assertStringIncludes(text.stdout, "DOCTOR: OK");
    assertMatch(
      text.stdout,
      /p99\/default {2}api-sepolia\.p99\.world {2}\(testnet: p99 Sepolia testnet\)/,
    );
    const r = await runCommand(cmd, env, ["--json"]);
    assertEquals(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as DoctorJson;
    assertEquals(report.ok, true);
    assertEquals(report.accounts.length, 4);
    for (const a of report.accounts) {
      assertEquals([a.reachable, a.credentials], [true, "accepted"], a.venue);
      assert((a.openOrdersInScope ?? 0) > 0, a.venue);
      assert(Math.abs(a.clockOffsetMs ?? 1e9) < 2000, `${a.venue} ${a.clockOffsetMs}`);
    }
    assertEquals(
      flagList(report.command.split(" "), "--allow-net").sort(),
      flagList(cmd.args, "--allow-net").sort(),
    );
    assertEquals(cancels(sim), 0);
  } finally {
    await sim.close();
  }
});

Deno.test("doctor: a wrong key, a clock 40 s off and a venue down are each named with a fix", async () => {
  const sim = await startProductionSim({ ordersPerMarket: 1 });
  try {
    const cmd = parseCommand(await readmeCommand("doctor"));
    const env = {
      ...productionCredentials(sim),
      BYBIT_API_KEY: "not-a-key-the-venue-knows",
      ...proxyEnv(sim),
    };
    await fetch(`${sim.info.control}/skew`, {
      method: "POST",
      body: JSON.stringify({ venue: "okx", ms: 40_000 }),
    }).then((r) => r.body?.cancel());
    await fetch(`${sim.info.control}/faults`, {
      method: "POST",
      body: JSON.stringify({ venue: "bitget", kind: "http", status: 503 }),
    }).then((r) => r.body?.cancel());
    const r = await runCommand(cmd, env, ["--json", "--deadline", "5"]);
    assertEquals(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as DoctorJson;
    const by = (v: string) => report.accounts.find((a) => a.venue === v)!;
    assertEquals(by("bybit").credentials, "refused");
    assertStringIncludes(by("bybit").problems[0]?.what ?? "", "refused the credentials (10003)");
    assertMatch(by("okx").problems[0]?.what ?? "", /clock is 4\d\.\d s behind www\.okx\.com/);
    assertStringIncludes(by("okx").problems[0]?.fix ?? "", "NTP");
    assertEquals(by("bitget").reachable, false);
    assertStringIncludes(by("bitget").problems[0]?.what ?? "", "answered HTTP 503");
    assertEquals(by("p99").problems, []);
    assert(!r.stdout.includes("not-a-key-the-venue-knows"));
    assertEquals(cancels(sim), 0);
  } finally {
    await sim.close();
  }
});

Deno.test("doctor: a host missing from --allow-net is a problem naming the flag", async () => {
  const sim = await startProductionSim();
  try {
    const cmd = parseCommand(await readmeCommand("doctor"));
    const args = cmd.args.map((a) =>
      a.startsWith("--allow-net=") ? a.replace("api.bitget.com,", "") : a
    );
    const r = await runCommand({ env: cmd.env, args }, {
      ...productionCredentials(sim),
      ...proxyEnv(sim),
    });
    assertEquals(r.code, 1, r.stdout + r.stderr);
    assertStringIncludes(r.stdout, "PROBLEM      not permitted to contact api.bitget.com");
    assertStringIncludes(r.stdout, "fix          add api.bitget.com to --allow-net");
    assertEquals(sim.hosts.counts.get("api.bitget.com"), undefined);
  } finally {
    await sim.close();
  }
});

Deno.test("an empty dependency cache: doctor says so, and a real run sends nothing and names deno cache", async () => {
  const sim = await startProductionSim({ ordersPerMarket: 1 });
  const denoDir = await Deno.makeTempDir({ prefix: "killswitch-empty-cache-" });
  try {
    // No cache and no registry (a machine whose egress allows only the venues).
    const empty = { DENO_DIR: denoDir, NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/" };
    const env = { ...productionCredentials(sim), ...proxyEnv(sim), ...empty };
    const doctor = await runCommand(parseCommand(await readmeCommand("doctor")), env);
    assertEquals(doctor.code, 1, doctor.stdout + doctor.stderr);
    assertStringIncludes(doctor.stdout, "doctor: dependencies NOT in Deno's cache");
    assertStringIncludes(doctor.stdout, "fix          deno cache scripts/cancel_all_everywhere.ts");
    const run = await runCommand(parseCommand(await readmeCommand("main")), env);
    assertEquals(run.code, 2, run.stdout + run.stderr);
    assertMatch(run.stderr, /error: the kill switch's dependencies are not in Deno's cache/);
    assertStringIncludes(run.stderr, "nothing was sent");
    assertEquals(run.stderr.trim().split("\n").filter((l) => l.startsWith("error:")).length, 1);
    assertEquals(sim.hosts.counts.size, 0);
  } finally {
    await sim.close();
    await Deno.remove(denoDir, { recursive: true });
  }
});

Deno.test("doctor: an incomplete p99 listing is reported, and no cancel is sent to fix it", async () => {
  const sim = await startProductionSim();
  try {
    // More than 200 orders created in one second: p99's listing cannot prove them all.
    await fetch(`${sim.info.control}/seed`, {
      method: "POST",
      body: JSON.stringify({ venue: "p99", account: 0, count: 250 }),
    }).then((r) => r.body?.cancel());
    const second = Math.floor(Date.now() / 1000) * 1000;
    for (const o of sim.state.account("p99", 0).orders.values()) o.createdMs = second;
    const cmd = parseCommand(await readmeCommand("doctor"));
    const r = await runCommand(cmd, {
      ...productionCredentials(sim, ["p99"]),
      ...proxyEnv(sim),
    }, ["--json", "--deadline", "5"]);
    assertEquals(r.code, 1, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as DoctorJson;
    assertStringIncludes(report.accounts[0]?.problems[0]?.what ?? "", "listing incomplete");
    assertEquals(cancels(sim), 0);
    assertEquals(sim.state.openOrders(sim.state.account("p99", 0)).length, 250);
  } finally {
    await sim.close();
  }
});

Deno.test("doctor: an account that cannot run is a problem, and a scope that selects nothing is a usage error", async () => {
  const sim = await startProductionSim();
  try {
    const cmd = parseCommand(await readmeCommand("doctor"));
    const env = { ...productionCredentials(sim, ["okx", "bybit"]), ...proxyEnv(sim) };
    delete (env as Record<string, string>).BYBIT_API_SECRET;
    const r = await runCommand(cmd, env, ["--json"]);
    assertEquals(r.code, 1, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as DoctorJson;
    const bybit = report.accounts.find((a) => a.venue === "bybit");
    assertStringIncludes(bybit?.problems[0]?.what ?? "", "cannot run: BYBIT_API_SECRET");
    assertEquals(bybit?.environment, "production");
    // Nothing in scope: the same usage error as a real run (exit 2), never a vacuous OK.
    const empty = await runCommand(
      cmd,
      { ...productionCredentials(sim, ["okx"]), ...proxyEnv(sim) },
      ["--venues", "okx", "--symbols", "BTCUSDT", "--kinds", "conditional"],
    );
    assertEquals(empty.code, 2, empty.stdout + empty.stderr);
    assertStringIncludes(empty.stderr, "selects nothing");
    assertEquals(cancels(sim), 0);
  } finally {
    await sim.close();
  }
});

Deno.test("no output of these runs holds a key, secret, passphrase, JWT or signature", () => {
  assertNoProductionLeak();
});
