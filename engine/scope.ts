/**
 * Composable, immutable scope builders: say once, venue-neutrally, what to cancel.
 *
 * A {@linkcode Scope} is a union of clauses; every narrowing method applies to each clause
 * and returns a new scope. Narrowing to nothing (`symbols("A")` then `symbols("B")`) is
 * refused at once with a clear message, so an impossible scope never reaches a venue.
 *
 * @module
 */

import { BITGET_PRODUCT_TYPES } from "../venues/bitget/product_types.ts";
import { BITGET_UTA_CATEGORIES, type BitgetUtaCategory } from "../venues/bitget/uta_categories.ts";
import { BYBIT_CATEGORIES } from "../venues/bybit/categories.ts";
import { InputError } from "../venues/errors.ts";
import { type VenueId, VENUES } from "../venues/types.ts";
import type { BitgetProductType, BybitCategory, OrderKind, ScopeClause } from "./types.ts";

export { BITGET_PRODUCT_TYPES } from "../venues/bitget/product_types.ts";
export { BITGET_UTA_CATEGORIES } from "../venues/bitget/uta_categories.ts";
export { BYBIT_CATEGORIES } from "../venues/bybit/categories.ts";

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

/** Bybit refinement of a scope. */
export interface BybitRefinement {
  /** Categories in scope; default all four. */
  readonly categories?: NonEmpty<BybitCategory>;
  /** Native orderFilter for cancel-all (checked against each category by the adapter). */
  readonly orderFilter?: string;
}

/** Bitget refinement of a scope. */
export interface BitgetRefinement {
  /** Product types in scope; default the three live ones (the S-prefixed ones in demo mode). */
  readonly productTypes?: NonEmpty<BitgetProductType>;
  /** Margin coins, uppercase. */
  readonly marginCoins?: NonEmpty<string>;
  /**
   * Unified trading account (v3) categories in scope; default all five on a UTA account.
   * On a classic account only the futures categories select anything (their product types).
   */
  readonly categories?: NonEmpty<BitgetUtaCategory>;
}

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
 * @example BTC on Bybit linear plus every OKX spread order
 * ```ts
 * import { Scope } from "./scope.ts";
 * const s = Scope.all().venues("bybit").baseCoins("BTC").bybit({ categories: ["linear"] })
 *   .or(Scope.all().venues("okx"));
 * s.clauses.length; // 2
 * ```
 */
export class Scope {
  readonly #clauses: readonly ScopeClause[];

  private constructor(clauses: readonly ScopeClause[]) {
    this.#clauses = clauses.map((c) => Object.freeze({ ...c }));
    Object.freeze(this);
  }

  /** Every order of every kind on every venue and account. */
  static all(): Scope {
    return new Scope([{ kinds: ORDER_KINDS }]);
  }

  /**
   * Builds a scope from plain clauses (for example parsed from JSON), validating each.
   *
   * @example From data
   * ```ts
   * import { Scope } from "./scope.ts";
   * Scope.fromClauses([{ venues: ["p99"], kinds: ["regular"] }]).clauses.length; // 1
   * ```
   */
  static fromClauses(clauses: readonly ScopeClause[]): Scope {
    if (!Array.isArray(clauses)) throw new InputError("Cannot build scope: clauses must be a list");
    if (clauses.length === 0) throw new InputError("Cannot build scope: no clause given");
    // Strict: a misspelled field (`symbol` for `symbols`) would otherwise widen the scope to
    // everything it failed to narrow.
    clauses.forEach((c, i) => checkShape(c, CLAUSE_SHAPE, `clauses[${i}]`));
    for (const c of clauses) validateClause(c);
    return new Scope(clauses);
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

  /** OKX Spread refinement: only these spread ids. */
  okx(refinement: { readonly sprdIds: NonEmpty<string> }): Scope {
    return this.#map((c) => {
      const sprdIds = intersect("okx.sprdIds", c.okx?.sprdIds, refinement.sprdIds);
      return { ...c, okx: { ...c.okx, sprdIds } };
    });
  }

  /** Bybit refinement: categories and orderFilter. */
  bybit(refinement: BybitRefinement): Scope {
    for (const cat of refinement.categories ?? []) {
      if (!BYBIT_CATEGORIES.includes(cat)) {
        throw new InputError(`Cannot narrow scope: unknown Bybit category "${cat}"`);
      }
    }
    return this.#map((c) => {
      const categories = refinement.categories
        ? intersect("bybit.categories", c.bybit?.categories, refinement.categories)
        : c.bybit?.categories;
      const orderFilter = refinement.orderFilter ?? c.bybit?.orderFilter;
      return { ...c, bybit: { categories, orderFilter } };
    });
  }

  /** Bitget refinement: product types, margin coins and (unified accounts) categories. */
  bitget(refinement: BitgetRefinement): Scope {
    for (const p of refinement.productTypes ?? []) {
      if (!BITGET_PRODUCT_TYPES.includes(p)) {
        throw new InputError(`Cannot narrow scope: unknown Bitget productType "${p}"`);
      }
    }
    for (const c of refinement.categories ?? []) {
      if (!BITGET_UTA_CATEGORIES.includes(c)) {
        throw new InputError(`Cannot narrow scope: unknown Bitget category "${c}"`);
      }
    }
    const coins = refinement.marginCoins
      ? coinList("bitget.marginCoins", refinement.marginCoins)
      : undefined;
    return this.#map((c) => {
      const productTypes = refinement.productTypes
        ? intersect("bitget.productTypes", c.bitget?.productTypes, refinement.productTypes)
        : c.bitget?.productTypes;
      const marginCoins = coins
        ? intersect("bitget.marginCoins", c.bitget?.marginCoins, coins)
        : c.bitget?.marginCoins;
      const categories = refinement.categories
        ? intersect("bitget.categories", c.bitget?.categories, refinement.categories)
        : c.bitget?.categories;
      return {
        ...c,
        bitget: { productTypes, marginCoins, ...(categories ? { categories } : {}) },
      };
    });
  }

  /** p99 refinement: only these markets (case-sensitive). */
  p99(refinement: { readonly symbols: NonEmpty<string> }): Scope {
    return this.#map((c) => {
      const symbols = intersect("p99.symbols", c.p99?.symbols, refinement.symbols);
      return { ...c, p99: { symbols } };
    });
  }

  /** The union of this scope and `others`. */
  or(...others: NonEmpty<Scope>): Scope {
    return new Scope([...this.#clauses, ...others.flatMap((o) => o.clauses)]);
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
    return this.#clauses.map(describeClause).join(" OR ");
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
    return new Scope(this.#clauses.map(f));
  }
}

function intersect<T>(field: string, current: readonly T[] | undefined, next: readonly T[]): T[] {
  const unique = [...new Set(next)];
  if (unique.length === 0) throw new InputError(`Cannot narrow scope: ${field} is empty`);
  if (current === undefined) return unique;
  const kept = unique.filter((v) => current.includes(v));
  if (kept.length === 0) {
    throw new InputError(
      `Cannot narrow scope: ${field} ${unique.join(",")} excludes every value already chosen (${
        current.join(",")
      }): the scope would match nothing`,
    );
  }
  return kept;
}

function coinList(field: string, coins: readonly string[]): string[] {
  for (const coin of coins) {
    if (!/^[A-Z0-9]{1,20}$/.test(coin)) {
      throw new InputError(
        `Cannot narrow scope: ${field} "${coin}" must be an uppercase coin code like BTC or USDT`,
      );
    }
  }
  return [...coins];
}

/** A field of a plain clause: a list of strings, a string, or a nested record. */
type FieldShape = "list" | "string" | { readonly [field: string]: FieldShape };

/** Every field a clause may have; `kinds` is required. */
const CLAUSE_SHAPE: { readonly [field: string]: FieldShape } = {
  venues: "list",
  accounts: "list",
  symbols: "list",
  baseCoins: "list",
  settleCoins: "list",
  kinds: "list",
  okx: { sprdIds: "list" },
  bybit: { categories: "list", orderFilter: "string" },
  bitget: { productTypes: "list", marginCoins: "list", categories: "list" },
  p99: { symbols: "list" },
};

/** Checks a plain clause's fields and their types; unknown fields are refused. */
function checkShape(
  value: unknown,
  shape: { readonly [field: string]: FieldShape },
  where: string,
): void {
  const fail = (problem: string) => {
    throw new InputError(`Cannot build scope: ${where}${problem}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(" must be an object");
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(shape, key)) {
      fail(`: unknown field "${key}" (fields: ${Object.keys(shape).join(", ")})`);
    }
  }
  if (where.startsWith("clauses[") && !where.includes(".") && record.kinds === undefined) {
    fail(".kinds is required (regular, conditional or both)");
  }
  for (const [key, field] of Object.entries(shape)) {
    const v = record[key];
    if (v === undefined) continue;
    if (field === "list") {
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string")) {
        fail(`.${key} must be a non-empty list of strings`);
      }
    } else if (field === "string") {
      if (typeof v !== "string") fail(`.${key} must be a string`);
    } else {
      checkShape(v, field, `${where}.${key}`);
    }
  }
}

function validateClause(c: ScopeClause): void {
  let s = Scope.all();
  if (c.venues) s = s.venues(...(c.venues as NonEmpty<VenueId>));
  if (c.accounts) s = s.accounts(...(c.accounts as NonEmpty<string>));
  if (c.symbols) s = s.symbols(...(c.symbols as NonEmpty<string>));
  if (c.baseCoins) s = s.baseCoins(...c.baseCoins);
  if (c.settleCoins) s = s.settleCoins(...c.settleCoins);
  s = s.kinds(...(c.kinds as NonEmpty<OrderKind>));
  if (c.okx?.sprdIds) s = s.okx({ sprdIds: c.okx.sprdIds as NonEmpty<string> });
  if (c.bybit) {
    const r: { categories?: NonEmpty<BybitCategory>; orderFilter?: string } = {};
    if (c.bybit.categories) r.categories = c.bybit.categories as NonEmpty<BybitCategory>;
    if (c.bybit.orderFilter !== undefined) r.orderFilter = c.bybit.orderFilter;
    s = s.bybit(r);
  }
  if (c.bitget) {
    const r: {
      productTypes?: NonEmpty<BitgetProductType>;
      marginCoins?: NonEmpty<string>;
      categories?: NonEmpty<BitgetUtaCategory>;
    } = {};
    if (c.bitget.productTypes) {
      r.productTypes = c.bitget.productTypes as NonEmpty<BitgetProductType>;
    }
    if (c.bitget.marginCoins) r.marginCoins = c.bitget.marginCoins as NonEmpty<string>;
    if (c.bitget.categories) r.categories = c.bitget.categories as NonEmpty<BitgetUtaCategory>;
    s = s.bitget(r);
  }
  if (c.p99?.symbols) s = s.p99({ symbols: c.p99.symbols as NonEmpty<string> });
}

function describeClause(c: ScopeClause): string {
  const parts: string[] = [];
  const kinds = c.kinds.length === ORDER_KINDS.length ? "all" : c.kinds.join("+");
  parts.push(`${kinds} orders`);
  parts.push(c.venues ? `on ${c.venues.join(", ")}` : "on all venues");
  if (c.accounts) parts.push(`accounts ${c.accounts.join(", ")}`);
  if (c.symbols) parts.push(`symbols ${c.symbols.join(", ")}`);
  if (c.baseCoins) parts.push(`base ${c.baseCoins.join(", ")}`);
  if (c.settleCoins) parts.push(`settle ${c.settleCoins.join(", ")}`);
  if (c.okx?.sprdIds) parts.push(`okx spreads ${c.okx.sprdIds.join(", ")}`);
  if (c.bybit?.categories) parts.push(`bybit ${c.bybit.categories.join(", ")}`);
  if (c.bybit?.orderFilter) parts.push(`bybit orderFilter ${c.bybit.orderFilter}`);
  if (c.bitget?.productTypes) parts.push(`bitget ${c.bitget.productTypes.join(", ")}`);
  if (c.bitget?.marginCoins) parts.push(`bitget margin ${c.bitget.marginCoins.join(", ")}`);
  if (c.bitget?.categories) parts.push(`bitget categories ${c.bitget.categories.join(", ")}`);
  if (c.p99?.symbols) parts.push(`p99 ${c.p99.symbols.join(", ")}`);
  return parts.join(" ");
}

/**
 * Whether a clause applies to `venue` and `account` at all.
 *
 * @example Filter clauses for one account
 * ```ts
 * import { clauseApplies } from "./scope.ts";
 * clauseApplies({ kinds: ["regular"], venues: ["okx"] }, "bybit", "default"); // false
 * ```
 */
export function clauseApplies(clause: ScopeClause, venue: VenueId, account: string): boolean {
  return (clause.venues === undefined || clause.venues.includes(venue)) &&
    (clause.accounts === undefined || clause.accounts.includes(account));
}
