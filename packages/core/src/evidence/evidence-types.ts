/**
 * The eight statutory kinds of evidence (CPL 50), codes 1–8 as in evidence-guides.md §0.
 * A closed union: every evidence item in a file is exactly one of these.
 */
import { z } from 'zod';

export const EVIDENCE_TYPES = {
  1: { zh: '物证', en: 'Physical evidence' },
  2: { zh: '书证', en: 'Documentary evidence' },
  3: { zh: '证人证言', en: 'Witness testimony' },
  4: { zh: '被害人陈述', en: 'Victim statement' },
  5: { zh: '犯罪嫌疑人、被告人供述和辩解', en: 'Confession and defence of the suspect/defendant' },
  6: { zh: '鉴定意见', en: 'Forensic/expert opinion' },
  7: { zh: '勘验、检查、辨认、侦查实验等笔录', en: 'Records of inspection, examination, identification, experiments' },
  8: { zh: '视听资料、电子数据', en: 'Audio-visual material, electronic data' },
} as const;

export type TEvidenceType = keyof typeof EVIDENCE_TYPES;
export const EVIDENCE_TYPE_CODES = [1, 2, 3, 4, 5, 6, 7, 8] as const satisfies readonly TEvidenceType[];

export const ZEvidenceType = z.literal(EVIDENCE_TYPE_CODES, { error: '证据种类应为1–8（刑事诉讼法第50条）' });
