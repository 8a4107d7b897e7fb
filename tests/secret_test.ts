import { assertEquals } from "@std/assert";
import { Secret, secret } from "../venues/secret.ts";

Deno.test("Secret never prints its value", () => {
  const s = new Secret("hunter2-SECRET");
  const dump = [
    String(s),
    `${s}`,
    JSON.stringify({ s }),
    Deno.inspect(s),
    Deno.inspect({ nested: { s } }, { depth: 5 }),
  ].join("\n");
  assertEquals(dump.includes("hunter2"), false);
  assertEquals(s.reveal(), "hunter2-SECRET");
});

Deno.test("secret() wraps a string once and passes a Secret through", () => {
  const s = secret("x");
  assertEquals(secret(s), s);
});
