import { describe, expect, it } from 'vitest';
import { civilDate, DEFAULT_CALENDAR } from '../deadlines';
import {
  checkFactDate,
  custodyEffectsOf,
  detentionLegalMax,
  extendDetentionRequest,
  extendInvestigativeCustody,
  releaseAtOnce,
  parseFactInstant,
  recalculateInvestigativeCustody,
  startCustodyPeriod,
} from './index';

const cal = DEFAULT_CALENDAR;
const d = civilDate;

describe('custody periods per person', () => {
  it('CPL 91: the request period runs 3 / 7 / 30 days from the detention day, never moved for a holiday', () => {
    expect(startCustodyPeriod({ kind: 'detention_request', start: d('2025-03-02'), calendar: cal }).due).toBe('2025-03-05');
    expect(startCustodyPeriod({ kind: 'detention_request', start: d('2025-03-02'), track: 'extended', calendar: cal }).due).toBe('2025-03-09');
    expect(startCustodyPeriod({ kind: 'detention_request', start: d('2025-03-02'), track: 'gang', calendar: cal }).due).toBe('2025-04-01');
    // 2025-09-28 + 3 = 2025-10-01 (National Day): custody is not extended (CPL 105 ¶2)
    const r = startCustodyPeriod({ kind: 'detention_request', start: d('2025-09-28'), calendar: cal });
    expect(r.due).toBe('2025-10-01');
    expect(r.explanation[0]!.zh).toContain('2025-09-28');
    expect(r.explanation.some((s) => s.code === 'CUSTODY_NO_MOVE')).toBe(true);
  });

  it('CPL 91: 拘留 lasts at most 10 / 14 / 37 days (request period + 7 days review)', () => {
    expect(detentionLegalMax(d('2025-03-02'), 'standard', cal)).toBe('2025-03-12');
    expect(detentionLegalMax(d('2025-03-02'), 'extended', cal)).toBe('2025-03-16');
    expect(detentionLegalMax(d('2025-03-02'), 'gang', cal)).toBe('2025-04-08');
    // by the days actually approved: 3 + 2 + 7 = 12
    expect(detentionLegalMax(d('2025-03-02'), 'standard', cal, 2)).toBe('2025-03-14');
  });

  it('CPL 91 ¶1: an approved extension lengthens the request period by the days approved, from the detention day', () => {
    const start = startCustodyPeriod({ kind: 'detention_request', start: d('2025-03-02'), calendar: cal });
    expect(start.due).toBe('2025-03-05');
    expect(extendDetentionRequest(start, 4, cal)!.due).toBe('2025-03-09');
  });

  it('CPL 91 ¶3, 92: after 不批准逮捕 the custody limit of a held person is the refusal day (立即释放)', () => {
    const start = startCustodyPeriod({ kind: 'detention_request', start: d('2025-03-02'), calendar: cal });
    const r = releaseAtOnce(extendDetentionRequest(start, 4, cal)!, d('2025-03-06'));
    expect(r.due).toBe('2025-03-06');
    expect(r.explanation.at(-1)).toMatchObject({ code: 'RELEASE_AT_ONCE', article: 'CPL 91 ¶3' });
  });

  it('CPL 156: 侦查羁押 runs two months from the arrest day (month rule), a holiday expiry is not moved', () => {
    const r = startCustodyPeriod({ kind: 'investigative', start: d('2025-08-01'), calendar: cal });
    expect(r.due).toBe('2025-10-01');
    expect(r.inCustody).toBe(true);
    expect(r.article).toBe('CPL 156');
    // start on a month end ends on the target month end
    expect(startCustodyPeriod({ kind: 'investigative', start: d('2025-12-31'), calendar: cal }).due).toBe('2026-02-28');
  });

  it('CPL 156/158/159: approved extensions run on from the current expiry, each tier once', () => {
    const base = startCustodyPeriod({ kind: 'investigative', start: d('2025-03-10'), calendar: cal });
    expect(base.due).toBe('2025-05-10');
    const one = extendInvestigativeCustody(base, 1, cal);
    expect(one.ok && one.deadline.due).toBe('2025-06-10');
    if (!one.ok) throw new Error('tier 1');
    expect(one.deadline.explanation.some((s) => s.code === 'CUSTODY_EXTENSION' && s.article === 'CPL 156')).toBe(true);
    const two = extendInvestigativeCustody(one.deadline, 2, cal);
    expect(two.ok && two.deadline.due).toBe('2025-08-10');
    expect(extendInvestigativeCustody(one.deadline, 1, cal)).toMatchObject({ ok: false, reason: 'already_applied' });
    const review = startCustodyPeriod({ kind: 'prosecution_review', start: d('2025-03-10'), calendar: cal });
    expect(extendInvestigativeCustody(review, 1, cal)).toMatchObject({ ok: false, reason: 'not_investigative' });
  });

  it('CPL 160: another major crime found restarts two months from the discovery day, only for 侦查羁押', () => {
    const arrested = startCustodyPeriod({ kind: 'investigative', start: d('2025-03-10'), calendar: cal });
    const r = recalculateInvestigativeCustody(arrested, d('2025-04-15'), cal);
    if (!r.ok) throw new Error(r.zh);
    expect(r.deadline).toMatchObject({ kind: 'recalculated', article: 'CPL 160', startedOn: '2025-04-15', due: '2025-06-15', extensions: [] });
    expect(r.deadline.explanation[0]!.zh).toContain('2025-05-10');
    expect(recalculateInvestigativeCustody(arrested, d('2025-03-01'), cal)).toMatchObject({ ok: false, reason: 'before_start' });
    const review = startCustodyPeriod({ kind: 'prosecution_review', start: d('2025-03-10'), calendar: cal });
    expect(recalculateInvestigativeCustody(review, d('2025-04-15'), cal)).toMatchObject({ ok: false, reason: 'not_investigative' });
  });

  it('CPL 172: at 审查起诉 a held person\'s custody follows the stage period (1 month, +15 days if major)', () => {
    expect(startCustodyPeriod({ kind: 'prosecution_review', start: d('2025-03-10'), calendar: cal }).due).toBe('2025-04-10');
    const major = startCustodyPeriod({
      kind: 'prosecution_review', start: d('2025-03-10'), calendar: cal,
      length: { amount: 1, unit: 'month', plus: { amount: 15, unit: 'day' } },
    });
    expect(major.due).toBe('2025-04-25');
  });

  it('CPL 79: 取保候审 runs 12 months and 监视居住 6 months, moved past holidays (not custody)', () => {
    const bail = startCustodyPeriod({ kind: 'bail', start: d('2024-10-01'), calendar: cal });
    expect(bail.inCustody).toBe(false);
    expect(bail.due).toBe('2025-10-09');
    expect(startCustodyPeriod({ kind: 'residential_surveillance', start: d('2025-03-10'), calendar: cal }).due).toBe('2025-09-10');
  });
});

describe('custody effects of process steps', () => {
  const base = { input: {}, data: {}, timersStarted: [] };
  it('P1: 登记刑事拘留 detains the named person (CPL 91: 3 days, longer only by an approved extension); 执行逮捕 starts CPL 156', () => {
    expect(custodyEffectsOf({ ...base, process: 'arrest', action: 'record_detention' }))
      .toEqual([{ target: 'named', effect: { kind: 'detain', track: 'standard', article: 'CPL 91' } }]);
    expect(custodyEffectsOf({ ...base, process: 'arrest', action: 'extend_detention', input: { extensionDays: 4 } }))
      .toEqual([{ target: 'named', effect: { kind: 'extend_detention', days: 4, article: 'CPL 91' } }]);
    expect(custodyEffectsOf({ ...base, process: 'arrest', action: 'reject' })[0]!.effect.kind).toBe('release_now');
    expect(custodyEffectsOf({ ...base, process: 'arrest', action: 'execute_arrest' })[0]!.effect).toMatchObject({ kind: 'arrest', period: 'investigative' });
    expect(custodyEffectsOf({ ...base, process: 'arrest', action: 'return_rejection_receipt', input: { outcome: 'released' } })[0]!.effect.kind).toBe('release');
    expect(custodyEffectsOf({ ...base, process: 'arrest', action: 'submit' })).toEqual([]);
  });

  it('CPL 172/208: the stage timer a step starts becomes the custody limit of every held person', () => {
    const r = custodyEffectsOf({
      ...base, process: 'prosecution_transfer', action: 'submit',
      timersStarted: [{ id: 'prosecution_review', amount: 1, unit: 'month', plus: null }],
    });
    expect(r).toEqual([{ target: 'held', effect: { kind: 'stage', period: 'prosecution_review', length: { amount: 1, unit: 'month', plus: null }, article: 'CPL 172' } }]);
    expect(custodyEffectsOf({ ...base, process: 'public_prosecution', action: 'accept', timersStarted: [{ id: 'trial', amount: 2, unit: 'month', plus: null }, { id: 'rights_notice', amount: 3, unit: 'day', plus: null }] }))
      .toHaveLength(1);
    expect(custodyEffectsOf({ ...base, process: 'public_prosecution', action: 'accept', timersStarted: [{ id: 'trial', variant: 'fast_track', amount: 10, unit: 'day', plus: null }] })[0]!.effect)
      .toMatchObject({ kind: 'stage', period: 'trial', article: 'CPL 225' });
  });

  it('CPL 178 / P4 / P8: 不起诉 releases the held, a P4 execution applies its decision, a P8 approval extends by tier', () => {
    expect(custodyEffectsOf({ ...base, process: 'prosecution_transfer', action: 'decide_not_to_prosecute' })[0]).toMatchObject({ target: 'held', effect: { kind: 'release' } });
    expect(custodyEffectsOf({ ...base, process: 'measure_change', action: 'execute', decision: 'decide_bail' })[0]!.effect).toMatchObject({ kind: 'non_custodial', measure: 'bail' });
    expect(custodyEffectsOf({ ...base, process: 'custody_extension', action: 'approve', data: { tier: 2 } })[0]!.effect).toMatchObject({ kind: 'extend', tier: 2, article: 'CPL 158' });
    expect(custodyEffectsOf({ ...base, process: 'custody_extension', action: 'submit' })[0]!.effect).toMatchObject({ kind: 'confirm_expiry', field: 'currentExpiry' });
  });
});

describe('fact dates', () => {
  const now = new Date('2025-03-10T02:00:00Z');
  const occurredAt = new Date('2025-03-01T14:30:00Z');
  it('parses a date-time with or without offset (Shanghai wall time) and refuses nonsense', () => {
    expect(parseFactInstant('2025-03-08T10:00')?.toISOString()).toBe('2025-03-08T02:00:00.000Z');
    expect(parseFactInstant('2025-03-08T10:00:00+08:00')?.toISOString()).toBe('2025-03-08T02:00:00.000Z');
    expect(parseFactInstant('2025-03-08')?.toISOString()).toBe('2025-03-07T16:00:00.000Z');
    expect(parseFactInstant('yesterday')).toBeNull();
    expect(parseFactInstant('2025-02-30T10:00')).toBeNull();
  });
  it('a fact date is neither in the future nor before the offence', () => {
    expect(checkFactDate(new Date('2025-03-09T00:00:00Z'), { now, occurredAt, fieldZh: '拘留时间' })).toBeNull();
    expect(checkFactDate(new Date('2025-03-11T00:00:00Z'), { now, occurredAt, fieldZh: '拘留时间' })?.problem).toBe('future');
    expect(checkFactDate(new Date('2025-02-28T00:00:00Z'), { now, occurredAt, fieldZh: '拘留时间' })?.zh).toBe('拘留时间不能早于案发时间');
  });
});
