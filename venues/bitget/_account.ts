// What every Bitget adapter is, whichever API it drives (classic v2, unified v3): its identity,
// refinement and transport events, and the checks of its options. Private.

import type { AccountAdapter } from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import type { BitgetClient } from "./client.ts";
import { BITGET_REFINEMENT } from "./scope.ts";
import type { BitgetUtaClient } from "./uta_client.ts";

/** The parts of an adapter that depend only on its client and label. */
export type AccountBase = Pick<
  AccountAdapter,
  "venue" | "account" | "host" | "environment" | "refinement" | "subscribe"
>;

/** An adapter's identity; `what` names it in a refusal (`Bitget UTA account`). */
export function accountBase(
  client: BitgetClient | BitgetUtaClient,
  label: string,
  what: string,
): AccountBase {
  if (label === "") throw new InputError(`Cannot create ${what}: label must not be empty`);
  return {
    venue: "bitget",
    account: label,
    host: client.host,
    environment: client.endpoint.environment,
    refinement: BITGET_REFINEMENT,
    subscribe: (listener) => client.subscribe(listener),
  };
}

/** A whole-number option, `min` to `max`, or `fallback` when unset. */
export function wholeOption(
  what: string,
  field: string,
  value: number | undefined,
  fallback: number,
  [min, max]: readonly [number, number],
): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InputError(
      `Cannot create ${what}: ${field} must be a whole number, ${min} to ${max}`,
    );
  }
  return n;
}
