// Verification fails closed: a Bitget listing proves an empty book only when the response
// positively says so in the documented shape. Every other answer is an error, retried, and the
// account ends UNKNOWN, never FLAT. One regression test per case.
import { assertEquals, assertInstanceOf, assertRejects, assertStringIncludes } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { ResponseFormatError, TransientError } from "../venues/errors.ts";
import { BitgetClient, createBitgetAccount } from "../venues/bitget/mod.ts";

interface Answer {
  readonly status?: number;
  readonly body: string;
}

/** A client whose every request gets `listing` (GET) or an empty cancel result (POST). */
function clientAnswering(listing: Answer, maxRetries = 0) {
  let lists = 0;
  const fetch: typeof globalThis.fetch = (_input, init) => {
    const get = (init?.method ?? "GET") === "GET";
    if (get) lists++;
    const a = get ? listing : {
      body: '{"code":"00000","msg":"success","requestTime":1,"data":{"successList":[],' +
        '"failureList":[]}}',
    };
    return Promise.resolve(
      new Response(a.body, {
        status: a.status ?? 200,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  const client = new BitgetClient({
    apiKey: "key",
    secret: "secret",
    passphrase: "pass",
    transport: { fetch, maxRetries, backoffBaseMs: 1, backoffMaxMs: 2 },
  });
  return { client, lists: () => lists };
}

const envelope = (data: string) =>
  `{"code":"00000","msg":"success","requestTime":1,"data":${data}}`;

/** Answers that do not prove an empty page, and the error each must become. */
const NOT_EMPTY: Array<[string, Answer, typeof ResponseFormatError | typeof TransientError]> = [
  ["data without entrustedList", { body: envelope("{}") }, ResponseFormatError],
  [
    "data without entrustedList, endId only",
    { body: envelope('{"endId":null}') },
    ResponseFormatError,
  ],
  ["data: null", { body: envelope("null") }, ResponseFormatError],
  [
    "no data at all",
    { body: '{"code":"00000","msg":"success","requestTime":1}' },
    ResponseFormatError,
  ],
  ["data is a list", { body: envelope("[]") }, ResponseFormatError],
  [
    "entrustedList is not a list",
    { body: envelope('{"entrustedList":"none","endId":null}') },
    ResponseFormatError,
  ],
  ["entrustedList: null next to a cursor", {
    body: envelope('{"entrustedList":null,"endId":"123"}'),
  }, ResponseFormatError],
  ["HTTP 400 carrying code 00000", {
    status: 400,
    body: envelope('{"entrustedList":[],"endId":null}'),
  }, ResponseFormatError],
  ["HTTP 404 carrying code 00000", {
    status: 404,
    body: envelope('{"entrustedList":null,"endId":null}'),
  }, ResponseFormatError],
  ["HTTP 503 carrying code 00000", {
    status: 503,
    body: envelope('{"entrustedList":[],"endId":null}'),
  }, TransientError],
  ["a null body", { body: "null" }, ResponseFormatError],
  ["an empty body", { body: "" }, ResponseFormatError],
  [
    "code missing",
    { body: '{"msg":"success","data":{"entrustedList":[],"endId":null}}' },
    ResponseFormatError,
  ],
];

for (const [name, answer, kind] of NOT_EMPTY) {
  Deno.test(`a listing answering ${name} is an error, not an empty page`, async () => {
    const { client } = clientAnswering(answer);
    const e1 = await assertRejects(
      () => client.listPendingOrders({ productType: "USDT-FUTURES", status: "live" }),
    );
    assertInstanceOf(e1, kind);
    const e2 = await assertRejects(
      () => client.listPlanOrders({ productType: "USDT-FUTURES", planType: "normal_plan" }),
    );
    assertInstanceOf(e2, kind);
  });

  Deno.test(`an account whose listings answer ${name} ends UNKNOWN, never FLAT`, async () => {
    const { client, lists } = clientAnswering(answer, 1);
    const adapter = createBitgetAccount(client, "main");
    const report = await cancelAll(Scope.all().kinds("regular"), [adapter], {
      deadlineMs: 600,
      verifyBackoffMs: 1,
    });
    const acc = report.accounts[0];
    if (acc === undefined) throw new Error("no account in the report");
    assertEquals(acc.status, "UNKNOWN");
    assertEquals(report.outcome, "UNKNOWN");
    assertStringIncludes(acc.reason, "could not list open orders");
    // Retried: more than one listing round was attempted before giving up.
    assertEquals(lists() > 6, true, `only ${lists()} listing requests`);
  });
}

Deno.test("the documented empty shapes prove an empty page: [] and null with no cursor", async () => {
  for (
    const data of [
      '{"entrustedList":[],"endId":null}',
      '{"entrustedList":[]}',
      '{"entrustedList":null,"endId":null}',
      '{"entrustedList":null}',
      '{"entrustedList":null,"endId":""}',
    ]
  ) {
    const { client } = clientAnswering({ body: envelope(data) });
    assertEquals(await client.listPendingOrders({ productType: "USDT-FUTURES" }), []);
    assertEquals(
      await client.listPlanOrders({ productType: "USDT-FUTURES", planType: "profit_loss" }),
      [],
    );
  }
  const { client } = clientAnswering({ body: envelope('{"entrustedList":null,"endId":null}') });
  const report = await cancelAll(Scope.all(), [createBitgetAccount(client, "main")], {
    deadlineMs: 2000,
    verifyBackoffMs: 1,
  });
  assertEquals(report.outcome, "FLAT");
});
