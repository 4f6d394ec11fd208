/**
 * Request bodies shaped like an endpoint's OpenAPI schema, for the sweeps (bad-input, boundary
 * values): a plausible value for every declared field, and the paths of its leaves to spoil.
 */
export type TSchema = {
  type?: string | string[]; properties?: Record<string, TSchema>; items?: TSchema; enum?: unknown[]; const?: unknown;
  default?: unknown; format?: string; pattern?: string; minItems?: number; anyOf?: TSchema[]; oneOf?: TSchema[];
};
export type TOperation = {
  parameters?: { in: string; name: string; schema: TSchema }[];
  requestBody?: { content?: Record<string, { schema?: TSchema }> };
};

/** Strings that satisfy the patterns our contracts use, tried in order. */
const PATTERN_SAMPLES = ['220104', '2026-03-02', '09:30', '2026-03-02 09:00', 'a'.repeat(64), '220104000000', 'abc'];

/** A body shaped like the schema (every declared property, one array item) with plausible values. */
export function sample(s: TSchema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return 'x';
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    case 'array': return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, depth + 1));
    case 'integer': case 'number': return typeof s.default === 'number' ? s.default : 1;
    case 'boolean': return false;
    case 'string': {
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date-time') return '2026-03-02T09:00:00+08:00';
      if (s.format === 'date') return '2026-03-02';
      if (s.pattern) return PATTERN_SAMPLES.find((c) => new RegExp(s.pattern!).test(c)) ?? 'x';
      return typeof s.default === 'string' && s.default ? s.default : '测试文本';
    }
    default: return 'x';
  }
}

/** Every string leaf of a sample, as a path and a setter. */
export function stringLeaves(v: unknown, path: string[] = []): string[][] {
  if (typeof v === 'string') return [path];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
  return [];
}
export function withLeaf(v: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string, unknown>;
  copy[path[0]!] = withLeaf(copy[path[0]!], path.slice(1), value);
  return copy;
}

/** Every string or number leaf of a sample, with its value. */
export function scalarLeaves(v: unknown, path: string[] = []): { path: string[]; value: string | number }[] {
  if (typeof v === 'string' || typeof v === 'number') return [{ path, value: v }];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => scalarLeaves(x, [...path, k]));
  return [];
}
