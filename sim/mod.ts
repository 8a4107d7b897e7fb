/**
 * The loopback venue simulator: OKX Spread, Bybit v5, Bitget v2 mix and p99 spot on one
 * `Deno.serve` server, with each venue's paths, signatures, envelopes, error codes, limits
 * and quirks, plus fault injection and a control API under `/__sim/`.
 *
 * @example Start it, point clients at it, stop it
 * ```ts
 * import { startSimulator } from "./mod.ts";
 * const sim = await startSimulator({ accounts: 2, ordersPerMarket: 5 });
 * console.log(sim.info.okx.baseUrl, sim.info.okx.accounts[0]?.apiKey);
 * await sim.close();
 * ```
 *
 * @module
 */

import { bitgetSim } from "./bitget.ts";
import { bybitSim } from "./bybit.ts";
import { createOkxSim, okxSim } from "./okx.ts";
import { p99Sim } from "./p99.ts";
import { type HostBook, type ServerOptions, startServer } from "./server.ts";
import { type RunningFront, startFront } from "./front.ts";
import { SIM_HOSTS } from "./hosts.ts";
import type { SimState } from "./core.ts";
import type { VenueId } from "./types.ts";

export { SimControl } from "./control.ts";
export type { SimFault, SimOrderView, SimSeed } from "./control.ts";
export * from "./core.ts";
export type { HostBook, ServerOptions } from "./server.ts";
export type { FrontOptions, RunningFront, TunnelRecord } from "./front.ts";
export { DEFAULT_SITES, SIM_HOSTS, type SimHost } from "./hosts.ts";
export { readTestCertificate, TEST_CA_PATH } from "./tls.ts";
export type { OrderKind, VenueId } from "./types.ts";

/** Options of {@linkcode startSimulator}. */
export interface SimulatorOptions extends ServerOptions {
  /**
   * OKX caps pending spread orders at 500 per account and the simulator refuses more; raise
   * it for load tests only.
   */
  readonly okxMaxPendingOrders?: number | undefined;
  /**
   * One-way delay the HTTPS front holds every chunk for, in each direction (needs `tls`): TCP and
   * TLS handshakes then pay real round trips. Default 0.
   */
  readonly oneWayDelayMs?: number | undefined;
  /**
   * How the front is reached (needs `tls`): `connect` (default), an HTTPS proxy on a free port;
   * or `direct` on `frontPort` (443 in a harness's private network namespace), so clients
   * connect to the venues' names with no proxy.
   */
  readonly frontMode?: "connect" | "direct" | undefined;
  /** Port of the front; default 0 (a free one). */
  readonly frontPort?: number | undefined;
}

/** Credentials of one simulated account (fake, printed on purpose). */
export interface SimAccountInfo {
  /** API key. */
  readonly apiKey: string;
  /** API secret. */
  readonly secret: string;
  /** Passphrase (OKX, Bitget). */
  readonly passphrase?: string;
  /** JWT (p99). */
  readonly jwt?: string;
}

/** What the simulator prints on start: base URLs and credentials per venue. */
export type SimulatorInfo =
  & {
    readonly control: string;
    /**
     * With `tls`: the HTTPS proxy to run scripts through (`HTTPS_PROXY`), which tunnels the
     * venues' real host names to the simulator's TLS listener.
     */
    readonly proxy?: string;
  }
  & Readonly<
    Record<VenueId, { readonly baseUrl: string; readonly accounts: readonly SimAccountInfo[] }>
  >;

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Base URLs and credentials. */
  readonly info: SimulatorInfo;
  /** In-process state, for tests that need to look inside. */
  readonly state: SimState;
  /** Hosts requests were meant for, and which site each account's keys belong to. */
  readonly hosts: HostBook;
  /** The HTTPS front (with `tls`): every CONNECT it received. */
  readonly front?: RunningFront | undefined;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts the simulator on loopback (port 0 by default).
 *
 * @example Seeded simulator
 * ```ts
 * import { startSimulator } from "./mod.ts";
 * const sim = await startSimulator({ ordersPerMarket: 3 });
 * await sim.close();
 * ```
 */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const okx = options.okxMaxPendingOrders === undefined
    ? okxSim
    : createOkxSim({ maxPendingOrders: options.okxMaxPendingOrders });
  const server = startServer([okx, bybitSim, bitgetSim, p99Sim], options);
  const origin = server.origin;
  const accounts = (venue: VenueId): SimAccountInfo[] =>
    (server.state.accounts.get(venue) ?? []).map((a) => {
      if (venue === "okx" || venue === "bitget") {
        return { apiKey: a.apiKey, secret: a.secret, passphrase: a.passphrase };
      }
      if (venue === "p99") return { apiKey: a.apiKey, secret: a.secret, jwt: a.jwt };
      return { apiKey: a.apiKey, secret: a.secret };
    });
  const front = server.tlsPort === undefined ? undefined : startFront({
    tlsPort: server.tlsPort,
    hosts: Object.keys(SIM_HOSTS),
    oneWayDelayMs: options.oneWayDelayMs,
    mode: options.frontMode,
    port: options.frontPort,
  });
  const info: SimulatorInfo = {
    control: `${origin}/__sim`,
    ...(front && options.frontMode !== "direct" ? { proxy: front.proxyUrl } : {}),
    okx: { baseUrl: origin, accounts: accounts("okx") },
    bybit: { baseUrl: origin, accounts: accounts("bybit") },
    bitget: { baseUrl: origin, accounts: accounts("bitget") },
    p99: { baseUrl: `${origin}/api/v1`, accounts: accounts("p99") },
  };
  return Promise.resolve({
    origin,
    info,
    state: server.state,
    hosts: server.hosts,
    front,
    close: async () => {
      await front?.close();
      await server.close();
    },
  });
}
