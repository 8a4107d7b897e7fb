// An in-memory AccountAdapter for engine tests: a book of orders, a cancel-all that may
// remove only some, listings that may fail. Not a venue model: the simulator is.

import { membership } from "../engine/match.ts";
import type {
  AccountAdapter,
  CancelStep,
  CompiledClause,
  Listing,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../engine/types.ts";
import { sleep } from "../venues/clock.ts";
import { TransientError } from "../venues/errors.ts";
import type { TransportEvent } from "../venues/transport.ts";
import type { VenueId } from "../venues/types.ts";

export interface FakeOptions {
  /** Orders removed per cancel call at most. */
  cap?: number;
  /** Listing throws this many times first. */
  listFailures?: number;
  /** Every listing fails. */
  listAlwaysFails?: boolean;
  /** Orders added after each cancel (reappearing). */
  reappear?: number;
  /** Latency per call, ms. */
  latencyMs?: number;
  /** Waits of `latencyMs` use this (a FakeClock's sleep); default real time. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class FakeAdapter implements AccountAdapter {
  readonly venue: VenueId;
  readonly account: string;
  readonly host: string;
  readonly environment = "production" as const;
  book: OpenOrder[] = [];
  calls: string[] = [];
  #listeners = new Set<(e: TransportEvent) => void>();
  #opts: FakeOptions;
  #seq = 0;

  constructor(venue: VenueId, account: string, opts: FakeOptions = {}) {
    this.venue = venue;
    this.account = account;
    this.host = `${venue}.test`;
    this.#opts = opts;
  }

  seed(n: number, symbol = "BTCUSDT", kind: "regular" | "conditional" = "regular"): void {
    for (let i = 0; i < n; i++) {
      this.book.push({
        venue: this.venue,
        account: this.account,
        id: `${this.venue}-${++this.#seq}`,
        symbol,
        kind,
        market: "m",
        status: "open",
      });
    }
  }

  compile(clause: ScopeClause): CompiledClause {
    const step: CancelStep<VenueId, ScopeClause> = {
      venue: this.venue,
      action: "cancel-all",
      params: clause,
      request: { method: "POST", host: this.host, path: "/cancel-all", params: {} },
      note: "fake",
      run: (signal) => this.execute(clause, signal),
    };
    const listing: Listing = {
      request: { ...step.request, method: "GET", path: "/list" },
      run: (signal) => this.list(signal),
    };
    return { clause, steps: [step], listings: [listing] };
  }

  /** One cancel step (tests override it to slow it down or count it). */
  async execute(clause: ScopeClause, signal: AbortSignal): Promise<StepOutcome> {
    await this.#request("POST /cancel-all", signal);
    return this.#cancel(clause);
  }

  async list(signal: AbortSignal): Promise<OpenOrder[]> {
    await this.#request("GET /list", signal);
    if (this.#opts.listAlwaysFails || (this.#opts.listFailures ?? 0) > 0) {
      if (this.#opts.listFailures) this.#opts.listFailures--;
      throw new TransientError("fake listing failed", { venue: this.venue, status: 503 });
    }
    return [...this.book];
  }

  async cancelOrders(
    _orders: readonly OpenOrder[],
    compiled: CompiledClause,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    await this.#request("POST /cancel-all", signal);
    return this.#cancel(compiled.clause);
  }

  subscribe(listener: (e: TransportEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #cancel(clause: ScopeClause): StepOutcome {
    const hit = this.book.filter((o) => membership(o, clause) === "in").slice(0, this.#opts.cap);
    this.book = this.book.filter((o) => !hit.includes(o));
    if (this.#opts.reappear) this.seed(this.#opts.reappear);
    return { acknowledged: hit.map((o) => o.id), alreadyGone: [], failures: [] };
  }

  async #request(endpoint: string, signal: AbortSignal): Promise<void> {
    this.calls.push(endpoint);
    for (const l of this.#listeners) {
      l({ type: "request", venue: this.venue, endpoint, attempt: 0 });
    }
    if (this.#opts.latencyMs) await (this.#opts.wait ?? sleep)(this.#opts.latencyMs, signal);
  }
}
