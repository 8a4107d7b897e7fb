// UTA verification fails closed: unfilled-orders proves an empty page only as `data.list` a
// list, unfilled-strategy-orders only as `data` a list. Every other answer is an error, retried,
// and the account ends UNKNOWN, never FLAT. One regression test per case.
import { assertEquals, assertInstanceOf, assertRejects, assertStringIncludes } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { ResponseFormatError, TransientError } from "../venues/errors.ts";
import { BitgetUtaClient, createBitgetUtaAccount } from "../venues/bitget/mod.ts";

interface Answer {
  readonly status?: number;
  readonly body: string;
}

const envelope = (data: string) =>
  `{"code":"00000","msg":"success","requestTime":1,"data":${data}}`;
const EMPTY_PAGE = { body: envelope('{"list":[],"cursor":null}') };
const EMPTY_STRATEGIES = { body: envelope("[]") };

/**
 * A UTA client whose unfilled-orders answer `regular`, strategy listings `strategy`, and every
 * cancel an empty list.
 */
function clientAnswering(regular: Answer, strategy: Answer, maxRetries = 0) {
  let lists = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const get = (init?.method ?? "GET") === "GET";
    if (get) lists++;
    const a = !get
      ? { body: envelope('{"list":[]}') }
      : url.includes("unfilled-strategy-orders")
      ? strategy
      : regular;
    return Promise.resolve(
      new Response(a.body, {
        status: a.status ?? 200,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  const client = new BitgetUtaClient({
    apiKey: "key",
    secret: "secret",
    passphrase: "pass",
    transport: { fetch, maxRetries, backoffBaseMs: 1, backoffMaxMs: 2 },
  });
  return { client, lists: () => lists };
}

const PAGE_NOT_EMPTY: Array<[string, Answer, typeof ResponseFormatError | typeof TransientError]> =
  [
    ["data without list", { body: envelope('{"cursor":null}') }, ResponseFormatError],
    ["list: null", { body: envelope('{"list":null,"cursor":null}') }, ResponseFormatError],
    ["data: null", { body: envelope("null") }, ResponseFormatError],
    ["no data at all", { body: '{"code":"00000","msg":"success"}' }, ResponseFormatError],
    ["data is a list", { body: envelope("[]") }, ResponseFormatError],
    ["list is not a list", { body: envelope('{"list":"none"}') }, ResponseFormatError],
    ["HTTP 400 carrying code 00000", { status: 400, ...EMPTY_PAGE }, ResponseFormatError],
    ["HTTP 503 carrying code 00000", { status: 503, ...EMPTY_PAGE }, TransientError],
    ["a null body", { body: "null" }, ResponseFormatError],
    ["an empty body", { body: "" }, ResponseFormatError],
    ["code missing", { body: '{"msg":"success","data":{"list":[]}}' }, ResponseFormatError],
  ];

for (const [name, answer, kind] of PAGE_NOT_EMPTY) {
  Deno.test(`an unfilled-orders answer of ${name} is an error, and the account ends UNKNOWN`, async () => {
    const { client } = clientAnswering(answer, EMPTY_STRATEGIES);
    const e = await assertRejects(() => client.listUnfilledOrders({ category: "SPOT" }));
    assertInstanceOf(e, kind);
    const report = await cancelAll(Scope.all(), [createBitgetUtaAccount(client, "uta")], {
      deadlineMs: 500,
      verifyBackoffMs: 1,
    });
    assertEquals(report.accounts[0]!.status, "UNKNOWN");
    assertStringIncludes(report.accounts[0]!.reason, "could not list open orders");
  });
}

const STRATEGY_NOT_EMPTY: Array<[string, Answer]> = [
  ["data: null", { body: envelope("null") }],
  ["no data at all", { body: '{"code":"00000","msg":"success"}' }],
  ["a paged object", { body: envelope('{"list":[]}') }],
  ["an object", { body: envelope("{}") }],
  ["HTTP 400 carrying code 00000", { status: 400, body: envelope("[]") }],
];

for (const [name, answer] of STRATEGY_NOT_EMPTY) {
  Deno.test(`an unfilled-strategy-orders answer of ${name} is an error, and a conditional scope ends UNKNOWN`, async () => {
    const { client } = clientAnswering(EMPTY_PAGE, answer);
    const e = await assertRejects(() =>
      client.listStrategyOrders({ category: "USDT-FUTURES", type: "tpsl" })
    );
    assertInstanceOf(e, ResponseFormatError);
    const report = await cancelAll(
      Scope.all().kinds("conditional"),
      [createBitgetUtaAccount(client, "uta")],
      { deadlineMs: 500, verifyBackoffMs: 1 },
    );
    assertEquals(report.accounts[0]!.status, "UNKNOWN");
  });
}

Deno.test("the documented empty shapes prove an empty book: list [] (any cursor) and strategies []", async () => {
  for (
    const data of [
      '{"list":[],"cursor":null}',
      '{"list":[]}',
      '{"list":[],"cursor":""}',
      '{"list":[],"cursor":"123"}',
    ]
  ) {
    const { client } = clientAnswering({ body: envelope(data) }, EMPTY_STRATEGIES);
    assertEquals(await client.listUnfilledOrders({ category: "SPOT" }), []);
  }
  const { client } = clientAnswering(EMPTY_PAGE, EMPTY_STRATEGIES);
  const report = await cancelAll(Scope.all(), [createBitgetUtaAccount(client, "uta")], {
    deadlineMs: 2000,
    verifyBackoffMs: 1,
  });
  assertEquals(report.outcome, "FLAT");
});

Deno.test("inputs the venue would refuse are refused before sending", async () => {
  const { client, lists } = clientAnswering(EMPTY_PAGE, EMPTY_STRATEGIES);
  const orders = Array.from(
    { length: 21 },
    (_, i) => ({ symbol: "BTCUSDT", orderId: String(i + 1) }),
  );
  await assertRejects(() => client.cancelBatch({ category: "SPOT", orders }), Error, "at most 20");
  await assertRejects(() => client.cancelBatch({ category: "SPOT", orders: [] }), Error, "empty");
  await assertRejects(
    // @ts-expect-error: not a category
    () => client.cancelSymbolOrders({ category: "spot" }),
    Error,
    "must be one of SPOT",
  );
  await assertRejects(() => client.cancelOrder({}), Error, "orderId or clientOid");
  for (const n of [-1, 1, 4, 61]) {
    await assertRejects(() => client.countdownCancelAll(n), Error, "0 (off) or 5 to 60");
  }
  await assertRejects(() => client.countdownCancelAll(2.5), Error, "whole number");
  assertEquals(lists(), 0);
});
