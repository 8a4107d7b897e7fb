import { assertEquals, assertStringIncludes } from "@std/assert";
import { Secret } from "../venues/secret.ts";
import { signP99Request } from "../venues/p99/mod.ts";
import type { HttpMethod } from "../venues/types.ts";
import signatures from "./data/signatures.json" with { type: "json" };

interface Vector {
  venue: string;
  method: HttpMethod;
  url: string;
  body: string;
  headers: Record<string, string>;
}

const data: {
  inputs: { apiKey: string; secret: string; timestampMs: number };
  requests: Vector[];
} = signatures as unknown as {
  inputs: { apiKey: string; secret: string; timestampMs: number };
  requests: Vector[];
};
const vectors = data.requests.filter((r) => r.venue === "p99");
const BASE = "https://api-sepolia.p99.world/api/v1";

/** The unsigned request a vector was made from: its query minus timestamp and signature. */
function unsignedOf(v: Vector) {
  const url = new URL(v.url);
  const query = [...url.searchParams].filter(([k]) => k !== "timestamp" && k !== "signature");
  return { method: v.method, path: url.pathname.slice("/api/v1".length), query };
}

Deno.test("signatures.json holds the two p99 vectors", () => {
  assertEquals(vectors.length, 2);
});

for (const v of vectors) {
  Deno.test(`signP99Request() reproduces the ccxt vector ${v.method} ${v.url.slice(0, 70)}`, async () => {
    const signed = await signP99Request(
      unsignedOf(v),
      { kind: "hmac", apiKey: data.inputs.apiKey, secret: new Secret(data.inputs.secret) },
      data.inputs.timestampMs,
      { baseUrl: BASE },
    );
    assertEquals(signed.url, v.url);
    assertEquals(signed.method, v.method);
    assertEquals(signed.body, v.body);
    assertEquals(signed.headers, v.headers);
  });
}

Deno.test("signP99Request() signs the query and then the raw body for POST", async () => {
  const signed = await signP99Request(
    { method: "POST", path: "/spot/orders", query: [], body: { symbol: "DFUSDT" } },
    { kind: "hmac", apiKey: "k", secret: "test-secret" },
    1767225600123,
    { baseUrl: BASE },
  );
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("test-secret"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const expected = new Uint8Array(
    await crypto.subtle.sign(
      "HMAC",
      key,
      new TextEncoder().encode('timestamp=1767225600123{"symbol":"DFUSDT"}'),
    ),
  ).toHex();
  assertEquals(signed.url, `${BASE}/spot/orders?timestamp=1767225600123&signature=${expected}`);
  assertEquals(signed.body, '{"symbol":"DFUSDT"}');
  assertEquals(signed.headers["Content-Type"], "application/json");
});

Deno.test("signP99Request() sends a JWT as a bearer token without timestamp or signature", async () => {
  const signed = await signP99Request(
    { method: "GET", path: "/spot/orders", query: [["status", "open"]] },
    { kind: "jwt", jwt: new Secret("aaa.bbb.ccc") },
    1767225600123,
    { baseUrl: BASE },
  );
  assertEquals(signed.url, `${BASE}/spot/orders?status=open`);
  assertEquals(signed.headers, { Authorization: "Bearer aaa.bbb.ccc" });
});

Deno.test("signP99Request() puts the key in the configured header", async () => {
  const signed = await signP99Request(
    { method: "DELETE", path: "/spot/orders", query: [] },
    { kind: "hmac", apiKey: "k", secret: "s" },
    1,
    { baseUrl: BASE, apiKeyHeader: "X-API-Key" },
  );
  assertEquals(Object.keys(signed.headers), ["X-API-Key"]);
  assertStringIncludes(signed.url, "?timestamp=1&signature=");
});
