/**
 * A typed client for the simulator's control API (`/__sim/`), for tests, benchmarks and
 * fire drills.
 *
 * @module
 */

import type { OrderKind, VenueId } from "./types.ts";

/** A fault rule, as the control API takes it (see `FaultSpec` in sim/core.ts). */
export interface SimFault {
  /** Venue it applies to. */
  readonly venue: VenueId;
  /** Path suffix to match; unset = every path of the venue. */
  readonly path?: string;
  /** Method to match. */
  readonly method?: string;
  /** Account index to match. */
  readonly account?: number;
  /** What happens. */
  readonly kind:
    | "http"
    | "html"
    | "truncated"
    | "malformed"
    | "drop"
    | "stall"
    | "code"
    | "partial-failure"
    | "reappear";
  /** How many matching requests it hits; unset = until cleared. */
  readonly count?: number;
  /** Matching requests let through first. */
  readonly after?: number;
  /** HTTP status for `http`, `html`, `code`. */
  readonly status?: number;
  /** Venue code for `code`. */
  readonly code?: string;
  /** Stall duration. */
  readonly ms?: number;
  /** Orders for `reappear` / `partial-failure`. */
  readonly orders?: number;
}

/** Orders to seed. */
export interface SimSeed {
  /** Venue. */
  readonly venue: VenueId;
  /** Account index; default 0. */
  readonly account?: number;
  /** How many. */
  readonly count: number;
  /** Symbol; default spread across the venue's markets. */
  readonly symbol?: string;
  /** Bybit category or Bitget productType. */
  readonly market?: string;
  /** Regular (default) or conditional. */
  readonly kind?: OrderKind;
  /** Status; default open. */
  readonly status?: "open" | "partially_filled" | "filled" | "canceled";
}

/** An order as `/__sim/orders` returns it: normalised fields plus the venue's own shape. */
export interface SimOrderView {
  /** Order id. */
  readonly id: string;
  /** Client order id. */
  readonly clientId: string;
  /** Symbol. */
  readonly symbol: string;
  /** Kind. */
  readonly kind: OrderKind;
  /** Market (category, productType, `sprd`, `spot`). */
  readonly market: string;
  /** Base coin. */
  readonly baseCoin: string;
  /** Settle coin. */
  readonly settleCoin: string;
  /** Normalised status. */
  readonly status: string;
  /** The order as the venue renders it. */
  readonly native: Record<string, unknown>;
}

/**
 * Drives a running simulator.
 *
 * @example Seed orders and read them back
 * ```ts
 * import { startSimulator } from "./mod.ts";
 * import { SimControl } from "./control.ts";
 * const sim = await startSimulator({ accounts: 1 });
 * const control = new SimControl(sim.origin);
 * await control.seed({ venue: "p99", count: 3 });
 * (await control.orders("p99", 0)).length; // 3
 * await sim.close();
 * ```
 */
export class SimControl {
  readonly #origin: string;

  /** Controls the simulator at `origin` (`http://127.0.0.1:PORT`). */
  constructor(origin: string) {
    this.#origin = origin.replace(/\/+$/, "");
  }

  /** Seeds orders; returns their ids. */
  async seed(seed: SimSeed): Promise<string[]> {
    const r = await this.#post("/__sim/seed", { account: 0, ...seed });
    return (r as { ids: string[] }).ids;
  }

  /** Adds a fault rule. */
  async fault(fault: SimFault): Promise<void> {
    await this.#post("/__sim/faults", fault);
  }

  /** Clears every fault rule. */
  async clearFaults(): Promise<void> {
    await this.#send("DELETE", "/__sim/faults");
  }

  /** Sets injected latency. */
  async latency(ms: number, jitterMs = 0): Promise<void> {
    await this.#post("/__sim/latency", { ms, jitterMs });
  }

  /** Skews one venue's clock by `ms`. */
  async skew(venue: VenueId, ms: number): Promise<void> {
    await this.#post("/__sim/skew", { venue, ms });
  }

  /** Sets the OKX cancel delay and whether rate limits are enforced. */
  async configure(config: { okxCancelDelayMs?: number; rateLimits?: boolean }): Promise<void> {
    await this.#post("/__sim/config", config);
  }

  /** Open orders of one account (`all` includes terminal ones). */
  async orders(venue: VenueId, account: number, all = false): Promise<SimOrderView[]> {
    const r = await this.#send(
      "GET",
      `/__sim/orders?venue=${venue}&account=${account}${all ? "&all=1" : ""}`,
    );
    return (r as { orders: SimOrderView[] }).orders;
  }

  /** Request counts by `venue METHOD path`. */
  async counts(): Promise<Record<string, number>> {
    const r = await this.#send("GET", "/__sim/counts");
    return (r as { counts: Record<string, number> }).counts;
  }

  /** Signatures (and bearer tokens) the simulator has received, for leak checks. */
  async signatures(): Promise<string[]> {
    const r = await this.#send("GET", "/__sim/signatures");
    return (r as { signatures: string[] }).signatures;
  }

  /** Makes Bitget account `account` a unified trading account (`uta`) or a classic one. */
  async bitgetMode(account: number, mode: "uta" | "classic"): Promise<void> {
    await this.#post("/__sim/bitget-mode", { account, mode });
  }

  /** Removes all orders and faults, resets counts, latency and skew. */
  async reset(): Promise<void> {
    await this.#post("/__sim/reset", {});
  }

  #post(path: string, body: unknown): Promise<unknown> {
    return this.#send("POST", path, body);
  }

  async #send(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "content-type": "application/json" };
    }
    const res = await fetch(`${this.#origin}${path}`, init);
    const data: unknown = await res.json();
    if (!res.ok) {
      const error = (data as { error?: unknown } | null)?.error;
      throw new Error(
        `Simulator control ${method} ${path} failed: HTTP ${res.status}${
          typeof error === "string" ? `: ${error}` : ""
        }`,
      );
    }
    return data;
  }
}
