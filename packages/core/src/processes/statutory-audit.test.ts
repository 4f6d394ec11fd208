/**
 * Issue 18, the statutory audit of the definitions: one test per point, named after its article.
 * (Points 1–4 and the P2 review track live with the other P1/P2 rules in engine.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { getProcess } from './registry';
import { allDocuments, drivePath, findTransition, NOW, rightActor, sampleInput } from './test-support';
import { applyAction, createInstance, nextInstance, type TApplyOk, type TApplyResult } from './engine';
import type { TPlatformFacts, TProcessInstance } from './definition';

const p = (code: string) => getProcess(code)!;

function fire(
  code: string, instance: TProcessInstance, action: string,
  extra: { input?: Record<string, unknown>; documents?: string[]; now?: Date; facts?: TPlatformFacts } = {},
): TApplyResult {
  const def = p(code);
  const t = findTransition(def, instance.state, action);
  return applyAction(def, instance, {
    action, actor: rightActor(t), input: extra.input ?? sampleInput(t), documents: extra.documents ?? allDocuments(t),
    ...(extra.facts ? { facts: extra.facts } : {}), now: extra.now ?? NOW,
  });
}

function ok(r: TApplyResult): TApplyOk {
  if (!r.ok) throw new Error(`${r.code}: ${JSON.stringify(r.details)}`);
  return r;
}

describe('P3 一审公诉 (issue 18 points 7–10)', () => {
  const trial = () => drivePath(p('public_prosecution'), ['submit', 'accept', 'schedule_hearing', 'open_trial']).instance;

  it('最高法解释 274 / CPL 204: the prosecutor may propose postponement at most twice; a third proposal is refused', () => {
    const { instance } = drivePath(p('public_prosecution'), [
      'submit', 'accept', 'schedule_hearing', 'open_trial',
      'propose_postponement', 'postpone', 'resume_after_supplementary',
      'propose_postponement', 'postpone', 'resume_after_supplementary',
    ]);
    expect(instance.counters.postponementProposals).toBe(2);
    expect(fire('public_prosecution', instance, 'propose_postponement')).toMatchObject({
      ok: false, code: 'PROCESS_GUARD_FAILED', details: { guard: 'postponement_proposals_limit', used: 2, max: 2 },
    });
  });

  it('CPL 205: each postponement for supplementary investigation runs at most one month', () => {
    const { results } = drivePath(p('public_prosecution'), ['submit', 'accept', 'schedule_hearing', 'open_trial', 'propose_postponement', 'postpone']);
    expect(results.at(-1)!.timers.start[0]).toMatchObject({ id: 'trial_supplementary_investigation', amount: 1, unit: 'month' });
  });

  it('CPL 208: the trial period is extended to three months, then by three more with the superior court, in that order', () => {
    const t = trial();
    expect(fire('public_prosecution', t, 'extend_trial', { input: { trialExtension: 'superior_approval', reason: '重大' } }))
      .toMatchObject({ ok: false, details: { guard: 'cpl208_extension_order' } });
    const first = ok(fire('public_prosecution', t, 'extend_trial', { input: { trialExtension: 'to_three_months', reason: '复杂' } }));
    expect(first.timers.extend).toEqual([{ id: 'trial', amount: 1, unit: 'month' }]);
    const t2 = nextInstance(t, first);
    const second = ok(fire('public_prosecution', t2, 'extend_trial', { input: { trialExtension: 'superior_approval', reason: '重大' } }));
    expect(second.timers.extend).toEqual([{ id: 'trial', amount: 3, unit: 'month' }]);
    expect(fire('public_prosecution', nextInstance(t2, second), 'extend_trial', { input: { trialExtension: 'superior_approval', reason: '再延' } }))
      .toMatchObject({ ok: false, details: { guard: 'cpl208_extension_order' } });
  });

  it('CPL 202 ¶2: a judgment pronounced on a scheduled date is served at once; one pronounced in court within 5 days', () => {
    const inCourt = ok(fire('public_prosecution', trial(), 'pronounce_judgment', { input: { verdict: 'guilty', pronouncement: 'in_court' } }));
    expect(inCourt.timers.start[0]).toMatchObject({ id: 'judgment_service', amount: 5, unit: 'day', articles: [{ law: 'CPL', article: '202' }] });
    const scheduled = ok(fire('public_prosecution', trial(), 'pronounce_judgment', { input: { verdict: 'guilty', pronouncement: 'scheduled' } }));
    expect(scheduled.timers.start[0]).toMatchObject({ id: 'judgment_service', amount: 0, unit: 'day', variant: 'scheduled' });
  });

  it('CPL 187: a same-day hearing is refused; the indictment copy 10 days and the notices 3 days before (速裁 not bound by the 10 days, CPL 224)', () => {
    const accepted = drivePath(p('public_prosecution'), ['submit', 'accept']).instance; // NOW = 2025-03-10
    const at = (hearingDate: string, extra: Record<string, unknown> = {}, inst = accepted) => fire('public_prosecution', inst, 'schedule_hearing', { input: { hearingDate, ...extra } });
    expect(at('2025-03-10')).toMatchObject({ ok: false, details: { guard: 'cpl187_hearing_lead_time', minLeadDays: 3 } });
    expect(at('2025-03-15')).toMatchObject({ ok: false, details: { guard: 'cpl187_hearing_lead_time', minLeadDays: 10 } });
    expect(at('2025-03-20')).toMatchObject({ ok: true });
    // the copy served on 03-04: a hearing on 03-14 is 10 days after it and 4 days after the notices
    expect(at('2025-03-14', { indictmentServedOn: '2025-03-04' })).toMatchObject({ ok: true });
    expect(at('2025-03-14', { indictmentServedOn: '2025-03-05' })).toMatchObject({ ok: false, details: { minLeadDays: 10 } });
    const fast = drivePath(p('public_prosecution'), ['submit', { action: 'accept', input: { trialTrack: 'fast_track' } }]).instance;
    expect(at('2025-03-13', {}, fast)).toMatchObject({ ok: true });
    expect(at('2025-03-12', {}, fast)).toMatchObject({ ok: false, details: { minLeadDays: 3 } });
  });
});

describe('custody flag and start events (issue 18 points 11–12)', () => {
  it('CPL 105 ¶2: every period that concerns a person follows whether the person is held, not a constant', () => {
    const follows = (code: string, timer: string) => p(code).timers[timer as never] as { inCustody: unknown };
    for (const [code, timer] of [
      ['measure_change', 'application_decision'], ['public_prosecution', 'acceptance_review'], ['public_prosecution', 'trial_supplementary_investigation'],
      ['prosecution_transfer', 'supplementary_investigation'], ['prosecution_transfer', 'prosecution_review'], ['public_prosecution', 'trial'],
      ['judgment_execution', 'execution_documents'], ['arrest', 'arrest_review'],
    ] as const) expect([code, timer, follows(code, timer).inCustody]).toEqual([code, timer, 'person']);
    // a bailed defendant's trial: no custody; a held one's: custody
    const accepted = (held: boolean) => ok(fire('public_prosecution', drivePath(p('public_prosecution'), ['submit']).instance, 'accept', { facts: { personHeld: held } }));
    expect(accepted(false).timers.start.find((t) => t.id === 'trial')).toMatchObject({ inCustody: false, custodyFromPerson: true });
    expect(accepted(true).timers.start.find((t) => t.id === 'trial')).toMatchObject({ inCustody: true, custodyFromPerson: true });
  });
});

describe('issue 18 points 13–22', () => {
  it('CPL 264 ¶2: only the executor the court named receives; with executor = prison the 看守所 cannot execute the sentence itself', () => {
    const def = p('judgment_execution');
    const sent = (executor: string) =>
      drivePath(def, [...(executor === 'community_correction' ? ['notify_community_correction'] : []), { action: 'send_documents', input: { executor } }]).instance;
    const as = (agencyType: 'detention' | 'police' | 'justice', inst: TProcessInstance, action: string, input: Record<string, unknown> = {}) =>
      applyAction(def, inst, { action, actor: { agencyType, role: 'clerk', side: 'receiver' }, input: action === 'receive_for_execution' ? { familyNotifiedOn: '2025-03-09', ...input } : input, documents: allDocuments(findTransition(def, inst.state, action)), now: NOW });
    expect(as('detention', sent('prison'), 'receive_for_execution')).toMatchObject({ ok: false, details: { guard: 'executor_mismatch', executor: 'prison' } });
    expect(as('detention', sent('prison'), 'receive_for_prison_delivery', { documentsReceivedOn: '2025-03-09' })).toMatchObject({ ok: true });
    expect(as('detention', sent('detention'), 'receive_for_execution')).toMatchObject({ ok: true });
    expect(as('police', sent('community_correction'), 'receive_for_execution')).toMatchObject({ ok: false, details: { guard: 'executor_mismatch' } });
    expect(as('justice', sent('community_correction'), 'receive_for_execution')).toMatchObject({ ok: true });
  });

  it('CPL 80, 92: the superior\'s 复核决定书 alone approves no arrest; the lower procuratorate issues the approval, and 执行逮捕 needs it', () => {
    const def = p('arrest');
    const reversed = drivePath(def, [
      'submit', 'accept', 'start_review', 'submit_opinion', 'reject', 'return_rejection_receipt', 'request_reconsideration',
      'uphold_on_reconsideration', 'request_superior_review', 'reverse_on_superior_review',
    ]).instance;
    expect(reversed.state).toBe('SUPERIOR_REVERSED');
    const approved = nextInstance(reversed, ok(fire('arrest', reversed, 'approve_after_superior_review')));
    expect(fire('arrest', approved, 'execute_arrest', { documents: ['arrest_warrant', 'execution_receipt'] }))
      .toMatchObject({ ok: false, code: 'PROCESS_INPUT_INVALID', details: { missingDocuments: ['arrest_approval'] } });
  });

  it('CPL 80, 165: the procuratorate decides arrest (its own cases, 审查起诉), not only a court', () => {
    const t = p('measure_change').transitions.find((x) => x.action === 'decide_arrest')!;
    expect([...t.actor.agencyTypes].sort()).toEqual(['court', 'procuratorate']);
  });

  it('规则 554: after upholding its 纠正意见 on 复查 the procuratorate, not the police, reports to its superior', () => {
    const t = p('investigation_supervision').transitions.find((x) => x.action === 'request_superior_review')!;
    expect(t.actor).toMatchObject({ side: 'initiator', agencyTypes: ['procuratorate'] });
  });

  it('CPL 227: an oral appeal is recorded without a written petition', () => {
    const t = p('public_prosecution').transitions.find((x) => x.action === 'record_appeal')!;
    expect(t.documents?.required ?? []).toEqual([]);
    expect(Object.keys(t.input!.find((f) => f.name === 'appealForm')!.values!)).toEqual(['written', 'oral']);
  });

  it('CPL 92: 复核 is 立即 in the statute; the 15 days are the 规则\'s (sec.), and an arrest that could not be executed is reported back', () => {
    const spec = p('arrest').timers['superior_review_decision' as never] as unknown as { articles: readonly { law: string; basis?: string }[] };
    expect(spec.articles.every((a) => a.law === 'SPP_RULES' && a.basis === 'sec.')).toBe(true);
    const approved = drivePath(p('arrest'), ['submit', 'accept', 'start_review', 'submit_opinion', 'approve']).instance;
    expect(ok(fire('arrest', approved, 'report_not_executed', { input: { reason: '犯罪嫌疑人在逃' } })).to).toBe('NOT_EXECUTED');
  });

  it('CPL 57: a finding of illegal evidence gathering issues the 纠正意见 (纠正违法通知书)', () => {
    const { instance } = drivePath(p('evidence_legality'), ['notify', 'start_check']);
    const r = ok(fire('evidence_legality', instance, 'conclude_illegality_found', { input: { reason: '疲劳审讯' } }));
    expect(r.event.documentsProduced).toContain('correction_notice');
  });
});

describe('issue 18: hour periods after arrest, the lawyer meeting, the execution receipt (points 4, 22)', () => {
  const approved = () => drivePath(p('arrest'), ['submit', 'accept', 'start_review', 'submit_opinion', 'approve']).instance;

  it('CPL 93, 94: family notice and first interrogation within 24 hours of the arrest time entered, not of the click', () => {
    const r = ok(fire('arrest', approved(), 'execute_arrest', { input: { arrestedAt: '2025-03-09T22:40' } }));
    expect(r.to).toBe('ARRESTED');
    for (const [id, article] of [['arrest_family_notice', '93'], ['arrest_interrogation', '94']] as const)
      expect(r.timers.start.find((t) => t.id === id)).toMatchObject({ amount: 24, unit: 'hour', startOn: '2025-03-09', startTime: '22:40', articles: [{ law: 'CPL', article }] });
    // the arrest is closed with the receipt only once both are on record
    const arrested = nextInstance(approved(), r);
    expect(fire('arrest', arrested, 'return_execution_receipt')).toMatchObject({ ok: false, details: { guard: 'arrest_steps_not_recorded' } });
    const confirmed = ok(fire('arrest', arrested, 'confirm_arrest_steps'));
    expect(confirmed.timers.stop).toEqual(['arrest_family_notice', 'arrest_interrogation']);
    expect(ok(fire('arrest', nextInstance(arrested, confirmed), 'return_execution_receipt')).to).toBe('EXECUTED');
  });

  it('程序规定 138 (sec.): the clock for the 执行回执 starts at 执行逮捕 and stops when the receipt is returned', () => {
    const r = ok(fire('arrest', approved(), 'execute_arrest'));
    expect(r.timers.start.find((t) => t.id === 'arrest_execution_receipt')).toMatchObject({ amount: 3, unit: 'day', basis: 'sec.', startOn: null });
    // the receipt is the step's own document, not the arrest's
    expect(r.event.documentsProduced).not.toContain('execution_receipt');
    const arrested = nextInstance(nextInstance(approved(), r), ok(fire('arrest', nextInstance(approved(), r), 'confirm_arrest_steps')));
    const receipt = ok(fire('arrest', arrested, 'return_execution_receipt'));
    expect(receipt.event.documentsProduced).toEqual(['execution_receipt']);
    expect(receipt.timers.stop).toContain('arrest_execution_receipt');
  });

  it('CPL 39: the 看守所 arranges a defence lawyer\'s meeting within 48 hours of the request it registered', () => {
    const r = ok(fire('lawyer_meeting', drivePath(p('lawyer_meeting'), []).instance, 'register_request', {
      input: { lawyerName: '王律师', lawyerLicenceNo: '12201201510000001', mandate: 'power_of_attorney', requestedAt: '2025-03-10T09:15' },
    }));
    expect(r.timers.start).toEqual([expect.objectContaining({ id: 'meeting_arrangement', amount: 48, unit: 'hour', startOn: '2025-03-10', startTime: '09:15', articles: [{ law: 'CPL', article: '39' }] })]);
    const register = p('lawyer_meeting').transitions.find((t) => t.action === 'register_request')!;
    expect(register.actor).toMatchObject({ side: 'initiator', agencyTypes: ['detention'] });
    expect(ok(fire('lawyer_meeting', nextInstance(drivePath(p('lawyer_meeting'), []).instance, r), 'arrange_meeting', { input: { meetingAt: '2025-03-11T10:00' } })).timers.stop)
      .toContain('meeting_arrangement');
  });

  it('CPL 39 ¶3: in 危害国家安全 / 恐怖活动 cases the 侦查机关 permits the meeting first, then the 48 hours run from the permission', () => {
    const pending = drivePath(p('lawyer_meeting'), ['register_request_needing_permission']);
    expect(pending.instance.state).toBe('PERMISSION_PENDING');
    expect(pending.results[0]!.timers.start.map((t) => t.id)).toEqual(['permission_decision']);
    expect(applyAction(p('lawyer_meeting'), pending.instance, { action: 'arrange_meeting', actor: { agencyType: 'detention', role: 'handler', side: 'initiator' }, input: { meetingAt: '2025-03-11T10:00' }, now: NOW }))
      .toMatchObject({ ok: false, code: 'PROCESS_STATE_CONFLICT' });
    const permitted = drivePath(p('lawyer_meeting'), ['register_request_needing_permission', 'permit_meeting']).results[1]!;
    expect(permitted.timers.start).toEqual([expect.objectContaining({ id: 'meeting_arrangement_after_permission', amount: 48, unit: 'hour' })]);
  });
});

describe('issue 18: P5 community correction and notices (point 13)', () => {
  const def = p('judgment_execution');
  const open = (verdict: string) => createInstance(def, { data: { effectiveOn: '2025-03-05', verdict } });

  it('社区矫正法 20: a suspended sentence starts the 5-day notice to the 社区矫正机构 from 生效; a prison sentence does not', () => {
    expect(open('guilty_suspended').timers.start.map((t) => [t.id, t.amount, t.unit])).toEqual([['execution_documents', 10, 'day'], ['community_correction_notice', 5, 'day']]);
    expect(open('guilty').timers.start.map((t) => t.id)).toEqual(['execution_documents']);
  });

  it('社区矫正法 20: documents go to the 社区矫正机构 only after it was notified; the notice stops the 5 days', () => {
    const effective = open('guilty_suspended').instance;
    const send = { input: { executor: 'community_correction', executorAgencyId: 'x', copiesSentTo: '朝阳区人民检察院、朝阳区公安分局' } };
    expect(fire('judgment_execution', effective, 'send_documents', send)).toMatchObject({ ok: false, details: { guard: 'community_correction_not_notified' } });
    const notified = ok(fire('judgment_execution', effective, 'notify_community_correction', { input: { correctionAgency: '朝阳区社区矫正管理局' } }));
    expect(notified.timers.stop).toEqual(['community_correction_notice']);
    expect(notified.event.documentsProduced).toEqual(['community_correction_notice']);
    expect(ok(fire('judgment_execution', nextInstance(effective, notified), 'send_documents', send)).to).toBe('DOCS_SENT');
  });

  it('CPL 264; 社区矫正法 20: the copies to 检/公 are on record when the documents go out, the family notice when the executor receives', () => {
    const effective = open('guilty').instance;
    expect(fire('judgment_execution', effective, 'send_documents', { input: { executor: 'prison', executorAgencyId: 'x' } }))
      .toMatchObject({ ok: false, code: 'PROCESS_INPUT_INVALID', details: { errors: [{ field: 'copiesSentTo', problem: 'required' }] } });
    const sent = drivePath(def, [{ action: 'send_documents', input: { executor: 'detention' } }]).instance;
    const receive = (input: Record<string, unknown>) =>
      applyAction(def, sent, { action: 'receive_for_execution', actor: { agencyType: 'detention', role: 'clerk', side: 'receiver' }, input, documents: ['criminal_judgment', 'execution_notice', 'execution_receipt'], now: NOW });
    expect(receive({})).toMatchObject({ ok: false, details: { errors: [{ field: 'familyNotifiedOn', problem: 'required' }] } });
    expect(receive({ familyNotifiedOn: '2025-03-11' })).toMatchObject({ ok: false, details: { guard: 'family_notice_date_invalid', problem: 'future' } });
    expect(receive({ familyNotifiedOn: '2025-03-10' })).toMatchObject({ ok: true, to: 'IN_EXECUTION' });
    expect(p('judgment_execution').transitions.find((t) => t.action === 'admit_to_prison')!.input!.map((f) => f.name)).toEqual(['familyNotifiedOn']);
  });
});

describe('issue 18: supervision (points 16, 17, 21)', () => {
  const noticed = () => drivePath(p('investigation_supervision'), ['start_verification', 'issue_correction_notice']).instance;
  const replyDue = (due: string): TPlatformFacts => ({ timerDue: { correction_reply: due } });

  it('规则 553: no reply in the period → the procuratorate urges (催办), and only after urging reports to its superior', () => {
    expect(fire('investigation_supervision', noticed(), 'urge_reply', { facts: replyDue('2025-03-10') }))
      .toMatchObject({ ok: false, details: { guard: 'correction_reply_period_running', lastDay: '2025-03-10' } });
    expect(fire('investigation_supervision', noticed(), 'report_no_reply', { facts: replyDue('2025-03-09') }))
      .toMatchObject({ ok: false, details: { guard: 'correction_not_urged' } });
    const urged = ok(fire('investigation_supervision', noticed(), 'urge_reply', { facts: replyDue('2025-03-09') }));
    expect(urged.event.documentsProduced).toEqual(['correction_reminder']);
    const reported = ok(fire('investigation_supervision', nextInstance(noticed(), urged), 'report_no_reply', { facts: replyDue('2025-03-09') }));
    expect(reported.to).toBe('NO_REPLY_REPORTED');
    expect(p('investigation_supervision').transitions.find((t) => t.action === 'conclude_no_reply_report')!.actor.side).toBe('superior');
  });

  it('CPL 57: the procuratorate starts the legality check on its own motion', () => {
    const def = p('evidence_legality');
    expect(def.initiator.agencyTypes).toContain('procuratorate');
    const r = applyAction(def, createInstance(def).instance, {
      action: 'start_check_on_own_motion', actor: { agencyType: 'procuratorate', role: 'approver', side: 'initiator' }, input: { reason: '在押人员控告刑讯逼供' }, now: NOW,
    });
    expect(r).toMatchObject({ ok: true, to: 'CHECKING' });
    // …and concludes it as the initiator; the police, now the receiver, confirm the exclusion
    const checking = nextInstance(createInstance(def).instance, r as TApplyOk);
    const found = applyAction(def, checking, { action: 'conclude_illegality_found', actor: { agencyType: 'procuratorate', role: 'approver', side: 'initiator' }, input: { reason: '疲劳审讯' }, documents: ['interview_record', 'legality_check_conclusion', 'correction_notice'], now: NOW });
    expect(found).toMatchObject({ ok: true, to: 'ILLEGALITY_FOUND' });
    expect(applyAction(def, nextInstance(checking, found as TApplyOk), { action: 'confirm_exclusion', actor: { agencyType: 'police', role: 'approver', side: 'receiver' }, input: { excludedEvidence: '第二次讯问笔录' }, now: NOW }))
      .toMatchObject({ ok: true, to: 'EXCLUDED' });
  });

  it('CPL 56, 57; 2017 规定 §14: while a legality check stands at ILLEGALITY_FOUND, 提请批准逮捕 and 移送审查起诉 wait', () => {
    const pending: TPlatformFacts = { illegalEvidencePending: true };
    const draft = (code: string) => drivePath(p(code), []).instance;
    expect(fire('arrest', draft('arrest'), 'submit', { facts: pending })).toMatchObject({ ok: false, details: { guard: 'illegal_evidence_not_excluded' } });
    expect(fire('prosecution_transfer', draft('prosecution_transfer'), 'submit', { facts: pending })).toMatchObject({ ok: false, details: { guard: 'illegal_evidence_not_excluded' } });
    const returned = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion', 'return_for_supplementary_investigation']).instance;
    expect(fire('prosecution_transfer', returned, 'resubmit_after_supplementary', { facts: pending })).toMatchObject({ ok: false, details: { guard: 'illegal_evidence_not_excluded' } });
    expect(fire('arrest', draft('arrest'), 'submit', { facts: { illegalEvidencePending: false } })).toMatchObject({ ok: true });
  });

  it('规则 563 (sec.): the 纠正违法通知书 for not filing is refused before the 15 days to file have passed', () => {
    const ordered = drivePath(p('filing_supervision'), ['request_explanation', 'reply_with_reasons', 'order_filing']);
    expect(ordered.results.at(-1)!.timers.start).toEqual([expect.objectContaining({ id: 'filing_after_order', amount: 15, unit: 'day' })]);
    const notice = (due: string) => fire('filing_supervision', ordered.instance, 'issue_correction_notice', { facts: { timerDue: { filing_after_order: due } } });
    expect(notice('2025-03-10')).toMatchObject({ ok: false, details: { guard: 'filing_period_not_over', lastDay: '2025-03-10' } });
    expect(fire('filing_supervision', ordered.instance, 'issue_correction_notice')).toMatchObject({ ok: false, details: { guard: 'filing_period_not_over', problem: 'not_started' } });
    expect(notice('2025-03-09')).toMatchObject({ ok: true, to: 'CORRECTION_NOTICE_ISSUED' });
  });
});

describe('issue 18: P2 不起诉 served, 申诉 within 7 days (point 18)', () => {
  const decided = (decisionKind = 'statutory') =>
    drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion', { action: 'decide_not_to_prosecute', input: { decisionKind } }]).instance;
  const serve = (inst: TProcessInstance) => fire('prosecution_transfer', inst, 'serve_non_prosecution_decision', { input: { servedOn: '2025-03-07', victimServed: true } });
  const window: TPlatformFacts = { timerDue: { petition_window: '2025-03-14' } };
  const petition = (inst: TProcessInstance, petitioner: string, petitionedOn: string, facts: TPlatformFacts = window) =>
    fire('prosecution_transfer', inst, 'record_petition', { input: { petitioner, petitionedOn, reason: '不服' }, facts });

  it('CPL 180, 181: the 不起诉决定书 is served on the 被不起诉人 and the victim, and their 7 days run from receipt', () => {
    const r = ok(serve(decided()));
    expect(r.to).toBe('NOT_PROSECUTED');
    expect(r.data).toMatchObject({ servedOn: '2025-03-07', victimServed: true });
    expect(r.timers.start).toEqual([expect.objectContaining({ id: 'petition_window', amount: 7, unit: 'day', startOn: '2025-03-07', articles: [{ law: 'CPL', article: '180' }, { law: 'CPL', article: '181' }] })]);
    expect(serve(nextInstance(decided(), r))).toMatchObject({ ok: false, details: { guard: 'non_prosecution_served_once' } });
  });

  it('CPL 180; CPL 105 ¶3: a petition posted on the last day is in time, one posted after is refused, and none before service', () => {
    const served = nextInstance(decided(), ok(serve(decided())));
    expect(petition(decided(), 'victim', '2025-03-10', {})).toMatchObject({ ok: false, details: { guard: 'petition_out_of_time', problem: 'not_started' } });
    expect(petition(served, 'victim', '2025-03-15')).toMatchObject({ ok: false, details: { guard: 'petition_out_of_time', lastDay: '2025-03-14' } });
    expect(petition(served, 'victim', '2025-03-14')).toMatchObject({ ok: true, to: 'PETITION_REVIEW' });
  });

  it('CPL 181: the 被不起诉人 petitions only against a 酌定不起诉, reviewed by the deciding procuratorate; CPL 180: the victim\'s by the superior', () => {
    const statutory = nextInstance(decided(), ok(serve(decided())));
    expect(petition(statutory, 'non_prosecuted_person', '2025-03-10')).toMatchObject({ ok: false, details: { guard: 'petition_not_open_to_petitioner', decisionKind: 'statutory' } });
    const disc = decided('discretionary');
    const discServed = nextInstance(disc, ok(serve(disc)));
    const byPerson = nextInstance(discServed, ok(petition(discServed, 'non_prosecuted_person', '2025-03-10')));
    const revoke = (inst: TProcessInstance, side: 'superior' | 'receiver') => applyAction(p('prosecution_transfer'), inst, {
      action: 'revoke_on_petition', actor: { agencyType: 'procuratorate', role: 'approver', side }, input: { reason: '复查' }, documents: ['petition_review_decision'], now: NOW,
    });
    expect(revoke(byPerson, 'superior')).toMatchObject({ ok: false, details: { guard: 'petition_reviewer', reviewer: 'receiver' } });
    expect(revoke(byPerson, 'receiver')).toMatchObject({ ok: true, to: 'NON_PROSECUTION_REVOKED' });
    const byVictim = nextInstance(statutory, ok(petition(statutory, 'victim', '2025-03-10')));
    expect(revoke(byVictim, 'receiver')).toMatchObject({ ok: false, details: { guard: 'petition_reviewer', reviewer: 'superior' } });
    expect(revoke(byVictim, 'superior')).toMatchObject({ ok: true });
  });
});

describe('issue 18: P2 closes only after the 申诉 window (point 18)', () => {
  it('CPL 180, 181: 公 accepting the 不起诉 does not close the case before the decision is served and the 7 days are over', () => {
    const decided = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion', 'decide_not_to_prosecute']).instance;
    expect(fire('prosecution_transfer', decided, 'accept_decision')).toMatchObject({ ok: false, details: { guard: 'petition_window_open', problem: 'not_started' } });
    const served = drivePath(p('prosecution_transfer'), ['submit', 'accept', 'start_review', 'submit_opinion', 'decide_not_to_prosecute', { action: 'serve_non_prosecution_decision', input: { servedOn: '2025-03-07' } }]).instance;
    expect(fire('prosecution_transfer', served, 'accept_decision', { facts: { timerDue: { petition_window: '2025-03-14' } } }))
      .toMatchObject({ ok: false, details: { guard: 'petition_window_open', lastDay: '2025-03-14' } });
    expect(fire('prosecution_transfer', served, 'accept_decision', { facts: { timerDue: { petition_window: '2025-03-09' } } })).toMatchObject({ ok: true, to: 'CLOSED' });
  });
});
