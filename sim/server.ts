/**
 * The simulator's HTTP server: routes each venue's paths to its handler, applies generic
 * faults and latency, and serves the control API under `/__sim/`.
 *
 * @module
 */

import { SIM_VENUES, type VenueId } from "./types.ts";
import { VenueSlot } from "./book.ts";
import { DEFAULT_SITES, requestKey, requestSite, SIM_HOSTS, wrongSiteCode } from "./hosts.ts";
import { setBitgetAccountMode } from "./bitget_uta.ts";
import {
  type FaultSpec,
  isActive,
  json,
  type SeedSpec,
  type SimRequest,
  SimState,
  type VenueSim,
} from "./core.ts";

/** Options of {@linkcode startServer}. */
export interface ServerOptions {
  /** Port; 0 picks a free one. */
  readonly port?: number | undefined;
  /** Hostname; default 127.0.0.1. */
  readonly hostname?: string | undefined;
  /** Accounts per venue; default 1. */
  readonly accounts?: number | undefined;
  /** Open orders seeded per account and market at start; default 0. */
  readonly ordersPerMarket?: number | undefined;
  /** Injected latency. */
  readonly latencyMs?: number | undefined;
  /** Injected latency jitter. */
  readonly jitterMs?: number | undefined;
  /** OKX cancel delay, ms. */
  readonly okxCancelDelayMs?: number | undefined;
  /** Faults active from the start. */
  readonly faults?: readonly FaultSpec[] | undefined;
  /** Deterministic seed. */
  readonly seed?: number | undefined;
  /** Bitget accounts (indexes) that are unified trading accounts (v3 API) from the start. */
  readonly bitgetUta?: readonly number[] | undefined;
  /**
   * Also serve TLS for the venues' real host names with this certificate (PEM, its chain) and
   * key: requests must then name a known host, reach the venue that host belongs to, and use
   * keys of the host's site (`hosts.ts`).
   */
  readonly tls?: { readonly cert: string; readonly key: string } | undefined;
  /**
   * Called after `POST /__sim/shutdown` is answered; default: the server closes. The `deno task
   * sim` process exits there, so a fire drill can stop it without knowing its process id.
   */
  readonly onShutdown?: (() => void) | undefined;
}

/** Sites bound per account index (unbound: the venue's default site), kept across resets. */
const SITES = new VenueSlot(() => new Map<number, string>());

/**
 * Which host each request was meant for, and which site each account's keys belong to (kept
 * in the venue's book). Requests over TLS are checked against both; plain-HTTP requests are
 * only counted.
 */
export class HostBook {
  /** Requests per `Host` (as the request named it). */
  readonly counts: Map<string, number> = new Map();
  readonly #state: SimState;

  /** The hosts and sites of `state`'s accounts. */
  constructor(state: SimState) {
    this.#state = state;
  }

  /** Site per account (`venue/index`), as bound; unset: the venue's default site. */
  get sites(): ReadonlyMap<string, string> {
    const sites = new Map<string, string>();
    for (const venue of SIM_VENUES) {
      for (const [index, site] of this.#state.book(venue).get(SITES)) {
        sites.set(`${venue}/${index}`, site);
      }
    }
    return sites;
  }

  /** Binds an account's keys to a site (`eea`, `testnet`, `global+demo`, ...). */
  bind(venue: VenueId, index: number, site: string): void {
    this.#state.book(venue).get(SITES).set(index, site);
  }

  /** The site an account's keys belong to. */
  siteOf(venue: VenueId, index: number): string {
    return this.#state.book(venue).get(SITES).get(index) ?? DEFAULT_SITES[venue];
  }
}

/** A running server. */
export interface RunningServer {
  /** Base origin, `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The state, for in-process tests. */
  readonly state: SimState;
  /** Port of the TLS listener on 127.0.0.1, when `tls` was given. */
  readonly tlsPort?: number | undefined;
  /** Hosts requests were meant for, and account sites. */
  readonly hosts: HostBook;
  /** Stops the server. */
  close(): Promise<void>;
}

const GENERIC_FAULTS = ["http", "html", "truncated", "malformed", "drop", "stall", "code"] as const;

/** Starts the server with the given venue handlers. */
export function startServer(sims: readonly VenueSim[], options: ServerOptions = {}): RunningServer {
  const state = new SimState({
    accounts: options.accounts ?? 1,
    seed: options.seed,
    okxCancelDelayMs: options.okxCancelDelayMs,
  });
  state.latency = { ms: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 };
  for (const f of options.faults ?? []) state.addFault(f);
  for (const index of options.bitgetUta ?? []) setBitgetAccountMode(state, index, "uta");
  const byVenue = new Map(sims.map((s) => [s.venue, s]));
  if (options.ordersPerMarket) {
    for (const sim of sims) {
      for (const account of state.accounts.get(sim.venue) ?? []) {
        seedDefault(sim, state, account.index, options.ordersPerMarket);
      }
    }
  }
  const controller = new AbortController();
  const hosts = new HostBook(state);
  const handler = async (request: Request, viaTls: boolean): Promise<Response> => {
    const url = new URL(request.url);
    if (!viaTls && request.method === "POST" && url.pathname === "/__sim/shutdown") {
      // Answer first, then stop: the caller learns that the stop was taken.
      setTimeout(() => (options.onShutdown ?? (() => controller.abort()))(), 10);
      return json({ ok: true });
    }
    if (!viaTls && url.pathname.startsWith("/__sim/")) {
      return control(request, url, state, byVenue, hosts);
    }
    hosts.counts.set(url.host, (hosts.counts.get(url.host) ?? 0) + 1);
    const sim = sims.find((s) => s.prefixes.some((p) => url.pathname.startsWith(p)));
    let hostSite = sim ? DEFAULT_SITES[sim.venue] : "";
    if (viaTls) {
      // The real host answers only its own venue's paths.
      const host = SIM_HOSTS[url.hostname];
      if (!host) return json({ error: "MISDIRECTED_REQUEST" }, 421);
      if (!sim || sim.venue !== host.venue) return json({ error: "NOT_FOUND" }, 404);
      hostSite = host.site;
    }
    if (!sim) return json({ error: "NOT_FOUND" }, 404);
    // Keys work only on their own site: region (by host, over TLS) and live versus demo (by the
    // demo header, everywhere; plain HTTP stands for each venue's default host).
    const key = requestKey(sim.venue, request.headers);
    const account = key === undefined
      ? undefined
      : state.byApiKey(sim.venue, key) ?? state.byJwt(sim.venue, key);
    if (account) {
      const accountSite = hosts.siteOf(sim.venue, account.index);
      const site = requestSite(sim.venue, hostSite, request.headers);
      if (accountSite !== site) {
        state.count(sim.venue, request.method, url.pathname);
        const { code, status } = wrongSiteCode(sim.venue, accountSite, site);
        return sim.errorFor(code, status);
      }
    }
    const body = await request.text();
    const rawQuery = url.search.startsWith("?") ? url.search.slice(1) : url.search;
    const req: SimRequest = {
      method: request.method,
      url,
      path: url.pathname,
      rawQuery,
      headers: request.headers,
      body,
    };
    state.count(sim.venue, request.method, url.pathname);
    state.recordSignatures(request.headers, url);
    const { ms, jitterMs } = state.latency;
    const delay = ms + (jitterMs > 0 ? state.random() * jitterMs : 0);
    const fault = state.takeFault(sim.venue, request.method, url.pathname, GENERIC_FAULTS);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (fault) return injected(fault, sim);
    return await sim.handle(req, state);
  };
  const common = {
    signal: controller.signal,
    onListen: () => {},
    onError: () => new Response("internal error", { status: 500 }),
  };
  const server = Deno.serve({
    ...common,
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
  }, (request) => handler(request, false));
  const tlsServer = options.tls
    ? Deno.serve(
      { ...common, port: 0, hostname: "127.0.0.1", cert: options.tls.cert, key: options.tls.key },
      (request) => handler(request, true),
    )
    : undefined;
  const addr = server.addr as Deno.NetAddr;
  return {
    origin: `http://${addr.hostname}:${addr.port}`,
    state,
    tlsPort: tlsServer ? (tlsServer.addr as Deno.NetAddr).port : undefined,
    hosts,
    close: async () => {
      controller.abort();
      await server.finished;
      await tlsServer?.finished;
    },
  };
}

/**
 * Seeds `n` regular orders in each default market of the venue. A venue cap (OKX: 500
 * pending spread orders per account) ends that account's seeding early.
 */
export function seedDefault(sim: VenueSim, state: SimState, account: number, n: number): void {
  const acc = state.account(sim.venue, account);
  try {
    for (const { market, symbol } of sim.markets) {
      for (let i = 0; i < n; i++) {
        const spec = { venue: sim.venue, account, count: 1, market, symbol };
        state.book(sim.venue).add(acc, sim.makeOrder(acc, spec, state));
      }
    }
  } catch {
    // The venue refuses more orders (its cap): keep what was seeded.
  }
}

function injected(fault: FaultSpec, sim: VenueSim): Response | Promise<Response> {
  switch (fault.kind) {
    case "http":
      return new Response("Service Unavailable", { status: fault.status ?? 500 });
    case "html":
      return new Response(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        { status: fault.status ?? 502, headers: { "content-type": "text/html" } },
      );
    case "truncated":
      return new Response('{"code":"0","data":[{"ordId":"12', {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    case "malformed":
      return new Response("OK", { status: 200, headers: { "content-type": "application/json" } });
    case "drop": {
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"partial":'));
          c.error(new Error("connection dropped by simulator"));
        },
      });
      return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
    }
    case "stall":
      return new Promise((resolve) =>
        setTimeout(() => resolve(new Response("late", { status: 504 })), fault.ms ?? 30_000)
      );
    case "code":
      return sim.errorFor(fault.code ?? "", fault.status);
    default:
      return new Response("bad fault", { status: 500 });
  }
}

async function control(
  request: Request,
  url: URL,
  state: SimState,
  sims: Map<VenueId, VenueSim>,
  hosts: HostBook,
): Promise<Response> {
  const route = `${request.method} ${url.pathname}`;
  const body = request.method === "GET" ? {} : await request.json().catch(() => ({}));
  const venueParam = (url.searchParams.get("venue") ?? body.venue) as VenueId;
  switch (route) {
    case "POST /__sim/reset":
      state.reset();
      hosts.counts.clear();
      return json({ ok: true });
    case "GET /__sim/hosts":
      return json({ hosts: Object.fromEntries(hosts.counts) });
    case "POST /__sim/site": {
      if (!sims.has(venueParam)) return json({ error: "unknown venue" }, 400);
      const index = Number(body.account ?? 0);
      if (typeof body.site !== "string" || !Number.isInteger(index)) {
        return json({ error: "site (string) and account (integer) are required" }, 400);
      }
      state.account(venueParam, index);
      hosts.bind(venueParam, index, body.site);
      return json({ ok: true });
    }
    case "POST /__sim/bitget-mode": {
      // A Bitget account's mode: "uta" (v3 API; v2 private calls get 40085) or "classic".
      const index = Number(body.account ?? 0);
      if (!Number.isInteger(index) || (body.mode !== "uta" && body.mode !== "classic")) {
        return json({ error: "account (integer) and mode (uta or classic) are required" }, 400);
      }
      setBitgetAccountMode(state, index, body.mode);
      return json({ ok: true });
    }
    case "POST /__sim/seed": {
      const spec = body as SeedSpec;
      const sim = sims.get(spec.venue);
      if (!sim) return json({ error: "unknown venue" }, 400);
      const account = state.account(spec.venue, spec.account ?? 0);
      const ids: string[] = [];
      for (let i = 0; i < (spec.count ?? 1); i++) {
        ids.push(state.book(spec.venue).add(account, sim.makeOrder(account, spec, state)).id);
      }
      return json({ ids });
    }
    case "POST /__sim/faults":
      // Strict: a misspelled field or kind is refused, never accepted to inject nothing.
      try {
        state.addFault(body as FaultSpec);
      } catch (e) {
        return json({ error: e instanceof Error ? e.message : "invalid fault" }, 400);
      }
      return json({ ok: true });
    case "DELETE /__sim/faults":
      state.clearFaults();
      return json({ ok: true });
    case "POST /__sim/latency":
      state.latency = { ms: Number(body.ms ?? 0), jitterMs: Number(body.jitterMs ?? 0) };
      return json({ ok: true });
    case "POST /__sim/skew":
      state.skewMs.set(venueParam, Number(body.ms ?? 0));
      return json({ ok: true });
    case "POST /__sim/config":
      if (body.okxCancelDelayMs !== undefined) {
        state.okxCancelDelayMs = Number(body.okxCancelDelayMs);
      }
      if (body.rateLimits !== undefined) state.rateLimits = Boolean(body.rateLimits);
      return json({ ok: true });
    case "GET /__sim/orders": {
      const sim = sims.get(venueParam);
      if (!sim) return json({ error: "unknown venue" }, 400);
      const book = state.book(venueParam);
      const account = book.account(Number(url.searchParams.get("account") ?? 0));
      const all = url.searchParams.get("all") === "1";
      book.settle(account);
      const orders = [...account.orders.values()].filter((o) => all || isActive(o));
      return json({ orders: orders.map((o) => ({ ...o, native: sim.render(o) })) });
    }
    case "GET /__sim/signatures":
      return json({ signatures: [...state.seenSignatures] });
    case "GET /__sim/counts":
      return json({ counts: Object.fromEntries(state.counts) });
    default:
      return json({ error: `unknown control route ${route}` }, 404);
  }
}
