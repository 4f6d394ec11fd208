import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENCY_STAGES, type TAgencyStage } from '../cases/case';
import { DOSSIER_VOLUME_KINDS } from '../dossier/volumes';
import { canSeeDefenceRequest, canWithdrawDefenceRequest, fileReviewOpen, handlingAgencyType, lawyerMayReadDocument, meetingNeedsPermission, nextDefenceStatus, representationLive, watermarkText, DEFENCE_STATUSES, type TDefenceStatus } from './index';

const STAGES = Object.keys(AGENCY_STAGES) as TAgencyStage[];

describe('辩护 rules', () => {
  it('CPL 40: the file opens to the defence from 审查起诉 on, never during 侦查', () => {
    expect(fileReviewOpen('police.investigating')).toBe(false);
    expect(fileReviewOpen('procuratorate.arrest_review')).toBe(false);
    expect(fileReviewOpen('procuratorate.prosecution_review')).toBe(true);
    expect(fileReviewOpen('court.first_instance')).toBe(true);
    expect(fileReviewOpen('court.second_instance')).toBe(true);
    expect(fileReviewOpen('execution.executing')).toBe(false);
  });

  it('CPL 40: never the 侦查工作卷 or another suspect\'s own material, whatever the stage', () => {
    fc.assert(fc.property(fc.constantFrom(...STAGES), fc.constantFrom(...DOSSIER_VOLUME_KINDS), fc.option(fc.constantFrom('client', 'other')), (stage, volume, person) => {
      const ok = lawyerMayReadDocument({ stage, volume, documentPersonId: person, clientPersonId: 'client' });
      if (volume === 'investigation_work' || person === 'other' || !fileReviewOpen(stage)) expect(ok).toBe(false);
    }));
    expect(lawyerMayReadDocument({ stage: 'procuratorate.prosecution_review', volume: 'evidence_materials', documentPersonId: 'client', clientPersonId: 'client' })).toBe(true);
    expect(lawyerMayReadDocument({ stage: 'procuratorate.prosecution_review', volume: 'litigation_documents', documentPersonId: null, clientPersonId: 'client' })).toBe(true);
  });

  it('CPL 39 ¶3: permission only for 危害国家安全 / 恐怖活动 cases and only during 侦查', () => {
    expect(meetingNeedsPermission('police.investigating', ['120'])).toBe(true);
    expect(meetingNeedsPermission('police.investigating', ['105'])).toBe(true);
    expect(meetingNeedsPermission('procuratorate.prosecution_review', ['120'])).toBe(false);
    expect(meetingNeedsPermission('police.investigating', ['264'])).toBe(false);
  });

  it('a request is decided once; only a confirmed representation ends', () => {
    const statuses = Object.keys(DEFENCE_STATUSES) as TDefenceStatus[];
    fc.assert(fc.property(fc.constantFrom(...statuses), fc.constantFrom('confirm', 'refuse', 'withdraw', 'end') as fc.Arbitrary<'confirm' | 'refuse' | 'withdraw' | 'end'>, (s, a) => {
      const next = nextDefenceStatus(s, a);
      if (s === 'refused' || s === 'withdrawn' || s === 'ended') expect(next).toBeNull();
      if (a === 'end') expect(next === 'ended').toBe(s === 'confirmed');
    }));
  });

  it('the handling agency follows the stage; a case in execution gives the defence no access', () => {
    expect(handlingAgencyType('police.investigating')).toBe('police');
    expect(handlingAgencyType('procuratorate.prosecution_review')).toBe('procuratorate');
    expect(handlingAgencyType('court.first_instance')).toBe('court');
    expect(handlingAgencyType('execution.executing')).toBeNull();
    expect(representationLive('execution.executing')).toBe(false);
    expect(representationLive('court.second_instance')).toBe(true);
  });

  it('the watermark names the lawyer, the 执业证号 and the Beijing time', () => {
    expect(watermarkText({ lawyerName: '钱律师', licenceNo: '12201201810123456', at: new Date('2026-11-30T01:05:00Z') }))
      .toBe('钱律师 执业证号12201201810123456 2026-11-30 09:05 仅供辩护阅卷');
  });
});

describe('who holds a defence request', () => {
  const legalAid = { lawyerId: 'lawyer-1', agencyId: 'proc-1', assignedByAgency: 'justice-1' };
  const retained = { lawyerId: 'lawyer-1', agencyId: null, assignedByAgency: null };
  it('its lawyer, the agency it is addressed to and the assigning 司法局 see it; nobody else', () => {
    expect(canSeeDefenceRequest({ userId: 'lawyer-1', agencyId: 'firm-1' }, legalAid)).toBe(true);
    expect(canSeeDefenceRequest({ userId: 'p-handler', agencyId: 'proc-1' }, legalAid)).toBe(true);
    expect(canSeeDefenceRequest({ userId: 'j-clerk', agencyId: 'justice-1' }, legalAid)).toBe(true);
    expect(canSeeDefenceRequest({ userId: 'lawyer-2', agencyId: 'firm-1' }, legalAid)).toBe(false);
    expect(canSeeDefenceRequest({ userId: 'p-handler', agencyId: 'proc-2' }, legalAid)).toBe(false);
  });
  it('a request not yet matched to an agency is seen by its lawyer only', () => {
    expect(canSeeDefenceRequest({ userId: 'lawyer-1', agencyId: 'firm-1' }, retained)).toBe(true);
    expect(canSeeDefenceRequest({ userId: 'x', agencyId: 'proc-1' }, retained)).toBe(false);
  });
  it('the deciding agency sees a request but only its filer withdraws it', () => {
    expect(canWithdrawDefenceRequest({ userId: 'lawyer-1', agencyId: 'firm-1' }, legalAid)).toBe(true);
    expect(canWithdrawDefenceRequest({ userId: 'j-clerk', agencyId: 'justice-1' }, legalAid)).toBe(true);
    expect(canWithdrawDefenceRequest({ userId: 'p-handler', agencyId: 'proc-1' }, legalAid)).toBe(false);
  });
});
