// HMAC-SHA256 helpers over WebCrypto. Private: used by the venue signers only.

const encoder = new TextEncoder();

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/** Base64(HMAC-SHA256(secret, message)): OKX and Bitget. */
export async function hmacBase64(secret: string, message: string): Promise<string> {
  return (await hmac(secret, message)).toBase64();
}

/** Lowercase hex(HMAC-SHA256(secret, message)): Bybit and p99. */
export async function hmacHex(secret: string, message: string): Promise<string> {
  return (await hmac(secret, message)).toHex();
}

/** Constant-time string comparison, for the simulator's signature checks. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
