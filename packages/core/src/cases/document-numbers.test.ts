import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_DOCUMENT_NUMBER_TEMPLATES,
  documentNumberSchema,
  formatDocumentNumber,
  matchDocumentNumber,
  parseDocumentNumber,
  ZDocumentNumber,
  ZDocumentNumberTemplate,
} from './document-numbers';

const template = (id: string) => DEFAULT_DOCUMENT_NUMBER_TEMPLATES.find((t) => t.id === id)!;
const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const text = (exclude: string) =>
  fc.array(cjk.filter((c) => !exclude.includes(c)), { minLength: 1, maxLength: 5 }).map((a) => a.join(''));

describe('文书文号 templates', () => {
  it('every default template is valid and parses its own example', () => {
    for (const t of DEFAULT_DOCUMENT_NUMBER_TEMPLATES) {
      expect(ZDocumentNumberTemplate.safeParse(t).success).toBe(true);
      expect(parseDocumentNumber(t, t.example)).not.toBeNull();
    }
  });

  it('parses the examples from the brief and the domain file', () => {
    expect(parseDocumentNumber(template('police.arrest-request'), '长公(刑)提捕字[2021]12号')).toEqual({
      org: '长',
      dept: '刑',
      year: 2021,
      seq: 12,
    });
    // Full-width parentheses in the sample, half-width in the template: both accepted.
    expect(parseDocumentNumber(template('police.prosecution-opinion'), '津武公（济）诉字[2021]10122号')).toEqual({
      org: '津武',
      dept: '济',
      year: 2021,
      seq: 10122,
    });
    expect(parseDocumentNumber(template('procuratorate.default'), '长朝检刑诉〔2021〕7号')).toEqual({
      org: '长朝',
      doc: '刑诉',
      year: 2021,
      seq: 7,
    });
    expect(parseDocumentNumber(template('procuratorate.legacy-di'), '博检刑诉[2016]第282号')?.seq).toBe(282);
  });

  it('formats with the template brackets', () => {
    expect(formatDocumentNumber(template('procuratorate.default'), { org: '长朝', doc: '刑诉', year: 2021, seq: 3 })).toBe(
      '长朝检刑诉〔2021〕3号',
    );
    expect(() => formatDocumentNumber(template('police.arrest-request'), { org: '长', year: 2021, seq: 3 })).toThrow(
      /dept/,
    );
  });

  it('matches the first fitting template, optionally per agency', () => {
    expect(matchDocumentNumber(DEFAULT_DOCUMENT_NUMBER_TEMPLATES, '长公(刑)提捕字[2021]12号')?.template.id).toBe(
      'police.arrest-request',
    );
    expect(matchDocumentNumber(DEFAULT_DOCUMENT_NUMBER_TEMPLATES, '长公(刑)提捕字[2021]12号', 'procuratorate')).toBeNull();
    expect(ZDocumentNumber.safeParse('随便写的号').error?.issues[0]?.message).toContain('文号');
  });

  it('accepts agency-configured templates', () => {
    const custom = ZDocumentNumberTemplate.parse({
      id: 'jl.police.detention',
      agencyType: 'police',
      documentZh: '拘留证',
      pattern: '{org}公({dept})拘字〔{year}〕{seq}号',
      example: '长朝公(刑)拘字〔2021〕88号',
      verified: false,
    });
    expect(documentNumberSchema([custom]).safeParse('长朝公（刑）拘字[2021]88号').success).toBe(true);
  });

  it('rejects templates that cannot round-trip', () => {
    const base = { id: 'x', agencyType: 'police', documentZh: '某文书', example: '', verified: false };
    expect(ZDocumentNumberTemplate.safeParse({ ...base, pattern: '{org}字{seq}号' }).error?.issues[0]?.message).toContain(
      '{year}',
    );
    expect(ZDocumentNumberTemplate.safeParse({ ...base, pattern: '{org}{doc}[{year}]{seq}号' }).success).toBe(false);
  });

  it('round-trips format → parse for every default template (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEFAULT_DOCUMENT_NUMBER_TEMPLATES),
        text('公检'),
        text('公检字第提捕诉'),
        fc.integer({ min: 1949, max: 2099 }),
        fc.integer({ min: 1, max: 999_999 }),
        (t, org, middle, year, seq) => {
          const parts = t.pattern.includes('{dept}') ? { org, dept: middle, year, seq } : { org, doc: middle, year, seq };
          expect(parseDocumentNumber(t, formatDocumentNumber(t, parts))).toEqual(parts);
        },
      ),
    );
  });
});
