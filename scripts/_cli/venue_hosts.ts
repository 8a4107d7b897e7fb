// The documented host an account uses for an environment choice: the one mapping from the
// scripts' choices (region, environment, demo) to each venue's hosts.ts table, used wherever the
// scripts need a host before a client exists (the warm-up, accounts that cannot run).

import { BITGET_HOSTS } from "../../venues/bitget/hosts.ts";
import { BYBIT_HOSTS } from "../../venues/bybit/hosts.ts";
import type { VenueHost } from "../../venues/endpoint.ts";
import { okxHost } from "../../venues/okx/hosts.ts";
import { P99_DEFAULT_ENVIRONMENT, P99_HOSTS } from "../../venues/p99/hosts.ts";
import type { VenueId } from "../../venues/types.ts";
import type { EnvironmentChoice } from "./config.ts";

/** The documented host of `venue` for `choice`. */
export function documentedHost(venue: VenueId, choice: EnvironmentChoice): VenueHost {
  switch (venue) {
    case "okx":
      return okxHost(choice.okxRegion, choice.okxDemo);
    case "bybit":
      return BYBIT_HOSTS[choice.bybitEnv];
    case "bitget":
      return BITGET_HOSTS[choice.bitgetDemo ? "demo" : "live"];
    case "p99":
      return P99_HOSTS[P99_DEFAULT_ENVIRONMENT];
  }
}
