/**
 * Property tests: whatever sequence of actions and actors is thrown at the engine, every
 * accepted action is a declared transition from the current state by an allowed actor, the
 * instance never leaves the declared graph, and terminal states accept nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TProcessInstance } from './definition';
import {
  PROCESS_ERROR_CODES,
  actorMayFire,
  applyAction,
  createInstance,
  listAvailableActions,
  nextInstance,
  transitionsFrom,
  type TProcessActor,
} from './engine';
import { PROCESS_DEFINITIONS } from './registry';
import { ALL_AGENCY_TYPES, ALL_ROLES, ALL_SIDES, NOW, allDocuments, rightActor, sampleInput } from './test-support';

const command = fc.record({
  pick: fc.nat({ max: 1000 }),
  mode: fc.constantFrom('right', 'right', 'right', 'random', 'bogus'),
  agencyType: fc.constantFrom(...ALL_AGENCY_TYPES),
  role: fc.constantFrom(...ALL_ROLES),
  side: fc.constantFrom(...ALL_SIDES),
  junkInput: fc.boolean(),
  withDocuments: fc.boolean(),
  staleVersion: fc.boolean(),
  dayOffset: fc.integer({ min: -400, max: 400 }),
});

describe('engine properties', () => {
  it('random action sequences stay inside the declared transition graph', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROCESS_DEFINITIONS), fc.array(command, { maxLength: 40 }), (def, cmds) => {
        let inst: TProcessInstance = createInstance(def).instance;
        const actions = [...new Set(def.transitions.map((t) => t.action))];
        for (const c of cmds) {
          const outgoing = transitionsFrom(def, inst.state);
          let action: string;
          let actor: TProcessActor = { agencyType: c.agencyType, role: c.role, side: c.side };
          if (c.mode === 'right' && outgoing.length > 0) {
            const t = outgoing[c.pick % outgoing.length]!;
            action = t.action;
            actor = rightActor(t);
          } else if (c.mode === 'bogus') {
            action = `bogus_${c.pick}`;
          } else {
            action = actions[c.pick % actions.length]!;
          }
          const t0 = def.transitions.find((t) => t.action === action && t.from.includes(inst.state));
          const r = applyAction(def, inst, {
            action,
            actor,
            input: c.junkInput ? { junk: c.pick } : t0 ? sampleInput(t0) : {},
            documents: c.withDocuments && t0 ? allDocuments(t0) : [],
            now: new Date(NOW.getTime() + c.dayOffset * 86_400_000),
            ...(c.staleVersion ? { expectedVersion: inst.version - 1 } : {}),
          });
          if (r.ok) {
            expect(def.states[inst.state]?.terminal).not.toBe(true);
            expect(t0).toBeDefined();
            expect(r.from).toBe(inst.state);
            expect(r.to).toBe(t0!.to);
            expect(actorMayFire(t0!, actor)).toBe(true);
            expect(c.staleVersion).toBe(false);
            expect(r.version).toBe(inst.version + 1);
            inst = nextInstance(inst, r);
          } else {
            expect(PROCESS_ERROR_CODES).toContain(r.code);
            if (action.startsWith('bogus_')) expect(r.code).toBe('PROCESS_ACTION_UNKNOWN');
          }
          expect(Object.hasOwn(def.states, inst.state)).toBe(true);
          // CPL 175: never more than two returns for supplementary investigation.
          expect(inst.counters.supplementaryReturns ?? 0).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 600 },
    );
  }, 60_000); // a bound for a loaded CI machine (2 cores shared), not a speed check

  it('listAvailableActions agrees with applyAction', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROCESS_DEFINITIONS),
        fc.array(fc.nat({ max: 1000 }), { maxLength: 25 }),
        (def, picks) => {
          let inst: TProcessInstance = createInstance(def).instance;
          for (const pick of picks) {
            for (const agencyType of ALL_AGENCY_TYPES) {
              for (const role of ALL_ROLES) {
                for (const side of ALL_SIDES) {
                  const actor = { agencyType, role, side };
                  const listed = new Map(listAvailableActions(def, inst, actor).map((a) => [a.action, a]));
                  for (const t of transitionsFrom(def, inst.state)) {
                    const r = applyAction(def, inst, {
                      action: t.action,
                      actor,
                      input: sampleInput(t),
                      documents: allDocuments(t),
                      now: NOW,
                    });
                    const entry = listed.get(t.action);
                    if (r.ok) expect(entry).toBeDefined();
                    if (!entry) expect(r.ok).toBe(false);
                    if (entry && !entry.blocked && !(t.guards ?? []).some((g) => g.needsInput)) expect(r.ok).toBe(true);
                  }
                }
              }
            }
            const outgoing = transitionsFrom(def, inst.state);
            if (outgoing.length === 0) break;
            const t = outgoing[pick % outgoing.length]!;
            const r = applyAction(def, inst, {
              action: t.action,
              actor: rightActor(t),
              input: sampleInput(t),
              documents: allDocuments(t),
              now: NOW,
            });
            if (r.ok) inst = nextInstance(inst, r);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000); // a bound for a loaded CI machine (2 cores shared), not a speed check

  it('terminal states accept no action from any actor', () => {
    for (const def of PROCESS_DEFINITIONS) {
      const actions = [...new Set(def.transitions.map((t) => t.action))];
      for (const [state, spec] of Object.entries(def.states)) {
        if (!spec.terminal) continue;
        const inst: TProcessInstance = { code: def.code, state, counters: {}, version: 9, data: {} };
        for (const action of actions) {
          const t = def.transitions.find((x) => x.action === action)!;
          for (const agencyType of ALL_AGENCY_TYPES) {
            for (const role of ALL_ROLES) {
              for (const side of ALL_SIDES) {
                const r = applyAction(def, inst, {
                  action,
                  actor: { agencyType, role, side },
                  input: sampleInput(t),
                  documents: allDocuments(t),
                  now: NOW,
                });
                expect(r.ok, `${def.code} ${state} ${action}`).toBe(false);
              }
            }
          }
          expect(listAvailableActions(def, inst, rightActor(t))).toEqual([]);
        }
      }
    }
  }, 60_000); // a bound for a loaded CI machine (2 cores shared), not a speed check
});
