import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CHARGES, PILOT_CHARGE_CODES } from '../charges';
import { DOCUMENT_TYPES } from '../processes/documents';
import {
  checkEvidence,
  COMMON_EVIDENCE_GUIDE,
  EVIDENCE_GUIDES,
  evidenceChecklistFor,
  EVIDENCE_TYPE_CODES,
  findEvidenceGuide,
  issuedDocumentTags,
  ZEvidenceType,
  type TEvidenceGuide,
  type TSendStage,
  type TTaggedItem,
} from './index';

const BLOOD = 'dangerous_driving.blood_alcohol_opinion';

/** Tags every mandatory item of the stage, with the given values on some items. */
function tagMandatory(guide: TEvidenceGuide, stage: TSendStage, values: Record<string, Record<string, number>> = {}) {
  return guide.items
    .filter((i) => i.mandatory && i.stages.includes(stage))
    .map((i): TTaggedItem => ({ itemId: i.id, ...(values[i.id] ? { values: values[i.id] } : {}) }));
}

describe('evidence guides (evidence-guides.md)', () => {
  it('CPL 50: evidence types are exactly codes 1–8', () => {
    expect(EVIDENCE_TYPE_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ZEvidenceType.safeParse(9).error?.issues[0]?.message).toContain('刑事诉讼法第50条');
  });

  it('has a guide for every pilot charge', () => {
    for (const code of PILOT_CHARGE_CODES) expect(findEvidenceGuide(code)).toBeDefined();
    expect(findEvidenceGuide('homicide')).toBeUndefined();
    expect(findEvidenceGuide('theft', 99)).toBeUndefined();
  });

  it('item ids are unique and prefixed by their guide; alternatives point at existing items', () => {
    const all = [COMMON_EVIDENCE_GUIDE, ...EVIDENCE_GUIDES];
    const ids = all.flatMap((g) => g.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const g of all) {
      const prefix = g.id.split('.')[0]!;
      for (const item of g.items) {
        expect(item.id.startsWith(`${prefix}.`)).toBe(true);
        for (const alt of item.alternatives ?? []) expect(g.items.some((i) => i.id === alt)).toBe(true);
        if (!item.mandatory && item.stages.length) expect(item.condition).toBeTruthy();
      }
      if (g.chargeCode) expect(CHARGES[g.chargeCode].pilot).toBe(true);
    }
  });

  it('CPL 82/85: a 拘留证 the platform issued counts as the 强制措施法律文书 of the case; an unrelated document does not', () => {
    const guide = evidenceChecklistFor(['theft']);
    const tags = issuedDocumentTags(guide, [{ docType: 'detention_warrant', documentId: null }, { docType: 'indictment', documentId: null }]);
    expect(tags.map((t) => t.itemId)).toEqual(['common.coercive_measure_documents']);
    // every type a guide accepts is a document type the platform knows
    for (const g of [COMMON_EVIDENCE_GUIDE, ...EVIDENCE_GUIDES]) {
      for (const item of g.items) for (const d of item.satisfiedBy ?? []) expect(Object.keys(DOCUMENT_TYPES)).toContain(d);
    }
  });

  describe('刑法 133之一 醉驾 at 移送审查起诉', () => {
    const guide = evidenceChecklistFor(['dangerous_driving']);

    it('刑法 133之一: without the blood-alcohol opinion the file is incomplete', () => {
      const tagged = tagMandatory(guide, 'prosecution_transfer').filter((t) => t.itemId !== BLOOD);
      const result = checkEvidence(guide, tagged, 'prosecution_transfer');
      expect(result.complete).toBe(false);
      expect(result.missing.map((i) => i.id)).toEqual([BLOOD]);
    });

    it('刑法 133之一: BAC 70 mg/100ml fails the ≥80 rule', () => {
      const tagged = tagMandatory(guide, 'prosecution_transfer', { [BLOOD]: { bac_mg_per_100ml: 70 } });
      const result = checkEvidence(guide, tagged, 'prosecution_transfer');
      expect(result.complete).toBe(false);
      expect(result.missing).toEqual([]);
      expect(result.failedRules).toMatchObject([{ itemId: BLOOD, actual: 70, reason: 'out_of_range' }]);
      expect(result.failedRules[0]!.rule.value).toBe(80);
    });

    it('刑法 133之一: BAC 95 mg/100ml with every mandatory item is complete', () => {
      const tagged = tagMandatory(guide, 'prosecution_transfer', { [BLOOD]: { bac_mg_per_100ml: 95 } });
      expect(checkEvidence(guide, tagged, 'prosecution_transfer')).toEqual({
        complete: true,
        missing: [],
        failedRules: [],
        unknownItemIds: [],
      });
    });

    it('刑法 133之一: exactly 80 is drunk (≥80)', () => {
      const tagged = tagMandatory(guide, 'prosecution_transfer', { [BLOOD]: { bac_mg_per_100ml: 80 } });
      expect(checkEvidence(guide, tagged, 'prosecution_transfer').complete).toBe(true);
    });

    it('a blood report without the value is not a passed rule', () => {
      const tagged = tagMandatory(guide, 'prosecution_transfer');
      expect(checkEvidence(guide, tagged, 'prosecution_transfer').failedRules).toMatchObject([
        { itemId: BLOOD, actual: undefined, reason: 'missing_value' },
      ]);
    });

    it('2023 醉驾意见 §4¶3 (sec.): a breath result ≥80 stands in when the suspect fled before the blood draw', () => {
      const bloodChain = new Set([
        BLOOD,
        'dangerous_driving.blood_draw_record',
        'dangerous_driving.lab_commission',
        'dangerous_driving.opinion_notice',
      ]);
      const tagged = tagMandatory(guide, 'prosecution_transfer').filter((t) => !bloodChain.has(t.itemId));
      tagged.push({ itemId: 'dangerous_driving.breath_test_after_flight', values: { breath_bac_mg_per_100ml: 120 } });
      expect(checkEvidence(guide, tagged, 'prosecution_transfer').complete).toBe(true);
    });

    it('every tagged copy is checked: a second, failing report is reported', () => {
      const tagged = tagMandatory(guide, 'prosecution_transfer', { [BLOOD]: { bac_mg_per_100ml: 95 } });
      tagged.push({ itemId: BLOOD, values: { bac_mg_per_100ml: 60 } });
      expect(checkEvidence(guide, tagged, 'prosecution_transfer').failedRules).toHaveLength(1);
    });

    it('reports unknown tags and includes the common baseline', () => {
      const tagged = [...tagMandatory(guide, 'prosecution_transfer', { [BLOOD]: { bac_mg_per_100ml: 95 } }), { itemId: 'nope' }];
      expect(checkEvidence(guide, tagged, 'prosecution_transfer').unknownItemIds).toEqual(['nope']);
      expect(guide.items.some((i) => i.id === 'common.interrogation_record')).toBe(true);
    });
  });

  it('刑法 234: 故意伤害 needs an injury of at least 轻伤二级', () => {
    const guide = evidenceChecklistFor(['intentional_injury']);
    const opinion = 'intentional_injury.injury_opinion';
    const minor = checkEvidence(guide, tagMandatory(guide, 'arrest_request', { [opinion]: { injury_degree: 1 } }), 'arrest_request');
    expect(minor.failedRules.map((f) => f.itemId)).toEqual([opinion]);
    const light = checkEvidence(guide, tagMandatory(guide, 'arrest_request', { [opinion]: { injury_degree: 2 } }), 'arrest_request');
    expect(light.complete).toBe(true);
  });

  it('CPL 174: the 认罪认罚具结书 never gates a police send', () => {
    const item = COMMON_EVIDENCE_GUIDE.items.find((i) => i.id === 'common.plea_agreement')!;
    expect(item.stages).toEqual([]);
  });

  it('combines charges without duplicating the baseline', () => {
    const combined = evidenceChecklistFor(['theft', 'fraud', 'theft']);
    const ids = combined.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('common.'))).toHaveLength(COMMON_EVIDENCE_GUIDE.items.length);
    expect(combined.id).toBe('common+theft@1+fraud@1');
    expect(evidenceChecklistFor(['homicide']).items).toEqual(COMMON_EVIDENCE_GUIDE.items);
  });

  it('(property) tagging every mandatory item with passing values is complete; dropping one is not', () => {
    const values: Record<string, Record<string, number>> = {
      [BLOOD]: { bac_mg_per_100ml: 200 },
      'intentional_injury.injury_opinion': { injury_degree: 5 },
    };
    fc.assert(
      fc.property(
        fc.subarray([...PILOT_CHARGE_CODES], { minLength: 1 }),
        fc.constantFrom<TSendStage>('arrest_request', 'prosecution_transfer'),
        fc.nat(),
        (codes, stage, drop) => {
          const guide = evidenceChecklistFor(codes);
          const tagged = tagMandatory(guide, stage, values);
          if (!checkEvidence(guide, tagged, stage).complete) return false;
          const victim = tagged[drop % tagged.length]!;
          const item = guide.items.find((i) => i.id === victim.itemId)!;
          if (item.alternatives?.length) return true; // satisfiable another way by design
          return !checkEvidence(guide, tagged.filter((t) => t !== victim), stage).complete;
        },
      ),
    );
  });
});
