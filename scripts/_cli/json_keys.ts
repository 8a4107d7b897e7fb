// A duplicate-key detector for JSON text. JSON.parse keeps the last of two equal keys without a
// word, so a file with two "accounts" arrays would silently lose the first. Private.

/** Where a duplicate key was found: the key and the path of the object holding it. */
export interface DuplicateKey {
  /** The key, decoded. */
  readonly key: string;
  /** Path of the object that holds it twice (`(top level)`, `accounts.1`). */
  readonly path: string;
}

/**
 * The first key that appears twice in one object of `text`, or undefined. `text` must be valid
 * JSON (parse it first): this scans tokens and does not validate.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // One frame per open object or array: the keys seen (objects) or the next index (arrays).
  const stack: { keys?: Set<string>; index: number; name: string }[] = [];
  let expectKey = false;
  let pendingKey: string | undefined;
  const path = () => {
    const parts = stack.slice(1).map((f) => f.name);
    return parts.length ? parts.join(".") : "(top level)";
  };
  const childName = (): string => {
    const top = stack.at(-1);
    if (!top) return "";
    if (top.keys) return pendingKey ?? "";
    return String(top.index);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const literal = text.slice(i, j + 1);
      i = j;
      const top = stack.at(-1);
      if (top?.keys && expectKey) {
        const key = JSON.parse(literal) as string;
        if (top.keys.has(key)) return { key, path: path() };
        top.keys.add(key);
        pendingKey = key;
        expectKey = false;
      }
    } else if (c === "{" || c === "[") {
      const name = childName();
      stack.push(c === "{" ? { keys: new Set(), index: 0, name } : { index: 0, name });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      const top = stack.at(-1);
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}
