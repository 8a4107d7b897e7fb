/**
 * Helpers for a venue's {@linkcode RefinementSpec}: reading a plain refinement's fields and
 * narrowing lists, with the scope builder's messages. The venue modules build their specs
 * from these; the engine never names a venue.
 *
 * @module
 */

import { InputError } from "../venues/errors.ts";
import type { VenueId } from "../venues/types.ts";
import type { RefinementSpec, ScopeClause } from "./types.ts";

export type { Refinement, RefinementSpec } from "./types.ts";

/**
 * The values both lists allow (`current` unset: all of `next`); throws `InputError` when none.
 *
 * @example
 * ```ts
 * import { intersect } from "./refinement.ts";
 * intersect("symbols", ["A", "B"], ["B", "C"]); // ["B"]
 * ```
 */
export function intersect<T>(
  field: string,
  current: readonly T[] | undefined,
  next: readonly T[],
): T[] {
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

/**
 * Checks coin codes: uppercase letters and digits, 1 to 20 of them.
 *
 * @example
 * ```ts
 * import { coinList } from "./refinement.ts";
 * coinList("baseCoins", ["BTC"]); // ["BTC"]
 * ```
 */
export function coinList(field: string, coins: readonly string[]): string[] {
  for (const coin of coins) {
    if (typeof coin !== "string" || !/^[A-Z0-9]{1,20}$/.test(coin)) {
      throw new InputError(
        `Cannot narrow scope: ${field} "${
          String(coin)
        }" must be an uppercase coin code like BTC or USDT`,
      );
    }
  }
  return [...coins];
}

/**
 * Reads a plain refinement object: refuses a non-object and any field not in `fields`.
 *
 * @example
 * ```ts
 * import { record } from "./refinement.ts";
 * record({ sprdIds: ["X"] }, "okx", ["sprdIds"]).sprdIds; // ["X"]
 * ```
 */
export function record(
  value: unknown,
  where: string,
  fields: readonly string[],
): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`Cannot build scope: ${where} must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) {
      throw new InputError(
        `Cannot build scope: ${where}: unknown field "${key}" (fields: ${fields.join(", ")})`,
      );
    }
  }
  return value as Record<string, unknown>;
}

/**
 * Reads an optional non-empty list of strings; with `allowed`, each must be one of them.
 *
 * @example
 * ```ts
 * import { stringList } from "./refinement.ts";
 * stringList(["linear"], "bybit.categories", ["linear", "spot"]); // ["linear"]
 * ```
 */
export function stringList<T extends string = string>(
  value: unknown,
  where: string,
  allowed?: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((x) => typeof x !== "string")) {
    throw new InputError(`Cannot build scope: ${where} must be a non-empty list of strings`);
  }
  if (allowed) {
    for (const v of value as string[]) {
      if (!(allowed as readonly string[]).includes(v)) {
        throw new InputError(
          `Cannot narrow scope: unknown ${where} "${v}" (one of ${allowed.join(", ")})`,
        );
      }
    }
  }
  return [...new Set(value as T[])];
}

/**
 * Narrows an optional list field of two refinements (unset on both: unset).
 *
 * @example
 * ```ts
 * import { narrowList } from "./refinement.ts";
 * narrowList("p99.symbols", ["A", "B"], ["B"]); // ["B"]
 * ```
 */
export function narrowList<T>(
  field: string,
  current: readonly T[] | undefined,
  next: readonly T[] | undefined,
): T[] | undefined {
  if (next === undefined) return current === undefined ? undefined : [...current];
  return intersect(field, current, next);
}

/**
 * Reads the refinement a spec owns from a clause (validated when the scope was built).
 *
 * @example
 * ```ts
 * import { refinementOf } from "./refinement.ts";
 * import { P99_REFINEMENT } from "../venues/p99/scope.ts";
 * refinementOf(P99_REFINEMENT, { kinds: ["regular"], p99: { symbols: ["DFUSDT"] } })?.symbols; // ["DFUSDT"]
 * ```
 */
export function refinementOf<R>(
  spec: RefinementSpec<VenueId, R>,
  clause: ScopeClause,
): R | undefined {
  return clause[spec.venue] as R | undefined;
}
