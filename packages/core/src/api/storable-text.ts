/**
 * Text PostgreSQL cannot store: a NUL character (0x00 is refused in `text` and in `jsonb`)
 * and a lone UTF-16 surrogate (`\ud800` parses from JSON but has no UTF-8 encoding; jsonb
 * refuses it). Every string a request carries is checked once at the HTTP boundary, so no
 * action ever hands one to the database (issue 11: each answered 500 before).
 */

/** Why a string cannot be stored, or null when it can. */
export function unstorableReason(s: string): 'nul' | 'surrogate' | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'nul';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return 'surrogate';
  }
  return null;
}

export type TUnstorable = { path: string; reason: 'nul' | 'surrogate' };

/**
 * The first string (value or object key) under `value` that cannot be stored, with its dotted
 * path from `root` (e.g. `body.persons.0.name`). Depth-bounded: JSON nested deeper than this is
 * refused by the schemas anyway.
 */
export function findUnstorable(value: unknown, root: string, depth = 0): TUnstorable | null {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    return reason ? { path: root, reason } : null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const path = root ? `${root}.${k}` : k;
    const keyReason = unstorableReason(k);
    // the path goes into the answer: the offending key is shown with U+FFFD in place of what cannot be stored
    // eslint-disable-next-line no-control-regex -- NUL is exactly what is replaced
    if (keyReason) return { path: `${root ? `${root}.` : ''}${k.replace(/\u0000|[\ud800-\udfff]/g, '\ufffd')}`, reason: keyReason };
    const found = findUnstorable(v, path, depth + 1);
    if (found) return found;
  }
  return null;
}

export function unstorableMessage(u: TUnstorable): string {
  return u.reason === 'nul'
    ? `请求内容不符合要求：${u.path} 含有空字符（\\u0000），无法保存`
    : `请求内容不符合要求：${u.path} 含有不成对的代理字符（无效的 Unicode 文本），无法保存`;
}
