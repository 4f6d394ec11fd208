/**
 * Every path of every process, driven through the engine: happy paths and refusals/returns from
 * processes.md. At every step a wrong agency type, a wrong role and a wrong side are refused with
 * PROCESS_ACTOR_FORBIDDEN; the last test checks that the paths together fire every transition
 * from every one of its from-states.
 */
import { describe, expect, it } from 'vitest';
import { PRISON_ADMISSION_DOCUMENTS } from './documents';
import { PROCESS_DEFINITIONS, getProcess } from './registry';
import { drivePath } from './test-support';
import { PROCESS_PATHS as PATHS } from './paths';

describe('process paths', () => {
  const covered = new Set<string>();
  for (const [code, paths] of Object.entries(PATHS)) {
    const def = getProcess(code)!;
    describe(code, () => {
      for (const path of paths) {
        it(path.name, () => {
          const r = drivePath(def, path.steps, path.data);
          expect(r.instance.state).toBe(path.end);
          expect(def.states[path.end]?.terminal).toBe(true);
          expect(r.instance.version).toBe(1 + path.steps.length);
          for (const refusal of r.refusals) {
            expect(refusal.result, `${refusal.step} by wrong ${refusal.kind}`).toMatchObject({
              ok: false,
              code: 'PROCESS_ACTOR_FORBIDDEN',
            });
          }
          for (const c of r.covered) covered.add(`${code}:${c}`);
        });
      }
    });
  }

  it('together the paths fire every transition from every from-state', () => {
    const missing: string[] = [];
    for (const def of PROCESS_DEFINITIONS) {
      for (const t of def.transitions)
        for (const f of t.from)
          if (!covered.has(`${def.code}:${t.action}@${f}`)) missing.push(`${def.code}:${t.action}@${f}`);
    }
    expect(missing).toEqual([]);
  });

  it('has paths for every process', () => {
    expect(Object.keys(PATHS).sort()).toEqual(PROCESS_DEFINITIONS.map((d) => d.code).sort());
  });

  it('prison admission requires the four documents of 监狱法 16', () => {
    const def = getProcess('judgment_execution')!;
    const admit = def.transitions.find((t) => t.action === 'admit_to_prison')!;
    expect(admit.documents?.required).toEqual([...PRISON_ADMISSION_DOCUMENTS]);
  });
});
