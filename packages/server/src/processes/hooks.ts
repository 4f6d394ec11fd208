/**
 * Checks other modules add before a process action fires, inside its transaction (e.g. the
 * e-dossier's evidence guideline check before 提请逮捕 / 移送审查起诉). Throwing refuses the action.
 */
import type { TTx } from '../db/database';
import type { TAuthedContext } from '../http/route';

export type TBeforeAction = (
  tx: TTx, ctx: TAuthedContext,
  a: { caseId: string; process: string; action: string; overrideReason: string | undefined; isApprover: boolean },
) => Promise<void>;

const hooks: TBeforeAction[] = [];

export function registerBeforeAction(h: TBeforeAction): void {
  hooks.push(h);
}

export async function runBeforeAction(...args: Parameters<TBeforeAction>): Promise<void> {
  for (const h of hooks) await h(...args);
}
