/**
 * The simulator's TLS certificate for the venues' real host names and the test CA that signed
 * it, kept in `tests/data/tls/` with the command that made them (`gen.sh`). TEST ONLY: the CA's
 * key is public; trust `ca.pem` per process (`DENO_CERT`), never system-wide.
 *
 * @module
 */

const DIR = new URL("../tests/data/tls/", import.meta.url);

/**
 * Path of the test CA certificate, for `DENO_CERT`.
 *
 * @example Trust the test CA in a child process
 * ```ts
 * import { TEST_CA_PATH } from "./tls.ts";
 * const env = { DENO_CERT: TEST_CA_PATH };
 * ```
 */
export const TEST_CA_PATH: string = decodeURIComponent(new URL("ca.pem", DIR).pathname);

/**
 * Reads the simulator's certificate (PEM) and key. Needs `--allow-read` of `tests/data/tls`.
 *
 * @example Serve TLS with it
 * ```ts
 * import { readTestCertificate } from "./tls.ts";
 * import { startSimulator } from "./mod.ts";
 * const sim = await startSimulator({ tls: await readTestCertificate() });
 * await sim.close();
 * ```
 */
export async function readTestCertificate(): Promise<{ cert: string; key: string }> {
  return {
    cert: await Deno.readTextFile(new URL("server.pem", DIR)),
    key: await Deno.readTextFile(new URL("server.key", DIR)),
  };
}
