/**
 * Engine contract and the legal rules the definitions enforce. Test names cite the article.
 */
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../errors';
import type { TPlatformFacts, TProcessInstance } from './definition';
import {
  PROCESS_ERROR_CODES,
  applyAction,
  createInstance,
  listAvailableActions,
  nextInstance,
  resolveSuperiorLevel,
  type TApplyError,
  type TApplyOk,
  type TApplyResult,
} from './engine';
import { shanghaiDate } from './guards';
import { getProcess } from './registry';
import { NOW, allDocuments, drivePath, findTransition, rightActor, sampleInput } from './test-support';

const p = (code: string) => getProcess(code)!;

/** Fire `action` from `instance` with the right actor, a valid input and all documents. */
function fire(
  code: string,
  instance: TProcessInstance,
  action: string,
  extra: { input?: Record<string, unknown>; documents?: string[]; now?: Date; facts?: TPlatformFacts } = {},
): TApplyResult {
  const def = p(code);
  const t = findTransition(def, instance.state, action);
  return applyAction(def, instance, {
    action,
    actor: rightActor(t),
    input: extra.input ?? sampleInput(t),
    documents: extra.documents ?? allDocuments(t),
    ...(extra.facts ? { facts: extra.facts } : {}),
    now: extra.now ?? NOW,
  });
}

function ok(r: TApplyResult): TApplyOk {
  if (!r.ok) throw new Error(`${r.code}: ${JSON.stringify(r.details)}`);
  return r;
}

describe('engine contract', () => {
  it('uses only codes from the shared error catalogue', () => {
    for (const c of PROCESS_ERROR_CODES) expect(ERRORS[c]).toBeDefined();
  });

  it('createInstance starts in the initial state at version 1 with the initial timers', () => {
    const { instance, timers } = createInstance(p('judgment_execution'));
    expect(instance).toEqual({ code: 'judgment_execution', state: 'EFFECTIVE', counters: {}, version: 1, data: {} });
    expect(timers.start.map((t) => t.id)).toEqual(['execution_documents']);
    expect(timers.start[0]).toMatchObject({ amount: 10, unit: 'day', inCustody: false });
  });

  it('an unknown action is PROCESS_ACTION_UNKNOWN', () => {
    const def = p('arrest');
    const r = applyAction(def, createInstance(def).instance, {
      action: 'teleport',
      actor: { agencyType: 'police', role: 'handler', side: 'initiator' },
      now: NOW,
    });
    expect(r).toMatchObject({ ok: false, code: 'PROCESS_ACTION_UNKNOWN', details: { action: 'teleport' } });
  });

  it('a stale state is PROCESS_STATE_CONFLICT (accept after review started)', () => {
    const { instance } = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review']);
    const r = applyAction(p('prosecution_transfer'), instance, {
      action: 'accept',
      actor: { agencyType: 'procuratorate', role: 'clerk', side: 'receiver' },
      documents: ['case_receipt_notice'],
      now: NOW,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_STATE_CONFLICT',
      details: { state: 'IN_REVIEW', allowedFrom: ['SENT'] },
    });
  });

  it('a stale version is PROCESS_STATE_CONFLICT even when the state still fits', () => {
    const def = p('arrest');
    const { instance } = createInstance(def);
    const t = findTransition(def, 'DRAFT', 'submit');
    const r = applyAction(def, instance, {
      action: 'submit',
      actor: rightActor(t),
      input: sampleInput(t),
      documents: allDocuments(t),
      now: NOW,
      expectedVersion: 7,
    });
    expect(r).toMatchObject({ ok: false, code: 'PROCESS_STATE_CONFLICT', details: { expectedVersion: 7, version: 1 } });
  });

  it('the actor check comes before the state check (a wrong agency learns nothing about the state)', () => {
    const { instance } = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion']);
    const r = applyAction(p('prosecution_transfer'), instance, {
      action: 'accept',
      actor: { agencyType: 'court', role: 'clerk', side: 'receiver' },
      now: NOW,
    });
    expect(r).toMatchObject({ ok: false, code: 'PROCESS_ACTOR_FORBIDDEN' });
  });

  it('a lawyer or an admin never fires a transition', () => {
    for (const code of ['arrest', 'prosecution_transfer', 'measure_change']) {
      const def = p(code);
      for (const t of def.transitions) {
        expect(t.actor.roles).not.toContain('lawyer');
        expect(t.actor.roles).not.toContain('admin');
      }
    }
  });

  it('input: missing, unknown, wrong enum and impossible date are PROCESS_INPUT_INVALID', () => {
    const def = p('custody_extension');
    const { instance } = createInstance(def);
    const r = fire('custody_extension', instance, 'submit', {
      input: { tier: 4, currentExpiry: '2025-02-30', sneaky: 1 },
    });
    expect(r).toMatchObject({ ok: false, code: 'PROCESS_INPUT_INVALID' });
    const errors = (r as TApplyError).details.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'sneaky', problem: 'unknown' },
        { field: 'tier', problem: 'range' },
        { field: 'currentExpiry', problem: 'format' },
        { field: 'reason', problem: 'required' },
      ]),
    );
  });

  it('a blank reason counts as missing', () => {
    const { instance } = drivePath(p('arrest'), ['submit', 'accept', 'start_review', 'submit_opinion']);
    const r = fire('arrest', instance, 'reject', { input: { ground: 'no_necessity', reason: '   ' } });
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_INPUT_INVALID',
      details: { errors: [{ field: 'reason', problem: 'required' }] },
    });
  });

  it('documents the step issues must be attached', () => {
    const { instance } = drivePath(p('arrest'), ['submit', 'accept', 'start_review', 'submit_opinion']);
    const r = fire('arrest', instance, 'approve', { documents: [] });
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_INPUT_INVALID',
      details: { missingDocuments: ['arrest_approval'] },
    });
  });

  it('the result carries next version, counters, data, the event and 文书回流', () => {
    const { instance } = drivePath(p('arrest'), ['submit', 'accept', 'start_review', 'submit_opinion']);
    const r = ok(
      fire('arrest', instance, 'reject', {
        input: { ground: 'insufficient_evidence', reason: '证据不足' },
        documents: ['arrest_refusal', 'arrest_refusal_reasons', 'supplementary_investigation_outline'],
      }),
    );
    expect(r).toMatchObject({
      from: 'AWAITING_APPROVAL',
      to: 'REJECTED',
      version: instance.version + 1,
      data: { custody: 'detained', ground: 'insufficient_evidence' },
    });
    expect(r.event).toMatchObject({
      process: 'arrest',
      action: 'reject',
      at: NOW.toISOString(),
      notify: 'initiator',
      flowsBack: true,
      documentsProduced: ['arrest_refusal', 'arrest_refusal_reasons', 'supplementary_investigation_outline'],
      input: { ground: 'insufficient_evidence', reason: '证据不足' },
    });
    expect(r.timers.stop).toEqual(['arrest_review']);
    expect(r.timers.start.map((t) => t.id)).toEqual(['release_on_refusal', 'rejection_receipt', 'reconsideration_request']);
  });

  it('entering a terminal state stops every timer of the process', () => {
    const { instance } = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion']);
    const r = ok(fire('prosecution_transfer', instance, 'indict'));
    expect([...r.timers.stop].sort()).toEqual(Object.keys(p('prosecution_transfer').timers).sort());
    expect(r.timers.start).toEqual([]);
  });

  it('a failed action leaves the instance untouched (the engine never mutates)', () => {
    const { instance } = drivePath(p('arrest'), ['submit']);
    const frozen = JSON.stringify(instance);
    fire('arrest', instance, 'accept', { documents: [] });
    applyAction(p('arrest'), instance, {
      action: 'approve',
      actor: { agencyType: 'procuratorate', role: 'approver', side: 'receiver' },
      now: NOW,
    });
    expect(JSON.stringify(instance)).toBe(frozen);
  });
});

describe('P1 arrest', () => {
  it('CPL 91: review is 7 days for a detainee, 15 days if not detained (规则 282 sec.)', () => {
    const def = p('arrest');
    const detained = ok(fire('arrest', createInstance(def).instance, 'submit', { input: { custody: 'detained' }, facts: { personHeld: true } }));
    expect(detained.timers.start[0]).toMatchObject({
      id: 'arrest_review',
      amount: 7,
      unit: 'day',
      inCustody: true,
      variant: null,
    });
    const free = ok(fire('arrest', createInstance(def).instance, 'submit', { input: { custody: 'not_detained' } }));
    expect(free.timers.start[0]).toMatchObject({
      id: 'arrest_review',
      amount: 15,
      variant: 'not_detained',
      basis: 'sec.',
    });
  });

  it('CPL 91 ¶3: a detained suspect gets the 7-day review; a not-detained length ("gang" 20 days) is refused', () => {
    const detained = drivePath(p('arrest'), ['record_detention']).instance;
    expect(fire('arrest', detained, 'submit', { input: { custody: 'not_detained_complex' } })).toMatchObject({
      ok: false, code: 'PROCESS_GUARD_FAILED', details: { guard: 'cpl91_custody_status', field: 'custody' },
    });
    // a detention recorded on the person at 立案 counts the same (platform fact, not the form)
    expect(fire('arrest', createInstance(p('arrest')).instance, 'submit', { input: { custody: 'not_detained' }, facts: { personHeld: true } }))
      .toMatchObject({ ok: false, details: { guard: 'cpl91_custody_status' } });
    expect(ok(fire('arrest', detained, 'submit', { input: { custody: 'detained' } })).timers.start[0]).toMatchObject({ amount: 7, variant: null });
  });

  it('CPL 105 ¶2: the review of a suspect not held is no custody period (a holiday last day moves); of one held it is', () => {
    const free = ok(fire('arrest', createInstance(p('arrest')).instance, 'submit', { input: { custody: 'not_detained' }, facts: { personHeld: false } }));
    expect(free.timers.start[0]).toMatchObject({ id: 'arrest_review', inCustody: false, custodyFromPerson: true });
    const held = ok(fire('arrest', drivePath(p('arrest'), ['record_detention']).instance, 'submit', { input: { custody: 'detained' }, facts: { personHeld: true } }));
    expect(held.timers.start[0]).toMatchObject({ id: 'arrest_review', inCustody: true, custodyFromPerson: true });
  });

  it('CPL 91 ¶3, 92: 不批准逮捕 starts a 立即释放 clock due the same day, stopped by the release receipt', () => {
    const { instance } = drivePath(p('arrest'), ['record_detention', 'submit', 'accept', 'start_review', 'submit_opinion']);
    const r = ok(fire('arrest', instance, 'reject'));
    expect(r.timers.start[0]).toMatchObject({ id: 'release_on_refusal', amount: 0, unit: 'day', articles: [{ law: 'CPL', article: '91' }, { law: 'CPL', article: '92' }] });
    const receipt = ok(fire('arrest', nextInstance(instance, r), 'return_rejection_receipt'));
    expect(receipt.timers.stop).toContain('release_on_refusal');
  });

  it('CPL 91 ¶1–2: detention records 3 days; an approved extension adds the days approved (1–4, or to 30 in all), once', () => {
    const detained = drivePath(p('arrest'), ['record_detention']).instance;
    const rec = ok(fire('arrest', createInstance(p('arrest')).instance, 'record_detention'));
    expect(rec.timers.start[0]).toMatchObject({ id: 'detention_to_request', amount: 3, unit: 'day', inCustody: true });
    const special = ok(fire('arrest', detained, 'extend_detention', { input: { extensionGround: 'special', extensionDays: 2 } }));
    expect(special.timers.extend).toEqual([{ id: 'detention_to_request', amount: 2, unit: 'day' }]);
    expect(special.to).toBe('DETAINED');
    expect(fire('arrest', detained, 'extend_detention', { input: { extensionGround: 'special', extensionDays: 5 } }))
      .toMatchObject({ ok: false, details: { guard: 'cpl91_extension_length', max: 4 } });
    expect(ok(fire('arrest', detained, 'extend_detention', { input: { extensionGround: 'gang', extensionDays: 27 } })).timers.extend)
      .toEqual([{ id: 'detention_to_request', amount: 27, unit: 'day' }]);
    expect(fire('arrest', nextInstance(detained, special), 'extend_detention', { input: { extensionGround: 'gang', extensionDays: 20 } }))
      .toMatchObject({ ok: false, details: { guard: 'cpl91_extension_once' } });
    // the track is no longer a choice at recording
    expect(fire('arrest', createInstance(p('arrest')).instance, 'record_detention', { input: { detentionTrack: 'gang' } }))
      .toMatchObject({ ok: false, code: 'PROCESS_INPUT_INVALID' });
  });

  it('CPL 85 ¶2, 86: delivery to the 看守所, family notice and first interrogation run 24 hours from the detention time entered', () => {
    const r = ok(fire('arrest', createInstance(p('arrest')).instance, 'record_detention', { input: { detainedAt: '2025-03-09T21:40' } }));
    const hours = r.timers.start.filter((t) => t.unit === 'hour');
    expect(hours.map((t) => [t.id, t.amount, t.startOn, t.startTime])).toEqual([
      ['detention_delivery', 24, '2025-03-09', '21:40'],
      ['detention_family_notice', 24, '2025-03-09', '21:40'],
      ['detention_interrogation', 24, '2025-03-09', '21:40'],
    ]);
    const done = ok(fire('arrest', nextInstance(createInstance(p('arrest')).instance, r), 'confirm_custody_steps'));
    expect([...done.timers.stop].sort()).toEqual(['detention_delivery', 'detention_family_notice', 'detention_interrogation']);
  });

  it('CPL 92: 复议 only after the person has been released (execution receipt first)', () => {
    const { instance } = drivePath(p('arrest'), ['submit', 'accept', 'start_review', 'submit_opinion', 'reject']);
    const r = applyAction(p('arrest'), instance, {
      action: 'request_reconsideration',
      actor: { agencyType: 'police', role: 'approver', side: 'initiator' },
      input: { reason: '不服' },
      documents: ['reconsideration_request'],
      now: NOW,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_STATE_CONFLICT',
      details: { state: 'REJECTED', allowedFrom: ['REJECTION_EXECUTED'] },
    });
  });

  it('CPL 92: 复核 is decided by the superior procuratorate, not the one that refused', () => {
    const { instance } = drivePath(p('arrest'), [
      'submit',
      'accept',
      'start_review',
      'submit_opinion',
      'reject',
      'return_rejection_receipt',
      'request_reconsideration',
      'uphold_on_reconsideration',
      'request_superior_review',
    ]);
    const r = applyAction(p('arrest'), instance, {
      action: 'uphold_on_superior_review',
      actor: { agencyType: 'procuratorate', role: 'approver', side: 'receiver' },
      input: { reason: '维持' },
      documents: ['superior_review_decision'],
      now: NOW,
    });
    expect(r).toMatchObject({ ok: false, code: 'PROCESS_ACTOR_FORBIDDEN' });
  });

  it('CPL 92: 提请复核 must carry the 复议决定书', () => {
    const { instance } = drivePath(p('arrest'), [
      'submit',
      'accept',
      'start_review',
      'submit_opinion',
      'reject',
      'return_rejection_receipt',
      'request_reconsideration',
      'uphold_on_reconsideration',
    ]);
    const r = fire('arrest', instance, 'request_superior_review', { documents: ['superior_review_request'] });
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_INPUT_INVALID',
      details: { missingDocuments: ['reconsideration_decision'] },
    });
  });
});

describe('P2 prosecution transfer', () => {
  const twice = [
    'submit',
    'accept',
    'start_review',
    'submit_opinion',
    'return_for_supplementary_investigation',
    'resubmit_after_supplementary',
    'resume_review',
    'submit_opinion',
    'return_for_supplementary_investigation',
    'resubmit_after_supplementary',
    'resume_review',
    'submit_opinion',
  ];

  it('CPL 175: a third 退回补充侦查 is refused', () => {
    const { instance } = drivePath(p('prosecution_transfer'), twice);
    expect(instance.counters).toEqual({ supplementaryReturns: 2 });
    const r = fire('prosecution_transfer', instance, 'return_for_supplementary_investigation');
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_GUARD_FAILED',
      details: { guard: 'supplementary_investigation_limit', used: 2, max: 2 },
    });
  });

  it('CPL 175: after two returns the list shows 退回补充侦查 as blocked', () => {
    const { instance } = drivePath(p('prosecution_transfer'), twice);
    const actions = listAvailableActions(p('prosecution_transfer'), instance, {
      agencyType: 'procuratorate',
      role: 'approver',
      side: 'receiver',
    });
    expect(actions.map((a) => a.action).sort()).toEqual([
      'decide_not_to_prosecute',
      'endorse_opinion',
      'indict',
      'return_for_supplementary_investigation',
      'return_opinion',
    ]);
    expect(actions.find((a) => a.action === 'return_for_supplementary_investigation')?.blocked?.code).toBe(
      'supplementary_investigation_limit',
    );
    expect(actions.find((a) => a.action === 'indict')?.blocked).toBeUndefined();
  });

  it('CPL 172/175: the review period restarts in full on resubmission after supplementary investigation', () => {
    const def = p('prosecution_transfer');
    const r = drivePath(def, [
      'submit',
      'accept',
      'start_review',
      'notify_plea_rights',
      'record_plea_without_agreement',
      { action: 'apply_fast_track', input: { reviewTrack: 'fast_track' } },
      'submit_opinion',
      'return_for_supplementary_investigation',
      'resubmit_after_supplementary',
    ]);
    const [, , , , , fast, , ret, resubmit] = r.results;
    expect(fast!.timers.retrack![0]).toMatchObject({
      id: 'prosecution_review',
      amount: 10,
      unit: 'day',
      variant: 'fast_track',
    });
    expect(ret!.timers.stop).toEqual(['prosecution_review']);
    expect(ret!.timers.start[0]).toMatchObject({ id: 'supplementary_investigation', amount: 1, unit: 'month' });
    expect(resubmit!.timers.stop).toEqual(['supplementary_investigation']);
    // Same variant as the first receipt (stored in data), full length again.
    expect(resubmit!.timers.restart).toEqual([
      expect.objectContaining({ id: 'prosecution_review', amount: 10, unit: 'day', variant: 'fast_track' }),
    ]);
  });

  it('CPL 172: 重大复杂 review is one month plus 15 days (not 45 days), extended by the procuratorate during review, once', () => {
    const submit = ok(fire('prosecution_transfer', createInstance(p('prosecution_transfer')).instance, 'submit'));
    expect(submit.timers.start[0]).toMatchObject({ id: 'prosecution_review', amount: 1, unit: 'month', plus: null });
    const { instance } = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review']);
    const r = ok(fire('prosecution_transfer', instance, 'extend_review', { input: { extensionGround: 'major_complex', reason: '重大复杂' } }));
    // the 15 days run on from the end of the month (timers.ts: parts one after the other)
    expect(r.timers.extend).toEqual([{ id: 'prosecution_review', amount: 15, unit: 'day' }]);
    expect(fire('prosecution_transfer', nextInstance(instance, r), 'extend_review', { input: { extensionGround: 'major_complex', reason: '再延' } }))
      .toMatchObject({ ok: false, details: { guard: 'cpl172_extended_once' } });
  });

  it('CPL 172: the police cannot choose the review track at transfer; the procuratorate applies 速裁 during review', () => {
    expect(fire('prosecution_transfer', createInstance(p('prosecution_transfer')).instance, 'submit', { input: { reviewTrack: 'fast_track' } }))
      .toMatchObject({ ok: false, code: 'PROCESS_INPUT_INVALID' });
    const { instance } = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'notify_plea_rights', 'record_plea_without_agreement']);
    const t = p('prosecution_transfer').transitions.find((x) => x.action === 'apply_fast_track')!;
    expect(t.actor.agencyTypes).toEqual(['procuratorate']);
    expect(ok(fire('prosecution_transfer', instance, 'apply_fast_track', { input: { reviewTrack: 'fast_track_over_1y' } })).timers.retrack![0])
      .toMatchObject({ amount: 15, unit: 'day', variant: 'fast_track_over_1y' });
  });

  it('CPL 34 ¶2: the 3-day rights notice runs from receipt of the file (移送), not from acceptance', () => {
    const r = ok(fire('prosecution_transfer', createInstance(p('prosecution_transfer')).instance, 'submit'));
    expect(r.timers.start.map((t) => t.id)).toEqual(['prosecution_review', 'rights_notice']);
    const { instance } = drivePath(p('prosecution_transfer'), ['submit']);
    expect(ok(fire('prosecution_transfer', instance, 'accept')).timers.start).toEqual([]);
  });

  it('CPL 177: 不起诉 needs its kind (法定/酌定/存疑)', () => {
    const { instance } = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion']);
    expect(
      fire('prosecution_transfer', instance, 'decide_not_to_prosecute', { input: { reason: '情节轻微' } }),
    ).toMatchObject({
      ok: false,
      code: 'PROCESS_INPUT_INVALID',
      details: { errors: [{ field: 'decisionKind', problem: 'required' }] },
    });
    const r = ok(
      fire('prosecution_transfer', instance, 'decide_not_to_prosecute', {
        input: { decisionKind: 'discretionary', reason: '情节轻微' },
      }),
    );
    expect(r.data.decisionKind).toBe('discretionary');
  });
});

describe('P3 public prosecution', () => {
  it('CPL 208: the trial period restarts when the procuratorate returns after supplementary investigation', () => {
    const r = drivePath(p('public_prosecution'), [
      'submit',
      'accept',
      { action: 'decide_procedure', input: { trialTrack: 'summary', defendantConsent: true }, facts: { receiverLevel: 'district' } },
      'schedule_hearing',
      'open_trial',
      'propose_postponement',
      'postpone',
      'resume_after_supplementary',
    ]);
    const postpone = r.results[6]!;
    const resume = r.results[7]!;
    expect(postpone.timers.stop).toEqual(['trial']);
    expect(resume.timers.restart).toEqual([
      expect.objectContaining({ id: 'trial', amount: 20, unit: 'day', variant: 'summary' }),
    ]);
    expect(r.instance.counters.trialPostponements).toBe(1);
  });

  const served = () =>
    drivePath(p('public_prosecution'), [
      'submit',
      'accept',
      'schedule_hearing',
      'open_trial',
      'pronounce_judgment',
      { action: 'serve_judgment', input: { decisionForm: 'judgment', servedOn: '2025-03-05' } },
    ]);

  it('CPL 230: the window runs from the service date entered, not from the day it is recorded', () => {
    const r = served();
    expect(r.results.at(-1)!.timers.start[0]).toMatchObject({ id: 'appeal_window', amount: 10, startOn: '2025-03-05' });
  });

  it('CPL 230: the judgment cannot take effect while the platform-computed window is open, and no typed date can move it', () => {
    const { instance } = served();
    const open = { timerDue: { appeal_window: shanghaiDate(NOW) } };
    expect(fire('public_prosecution', instance, 'record_effective', { facts: open })).toMatchObject({
      ok: false,
      code: 'PROCESS_GUARD_FAILED',
      details: { guard: 'appeal_window_open' },
    });
    // without the platform's fact there is no 生效 at all
    expect(fire('public_prosecution', instance, 'record_effective')).toMatchObject({ ok: false });
    // a typed last day is no input of this step
    expect(
      fire('public_prosecution', instance, 'record_effective', { input: { appealWindowLastDay: '2025-01-01' }, facts: open }),
    ).toMatchObject({ ok: false, code: 'PROCESS_INPUT_INVALID' });
    expect(
      fire('public_prosecution', instance, 'record_effective', { facts: { timerDue: { appeal_window: '2025-03-09' } } }),
    ).toMatchObject({ ok: true, to: 'EFFECTIVE' });
  });

  it('CPL 230, 105: an appeal posted on the last day counts even when recorded later; one posted after it does not', () => {
    const { instance } = served();
    const facts = { timerDue: { appeal_window: '2025-03-09' } };
    expect(fire('public_prosecution', instance, 'record_appeal', { input: { appellant: 'defendant', appealForm: 'written', filedOn: '2025-03-09' }, facts })).toMatchObject({
      ok: true,
      to: 'APPEALED',
    });
    expect(fire('public_prosecution', instance, 'record_appeal', { input: { appellant: 'defendant', appealForm: 'written', filedOn: '2025-03-10' }, facts })).toMatchObject({
      ok: false,
      details: { guard: 'appeal_out_of_time' },
    });
    expect(fire('public_prosecution', instance, 'record_appeal', { input: { appellant: 'defendant', appealForm: 'written', filedOn: '2025-03-01' }, facts })).toMatchObject({
      ok: false,
      details: { guard: 'appeal_date_invalid', problem: 'before' },
    });
  });

  it('CPL 230: a service date before the offence is refused (a fact date is validated once, where it is entered)', () => {
    const { instance } = drivePath(p('public_prosecution'), ['submit', 'accept', 'schedule_hearing', 'open_trial', 'pronounce_judgment']);
    expect(
      fire('public_prosecution', instance, 'serve_judgment', {
        input: { decisionForm: 'judgment', servedOn: '2025-02-27' },
        facts: { caseOccurredOn: '2025-03-01' },
      }),
    ).toMatchObject({ ok: false, details: { guard: 'service_date_in_future', problem: 'before_offence' } });
  });

  it('CPL 230: a service date in the future is refused', () => {
    const { instance } = drivePath(p('public_prosecution'), ['submit', 'accept', 'schedule_hearing', 'open_trial', 'pronounce_judgment']);
    expect(
      fire('public_prosecution', instance, 'serve_judgment', { input: { decisionForm: 'judgment', servedOn: '2025-03-11' } }),
    ).toMatchObject({ ok: false, details: { guard: 'service_date_in_future' } });
  });

  it('CPL 230: a ruling opens a 5-day window, a judgment 10 days', () => {
    const { instance } = drivePath(p('public_prosecution'), [
      'submit',
      'accept',
      'schedule_hearing',
      'open_trial',
      'pronounce_judgment',
    ]);
    expect(
      ok(fire('public_prosecution', instance, 'serve_judgment', { input: { decisionForm: 'ruling', servedOn: '2025-03-05' } })).timers
        .start[0],
    ).toMatchObject({ id: 'appeal_window', amount: 5 });
    expect(
      ok(fire('public_prosecution', instance, 'serve_judgment', { input: { decisionForm: 'judgment', servedOn: '2025-03-05' } })).timers
        .start[0],
    ).toMatchObject({ id: 'appeal_window', amount: 10 });
  });
});

describe('CPL 81: arrest needs a possible sentence of fixed-term imprisonment or more', () => {
  const def = () => p('arrest');
  const fresh = () => createInstance(def()).instance;
  const submit = (role: 'handler' | 'approver', input: Record<string, unknown>, facts: TPlatformFacts) =>
    applyAction(def(), fresh(), {
      action: 'submit',
      actor: { agencyType: 'police', role, side: 'initiator' },
      input: { custody: 'not_detained', ...input },
      documents: ['arrest_request'],
      now: NOW,
      facts,
    });

  it('CPL 81: 危险驾驶 (maximum 拘役) warns on the card and refuses a handler', () => {
    const actions = listAvailableActions(def(), fresh(), { agencyType: 'police', role: 'handler', side: 'initiator' }, { maxPenalty: 'criminal_detention' });
    expect(actions.find((a) => a.action === 'submit')!.warnings.map((w) => w.code)).toEqual(['cpl81_penalty_below_fixed_term']);
    expect(submit('handler', { cpl81Reason: '理由' }, { maxPenalty: 'criminal_detention' })).toMatchObject({
      ok: false,
      details: { guard: 'cpl81_penalty_below_fixed_term', problem: 'approver_required' },
    });
  });

  it('CPL 81: an approver may send it with a recorded reason, not without', () => {
    expect(submit('approver', {}, { maxPenalty: 'criminal_detention' })).toMatchObject({
      ok: false,
      details: { problem: 'reason_required' },
    });
    expect(submit('approver', { cpl81Reason: '另涉嫌其他可能判处徒刑的犯罪，正在查证' }, { maxPenalty: 'criminal_detention' })).toMatchObject({ ok: true });
  });

  it('CPL 81: 盗窃 (maximum 无期徒刑) needs no reason and shows no warning', () => {
    expect(submit('handler', {}, { maxPenalty: 'life' })).toMatchObject({ ok: true });
    const actions = listAvailableActions(def(), fresh(), { agencyType: 'police', role: 'handler', side: 'initiator' }, { maxPenalty: 'life' });
    expect(actions.find((a) => a.action === 'submit')!.warnings).toEqual([]);
  });
});

describe('P5 judgment execution', () => {
  it('监狱法 16: the prison cannot admit without the four documents', () => {
    const { instance } = drivePath(p('judgment_execution'), [
      'send_documents',
      { action: 'receive_for_prison_delivery', input: { documentsReceivedOn: '2025-03-08' } },
      'deliver_to_prison',
    ]);
    const r = fire('judgment_execution', instance, 'admit_to_prison', {
      documents: ['criminal_judgment', 'execution_notice', 'execution_receipt'],
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'PROCESS_INPUT_INVALID',
      details: { missingDocuments: ['indictment_copy', 'case_closure_form'] },
    });
  });

  it('监狱法 15: delivery to prison runs one month from receipt of the documents, as a custody period of the person held', () => {
    const received = drivePath(p('judgment_execution'), ['send_documents']).instance;
    const results = [null, ok(fire('judgment_execution', received, 'receive_for_prison_delivery', { input: { documentsReceivedOn: '2025-03-06' }, facts: { personHeld: true } }))];
    expect(results[1]!.timers.start[0]).toMatchObject({
      id: 'prison_delivery',
      amount: 1,
      unit: 'month',
      inCustody: true,
      startOn: '2025-03-06',
    });
    expect(fire('judgment_execution', received, 'receive_for_prison_delivery', { input: { documentsReceivedOn: '2025-03-11' } }))
      .toMatchObject({ ok: false, details: { guard: 'documents_received_date_invalid', problem: 'future' } });
    expect(results[1]!.event.flowsBack).toBe(true);
  });
});

describe('P8 custody extension', () => {
  const submit = (currentExpiry: string, now: Date, tier = 1, facts?: TPlatformFacts) =>
    fire('custody_extension', createInstance(p('custody_extension')).instance, 'submit', {
      input: { tier, currentExpiry, reason: '案情复杂' },
      now,
      ...(facts ? { facts } : {}),
    });
  const held = (due: string, extensions: number[], kind = 'investigative'): TPlatformFacts => ({ custody: { p1: { kind, due, extensions } } });

  it('CPL 158/159: a tier-3 request before tiers 1 and 2 is refused; each tier once, in order, only on 侦查羁押', () => {
    expect(submit('2025-04-30', NOW, 3, held('2025-04-30', []))).toMatchObject({
      ok: false, details: { guard: 'extension_tier_order', problem: 'previous_tier_missing', requires: 2 },
    });
    expect(submit('2025-04-30', NOW, 2, held('2025-04-30', []))).toMatchObject({ ok: false, details: { requires: 1 } });
    expect(submit('2025-04-30', NOW, 2, held('2025-04-30', [1]))).toMatchObject({ ok: true });
    expect(submit('2025-04-30', NOW, 1, held('2025-04-30', [1]))).toMatchObject({ ok: false, details: { problem: 'already_applied' } });
    expect(submit('2025-04-30', NOW, 3, held('2025-04-30', [1, 2]))).toMatchObject({ ok: true });
    // CPL 160 restarts the period: extensions may then be sought anew from tier 1
    expect(submit('2025-04-30', NOW, 1, held('2025-04-30', [], 'recalculated'))).toMatchObject({ ok: true });
    expect(submit('2025-04-30', NOW, 1, held('2025-04-30', [], 'prosecution_review'))).toMatchObject({ ok: false, details: { problem: 'not_investigative' } });
  });

  it('CPL 156: the current expiry is the platform\'s; a typed date that differs is refused, and the decision is due by that day', () => {
    expect(submit('2025-05-30', NOW, 1, held('2025-04-30', []))).toMatchObject({
      ok: false, details: { guard: 'custody_expiry_mismatch', typed: '2025-05-30', computed: '2025-04-30' },
    });
    const r = ok(submit('2025-04-30', NOW, 1, held('2025-04-30', [])));
    expect(r.timers.start[0]).toMatchObject({ id: 'decision_by_expiry', amount: 0, unit: 'day', startOn: '2025-04-30', inCustody: true });
  });

  it('程序规定 148–150 (sec.): a request less than 7 days before expiry is refused', () => {
    // NOW is 2025-03-10 in Beijing.
    expect(submit('2025-03-16', NOW)).toMatchObject({
      ok: false,
      code: 'PROCESS_GUARD_FAILED',
      details: { guard: 'extension_request_lead_time', today: '2025-03-10', leadDays: 6, minLeadDays: 7 },
    });
    expect(submit('2025-03-17', NOW)).toMatchObject({ ok: true, to: 'REQUESTED' });
  });

  it('程序规定 148–150 (sec.): days are Beijing civil days, not UTC days', () => {
    // 2025-03-09 17:00 UTC is already 2025-03-10 01:00 in Beijing.
    expect(submit('2025-03-16', new Date('2025-03-09T17:00:00Z'))).toMatchObject({
      ok: false,
      code: 'PROCESS_GUARD_FAILED',
    });
    expect(submit('2025-03-16', new Date('2025-03-09T15:59:59Z'))).toMatchObject({ ok: true });
  });

  it('规则 309 (sec.): a corrected request is checked for lead time again', () => {
    const { instance } = drivePath(p('custody_extension'), [
      { action: 'submit', input: { currentExpiry: '2025-03-20' } },
      'return_for_correction',
    ]);
    expect(fire('custody_extension', instance, 'resubmit', { input: { currentExpiry: '2025-03-12' } })).toMatchObject({
      ok: false,
      code: 'PROCESS_GUARD_FAILED',
    });
  });

  it('CPL 156/158/159: tier 1 goes to the superior procuratorate, tiers 2–3 to the provincial one', () => {
    const def = p('custody_extension');
    const tier1 = nextInstance(createInstance(def).instance, ok(submit('2025-04-30', NOW, 1)));
    const tier3 = nextInstance(createInstance(def).instance, ok(submit('2025-04-30', NOW, 3, held('2025-04-30', [1, 2]))));
    expect(resolveSuperiorLevel(def, tier1)).toBe('superior');
    expect(resolveSuperiorLevel(def, tier3)).toBe('provincial');
    expect(resolveSuperiorLevel(p('public_prosecution'), tier1)).toBeNull();
  });

  it('CPL 156: the same-level procuratorate forwards but cannot decide', () => {
    const { instance } = drivePath(p('custody_extension'), ['submit', 'forward']);
    const r = applyAction(p('custody_extension'), instance, {
      action: 'approve',
      actor: { agencyType: 'procuratorate', role: 'approver', side: 'receiver' },
      documents: ['custody_extension_approval'],
      now: NOW,
    });
    expect(r).toMatchObject({ ok: false, code: 'PROCESS_ACTOR_FORBIDDEN' });
  });
});

describe('P9 investigation supervision', () => {
  it('规则 553 (sec.): the reply period is the one stated in the notice; over-detention is 3 days', () => {
    const { instance } = drivePath(p('investigation_supervision'), ['start_verification']);
    const stated = ok(
      fire('investigation_supervision', instance, 'issue_correction_notice', {
        input: { replyDays: 20, violation: 'illegal_evidence', reason: '违法取证' },
      }),
    );
    expect(stated.timers.start[0]).toMatchObject({ id: 'correction_reply', amount: 20, unit: 'day', variant: null });
    const over = ok(
      fire('investigation_supervision', instance, 'issue_correction_notice', {
        input: { replyDays: 20, violation: 'over_detention', reason: '超期羁押' },
      }),
    );
    expect(over.timers.start[0]).toMatchObject({ id: 'correction_reply', amount: 3, variant: 'over_detention' });
  });
});

describe('P7 filing supervision', () => {
  it('规则 560/563 (sec.): 7 days to explain, 15 days to file after the order', () => {
    const r = drivePath(p('filing_supervision'), ['request_explanation', 'reply_with_reasons', 'order_filing']);
    expect(r.results[0]!.timers.start[0]).toMatchObject({ id: 'explanation_reply', amount: 7, unit: 'day' });
    expect(r.results[2]!.timers.start[0]).toMatchObject({ id: 'filing_after_order', amount: 15, unit: 'day' });
  });
});
