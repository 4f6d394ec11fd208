import { describe, expect, it } from 'vitest';
import { PROCESS_DEFINITIONS } from '../processes/registry';
import { custodyEffectsOf, mayHaveCustodyEffects } from './custody-effects';

/**
 * The server reads the persons' custody (measures, running custody timers) with a step's platform
 * facts only when `mayHaveCustodyEffects` says the step can have custody effects (issue 13); a step
 * it wrongly left out would cost a read of its own. Every transition of every definition is fired
 * here in each variant that changes its effects (outcome, tier, the P4 decision carried out).
 */
describe('which steps can change a person’s custody (CPL 91, 156, 172, 178)', () => {
  it('every transition whose custody effects are not empty is one mayHaveCustodyEffects names, and the ones it names include a step with none', () => {
    let withEffects = 0;
    for (const def of PROCESS_DEFINITIONS) {
      for (const t of def.transitions) {
        const timer = (id: string) => ({ id, variant: null, amount: 10, unit: 'day', plus: null });
        const started = [...(t.timers?.start ?? []), ...(t.timers?.restart ?? [])].map(timer);
        const retracked = (t.timers?.retrack ?? []).map(timer);
        const extended = (t.timers?.extend ?? []).map((id) => ({ id, amount: 15, unit: 'day' }));
        for (const outcome of [undefined, 'bail', 'residential_surveillance', 'release']) {
          for (const decision of [null, 'decide_bail', 'decide_residential_surveillance', 'decide_release', 'decide_arrest']) {
            const effects = custodyEffectsOf({
              process: def.code, action: t.action, input: { outcome, extensionDays: 2 }, data: { tier: 1 }, decision,
              timersStarted: started, timersRetracked: retracked, timersExtended: extended,
            });
            if (effects.length === 0) continue;
            withEffects++;
            expect(mayHaveCustodyEffects(def, t.action), `${def.code}.${t.action}`).toBe(true);
          }
        }
      }
    }
    expect(withEffects).toBeGreaterThan(10);
    // a plain step of the same process reads nothing more
    expect(mayHaveCustodyEffects(PROCESS_DEFINITIONS.find((d) => d.code === 'arrest')!, 'accept')).toBe(false);
  });
});
