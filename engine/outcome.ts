/**
 * Step outcomes and the failure policy, owned by the engine: which failures concern the whole
 * account (the step throws, the report says so) and which concern one order (an item failure
 * in the outcome), and how outcomes merge.
 *
 * @module
 */

import { VenueError } from "../venues/errors.ts";
import type { ItemFailure, StepOutcome } from "./types.ts";

/**
 * The outcome of a step that did nothing.
 *
 * @example
 * ```ts
 * import { NOTHING } from "./outcome.ts";
 * NOTHING.acknowledged.length; // 0
 * ```
 */
export const NOTHING: StepOutcome = Object.freeze({
  acknowledged: [],
  alreadyGone: [],
  failures: [],
});

/**
 * Whether a failure concerns the whole account rather than one order: anything that is not a
 * venue's answer (network, abort, bug), a refused key (`auth`), a refused environment
 * (`permanent`), a clock outside the window (`timestamp`). Such a failure is thrown, never
 * folded into one order's outcome. A `gone` order is done; anything else the venue answered for
 * one call (bad request, a transient failure the transport already retried, a rate limit) is
 * that call's orders' failure, and verification goes on.
 *
 * @example
 * ```ts
 * import { isAccountLevel } from "./outcome.ts";
 * import { AuthError } from "../venues/errors.ts";
 * isAccountLevel(new AuthError("Invalid key", { venue: "okx" })); // true
 * ```
 */
export function isAccountLevel(error: unknown): boolean {
  if (!(error instanceof VenueError)) return true;
  return error.kind === "auth" || error.kind === "permanent" || error.kind === "timestamp";
}

/**
 * Sends one order's cancel and folds the answer into an outcome by the engine's policy: done
 * is acknowledged, `gone` is already gone, an order-level refusal is an item failure, and an
 * account-level failure is thrown.
 *
 * @example
 * ```ts
 * import { cancelOne } from "./outcome.ts";
 * const outcome = await cancelOne("42", () => Promise.resolve());
 * outcome.acknowledged; // ["42"]
 * ```
 */
export async function cancelOne(id: string, send: () => Promise<unknown>): Promise<StepOutcome> {
  try {
    await send();
    return { acknowledged: [id], alreadyGone: [], failures: [] };
  } catch (error) {
    if (error instanceof VenueError && error.kind === "gone") {
      return { acknowledged: [], alreadyGone: [id], failures: [] };
    }
    if (isAccountLevel(error)) throw error;
    const e = error as VenueError;
    return {
      acknowledged: [],
      alreadyGone: [],
      failures: [{ id, code: e.code, message: e.message }],
    };
  }
}

/**
 * The failures of orders `ids` when one call covering them all was refused at order level;
 * rethrows an account-level failure.
 *
 * @example
 * ```ts
 * import { failAll } from "./outcome.ts";
 * import { BadRequestError } from "../venues/errors.ts";
 * failAll(["1", "2"], new BadRequestError("bad symbol", { venue: "p99", code: "X" })).failures.length; // 2
 * ```
 */
export function failAll(ids: readonly string[], error: unknown): StepOutcome {
  if (isAccountLevel(error)) throw error;
  const e = error as VenueError;
  const failures: ItemFailure[] = ids.length
    ? ids.map((id) => ({ id, code: e.code, message: e.message }))
    : [{ code: e.code, message: e.message }];
  return { acknowledged: [], alreadyGone: [], failures };
}

/**
 * Merges outcomes; an id acknowledged twice counts once.
 *
 * @example
 * ```ts
 * import { mergeOutcomes } from "./outcome.ts";
 * mergeOutcomes([{ acknowledged: ["1"], alreadyGone: [], failures: [] }, { acknowledged: ["1", "2"], alreadyGone: [], failures: [] }]).acknowledged; // ["1", "2"]
 * ```
 */
export function mergeOutcomes(outcomes: readonly StepOutcome[]): StepOutcome {
  return {
    acknowledged: [...new Set(outcomes.flatMap((o) => o.acknowledged))],
    alreadyGone: [...new Set(outcomes.flatMap((o) => o.alreadyGone))],
    failures: outcomes.flatMap((o) => o.failures),
  };
}
