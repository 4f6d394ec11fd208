import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceChecklistFor } from '../evidence';
import {
  canonicalJson, canReadVolume, defaultVolumeFor, documentNumberOrg, findLegalTemplate, formatBodyDate, formatChineseDate, formatCivilBodyDate, LEGAL_TEMPLATES,
  missingTemplateData, renderLegalTemplate, formatIssuedNumber, documentWord, parseIssuedNumber, DOCUMENT_WORDS, DOCUMENT_WORD_RE,
  ISSUED_NUMBER_RE, legalTemplateFor, documentNumberAgency, chineseNumeral, formatStatuteZh, formatLegalBasisZh, describeStepZh, sniffMediaType, volumesForAgencyType,
  genericLegalTemplate, UNADDRESSED_DOCUMENTS,
} from './index';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sniffMediaType', () => {
  it('names accepted types and refused executables by their magic bytes', () => {
    expect(sniffMediaType(new TextEncoder().encode('%PDF-1.7\n'), true)).toEqual({ ok: true, kind: 'pdf' });
    expect(sniffMediaType(bytes(0xff, 0xd8, 0xff, 0xe0), true)).toEqual({ ok: true, kind: 'jpeg' });
    expect(sniffMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), true)).toEqual({ ok: true, kind: 'png' });
    expect(sniffMediaType(bytes(0x49, 0x49, 0x2a, 0x00), true)).toEqual({ ok: true, kind: 'tiff' });
    expect(sniffMediaType(bytes(0x4d, 0x4d, 0x00, 0x2a), true)).toEqual({ ok: true, kind: 'tiff' });
    expect(sniffMediaType(bytes(0x50, 0x4b, 0x03, 0x04), true)).toEqual({ ok: true, kind: 'zip_candidate' });
    expect(sniffMediaType(bytes(0x7f, 0x45, 0x4c, 0x46), true)).toEqual({ ok: false, refused: 'elf' });
    expect(sniffMediaType(new TextEncoder().encode('MZ\x90\x00'), true)).toEqual({ ok: false, refused: 'pe' });
    expect(sniffMediaType(new TextEncoder().encode('#!/usr/bin/env node\n'), true)).toEqual({ ok: false, refused: 'script' });
    expect(sniffMediaType(bytes(0xcf, 0xfa, 0xed, 0xfe), true)).toEqual({ ok: false, refused: 'mach_o' });
  });

  it('waits for more bytes only while a PDF header could still appear, and never accepts an executable with %PDF inside', () => {
    expect(sniffMediaType(new TextEncoder().encode('junk'), false)).toEqual({ ok: 'need_more' });
    expect(sniffMediaType(new TextEncoder().encode(`${' '.repeat(100)}%PDF-1.4`), true)).toEqual({ ok: true, kind: 'pdf' });
    expect(sniffMediaType(new TextEncoder().encode('\x7fELF....%PDF-1.4'), true)).toEqual({ ok: false, refused: 'elf' });
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (tail) => {
      const r = sniffMediaType(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, ...tail]), true);
      return r.ok === false && r.refused === 'elf';
    }));
  });
});

describe('volumes', () => {
  it('keeps non-transferable volumes with their agency', () => {
    expect(canReadVolume('a', 'a', 'investigation_work')).toBe(true);
    expect(canReadVolume('b', 'a', 'investigation_work')).toBe(false);
    expect(canReadVolume('b', 'a', 'litigation_documents')).toBe(true);
    expect(canReadVolume('b', 'a', 'court_secondary')).toBe(false);
    expect(volumesForAgencyType('police')).toEqual(['litigation_documents', 'evidence_materials', 'investigation_work']);
    expect(volumesForAgencyType('prison')).toEqual(['general']);
    expect(defaultVolumeFor('police', 'arrest_request')).toBe('litigation_documents');
    expect(defaultVolumeFor('police', 'blood_alcohol_opinion')).toBe('evidence_materials');
  });
});

describe('legal templates', () => {
  it('dates and 文号 parts as official documents print them', () => {
    expect(formatChineseDate(2021, 3, 5)).toBe('二〇二一年三月五日');
    expect(formatChineseDate(2020, 10, 31)).toBe('二〇二〇年十月三十一日');
    expect(formatChineseDate(2026, 12, 20)).toBe('二〇二六年十二月二十日');
    // dates in the body in Arabic numerals, as the birth date beside them; the issuing date above in Chinese
    expect(formatBodyDate(2026, 11, 30)).toBe('2026年11月30日');
    expect(formatCivilBodyDate('2026-03-05')).toBe('2026年3月5日');
    expect(documentNumberOrg('长公', '长春市公安局')).toBe('长');
    expect(documentNumberOrg('测ab12', '长春市朝阳区人民检察院')).toBe('长春');
    const n = formatIssuedNumber({ org: '长朝公', word: documentWord('arrest_request'), year: 2021, seq: 12 });
    expect(n).toBe('长朝公提捕字〔2021〕12号');
    expect(parseIssuedNumber(n, '长朝公')).toEqual({ word: '提捕字', year: 2021, seq: 12 });
  });

  it('every template has known placeholders and renders with its required fields and the case card', () => {
    const caseData = { caseTitle: '案', caseSummary: '', suspects: '张三', suspectDetails: '犯罪嫌疑人张三。', defendantDetails: '被告人张三。', charges: '危险驾驶罪',
      chargeArticles: '《中华人民共和国刑法》第133条之一', agencyName: '某机关', policeNumber: 'A1', procuratorateNumber: 'B1', courtNumber: 'C1', date: '二〇二五年一月一日',
      transferDate: '二〇二四年十二月一日', filingDate: '二〇二四年十二月二十日' };
    expect(new Set(LEGAL_TEMPLATES.map((t) => t.id)).size).toBe(LEGAL_TEMPLATES.length);
    for (const t of LEGAL_TEMPLATES) {
      // required fields and fields without a default (fact dates the case supplies, typed where it has none)
      const fields = Object.fromEntries(t.fields.filter((f) => f.required || f.default === undefined).map((f) => [f.key, `【${f.zh}】`]));
      expect(missingTemplateData(t, { ...caseData, ...fields }), t.id).toEqual([]);
      const r = renderLegalTemplate(t, { ...caseData, ...fields });
      expect(r.paragraphs.join('')).not.toMatch(/\{[a-zA-Z]+\}/);
    }
    expect(() => renderLegalTemplate(findLegalTemplate('indictment')!, caseData)).toThrow(/receiverName/);
    // no default stands in for a missing date (it once printed 于依法向本院移送审查起诉)
    const { transferDate: _none, ...withoutDate } = caseData;
    expect(missingTemplateData(findLegalTemplate('indictment')!, { ...withoutDate, receiverName: '某院', facts: '某事实' })).toEqual(['transferDate']);
  });

  it('the 起诉书 names the date the case was transferred for review; it is never left as 于依法向本院', () => {
    const { transferDate: _omit, ...noDate } = caseData();
    expect(() => renderLegalTemplate(findLegalTemplate('indictment')!, { ...noDate, receiverName: '某法院', facts: '事实' })).toThrow(/transferDate/);
    const r = renderLegalTemplate(findLegalTemplate('indictment')!, { ...caseData(), receiverName: '某法院', facts: '事实' });
    expect(r.paragraphs.join('')).toContain('于二〇二四年十二月一日向本院移送审查起诉');
  });

  it('every document type has a 文号字 and a template (its own or the generic form) that renders filled', () => {
    for (const [docType, word] of Object.entries(DOCUMENT_WORDS)) {
      expect(word, docType).toMatch(DOCUMENT_WORD_RE);
      const t = legalTemplateFor(docType as never);
      const fields = Object.fromEntries(t.fields.map((f) => [f.key, `【${f.zh}】`]));
      const r = renderLegalTemplate(t, { ...caseData(), ...fields });
      expect([r.recipient ?? '', ...r.paragraphs, ...r.closing].join(''), docType).not.toMatch(/\{[a-zA-Z]+\}/);
    }
  });

  it('文号 are <简称><字>〔year〕N号 with full-width brackets; an agency may override a 字', () => {
    expect(formatIssuedNumber({ org: '长朝检', word: documentWord('indictment'), year: 2026, seq: 7 })).toBe('长朝检起诉字〔2026〕7号');
    expect(documentWord('indictment', { indictment: '刑诉字' })).toBe('刑诉字');
    expect(formatIssuedNumber({ org: '长朝法', word: documentWord('criminal_judgment'), year: 2026, seq: 1 })).toMatch(ISSUED_NUMBER_RE);
    expect(() => formatIssuedNumber({ org: '长朝检', word: 'abc', year: 2026, seq: 1 })).toThrow(RangeError);
    expect(parseIssuedNumber('长朝检起诉字[2026]7号', '长朝检')).toBeNull();
    expect(documentNumberAgency('长朝检', '长春市朝阳区人民检察院', 'procuratorate')).toBe('长朝检');
    expect(['police', 'procuratorate'].map((t) => documentNumberAgency('ab12', '长春市某机关', t as never))).toEqual(['长春公', '长春检']);
    expect(new Set(Object.values(DOCUMENT_WORDS)).size).toBe(Object.keys(DOCUMENT_WORDS).length);
  });
});

function caseData(): Record<string, string> {
  return { caseTitle: '案', caseSummary: '', suspects: '张三', suspectDetails: '犯罪嫌疑人张三。', defendantDetails: '被告人张三。', charges: '危险驾驶罪',
    chargeArticles: '《中华人民共和国刑法》第133条之一', agencyName: '某机关', policeNumber: 'A1', procuratorateNumber: 'B1', courtNumber: 'C1', date: '二〇二五年一月一日',
    transferDate: '二〇二四年十二月一日', filingDate: '二〇二四年十二月二十日' };
}

describe('records', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: '问' }] })).toBe('{"a":[{"x":"问","y":2}],"b":1}');
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.integer()), (o) => {
      const reversed = Object.fromEntries(Object.entries(o).reverse());
      return canonicalJson(o) === canonicalJson(reversed);
    }));
  });

  it('the 醉驾 checklist names the blood-alcohol opinion as mandatory for 移送审查起诉', () => {
    const g = evidenceChecklistFor(['dangerous_driving']);
    expect(g.items.find((i) => i.id === 'dangerous_driving.blood_alcohol_opinion')).toMatchObject({ mandatory: true });
  });
});

describe('what a process-issued document says about its step', () => {
  it('statute citations in Chinese numerals, the law named once per run', () => {
    expect([87, 101, 110, 176, 1010].map(chineseNumeral)).toEqual(['八十七', '一百零一', '一百一十', '一百七十六', '一千零一十']);
    expect(formatStatuteZh({ law: 'CPL', article: '177 ¶2' })).toBe('《中华人民共和国刑事诉讼法》第一百七十七条第二款');
    expect(formatLegalBasisZh([{ law: 'CPL', article: '87' }, { law: 'CPL', article: '90' }, { law: 'PRISON_LAW', article: '16' }]))
      .toBe('《中华人民共和国刑事诉讼法》第八十七条、第九十条、《中华人民共和国监狱法》第十六条');
  });

  it('CPL 90: a 不批准逮捕 document states the decision with its recorded reason and ground', () => {
    const text = describeStepZh({
      date: '2026年3月5日', labelZh: '决定不批准逮捕',
      fields: [
        { name: 'reason', type: 'text', required: true, zh: '理由', en: 'Reason' },
        { name: 'ground', type: 'enum', required: true, zh: '不捕类型', en: 'Ground', values: { insufficient_evidence: { zh: '证据不足', en: 'x' } } },
        { name: 'until', type: 'date', required: false, zh: '期限', en: 'Until' },
      ],
      input: { reason: '证据不足以证明有犯罪事实。', ground: 'insufficient_evidence', until: '2026-04-01' },
    });
    expect(text).toBe('2026年3月5日，本机关依法决定不批准逮捕。理由：证据不足以证明有犯罪事实。不捕类型：证据不足。期限：2026年4月1日。');
  });

  it('CPL 85: the 拘留证 states the time of detention in words, without the form\'s typing hint; a unit stays', () => {
    const text = describeStepZh({
      date: '2026年12月1日', labelZh: '登记刑事拘留',
      fields: [
        { name: 'detainedAt', type: 'text', required: false, zh: '拘留时间（YYYY-MM-DDTHH:mm，北京时间；已登记在人员上的可不填）', en: 'x' },
        { name: 'arrestedAt', type: 'text', required: false, zh: '逮捕时间（YYYY-MM-DDTHH:mm，北京时间；默认当前时间）', en: 'x' },
        { name: 'servedOn', type: 'date', required: false, zh: '起诉书副本送达被告人日期（未送达的不填）', en: 'x' },
        { name: 'fine', type: 'integer', required: false, zh: '建议罚金（元）', en: 'x' },
      ],
      // an instant with its offset is printed in Beijing time
      input: { detainedAt: '2026-11-29T10:30', arrestedAt: '2026-12-01T03:05:00Z', servedOn: '2026-12-01', fine: 5000 },
    });
    expect(text).toBe('2026年12月1日，本机关依法登记刑事拘留。拘留时间：2026年11月29日10时30分。逮捕时间：2026年12月1日11时05分。起诉书副本送达被告人日期：2026年12月1日。建议罚金（元）：5000。');
  });

  it('CPL 85, 93: the 拘留证 and 逮捕证 are shown to the person and a 裁定书 is pronounced: no agency is addressed', () => {
    for (const doc of UNADDRESSED_DOCUMENTS) {
      const r = renderLegalTemplate(genericLegalTemplate(doc), { caseTitle: '某案', suspects: '李某', charges: '盗窃罪', suspectDetails: '犯罪嫌疑人李某，男。', decisionText: '决定。', receiverName: '长春市朝阳区人民检察院' });
      expect(r.recipient, doc).toBeNull();
      expect(r.paragraphs.join(''), doc).not.toContain('人民检察院');
    }
    expect([...UNADDRESSED_DOCUMENTS].sort()).toEqual(['arrest_warrant', 'criminal_ruling', 'detention_warrant']);
    expect(genericLegalTemplate('arrest_family_notice').recipient).toBe('{receiverName}：');
  });
});
