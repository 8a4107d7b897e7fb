/**
 * The HTTPS front of the simulator: an HTTP proxy on loopback that accepts `CONNECT host:443`
 * for the venues' real host names and tunnels each connection to the simulator's TLS listener,
 * whose certificate (signed by the test CA in `tests/data/tls/`) names those hosts. A script run
 * with `HTTPS_PROXY` pointing here and `DENO_CERT` at the test CA takes exactly the production
 * path: default hosts, TLS, `--allow-net` checked against the real names.
 *
 * Every tunnel asked for is recorded, refused ones included, so a test can assert that a run
 * contacted no host but the venues'. An optional one-way delay holds every chunk in each
 * direction, so TCP and TLS handshakes pay real round trips (the latency harness).
 *
 * @module
 */

/** One `CONNECT` the front received. */
export interface TunnelRecord {
  /** `host:port` as asked for. */
  readonly target: string;
  /** Whether the front opened the tunnel (only venue hosts on port 443 are). */
  readonly accepted: boolean;
}

/** Options of {@linkcode startFront}. */
export interface FrontOptions {
  /** Port of the simulator's TLS listener on 127.0.0.1. */
  readonly tlsPort: number;
  /** Host names the front tunnels; anything else is refused with 403. */
  readonly hosts: readonly string[];
  /** One-way delay per chunk in each direction, ms; default 0. */
  readonly oneWayDelayMs?: number | undefined;
  /** Port to listen on; default 0 (a free one). */
  readonly port?: number | undefined;
}

/** A running front. */
export interface RunningFront {
  /** `http://127.0.0.1:PORT`: the value for `HTTPS_PROXY`. */
  readonly proxyUrl: string;
  /** Every CONNECT received, in order. */
  readonly tunnels: readonly TunnelRecord[];
  /** Changes the one-way delay for connections opened from now on. */
  setOneWayDelay(ms: number): void;
  /** Stops listening and closes every open tunnel. */
  close(): Promise<void>;
}

const HEAD_LIMIT = 8192;

/**
 * Starts the front on 127.0.0.1.
 *
 * @example Tunnel the venues' hosts to a TLS listener
 * ```ts
 * import { startFront } from "./front.ts";
 * const front = startFront({ tlsPort: 8443, hosts: ["www.okx.com"] });
 * // HTTPS_PROXY=${front.proxyUrl} deno run ...
 * await front.close();
 * ```
 */
export function startFront(options: FrontOptions): RunningFront {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: options.port ?? 0 });
  const allowed = new Set(options.hosts);
  const tunnels: TunnelRecord[] = [];
  const open = new Set<Deno.Conn>();
  let delayMs = options.oneWayDelayMs ?? 0;
  const serving = (async () => {
    for await (const conn of listener) {
      open.add(conn);
      handle(conn, allowed, tunnels, options.tlsPort, delayMs, open).catch(() => {}).finally(
        () => {
          open.delete(conn);
          closeQuietly(conn);
        },
      );
    }
  })().catch(() => {});
  const addr = listener.addr as Deno.NetAddr;
  return {
    proxyUrl: `http://127.0.0.1:${addr.port}`,
    tunnels,
    setOneWayDelay(ms: number) {
      delayMs = ms;
    },
    async close() {
      closeQuietly(listener);
      for (const c of open) closeQuietly(c);
      await serving;
    },
  };
}

async function handle(
  conn: Deno.Conn,
  allowed: ReadonlySet<string>,
  tunnels: TunnelRecord[],
  tlsPort: number,
  delayMs: number,
  open: Set<Deno.Conn>,
): Promise<void> {
  const { head, rest } = await readHead(conn);
  const [method, target] = head.split("\r\n", 1)[0]?.split(" ") ?? [];
  if (method !== "CONNECT" || !target) {
    await write(conn, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  const colon = target.lastIndexOf(":");
  const host = colon > 0 ? target.slice(0, colon) : target;
  const port = colon > 0 ? target.slice(colon + 1) : "";
  const accepted = port === "443" && allowed.has(host.toLowerCase());
  tunnels.push({ target, accepted });
  if (!accepted) {
    await write(conn, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  const upstream = await Deno.connect({ hostname: "127.0.0.1", port: tlsPort });
  open.add(upstream);
  try {
    await write(conn, "HTTP/1.1 200 Connection Established\r\n\r\n");
    const w = upstream.writable.getWriter();
    if (rest.length) await w.write(rest);
    w.releaseLock();
    await Promise.allSettled([
      pump(conn.readable, upstream.writable, delayMs),
      pump(upstream.readable, conn.writable, delayMs),
    ]);
  } finally {
    open.delete(upstream);
    closeQuietly(upstream);
  }
}

/** Reads up to the blank line that ends the request head. */
async function readHead(conn: Deno.Conn): Promise<{ head: string; rest: Uint8Array }> {
  const buf = new Uint8Array(HEAD_LIMIT);
  let len = 0;
  while (len < HEAD_LIMIT) {
    const n = await conn.read(buf.subarray(len));
    if (n === null) break;
    len += n;
    const text = new TextDecoder().decode(buf.subarray(0, len));
    const end = text.indexOf("\r\n\r\n");
    if (end >= 0) {
      const headBytes = new TextEncoder().encode(text.slice(0, end + 4)).length;
      return { head: text.slice(0, end), rest: buf.slice(headBytes, len) };
    }
  }
  return { head: "", rest: new Uint8Array() };
}

/**
 * Copies `from` to `to`. With a delay, a reader stamps each chunk on arrival and a writer sends
 * it once `delayMs` has passed since then: a fixed one-way delay that does not add up across
 * back-to-back chunks.
 */
async function pump(
  from: ReadableStream<Uint8Array>,
  to: WritableStream<Uint8Array>,
  delayMs: number,
): Promise<void> {
  if (delayMs <= 0) {
    await from.pipeTo(to).catch(() => {});
    return;
  }
  const queue: Array<{ at: number; chunk: Uint8Array | null }> = [];
  let wake: (() => void) | undefined;
  const reading = (async () => {
    try {
      for await (const chunk of from) {
        queue.push({ at: performance.now() + delayMs, chunk });
        wake?.();
      }
    } catch {
      // The peer went away: end the other direction too.
    }
    queue.push({ at: performance.now() + delayMs, chunk: null });
    wake?.();
  })();
  const writer = to.getWriter();
  try {
    while (true) {
      if (queue.length === 0) await new Promise<void>((r) => wake = r);
      wake = undefined;
      const next = queue.shift();
      if (!next) continue;
      const wait = next.at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (next.chunk === null) break;
      await writer.write(next.chunk);
    }
    await writer.close().catch(() => {});
  } catch {
    // The other side closed.
  } finally {
    writer.releaseLock();
    await reading;
  }
}

async function write(conn: Deno.Conn, text: string): Promise<void> {
  const w = conn.writable.getWriter();
  try {
    await w.write(new TextEncoder().encode(text));
  } finally {
    w.releaseLock();
  }
}

function closeQuietly(c: { close(): void }): void {
  try {
    c.close();
  } catch {
    // Already closed.
  }
}
