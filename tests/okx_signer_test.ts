import { assertEquals, assertRejects } from "@std/assert";
import { hmacBase64 } from "../venues/_crypto.ts";
import { InputError } from "../venues/errors.ts";
import { Secret } from "../venues/secret.ts";
import type { HttpMethod, UnsignedRequest } from "../venues/types.ts";
import { okxTimestamp, signOkxRequest } from "../venues/okx/mod.ts";
import signatures from "./data/signatures.json" with { type: "json" };

interface Vector {
  venue: string;
  method: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}

const data: { inputs: Record<string, string | number>; requests: Vector[] } = signatures;
const inputs = {
  apiKey: String(data.inputs.apiKey),
  secret: String(data.inputs.secret),
  passphrase: String(data.inputs.passphrase),
  timestampMs: Number(data.inputs.timestampMs),
};
const vectors = data.requests.filter((r) => r.venue === "okx");

/** Rebuilds the unsigned request a vector was computed from. */
function unsignedFromVector(v: Vector): UnsignedRequest {
  const url = new URL(v.url);
  const query = [...url.searchParams.entries()].map(([k, val]) => [k, val] as const);
  const body = v.body === "" ? undefined : JSON.parse(v.body);
  const method: HttpMethod = v.method === "POST" ? "POST" : "GET";
  return { method, path: url.pathname, query, body };
}

Deno.test("okx vectors: the signature file holds the expected OKX requests", () => {
  assertEquals(vectors.length, 7);
  assertEquals(okxTimestamp(inputs.timestampMs), data.inputs.timestampIso);
});

for (const v of vectors.filter((v) => v.headers["OK-ACCESS-SIGN"] !== undefined)) {
  Deno.test(`signOkxRequest() reproduces ccxt for ${v.method} ${v.url} ${v.body}`, async () => {
    const signed = await signOkxRequest(unsignedFromVector(v), inputs, inputs.timestampMs, {
      baseUrl: "https://www.okx.com",
    });
    assertEquals(signed.url, v.url);
    assertEquals(signed.body, v.body);
    assertEquals(signed.method, v.method);
    for (const [name, value] of Object.entries(v.headers)) {
      assertEquals(signed.headers[name], value, name);
    }
    const authNames = Object.keys(signed.headers).filter((h) => h.startsWith("OK-ACCESS-")).sort();
    assertEquals(authNames, Object.keys(v.headers).sort());
  });
}

Deno.test("signOkxRequest() matches the nautilus_trader published vector", async () => {
  const signed = await signOkxRequest(
    { method: "GET", path: "/api/v5/account/balance", query: [] },
    { apiKey: "k", secret: "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO", passphrase: "p" },
    Date.parse("2020-12-08T09:08:57.715Z"),
    { baseUrl: "https://www.okx.com" },
  );
  assertEquals(signed.headers["OK-ACCESS-SIGN"], "PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=");
  assertEquals(signed.headers["OK-ACCESS-TIMESTAMP"], "2020-12-08T09:08:57.715Z");
});

Deno.test("signOkxRequest() accepts Secret credentials and gives the same signature", async () => {
  const v = vectors[0]!;
  const signed = await signOkxRequest(
    unsignedFromVector(v),
    {
      apiKey: new Secret(inputs.apiKey),
      secret: new Secret(inputs.secret),
      passphrase: new Secret(inputs.passphrase),
    },
    inputs.timestampMs,
    { baseUrl: "https://www.okx.com" },
  );
  assertEquals(signed.headers["OK-ACCESS-SIGN"], v.headers["OK-ACCESS-SIGN"]);
});

Deno.test("signOkxRequest() adds Content-Type on POST only and the demo header on demo", async () => {
  const post = await signOkxRequest(
    { method: "POST", path: "/api/v5/sprd/mass-cancel", query: [], body: {} },
    inputs,
    inputs.timestampMs,
    { baseUrl: "https://www.okx.com", demo: true },
  );
  assertEquals(post.headers["Content-Type"], "application/json");
  assertEquals(post.headers["x-simulated-trading"], "1");
  assertEquals(post.body, "{}");
  const get = await signOkxRequest(
    { method: "GET", path: "/api/v5/sprd/orders-pending", query: [["limit", "100"]] },
    inputs,
    inputs.timestampMs,
    { baseUrl: "https://www.okx.com" },
  );
  assertEquals(get.headers["Content-Type"], undefined);
  assertEquals(get.headers["x-simulated-trading"], undefined);
});

Deno.test("signOkxRequest() signs the base URL's path prefix and keeps the query order", async () => {
  const signed = await signOkxRequest(
    {
      method: "GET",
      path: "/api/v5/sprd/orders-pending",
      query: [["sprdId", "BTC-USDT_BTC-USDT-SWAP"], ["endId", "7"], ["limit", "100"]],
    },
    inputs,
    inputs.timestampMs,
    { baseUrl: "http://127.0.0.1:9999/okx/" },
  );
  const path = "/okx/api/v5/sprd/orders-pending?sprdId=BTC-USDT_BTC-USDT-SWAP&endId=7&limit=100";
  assertEquals(signed.url, `http://127.0.0.1:9999${path}`);
  const expected = await hmacBase64(
    inputs.secret,
    `${data.inputs.timestampIso}GET${path}`,
  );
  assertEquals(signed.headers["OK-ACCESS-SIGN"], expected);
});

Deno.test("signOkxRequest() is pure: same input, same output", async () => {
  const req: UnsignedRequest = {
    method: "POST",
    path: "/api/v5/sprd/cancel-order",
    query: [],
    body: { ordId: "1" },
  };
  const a = await signOkxRequest(req, inputs, 1, { baseUrl: "https://www.okx.com" });
  const b = await signOkxRequest(req, inputs, 1, { baseUrl: "https://www.okx.com" });
  assertEquals(a, b);
});

Deno.test("signOkxRequest() refuses a non-finite timestamp", async () => {
  await assertRejects(
    () =>
      signOkxRequest({ method: "GET", path: "/x", query: [] }, inputs, NaN, {
        baseUrl: "https://www.okx.com",
      }),
    InputError,
    "timestampMs",
  );
});
