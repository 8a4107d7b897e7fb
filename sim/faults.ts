/**
 * Fault injection: the rules a test or drill adds through `/__sim/faults`, their strict
 * validation, and {@linkcode FaultRules}, the list one venue's book keeps and consumes.
 *
 * @module
 */

import { SIM_VENUES, type VenueId } from "./types.ts";

/** Kinds of injected fault. */
export type FaultKind =
  | "http" // a bare HTTP status (default 500) with a short text body
  | "html" // an HTML error page (HTTP 502 by default)
  | "truncated" // HTTP 200 with JSON cut in the middle
  | "malformed" // HTTP 200 with a body that is not JSON
  | "drop" // the connection is dropped mid-response
  | "stall" // no answer for `ms` (default 30 s)
  | "code" // the venue's own error envelope for `code` (rate limits, auth, ...)
  | "partial-failure" // Bitget: part of a cancel-all lands in failureList and stays open
  | "reappear"; // after the call, `orders` new orders appear (a strategy still placing)

/** One fault rule. It applies to requests matching venue, method and path, `count` times. */
export interface FaultSpec {
  /** Venue it applies to. */
  readonly venue: VenueId;
  /** Path suffix to match (`/v5/order/cancel-all`); unset = every path of the venue. */
  readonly path?: string | undefined;
  /** Method to match; unset = any. */
  readonly method?: string | undefined;
  /** Account index to match; unset = any. */
  readonly account?: number | undefined;
  /** What happens. */
  readonly kind: FaultKind;
  /** How many matching requests it hits; unset = until cleared. */
  readonly count?: number | undefined;
  /** Matching requests to let through before it starts; default 0. */
  readonly after?: number | undefined;
  /** HTTP status for `http`, `html`, `code`. */
  readonly status?: number | undefined;
  /** Venue code for `code` (`50011`, `10006`, `ENGINE_BUSY`, `spot trading disabled`). */
  readonly code?: string | undefined;
  /** Stall duration for `stall`. */
  readonly ms?: number | undefined;
  /** Orders added for `reappear`, or kept open for `partial-failure`. */
  readonly orders?: number | undefined;
}

/** Every fault kind, for validation. */
const FAULT_KINDS: readonly FaultKind[] = [
  "http",
  "html",
  "truncated",
  "malformed",
  "drop",
  "stall",
  "code",
  "partial-failure",
  "reappear",
];

/** Every field of a fault rule and the check its value must pass. */
const FAULT_FIELDS: Readonly<Record<keyof FaultSpec, (v: unknown) => string | undefined>> = {
  venue: (v) =>
    typeof v === "string" && (SIM_VENUES as readonly string[]).includes(v)
      ? undefined
      : `must be one of ${SIM_VENUES.join(", ")}`,
  path: (v) =>
    typeof v === "string" && v.startsWith("/") ? undefined : "must be a path like /v5/...",
  method: (v) =>
    typeof v === "string" && /^(GET|POST|DELETE|PUT)$/i.test(v)
      ? undefined
      : "must be an HTTP method",
  account: (v) => wholeNumber(v, 0),
  kind: (v) =>
    typeof v === "string" && (FAULT_KINDS as readonly string[]).includes(v)
      ? undefined
      : `must be one of ${FAULT_KINDS.join(", ")}`,
  count: (v) => wholeNumber(v, 1),
  after: (v) => wholeNumber(v, 0),
  status: (v) =>
    Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599
      ? undefined
      : "must be an HTTP status (100-599)",
  // "" is a code too: the bare status of a venue that sends no envelope (Bybit's 403 ban).
  code: (v) => typeof v === "string" ? undefined : "must be a string",
  ms: (v) => wholeNumber(v, 0),
  orders: (v) => wholeNumber(v, 0),
};

function wholeNumber(v: unknown, min: number): string | undefined {
  return Number.isInteger(v) && (v as number) >= min
    ? undefined
    : `must be a whole number >= ${min}`;
}

/**
 * Validates a fault rule strictly: an unknown field (`"venu"`, `"cod"`) or kind (`"reapear"`)
 * would otherwise be accepted and inject nothing, and a test or drill would pass for the
 * wrong reason. Throws an `Error` naming the field.
 *
 * @example Refuse a typo
 * ```ts
 * import { parseFaultSpec } from "./faults.ts";
 * parseFaultSpec({ venue: "bybit", kind: "code", code: "10006" }).kind; // "code"
 * try {
 *   parseFaultSpec({ venue: "bybit", kind: "reapear" });
 * } catch (e) {
 *   (e as Error).message; // 'Cannot add fault: kind must be one of http, ...'
 * }
 * ```
 */
export function parseFaultSpec(value: unknown): FaultSpec {
  const fail = (message: string): never => {
    throw new Error(`Cannot add fault: ${message}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("a fault rule must be a JSON object");
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(FAULT_FIELDS, key)) {
      fail(`unknown field "${key}" (fields: ${Object.keys(FAULT_FIELDS).join(", ")})`);
    }
  }
  for (const key of ["venue", "kind"] as const) {
    if (record[key] === undefined) fail(`${key} is required`);
  }
  for (const [key, check] of Object.entries(FAULT_FIELDS)) {
    const v = record[key];
    if (v === undefined) continue;
    const problem = check(v);
    if (problem) fail(`${key} ${problem}`);
  }
  if (record.kind === "code" && record.code === undefined) fail("code is required for kind code");
  return record as unknown as FaultSpec;
}

/**
 * The fault rules of one venue, in the order they were added. A request takes the first rule
 * that matches it, and each rule counts the requests it saw and hit.
 *
 * @example Take a rule once
 * ```ts
 * import { FaultRules } from "./faults.ts";
 * const rules = new FaultRules();
 * rules.add({ venue: "okx", kind: "http", count: 1 });
 * rules.take("GET", "/api/v5/public/time", ["http"])?.kind; // "http"
 * rules.take("GET", "/api/v5/public/time", ["http"]); // undefined
 * ```
 */
export class FaultRules {
  #rules: { spec: FaultSpec; seen: number; hits: number }[] = [];

  /** Adds a rule (validated: an unknown field or kind throws). */
  add(spec: FaultSpec): void {
    this.#rules.push({ spec: parseFaultSpec(spec), seen: 0, hits: 0 });
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** The first rule of `kinds` that applies to this request, consuming one use. */
  take(
    method: string,
    path: string,
    kinds: readonly FaultKind[],
    account?: number,
  ): FaultSpec | undefined {
    for (const f of this.#rules) {
      const s = f.spec;
      if (!kinds.includes(s.kind)) continue;
      if (s.method !== undefined && s.method.toUpperCase() !== method) continue;
      if (s.path !== undefined && !path.endsWith(s.path)) continue;
      if (s.account !== undefined && account !== undefined && s.account !== account) continue;
      if (s.count !== undefined && f.hits >= s.count) continue;
      f.seen++;
      if (f.seen <= (s.after ?? 0)) continue;
      f.hits++;
      return s;
    }
    return undefined;
  }
}
