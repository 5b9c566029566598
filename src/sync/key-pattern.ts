/**
 * Key patterns of synced objects: `"board"`, `"board/:id"`, `"user/:userId/todos"`. A key is `/`-separated
 * segments; a `:name` segment matches any one non-empty segment and is passed to the object as `params.name`.
 * @module
 */

/** Longest key accepted from the network, in characters. */
export const MAX_KEY_LENGTH = 256;

/** A compiled key pattern. */
export interface KeyPattern {
  /** The pattern as declared. */
  readonly source: string;
  /** The params of `key` when it matches, else `undefined`. */
  match(key: string): Record<string, string> | undefined;
}

/**
 * Compiles a key pattern.
 * @throws TypeError when the pattern is empty, has an empty segment or a `:` segment without a name, or names a
 * param twice.
 */
export function compileKeyPattern(source: string): KeyPattern {
  const segments = source.split("/");
  const names = new Set<string>();
  for (const s of segments) {
    if (s === "" || s === ":") throw new TypeError(`synced object key pattern ${JSON.stringify(source)} has an empty segment`);
    if (s.startsWith(":")) {
      if (names.has(s.slice(1))) throw new TypeError(`synced object key pattern ${JSON.stringify(source)} names :${s.slice(1)} twice`);
      names.add(s.slice(1));
    }
  }
  return {
    source,
    match(key) {
      if (key.length > MAX_KEY_LENGTH) return undefined;
      const parts = key.split("/");
      if (parts.length !== segments.length) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const want = segments[i]!;
        const got = parts[i]!;
        if (got === "") return undefined;
        if (want.startsWith(":")) params[want.slice(1)] = got;
        else if (want !== got) return undefined;
      }
      return params;
    },
  };
}
