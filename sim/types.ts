/**
 * The simulator's own names for venues and order kinds. They are written here on purpose,
 * apart from the clients' (`venues/types.ts`, `engine/types.ts`): the simulator is an
 * independent oracle and imports no client, adapter or engine code.
 *
 * @module
 */

/** A venue the simulator serves. */
export type VenueId = "okx" | "bybit" | "bitget" | "p99";

/** Every venue the simulator serves, in the order it lists them. */
export const SIM_VENUES: readonly VenueId[] = ["okx", "bybit", "bitget", "p99"];

/** Regular orders, or conditional ones (Bybit stop/TP-SL, Bitget plan and strategy orders). */
export type OrderKind = "regular" | "conditional";
