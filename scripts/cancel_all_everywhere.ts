#!/usr/bin/env -S deno run --no-prompt --allow-net=www.okx.com,api.bybit.com,api.bitget.com,api-sepolia.p99.world --allow-env=OKX_API_KEY,OKX_API_SECRET,OKX_API_PASSPHRASE,BYBIT_API_KEY,BYBIT_API_SECRET,BITGET_API_KEY,BITGET_API_SECRET,BITGET_API_PASSPHRASE,P99_API_KEY,P99_API_SECRET,P99_JWT
/**
 * Cancel every open order in scope on every configured venue account, then verify by
 * reading the books back. Exit 0 only when every account in scope is seen flat; 1 when any
 * is not (or could not be verified); 2 on a usage error, having sent nothing.
 *
 * Credentials come from the environment (`OKX_API_KEY`, `BYBIT_API_KEY`, ...; see
 * `--help`) or an accounts file that names environment variables.
 *
 * @example Dry run
 * ```sh
 * deno run --no-prompt --allow-env=BYBIT_API_KEY,BYBIT_API_SECRET \
 *   scripts/cancel_all_everywhere.ts --dry-run
 * ```
 *
 * @module
 */

import { VENUES } from "../venues/types.ts";
import {
  type FlagSpec,
  formatHelp,
  MODE_FLAGS,
  parseDeadline,
  parseFlags,
  passthrough,
} from "./_cli/args.ts";
import { errLine, outText } from "./_cli/output.ts";
import { permissionLine, scriptRef } from "./_cli/permissions.ts";
import { BASE_URL_ENV, ENV_NAMES } from "./_cli/env_names.ts";
import { loadAccounts } from "./_cli/load_accounts.ts";
import { DependencyError, loadModules, runMain } from "./_cli/main.ts";
import { buildScope, environment, parseVenues } from "./_cli/scope_flags.ts";
import { createWarmup, warmConnections, warmPlan } from "./_cli/warm.ts";

const FLAGS: Record<string, FlagSpec> = {
  "venues": {
    type: "string",
    list: true,
    value: "LIST",
    help: "only these venues (okx,bybit,bitget,p99)",
  },
  "account": { type: "string", list: true, value: "LABELS", help: "only these account labels" },
  "accounts-file": {
    type: "string",
    value: "PATH",
    help: "JSON file of accounts naming env variables",
  },
  "symbols": { type: "string", list: true, value: "LIST", help: "only these venue symbols" },
  "base-coin": {
    type: "string",
    list: true,
    value: "COINS",
    help: "only these base coins (uppercase)",
  },
  "settle-coin": {
    type: "string",
    list: true,
    value: "COINS",
    help: "only these settle coins (uppercase)",
  },
  "kinds": {
    type: "string",
    list: true,
    value: "KINDS",
    help: "regular,conditional (default both)",
  },
  "okx-sprd-id": { type: "string", list: true, value: "IDS", help: "OKX: only these spread ids" },
  "bybit-category": {
    type: "string",
    list: true,
    value: "LIST",
    help: "Bybit: spot,linear,inverse,option",
  },
  "bybit-order-filter": { type: "string", value: "FILTER", help: "Bybit: native orderFilter" },
  "bitget-product-type": {
    type: "string",
    list: true,
    value: "LIST",
    help: "Bitget: USDT-FUTURES,...",
  },
  "bitget-margin-coin": {
    type: "string",
    list: true,
    value: "COINS",
    help: "Bitget: margin coins",
  },
  "p99-symbol": { type: "string", list: true, value: "LIST", help: "p99: only these markets" },
  "okx-region": {
    type: "string",
    value: "REGION",
    help: "OKX site: global (www.okx.com, default), openapi (openapi.okx.com), eea, us",
  },
  "okx-demo": { type: "boolean", help: "OKX demo trading (x-simulated-trading: 1)" },
  "bybit-env": {
    type: "string",
    value: "ENV",
    help: "Bybit host: mainnet (default), testnet, demo, nl, ...",
  },
  "bitget-demo": { type: "boolean", help: "Bitget demo trading (paptrading: 1)" },
  "bitget-mode": {
    type: "string",
    value: "MODE",
    help:
      "Bitget account mode: auto (default: learned from the first answers), classic (v2), uta (v3)",
  },
  "bitget-category": {
    type: "string",
    list: true,
    value: "LIST",
    help: "Bitget unified accounts: SPOT,MARGIN,USDT-FUTURES,COIN-FUTURES,USDC-FUTURES",
  },
  "doctor": {
    type: "boolean",
    help: "read-only preflight: hosts, reachability, clock, credentials, orders in scope",
  },
  ...MODE_FLAGS,
};

const USAGE =
  `cancel_all_everywhere: cancel every open order in scope on every configured venue account,
then verify by listing until each account is seen flat.

Usage: deno run --no-prompt --allow-net=HOSTS --allow-env=VARS cancel_all_everywhere.ts [flags]

Credentials (environment): ${VENUES.map((v) => ENV_NAMES[v].join(" ")).join("; ")}
(p99: key and secret, or the JWT). Base URL overrides: ${
    VENUES.map((v) => BASE_URL_ENV[v]).join(" ")
  }.
Load a .env file with deno run --env-file=.env.

Flags:
${formatHelp(FLAGS)}

Exit codes: 0 every account in scope verified flat; 1 not flat or not verified; 2 usage error
(nothing sent).`;

/**
 * Runs the script with `args`; resolves with the exit code.
 *
 * @example Print the permissions for the current environment
 * ```ts
 * import { main } from "./cancel_all_everywhere.ts";
 * const code = await main(["--print-permissions"]);
 * ```
 */
export function main(args: readonly string[]): Promise<number> {
  return runMain(async () => {
    const flags = parseFlags(args, FLAGS);
    if (flags.booleans.has("help")) {
      outText(USAGE);
      return 0;
    }
    const env = environment(flags);
    const deadlineMs = parseDeadline(flags.strings.get("deadline"), 10);
    // The deadline covers configuration too: loading, the accounts file, the environment.
    const configStarted = performance.now();
    const venues = flags.lists.has("venues")
      ? parseVenues(flags.lists.get("venues") ?? [])
      : undefined;
    const scope = buildScope(flags, venues);
    // With the documented variables the hosts are known now: warm them while the program
    // loads. Otherwise (an accounts file, account labels still to check) once the accounts
    // are loaded, below.
    const when = warmPlan({
      yes: flags.booleans.has("yes"),
      sendsNothing: ["dry-run", "print-permissions", "doctor", "help"].some((f) =>
        flags.booleans.has(f)
      ),
      accountsFile: flags.strings.has("accounts-file"),
      accountLabels: flags.lists.has("account"),
      venues,
    });
    const warm = when === "none"
      ? undefined
      : when === "late"
      ? createWarmup()
      : warmConnections(env, venues);
    // Loaded only past --help: the clients and their schemas are most of the start-up time.
    // Started together, awaited where needed; a dependency missing from Deno's cache with no
    // registry to fetch it from fails here, before anything is sent.
    const loading = loadModules(() => ({
      config: import("./_cli/config.ts"),
      venues: import("./_cli/venues.ts"),
      run: import("./_cli/run.ts"),
      doctor: import("./_cli/doctor.ts"),
    }));
    if (flags.booleans.has("doctor")) {
      // For the doctor a missing dependency is a finding (exit 1), not a usage error.
      const missing = await Promise.all(Object.values(loading)).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (missing instanceof DependencyError) {
        outText(
          `doctor: dependencies NOT in Deno's cache (${missing.message})\n` +
            `  PROBLEM      an emergency run on this machine would fail before sending anything\n` +
            `  fix          deno cache ${
              scriptRef(import.meta.url)
            } (README: Before you need it)\n` +
            `DOCTOR: 1 problem(s), see above`,
        );
        return 1;
      }
    }
    const config = await loading.config;
    const { specs, readPaths, incomplete } = await loadAccounts(
      config,
      flags,
      env,
      venues,
      deadlineMs,
    );
    const envNames = [
      ...new Set([...specs.flatMap((s) => s.envNames), ...incomplete.flatMap((i) => i.envNames)]),
    ];
    const script = scriptRef(import.meta.url);
    const timeoutMs = Math.min(5000, Math.max(500, deadlineMs / 2));
    const { buildAccount } = await loading.venues;
    const built = specs.map((s) =>
      buildAccount(s, warm ? { timeoutMs, fetch: warm.fetch } : { timeoutMs })
    );
    const adapters = built.map((b) => b.adapter);
    // Every account's host, once: hundreds of accounts then share one connection per host.
    for (const b of built) warm?.start(b.adapter.venue, b.client.endpoint.baseUrl);
    const hosts = [
      ...new Set([
        ...adapters.filter((a) => scope.covers(a.venue, a.account)).map((a) => a.host),
        ...incomplete.filter((i) => scope.covers(i.venue, i.label)).map((i) => i.host),
      ]),
    ];
    if (flags.booleans.has("print-permissions")) {
      outText(permissionLine(script, hosts, envNames, readPaths, passthrough(flags)));
      // Stdout stays the exact line; where an account does not trade real money, say so.
      for (const { adapter, client } of built) {
        if (!scope.covers(adapter.venue, adapter.account)) continue;
        const e = client.endpoint;
        if (e.environment !== "production") {
          errLine(
            `note: ${adapter.venue}/${adapter.account} uses ${e.host}, ${e.label} (${e.environment})${
              adapter.venue === "p99" && e.environment === "testnet"
                ? ": p99 documents no production spot host; set P99_BASE_URL for one"
                : ""
            }`,
          );
        }
      }
      return 0;
    }
    if (flags.booleans.has("doctor")) {
      const { runDoctor } = await loading.doctor;
      return await runDoctor({
        scope,
        accounts: built,
        deadlineMs,
        json: flags.booleans.has("json"),
        command: permissionLine(script, hosts, envNames, readPaths, passthrough(flags)),
        incomplete: incomplete.filter((i) => scope.covers(i.venue, i.label)).map((i) => ({
          venue: i.venue,
          account: i.label,
          host: i.host,
          environment: i.environment,
          problem: i.message,
        })),
      });
    }
    const { planAndRun } = await loading.run;
    return await planAndRun({
      scope,
      adapters,
      deadlineMs,
      dryRun: flags.booleans.has("dry-run"),
      yes: flags.booleans.has("yes"),
      json: flags.booleans.has("json"),
      quiet: flags.booleans.has("quiet"),
      script,
      envNames,
      readPaths,
      extraArgs: passthrough(flags),
      configMs: performance.now() - configStarted,
      incomplete: incomplete.filter((i) => scope.covers(i.venue, i.label)).map((i) => ({
        venue: i.venue,
        account: i.label,
        host: i.host,
        environment: i.environment,
        problem: i.message,
      })),
    });
  });
}

if (import.meta.main) Deno.exit(await main(Deno.args));
