// Permissions: a venue whose host is not in --allow-net is reported NOT FLAT with the flag to
// add while the others are flattened; a needed variable outside --allow-env is a usage error
// naming it; and a run without --no-prompt, on a terminal, still never stops at a prompt.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { ReportSchema } from "../engine/_report_schema.ts";
import { SimControl, startSimulator } from "../sim/mod.ts";
import { type VenueId, VENUES } from "../venues/types.ts";
import { assertNoLeak, forbiddenStrings, inBatches } from "./_reliability.ts";
import { ALL_OUTPUT, runScript, simEnv, simHost } from "./_script.ts";

const BASE_URL_VAR: Record<VenueId, string> = {
  okx: "OKX_BASE_URL",
  bybit: "BYBIT_BASE_URL",
  bitget: "BITGET_BASE_URL",
  p99: "P99_BASE_URL",
};

const leakScans: string[][] = [];

Deno.test("without --allow-net for one venue's host: that venue NOT FLAT with the flag, the rest flat", async (t) => {
  // The blocked venue goes through a second name of the same loopback server (`localhost`),
  // which the run does not permit.
  const run = async (venue: VenueId) => {
    const sim = await startSimulator({ ordersPerMarket: 2 });
    try {
      const control = new SimControl(sim.origin);
      const env = simEnv(sim);
      env[BASE_URL_VAR[venue]] = (env[BASE_URL_VAR[venue]] ?? "").replace("127.0.0.1", "localhost");
      const blocked = simHost(sim).replace("127.0.0.1", "localhost");
      const r = await runScript("cancel_all_everywhere", ["--yes", "--json", "--deadline", "5"], {
        env,
        allowNet: [simHost(sim)],
      });
      assertEquals(r.code, 1, r.stderr);
      const report = ReportSchema.parse(JSON.parse(r.stdout));
      for (const a of report.accounts) {
        if (a.venue === venue) {
          assertEquals(a.status, "NOT_FLAT");
          assertStringIncludes(a.reason, `add --allow-net=${blocked}`);
        } else {
          assertEquals(a.status, "FLAT", a.reason);
          assertEquals((await control.orders(a.venue, 0)).length, 0);
        }
      }
      assertStringIncludes(r.stderr, `add --allow-net=${blocked}`);
      assert((await control.orders(venue, 0)).length > 0, `${venue} was touched`);
      const sent = Object.keys(await control.counts()).filter((k) => k.startsWith(`${venue} `));
      assertEquals(sent, [], `${venue} was contacted`);
      leakScans.push(await forbiddenStrings(sim));
    } finally {
      await sim.close();
    }
  };
  const results = await inBatches(VENUES.map((v) => () => run(v)), 4);
  for (const [i, v] of VENUES.entries()) {
    await t.step(`${v} host not permitted`, () => {
      const r = results[i];
      if (r?.status === "rejected") throw r.reason;
    });
  }
});

interface EnvCase {
  readonly name: string;
  readonly args: readonly string[];
  /** Variables set but left out of --allow-env. */
  readonly hidden: readonly string[];
  readonly error: RegExp;
  readonly file?: string;
}

const ENV_CASES: EnvCase[] = [
  {
    name: "the Bybit secret",
    args: ["--venues", "bybit"],
    hidden: ["BYBIT_API_SECRET"],
    error: /BYBIT_API_SECRET is needed for bybit but not readable: add it to --allow-env/,
  },
  {
    name: "the OKX passphrase (every venue configured)",
    args: [],
    hidden: ["OKX_API_PASSPHRASE"],
    error: /OKX_API_PASSPHRASE is needed for okx but not readable: add it to --allow-env/,
  },
  {
    name: "the Bitget key of a venue named with --venues",
    args: ["--venues", "bitget"],
    hidden: ["BITGET_API_KEY"],
    error: /BITGET_API_KEY is needed for bitget but not readable: add it to --allow-env/,
  },
  {
    name: "the p99 JWT of a venue named with --venues",
    args: ["--venues", "p99"],
    hidden: ["P99_JWT", "P99_API_KEY"],
    error: /P99_API_KEY is needed for p99 but not readable: add it to --allow-env/,
  },
  {
    name: "a variable an accounts file names",
    args: [],
    hidden: ["BYBIT_API_SECRET"],
    file: JSON.stringify({
      accounts: [{
        venue: "bybit",
        label: "main",
        apiKeyEnv: "BYBIT_API_KEY",
        secretEnv: "BYBIT_API_SECRET",
      }],
    }),
    error:
      /BYBIT_API_SECRET is needed by accounts file .*bybit\/main.* but not readable: add it to --allow-env/,
  },
  {
    name: "every variable (no --allow-env at all)",
    args: [],
    hidden: ["*"],
    error: /no venue credentials found: set and allow \(--allow-env\) some of OKX_API_KEY/,
  },
];

Deno.test("without --allow-env for a needed variable: exit 2 naming it, nothing sent", async (t) => {
  const sim = await startSimulator({ ordersPerMarket: 1 });
  const dir = await Deno.makeTempDir({ prefix: "killswitch-perm-" });
  try {
    const control = new SimControl(sim.origin);
    for (const c of ENV_CASES) {
      await t.step(c.name, async () => {
        const env = simEnv(sim);
        const denoFlags: string[] = [];
        const args = [...c.args, "--yes"];
        if (c.file) {
          const path = `${dir}/accounts.json`;
          await Deno.writeTextFile(path, c.file);
          args.push("--accounts-file", path);
          denoFlags.push(`--allow-read=${path}`);
        }
        const allowEnv = c.hidden.includes("*")
          ? []
          : Object.keys(env).filter((k) => !c.hidden.includes(k));
        const r = await runScript("cancel_all_everywhere", args, {
          env,
          allowEnv,
          allowNet: [simHost(sim)],
          denoFlags,
        });
        assertEquals(r.code, 2, r.stderr);
        assertEquals(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
        assertMatch(r.stderr, c.error);
        assertEquals(r.stdout, "");
        assertEquals(await control.counts(), {});
      });
    }
    leakScans.push(await forbiddenStrings(sim));
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("on a terminal and without --no-prompt, a run missing permissions never prompts", async () => {
  const sim = await startSimulator({ ordersPerMarket: 1 });
  try {
    const env = simEnv(sim);
    env.P99_BASE_URL = (env.P99_BASE_URL ?? "").replace("127.0.0.1", "localhost");
    const script = new URL("../scripts/cancel_all_everywhere.ts", import.meta.url).pathname;
    // p99's host and the Bitget passphrase are not permitted; `script` gives the run a terminal.
    const allowEnv = Object.keys(env).filter((k) => !k.startsWith("BITGET_"));
    const command = [
      Deno.execPath(),
      "run",
      `--allow-net=${simHost(sim)}`,
      `--allow-env=${allowEnv.join(",")}`,
      script,
      "--yes",
      "--json",
      "--deadline",
      "5",
    ].map((a) => `'${a}'`).join(" ");
    const base: Record<string, string> = { NO_COLOR: "1", TERM: "dumb" };
    for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
      const v = Deno.env.get(k);
      if (v !== undefined) base[k] = v;
    }
    const child = new Deno.Command("script", {
      args: ["-qec", command, "/dev/null"],
      env: { ...base, ...env },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // A prompt would wait for an answer on the terminal; nothing is ever typed.
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const out = await child.output();
    clearTimeout(timer);
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    ALL_OUTPUT.push(text);
    assert(!/Deno requests|Allow\?|\[y\/n/i.test(text), text);
    assertEquals(out.code, 1, text);
    const json = text.split(/\r?\n/).find((l) => l.startsWith("{"));
    const report = ReportSchema.parse(JSON.parse(json ?? ""));
    const status = Object.fromEntries(report.accounts.map((a) => [a.venue, a.status]));
    // Bitget is not configured (its variables are not readable), p99 is blocked, the rest flat.
    assertEquals(status, { okx: "FLAT", bybit: "FLAT", p99: "NOT_FLAT" });
    leakScans.push(await forbiddenStrings(sim));
  } finally {
    await sim.close();
  }
});

Deno.test("no output of the permission runs holds a credential or a signature", () => {
  assert(ALL_OUTPUT.length > 0);
  for (const secrets of leakScans) assertNoLeak(ALL_OUTPUT, secrets);
});
