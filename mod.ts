/**
 * killswitch: cancel every open order in scope on every venue account, then verify by reading
 * the books back. A venue's acknowledgement is not a cancellation; an account is reported
 * `FLAT` only when a listing has shown it empty.
 *
 * - Scope builders ({@linkcode Scope}) say what to cancel, venue-neutrally.
 * - {@linkcode plan} compiles a scope to each venue's native requests without sending.
 * - {@linkcode cancelAll} sends them, verifies until flat or the deadline, and reports.
 * - Typed clients: {@linkcode OkxSpreadClient}, {@linkcode BybitClient},
 *   {@linkcode BitgetClient}, {@linkcode BitgetUtaClient}, {@linkcode P99Client}, and an account
 *   factory per venue for the engine.
 *
 * This module is what a script needs. The rest is in subpath modules: `./okx`, `./bybit`,
 * `./bitget`, `./p99` (each venue's whole API: signers, hosts, code tables, input and result
 * types), `./engine` (the contract an adapter implements, and the engine's matching, outcome,
 * concurrency and refinement helpers), `./venues` (errors, credentials, transport options,
 * clock, endpoints) and `./sim` (the loopback venue simulator).
 *
 * @example Cancel everything on two venues and check the result
 * ```ts
 * import { BybitClient, cancelAll, createBybitAccount, createP99Account, P99Client, Scope } from "./mod.ts";
 *
 * const accounts = [
 *   createBybitAccount(new BybitClient({ apiKey: "key", secret: "secret" })),
 *   createP99Account(new P99Client({ jwt: "header.payload.signature" })),
 * ];
 * const scope = Scope.all().venues("bybit", "p99");
 * // const report = await cancelAll(scope, accounts, { deadlineMs: 10_000 });
 * // if (report.outcome !== "FLAT") Deno.exit(1);
 * ```
 *
 * @module
 */

export {
  createOkxAccount,
  type OkxAccountOptions,
  type OkxCredentials,
  type OkxRefinement,
  type OkxRegion,
  okxScope,
  OkxSpreadClient,
  type OkxSpreadClientOptions,
} from "./venues/okx/mod.ts";
export {
  type BybitAccountOptions,
  type BybitCategory,
  BybitClient,
  type BybitClientOptions,
  type BybitCredentials,
  type BybitEnvironment,
  type BybitRefinement,
  bybitScope,
  createBybitAccount,
} from "./venues/bybit/mod.ts";
export {
  type BitgetAccountOptions,
  type BitgetAutoAccountOptions,
  BitgetClient,
  type BitgetClientOptions,
  type BitgetCredentials,
  type BitgetProductType,
  type BitgetRefinement,
  bitgetScope,
  type BitgetUtaAccountOptions,
  type BitgetUtaCategory,
  BitgetUtaClient,
  type BitgetUtaClientOptions,
  createBitgetAccount,
  createBitgetAutoAccount,
  createBitgetUtaAccount,
} from "./venues/bitget/mod.ts";
export {
  createP99Account,
  P99Client,
  type P99ClientOptions,
  type P99Refinement,
  p99Scope,
} from "./venues/p99/mod.ts";

export { type NonEmpty, Scope, type UppercaseCoin } from "./engine/scope.ts";
export { type AccountPlan, formatPlan, type Plan, plan } from "./engine/plan.ts";
export { cancelAll, type ProgressEvent, type RunOptions } from "./engine/run.ts";
export {
  type AccountReport,
  type AccountStatus,
  formatReport,
  type Report,
  REPORT_VERSION,
  type ReportError,
} from "./engine/report.ts";
export type { AccountAdapter, OpenOrder, ScopeClause } from "./engine/types.ts";
export {
  AlreadyGoneError,
  AuthError,
  BadRequestError,
  InputError,
  PermanentError,
  RateLimitError,
  ResponseFormatError,
  TimestampError,
  TransientError,
  VenueError,
} from "./venues/errors.ts";
export { Secret, secret } from "./venues/secret.ts";
export { type VenueId, VENUES } from "./venues/types.ts";
