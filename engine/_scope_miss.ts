// The scope-miss warning: a scope that matched nothing on an account whose listings showed
// orders just outside it (`--symbols BTCUSTD` with BTCUSDT orders open). Private.

import type { OpenOrder, RefinementSpec, ScopeClause } from "./types.ts";

/** Most distinct near values named in one warning. */
const NEAREST = 3;

/**
 * A warning for an account where the scope matched no order while `outside` (orders the same
 * listings returned, not covered by any clause) is not empty; undefined when there is none.
 *
 * @example A misspelled symbol
 * ```ts
 * import { scopeMissWarning } from "./_scope_miss.ts";
 * const order = { venue: "bitget", account: "default", id: "1", symbol: "BTCUSDT", kind: "regular", market: "USDT-FUTURES", status: "live" } as const;
 * scopeMissWarning([{ kinds: ["regular"], symbols: ["BTCUSTD"] }], [order]);
 * // 'the scope matched no order here, but 1 order(s) outside it are open; symbols BTCUSTD: nearest open BTCUSDT (1)'
 * ```
 */
export function scopeMissWarning(
  clauses: readonly ScopeClause[],
  outside: readonly OpenOrder[],
  spec?: RefinementSpec,
): string | undefined {
  if (outside.length === 0) return undefined;
  const filters: string[] = [];
  const near = (
    name: string,
    wanted: readonly string[] | undefined,
    value: (o: OpenOrder) => string | undefined,
  ) => {
    if (!wanted) return;
    const counts = new Map<string, number>();
    for (const o of outside) {
      const v = value(o);
      if (v !== undefined && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const ranked = [...counts].map(([v, n]) => ({
      v,
      n,
      d: Math.min(...wanted.map((w) => distance(w, v))),
    })).sort((a, b) => a.d - b.d || b.n - a.n || (a.v < b.v ? -1 : 1)).slice(0, NEAREST);
    const list = ranked.map((r) => `${r.v} (${r.n})`).join(", ");
    filters.push(`${name} ${wanted.join(",")}${list ? `: nearest open ${list}` : ""}`);
  };
  for (const c of clauses) {
    near("symbols", c.symbols, (o) => o.symbol);
    near("base coins", c.baseCoins, (o) => o.baseCoin);
    near("settle coins", c.settleCoins, (o) => o.settleCoin);
    const value = spec ? c[spec.venue] : undefined;
    const own = spec && value !== undefined ? spec.nearSymbols?.(value) : undefined;
    if (own) near(own.name, own.symbols, (o) => o.symbol);
  }
  const head =
    `the scope matched no order here, but ${outside.length} order(s) outside it are open`;
  return filters.length ? `${head}; ${filters.join("; ")}` : head;
}

/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[y.length] ?? 0;
}
