/**
 * Every 法律文书 template, rendered to PDF, must print: two independent renderers from Debian
 * (poppler's pdftoppm and MuPDF's mutool) draw every page without a font or glyph complaint, and every
 * word of the text layer is inked on the page (print-check.ts). The bug this guards against: fontkit's subset of Noto
 * Serif SC had invalid outlines, so the text layer (hashes, signatures, search) was right while every
 * renderer drew blank paper. The text layer (pdftotext -layout) is checked for 避头尾 and for fields
 * left unfilled.
 *
 * Needs poppler-utils and mupdf-tools (.ci/run installs them). Without them the checks are not
 * registered and the run says so; under CI=true their absence fails.
 */
import { genericLegalTemplate, LEGAL_TEMPLATES, LINE_START_FORBIDDEN, renderLegalTemplate, type TLegalTemplate } from '@xietong/core/dossier';
import { describe, expect, it } from 'vitest';
import { INSTALL_HINT, missingRenderTools, wordsWithoutInk, printReport } from './print-check';
import { renderLegalPdf } from './render-legal-pdf';

// Sample case data: every placeholder of every template, with the dates written out.
const SAMPLE: Record<string, string> = {
  caseTitle: '张某某盗窃案', caseSummary: '张某某盗窃电动自行车。', agencyName: '长春市朝阳区人民检察院', date: '二〇二六年十一月三十日', org: '长朝',
  suspects: '张某某', suspectDetails: '犯罪嫌疑人张某某，男，1990年1月1日出生，公民身份号码220104199001010011，汉族，高中文化，无业，住长春市朝阳区红旗街100号。',
  defendantDetails: '被告人张某某，男，1990年1月1日出生，公民身份号码220104199001010011，汉族，高中文化，无业，住长春市朝阳区红旗街100号。',
  charges: '盗窃罪', chargeArticles: '《中华人民共和国刑法》第二百六十四条', policeNumber: '长朝公提捕字〔2026〕12号',
  procuratorateNumber: '长朝检起诉字〔2026〕3号', courtNumber: '长朝法刑初字〔2026〕5号', receiverName: '长春市朝阳区人民法院',
  facts: '2026年10月1日21时许，犯罪嫌疑人张某某在长春市朝阳区红旗街某小区内，趁被害人李某不备，窃取其停放在楼道内的电动自行车一辆（价值人民币三千五百元）。同年10月3日，张某某被公安机关抓获；到案后，其如实供述了上述犯罪事实。经鉴定，被盗电动自行车价值人民币三千五百元，已追回并发还被害人。'.repeat(2),
  evidence: '上述事实，有被害人李某的陈述，证人王某、赵某的证言，价格认定结论书，现场勘验笔录，监控录像，犯罪嫌疑人张某某的供述和辩解等证据证实，足以认定。',
  reason: '现有证据不足以证明犯罪嫌疑人张某某实施了全部犯罪行为，需要补充侦查。', prosecutor: '长春市朝阳区人民检察院', filingDate: '2026年11月20日',
  transferDate: '2026年11月2日', charge: '被告人张某某以非法占有为目的，秘密窃取他人财物，数额较大。', reasoning: '被告人张某某以非法占有为目的，秘密窃取他人财物，数额较大，其行为已构成盗窃罪。',
  verdict: '被告人张某某犯盗窃罪，判处有期徒刑一年，并处罚金人民币五千元。', effectiveDate: '2026年12月15日', sentence: '有期徒刑一年，并处罚金人民币五千元。',
  investigatingAgency: '长春市公安局朝阳区分局', newAgency: '长春市朝阳区人民检察院', violation: '犯罪嫌疑人张某某羁押期限届满后未依法变更强制措施，超期羁押三日。', replyDays: '十五',
  decisionText: '经审查，根据《中华人民共和国刑事诉讼法》第八十五条的规定，决定对犯罪嫌疑人张某某执行拘留，羁押于长春市朝阳区看守所。拘留时间：2026年10月3日10时。',
  legalBasis: '《中华人民共和国刑事诉讼法》第八十二条、第八十五条',
  arrestDate: '2026年10月5日', expiryDate: '2026年12月5日', article: '一百五十六', months: '一', fromDate: '2026年12月6日', toDate: '2027年1月5日',
  approvingAgency: '长春市人民检察院',
};

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;
const placeholders = (t: TLegalTemplate) =>
  [...new Set([t.recipient ?? '', ...t.body, ...(t.closing ?? [])].flatMap((s) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!)))];

describe('legal document PDFs print', () => {
  it('has poppler-utils and mupdf-tools, or says that it cannot check', () => {
    if (process.env.CI === 'true') expect(missingRenderTools, `missing ${missingRenderTools.join(', ')}: ${INSTALL_HINT}`).toEqual([]);
    else if (missingRenderTools.length) console.warn(`legal-pdf-render: NOT CHECKED, missing ${missingRenderTools.join(', ')} (${INSTALL_HINT})`);
  });

  if (missingRenderTools.length) return;

  // the forms of their own, and the generic form most process-issued 文书 are rendered from (拘留证 as its example)
  for (const template of [...LEGAL_TEMPLATES, genericLegalTemplate('detention_warrant')]) {
    it(`${template.id} (${template.title.replace(/\s+/g, '')}): pdftoppm and mutool draw every glyph, no line starts with closing punctuation, every field printed`, async () => {
      const doc = renderLegalTemplate(template, SAMPLE);
      const pdf = await renderLegalPdf({
        agencyName: '长春市朝阳区人民检察院', number: '长朝检起诉字〔2026〕3号', doc, dateZh: SAMPLE.date!, keyId: 'a1b2c3d4e5f60718293a4b5c', info: {},
      });
      const report = printReport(pdf.bytes);

      // The text layer: every field printed, nothing left in braces, 避头尾.
      const flat = report.text.replace(/\s+/g, '');
      expect(flat).not.toMatch(/[{}]/);
      expect(flat, `${template.id}: a fact date left out`).not.toMatch(/于(依法)?(向|提起)/);
      expect(flat).toContain(SAMPLE.date);
      for (const key of placeholders(template)) {
        // each field's value reaches the page (a date left out would print 于向本院…)
        const sample = SAMPLE[key]!.replace(/\s+/g, '').slice(0, 12);
        expect(flat, `${template.id}: {${key}} not printed`).toContain(sample);
      }
      const badStarts = report.text.split('\n').map((l) => l.trim()).filter((l) => l && LINE_START_FORBIDDEN.has([...l][0]!));
      expect(badStarts, `${template.id}: lines beginning with closing punctuation`).toEqual([]);

      // Two renderers: no complaint, every page drawn, every word of the text layer inked.
      expect(report.complaints, template.id).toEqual({ pdftoppm: [], mutool: [] });
      expect(report.pages, template.id).toEqual({ pdftoppm: pdf.pages, mutool: pdf.pages });
      expect(report.fonts.length).toBeGreaterThan(0);
      expect(report.fonts.filter((f) => !f.embedded || !/^[A-Z]{6}\+/.test(f.name)), `${template.id}: fonts not embedded as tagged subsets`).toEqual([]);
      expect(wordsWithoutInk(report), template.id).toEqual([]);
    });
  }
});
