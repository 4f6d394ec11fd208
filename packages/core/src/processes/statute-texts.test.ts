import { describe, expect, it } from 'vitest';
import { COERCIVE_MEASURES } from '../cases/coercive-measures';
import { PROCESS_DEFINITIONS } from './registry';
import { STATUTE_TEXTS, statuteText } from './statute-texts';

describe('statute texts on hover (the article a reference cites)', () => {
  it('CPL 91: the text the 拘留 period rests on — three days, up to thirty, seven for the procuratorate', () => {
    const t = statuteText({ law: 'CPL', article: '91' })!;
    expect(t).toContain('拘留后的三日以内');
    expect(t).toContain('延长至三十日');
    expect(t).toContain('七日以内');
  });

  it('CPL 175 ¶4 reads article 175 (补充侦查以二次为限); a range or an unknown number has no text', () => {
    expect(statuteText({ law: 'CPL', article: '175 ¶4' })).toContain('补充侦查以二次为限');
    expect(statuteText({ law: 'CPL', article: '56–60' })).toBeUndefined();
    expect(statuteText({ law: 'CPL', article: '—' })).toBeUndefined();
    expect(statuteText({ law: 'SPP_RULES', article: '91' })).toBeUndefined();
  });

  it('every article with a text is one the process definitions or the coercive measures cite', () => {
    const cited = new Set<string>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const r = x as { law?: unknown; article?: unknown };
        if (r.law === 'CPL' && typeof r.article === 'string') cited.add(r.article.split('¶')[0]!.trim());
        Object.values(x).forEach(walk);
      }
    };
    walk(PROCESS_DEFINITIONS);
    for (const m of Object.values(COERCIVE_MEASURES)) for (const a of m.articles) if (a.startsWith('CPL ')) cited.add(a.slice(4).replace('†', '').trim());
    expect(Object.keys(STATUTE_TEXTS.CPL!).filter((a) => !cited.has(a))).toEqual([]);
  });
});
