// The default account of each venue, from the documented environment variables
// (OKX_API_KEY, BYBIT_API_KEY, P99_JWT...). Re-exported by config.ts.

import { Secret } from "../../venues/secret.ts";
import type { VenueId } from "../../venues/types.ts";
import {
  type AccountSpec,
  type AccountSpecOf,
  checkJwt,
  type EnvironmentChoice,
  incomplete,
  resolveBaseUrl,
} from "./account_spec.ts";
import { BASE_URL_ENV, ENV_NAMES } from "./env_names.ts";
import { readEnv, requireEnv } from "./env.ts";
import { UsageError } from "./errors.ts";

/** Whether the default account of `venue` has credentials in the (readable) environment. */
export function venueConfigured(venue: VenueId): boolean {
  const key = venue === "p99" ? ["P99_JWT", "P99_API_KEY"] : [ENV_NAMES[venue][0] ?? ""];
  return key.some((name) => readEnv(name).state === "set");
}

/** The default account of `venue` from the documented variables. */
export function accountFromEnv<V extends VenueId>(
  venue: V,
  env: EnvironmentChoice,
): AccountSpecOf<V> {
  const base = resolveBaseUrl(BASE_URL_ENV[venue]);
  try {
    // defaultAccount builds the spec of the venue it is given.
    return defaultAccount(venue, env, base) as AccountSpecOf<V>;
  } catch (error) {
    throw incomplete(error, venue, "default", env, base.baseUrl, [
      ...ENV_NAMES[venue],
      ...base.envNames,
    ]);
  }
}

function defaultAccount(
  venue: VenueId,
  env: EnvironmentChoice,
  base: { baseUrl?: string; baseUrlSource?: string; envNames: string[] },
): AccountSpec {
  const why = `for ${venue}`;
  if (venue === "p99") {
    const jwt = readEnv("P99_JWT");
    const key = readEnv("P99_API_KEY");
    if (jwt.state === "set" && key.state === "set") {
      throw new UsageError("set either P99_JWT or P99_API_KEY with P99_API_SECRET, not both");
    }
    if (jwt.state === "set") {
      const token = requireEnv("P99_JWT", why);
      checkJwt(token, "P99_JWT");
      return {
        venue,
        label: "default",
        ...base,
        credentials: { jwt: new Secret(token) },
        env,
        envNames: ["P99_JWT", ...base.envNames],
      };
    }
    return {
      venue,
      label: "default",
      ...base,
      credentials: {
        apiKey: new Secret(requireEnv("P99_API_KEY", why)),
        secret: new Secret(requireEnv("P99_API_SECRET", why)),
      },
      env,
      envNames: ["P99_API_KEY", "P99_API_SECRET", ...base.envNames],
    };
  }
  const [keyName, secretName, passName] = ENV_NAMES[venue];
  const read = (name: string | undefined) => new Secret(requireEnv(name ?? "", why));
  const common = {
    label: "default",
    ...base,
    env,
    envNames: [...ENV_NAMES[venue], ...base.envNames],
  };
  if (venue === "bybit") {
    return { venue, ...common, credentials: { apiKey: read(keyName), secret: read(secretName) } };
  }
  return {
    venue,
    ...common,
    credentials: { apiKey: read(keyName), secret: read(secretName), passphrase: read(passName) },
  };
}
