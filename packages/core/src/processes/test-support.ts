/**
 * Test helpers for the process tests (not exported from index.ts): a valid sample input for a
 * transition, the right actor, and a path driver that also checks the wrong actors are refused.
 */
import { AGENCY_TYPES, ROLES, type TAgencyType, type TRole } from '../agencies';
import {
  actorSides,
  type TProcessDefinition,
  type TPlatformFacts,
  type TProcessInstance,
  type TProcessSide,
  type TTransitionSpec,
} from './definition';
import { shanghaiDate } from './guards';

/** The civil date before `date` (YYYY-MM-DD). */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
import {
  applyAction,
  createInstance,
  nextInstance,
  type TApplyOk,
  type TApplyResult,
  type TProcessActor,
} from './engine';

type TDef = TProcessDefinition<string, string>;
type TTransition = TTransitionSpec<string, string>;

export const ALL_AGENCY_TYPES = Object.keys(AGENCY_TYPES) as TAgencyType[];
export const ALL_ROLES = Object.keys(ROLES) as TRole[];
export const ALL_SIDES: TProcessSide[] = ['initiator', 'receiver', 'superior'];

/** In a path's input: the day the step runs (core: NOW; HTTP: the real today), for fact dates. */
export const TODAY = '$today';

/** 2025-03-10 10:00 Beijing time. */
export const NOW = new Date('2025-03-10T02:00:00Z');

export function rightActor(t: TTransition): TProcessActor {
  return { agencyType: t.actor.agencyTypes[0]!, role: t.actor.roles[0]!, side: actorSides(t.actor)[0]! };
}

/** A valid input for every declared field (dates default to the far side of NOW). */
export function sampleInput(t: TTransition, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of t.input ?? []) {
    if (!f.required && !(f.name in overrides)) continue;
    switch (f.type) {
      case 'text':
        input[f.name] = '测试：依法说明';
        break;
      case 'enum':
        input[f.name] = Object.keys(f.values ?? {})[0];
        break;
      case 'date':
        input[f.name] = '2025-12-31';
        break;
      case 'integer':
        input[f.name] = f.min ?? 1;
        break;
      case 'boolean':
        input[f.name] = true;
        break;
    }
  }
  const out = { ...input, ...overrides };
  for (const [k, v] of Object.entries(out)) if (v === TODAY) out[k] = shanghaiDate(NOW);
  return out;
}

/** Every document the transition asks for (required + produces + optional). */
export function allDocuments(t: TTransition): string[] {
  return [...(t.documents?.required ?? []), ...(t.documents?.produces ?? []), ...(t.documents?.optional ?? [])];
}

export function findTransition(def: TDef, state: string, action: string): TTransition {
  const t = def.transitions.find((x) => x.action === action && x.from.includes(state));
  if (!t) throw new Error(`${def.code}: no transition ${action} from ${state}`);
  return t;
}

export type TStep =
  | string
  | {
      action: string; input?: Record<string, unknown>; documents?: string[]; now?: Date; facts?: TPlatformFacts;
      /** Timers whose last day is over when the step runs (the HTTP test back-dates the stored rows). */
      timersOver?: string[];
      /** Act on this side where the step allows several (CPL 181: the deciding procuratorate reviews). */
      side?: TProcessSide;
      /** Act as this agency type where the step allows several (社区矫正机构 receives a suspended sentence). */
      agencyType?: TAgencyType;
      /** The agency type the flow is handed over to (HTTP test; the executor the court names). */
      handOverTo?: TAgencyType;
    };

export type TPathResult = {
  instance: TProcessInstance;
  results: TApplyOk[];
  covered: string[];
  refusals: { step: string; kind: 'agency' | 'role' | 'side'; result: TApplyResult }[];
};

/**
 * Drive `steps` from a fresh instance. At each step, before the right actor fires, an actor of
 * a wrong agency type, a wrong role and a wrong side are each tried and must be refused.
 */
export function drivePath(def: TDef, steps: readonly TStep[], data?: Readonly<Record<string, unknown>>): TPathResult {
  let instance = createInstance(def, data ? { data } : {}).instance;
  const results: TApplyOk[] = [];
  const covered: string[] = [];
  const refusals: TPathResult['refusals'] = [];
  for (const raw of steps) {
    const step = typeof raw === 'string' ? { action: raw } : raw;
    const t = findTransition(def, instance.state, step.action);
    const actor = { ...rightActor(t), ...(step.side ? { side: step.side } : {}), ...(step.agencyType ? { agencyType: step.agencyType } : {}) };
    const now = step.now ?? NOW;
    const over = Object.fromEntries((step.timersOver ?? []).map((id) => [id, dayBefore(shanghaiDate(now))]));
    const facts = step.timersOver ? { ...step.facts, timerDue: { ...step.facts?.timerDue, ...over } } : step.facts;
    const command = {
      action: step.action,
      input: sampleInput(t, step.input),
      documents: step.documents ?? allDocuments(t),
      now,
      ...(facts ? { facts } : {}),
    };
    const wrongAgency = ALL_AGENCY_TYPES.find((a) => !t.actor.agencyTypes.includes(a))!;
    const wrongRole = ALL_ROLES.find((r) => !t.actor.roles.includes(r))!;
    const wrongSide = ALL_SIDES.find((s) => !actorSides(t.actor).includes(s))!;
    refusals.push({
      step: step.action,
      kind: 'agency',
      result: applyAction(def, instance, { ...command, actor: { ...actor, agencyType: wrongAgency } }),
    });
    refusals.push({
      step: step.action,
      kind: 'role',
      result: applyAction(def, instance, { ...command, actor: { ...actor, role: wrongRole } }),
    });
    if (wrongSide) {
      refusals.push({
        step: step.action,
        kind: 'side',
        result: applyAction(def, instance, { ...command, actor: { ...actor, side: wrongSide } }),
      });
    }
    const r = applyAction(def, instance, { ...command, actor, expectedVersion: instance.version });
    if (!r.ok)
      throw new Error(
        `${def.code}: ${step.action} from ${instance.state} refused: ${r.code} ${JSON.stringify(r.details)}`,
      );
    covered.push(`${t.action}@${instance.state}`);
    results.push(r);
    instance = nextInstance(instance, r);
  }
  return { instance, results, covered, refusals };
}
