/**
 * p99's refinement of a scope: market ids (`symbols`, case-sensitive). The vocabulary is
 * p99's; the scope builder takes it through `Scope#refine` without knowing p99.
 *
 * @module
 */

import { narrowList, record, stringList } from "../../engine/refinement.ts";
import type { OpenOrder, Refinement, RefinementSpec } from "../../engine/types.ts";

/** p99 refinement of a scope clause. */
export interface P99Refinement {
  /** Markets in scope (`DFUSDT`), case-sensitive; unset = all. */
  readonly symbols?: readonly string[] | undefined;
}

/**
 * The p99 refinement spec. Entries are checked against p99's market grammar when an account
 * compiles the clause (`Cannot compile p99 scope: ...`).
 *
 * @example
 * ```ts
 * import { P99_REFINEMENT } from "./scope.ts";
 * P99_REFINEMENT.describe({ symbols: ["DFUSDT"] }); // ["p99 DFUSDT"]
 * ```
 */
export const P99_REFINEMENT: RefinementSpec<"p99", P99Refinement> = {
  venue: "p99",
  parse(value, where) {
    const r = record(value, where, ["symbols"]);
    const symbols = stringList(r.symbols, `${where}.symbols`);
    return symbols === undefined ? {} : { symbols };
  },
  narrow(current, next) {
    const symbols = narrowList("p99.symbols", current.symbols, next.symbols);
    return symbols === undefined ? {} : { symbols };
  },
  describe: (r) => r.symbols ? [`p99 ${r.symbols.join(", ")}`] : [],
  matches: (order: OpenOrder, r) => r.symbols === undefined || r.symbols.includes(order.symbol),
  nearSymbols: (r) => r.symbols ? { name: "p99 symbols", symbols: r.symbols } : undefined,
};

/**
 * A p99 refinement for `Scope#refine`.
 *
 * @example Only one market
 * ```ts
 * import { Scope } from "../../engine/scope.ts";
 * import { p99Scope } from "./scope.ts";
 * Scope.all().venues("p99").refine(p99Scope({ symbols: ["DFUSDT"] }));
 * ```
 */
export function p99Scope(value: P99Refinement): Refinement<"p99", P99Refinement> {
  return { spec: P99_REFINEMENT, value };
}
