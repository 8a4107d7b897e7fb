// Runs the operator scripts as subprocesses, the way users do: `deno run --no-prompt` with
// exactly the listed --allow-net hosts and --allow-env variables, a clean environment, and
// no terminal. Every output is kept so the secrets suite can scan all of it.

import type { Simulator } from "../sim/mod.ts";

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  /** Variables the child sees (and, unless allowEnv is given, may read). */
  env?: Record<string, string>;
  /** `--allow-env=` list; default the keys of env. `[]` gives no --allow-env at all. */
  allowEnv?: string[];
  /** `--allow-net=` list; `[]` gives no --allow-net. */
  allowNet?: string[];
  /** Extra deno flags (e.g. --allow-read=FILE). */
  denoFlags?: string[];
  /** Script path or URL; default the file in scripts/. */
  scriptUrl?: string;
  /** Working directory. */
  cwd?: string;
}

/**
 * An origin that refuses connections. Port 2 on loopback (below the ephemeral range, not on the
 * fetch spec's blocked list): nothing listens there, and unlike a
 * freshly closed ephemeral port, no other test file running in parallel can be given it (a
 * reused port sent one test's requests to another's simulator).
 */
export const REFUSED_ORIGIN = "http://127.0.0.1:2";

/** Every output produced by any script run in this process, for the leak scan. */
export const ALL_OUTPUT: string[] = [];

export async function runScript(
  name: "cancel_all_everywhere" | "cancel_spread",
  args: string[],
  options: ScriptOptions = {},
): Promise<ScriptResult> {
  const env = options.env ?? {};
  const allowEnv = options.allowEnv ?? Object.keys(env);
  const flags = ["run", "--no-prompt"];
  if (options.allowNet && options.allowNet.length) {
    flags.push(`--allow-net=${options.allowNet.join(",")}`);
  }
  if (allowEnv.length) flags.push(`--allow-env=${allowEnv.join(",")}`);
  flags.push(...(options.denoFlags ?? []));
  const script = options.scriptUrl ?? new URL(`../scripts/${name}.ts`, import.meta.url).href;
  const base: Record<string, string> = { NO_COLOR: "1" };
  for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) base[k] = v;
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...flags, script, ...args],
    env: { ...base, ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...(options.cwd ? { cwd: options.cwd } : {}),
  }).output();
  return collect(out);
}

/** Decodes a finished child's output and keeps it for the leak scan. */
export function collect(out: Deno.CommandOutput): ScriptResult {
  const result = {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
  ALL_OUTPUT.push(result.stdout, result.stderr);
  return result;
}

/** The documented environment for account 0 of each venue of a running simulator. */
export function simEnv(
  sim: Simulator,
  venues: readonly ("okx" | "bybit" | "bitget" | "p99")[] = ["okx", "bybit", "bitget", "p99"],
  p99Auth: "jwt" | "hmac" = "jwt",
): Record<string, string> {
  const env: Record<string, string> = {};
  const i = sim.info;
  for (const v of venues) {
    const a = i[v].accounts[0];
    if (!a) throw new Error(`no ${v} account`);
    if (v === "okx") {
      Object.assign(env, {
        OKX_API_KEY: a.apiKey,
        OKX_API_SECRET: a.secret,
        OKX_API_PASSPHRASE: a.passphrase ?? "",
        OKX_BASE_URL: i.okx.baseUrl,
      });
    } else if (v === "bybit") {
      Object.assign(env, {
        BYBIT_API_KEY: a.apiKey,
        BYBIT_API_SECRET: a.secret,
        BYBIT_BASE_URL: i.bybit.baseUrl,
      });
    } else if (v === "bitget") {
      Object.assign(env, {
        BITGET_API_KEY: a.apiKey,
        BITGET_API_SECRET: a.secret,
        BITGET_API_PASSPHRASE: a.passphrase ?? "",
        BITGET_BASE_URL: i.bitget.baseUrl,
      });
    } else if (p99Auth === "jwt") {
      Object.assign(env, { P99_JWT: a.jwt ?? "", P99_BASE_URL: i.p99.baseUrl });
    } else {
      Object.assign(env, {
        P99_API_KEY: a.apiKey,
        P99_API_SECRET: a.secret,
        P99_BASE_URL: i.p99.baseUrl,
      });
    }
  }
  return env;
}

/** `host:port` of the simulator, what --allow-net names. */
export function simHost(sim: Simulator): string {
  return new URL(sim.origin).host;
}

/** Every credential string of the simulator's accounts. */
export function simSecrets(sim: Simulator): string[] {
  const out: string[] = [];
  for (const v of ["okx", "bybit", "bitget", "p99"] as const) {
    for (const a of sim.info[v].accounts) {
      out.push(a.apiKey, a.secret);
      if (a.passphrase) out.push(a.passphrase);
      if (a.jwt) out.push(a.jwt);
    }
  }
  return out;
}
