// The production path, as operators take it: README's own command lines, no *_BASE_URL, the
// venues' real host names over TLS. The simulator serves those names behind an HTTPS proxy on
// loopback (sim/front.ts); the child runs with HTTPS_PROXY and DENO_CERT (the test CA), which is
// all that differs from a real run. Deno checks --allow-net against the target host, not the
// proxy, so the README's permission line is tested as written.

import { readTestCertificate, type Simulator, startSimulator, TEST_CA_PATH } from "../sim/mod.ts";
import type { SimulatorOptions } from "../sim/mod.ts";
import { assertNoLeak, forbiddenStrings } from "./_reliability.ts";
import { ALL_OUTPUT, collect, type ScriptResult } from "./_script.ts";

const ROOT = new URL("../", import.meta.url);
const ROOT_PATH = decodeURIComponent(ROOT.pathname);

/** The credentials and signatures of every simulator closed so far, for the leak scan. */
export const PRODUCTION_SECRETS: string[] = [];

/** Starts the simulator with its TLS front; closing it keeps its secrets for the leak scan. */
export async function startProductionSim(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ ...options, tls: await readTestCertificate() });
  return {
    ...sim,
    close: async () => {
      PRODUCTION_SECRETS.push(...await forbiddenStrings(sim));
      await sim.close();
    },
  };
}

/** Asserts that no output of this process's production-path runs holds a secret. */
export function assertNoProductionLeak(): void {
  assertNoLeak(ALL_OUTPUT, PRODUCTION_SECRETS);
}

/** The README's command tagged `<!-- command: TAG -->`, continuation lines joined. */
export async function readmeCommand(tag: string): Promise<string> {
  const text = await Deno.readTextFile(new URL("README.md", ROOT));
  const at = text.indexOf(`<!-- command: ${tag} -->`);
  if (at < 0) throw new Error(`README has no command tagged ${tag}`);
  const block = text.slice(at).match(/```sh\n([\s\S]*?)```/);
  if (!block?.[1]) throw new Error(`README command ${tag} has no sh block`);
  return block[1].replace(/\\\n\s*/g, "").replace(/\s+#.*$/gm, "").trim();
}

/** A command line split into its leading `VAR=value` assignments and its words. */
export interface ParsedCommand {
  readonly env: Record<string, string>;
  /** Everything after `deno`: the subcommand, flags, the script and its arguments. */
  readonly args: string[];
}

/** Splits a README command (plain words, no quoting) into env assignments and deno's args. */
export function parseCommand(line: string): ParsedCommand {
  const words = line.split(/\s+/).filter((w) => w.length > 0);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [k, ...v] = words.shift()!.split("=");
    env[k!] = v.join("=");
  }
  if (words.shift() !== "deno") throw new Error(`not a deno command: ${line}`);
  return { env, args: words };
}

/** The value of `--flag=a,b` in a command's args, as a list. */
export function flagList(args: readonly string[], flag: string): string[] {
  const w = args.find((a) => a.startsWith(`${flag}=`));
  return w ? w.slice(flag.length + 1).split(",") : [];
}

/** What a production-path child needs besides the operator's own variables. */
export function proxyEnv(sim: Simulator): Record<string, string> {
  if (!sim.info.proxy) throw new Error("simulator has no TLS front");
  return { HTTPS_PROXY: sim.info.proxy, DENO_CERT: TEST_CA_PATH, NO_PROXY: "" };
}

/** Credentials of account `index` of each venue, under the documented names; no base URL. */
export function productionCredentials(
  sim: Simulator,
  venues: readonly ("okx" | "bybit" | "bitget" | "p99")[] = ["okx", "bybit", "bitget", "p99"],
  p99Auth: "jwt" | "hmac" = "jwt",
  index = 0,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of venues) {
    const a = sim.info[v].accounts[index];
    if (!a) throw new Error(`no ${v} account ${index}`);
    if (v === "okx") {
      Object.assign(env, {
        OKX_API_KEY: a.apiKey,
        OKX_API_SECRET: a.secret,
        OKX_API_PASSPHRASE: a.passphrase ?? "",
      });
    } else if (v === "bybit") {
      Object.assign(env, { BYBIT_API_KEY: a.apiKey, BYBIT_API_SECRET: a.secret });
    } else if (v === "bitget") {
      Object.assign(env, {
        BITGET_API_KEY: a.apiKey,
        BITGET_API_SECRET: a.secret,
        BITGET_API_PASSPHRASE: a.passphrase ?? "",
      });
    } else if (p99Auth === "jwt") {
      env.P99_JWT = a.jwt ?? "";
    } else {
      Object.assign(env, { P99_API_KEY: a.apiKey, P99_API_SECRET: a.secret });
    }
  }
  return env;
}

/**
 * Runs `deno <args>` from the repository root with exactly `env` (plus PATH, HOME, DENO_DIR),
 * no terminal. Where the machine allows it (root, `unshare`), the child gets a private mount
 * namespace whose /etc/hosts maps the venues' names to loopback, so Deno's resolver (which it
 * consults even through a proxy) never waits on names it cannot answer; nothing else changes.
 */
export async function runDeno(
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<ScriptResult> {
  const base: Record<string, string> = { NO_COLOR: "1" };
  for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) base[k] = v;
  }
  const hosts = await privateHosts();
  const [command, argv] = hosts
    ? [
      "unshare",
      ["-m", "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"', hosts, Deno.execPath()],
    ]
    : [Deno.execPath(), []];
  const out = await new Deno.Command(command, {
    args: [...argv, ...args],
    env: { ...base, ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    cwd: options.cwd ?? ROOT_PATH,
  }).output();
  return collect(out);
}

/** Runs a README command (parsed) with `extra` words appended and `env` added to its own. */
export function runCommand(
  command: ParsedCommand,
  env: Record<string, string>,
  extra: readonly string[] = [],
): Promise<ScriptResult> {
  return runDeno([...command.args, ...extra], { ...command.env, ...env });
}

let hostsFile: Promise<string | undefined> | undefined;

/** A hosts file for the child's private namespace, or undefined where that is not possible. */
function privateHosts(): Promise<string | undefined> {
  hostsFile ??= (async () => {
    if (Deno.build.os !== "linux") return undefined;
    try {
      const probe = await new Deno.Command("unshare", {
        args: ["-m", "sh", "-c", "mount --bind /etc/hosts /etc/hosts"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (!probe.success) return undefined;
      const { SIM_HOSTS } = await import("../sim/hosts.ts");
      const current = await Deno.readTextFile("/etc/hosts").catch(() => "");
      const path = await Deno.makeTempFile({ prefix: "killswitch-hosts-" });
      await Deno.writeTextFile(
        path,
        `${current}\n127.0.0.1 ${Object.keys(SIM_HOSTS).join(" ")}\n`,
      );
      return path;
    } catch {
      return undefined;
    }
  })();
  return hostsFile;
}

/** The hosts the simulator saw requests for (TLS and plain). */
export function hostsSeen(sim: Simulator): string[] {
  return [...sim.hosts.counts.keys()].sort();
}

/** The tunnels the front was asked for, as `host:port`, unique, sorted. */
export function tunnelsAsked(sim: Simulator): string[] {
  return [...new Set((sim.front?.tunnels ?? []).map((t) => t.target))].sort();
}
