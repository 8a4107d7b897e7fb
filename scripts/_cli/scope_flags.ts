// cancel_all_everywhere's flags turned into what the run needs: the Scope (--venues, --symbols,
// --base-coin, the venue refinements...) and the venues' environment choice (--okx-region,
// --bybit-env, --bitget-demo...). Imported statically: no client, no npm dependency.

import { okxScope } from "../../venues/okx/scope.ts";
import { p99Scope } from "../../venues/p99/scope.ts";
import { bybitScope } from "../../venues/bybit/scope.ts";
import { bitgetScope } from "../../venues/bitget/scope.ts";
import { Scope } from "../../engine/scope.ts";
import type { OrderKind } from "../../engine/types.ts";
import type { BitgetProductType } from "../../venues/bitget/product_types.ts";
import type { BybitCategory } from "../../venues/bybit/categories.ts";
import { BITGET_PRODUCT_TYPES } from "../../venues/bitget/product_types.ts";
import { BITGET_UTA_CATEGORIES } from "../../venues/bitget/uta_categories.ts";
import { BYBIT_CATEGORIES } from "../../venues/bybit/categories.ts";
import {
  BITGET_ACCOUNT_MODES,
  type BitgetUtaCategory,
} from "../../venues/bitget/uta_categories.ts";
import { BYBIT_ENVIRONMENTS } from "../../venues/bybit/hosts.ts";
import { OKX_REGIONS } from "../../venues/okx/hosts.ts";
import { type VenueId, VENUES } from "../../venues/types.ts";
import { oneOf, type ParsedFlags } from "./args.ts";
import type { EnvironmentChoice } from "./config.ts";
import { UsageError } from "./errors.ts";

/** The venues' environment choice from the flags (--okx-region, --bybit-env, ...). */
export function environment(flags: ParsedFlags): EnvironmentChoice {
  const region = flags.strings.get("okx-region") ?? "global";
  const [okxRegion] = oneOf("okx-region", [region], OKX_REGIONS);
  const bybitEnvName = flags.strings.get("bybit-env") ?? "mainnet";
  const [bybitEnv] = oneOf("bybit-env", [bybitEnvName], BYBIT_ENVIRONMENTS);
  return {
    okxRegion: okxRegion ?? "global",
    okxDemo: flags.booleans.has("okx-demo"),
    bybitEnv: bybitEnv ?? "mainnet",
    bitgetDemo: flags.booleans.has("bitget-demo"),
    bitgetMode:
      oneOf("bitget-mode", [flags.strings.get("bitget-mode") ?? "auto"], BITGET_ACCOUNT_MODES)[0],
  };
}

/** The scope the flags select: venues, accounts, kinds, symbols, coins, venue refinements. */
export function buildScope(flags: ParsedFlags, venues: VenueId[] | undefined): Scope {
  let s = Scope.all();
  const list = (name: string) => flags.lists.get(name);
  const nonEmpty = <T>(xs: T[]) => xs as [T, ...T[]];
  if (venues) s = s.venues(...nonEmpty(venues));
  const labels = list("account");
  if (labels) s = s.accounts(...nonEmpty([...labels]));
  const kinds = list("kinds");
  if (kinds) s = s.kinds(...nonEmpty(oneOf<OrderKind>("kinds", kinds, ["regular", "conditional"])));
  const symbols = list("symbols");
  if (symbols) s = s.symbols(...nonEmpty([...symbols]));
  const base = list("base-coin");
  if (base) s = s.baseCoins(...coins("base-coin", base));
  const settle = list("settle-coin");
  if (settle) s = s.settleCoins(...coins("settle-coin", settle));
  const sprd = list("okx-sprd-id");
  if (sprd) s = s.refine(okxScope({ sprdIds: nonEmpty([...sprd]) }));
  const categories = list("bybit-category");
  const filter = flags.strings.get("bybit-order-filter");
  if (categories || filter) {
    const r: { categories?: [BybitCategory, ...BybitCategory[]]; orderFilter?: string } = {};
    if (categories) r.categories = nonEmpty(oneOf("bybit-category", categories, BYBIT_CATEGORIES));
    if (filter) r.orderFilter = filter;
    s = s.refine(bybitScope(r));
  }
  const products = list("bitget-product-type");
  const margins = list("bitget-margin-coin");
  const bitgetCategories = list("bitget-category");
  if (products || margins || bitgetCategories) {
    const r: {
      productTypes?: [BitgetProductType, ...BitgetProductType[]];
      marginCoins?: [string, ...string[]];
      categories?: [BitgetUtaCategory, ...BitgetUtaCategory[]];
    } = {};
    if (bitgetCategories) {
      r.categories = nonEmpty(oneOf("bitget-category", bitgetCategories, BITGET_UTA_CATEGORIES));
    }
    if (products) {
      r.productTypes = nonEmpty(oneOf("bitget-product-type", products, BITGET_PRODUCT_TYPES));
    }
    if (margins) r.marginCoins = coins("bitget-margin-coin", margins);
    s = s.refine(bitgetScope(r));
  }
  const p99 = list("p99-symbol");
  if (p99) s = s.refine(p99Scope({ symbols: nonEmpty([...p99]) }));
  return s;
}

/** Parses a `--venues` list (cancel_all_everywhere's wording of the error). */
export function parseVenues(values: readonly string[]): VenueId[] {
  return oneOf("venues", values, VENUES);
}

function coins(flag: string, values: readonly string[]): [string, ...string[]] {
  for (const v of values) {
    if (!/^[A-Z0-9]{1,20}$/.test(v)) {
      throw new UsageError(`--${flag} "${v}" must be an uppercase coin code like BTC or USDT`);
    }
  }
  return values as [string, ...string[]];
}
