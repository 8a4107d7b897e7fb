import { bybitScope } from "../venues/bybit/scope.ts";
import { bitgetScope } from "../venues/bitget/scope.ts";
import { assertEquals, assertThrows } from "@std/assert";
import { Scope } from "../engine/scope.ts";
import { InputError } from "../venues/errors.ts";

Deno.test("Scope.all() covers every venue, account and kind", () => {
  const s = Scope.all();
  assertEquals(s.clauses, [{ kinds: ["regular", "conditional"] }]);
  assertEquals(String(s), "all orders on all venues");
  assertEquals(s.covers("okx", "any"), true);
});

Deno.test("Scope narrowing is immutable and intersects repeated fields", () => {
  const base = Scope.all().symbols("BTCUSDT", "ETHUSDT");
  const narrow = base.symbols("ETHUSDT", "SOLUSDT");
  assertEquals(base.clauses[0]?.symbols, ["BTCUSDT", "ETHUSDT"]);
  assertEquals(narrow.clauses[0]?.symbols, ["ETHUSDT"]);
});

Deno.test("Scope refuses a narrowing that would match nothing", () => {
  const e = assertThrows(() => Scope.all().venues("okx").venues("bybit"), InputError);
  assertEquals(
    (e as Error).message,
    "Cannot narrow scope: venues bybit excludes every value already chosen (okx): the scope would match nothing",
  );
});

Deno.test("Scope refuses lowercase symbols: every venue spells them in uppercase", () => {
  assertThrows(
    () => Scope.all().symbols("btcusdt"),
    InputError,
    'symbol "btcusdt" is not a venue symbol',
  );
  assertEquals(Scope.all().symbols("BTC-USDT_BTC-USDT-SWAP").clauses[0]?.symbols, [
    "BTC-USDT_BTC-USDT-SWAP",
  ]);
});

Deno.test("Scope refuses lowercase coins at run time and at compile time", () => {
  const lower: string = "btc";
  assertThrows(() => Scope.all().baseCoins(lower), InputError, "must be an uppercase coin code");
  // @ts-expect-error: a lowercase literal is a type error.
  assertThrows(() => Scope.all().baseCoins("btc"), InputError);
  assertEquals(Scope.all().settleCoins("USDT").clauses[0]?.settleCoins, ["USDT"]);
});

Deno.test("Scope refuses empty and unknown values at compile time and at run time", () => {
  const all = Scope.all();
  // @ts-expect-error: kinds() needs at least one kind.
  const noKinds = () => all.kinds();
  // @ts-expect-error: unknown venue.
  const binance = () => all.venues("binance");
  // @ts-expect-error: unknown Bybit category.
  const perp = () => all.refine(bybitScope({ categories: ["perp"] }));
  // @ts-expect-error: unknown Bitget product type.
  const lowerProduct = () => all.refine(bitgetScope({ productTypes: ["usdt-futures"] }));
  assertThrows(noKinds, InputError);
  assertThrows(binance, InputError, 'unknown venue "binance"');
  assertThrows(perp, InputError, "unknown Bybit category");
  assertThrows(lowerProduct, InputError, "unknown Bitget productType");
});

Deno.test("Scope unions keep each clause and narrow all of them", () => {
  const s = Scope.all().venues("okx").or(
    Scope.all().venues("bybit").refine(bybitScope({ categories: ["linear"] })),
  )
    .kinds("regular");
  assertEquals(s.clauses.length, 2);
  assertEquals(s.clauses.map((c) => c.kinds), [["regular"], ["regular"]]);
  assertEquals(
    String(s),
    "regular orders on okx OR regular orders on bybit bybit linear",
  );
});

Deno.test("Scope.fromClauses validates every clause", () => {
  assertThrows(
    () => Scope.fromClauses([{ kinds: ["regular"], baseCoins: ["eth"] }]),
    InputError,
    'baseCoins "eth"',
  );
  assertThrows(() => Scope.fromClauses([]), InputError, "no clause");
  assertEquals(Scope.fromClauses([{ kinds: ["regular"], venues: ["p99"] }]).covers("okx"), false);
});

Deno.test("Scope prints itself readably and serialises to its clauses", () => {
  const s = Scope.all().venues("bitget").refine(bitgetScope({
    productTypes: ["USDT-FUTURES"],
    marginCoins: ["USDT"],
  }))
    .kinds("conditional");
  assertEquals(String(s), "conditional orders on bitget bitget USDT-FUTURES bitget margin USDT");
  assertEquals(JSON.parse(JSON.stringify(s))[0].bitget.marginCoins, ["USDT"]);
});
