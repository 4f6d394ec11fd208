import { describe, expect, it } from 'vitest';
import { custodyTransferStatus, TRANSFER_PERIODS } from './custody-transfer';

const at = (d: string) => new Date(`${d}T10:00:00+08:00`);
const investigative = { kind: 'investigative', createdAt: at('2026-01-05') };
const review = { kind: 'prosecution_review', createdAt: at('2026-03-01') };

describe('电子换押 (2014 换押 notice, sec.): is the current stage covered?', () => {
  it('侦查羁押 needs no 换押: the police hold the person from the arrest on', () => {
    expect(custodyTransferStatus([investigative], [])).toBe('not_required');
  });

  it('moved from 侦查 to 审查起诉 without 换押: missing; issued: pending; acknowledged by the 看守所: covered', () => {
    expect(custodyTransferStatus([investigative, review], [])).toBe('missing');
    // the police fill the 换押证 at the transfer, before the procuratorate accepts
    const issued = { transferKind: 'to_prosecution_review', state: 'ISSUED', createdAt: at('2026-02-27') };
    expect(custodyTransferStatus([investigative, review], [issued])).toBe('pending');
    expect(custodyTransferStatus([investigative, review], [{ ...issued, state: 'ACKNOWLEDGED' }])).toBe('acknowledged');
    expect(custodyTransferStatus([investigative, review], [{ ...issued, state: 'DECLINED' }])).toBe('missing');
  });

  it('a 换押 of the wrong stage change, or one older than the previous stage, does not cover (re-transfer after 补充侦查, CPL 175)', () => {
    const back = { kind: 'supplementary_investigation', createdAt: at('2026-03-20') };
    const again = { kind: 'prosecution_review', createdAt: at('2026-04-18') };
    const first = { transferKind: 'to_prosecution_review', state: 'ACKNOWLEDGED', createdAt: at('2026-02-27') };
    const returned = { transferKind: 'supplementary_return', state: 'ACKNOWLEDGED', createdAt: at('2026-03-21') };
    expect(custodyTransferStatus([investigative, review, back], [first])).toBe('missing');
    expect(custodyTransferStatus([investigative, review, back], [first, returned])).toBe('acknowledged');
    expect(custodyTransferStatus([investigative, review, back, again], [first, returned])).toBe('missing');
    const retransfer = { transferKind: 'supplementary_retransfer', state: 'ACKNOWLEDGED', createdAt: at('2026-04-17') };
    expect(custodyTransferStatus([investigative, review, back, again], [first, returned, retransfer])).toBe('acknowledged');
  });

  it('the same stage recomputed (CPL 172 速裁, an extension) is no new stage change', () => {
    const retracked = { kind: 'prosecution_review', createdAt: at('2026-03-05') };
    const first = { transferKind: 'to_prosecution_review', state: 'ACKNOWLEDGED', createdAt: at('2026-02-27') };
    expect(custodyTransferStatus([investigative, review, retracked], [first])).toBe('acknowledged');
  });

  it('every stage period of the 审查起诉, 审判 and 二审 stages needs one', () => {
    expect([...TRANSFER_PERIODS].sort()).toEqual(['prosecution_review', 'second_instance_trial', 'supplementary_investigation', 'trial', 'trial_supplementary_investigation']);
  });
});
