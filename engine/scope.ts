/**
 * Composable, immutable scope builders: say once, venue-neutrally, what to cancel.
 *
 * A {@linkcode Scope} is a union of clauses; every narrowing method applies to each clause
 * and returns a new scope. Narrowing to nothing (`symbols("A")` then `symbols("B")`) is
 * refused at once with a clear message, so an impossible scope never reaches a venue. A
 * clause is validated once, here; compiling and matching trust it.
 *
 * The builder is venue-neutral: a venue's own vocabulary (Bybit categories, Bitget product
 * types, OKX spread ids, p99 markets) comes in through {@linkcode Scope.refine} with a
 * refinement the venue module builds (`bybitScope({ categories: ["linear"] })`).
 *
 * @module
 */

import { InputError } from "../venues/errors.ts";
import { type VenueId, VENUES } from "../venues/types.ts";
import { coinList, intersect } from "./refinement.ts";
import type { OrderKind, Refinement, RefinementSpec, ScopeClause } from "./types.ts";

const ORDER_KINDS: readonly OrderKind[] = ["regular", "conditional"];

/**
 * A coin code as a literal must be uppercase: `"btc"` is a type error, `"BTC"` is fine. Values
 * only known at run time (`string`) are checked when the scope is built.
 */
export type UppercaseCoin<C extends string> = string extends C ? C
  : C extends Uppercase<C> ? C
  : `Coin codes must be uppercase: ${Uppercase<C>}`;

/** A non-empty list, so that `kinds()` with nothing is a type error. */
export type NonEmpty<T> = readonly [T, ...T[]];

/**
 * What to cancel: an immutable union of clauses.
 *
 * @example Everything everywhere
 * ```ts
 * import { Scope } from "./scope.ts";
 * const everything = Scope.all();
 * String(everything); // "all orders on all venues"
 * ```
 *
 * @example BTC on Bybit plus every OKX spread order
 * ```ts
 * import { Scope } from "./scope.ts";
 * const s = Scope.all().venues("bybit").baseCoins("BTC").or(Scope.all().venues("okx"));
 * s.clauses.length; // 2
 * ```
 */
export class Scope {
  readonly #clauses: readonly ScopeClause[];
  /** The refinement specs this scope's clauses use, by venue. */
  readonly #specs: ReadonlyMap<VenueId, RefinementSpec>;

  private constructor(
    clauses: readonly ScopeClause[],
    specs: ReadonlyMap<VenueId, RefinementSpec>,
  ) {
    this.#clauses = clauses.map((c) => Object.freeze({ ...c }));
    this.#specs = specs;
    Object.freeze(this);
  }

  /** Every order of every kind on every venue and account. */
  static all(): Scope {
    return new Scope([{ kinds: ORDER_KINDS }], new Map());
  }

  /**
   * Builds a scope from plain clauses (for example parsed from JSON), validating each. A venue
   * refinement field (`bybit: {...}`) needs that venue's spec in `specs`; any other field is
   * refused.
   *
   * @example From data
   * ```ts
   * import { Scope } from "./scope.ts";
   * Scope.fromClauses([{ venues: ["p99"], kinds: ["regular"] }]).clauses.length; // 1
   * ```
   */
  static fromClauses(
    clauses: readonly ScopeClause[],
    specs: readonly RefinementSpec[] = [],
  ): Scope {
    if (!Array.isArray(clauses)) throw new InputError("Cannot build scope: clauses must be a list");
    if (clauses.length === 0) throw new InputError("Cannot build scope: no clause given");
    const bySpec = new Map(specs.map((spec) => [spec.venue, spec]));
    // Strict: a misspelled field (`symbol` for `symbols`) would otherwise widen the scope to
    // everything it failed to narrow.
    clauses.forEach((c, i) => checkShape(c, [...bySpec.keys()], `clauses[${i}]`));
    return clauses.map((c, i) => fromClause(c, bySpec, `clauses[${i}]`)).reduce((a, b) => a.or(b));
  }

  /** The clauses of this union; an order is in scope when any clause covers it. */
  get clauses(): readonly ScopeClause[] {
    return this.#clauses;
  }

  /** Narrows to these venues. */
  venues(...venues: NonEmpty<VenueId>): Scope {
    for (const v of venues) {
      if (!VENUES.includes(v)) throw new InputError(`Cannot narrow scope: unknown venue "${v}"`);
    }
    return this.#narrow("venues", venues, (c) => c.venues, (c, v) => ({ ...c, venues: v }));
  }

  /** Narrows to these account labels. */
  accounts(...labels: NonEmpty<string>): Scope {
    for (const l of labels) {
      if (l.trim() === "") throw new InputError("Cannot narrow scope: account label is empty");
    }
    return this.#narrow("accounts", labels, (c) => c.accounts, (c, v) => ({ ...c, accounts: v }));
  }

  /** Narrows to these venue symbols (`BTCUSDT`, `BTC-USDT_BTC-USDT-SWAP`, `DFUSDT`). */
  symbols(...symbols: NonEmpty<string>): Scope {
    for (const s of symbols) {
      // Every venue here spells symbols in uppercase; a lowercase one would silently match
      // nothing on some venues and the run would look flat.
      if (!/^[A-Z0-9][A-Z0-9_.:-]*$/.test(s)) {
        throw new InputError(
          `Cannot narrow scope: symbol "${s}" is not a venue symbol (uppercase, like BTCUSDT)`,
        );
      }
    }
    return this.#narrow("symbols", symbols, (c) => c.symbols, (c, v) => ({ ...c, symbols: v }));
  }

  /** Narrows to these base coins (uppercase). */
  baseCoins<const C extends readonly string[]>(
    ...coins: { readonly [K in keyof C]: UppercaseCoin<C[K]> }
  ): Scope {
    const list = coinList("baseCoins", coins);
    return this.#narrow("baseCoins", list, (c) => c.baseCoins, (c, v) => ({ ...c, baseCoins: v }));
  }

  /** Narrows to these settle coins (uppercase): USDT, USDC, BTC... */
  settleCoins<const C extends readonly string[]>(
    ...coins: { readonly [K in keyof C]: UppercaseCoin<C[K]> }
  ): Scope {
    const list = coinList("settleCoins", coins);
    return this.#narrow(
      "settleCoins",
      list,
      (c) => c.settleCoins,
      (c, v) => ({ ...c, settleCoins: v }),
    );
  }

  /** Narrows to these order kinds. */
  kinds(...kinds: NonEmpty<OrderKind>): Scope {
    for (const k of kinds) {
      if (!ORDER_KINDS.includes(k)) {
        throw new InputError(`Cannot narrow scope: unknown kind "${k}"`);
      }
    }
    return this.#narrow("kinds", kinds, (c) => c.kinds, (c, v) => ({ ...c, kinds: v }));
  }

  /**
   * Narrows with a venue's own refinement, built by the venue module (`bybitScope(...)`,
   * `bitgetScope(...)`, `okxScope(...)`, `p99Scope(...)`). Refining the same venue twice keeps
   * what both allow.
   *
   * @example Only OKX spread orders of one spread, via a hand-made refinement
   * ```ts
   * import { Scope } from "./scope.ts";
   * import { okxScope } from "../venues/okx/scope.ts";
   * Scope.all().venues("okx").refine(okxScope({ sprdIds: ["BTC-USDT_BTC-USDT-SWAP"] })).clauses.length; // 1
   * ```
   */
  refine<R>(refinement: Refinement<VenueId, R>): Scope {
    const { spec } = refinement;
    const value = spec.parse(refinement.value, spec.venue);
    const specs = new Map(this.#specs).set(spec.venue, spec as RefinementSpec);
    return new Scope(
      this.#clauses.map((c) => {
        const current = c[spec.venue] as R | undefined;
        return { ...c, [spec.venue]: current === undefined ? value : spec.narrow(current, value) };
      }),
      specs,
    );
  }

  /** The refinement spec of `venue` this scope was refined with, if any. */
  refinementOf(venue: VenueId): RefinementSpec | undefined {
    return this.#specs.get(venue);
  }

  /** The union of this scope and `others`. */
  or(...others: NonEmpty<Scope>): Scope {
    const specs = new Map(this.#specs);
    for (const o of others) {
      for (const v of VENUES) {
        const spec = o.refinementOf(v);
        if (spec) specs.set(v, spec);
      }
    }
    return new Scope([...this.#clauses, ...others.flatMap((o) => o.clauses)], specs);
  }

  /** Whether any clause can reach `venue` (and `account`, when given). */
  covers(venue: VenueId, account?: string): boolean {
    return this.#clauses.some((c) =>
      (c.venues === undefined || c.venues.includes(venue)) &&
      (account === undefined || c.accounts === undefined || c.accounts.includes(account))
    );
  }

  /** A readable description: `all orders on all venues`, or the clauses joined with `OR`. */
  toString(): string {
    return this.#clauses.map((c) => describeClause(c, this.#specs)).join(" OR ");
  }

  /** The clauses, for JSON reports. */
  toJSON(): readonly ScopeClause[] {
    return this.#clauses;
  }

  #narrow<T>(
    field: string,
    values: readonly T[],
    get: (c: ScopeClause) => readonly T[] | undefined,
    set: (c: ScopeClause, v: readonly T[]) => ScopeClause,
  ): Scope {
    return this.#map((c) => set(c, intersect(field, get(c), values)));
  }

  #map(f: (c: ScopeClause) => ScopeClause): Scope {
    return new Scope(this.#clauses.map(f), this.#specs);
  }
}

/** The generic fields of a plain clause; `kinds` is required. */
const GENERIC_FIELDS = ["venues", "accounts", "symbols", "baseCoins", "settleCoins", "kinds"];

/** Checks a plain clause's generic fields; unknown fields (not a known venue's) are refused. */
function checkShape(value: unknown, venues: readonly string[], where: string): void {
  const fail = (problem: string) => {
    throw new InputError(`Cannot build scope: ${where}${problem}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(" must be an object");
  }
  const record = value as Record<string, unknown>;
  const known = [...GENERIC_FIELDS, ...venues];
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) fail(`: unknown field "${key}" (fields: ${known.join(", ")})`);
  }
  if (record.kinds === undefined) fail(".kinds is required (regular, conditional or both)");
  for (const key of GENERIC_FIELDS) {
    const v = record[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string")) {
      fail(`.${key} must be a non-empty list of strings`);
    }
  }
}

/** One plain clause, rebuilt through the builder so that it passes the same checks. */
function fromClause(
  c: ScopeClause,
  specs: ReadonlyMap<VenueId, RefinementSpec>,
  where: string,
): Scope {
  let s = Scope.all();
  if (c.venues) s = s.venues(...(c.venues as NonEmpty<VenueId>));
  if (c.accounts) s = s.accounts(...(c.accounts as NonEmpty<string>));
  if (c.symbols) s = s.symbols(...(c.symbols as NonEmpty<string>));
  if (c.baseCoins) s = s.baseCoins(...c.baseCoins);
  if (c.settleCoins) s = s.settleCoins(...c.settleCoins);
  s = s.kinds(...(c.kinds as NonEmpty<OrderKind>));
  for (const [venue, spec] of specs) {
    const value = c[venue];
    if (value !== undefined) s = s.refine({ spec, value: spec.parse(value, `${where}.${venue}`) });
  }
  return s;
}

function describeClause(c: ScopeClause, specs: ReadonlyMap<VenueId, RefinementSpec>): string {
  const parts: string[] = [];
  const kinds = c.kinds.length === ORDER_KINDS.length ? "all" : c.kinds.join("+");
  parts.push(`${kinds} orders`);
  parts.push(c.venues ? `on ${c.venues.join(", ")}` : "on all venues");
  if (c.accounts) parts.push(`accounts ${c.accounts.join(", ")}`);
  if (c.symbols) parts.push(`symbols ${c.symbols.join(", ")}`);
  if (c.baseCoins) parts.push(`base ${c.baseCoins.join(", ")}`);
  if (c.settleCoins) parts.push(`settle ${c.settleCoins.join(", ")}`);
  for (const [venue, spec] of specs) {
    const value = c[venue];
    if (value !== undefined) parts.push(...spec.describe(value));
  }
  return parts.join(" ");
}

export { clauseApplies } from "./match.ts";
