/**
 * Bitget unified trading account (UTA, v3) adapter, and the `auto` adapter that learns an
 * account's mode from the first answers (or one settings call) and then drives only the classic
 * (v2) or the UTA adapter.
 *
 * UTA: one `cancel-symbol-order` per category in scope (SPOT, MARGIN, USDT-FUTURES,
 * COIN-FUTURES, USDC-FUTURES; per symbol for symbol scopes), sent blind; strategy (TP/SL and
 * trigger) orders, which no page says cancel-symbol-order removes, are listed and canceled one
 * by one with `cancel-strategy-order`; verification lists `unfilled-orders` per category (all
 * pages) and `unfilled-strategy-orders` per category (no type, `tpsl` and `trigger`), and what
 * is still open is canceled by id (`cancel-batch`, 20 per call, one category each).
 *
 * @module
 */

import { NOTHING } from "../../engine/outcome.ts";
import type {
  AccountAdapter,
  CancelStep,
  CompiledClause,
  Listing,
  OpenOrder,
  ScopeClause,
} from "../../engine/types.ts";
import { InputError, VenueError } from "../errors.ts";
import { accountBase, wholeOption } from "./_account.ts";
import { inScope } from "./_cancel.ts";
import { cancelUtaByIds, compileUta, type UtaAccount } from "./_uta.ts";
import { type BitgetAccountOptions, createBitgetAccount } from "./adapter.ts";
import type { BitgetClient } from "./client.ts";
import { BitgetAccountModeError } from "./codes.ts";
import { BITGET_REFINEMENT } from "./scope.ts";
import type { BitgetDetectedMode, BitgetUtaClient } from "./uta_client.ts";

/** Options of {@linkcode createBitgetUtaAccount}. */
export interface BitgetUtaAccountOptions {
  /** Orders per `cancel-batch` request, 1 to 20 (the venue's cap); default 20. */
  readonly batchSize?: number | undefined;
}

/**
 * Creates the adapter the engine drives for one Bitget unified trading account (v3 API).
 *
 * @example Compile a scope for one account
 * ```ts
 * import { BitgetUtaClient, createBitgetUtaAccount } from "./mod.ts";
 * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
 * const account = createBitgetUtaAccount(client, "uta-1");
 * account.compile({ kinds: ["regular"] }).steps.length; // 5: one cancel-symbol-order per category
 * ```
 */
export function createBitgetUtaAccount(
  client: BitgetUtaClient,
  label = "default",
  options: BitgetUtaAccountOptions = {},
): AccountAdapter {
  const what = "Bitget UTA account";
  const batchSize = wholeOption(what, "batchSize", options.batchSize, 20, [1, 20]);
  const account: UtaAccount = { client, host: client.host, label, batchSize };
  return {
    ...accountBase(client, label, what),
    compile: (clause) => compileUta(account, clause),
    // Never cancel outside the clause, whatever the caller passes.
    cancelOrders: (orders, compiled, signal) =>
      cancelUtaByIds(account, inScope(orders, compiled.clause, label), signal),
  };
}

/** The `auto` adapter: the account's mode, once found out, and both adapters behind it. */
export interface BitgetAutoAccount extends AccountAdapter {
  /** The mode this run found (or was told), or undefined before the first call. */
  accountMode(): BitgetDetectedMode | undefined;
}

/** Options of {@linkcode createBitgetAutoAccount}. */
export interface BitgetAutoAccountOptions {
  /** Options of the classic adapter. */
  readonly classic?: BitgetAccountOptions | undefined;
  /** Options of the UTA adapter. */
  readonly uta?: BitgetUtaAccountOptions | undefined;
}

/**
 * Creates an adapter for a Bitget account whose mode is not configured. Its first cancels go to
 * both APIs at once: each API refuses an account of the other mode without touching it (v2
 * answers a unified account 40085, v3 a classic one 40084), so the first answer of either tells
 * the mode; the other mode's calls still waiting for their rate-limit slot are then dropped, and
 * everything after (listings, further cancels) uses that mode only. No cancel waits for a probe.
 * When no cancel has answered yet (a doctor run, an outage), `GET /api/v3/account/settings`
 * decides, once (success: a unified trading account; 40084: a classic one). The plan (dry run)
 * shows both modes' steps, marked `if UTA:` or `if classic:`. Should a listing answer that the
 * account is in the other mode, the adapter switches once and lists again.
 *
 * @example Build an auto account
 * ```ts
 * import { BitgetClient, BitgetUtaClient, createBitgetAutoAccount } from "./mod.ts";
 * const creds = { apiKey: "k", secret: "s", passphrase: "p" };
 * const account = createBitgetAutoAccount(new BitgetClient(creds), new BitgetUtaClient(creds));
 * account.accountMode(); // undefined until the first answer
 * ```
 */
export function createBitgetAutoAccount(
  classicClient: BitgetClient,
  utaClient: BitgetUtaClient,
  label = "default",
  options: BitgetAutoAccountOptions = {},
): BitgetAutoAccount {
  const adapters: Record<BitgetDetectedMode, AccountAdapter> = {
    classic: createBitgetAccount(classicClient, label, options.classic),
    uta: createBitgetUtaAccount(utaClient, label, options.uta),
  };
  if (adapters.classic.host !== adapters.uta.host) {
    throw new InputError("Cannot create Bitget auto account: both clients must use one host");
  }
  let mode: BitgetDetectedMode | undefined;
  let detecting: Promise<BitgetDetectedMode> | undefined;
  /** Aborted when the account turns out to be in the other mode: that mode's calls stop. */
  const stop: Record<BitgetDetectedMode, AbortController> = {
    uta: new AbortController(),
    classic: new AbortController(),
  };
  const learn = (found: BitgetDetectedMode): BitgetDetectedMode => {
    if (mode === undefined) {
      mode = found;
      stop[found === "uta" ? "classic" : "uta"].abort();
    }
    return mode;
  };

  const resolve = (signal: AbortSignal): Promise<BitgetDetectedMode> => {
    if (mode !== undefined) return Promise.resolve(mode);
    detecting ??= utaClient.detectMode({ signal }).then(learn, (error: unknown) => {
      detecting = undefined;
      // A venue that does not know the v3 path (or refuses it as a bad request) is not a UTA.
      if (
        error instanceof VenueError &&
        (error.kind === "bad_request" || (error.kind === "format" && error.status === 404))
      ) {
        return learn("classic");
      }
      throw error;
    });
    return detecting;
  };

  /** A step of one mode's adapter, sent only while the account may be in that mode. */
  const gated = (mine: BitgetDetectedMode, step: CancelStep): CancelStep => ({
    ...step,
    note: `if ${mine === "uta" ? "UTA" : "classic"}: ${step.note}`,
    run: async (signal) => {
      if (mode !== undefined && mode !== mine) return NOTHING;
      const own = mode === undefined ? AbortSignal.any([signal, stop[mine].signal]) : signal;
      try {
        const outcome = await step.run(own);
        // Answered through this mode's API (no call refused as a whole): the account is in it.
        if (outcome.failures.every((f) => f.id !== undefined)) learn(mine);
        return mode !== undefined && mode !== mine ? NOTHING : outcome;
      } catch (error) {
        if (error instanceof BitgetAccountModeError) learn(error.accountMode);
        // Refused or dropped because the account is in the other mode: nothing to report.
        if (mode !== undefined && mode !== mine) return NOTHING;
        throw error;
      }
    },
  });

  const inner = new WeakMap<CompiledClause, Record<BitgetDetectedMode, CompiledClause>>();
  const compile = (clause: ScopeClause): CompiledClause => {
    const both = { uta: adapters.uta.compile(clause), classic: adapters.classic.compile(clause) };
    /** The other mode's listings, read once when a listing finds the account in that mode. */
    let relisted: { mode: BitgetDetectedMode; orders: Promise<OpenOrder[]> } | undefined;
    const relist = (to: BitgetDetectedMode, signal: AbortSignal) => {
      if (relisted?.mode !== to) {
        const orders = Promise.all(both[to].listings.map((l) => l.run(signal)));
        relisted = { mode: to, orders: orders.then((lists) => lists.flat()) };
      }
      return relisted.orders;
    };
    const listing = (mine: BitgetDetectedMode, l: Listing): Listing => ({
      request: l.request,
      run: async (signal, options) => {
        if ((await resolve(signal)) !== mine) return [];
        try {
          return await l.run(signal, options);
        } catch (error) {
          if (!(error instanceof BitgetAccountModeError) || error.accountMode === mine) throw error;
          mode = error.accountMode;
          return await relist(mode, signal);
        }
      },
    });
    const compiled: CompiledClause = {
      clause,
      steps: (["uta", "classic"] as const).flatMap((m) => both[m].steps.map((s) => gated(m, s))),
      listings: (["uta", "classic"] as const).flatMap((m) =>
        both[m].listings.map((l) => listing(m, l))
      ),
    };
    inner.set(compiled, both);
    return compiled;
  };

  return {
    venue: "bitget",
    account: label,
    host: adapters.classic.host,
    environment: adapters.classic.environment,
    refinement: BITGET_REFINEMENT,
    compile,
    cancelOrders: async (orders, compiled, signal) => {
      const m = await resolve(signal);
      const own = inner.get(compiled)?.[m] ?? adapters[m].compile(compiled.clause);
      return await adapters[m].cancelOrders(orders, own, signal);
    },
    coverage: () => (mode === undefined ? undefined : adapters[mode].coverage?.()),
    unverifiable: (compiled) => {
      if (mode === undefined) return undefined;
      const m = mode;
      // Each mode's own compiled clauses, made once by `compile` above.
      const own = compiled.flatMap((c) => inner.get(c)?.[m] ?? []);
      return adapters[m].unverifiable?.(own);
    },
    subscribe: (listener) => {
      const a = adapters.classic.subscribe(listener);
      const b = adapters.uta.subscribe(listener);
      return () => {
        a();
        b();
      };
    },
    accountMode: () => mode,
  };
}
