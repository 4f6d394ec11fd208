import { describe, expect, it } from 'vitest';
import { DOSSIER_VOLUME_KINDS } from '../dossier/volumes';
import { EVIDENCE_ITEMS_EN, VOLUME_NAMES_EN } from './guide-names-en';
import { COMMON_EVIDENCE_GUIDE, EVIDENCE_GUIDES } from './guides-data';

const CJK = /[\u3400-\u9fff]/;

describe('English names of the 证据指引 items and the volumes (the English workbench names every one)', () => {
  const items = [COMMON_EVIDENCE_GUIDE, ...EVIDENCE_GUIDES].flatMap((g) => g.items);

  it('every checklist item has an English name, and an English condition where it has a 适用条件', () => {
    for (const i of items) {
      const en = EVIDENCE_ITEMS_EN[i.id];
      expect(en, i.id).toBeDefined();
      expect(Boolean(en!.condition), `${i.id} condition`).toBe(Boolean(i.condition));
    }
    // no stale entries for ids that no guide has
    const ids = new Set(items.map((i) => i.id));
    expect(Object.keys(EVIDENCE_ITEMS_EN).filter((k) => !ids.has(k))).toEqual([]);
  });

  it('the English names carry no Chinese but the cited titles of the documents they name', () => {
    for (const [id, x] of Object.entries(EVIDENCE_ITEMS_EN)) {
      // a document title or judicial interpretation number kept as issued (认罪认罚具结书, 法释〔2022〕5号)
      const rest = `${x.en} ${x.condition ?? ''}`.replace(/\(认罪认罚具结书\)|法释〔\d{4}〕\d+号/g, '');
      expect(CJK.test(rest), id).toBe(false);
    }
  });

  it('every volume kind has an English name', () => {
    for (const k of DOSSIER_VOLUME_KINDS) expect(VOLUME_NAMES_EN[k], k).toMatch(/volume/i);
  });
});
