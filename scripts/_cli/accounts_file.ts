// Accounts from an accounts file: its schema, its entries resolved (the file names environment
// variables, never the secrets themselves), and the bounded read of the file. Re-exported by
// config.ts; loaded lazily with it (zod is an npm dependency).

import { z } from "npm:zod@4";
import { BITGET_ACCOUNT_MODES } from "../../venues/bitget/uta_categories.ts";
import { BYBIT_ENVIRONMENTS, type BybitEnvironment } from "../../venues/bybit/hosts.ts";
import { OKX_REGIONS, type OkxRegion } from "../../venues/okx/hosts.ts";
import { Secret } from "../../venues/secret.ts";
import { type VenueId, VENUES } from "../../venues/types.ts";
import {
  type AccountSpec,
  checkJwt,
  type EnvironmentChoice,
  incomplete,
  IncompleteAccountError,
  resolveBaseUrl,
} from "./account_spec.ts";
import { requireEnv } from "./env.ts";
import { UsageError } from "./errors.ts";
import { findDuplicateKey } from "./json_keys.ts";

const envVar = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

const AccountEntry = z.strictObject({
  venue: z.enum(VENUES as [VenueId, ...VenueId[]]),
  label: z.string().regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    "must be 1-64 letters, digits, . _ -",
  ),
  apiKeyEnv: envVar.optional(),
  secretEnv: envVar.optional(),
  passphraseEnv: envVar.optional(),
  jwtEnv: envVar.optional(),
  baseUrl: z.string().optional(),
  baseUrlEnv: envVar.optional(),
  okxRegion: z.enum(OKX_REGIONS as [OkxRegion, ...OkxRegion[]]).optional(),
  demo: z.boolean().optional(),
  bybitEnv: z.enum(BYBIT_ENVIRONMENTS as [BybitEnvironment, ...BybitEnvironment[]]).optional(),
  // Bitget only: classic (v2), uta (unified trading account, v3) or auto (the default).
  bitgetMode: z.enum(BITGET_ACCOUNT_MODES).optional(),
});

const AccountsFile = z.strictObject({
  version: z.literal(1).optional(),
  accounts: z.array(AccountEntry).min(1, "must list at least one account"),
});

/**
 * Parses and resolves an accounts file's text. Errors name the file, entry and field. With
 * `incomplete`, an account whose variable is not set is collected there instead of thrown.
 */
export function accountsFromFile(
  text: string,
  path: string,
  defaults: EnvironmentChoice,
  selected: (venue: VenueId, label: string) => boolean = () => true,
  incompleteAccounts?: IncompleteAccountError[],
): AccountSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`accounts file ${path} is not valid JSON`);
  }
  // JSON.parse keeps the last of two equal keys: two "accounts" arrays would lose one.
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw new UsageError(
      `accounts file ${path}: ${duplicate.path}: duplicate key "${duplicate.key}"`,
    );
  }
  const parsed = AccountsFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(top level)";
    const what = issue?.code === "unrecognized_keys"
      ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : issue?.message ?? "invalid";
    throw new UsageError(`accounts file ${path}: ${where}: ${what}`);
  }
  const seen = new Set<string>();
  for (const entry of parsed.data.accounts) {
    const key = `${entry.venue}/${entry.label}`;
    if (seen.has(key)) {
      throw new UsageError(`accounts file ${path}: ${key}: label used twice for ${entry.venue}`);
    }
    seen.add(key);
  }
  // Only the selected accounts' variables are read, so --allow-env can name just those.
  const entries = parsed.data.accounts.map((entry, i) => ({ entry, i }))
    .filter(({ entry }) => selected(entry.venue, entry.label));
  const specs: AccountSpec[] = [];
  for (const { entry, i } of entries) {
    try {
      specs.push(entrySpec(entry, i, path, defaults));
    } catch (error) {
      const names = [entry.apiKeyEnv, entry.secretEnv, entry.passphraseEnv, entry.jwtEnv]
        .filter((n): n is string => n !== undefined);
      const wrapped = incomplete(
        error,
        entry.venue,
        entry.label,
        entryEnv(entry, defaults),
        entry.baseUrl,
        entry.baseUrlEnv ? [...names, entry.baseUrlEnv] : names,
      );
      if (incompleteAccounts && wrapped instanceof IncompleteAccountError) {
        incompleteAccounts.push(wrapped);
      } else {
        throw wrapped;
      }
    }
  }
  return specs;
}

/** An entry's environment choice: its own fields over the flags' defaults. */
function entryEnv(
  entry: z.output<typeof AccountEntry>,
  defaults: EnvironmentChoice,
): EnvironmentChoice {
  return {
    okxRegion: entry.okxRegion ?? defaults.okxRegion,
    okxDemo: entry.venue === "okx" ? entry.demo ?? defaults.okxDemo : defaults.okxDemo,
    bybitEnv: entry.bybitEnv ?? defaults.bybitEnv,
    bitgetDemo: entry.venue === "bitget" ? entry.demo ?? defaults.bitgetDemo : defaults.bitgetDemo,
    bitgetMode: entry.bitgetMode ?? defaults.bitgetMode,
  };
}

/** One entry of an accounts file, resolved. */
function entrySpec(
  entry: z.output<typeof AccountEntry>,
  i: number,
  path: string,
  defaults: EnvironmentChoice,
): AccountSpec {
  {
    const where = `accounts file ${path}: accounts.${i} (${entry.venue}/${entry.label})`;
    const env = entryEnv(entry, defaults);
    if (entry.bitgetMode !== undefined && entry.venue !== "bitget") {
      throw new UsageError(`${where}: bitgetMode is only for bitget`);
    }
    // A setting for another venue would be ignored, and the account would go to a host the
    // operator did not mean (a Bybit entry with "demo": true would trade on mainnet).
    if (entry.okxRegion !== undefined && entry.venue !== "okx") {
      throw new UsageError(`${where}: okxRegion is only for okx`);
    }
    if (entry.bybitEnv !== undefined && entry.venue !== "bybit") {
      throw new UsageError(`${where}: bybitEnv is only for bybit`);
    }
    if (entry.demo !== undefined && entry.venue !== "okx" && entry.venue !== "bitget") {
      throw new UsageError(
        `${where}: demo is only for okx and bitget (bybit: "bybitEnv": "demo")`,
      );
    }
    if (entry.baseUrl !== undefined && entry.baseUrlEnv !== undefined) {
      throw new UsageError(`${where}: give baseUrl or baseUrlEnv, not both`);
    }
    const base = resolveBaseUrl(entry.baseUrlEnv, entry.baseUrl);
    if (entry.baseUrlEnv !== undefined && base.baseUrlSource !== entry.baseUrlEnv) {
      requireEnv(entry.baseUrlEnv, `by ${where}`);
    }
    const need = (field: string, name: string | undefined): Secret => {
      if (name === undefined) {
        throw new UsageError(`${where}: ${field} is required for ${entry.venue}`);
      }
      return new Secret(requireEnv(name, `by ${where}`));
    };
    const names = [entry.apiKeyEnv, entry.secretEnv, entry.passphraseEnv, entry.jwtEnv]
      .filter((n): n is string => n !== undefined);
    const common = {
      label: entry.label,
      ...base,
      env,
      envNames: [...names, ...base.envNames],
    };
    switch (entry.venue) {
      case "okx":
      case "bitget": {
        if (entry.jwtEnv) throw new UsageError(`${where}: jwtEnv is only for p99`);
        const credentials = {
          apiKey: need("apiKeyEnv", entry.apiKeyEnv),
          secret: need("secretEnv", entry.secretEnv),
          passphrase: need("passphraseEnv", entry.passphraseEnv),
        };
        return { venue: entry.venue, ...common, credentials };
      }
      case "bybit":
        if (entry.jwtEnv || entry.passphraseEnv) {
          throw new UsageError(`${where}: bybit takes apiKeyEnv and secretEnv only`);
        }
        return {
          venue: entry.venue,
          ...common,
          credentials: {
            apiKey: need("apiKeyEnv", entry.apiKeyEnv),
            secret: need("secretEnv", entry.secretEnv),
          },
        };
      case "p99": {
        if (entry.passphraseEnv) throw new UsageError(`${where}: p99 has no passphrase`);
        if (entry.jwtEnv && (entry.apiKeyEnv || entry.secretEnv)) {
          throw new UsageError(`${where}: give jwtEnv or apiKeyEnv+secretEnv, not both`);
        }
        if (entry.jwtEnv) {
          const jwt = need("jwtEnv", entry.jwtEnv);
          checkJwt(jwt.reveal(), entry.jwtEnv);
          return { venue: entry.venue, ...common, credentials: { jwt } };
        }
        return {
          venue: entry.venue,
          ...common,
          credentials: {
            apiKey: need("apiKeyEnv", entry.apiKeyEnv),
            secret: need("secretEnv", entry.secretEnv),
          },
        };
      }
    }
  }
}

/** Largest accounts file read: a real one is a few KiB. */
export const MAX_ACCOUNTS_FILE_BYTES = 1024 * 1024;

/**
 * Reads an accounts file, bounded in size and time: only a regular file (not /dev/zero, a
 * FIFO or a terminal), at most {@linkcode MAX_ACCOUNTS_FILE_BYTES}, within `timeoutMs`.
 * Every failure is a UsageError (exit 2).
 */
export async function readAccountsFile(path: string, timeoutMs: number): Promise<string> {
  const unreadable = (why: string) => new UsageError(`cannot read accounts file ${path}: ${why}`);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw unreadable("it does not exist or is not readable");
  }
  // A FIFO would block the open, a device would never end: only regular files are read.
  if (!info.isFile) throw unreadable("not a regular file");
  const tooLarge = () => unreadable(`larger than ${MAX_ACCOUNTS_FILE_BYTES} bytes`);
  if (info.size > MAX_ACCOUNTS_FILE_BYTES) throw tooLarge();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let file: Deno.FsFile | undefined;
  let timedOut = false;
  const read = async (): Promise<string> => {
    try {
      file = await Deno.open(path, { read: true });
    } catch {
      throw unreadable("it does not exist or is not readable");
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const buffer = new Uint8Array(64 * 1024);
    while (!timedOut) {
      const n = await file.read(buffer);
      if (n === null) break;
      size += n;
      if (size > MAX_ACCOUNTS_FILE_BYTES) throw tooLarge();
      chunks.push(buffer.slice(0, n));
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw unreadable("not UTF-8 text");
    }
  };
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(unreadable(`no answer within ${Math.round(timeoutMs)} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([read(), timeout]);
  } finally {
    clearTimeout(timer);
    try {
      file?.close();
    } catch {
      // Already closed.
    }
  }
}
