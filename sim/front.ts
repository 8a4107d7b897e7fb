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
  /**
   * `connect` (default): an HTTPS proxy (`CONNECT host:443`). `direct`: every connection is
   * tunnelled as it is, for a harness whose clients reach the front as the venue itself (a
   * private network namespace whose /etc/hosts maps the venues' names to loopback and whose
   * port 443 is this front): the production path with no proxy at all.
   */
  readonly mode?: "connect" | "direct" | undefined;
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
      // Small TLS and HTTP/2 frames must not wait for Nagle's algorithm (40 ms stalls).
      noDelay(conn);
      const handling = options.mode === "direct"
        ? tunnel(conn, new Uint8Array(), tunnels, "direct", options.tlsPort, delayMs, open, false)
        : handle(conn, allowed, tunnels, options.tlsPort, delayMs, open);
      handling.catch(() => {}).finally(
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
  await tunnel(conn, rest, tunnels, target, tlsPort, delayMs, open, true);
}

/** Connects `conn` to the TLS listener and copies both ways until either side ends. */
async function tunnel(
  conn: Deno.Conn,
  rest: Uint8Array,
  tunnels: TunnelRecord[],
  target: string,
  tlsPort: number,
  delayMs: number,
  open: Set<Deno.Conn>,
  connectReply: boolean,
): Promise<void> {
  if (!connectReply) tunnels.push({ target, accepted: true });
  const upstream = await Deno.connect({ hostname: "127.0.0.1", port: tlsPort });
  noDelay(upstream);
  open.add(upstream);
  try {
    if (connectReply) await write(conn, "HTTP/1.1 200 Connection Established\r\n\r\n");
    if (rest.length) await writeAll(upstream, rest);
    await Promise.allSettled([pump(conn, upstream, delayMs), pump(upstream, conn, delayMs)]);
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
 * Copies `from` to `to` with plain reads and writes (no stream buffering). With a delay, a
 * reader stamps each chunk on arrival and a writer sends it once `delayMs` has passed since then:
 * a fixed one-way delay that does not add up across back-to-back chunks.
 */
async function pump(from: Deno.Conn, to: Deno.Conn, delayMs: number): Promise<void> {
  const queue: Array<{ at: number; chunk: Uint8Array | null }> = [];
  let wake: (() => void) | undefined;
  const reading = (async () => {
    const buf = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await from.read(buf);
        if (n === null) break;
        const chunk = buf.slice(0, n);
        if (delayMs <= 0) {
          await writeAll(to, chunk);
          continue;
        }
        queue.push({ at: performance.now() + delayMs, chunk });
        wake?.();
      }
    } catch {
      // The peer went away: end the other direction too.
    }
    queue.push({ at: performance.now() + delayMs, chunk: null });
    wake?.();
  })();
  try {
    while (true) {
      if (queue.length === 0) await new Promise<void>((r) => wake = r);
      wake = undefined;
      const next = queue.shift();
      if (!next) continue;
      const wait = next.at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (next.chunk === null) break;
      await writeAll(to, next.chunk);
    }
  } catch {
    // The other side closed.
  } finally {
    await reading;
    try {
      await (to as Deno.TcpConn).closeWrite();
    } catch {
      // Already closed.
    }
  }
}

async function writeAll(conn: Deno.Conn, chunk: Uint8Array): Promise<void> {
  let off = 0;
  while (off < chunk.length) off += await conn.write(chunk.subarray(off));
}

async function write(conn: Deno.Conn, text: string): Promise<void> {
  await writeAll(conn, new TextEncoder().encode(text));
}

function noDelay(conn: Deno.Conn): void {
  try {
    (conn as Deno.TcpConn).setNoDelay(true);
  } catch {
    // Not a TCP connection.
  }
}

function closeQuietly(c: { close(): void }): void {
  try {
    c.close();
  } catch {
    // Already closed.
  }
}
