// Verification fails closed: a Bybit listing proves an empty book only when the answer says
// so in the documented shape (`result.list` an array, HTTP 2xx, retCode 0). Every other
// answer is an error, asked again, and the account ends UNKNOWN, never FLAT.

import { bybitScope } from "../venues/bybit/scope.ts";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { BybitClient, createBybitAccount } from "../venues/bybit/mod.ts";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { VenueError } from "../venues/errors.ts";

const ACK =
  '{"retCode":0,"retMsg":"OK","result":{"list":[],"success":"1"},"retExtInfo":{},"time":1}';
const EMPTY =
  '{"retCode":0,"retMsg":"OK","result":{"list":[],"nextPageCursor":"","category":"linear"},"retExtInfo":{},"time":1}';

/** A venue that acknowledges every cancel and answers every listing with `listing`. */
function venue(listing: { status: number; body: string }) {
  const listings = { count: 0 };
  const fetch: typeof globalThis.fetch = (input) => {
    const url = new URL(String(input));
    const isListing = url.pathname === "/v5/order/realtime";
    if (isListing) listings.count++;
    const answer = isListing ? listing : { status: 200, body: ACK };
    return Promise.resolve(
      new Response(answer.body, {
        status: answer.status,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  return { fetch, listings };
}

function client(fetch: typeof globalThis.fetch, maxRetries = 2): BybitClient {
  return new BybitClient({
    apiKey: "key",
    secret: "secret",
    transport: { fetch, maxRetries, backoffBaseMs: 1, backoffMaxMs: 2 },
  });
}

/** The client refuses the answer after retrying it, and a whole run ends UNKNOWN. */
async function failsClosed(status: number, body: string): Promise<void> {
  const v = venue({ status, body });
  const error = await assertRejects(
    () => client(v.fetch).listOpenOrders({ category: "linear", settleCoin: "USDT" }),
    VenueError,
  );
  assert(error.retryable, `a listing that proves nothing is asked again (${error.message})`);
  assertEquals(v.listings.count, 3, "first attempt and two retries");

  const run = venue({ status, body });
  const account = createBybitAccount(client(run.fetch, 1), "main");
  const report = await cancelAll(
    Scope.all().venues("bybit").refine(bybitScope({ categories: ["linear"] })),
    [account],
    { deadlineMs: 800, verifyBackoffMs: 5 },
  );
  assertEquals(report.accounts[0]?.status, "UNKNOWN", report.accounts[0]?.reason);
  assert(run.listings.count > 2, "the engine listed again until the deadline");
}

Deno.test("listing control: the documented empty answer is an empty book", async () => {
  const v = venue({ status: 200, body: EMPTY });
  assertEquals(
    await client(v.fetch).listOpenOrders({ category: "linear", settleCoin: "USDT" }),
    [],
  );
  const report = await cancelAll(
    Scope.all().venues("bybit").refine(bybitScope({ categories: ["linear"] })),
    [createBybitAccount(client(venue({ status: 200, body: EMPTY }).fetch), "main")],
    { deadlineMs: 2000 },
  );
  assertEquals(report.accounts[0]?.status, "FLAT");
});

Deno.test("listing without result is not an empty book", async () => {
  await failsClosed(200, '{"retCode":0,"retMsg":"OK","retExtInfo":{},"time":1}');
});

Deno.test("listing with result null is not an empty book", async () => {
  await failsClosed(200, '{"retCode":0,"retMsg":"OK","result":null,"retExtInfo":{},"time":1}');
});

Deno.test("listing whose result has no list is not an empty book", async () => {
  await failsClosed(200, '{"retCode":0,"retMsg":"OK","result":{},"retExtInfo":{},"time":1}');
});

Deno.test("listing with list null is not an empty book", async () => {
  await failsClosed(
    200,
    '{"retCode":0,"retMsg":"OK","result":{"list":null,"nextPageCursor":""},"retExtInfo":{},"time":1}',
  );
});

Deno.test("listing in an unexpected shape (rows instead of list) is not an empty book", async () => {
  await failsClosed(
    200,
    '{"retCode":0,"retMsg":"OK","result":{"rows":[],"nextPageCursor":""},"retExtInfo":{},"time":1}',
  );
});

Deno.test("listing whose result is an array is not an empty book", async () => {
  await failsClosed(200, '{"retCode":0,"retMsg":"OK","result":[],"retExtInfo":{},"time":1}');
});

Deno.test("listing answered for another category is not an empty book", async () => {
  await failsClosed(
    200,
    '{"retCode":0,"retMsg":"OK","result":{"list":[],"nextPageCursor":"","category":"spot"},"retExtInfo":{},"time":1}',
  );
});

Deno.test("listing with HTTP 400 carrying retCode 0 is not an empty book", async () => {
  await failsClosed(400, EMPTY);
});

Deno.test("listing with HTTP 404 carrying retCode 0 is not an empty book", async () => {
  await failsClosed(404, EMPTY);
});

Deno.test("listing with HTTP 500 carrying retCode 0 is not an empty book", async () => {
  await failsClosed(500, EMPTY);
});

Deno.test("listing with a null body is not an empty book", async () => {
  await failsClosed(200, "null");
});

Deno.test("listing with an empty body is not an empty book", async () => {
  await failsClosed(200, "");
});
