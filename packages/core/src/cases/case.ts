/**
 * The shared case card (案件卡片) every agency sees, and the create request.
 * Kept small on purpose: agency-specific data lives with each process, not here.
 */
import { z } from 'zod';
import { ZClassification } from './classification';
import { ZRegionCode } from '../agencies';
import type { TErrorCode } from '../errors';
import { ZChargeCode } from '../charges';
import { hasKnownProvincePrefix } from '../regions';
import {
  canApplyMeasure,
  currentMeasureState,
  personMeasureStateZh,
  ZCoerciveMeasure,
  type TPersonMeasureState,
} from './coercive-measures';
import { parseResidentId, ZResidentId, ZSex, SEXES } from './resident-id';

// ── Stages ───────────────────────────────────────────────────────────────────

/**
 * Who holds the case and what they are doing. `phase` decides what the accused is called.
 * Keys are `<owner>.<stage>` so one string identifies both.
 */
export const AGENCY_STAGES = {
  'police.accepted': { owner: 'police', zh: '受案审查', en: 'Report under review', phase: 'investigation' },
  'police.investigating': { owner: 'police', zh: '立案侦查', en: 'Under investigation', phase: 'investigation' },
  'police.arrest_requested': { owner: 'police', zh: '提请批准逮捕', en: 'Arrest approval requested', phase: 'investigation' },
  'police.supplementary_investigation': { owner: 'police', zh: '退回补充侦查', en: 'Returned for supplementary investigation', phase: 'investigation' },
  'procuratorate.arrest_review': { owner: 'procuratorate', zh: '审查逮捕', en: 'Arrest review', phase: 'investigation' },
  'procuratorate.prosecution_review': { owner: 'procuratorate', zh: '审查起诉', en: 'Review for prosecution', phase: 'prosecution' },
  'court.first_instance': { owner: 'court', zh: '一审', en: 'First instance', phase: 'trial' },
  'court.second_instance': { owner: 'court', zh: '二审', en: 'Second instance', phase: 'trial' },
  'execution.executing': { owner: 'execution', zh: '刑罚执行', en: 'Executing the sentence', phase: 'execution' },
} as const;
export type TAgencyStage = keyof typeof AGENCY_STAGES;
export type TStageOwner = (typeof AGENCY_STAGES)[TAgencyStage]['owner'];
export type TPoliceStage = Extract<TAgencyStage, `police.${string}`>;
export type TProcuratorateStage = Extract<TAgencyStage, `procuratorate.${string}`>;
export type TCourtStage = Extract<TAgencyStage, `court.${string}`>;
export type TExecutionStage = Extract<TAgencyStage, `execution.${string}`>;
export const ZAgencyStage = z.enum(Object.keys(AGENCY_STAGES) as [TAgencyStage, ...TAgencyStage[]], {
  error: '案件阶段无效',
});

export const PERSON_TITLES = {
  suspect: { zh: '犯罪嫌疑人', en: 'Suspect' },
  defendant: { zh: '被告人', en: 'Defendant' },
  convict: { zh: '罪犯', en: 'Convict' },
} as const;
export type TPersonTitle = keyof typeof PERSON_TITLES;

/**
 * CPL usage: 犯罪嫌疑人 until the procuratorate files the indictment, 被告人 once the court has
 * the case, 罪犯 once the judgment is in execution. Wrong titles on 文书 are a real defect.
 */
export function personTitleForStage(stage: TAgencyStage): TPersonTitle {
  switch (AGENCY_STAGES[stage].phase) {
    case 'investigation':
    case 'prosecution':
      return 'suspect';
    case 'trial':
      return 'defendant';
    case 'execution':
      return 'convict';
  }
}

// ── Secrecy ──────────────────────────────────────────────────────────────────

/**
 * 涉密 cases must not be handled on this (non-classified) platform: classified material may
 * only be processed on classified networks, and 绝密 cases get no e-file in the business
 * system either (最高检 电子卷宗规定). We refuse them outright instead of hiding fields.
 */
/** The catalogue code (errors/: 422, 涉密案件不得通过本平台流转); `satisfies` keeps the two in step. */
export const CASE_CLASSIFIED = 'CASE_CLASSIFIED' as const satisfies TErrorCode;

export function assertNotClassified(c: { classified: boolean }): typeof CASE_CLASSIFIED | null {
  return c.classified ? CASE_CLASSIFIED : null;
}

// ── Shared field schemas ─────────────────────────────────────────────────────

const ZIsoDate = z.iso.date({ error: '日期格式应为YYYY-MM-DD' });

/** Timestamps carry an explicit offset: deadlines are counted in Asia/Shanghai, never server time. */
const zInstant = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field}应为带时区的ISO 8601时间，如2021-03-01T08:30:00+08:00` });

const zRegion = (field: string) =>
  z
    .string({ error: `${field}应为文本` })
    .regex(/^\d{6}$/, { error: `${field}应为6位数字`, abort: true })
    .refine(hasKnownProvincePrefix, `${field}的省级代码（前两位）无效`);

export const ZMeasureRecord = z.object({
  measure: ZCoerciveMeasure,
  startedAt: zInstant('强制措施开始时间'),
});
export type TMeasureRecord = z.infer<typeof ZMeasureRecord>;

/** Measures in order must follow the P4 state machine, starting from `free`. */
function checkMeasureSequence(measures: readonly TMeasureRecord[], ctx: z.RefinementCtx): void {
  let state: TPersonMeasureState = 'free';
  measures.forEach((m, i) => {
    if (!canApplyMeasure(state, m.measure)) {
      ctx.addIssue({
        code: 'custom',
        path: ['measures', i, 'measure'],
        message: `强制措施顺序无效：不能由“${personMeasureStateZh(state)}”变更为“${personMeasureStateZh(m.measure)}”`,
      });
    }
    const previous = measures[i - 1];
    if (previous && Date.parse(m.startedAt) < Date.parse(previous.startedAt)) {
      ctx.addIssue({ code: 'custom', path: ['measures', i, 'startedAt'], message: '强制措施应按开始时间先后排列' });
    }
    state = m.measure;
  });
}

// ── The case card ────────────────────────────────────────────────────────────

export const ZCasePerson = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(50),
  /** Null when identity is not yet established (CPL 160: periods then run from identification). */
  residentId: ZResidentId.nullable(),
  sex: ZSex,
  birthDate: ZIsoDate.nullable(),
  measures: z.array(ZMeasureRecord),
});
export type TCasePerson = z.infer<typeof ZCasePerson>;

export const ZCase = z.object({
  id: z.uuid(),
  title: z.string().min(1).max(100),
  summary: z.string().max(2000),
  /**
   * 涉密. Refused at creation; kept on the card because a case can be classified later, after
   * which every read must refuse it too (assertNotClassified).
   */
  classified: z.boolean(),
  occurredAt: zInstant('案发时间'),
  regionCode: ZRegionCode,
  stage: ZAgencyStage,
  charges: z.array(ZChargeCode),
  persons: z.array(ZCasePerson),
  /** Each agency's own number, once it has one. Validated by the schemas in case-numbers.ts. */
  numbers: z.object({
    police: z.string().optional(),
    procuratorate: z.string().optional(),
    court: z.string().optional(),
  }),
});
export type TCase = z.infer<typeof ZCase>;

/** The person's current measure state (custody follows from it); derived, never stored. */
export function personMeasureState(person: Pick<TCasePerson, 'measures'>): TPersonMeasureState {
  return currentMeasureState(person.measures);
}

// ── Create request ───────────────────────────────────────────────────────────

const ZCreateCasePerson = z
  .object({
    name: z
      .string({ error: '犯罪嫌疑人姓名应为文本' })
      .trim()
      .min(1, '犯罪嫌疑人姓名不能为空')
      .max(50, '犯罪嫌疑人姓名不能超过50个字符'),
    /** Optional: identity may be unknown at filing. When given, sex and birth date come from it. */
    residentId: ZResidentId.optional(),
    /** Required only without a residentId; must agree with it otherwise. */
    sex: ZSex.optional(),
    birthDate: ZIsoDate.optional(),
    measures: z.array(ZMeasureRecord).default([]),
  })
  .superRefine((p, ctx) => {
    const parsed = p.residentId ? parseResidentId(p.residentId) : undefined;
    if (parsed?.ok) {
      if (p.sex && p.sex !== parsed.value.sex) {
        ctx.addIssue({
          code: 'custom',
          path: ['sex'],
          message: `犯罪嫌疑人性别与居民身份证号不符（身份证号显示为${SEXES[parsed.value.sex].zh}）`,
        });
      }
      if (p.birthDate && p.birthDate !== parsed.value.birthDate) {
        ctx.addIssue({ code: 'custom', path: ['birthDate'], message: '犯罪嫌疑人出生日期与居民身份证号不符' });
      }
    } else if (!p.residentId && !p.sex) {
      ctx.addIssue({ code: 'custom', path: ['sex'], message: '未填写居民身份证号时，犯罪嫌疑人性别必须填写' });
    }
    checkMeasureSequence(p.measures, ctx);
  })
  .transform((p) => {
    const parsed = p.residentId ? parseResidentId(p.residentId) : undefined;
    const derived = parsed?.ok ? parsed.value : undefined;
    return {
      name: p.name,
      residentId: derived?.id ?? null,
      sex: derived?.sex ?? p.sex!,
      birthDate: derived?.birthDate ?? p.birthDate ?? null,
      measures: p.measures,
    };
  });

export const ZCreateCaseRequest = z.object({
  title: z
    .string({ error: '案件名称应为文本' })
    .trim()
    .min(1, '案件名称不能为空')
    .max(100, '案件名称不能超过100个字符'),
  summary: z.string({ error: '简要案情应为文本' }).trim().max(2000, '简要案情不能超过2000个字符').default(''),
  /** Accepted so the refusal is explicit (assertNotClassified → CASE_CLASSIFIED), not a silent drop. */
  classified: z.boolean({ error: '涉密标记应为布尔值' }).default(false),
  /** 密级 (classification.ts): above the platform's configured level → CASE_CLASSIFIED. Default 内部. */
  classification: ZClassification.optional(),
  occurredAt: zInstant('案发时间'),
  regionCode: zRegion('案发地行政区划代码'),
  charges: z
    .array(ZChargeCode, { error: '罪名应为列表' })
    .min(1, '罪名至少填写一项')
    .refine((cs) => new Set(cs).size === cs.length, '罪名不能重复'),
  persons: z.array(ZCreateCasePerson, { error: '犯罪嫌疑人应为列表' }).default([]),
});
/** Validated and normalised request (derived sex/birth date filled in). */
export type TCreateCaseRequest = z.output<typeof ZCreateCaseRequest>;
/** What a client sends. */
export type TCreateCaseRequestInput = z.input<typeof ZCreateCaseRequest>;
