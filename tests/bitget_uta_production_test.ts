// Bitget unified trading accounts on the production path: README's own command, no base-URL
// override, api.bitget.com over TLS through the simulator's HTTPS front; the mode given by flag,
// by the accounts file, or found out (auto). Every output is scanned for the credentials.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { SimControl, type Simulator } from "../sim/mod.ts";
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
} from "./_production.ts";

function open(sim: Simulator, index: number): number {
  return sim.state.openOrders(sim.state.account("bitget", index)).length;
}

function count(sim: Simulator, prefix: string): number {
  return [...sim.state.counts].filter(([k]) => k.startsWith(`bitget ${prefix}`))
    .reduce((n, [, v]) => n + v, 0);
}

/** UTA orders in four categories, strategy orders included, on Bitget account `index`. */
async function seedUta(sim: Simulator, index: number): Promise<void> {
  const control = new SimControl(sim.origin);
  for (const market of ["SPOT", "MARGIN", "USDT-FUTURES", "COIN-FUTURES"]) {
    await control.seed({ venue: "bitget", account: index, count: 6, market });
    await control.seed({ venue: "bitget", account: index, count: 2, market, kind: "conditional" });
  }
}

Deno.test("README's main command with --bitget-mode uta ends FLAT on a unified account under api.bitget.com", async () => {
  const sim = await startProductionSim({ bitgetUta: [0] });
  try {
    await seedUta(sim, 0);
    assertEquals(open(sim, 0), 32);
    const cmd = parseCommand(await readmeCommand("main"));
    assert(flagList(cmd.args, "--allow-net").includes("api.bitget.com"));
    const env = { ...productionCredentials(sim, ["bitget"]), ...proxyEnv(sim) };
    const r = await runCommand(cmd, env, ["--bitget-mode", "uta"]);
    assertEquals(r.code, 0, r.stdout + r.stderr);
    assertMatch(r.stdout, /bitget\s+default\s+api\.bitget\.com\s+production\s+FLAT/);
    assertEquals(open(sim, 0), 0);
    assertEquals(hostsSeen(sim), ["api.bitget.com"]);
    // Configured: no mode probe, no classic private call.
    assertEquals(count(sim, "GET /api/v3/account/settings"), 0);
    assertEquals(count(sim, "POST /api/v2/"), 0);
    assertEquals(count(sim, "POST /api/v3/trade/cancel-strategy-order"), 8);
  } finally {
    await sim.close();
  }
});

Deno.test("an accounts file with a classic, a configured UTA and an auto-detected UTA Bitget account ends FLAT", async () => {
  const sim = await startProductionSim({ accounts: 3, bitgetUta: [1, 2] });
  const dir = await Deno.makeTempDir({ prefix: "killswitch-uta-" });
  try {
    const control = new SimControl(sim.origin);
    await control.seed({ venue: "bitget", account: 0, count: 9 });
    await control.seed({ venue: "bitget", account: 0, count: 3, kind: "conditional" });
    await seedUta(sim, 1);
    await seedUta(sim, 2);
    const path = `${dir}/accounts.json`;
    const entry = (label: string, n: number, extra: Record<string, unknown> = {}) => ({
      venue: "bitget",
      label,
      apiKeyEnv: `GK${n}`,
      secretEnv: `GS${n}`,
      passphraseEnv: `GP${n}`,
      ...extra,
    });
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        version: 1,
        accounts: [
          entry("classic", 0, { bitgetMode: "classic" }),
          entry("unified", 1, { bitgetMode: "uta" }),
          entry("found-out", 2),
        ],
      }),
    );
    const env: Record<string, string> = {};
    for (const n of [0, 1, 2]) {
      const a = sim.info.bitget.accounts[n]!;
      Object.assign(env, { [`GK${n}`]: a.apiKey, [`GS${n}`]: a.secret, [`GP${n}`]: a.passphrase! });
    }
    // The permission line the script prints for this file, then that line with --yes.
    const printed = await runDeno(
      [
        "run",
        "--no-prompt",
        `--allow-env=${Object.keys(env).join(",")}`,
        `--allow-read=${path}`,
        "scripts/cancel_all_everywhere.ts",
        "--print-permissions",
        "--accounts-file",
        path,
      ],
      env,
    );
    assertEquals(printed.code, 0, printed.stderr);
    const line = parseCommand(`DENO_NO_UPDATE_CHECK=1 ${printed.stdout.trim()}`);
    assertEquals(flagList(line.args, "--allow-net"), ["api.bitget.com"]);
    const run = await runCommand(line, { ...env, ...proxyEnv(sim) }, ["--yes", "--json"]);
    assertEquals(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout);
    assertEquals(report.outcome, "FLAT");
    assertEquals(
      report.accounts.map((a: { account: string; status: string }) => `${a.account}:${a.status}`)
        .sort(),
      ["classic:FLAT", "found-out:FLAT", "unified:FLAT"],
    );
    for (const n of [0, 1, 2]) assertEquals(open(sim, n), 0, `bitget/${n}`);
    // The auto account learned its mode from its first cancels' answers: no probe.
    assertEquals(count(sim, "GET /api/v3/account/settings"), 0);
    assertEquals(hostsSeen(sim), ["api.bitget.com"]);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a unified account run as classic exits 1, cancels nothing and names --bitget-mode uta", async () => {
  const sim = await startProductionSim({ bitgetUta: [0] });
  try {
    await seedUta(sim, 0);
    const cmd = parseCommand(await readmeCommand("main"));
    const env = { ...productionCredentials(sim, ["bitget"]), ...proxyEnv(sim) };
    const r = await runCommand(cmd, env, ["--bitget-mode", "classic", "--deadline", "2"]);
    assertEquals(r.code, 1, r.stdout + r.stderr);
    assertStringIncludes(r.stdout + r.stderr, "--bitget-mode uta");
    assertEquals(open(sim, 0), 32);
  } finally {
    await sim.close();
  }
});

Deno.test("the doctor reports a unified account's mode, found out in auto mode, without canceling", async () => {
  const sim = await startProductionSim({ bitgetUta: [0] });
  try {
    await seedUta(sim, 0);
    const cmd = parseCommand(await readmeCommand("doctor"));
    const env = { ...productionCredentials(sim, ["bitget"]), ...proxyEnv(sim) };
    const r = await runCommand(cmd, env);
    assertEquals(r.code, 0, r.stdout + r.stderr);
    assertMatch(r.stdout, /mode\s+uta \(auto\)/);
    assertMatch(r.stdout, /32 open order\(s\) in scope/);
    assertEquals(open(sim, 0), 32);
  } finally {
    await sim.close();
  }
});

Deno.test("a dry run in auto mode shows both modes' steps and sends nothing", async () => {
  const sim = await startProductionSim({ bitgetUta: [0] });
  try {
    const cmd = parseCommand(await readmeCommand("main"));
    const env = { ...productionCredentials(sim, ["bitget"]), ...proxyEnv(sim) };
    const r = await runCommand(cmd, env, ["--dry-run", "--bitget-category", "SPOT,USDT-FUTURES"]);
    assertEquals(r.code, 0, r.stdout + r.stderr);
    assertStringIncludes(r.stdout, "if UTA: SPOT all symbols");
    assertStringIncludes(r.stdout, "if classic: USDT-FUTURES");
    assert(!r.stdout.includes("COIN-FUTURES"), "categories narrow both modes");
    assertEquals(count(sim, "POST "), 0);
  } finally {
    await sim.close();
  }
});

Deno.test("a demo unified account (--bitget-demo, auto) ends FLAT with paptrading on api.bitget.com", async () => {
  const sim = await startProductionSim({ bitgetUta: [0] });
  try {
    sim.hosts.bind("bitget", 0, "live+demo");
    await seedUta(sim, 0);
    const cmd = parseCommand(await readmeCommand("main"));
    const env = { ...productionCredentials(sim, ["bitget"]), ...proxyEnv(sim) };
    const r = await runCommand(cmd, env, ["--bitget-demo"]);
    assertEquals(r.code, 0, r.stdout + r.stderr);
    assertMatch(r.stdout, /bitget\s+default\s+api\.bitget\.com\s+demo\s+FLAT/);
    assertEquals(open(sim, 0), 0);
    // Without the demo header the same key is refused, as the venue refuses a demo key on live.
    await seedUta(sim, 0);
    const live = await runCommand(cmd, env, ["--bitget-mode", "uta", "--deadline", "2"]);
    assertEquals(live.code, 1, live.stdout + live.stderr);
    assertEquals(open(sim, 0), 32);
  } finally {
    await sim.close();
  }
});

Deno.test("no output of these runs holds a key, secret, passphrase or signature", () => {
  assertNoProductionLeak();
});
