/**
 * i18next with two bundled languages: zh-CN (default) and en-US. The choice is remembered in
 * localStorage; <html lang> follows it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type TLanguage = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'xietong.lang';

function initialLanguage(): TLanguage {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function setLanguage(lang: TLanguage): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** Pick the label of a `{ zh, en }` pair (domain data from core or the server) for the current language. */
export function pick(label: { zh: string; en: string } | undefined | null, lang: string = i18n.language): string {
  if (!label) return '';
  return lang === 'en-US' ? label.en || label.zh : label.zh;
}

export default i18n;
