// p99 verification fails closed: a listing proves an empty book only when the venue answers
// 200 with a bare JSON array of orders, as documented. Anything else is an error, retried,
// and the account ends UNKNOWN, never FLAT.

import { assert, assertEquals } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { createP99Account, P99Client } from "../venues/p99/mod.ts";

const ORDER = {
  id: "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10",
  symbol: "DFUSDT",
  side: "buy",
  type: "limit",
  tif: "gtc",
  price: "0.5000",
  quantity: "100",
  quote_quantity: null,
  filled_qty: "0",
  avg_fill_price: "0",
  status: "canceled",
  reject_reason: null,
  created_at: 1778400000,
  updated_at: 1778400300,
};

interface Answer {
  readonly status: number;
  readonly body: string;
}

/**
 * Runs the engine over one JWT account whose venue answers every DELETE with an empty
 * `canceled` list and every listing with `listing`; returns the report and the listings sent.
 */
async function runWith(listing: Answer) {
  let lists = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const answer = method === "GET" && url.pathname.endsWith("/spot/orders")
      ? (lists++, listing)
      : { status: 200, body: JSON.stringify({ canceled: [] }) };
    return Promise.resolve(
      new Response(answer.body, {
        status: answer.status,
        headers: { "content-type": "application/json", date: new Date().toUTCString() },
      }),
    );
  };
  const client = new P99Client({
    jwt: "aaa.bbb.ccc",
    transport: { fetch, backoffBaseMs: 1, backoffMaxMs: 5 },
  });
  const report = await cancelAll(Scope.all(), [createP99Account(client, "main")], {
    deadlineMs: 600,
    verifyBackoffMs: 5,
  });
  return { report, lists };
}

async function assertUnknown(listing: Answer, kind: string): Promise<void> {
  const { report, lists } = await runWith(listing);
  const account = report.accounts[0]!;
  assertEquals(report.outcome, "UNKNOWN", account.reason);
  assertEquals(account.status, "UNKNOWN");
  assert(lists > 2, `the listing was retried (${lists} sent)`);
  assert(
    account.errors.some((e) => e.phase === "verify" && e.kind === kind),
    JSON.stringify(account.errors),
  );
}

Deno.test("a null listing body is an error, retried, then UNKNOWN (never an empty book)", async () => {
  await assertUnknown({ status: 200, body: "null" }, "format");
});

Deno.test("an object instead of the documented array is an error, retried, then UNKNOWN", async () => {
  await assertUnknown({ status: 200, body: JSON.stringify({ orders: [] }) }, "format");
  await assertUnknown({ status: 200, body: "{}" }, "format");
});

Deno.test("listing items that are not orders are an error, retried, then UNKNOWN", async () => {
  await assertUnknown({ status: 200, body: JSON.stringify([{ id: ORDER.id }]) }, "format");
  await assertUnknown({ status: 200, body: "[null]" }, "format");
  await assertUnknown({ status: 200, body: JSON.stringify([{ ...ORDER, status: 7 }]) }, "format");
});

Deno.test("HTTP >= 400 with a successful-looking body is an error, retried, then UNKNOWN", async () => {
  await assertUnknown({ status: 400, body: "[]" }, "format");
  await assertUnknown({ status: 404, body: JSON.stringify({ canceled: [] }) }, "format");
  await assertUnknown({ status: 500, body: "[]" }, "transient");
});

Deno.test("control: a 200 bare empty array is the one answer that proves the book empty", async () => {
  const { report } = await runWith({ status: 200, body: "[]" });
  assertEquals(report.outcome, "FLAT");
});
