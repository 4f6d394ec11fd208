import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  COURT_MAIN_VOLUME_CATALOGUE,
  isTransferableVolume,
  LITIGATION_VOLUME_CATALOGUE,
  paginateVolume,
  POLICE_VOLUME_ORDER,
  sortByCatalogue,
  VOLUME_KINDS,
  type TPageItem,
} from './volumes';

const pageItems = fc
  .array(fc.record({ pages: fc.integer({ min: 1, max: 40 }), numbered: fc.boolean() }), { maxLength: 30 })
  .map((items) => items.map((x, i): TPageItem => ({ id: `m${i}`, ...x })));

describe('卷宗 volumes (evidence-guides.md §8)', () => {
  it('侦查工作卷 and court 副卷 never leave their agency', () => {
    expect(isTransferableVolume('investigation_work')).toBe(false);
    expect(isTransferableVolume('court_secondary')).toBe(false);
    expect(isTransferableVolume('litigation_documents')).toBe(true);
    expect(POLICE_VOLUME_ORDER.map((k) => VOLUME_KINDS[k].zh)).toEqual(['诉讼文书卷', '证据材料卷', '侦查工作卷']);
  });

  it('立卷规范 (sec.): cover, catalogue and sign-off sheet are unnumbered', () => {
    const unnumbered = LITIGATION_VOLUME_CATALOGUE.filter((e) => !e.numbered).map((e) => e.docType);
    for (const t of ['cover', 'catalogue', 'sign_off_sheet']) expect(unnumbered).toContain(t);
    expect(LITIGATION_VOLUME_CATALOGUE[0]!.docType).toBe('cover');
    expect(COURT_MAIN_VOLUME_CATALOGUE[2]!.zh).toBe('审判流程管理信息表');
  });

  it('sorts by the catalogue: coercive measures in procedural order, unknown types before the tail', () => {
    const items = [
      { docType: 'back_cover' },
      { docType: 'arrest_warrant' },
      { docType: 'something_local' },
      { docType: 'detention_warrant' },
      { docType: 'cover' },
      { docType: 'arrest_request' },
    ];
    expect(sortByCatalogue('litigation_documents', items).map((i) => i.docType)).toEqual([
      'cover',
      'detention_warrant',
      'arrest_request',
      'arrest_warrant',
      'something_local',
      'back_cover',
    ]);
    expect(sortByCatalogue('evidence_materials', items)).toEqual(items);
  });

  it('立卷规范 (sec.): numbers the example volume from 1', () => {
    const result = paginateVolume([
      { id: 'cover', pages: 1, numbered: false },
      { id: 'toc', pages: 2, numbered: false },
      { id: 'register', pages: 1, numbered: true },
      { id: 'decision', pages: 2, numbered: true },
      { id: 'signoff', pages: 1, numbered: false },
    ]);
    expect(result.map((r) => [r.id, r.pageFrom, r.pageTo])).toEqual([
      ['cover', null, null],
      ['toc', null, null],
      ['register', 1, 1],
      ['decision', 2, 3],
      ['signoff', null, null],
    ]);
    expect(() => paginateVolume([{ id: 'x', pages: 0, numbered: true }])).toThrow(RangeError);
  });

  it('立卷规范 (sec.) (property): numbered pages start at 1, are contiguous and sum up; unnumbered get none', () => {
    fc.assert(
      fc.property(pageItems, (items) => {
        const result = paginateVolume(items);
        const numbered = result.filter((r) => r.numbered);
        let expected = 1;
        for (const r of numbered) {
          expect(r.pageFrom).toBe(expected);
          expect(r.pageTo).toBe(expected + r.pages - 1);
          expected = r.pageTo! + 1;
        }
        for (const r of result.filter((x) => !x.numbered)) expect([r.pageFrom, r.pageTo]).toEqual([null, null]);
        expect(expected - 1).toBe(items.filter((i) => i.numbered).reduce((s, i) => s + i.pages, 0));
        expect(result.map((r) => r.id)).toEqual(items.map((i) => i.id));
      }),
    );
  });

  it('(property) each volume restarts at 1', () => {
    fc.assert(
      fc.property(pageItems, pageItems, (a, b) => {
        const first = paginateVolume(b).find((r) => r.numbered);
        const again = paginateVolume(b);
        paginateVolume(a);
        return (first?.pageFrom ?? 1) === 1 && JSON.stringify(again) === JSON.stringify(paginateVolume(b));
      }),
    );
  });
});
