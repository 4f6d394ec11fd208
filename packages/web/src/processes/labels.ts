/**
 * Names of processes, states, actions, stages and charges in the reader's language, looked up
 * in core's definitions (which carry `en`) by code. The server sends the Chinese name beside the
 * code; that is the fallback for a code this build does not know (a newer server).
 */
import { AGENCY_STAGES, COERCIVE_MEASURES, PERSON_TITLES } from '@xietong/core/cases';
import { CHARGES } from '@xietong/core/charges';
import { CUSTODY_PERIODS } from '@xietong/core/custody';
import { EVIDENCE_ITEMS_EN, VOLUME_NAMES_EN } from '@xietong/core/evidence';
import { DOCUMENT_TYPES, getProcess, PROCESS_DEFINITIONS } from '@xietong/core/processes';
import { pick } from '../i18n';

function local(label: { zh: string; en: string } | undefined, fallback: string, lang: string): string {
  return label ? pick(label, lang) : fallback;
}

export function processName(code: string, fallback: string, lang: string): string {
  return local(getProcess(code)?.name, fallback, lang);
}

export function stateName(code: string, state: string, fallback: string, lang: string): string {
  return local(getProcess(code)?.states[state], fallback, lang);
}

export function actionLabel(code: string, action: string, fallback: string, lang: string): string {
  return local(getProcess(code)?.transitions.find((t) => t.action === action)?.label, fallback, lang);
}

/**
 * A statutory timer's name from its zh name (events, the inbox and case cards carry the name, not
 * the timer id): in the process's definition when known, else in any definition.
 */
export function timerName(zh: string, lang: string, code?: string): string {
  if (lang !== 'en-US') return zh;
  const defs = code && getProcess(code) ? [getProcess(code)!] : PROCESS_DEFINITIONS;
  for (const d of defs) {
    const hit = Object.values(d.timers ?? {}).find((t) => t.zh === zh);
    if (hit) return hit.en;
  }
  // a person's custody period (CPL 91, 156, 172 …)
  return Object.values(CUSTODY_PERIODS).find((p) => p.zh === zh)?.en ?? zh;
}

export function stageName(stage: string, fallback: string, lang: string): string {
  return local((AGENCY_STAGES as Record<string, { zh: string; en: string }>)[stage], fallback, lang);
}

export function chargeName(code: string, fallback: string, lang: string): string {
  return local((CHARGES as Record<string, { zh: string; en: string }>)[code], fallback, lang);
}

/** 犯罪嫌疑人 / 被告人 / 罪犯 (the server sends the Chinese title). */
export function personTitle(zh: string, lang: string): string {
  return local(Object.values(PERSON_TITLES).find((p) => p.zh === zh), zh, lang);
}

const MEASURE_STATE_EN: Record<string, string> = { free: 'No coercive measure', released: 'Released', sentenced: 'Sentenced' };

/** A coercive measure (拘留, 逮捕, 取保候审 …) or the person's measure state, by code. */
export function measureName(code: string, fallback: string, lang: string): string {
  if (lang !== 'en-US') return fallback;
  return (COERCIVE_MEASURES as Record<string, { en: string }>)[code]?.en ?? MEASURE_STATE_EN[code] ?? fallback;
}

/** A 证据指引 checklist item's name by its id (the server sends the Chinese name beside it). */
export function evidenceItemName(id: string, zh: string, lang: string): string {
  return lang === 'en-US' ? (EVIDENCE_ITEMS_EN[id]?.en ?? zh) : zh;
}

/** The item's 适用条件 note in the reader's language. */
export function evidenceItemCondition(id: string, zh: string, lang: string): string {
  return lang === 'en-US' ? (EVIDENCE_ITEMS_EN[id]?.condition ?? zh) : zh;
}

/** A dossier volume's name (诉讼文书卷, 证据材料卷 …) by its kind. */
export function volumeName(kind: string, zh: string, lang: string): string {
  return lang === 'en-US' ? (VOLUME_NAMES_EN[kind] ?? zh) : zh;
}

/**
 * A document's title: one the platform named after its type (提请批准逮捕书) reads in the reader's
 * language; a title a user typed stays as typed.
 */
export function documentTitle(docType: string, title: string, lang: string): string {
  const type = (DOCUMENT_TYPES as Record<string, { zh: string; en: string }>)[docType];
  return lang === 'en-US' && type && type.zh === title ? type.en : title;
}
