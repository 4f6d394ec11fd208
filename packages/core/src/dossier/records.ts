/**
 * 讯问笔录 / 询问笔录 made and confirmed in the system (证据不再"体外循环"): the person
 * reads the record on screen, signs and gives a fingerprint; both images are bound to the
 * record's hash, so a changed answer or a swapped image no longer matches the seal.
 */
import { z } from 'zod';
import { isCivilDate } from '../deadlines/civil-date';

/** A 笔录 time as typed on the form, Beijing wall time: 'YYYY-MM-DD HH:mm' on a real calendar day. */
export function isRecordTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d$/.exec(s);
  return !!m && isCivilDate(m[1]);
}
const ZRecordTime = z.string().refine(isRecordTime, '时间应为 YYYY-MM-DD HH:mm，且为真实存在的日期');

export const RECORD_KINDS = {
  interrogation: { zh: '讯问笔录', subject: '被讯问人', evidenceType: 5, docType: 'interrogation_record' },
  inquiry: { zh: '询问笔录', subject: '被询问人', evidenceType: 3, docType: 'inquiry_record' },
  // CPL 174: signed by the suspect in the presence of a 辩护人 or 值班律师, who attests it (not evidence: type 0)
  plea_agreement: { zh: '认罪认罚具结书', subject: '犯罪嫌疑人', evidenceType: 0, docType: 'plea_agreement' },
} as const;
export type TRecordKind = keyof typeof RECORD_KINDS;

/** The counsel present at a 具结书 (CPL 174 ¶1): a duty lawyer (P11) or defence counsel, with the licence number. */
export const ZRecordCounsel = z.strictObject({
  kind: z.enum(['duty_lawyer', 'defender'], { error: '在场律师应为 duty_lawyer（值班律师）或 defender（辩护人）' }),
  name: z.string().trim().min(1, '律师姓名不能为空').max(50),
  licenseNo: z.string().regex(/^\d{17}$/, '律师执业证号应为17位数字'),
});

export const ZRecordContent = z.strictObject({
  kind: z.enum(['interrogation', 'inquiry', 'plea_agreement'], { error: '笔录种类应为 interrogation（讯问）、inquiry（询问）或 plea_agreement（认罪认罚具结书）' }),
  subjectName: z.string().trim().min(1, '被讯问/询问人姓名不能为空').max(50),
  location: z.string().trim().min(1, '地点不能为空').max(200),
  startedAt: ZRecordTime,
  endedAt: ZRecordTime,
  interviewers: z.array(z.string().trim().min(1).max(50)).min(1, '讯问/询问人员不少于二人（刑事诉讼法第118条）').max(5),
  recorder: z.string().trim().min(1, '记录人不能为空').max(50),
  qa: z.array(z.strictObject({ q: z.string().trim().min(1).max(5000), a: z.string().trim().max(20000) })).min(1, '笔录内容不能为空').max(500),
  counsel: ZRecordCounsel.optional(),
})
  .refine((r) => r.kind === 'plea_agreement' || r.interviewers.length >= 2, { message: '讯问/询问人员不少于二人（刑事诉讼法第118条）', path: ['interviewers'] })
  .refine((r) => (r.kind === 'plea_agreement') === (r.counsel !== undefined), { message: '认罪认罚具结书须写明在场的辩护人或值班律师（刑事诉讼法第174条），笔录不填', path: ['counsel'] }).refine((r) => !isRecordTime(r.startedAt) || !isRecordTime(r.endedAt) || r.endedAt >= r.startedAt, { message: '结束时间不能早于开始时间', path: ['endedAt'] });
export type TRecordContent = z.output<typeof ZRecordContent>;

/** Stable text of a value: object keys sorted, no whitespace. What the record hash is taken over. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The text the binding hash covers: record hash, then the two image hashes, in this order. */
export function recordBindingText(recordSm3: string, signatureSm3: string, fingerprintSm3: string, counselSignatureSm3?: string): string {
  const base = `xietong-record-seal-v1\n${recordSm3}\n${signatureSm3}\n${fingerprintSm3}\n`;
  // a 具结书 also binds the attesting lawyer's signature (CPL 174)
  return counselSignatureSm3 ? `${base}${counselSignatureSm3}\n` : base;
}
