/**
 * Statute references as a Chinese reader expects them: 《刑事诉讼法》第八十七条, 第一百七十五条第四款,
 * 第一百三十三条之一, 第五十六条至第六十条. Pure; the English form stays `formatRef` ("CPL 87").
 *
 * The server stores references already formatted by `formatRef` (in events, timers, deadline
 * explanations), so `parseRef` reads that form back and `localizeRef` turns any such string into
 * the Chinese form; strings that are not references (e.g. 国务院节假日安排通知) pass through unchanged.
 */
import { chineseNumeral } from '../dossier/process-document-text';
import { LAWS, type TFactBasis, type TLaw, type TStatuteRef } from './definition';

/** Short titles as cited in Chinese practice (the full titles are `LAWS[law].zh`). */
export const LAW_SHORT_ZH: Record<TLaw, string> = {
  CPL: '刑事诉讼法',
  SPP_RULES: '人民检察院刑事诉讼规则',
  MPS_RULES: '公安机关办理刑事案件程序规定',
  SPC_INTERP: '最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释',
  SPC_INTERP_2012: '最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释（2012）',
  PRISON_LAW: '监狱法',
  COMMUNITY_CORRECTION_LAW: '社区矫正法',
  TRIAL_CENTRED_OPINION_2016: '关于推进以审判为中心的刑事诉讼制度改革的意见',
  EXCLUSION_RULES_2017: '关于办理刑事案件严格排除非法证据若干问题的规定',
  CUSTODY_NECESSITY_2023: '人民检察院、公安机关羁押必要性审查、评估工作规定',
  EFILE_RULES_2016: '最高人民检察院电子卷宗相关规定',
  PLEA_OPINION_2019: '关于适用认罪认罚从宽制度的指导意见',
  LEGAL_AID_LAW: '法律援助法',
  COMMUNITY_CORRECTION_RULES: '社区矫正法实施办法',
  CUSTODY_TRANSFER_NOTICE_2014: '关于羁押犯罪嫌疑人、被告人实行换押和羁押期限变更通知制度的通知',
  COMMUTATION_PROCEDURE_2014: '最高人民法院关于减刑、假释案件审理程序的规定',
  PRISON_COMMUTATION_RULES: '监狱提请减刑假释工作程序规定',
  TEMPORARY_RELEASE_RULES_2014: '暂予监外执行规定',
  PLC_WORK_REGULATION: '中国共产党政法工作条例',
};

/** Laws cited in free text without a code of their own (charge and evidence notes). */
const FREE_TEXT_LAWS: Record<string, string> = { 刑法: '刑法', 道路交通安全法: '道路交通安全法' };

/** The legible mark for a fact basis, with what it means (shown as a tooltip). */
export const BASIS_MARKS: Record<TFactBasis, { zh: string; zhHint: string; en: string; enHint: string }> = {
  unchecked: {
    zh: '〔未复核〕',
    zhHint: '法条标准文本，平台未再次核对原文',
    en: '(unchecked)',
    enHint: 'Standard statutory text, not re-checked against the source',
  },
  'sec.': {
    zh: '〔据转引〕',
    zhHint: '仅经二手资料转引确认，未核对原文',
    en: '(sec.)',
    enHint: 'Confirmed only through a secondary source quoting the rule',
  },
  unverified: {
    zh: '〔待核实〕',
    zhHint: '未经核实：仅作提示，不据此拒绝操作',
    en: '(unverified)',
    enHint: 'Not confirmed: shown as a hint, never used to refuse an action',
  },
};

/** One article as printed in Chinese: '87' → 第八十七条; '133之一' / '133-1' → 第一百三十三条之一. */
function articleZh(a: string): string {
  const m = /^§?(\d+)(?:之([一二三四五六七八九十]+)|(?:之|-)(\d+))?$/.exec(a.trim());
  if (!m) return a;
  const sub = m[2] ? `之${m[2]}` : m[3] ? `之${chineseNumeral(Number(m[3]))}` : '';
  return `第${chineseNumeral(Number(m[1]))}条${sub}`;
}

/**
 * The article part in Chinese: '175 ¶4' → 第一百七十五条第四款; '56–60' → 第五十六条至第六十条;
 * '—' (known rule, number unknown) → ''. An unreadable article is returned as printed.
 */
export function formatArticleZh(article: string): string {
  const a = article.trim();
  if (a === '—' || a === '') return '';
  const para = /^(.+?)\s*¶\s*(\d+)$/.exec(a);
  if (para) return `${formatArticleZh(para[1]!)}第${chineseNumeral(Number(para[2]))}款`;
  const range = /^(.+?)\s*[–—~～]\s*(.+)$/.exec(a);
  if (range) return `${articleZh(range[1]!)}至${articleZh(range[2]!)}`;
  return articleZh(a);
}

export type TRefZh = { text: string; basis?: TFactBasis; mark?: string; hint?: string };

/** `{ law: 'CPL', article: '87' }` → 《刑事诉讼法》第八十七条, with the basis mark apart (for a tooltip). */
export function formatRefZh(ref: TStatuteRef): TRefZh {
  const text = `《${LAW_SHORT_ZH[ref.law]}》${formatArticleZh(ref.article)}`;
  if (!ref.basis) return { text };
  const m = BASIS_MARKS[ref.basis];
  return { text, basis: ref.basis, mark: m.zh, hint: m.zhHint };
}

/** The whole reference as one string: 《刑事诉讼法》第八十二条〔未复核〕. */
export function formatRefZhText(ref: TStatuteRef): string {
  const r = formatRefZh(ref);
  return r.mark ? `${r.text}${r.mark}` : r.text;
}

const MARK_OF: Record<string, TFactBasis> = { '(sec.)': 'sec.', '(unverified)': 'unverified', '†': 'unchecked' };

/** Reads back a string made by `formatRef` ("CPL 87 †", "公安机关办理刑事案件程序规定（2020修正） 148–150 (sec.)"); null when it is not one. */
export function parseRef(s: string): TStatuteRef | null {
  let rest = s.trim();
  let basis: TFactBasis | undefined;
  for (const [mark, b] of Object.entries(MARK_OF)) {
    if (rest.endsWith(mark)) {
      basis = b;
      rest = rest.slice(0, -mark.length).trim();
      break;
    }
  }
  const laws = Object.keys(LAWS) as TLaw[];
  // longest name first: the 2012 interpretation's name extends the 2021 one's
  const names = laws
    .map((law) => ({ law, name: law === 'CPL' ? 'CPL' : LAWS[law].zh }))
    .sort((a, b) => b.name.length - a.name.length);
  for (const { law, name } of names) {
    if (!rest.startsWith(name)) continue;
    const article = rest.slice(name.length).trim();
    if (article !== '' && !/^[§\d]/.test(article)) continue;
    const ref = { law, article: article === '' ? '—' : article };
    return basis ? { ...ref, basis } : ref;
  }
  return null;
}

/**
 * A reference string for display in the given language: Chinese → 《刑事诉讼法》第八十七条 with the
 * mark apart; English → the `formatRef` form with the dagger spelled out. Non-references pass through.
 */
export function localizeRef(s: string, lang: 'zh' | 'en'): TRefZh {
  const ref = parseRef(s);
  if (!ref) return { text: s };
  if (lang === 'zh') return formatRefZh(ref);
  return formatRefEn(ref);
}

/** English: "CPL 87", other laws by their English title ("Police Procedure Rules for Criminal Cases (2020) 148–150"), mark apart. */
export function formatRefEn(ref: TStatuteRef): TRefZh {
  const name = ref.law === 'CPL' ? 'CPL' : LAWS[ref.law].en;
  const text = ref.article === '—' ? name : `${name} ${ref.article}`;
  if (!ref.basis) return { text };
  const m = BASIS_MARKS[ref.basis];
  return { text, basis: ref.basis, mark: m.en, hint: m.enHint };
}

/**
 * References inside free Chinese text ("刑事责任年龄，刑法17条†", "（CPL 123†）", "刑法234：…") in the
 * Chinese form: 《刑法》第十七条〔未复核〕, 《刑事诉讼法》第一百二十三条〔未复核〕.
 */
export function localizeLawText(text: string): string {
  const laws = ['CPL', ...Object.keys(FREE_TEXT_LAWS)].join('|');
  const re = new RegExp(`(${laws})\\s*(?:第\\s*)?(\\d+(?:之[一二三四五六七八九十\\d]+)?)(?:\\s*[–-]\\s*(\\d+))?\\s*条?\\s*(†|\\(sec\\.\\)|\\(unverified\\))?`, 'g');
  const out = text.replace(re, (_all, law: string, a: string, b: string | undefined, mark: string | undefined) => {
    const name = law === 'CPL' ? LAW_SHORT_ZH.CPL : FREE_TEXT_LAWS[law]!;
    const basis = mark ? MARK_OF[mark] : undefined;
    return `《${name}》${formatArticleZh(b ? `${a}–${b}` : a)}${basis ? BASIS_MARKS[basis].zh : ''}`;
  });
  // a remaining dagger (e.g. after a standard's name) becomes the legible mark too
  return out.replace(/\s*†/g, BASIS_MARKS.unchecked.zh).replace(/\s*\(sec\.\)/g, BASIS_MARKS['sec.'].zh);
}
