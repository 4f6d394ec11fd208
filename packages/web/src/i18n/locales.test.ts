/**
 * The two languages carry the same keys, none empty, and every key is shown somewhere: a key no
 * screen reads is a translation nobody checks (the review after the merges found 32 of them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

function leaves(o: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

const zh = leaves(zhCN);
const en = leaves(enUS);

describe('locales', () => {
  it('zh-CN and en-US have the same keys', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('no text is empty', () => {
    for (const [k, v] of [...zh, ...en]) expect(typeof v === 'string' && v.trim() !== '', k).toBe(true);
  });

  it('every key is read by the workbench, by name or under a prefix it completes (t(`notify.kinds.${k}`))', () => {
    const code = sources(join(__dirname, '..')).join('\n');
    const prefixes = [...code.matchAll(/\bt\(`([\w.]+\.)\$\{/g)].map((m) => m[1]!);
    const unread = [...zh.keys()].filter((k) => !prefixes.some((p) => k.startsWith(p)) && !new RegExp(`['"\`]${k.replace(/\./g, '\\.')}['"\`]`).test(code));
    expect(unread).toEqual([]);
  });
});
