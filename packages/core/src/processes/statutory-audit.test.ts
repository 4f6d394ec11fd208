/**
 * Issue 18, the statutory audit of the definitions: one test per point, named after its article.
 * (Points 1–4 and the P2 review track live with the other P1/P2 rules in engine.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { getProcess } from './registry';
import { allDocuments, drivePath, findTransition, NOW, rightActor, sampleInput } from './test-support';
import { applyAction, nextInstance, type TApplyOk, type TApplyResult } from './engine';
import type { TPlatformFacts, TProcessInstance } from './definition';
import { PLEA_AT_TRIAL } from './paths';

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
    const fast = drivePath(p('public_prosecution'), ['submit', 'accept', { action: 'decide_procedure', input: { trialTrack: 'fast_track', defendantConsent: true }, facts: PLEA_AT_TRIAL }]).instance;
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
    const sent = (executor: string) => drivePath(def, [{ action: 'send_documents', input: { executor } }]).instance;
    const as = (agencyType: 'detention' | 'police' | 'justice', inst: TProcessInstance, action: string, input: Record<string, unknown> = {}) =>
      applyAction(def, inst, { action, actor: { agencyType, role: 'clerk', side: 'receiver' }, input, documents: allDocuments(findTransition(def, inst.state, action)), now: NOW });
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
