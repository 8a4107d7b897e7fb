import { assertEquals } from "@std/assert";
import vectors from "./data/signatures.json" with { type: "json" };
import { hmacBase64 } from "../venues/_crypto.ts";
import { Secret } from "../venues/secret.ts";
import type { HttpMethod, UnsignedRequest } from "../venues/types.ts";
import { signBitgetRequest } from "../venues/bitget/mod.ts";

const { apiKey, secret, passphrase, timestampMs } = vectors.inputs;
const bitget = vectors.requests.filter((r) => r.venue === "bitget");

/** Rebuilds the unsigned request a vector was computed from (query order kept). */
function unsignedFrom(v: { method: string; url: string; body: string }): UnsignedRequest {
  const url = new URL(v.url);
  const raw = url.search.replace(/^\?/, "");
  const query = raw === "" ? [] : raw.split("&").map((pair) => {
    const [k = "", val = ""] = pair.split("=");
    return [decodeURIComponent(k), decodeURIComponent(val)] as const;
  });
  const body = v.body === "" ? undefined : JSON.parse(v.body) as Record<string, unknown>;
  return { method: v.method as HttpMethod, path: url.pathname, query, body };
}

Deno.test("the signatures file holds the four Bitget vectors", () => {
  assertEquals(bitget.length, 4);
});

for (const v of bitget) {
  const label = `${v.method} ${new URL(v.url).pathname}${new URL(v.url).search} ${v.body}`;
  Deno.test(`signBitgetRequest() reproduces the ccxt vector for ${label}`, async () => {
    const signed = await signBitgetRequest(
      unsignedFrom(v),
      { apiKey, secret, passphrase },
      timestampMs,
      { baseUrl: "https://api.bitget.com" },
    );
    assertEquals(signed.url, v.url);
    assertEquals(signed.body, v.body);
    assertEquals(signed.method, v.method);
    for (const [name, value] of Object.entries(v.headers)) {
      assertEquals(signed.headers[name], value, name);
    }
  });
}

Deno.test("signBitgetRequest() accepts Secret-wrapped credentials and gives the same signature", async () => {
  const v = bitget[0];
  if (!v) throw new Error("no vector");
  const signed = await signBitgetRequest(
    unsignedFrom(v),
    { apiKey: new Secret(apiKey), secret: new Secret(secret), passphrase: new Secret(passphrase) },
    timestampMs,
    { baseUrl: "https://api.bitget.com" },
  );
  assertEquals(signed.headers["ACCESS-SIGN"], v.headers["ACCESS-SIGN"]);
});

Deno.test("signBitgetRequest() signs timestamp + METHOD + path + ?query + body, per the docs", async () => {
  const signed = await signBitgetRequest(
    {
      method: "GET",
      path: "/api/v2/mix/order/orders-pending",
      query: [["symbol", "BTCUSDT"], ["limit", "20"]],
    },
    { apiKey: "k", secret: "s", passphrase: "p" },
    16273667805456,
    { baseUrl: "https://api.bitget.com" },
  );
  const expected = await hmacBase64(
    "s",
    "16273667805456GET/api/v2/mix/order/orders-pending?symbol=BTCUSDT&limit=20",
  );
  assertEquals(signed.headers["ACCESS-SIGN"], expected);
  assertEquals(
    signed.url,
    "https://api.bitget.com/api/v2/mix/order/orders-pending?symbol=BTCUSDT&limit=20",
  );
});

Deno.test("signBitgetRequest() sends Content-Type, locale, and paptrading only in demo", async () => {
  const req: UnsignedRequest = { method: "POST", path: "/x", query: [], body: { a: "1" } };
  const creds = { apiKey: "k", secret: "s", passphrase: "p" };
  const live = await signBitgetRequest(req, creds, 1, { baseUrl: "https://api.bitget.com" });
  assertEquals(Object.keys(live.headers).sort(), [
    "ACCESS-KEY",
    "ACCESS-PASSPHRASE",
    "ACCESS-SIGN",
    "ACCESS-TIMESTAMP",
    "Content-Type",
    "locale",
  ]);
  assertEquals(live.headers["Content-Type"], "application/json");
  assertEquals(live.headers.locale, "en-US");
  const demo = await signBitgetRequest(req, creds, 1, {
    baseUrl: "https://api.bitget.com",
    demo: true,
    locale: "zh-CN",
  });
  assertEquals(demo.headers.paptrading, "1");
  assertEquals(demo.headers.locale, "zh-CN");
  // The demo header is not signed: same signature.
  assertEquals(demo.headers["ACCESS-SIGN"], live.headers["ACCESS-SIGN"]);
});
