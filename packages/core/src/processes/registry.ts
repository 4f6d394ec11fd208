/**
 * All process definitions. Adding a process = one file in `definitions/` + one line here.
 */
import type { TProcessDefinition } from './definition';
import { arrestProcess } from './definitions/p01-arrest';
import { prosecutionTransferProcess } from './definitions/p02-prosecution-transfer';
import { publicProsecutionProcess } from './definitions/p03-public-prosecution';
import { measureChangeProcess } from './definitions/p04-measure-change';
import { judgmentExecutionProcess } from './definitions/p05-judgment-execution';
import { evidenceLegalityProcess } from './definitions/p06-evidence-legality';
import { filingSupervisionProcess } from './definitions/p07-filing-supervision';
import { custodyExtensionProcess } from './definitions/p08-custody-extension';
import { investigationSupervisionProcess } from './definitions/p09-investigation-supervision';
import { earlyInvolvementProcess } from './definitions/p10-early-involvement';
import { secondInstanceProcess } from './definitions/p11-second-instance';
import { dutyLawyerProcess } from './definitions/p12-duty-lawyer';
import { communityAssessmentProcess } from './definitions/p13-community-assessment';
import { lawyerMeetingProcess } from './definitions/p14-lawyer-meeting';
import { supervisionNoticeProcess } from './definitions/p15-supervision-notice';
import { custodyTransferProcess } from './definitions/p16-custody-transfer';
import { communityCorrectionProcess } from './definitions/p17-community-correction';
import { commutationParoleProcess } from './definitions/p18-commutation-parole';
import { temporaryReleaseProcess } from './definitions/p19-temporary-release';

const DEFINITIONS = [
  arrestProcess,
  prosecutionTransferProcess,
  publicProsecutionProcess,
  measureChangeProcess,
  judgmentExecutionProcess,
  evidenceLegalityProcess,
  filingSupervisionProcess,
  custodyExtensionProcess,
  investigationSupervisionProcess,
  earlyInvolvementProcess,
  secondInstanceProcess,
  dutyLawyerProcess,
  communityAssessmentProcess,
  lawyerMeetingProcess,
  supervisionNoticeProcess,
  custodyTransferProcess,
  communityCorrectionProcess,
  commutationParoleProcess,
  temporaryReleaseProcess,
] as const;

export type TProcessCode = (typeof DEFINITIONS)[number]['code'];
/** All definitions, in P1…P15 order, widened for generic use (engine, docs, tests). */
export const PROCESS_DEFINITIONS: readonly TProcessDefinition[] = DEFINITIONS;
export const PROCESS_CODES: readonly TProcessCode[] = DEFINITIONS.map((d) => d.code);

const BY_CODE: ReadonlyMap<string, TProcessDefinition> = new Map(PROCESS_DEFINITIONS.map((d) => [d.code, d]));

/** The definition for `code`, or undefined (the server answers 404). */
export function getProcess(code: string): TProcessDefinition | undefined {
  return BY_CODE.get(code);
}
