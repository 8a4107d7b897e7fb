// Which venue accounts a script run covers: from the documented environment variables, or
// from an accounts file that names environment variables (never the secrets themselves).
// The pieces live in account_spec.ts, env_accounts.ts and accounts_file.ts; this module is
// the one the scripts load (lazily: the accounts file needs zod).

import { type VenueId, VENUES } from "../../venues/types.ts";
import { BASE_URL_ENV, ENV_NAMES } from "./env_names.ts";
import { UsageError } from "./errors.ts";

export { BASE_URL_ENV, ENV_NAMES };
export {
  type AccountSpec,
  type AccountSpecOf,
  checkJwt,
  type EnvironmentChoice,
  IncompleteAccountError,
  type VenueCredentials,
} from "./account_spec.ts";
export { accountFromEnv, venueConfigured } from "./env_accounts.ts";
export { accountsFromFile, MAX_ACCOUNTS_FILE_BYTES, readAccountsFile } from "./accounts_file.ts";

/** Parses a `--venues` list. */
export function parseVenues(values: readonly string[]): VenueId[] {
  for (const v of values) {
    if (!(VENUES as readonly string[]).includes(v)) {
      throw new UsageError(`--venues "${v}" is not one of ${VENUES.join(", ")}`);
    }
  }
  return values as VenueId[];
}
