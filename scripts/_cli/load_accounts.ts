// cancel_all_everywhere's accounts: read from the accounts file or the environment through the
// lazily loaded config module (passed in, so that this module imports it for types only).

import { type VenueId, VENUES } from "../../venues/types.ts";
import type { ParsedFlags } from "./args.ts";
import type { AccountSpec, EnvironmentChoice, IncompleteAccountError } from "./config.ts";
import { UsageError } from "./errors.ts";

/**
 * The accounts a run covers, from the accounts file (--accounts-file) or the documented
 * variables, filtered by --venues and --account; `config` is the lazily loaded config module.
 * Accounts missing a variable are returned apart (reported NOT FLAT), unless none can run.
 */
export async function loadAccounts(
  config: typeof import("./config.ts"),
  flags: ParsedFlags,
  env: EnvironmentChoice,
  venues: VenueId[] | undefined,
  deadlineMs: number,
): Promise<{ specs: AccountSpec[]; readPaths: string[]; incomplete: IncompleteAccountError[] }> {
  let specs: AccountSpec[];
  const readPaths: string[] = [];
  // Accounts whose credentials lack a variable: reported NOT FLAT while the others run.
  const incomplete: IncompleteAccountError[] = [];
  const file = flags.strings.get("accounts-file");
  if (file !== undefined) {
    if (Deno.permissions.querySync({ name: "read", path: file }).state !== "granted") {
      throw new UsageError(`cannot read accounts file ${file}: add --allow-read=${file}`);
    }
    const text = await config.readAccountsFile(file, Math.min(2000, deadlineMs / 2));
    readPaths.push(file);
    // The whole file is validated; only the selected accounts' variables are read.
    const labels = flags.lists.get("account");
    const selected = (venue: VenueId, label: string) =>
      (venues === undefined || venues.includes(venue)) &&
      (labels === undefined || labels.includes(label));
    specs = config.accountsFromFile(text, file, env, selected, incomplete);
    for (const v of venues ?? []) {
      if (!specs.some((s) => s.venue === v) && !incomplete.some((i) => i.venue === v)) {
        throw new UsageError(`--venues names ${v} but the accounts file has no ${v} account`);
      }
    }
  } else {
    const chosen = venues ?? VENUES.filter(config.venueConfigured);
    if (chosen.length === 0) {
      const names = VENUES.flatMap((v) => config.ENV_NAMES[v]);
      throw new UsageError(
        `no venue credentials found: set and allow (--allow-env) some of ${names.join(", ")}`,
      );
    }
    specs = [];
    for (const v of chosen) {
      try {
        specs.push(config.accountFromEnv(v, env));
      } catch (error) {
        // A venue named with --venues but without any credential stays a usage error.
        const named = venues !== undefined && !config.venueConfigured(v);
        if (error instanceof config.IncompleteAccountError && !named) incomplete.push(error);
        else throw error;
      }
    }
  }
  // No account can run: the first configuration problem is a usage error (exit 2).
  if (specs.length === 0 && incomplete[0]) throw incomplete[0];
  const labels = flags.lists.get("account");
  if (labels) {
    for (const l of labels) {
      if (!specs.some((s) => s.label === l) && !incomplete.some((i) => i.label === l)) {
        throw new UsageError(`--account ${l} matches no account`);
      }
    }
  }
  return { specs, readPaths, incomplete };
}
