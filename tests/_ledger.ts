// Reads docs/fidelity/<venue>.md and checks it against the code: one shared rule set for the
// four venues' ledgers (format: docs/fidelity/README.md).

import { assert, assertEquals } from "@std/assert";

/** One row of a venue's ledger. */
export interface LedgerRow {
  readonly id: string;
  readonly what: string;
  readonly client: string;
  readonly simulator: string;
  readonly source: string;
}

const ROOT = new URL("../", import.meta.url);
const KINDS = ["host", "auth", "endpoint", "param", "shape", "code", "limit", "quirk"];

/** Parses the single five-column table of `docs/fidelity/<venue>.md`. */
export async function readLedger(venue: string): Promise<LedgerRow[]> {
  const text = await Deno.readTextFile(new URL(`docs/fidelity/${venue}.md`, ROOT));
  const rows: LedgerRow[] = [];
  let header = false;
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) continue;
    const cells = splitRow(line);
    if (!header) {
      assertEquals(cells.map((c) => c.toLowerCase()), [
        "id",
        "what",
        "client",
        "simulator",
        "source",
      ]);
      header = true;
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    assertEquals(cells.length, 5, `${venue} ledger row has ${cells.length} cells: ${line}`);
    const [id, what, client, simulator, source] = cells as [string, string, string, string, string];
    rows.push({ id: id.replace(/`/g, ""), what, client, simulator, source });
  }
  return rows;
}

function splitRow(line: string): string[] {
  // Cells are separated by unescaped pipes; `\|` stands for a pipe inside a cell.
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

/** The README's UNVERIFIED entries, as `venue:id` strings. */
export async function readmeUnverified(): Promise<Set<string>> {
  const text = await Deno.readTextFile(new URL("README.md", ROOT));
  return new Set(
    [...text.matchAll(/`((?:okx|bybit|bitget|p99):[a-z]+\.[^`\s]+)`/g)].map((m) => m[1]!),
  );
}

/**
 * The shared checks: well-formed unique ids, every row sourced or ASSUMED, every code of the
 * client's table has a row, every ASSUMED row is in README's UNVERIFIED list.
 */
export async function checkLedger(venue: string, clientCodes: Iterable<string>): Promise<void> {
  const rows = await readLedger(venue);
  assert(rows.length > 0, `${venue} ledger has no rows`);
  const ids = new Set<string>();
  for (const row of rows) {
    const kind = row.id.split(".")[0] ?? "";
    assert(KINDS.includes(kind) && row.id.includes("."), `${venue} ledger: bad id "${row.id}"`);
    assert(!ids.has(row.id), `${venue} ledger: id "${row.id}" appears twice`);
    ids.add(row.id);
    for (const [name, cell] of Object.entries(row)) {
      assert(cell.length > 0, `${venue} ledger: ${row.id} has an empty ${name} cell`);
    }
    const assumed = row.source.startsWith("ASSUMED");
    const cited = /https?:\/\/|\b[\w.-]+\/[\w.-]+\b.*\.(ts|js|py|rs|md|mdx|cs|go)\b/.test(
      row.source,
    );
    assert(assumed || cited, `${venue} ledger: ${row.id} has neither a source nor ASSUMED`);
  }
  for (const code of clientCodes) {
    assert(ids.has(`code.${code}`), `${venue} ledger: client code ${code} has no row code.${code}`);
  }
  const unverified = await readmeUnverified();
  for (const row of rows) {
    if (!row.source.startsWith("ASSUMED")) continue;
    assert(
      unverified.has(`${venue}:${row.id}`),
      `README's UNVERIFIED list lacks \`${venue}:${row.id}\` (ASSUMED in the ledger)`,
    );
  }
}
