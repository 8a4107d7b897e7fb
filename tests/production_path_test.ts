// The production path, end to end: README's own command lines, no base-URL override, the real
// host names over TLS (through the simulator's HTTPS front), every venue and environment the
// clients know. A wrong host cannot pass: the simulator answers only the hosts it knows, only
// with their own venue's paths, and only to keys of that host's site.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import type { Simulator } from "../sim/mod.ts";
import type { VenueId } from "../venues/types.ts";
import {
  assertNoProductionLeak,
  flagList,
  hostsSeen,
  parseCommand,
  productionCredentials,
  proxyEnv,
  readmeCommand,
  runCommand,
  runDeno,
  startProductionSim,
  tunnelsAsked,
} from "./_production.ts";

const REAL = ["api-sepolia.p99.world", "api.bitget.com", "api.bybit.com", "www.okx.com"];

function open(sim: Simulator, venue: VenueId, index = 0): number {
  return sim.state.openOrders(sim.state.account(venue, index)).length;
}

/** Runs `--print-permissions` with `flags`, then runs the printed line with `--yes`. */
async function viaPrintedLine(
  sim: Simulator,
  env: Record<string, string>,
  script: "cancel_all_everywhere" | "cancel_spread",
  flags: string[],
  extraDeno: string[] = [],
) {
  const main = parseCommand(await readmeCommand("main"));
  const printed = await runDeno(
    [
      "run",
      "--no-prompt",
      `--allow-env=${Object.keys(env).join(",")}`,
      ...extraDeno,
      `scripts/${script}.ts`,
      "--print-permissions",
      ...flags,
    ],
    env,
  );
  assertEquals(printed.code, 0, printed.stderr);
  const line = printed.stdout.trim();
  assert(!/https?[,/ ]|https\/\//.test(line.replace(/scripts\/\S+/, "")), line);
  const parsed = parseCommand(`DENO_NO_UPDATE_CHECK=1 ${line}`);
  const run = await runCommand(parsed, { ...env, ...proxyEnv(sim) }, ["--yes"]);
  return { line, run, hosts: flagList(parsed.args, "--allow-net"), main };
}

Deno.test("README's main command ends FLAT on all four venues through TLS under the real host names", async () => {
  const sim = await startProductionSim({ ordersPerMarket: 3 });
  try {
    const cmd = parseCommand(await readmeCommand("main"));
    assertEquals(flagList(cmd.args, "--allow-net").sort(), REAL);
    assertEquals(cmd.env.DENO_NO_UPDATE_CHECK, "1");
    for (const venue of ["okx", "bybit", "bitget", "p99"] as const) assert(open(sim, venue) > 0);
    const r = await runCommand(cmd, { ...productionCredentials(sim), ...proxyEnv(sim) });
    assertEquals(r.code, 0, r.stdout + r.stderr);
    assertMatch(r.stdout, /FLAT: 4\/4 accounts flat/);
    for (const venue of ["okx", "bybit", "bitget", "p99"] as const) {
      assertEquals(open(sim, venue), 0);
    }
    // The report names each host and environment; p99's default is its testnet.
    assertMatch(r.stdout, /okx\s+default\s+www\.okx\.com\s+production\s+FLAT/);
    assertMatch(r.stdout, /p99\s+default\s+api-sepolia\.p99\.world\s+testnet\s+FLAT/);
    // Every request was meant for a real host, and the run opened tunnels to nothing else
    // (no dl.deno.land: DENO_NO_UPDATE_CHECK=1 is part of the README's line).
    assertEquals(hostsSeen(sim), REAL);
    assertEquals(tunnelsAsked(sim), REAL.map((h) => `${h}:443`));
    assert(sim.front?.tunnels.every((t) => t.accepted));
    // Each host's connection is opened by the warm-up's server-time request (once; a second
    // only if a loaded machine holds the warm-up past its cap), and the
    // cancels and listings multiplex over it (HTTP/2): before, Bybit alone opened ten.
    for (const h of REAL) {
      const n = sim.front?.tunnels.filter((t) => t.target === `${h}:443`).length ?? 0;
      assert(n <= 2, `${h}: ${n} connections`);
    }
    assertEquals(sim.state.counts.get("bybit GET /v5/market/time"), 1);
  } finally {
    await sim.close();
  }
});

Deno.test("README's main command works with a p99 HMAC key, and JSON names host and environment", async () => {
  const sim = await startProductionSim({ ordersPerMarket: 2 });
  try {
    const cmd = parseCommand(await readmeCommand("main"));
    const env = { ...productionCredentials(sim, ["p99", "bybit"], "hmac"), ...proxyEnv(sim) };
    const r = await runCommand(cmd, env, ["--json"]);
    assertEquals(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assertEquals(report.outcome, "FLAT");
    const p99 = report.accounts.find((a: { venue: string }) => a.venue === "p99");
    assertEquals([p99.host, p99.environment], ["api-sepolia.p99.world", "testnet"]);
    assertEquals(open(sim, "p99"), 0);
    assertEquals(hostsSeen(sim), ["api-sepolia.p99.world", "api.bybit.com"]);
  } finally {
    await sim.close();
  }
});

Deno.test("--print-permissions and --dry-run with no override name exactly the production hosts", async () => {
  const sim = await startProductionSim();
  try {
    const readme = parseCommand(await readmeCommand("main"));
    const env = productionCredentials(sim, ["okx", "bybit", "bitget", "p99"], "jwt");
    // Every variable the README allows, so the script sees the same environment it would.
    const printed = await runDeno(
      [
        "run",
        "--no-prompt",
        `--allow-env=${flagList(readme.args, "--allow-env").join(",")}`,
        "scripts/cancel_all_everywhere.ts",
        "--print-permissions",
      ],
      env,
    );
    assertEquals(printed.code, 0, printed.stderr);
    const line = parseCommand(printed.stdout.trim());
    assertEquals(flagList(line.args, "--allow-net").sort(), REAL);
    assertStringIncludes(
      printed.stderr,
      "note: p99/default uses api-sepolia.p99.world, p99 Sepolia testnet (testnet)",
    );
    // The dry run shows the real URLs' hosts and sends nothing.
    const dry = await runCommand(readme, { ...env, ...proxyEnv(sim) }, ["--dry-run"]);
    assertEquals(dry.code, 0, dry.stderr);
    for (const h of REAL) assertStringIncludes(dry.stdout, `@ ${h} (`);
    assertStringIncludes(dry.stdout, "@ api-sepolia.p99.world (testnet)");
    assert(!/https?\b[^:]|https\/\//.test(dry.stdout), dry.stdout);
    assertEquals(hostsSeen(sim), []);
    // The scripts' shebang lines say the same as README.
    for (const [script, tag] of [["cancel_all_everywhere", "main"], ["cancel_spread", "spread"]]) {
      const text = await Deno.readTextFile(new URL(`../scripts/${script}.ts`, import.meta.url));
      const shebang = text.split("\n")[0] ?? "";
      const want = parseCommand(await readmeCommand(tag!));
      assertEquals(
        flagList(shebang.split(/\s+/), "--allow-net").sort(),
        flagList(want.args, "--allow-net").sort(),
        script,
      );
    }
  } finally {
    await sim.close();
  }
});

/** One account bound to a site, run through the line --print-permissions gives for its flags. */
interface SiteCase {
  readonly venue: VenueId;
  readonly index: number;
  readonly site: string;
  readonly flags: readonly string[];
  readonly host: string;
}

/** Binds each case's account to its site, runs all at once, checks host, exit and book. */
async function runSiteCases(sim: Simulator, cases: readonly SiteCase[]) {
  for (const c of cases) sim.hosts.bind(c.venue, c.index, c.site);
  const runs = await Promise.all(cases.map(async (c) => {
    const env = productionCredentials(sim, [c.venue], "jwt", c.index);
    return { c, ...(await viaPrintedLine(sim, env, "cancel_all_everywhere", [...c.flags])) };
  }));
  for (const { c, run, hosts } of runs) {
    assertEquals(hosts, [c.host], c.flags.join(" "));
    assertEquals(run.code, 0, `${c.flags.join(" ")}: ${run.stdout}${run.stderr}`);
    assertEquals(open(sim, c.venue, c.index), 0, c.flags.join(" "));
  }
  return runs;
}

Deno.test("every OKX site and demo mode reaches its own host, and a key on the wrong site is refused", async () => {
  const sim = await startProductionSim({ accounts: 5, ordersPerMarket: 2 });
  try {
    const runs = await runSiteCases(sim, [
      {
        venue: "okx",
        index: 1,
        site: "global",
        flags: ["--okx-region", "openapi"],
        host: "openapi.okx.com",
      },
      { venue: "okx", index: 2, site: "eea", flags: ["--okx-region", "eea"], host: "eea.okx.com" },
      { venue: "okx", index: 3, site: "us", flags: ["--okx-region", "us"], host: "us.okx.com" },
      { venue: "okx", index: 4, site: "global+demo", flags: ["--okx-demo"], host: "www.okx.com" },
    ]);
    assertMatch(runs[3]!.run.stdout, /www\.okx\.com\s+demo\s+FLAT/);
    assertEquals(hostsSeen(sim), ["eea.okx.com", "openapi.okx.com", "us.okx.com", "www.okx.com"]);
    // The EEA key on the global host: the venue refuses it, and the tool never says FLAT.
    sim.hosts.bind("okx", 2, "eea");
    await fetch(`${sim.info.control}/seed`, {
      method: "POST",
      body: JSON.stringify({ venue: "okx", account: 2, count: 2 }),
    }).then((r) => r.body?.cancel());
    const wrong = await runCommand(
      parseCommand(await readmeCommand("main")),
      { ...productionCredentials(sim, ["okx"], "jwt", 2), ...proxyEnv(sim) },
    );
    assertEquals(wrong.code, 1, wrong.stdout);
    assertMatch(wrong.stdout, /okx\s+default\s+www\.okx\.com\s+production\s+(UNKNOWN|NOT FLAT)/);
    assertStringIncludes(wrong.stdout, "50119");
    assertEquals(open(sim, "okx", 2), 2);
  } finally {
    await sim.close();
  }
});

Deno.test("Bybit environments and Bitget demo reach their own hosts", async () => {
  const sim = await startProductionSim({ accounts: 4, ordersPerMarket: 2 });
  try {
    const runs = await runSiteCases(sim, [
      {
        venue: "bybit",
        index: 1,
        site: "testnet",
        flags: ["--bybit-env", "testnet"],
        host: "api-testnet.bybit.com",
      },
      {
        venue: "bybit",
        index: 2,
        site: "demo",
        flags: ["--bybit-env", "demo"],
        host: "api-demo.bybit.com",
      },
      { venue: "bybit", index: 3, site: "eu", flags: ["--bybit-env", "eu"], host: "api.bybit.eu" },
      {
        venue: "bitget",
        index: 1,
        site: "live+demo",
        flags: ["--bitget-demo"],
        host: "api.bitget.com",
      },
    ]);
    assertMatch(runs[0]!.run.stdout, /api-testnet\.bybit\.com\s+testnet\s+FLAT/);
    assertMatch(runs[3]!.run.stdout, /api\.bitget\.com\s+demo\s+FLAT/);
  } finally {
    await sim.close();
  }
});

Deno.test("an accounts file without baseUrl reaches each account's own host", async () => {
  const sim = await startProductionSim({ accounts: 2, ordersPerMarket: 2 });
  const dir = await Deno.makeTempDir({ prefix: "killswitch-accounts-" });
  try {
    sim.hosts.bind("okx", 1, "eea");
    sim.hosts.bind("bybit", 1, "testnet");
    const path = `${dir}/accounts.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        version: 1,
        accounts: [
          { venue: "okx", label: "main", apiKeyEnv: "OK0", secretEnv: "OS0", passphraseEnv: "OP0" },
          {
            venue: "okx",
            label: "eu",
            apiKeyEnv: "OK1",
            secretEnv: "OS1",
            passphraseEnv: "OP1",
            okxRegion: "eea",
          },
          {
            venue: "bybit",
            label: "test",
            apiKeyEnv: "BK1",
            secretEnv: "BS1",
            bybitEnv: "testnet",
          },
          {
            venue: "bitget",
            label: "main",
            apiKeyEnv: "GK0",
            secretEnv: "GS0",
            passphraseEnv: "GP0",
          },
          { venue: "p99", label: "spot", jwtEnv: "PJ0" },
        ],
      }),
    );
    const i = sim.info;
    const env = {
      OK0: i.okx.accounts[0]!.apiKey,
      OS0: i.okx.accounts[0]!.secret,
      OP0: i.okx.accounts[0]!.passphrase!,
      OK1: i.okx.accounts[1]!.apiKey,
      OS1: i.okx.accounts[1]!.secret,
      OP1: i.okx.accounts[1]!.passphrase!,
      BK1: i.bybit.accounts[1]!.apiKey,
      BS1: i.bybit.accounts[1]!.secret,
      GK0: i.bitget.accounts[0]!.apiKey,
      GS0: i.bitget.accounts[0]!.secret,
      GP0: i.bitget.accounts[0]!.passphrase!,
      PJ0: i.p99.accounts[0]!.jwt!,
    };
    const { run, hosts } = await viaPrintedLine(
      sim,
      env,
      "cancel_all_everywhere",
      ["--accounts-file", path],
      [`--allow-read=${path}`],
    );
    assertEquals(hosts.sort(), [
      "api-sepolia.p99.world",
      "api-testnet.bybit.com",
      "api.bitget.com",
      "eea.okx.com",
      "www.okx.com",
    ]);
    assertEquals(run.code, 0, run.stdout + run.stderr);
    assertMatch(run.stdout, /FLAT: 5\/5 accounts flat/);
    // The accounts' hosts are warmed once validated: one connection per host, not per request.
    for (const h of hosts) {
      const n = sim.front?.tunnels.filter((t) => t.target === `${h}:443`).length ?? 0;
      assert(n <= 2, `${h}: ${n} connections`);
    }
    for (
      const [v, n] of [["okx", 0], ["okx", 1], ["bybit", 1], ["bitget", 0], ["p99", 0]] as const
    ) {
      assertEquals(open(sim, v, n), 0, `${v}/${n}`);
    }
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("README's cancel_spread commands: everything, one spread, one order, --arm and --disarm", async () => {
  const sim = await startProductionSim();
  try {
    const spread = parseCommand(await readmeCommand("spread"));
    const arm = parseCommand(await readmeCommand("spread-arm"));
    assertEquals(flagList(spread.args, "--allow-net"), ["www.okx.com"]);
    const env = { ...productionCredentials(sim, ["okx"]), ...proxyEnv(sim) };
    const seed = async (count: number, symbol?: string): Promise<string[]> => {
      const res = await fetch(`${sim.info.control}/seed`, {
        method: "POST",
        body: JSON.stringify({ venue: "okx", account: 0, count, ...(symbol ? { symbol } : {}) }),
      });
      return (await res.json()).ids;
    };
    await seed(3, "BTC-USDT_BTC-USDT-SWAP");
    const eth = await seed(2, "ETH-USDT_ETH-USDT-SWAP");
    // One spread: the other spread's orders stay.
    const one = await runCommand(spread, env, ["--sprd-id", "BTC-USDT_BTC-USDT-SWAP"]);
    assertEquals(one.code, 0, one.stdout + one.stderr);
    assertEquals(open(sim, "okx"), 2);
    // One order by id.
    const single = await runCommand(spread, env, ["--ord-id", eth[0]!]);
    assertEquals(single.code, 0, single.stdout + single.stderr);
    assertEquals(open(sim, "okx"), 1);
    // Everything (the README's command as written).
    const all = await runCommand(spread, env);
    assertEquals(all.code, 0, all.stdout + all.stderr);
    assertEquals(open(sim, "okx"), 0);
    // The dead-man switch, armed and disarmed.
    const armed = await runCommand(arm, env);
    assertEquals(armed.code, 0, armed.stdout + armed.stderr);
    const off = await runDeno(
      [...arm.args.filter((a) => a !== "--arm" && a !== "60"), "--disarm"],
      { ...arm.env, ...env },
    );
    assertEquals(off.code, 0, off.stdout + off.stderr);
    assertEquals(hostsSeen(sim), ["www.okx.com"]);
    assertEquals(tunnelsAsked(sim), ["www.okx.com:443"]);
  } finally {
    await sim.close();
  }
});

Deno.test("deno task demo runs the README's main command through the TLS front", async () => {
  const out = await runDeno(
    [
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      "--allow-run",
      "--allow-read",
      "--allow-env",
      "scripts/demo.ts",
    ],
    {},
  );
  assertEquals(out.code, 0, out.stdout + out.stderr);
  assertMatch(out.stdout, /FLAT: 4\/4 accounts flat/);
  assertStringIncludes(
    out.stderr,
    "--allow-net=api-sepolia.p99.world,api.bitget.com,api.bybit.com,www.okx.com",
  );
  assertStringIncludes(out.stderr, "Simulator books after the run: 0 open orders");
  assertStringIncludes(
    out.stderr,
    "hosts contacted: api-sepolia.p99.world, api.bitget.com, api.bybit.com, www.okx.com",
  );
});

Deno.test("no output of these runs holds a key, secret, passphrase, JWT or signature", () => {
  assertNoProductionLeak();
});
