// Micro-benchmarks for `deno bench bench/` (`deno task bench:micro`): the CPU work of one
// request (sign, compile, parse) with no network. The end-to-end figures are in main.ts.

import {
  BitgetClient,
  BybitClient,
  createBitgetAccount,
  createBybitAccount,
  createOkxAccount,
  createP99Account,
  OkxSpreadClient,
  P99Client,
  plan,
  Scope,
} from "../mod.ts";
import { signOkxRequest } from "../venues/okx/mod.ts";
import { signBybitRequest } from "../venues/bybit/mod.ts";
import { signBitgetRequest } from "../venues/bitget/mod.ts";
import { signP99Request } from "../venues/p99/mod.ts";
import type { UnsignedRequest } from "../venues/mod.ts";
import { bybitSim } from "../sim/bybit.ts";
import { SimState } from "../sim/core.ts";

const TS = 1_767_225_600_123;
const GET: UnsignedRequest = {
  method: "GET",
  path: "/v5/order/realtime",
  query: [["category", "linear"], ["settleCoin", "USDT"], ["limit", "50"]],
};
const POST: UnsignedRequest = {
  method: "POST",
  path: "/api/v5/sprd/mass-cancel",
  query: [],
  body: { sprdId: "BTC-USDT_BTC-USDT-SWAP" },
};

Deno.bench("sign: Bybit GET (HMAC-SHA256 hex)", { group: "sign", baseline: true }, async () => {
  await signBybitRequest(GET, { apiKey: "key", secret: "secret" }, TS, {
    baseUrl: "https://api.bybit.com",
  });
});

Deno.bench("sign: OKX POST (HMAC-SHA256 base64)", { group: "sign" }, async () => {
  await signOkxRequest(POST, { apiKey: "key", secret: "secret", passphrase: "pass" }, TS, {
    baseUrl: "https://www.okx.com",
  });
});

Deno.bench("sign: Bitget GET (HMAC-SHA256 base64)", { group: "sign" }, async () => {
  await signBitgetRequest(GET, { apiKey: "key", secret: "secret", passphrase: "pass" }, TS, {
    baseUrl: "https://api.bitget.com",
  });
});

Deno.bench("sign: p99 GET (HMAC query signature)", { group: "sign" }, async () => {
  await signP99Request(GET, { kind: "hmac", apiKey: "key", secret: "secret" }, TS, {
    baseUrl: "https://api-sepolia.p99.world/api/v1",
  });
});

const accounts = [
  createOkxAccount(new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" })),
  createBybitAccount(new BybitClient({ apiKey: "k", secret: "s" })),
  createBitgetAccount(new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" })),
  createP99Account(new P99Client({ jwt: "aGVhZGVy.cGF5bG9hZA.c2ln" })),
];

Deno.bench("plan: Scope.all() on four venues", { group: "compile" }, () => {
  plan(Scope.all(), accounts);
});

Deno.bench("plan: symbols + coins (sweeps) on four venues", { group: "compile" }, () => {
  plan(Scope.all().baseCoins("BTC").settleCoins("USDT"), accounts);
});

// A full Bybit listing page (50 orders) rendered by the simulator, answered by a fake fetch.
const state = new SimState({ accounts: 1 });
const account = state.account("bybit", 0);
const list = Array.from({ length: 50 }, () =>
  bybitSim.render(
    bybitSim.makeOrder(account, { venue: "bybit", account: 0, count: 1, market: "linear" }, state),
  ));
const page = JSON.stringify({
  retCode: 0,
  retMsg: "OK",
  result: { category: "linear", list, nextPageCursor: "" },
  retExtInfo: {},
  time: TS,
});
// A fresh client per iteration: each has its own rate limiter (50 listings/s), which would
// otherwise pace the benchmark loop.
const pageClient = () =>
  new BybitClient({
    apiKey: "k",
    secret: "s",
    baseUrl: "http://127.0.0.1:1",
    transport: {
      fetch: () =>
        Promise.resolve(new Response(page, { headers: { "content-type": "application/json" } })),
    },
  });

Deno.bench(
  "listing: Bybit page of 50 orders (client, sign, parse)",
  { group: "parse" },
  async () => {
    await pageClient().listOpenOrders({ category: "linear", settleCoin: "USDT" });
  },
);
