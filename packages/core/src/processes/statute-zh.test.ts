import { describe, expect, it } from 'vitest';
import { formatRef } from './definition';
import { chineseNumeral } from '../dossier/process-document-text';
import { formatArticleZh, formatRefZh, formatRefZhText, localizeLawText, localizeRef, parseRef } from './statute-zh';

describe('statute references in Chinese', () => {
  it('writes article numbers as Chinese numerals (the numerals the issued 文书 use)', () => {
    expect(chineseNumeral(1)).toBe('一');
    expect(chineseNumeral(10)).toBe('十');
    expect(chineseNumeral(17)).toBe('十七');
    expect(chineseNumeral(87)).toBe('八十七');
    expect(chineseNumeral(100)).toBe('一百');
    expect(chineseNumeral(105)).toBe('一百零五');
    expect(chineseNumeral(110)).toBe('一百一十');
    expect(chineseNumeral(156)).toBe('一百五十六');
    expect(chineseNumeral(1001)).toBe('一千零一');
    expect(chineseNumeral(1010)).toBe('一千零一十');
  });

  it('CPL 87: renders as 《刑事诉讼法》第八十七条', () => {
    expect(formatRefZh({ law: 'CPL', article: '87' })).toEqual({ text: '《刑事诉讼法》第八十七条' });
  });

  it('CPL 175 ¶4: a paragraph is 第四款; ranges use 至; 之一 articles keep 之一', () => {
    expect(formatArticleZh('175 ¶4')).toBe('第一百七十五条第四款');
    expect(formatArticleZh('56–60')).toBe('第五十六条至第六十条');
    expect(formatArticleZh('133之一')).toBe('第一百三十三条之一');
    expect(formatArticleZh('133-1')).toBe('第一百三十三条之一');
    expect(formatArticleZh('—')).toBe('');
  });

  it('names the rules by their short titles and keeps the basis mark apart with its meaning', () => {
    expect(formatRefZh({ law: 'SPP_RULES', article: '564 ¶3', basis: 'sec.' })).toEqual({
      text: '《人民检察院刑事诉讼规则》第五百六十四条第三款',
      basis: 'sec.',
      mark: '〔据转引〕',
      hint: '仅经二手资料转引确认，未核对原文',
    });
    expect(formatRefZhText({ law: 'MPS_RULES', article: '—', basis: 'unverified' })).toBe('《公安机关办理刑事案件程序规定》〔待核实〕');
    expect(formatRefZhText({ law: 'CPL', article: '82', basis: 'unchecked' })).toBe('《刑事诉讼法》第八十二条〔未复核〕');
  });

  it('reads back every form formatRef writes', () => {
    const refs = [
      { law: 'CPL', article: '87' },
      { law: 'CPL', article: '82', basis: 'unchecked' },
      { law: 'MPS_RULES', article: '148–150', basis: 'sec.' },
      { law: 'SPC_INTERP_2012', article: '431' },
      { law: 'SPC_INTERP', article: '—', basis: 'sec.' },
      { law: 'MPS_RULES', article: '—', basis: 'unverified' },
    ] as const;
    for (const r of refs) expect(parseRef(formatRef(r))).toEqual(r);
    expect(parseRef('国务院节假日安排通知')).toBeNull();
    expect(parseRef('CPL 82 †')).toEqual({ law: 'CPL', article: '82', basis: 'unchecked' });
  });

  it('localizes a stored reference string for either language; English keeps "CPL 87"', () => {
    expect(localizeRef('CPL 87', 'zh').text).toBe('《刑事诉讼法》第八十七条');
    expect(localizeRef('CPL 87', 'en').text).toBe('CPL 87');
    expect(localizeRef('CPL 82 †', 'en')).toMatchObject({ text: 'CPL 82', mark: '(unchecked)' });
    expect(localizeRef('高法解释·以月计算的期限', 'zh').text).toBe('高法解释·以月计算的期限');
  });

  it('rewrites references inside free text, and no dagger is left', () => {
    expect(localizeLawText('证明身份及作案时年龄（刑事责任年龄，刑法17条†）')).toBe(
      '证明身份及作案时年龄（刑事责任年龄，《刑法》第十七条〔未复核〕）',
    );
    expect(localizeLawText('必须录制（CPL 123†）')).toBe('必须录制（《刑事诉讼法》第一百二十三条〔未复核〕）');
    expect(localizeLawText('CPL 156–159')).toBe('《刑事诉讼法》第一百五十六条至第一百五十九条');
    expect(localizeLawText('人体损伤程度鉴定标准(2014)†')).toBe('人体损伤程度鉴定标准(2014)〔未复核〕');
  });
});
