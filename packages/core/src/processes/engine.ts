/**
 * The one engine that runs every process definition. Pure: no I/O, no clock (a `now` is passed
 * in), no randomness. The server calls it inside the DB transaction that holds the instance row:
 *
 *   1. load the instance row FOR UPDATE (or compare `version` in the UPDATE);
 *   2. `applyAction(def, instance, command)`;
 *   3. on `ok`: write `{ state: to, version, counters, data }`, append `event` to the audit log,
 *      apply `timers` (stop, then restart, then start), queue notifications / 回流 per `event`;
 *      on an error: map `code` to HTTP with errors/ERRORS and change nothing.
 *
 * Check order (STYLE.md §2.1): action known → actor may ever fire it → state and version →
 * actor allowed from this state → input and documents → legal guards.
 */
import { AGENCY_TYPES, ROLES, type TAgencyType, type TRole } from '../agencies';
import type { TErrorCode } from '../errors';
import {
  actorSides,
  type TDuration,
  type TFactBasis,
  type TInputField,
  type TNotify,
  type TPlatformFacts,
  type TProcessDefinition,
  type TProcessInstance,
  type TProcessSide,
  type TStatuteRef,
  type TTimeUnit,
  type TTransitionSpec,
} from './definition';
import { DOCUMENT_TYPES, type TDocumentType } from './documents';

// --- contract types -------------------------------------------------------------------------

export const PROCESS_ERROR_CODES = [
  'PROCESS_ACTION_UNKNOWN',
  'PROCESS_STATE_CONFLICT',
  'PROCESS_ACTOR_FORBIDDEN',
  'PROCESS_GUARD_FAILED',
  'PROCESS_INPUT_INVALID',
] as const satisfies readonly TErrorCode[];
export type TProcessErrorCode = (typeof PROCESS_ERROR_CODES)[number];

/** Who acts. `side` is decided by the server from the instance's participants. */
export type TProcessActor = {
  readonly agencyType: TAgencyType;
  readonly role: TRole;
  readonly side: TProcessSide;
};

export type TApplyCommand = {
  readonly action: string;
  readonly actor: TProcessActor;
  /** Only fields the transition declares; anything else is PROCESS_INPUT_INVALID. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Document type codes attached to this action (or, for `required`, present in the case file). */
  readonly documents?: readonly string[];
  readonly now: Date;
  /** Platform-computed facts for the guards (never from user input). */
  readonly facts?: TPlatformFacts;
  /** The version the client saw; a mismatch is PROCESS_STATE_CONFLICT. */
  readonly expectedVersion?: number;
};

/** A timer to start or restart, with its length resolved (variant / amount from input). */
export type TTimerEffect = {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly variant: string | null;
  readonly amount: number;
  readonly unit: TTimeUnit;
  readonly plus: TDuration | null;
  readonly inCustody: boolean;
  /** The flag follows the person's measure (CPL 105 ¶2): the server re-reads it, and again when the measure changes. */
  readonly custodyFromPerson: boolean;
  readonly warnDays: number;
  readonly articles: readonly TStatuteRef[];
  readonly basis: TFactBasis | null;
  readonly deadlineId: string | null;
  /** The fact date (YYYY-MM-DD) the period runs from; null = the day of the step. */
  readonly startOn: string | null;
  /** The fact's Beijing wall time 'HH:mm' when entered (hour periods run from it); null = the time of the step. */
  readonly startTime: string | null;
};

/** An approved extension of a running period (CPL 91 ¶1–2: 1–4 days / to 30 days; CPL 208). */
export type TTimerExtension = { readonly id: string; readonly amount: number; readonly unit: TTimeUnit };

export type TTimerEffects = {
  /** Start now (counting from `now`); starting a running timer is a caller error. */
  readonly start: readonly TTimerEffect[];
  /** Stop if running; stopping a timer that is not running is a no-op. */
  readonly stop: readonly string[];
  /** Discard the running (or stopped) period and start the full length again from `now` (CPL 175, 208). */
  readonly restart: readonly TTimerEffect[];
  /** Lengthen the running period by the approved length, counted on from its current end. */
  readonly extend?: readonly TTimerExtension[];
  /** Recompute the running period with this length from its own start (the procedure chosen later: CPL 172 速裁). */
  readonly retrack?: readonly TTimerEffect[];
};

export type TProcessEvent = {
  readonly process: string;
  readonly action: string;
  readonly from: string;
  readonly to: string;
  readonly actor: TProcessActor;
  /** `now` as ISO-8601 UTC. */
  readonly at: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly documentsProduced: readonly TDocumentType[];
  readonly notify: TNotify;
  readonly flowsBack: boolean;
  readonly articles: readonly TStatuteRef[];
};

export type TApplyOk = {
  readonly ok: true;
  readonly from: string;
  readonly to: string;
  /** instance.version + 1 */
  readonly version: number;
  /** The complete next counters (not increments). */
  readonly counters: Readonly<Record<string, number>>;
  /** The complete next data. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly event: TProcessEvent;
  readonly timers: TTimerEffects;
};

export type TApplyError = {
  readonly ok: false;
  readonly code: TProcessErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: Readonly<Record<string, unknown>>;
};

export type TApplyResult = TApplyOk | TApplyError;

export type TAvailableAction = {
  readonly action: string;
  readonly to: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly input: readonly TInputField[];
  readonly documents: {
    readonly required: readonly TDocumentType[];
    readonly produces: readonly TDocumentType[];
    readonly optional: readonly TDocumentType[];
  };
  readonly articles: readonly TStatuteRef[];
  /** Warnings that apply now (CPL 81), shown on the card before the user acts. */
  readonly warnings: readonly { readonly code: string; readonly zh: string; readonly en: string; readonly articles: readonly TStatuteRef[] }[];
  /** Set when an instance-level guard already refuses it (e.g. third 退回补充侦查): show it disabled. */
  readonly blocked?: {
    readonly code: string;
    readonly zh: string;
    readonly en: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
};

type TDef = TProcessDefinition<string, string>;
type TTransition = TTransitionSpec<string, string>;

// --- creation --------------------------------------------------------------------------------

/** A fresh instance in the initial state, plus the timers to start at creation. */
export function createInstance(
  def: TDef,
  opts: { data?: Readonly<Record<string, unknown>>; facts?: TPlatformFacts } = {},
): { instance: TProcessInstance; timers: TTimerEffects } {
  const data = { ...(opts.data ?? {}) };
  return {
    instance: { code: def.code, state: def.initialState, counters: {}, version: 1, data },
    timers: { start: (def.initialTimers ?? []).filter((id) => timerApplies(def, id, {}, data)).map((id) => resolveTimer(def, id, {}, data, opts.facts)), stop: [], restart: [] },
  };
}

// --- queries ---------------------------------------------------------------------------------

export function actorMayFire(t: TTransition, actor: TProcessActor): boolean {
  return (
    actorSides(t.actor).includes(actor.side) &&
    t.actor.agencyTypes.includes(actor.agencyType) &&
    t.actor.roles.includes(actor.role)
  );
}

function isTerminal(def: TDef, state: string): boolean {
  return def.states[state]?.terminal === true;
}

/** Transitions leaving `state` (none from a terminal state). */
export function transitionsFrom(def: TDef, state: string): readonly TTransition[] {
  if (isTerminal(def, state)) return [];
  return def.transitions.filter((t) => t.from.includes(state));
}

/**
 * What `actor` may do now. Guards that read only the instance are evaluated and reported as
 * `blocked`; guards that read the input or the clock are left to `applyAction`.
 */
export function listAvailableActions(
  def: TDef,
  instance: TProcessInstance,
  actor: TProcessActor,
  facts: TPlatformFacts = {},
): TAvailableAction[] {
  if (instance.code !== def.code) return [];
  return transitionsFrom(def, instance.state)
    .filter((t) => actorMayFire(t, actor))
    .map((t) => {
      const failed = (t.guards ?? [])
        .filter((g) => !g.needsInput)
        .map((g) => ({ g, v: g.check({ instance, input: {}, now: new Date(0), facts, role: actor.role, agencyType: actor.agencyType, side: actor.side }) }))
        .find((x) => !x.v.ok);
      const base: TAvailableAction = {
        action: t.action,
        to: t.to,
        label: t.label,
        input: t.input ?? [],
        documents: {
          required: t.documents?.required ?? [],
          produces: t.documents?.produces ?? [],
          optional: t.documents?.optional ?? [],
        },
        articles: t.articles ?? [],
        warnings: (t.warnings ?? [])
          .filter((w) => w.when({ instance, facts }))
          .map((w) => ({ code: w.code, zh: w.zh, en: w.en, articles: w.articles })),
      };
      if (!failed || failed.v.ok) return base;
      return {
        ...base,
        blocked: { code: failed.g.code, zh: failed.g.zh, en: failed.g.en, details: failed.v.details ?? {} },
      };
    });
}

/**
 * Which level of procuratorate acts on the `superior` side of this instance (P8: tier 1 →
 * 上一级, tiers 2–3 → 省级). null when the process has no superior side.
 */
export function resolveSuperiorLevel(def: TDef, instance: TProcessInstance): 'superior' | 'provincial' | null {
  const sup = def.superior;
  if (!sup) return null;
  if (sup.levelByData) {
    const v = instance.data[sup.levelByData.field];
    const mapped = v === undefined || v === null ? undefined : sup.levelByData.map[String(v)];
    if (mapped) return mapped;
  }
  return sup.level === 'provincial' ? 'provincial' : 'superior';
}

// --- apply -----------------------------------------------------------------------------------

function fail(
  code: TProcessErrorCode,
  messageZh: string,
  messageEn: string,
  details: Record<string, unknown>,
): TApplyError {
  return { ok: false, code, messageZh, messageEn, details };
}

function stateName(def: TDef, state: string): string {
  return def.states[state]?.zh ?? state;
}

export function applyAction(def: TDef, instance: TProcessInstance, command: TApplyCommand): TApplyResult {
  const { action, actor, now } = command;
  const actorDetails = { agencyType: actor.agencyType, role: actor.role, side: actor.side };

  if (instance.code !== def.code) {
    return fail('PROCESS_STATE_CONFLICT', '流程实例与流程定义不符', 'The instance belongs to another process', {
      process: def.code,
      instanceProcess: instance.code,
    });
  }

  const candidates = def.transitions.filter((t) => t.action === action);
  if (candidates.length === 0) {
    return fail(
      'PROCESS_ACTION_UNKNOWN',
      `「${def.name.zh}」流程没有此操作：${action}`,
      `Process ${def.code} has no action ${action}`,
      {
        process: def.code,
        action,
      },
    );
  }

  if (!candidates.some((t) => actorMayFire(t, actor))) {
    return fail(
      'PROCESS_ACTOR_FORBIDDEN',
      `您的机构或角色不能执行「${candidates[0]!.label.zh}」`,
      `Your agency or role may not ${action}`,
      {
        process: def.code,
        action,
        actor: actorDetails,
        allowed: candidates.map((t) => ({
          sides: actorSides(t.actor),
          agencyTypes: t.actor.agencyTypes,
          roles: t.actor.roles,
        })),
      },
    );
  }

  if (command.expectedVersion !== undefined && command.expectedVersion !== instance.version) {
    return fail(
      'PROCESS_STATE_CONFLICT',
      '流程已被他人更新，请刷新后重试',
      'The process changed meanwhile; reload and retry',
      {
        process: def.code,
        action,
        expectedVersion: command.expectedVersion,
        version: instance.version,
        state: instance.state,
      },
    );
  }

  const transition = isTerminal(def, instance.state)
    ? undefined
    : candidates.find((t) => t.from.includes(instance.state));
  if (!transition) {
    return fail(
      'PROCESS_STATE_CONFLICT',
      `流程当前状态「${stateName(def, instance.state)}」不允许「${candidates[0]!.label.zh}」`,
      `State ${instance.state} does not allow ${action}`,
      {
        process: def.code,
        action,
        state: instance.state,
        allowedFrom: [...new Set(candidates.flatMap((t) => t.from))],
      },
    );
  }

  if (!actorMayFire(transition, actor)) {
    return fail(
      'PROCESS_ACTOR_FORBIDDEN',
      `您的机构或角色不能执行「${transition.label.zh}」`,
      `Your agency or role may not ${action}`,
      {
        process: def.code,
        action,
        state: instance.state,
        actor: actorDetails,
        allowed: {
          sides: actorSides(transition.actor),
          agencyTypes: transition.actor.agencyTypes,
          roles: transition.actor.roles,
        },
      },
    );
  }

  const parsed = validateInput(transition.input ?? [], command.input ?? {});
  const attached = new Set(command.documents ?? []);
  const missingDocuments = [
    ...(transition.documents?.required ?? []),
    ...(transition.documents?.produces ?? []),
  ].filter((d) => !attached.has(d));
  if (parsed.errors.length > 0 || missingDocuments.length > 0) {
    return fail(
      'PROCESS_INPUT_INVALID',
      `「${transition.label.zh}」缺少必要信息或文书`,
      `${action}: input or documents missing or invalid`,
      {
        process: def.code,
        action,
        ...(parsed.errors.length > 0 ? { errors: parsed.errors } : {}),
        ...(missingDocuments.length > 0 ? { missingDocuments: [...new Set(missingDocuments)] } : {}),
      },
    );
  }

  for (const guard of transition.guards ?? []) {
    const verdict = guard.check({ instance, input: parsed.value, now, facts: command.facts ?? {}, role: actor.role, agencyType: actor.agencyType, side: actor.side });
    if (!verdict.ok) {
      return fail('PROCESS_GUARD_FAILED', guard.zh, guard.en, {
        process: def.code,
        action,
        guard: guard.code,
        articles: guard.articles,
        ...(verdict.details ?? {}),
      });
    }
  }

  // --- the transition fires ---
  const to = transition.to;
  const counters: Record<string, number> = { ...instance.counters };
  for (const [k, inc] of Object.entries(transition.counters ?? {})) counters[k] = (counters[k] ?? 0) + inc;

  const data: Record<string, unknown> = { ...instance.data };
  for (const f of transition.input ?? [])
    if (f.persist && parsed.value[f.name] !== undefined) data[f.name] = parsed.value[f.name];

  const start = (transition.timers?.start ?? []).filter((id) => timerApplies(def, id, parsed.value, data)).map((id) => resolveTimer(def, id, parsed.value, data, command.facts));
  const restart = (transition.timers?.restart ?? []).map((id) => resolveTimer(def, id, parsed.value, data, command.facts));
  const extend = (transition.timers?.extend ?? []).flatMap((id) => {
    const by = def.timers[id]?.extendBy;
    const raw = by ? parsed.value[by.field] : undefined;
    const amount = by?.amounts && typeof raw === 'string' ? by.amounts[raw] : raw;
    return by && typeof amount === 'number' && amount > 0 ? [{ id, amount, unit: by.unit }] : [];
  });
  const retrack = (transition.timers?.retrack ?? []).map((id) => resolveTimer(def, id, parsed.value, data, command.facts));
  // Reaching a terminal state ends every clock of the instance (validateDefinition forbids
  // starting one on the way in), so the caller never leaks a running timer.
  const stop = isTerminal(def, to) ? Object.keys(def.timers) : [...(transition.timers?.stop ?? [])];

  const optional = (transition.documents?.optional ?? []).filter((d) => attached.has(d));
  const documentsProduced = [...new Set([...(transition.documents?.produces ?? []), ...optional])];

  return {
    ok: true,
    from: instance.state,
    to,
    version: instance.version + 1,
    counters,
    data,
    event: {
      process: def.code,
      action,
      from: instance.state,
      to,
      actor: actorDetails,
      at: now.toISOString(),
      input: parsed.value,
      documentsProduced,
      notify: transition.notify,
      flowsBack: transition.flowsBack === true,
      articles: transition.articles ?? [],
    },
    timers: {
      start, stop, restart,
      ...(extend.length ? { extend } : {}),
      ...(retrack.length ? { retrack } : {}),
    },
  };
}

/** The process the platform opens when `t` fires with the instance's next `data`, if any (P3 生效 → P5). */
export function followUpProcess(t: TTransition, data: Readonly<Record<string, unknown>>): string | null {
  if (!t.startsProcess) return null;
  const unless = t.startsProcessUnless;
  if (unless && unless.values.includes(String(data[unless.field]))) return null;
  return t.startsProcess;
}

/** The instance after a successful `applyAction` (for tests and in-memory callers). */
export function nextInstance(instance: TProcessInstance, ok: TApplyOk): TProcessInstance {
  return { code: instance.code, state: ok.to, version: ok.version, counters: ok.counters, data: ok.data };
}

// --- timers ----------------------------------------------------------------------------------

/** `onlyWhen`: a period the law sets for one kind of case only (社区矫正法 20: a sentence executed in the community). */
function timerApplies(def: TDef, id: string, input: Readonly<Record<string, unknown>>, data: Readonly<Record<string, unknown>>): boolean {
  const when = def.timers[id]?.onlyWhen;
  if (!when) return true;
  const v = input[when.field] ?? data[when.field];
  return typeof v === 'string' && when.values.includes(v);
}

function resolveTimer(
  def: TDef,
  id: string,
  input: Readonly<Record<string, unknown>>,
  data: Readonly<Record<string, unknown>>,
  facts: TPlatformFacts = {},
): TTimerEffect {
  const spec = def.timers[id];
  if (!spec) throw new Error(`process ${def.code}: unknown timer ${id} (run validateDefinition)`);
  const key = spec.variantBy ? (input[spec.variantBy] ?? data[spec.variantBy]) : undefined;
  const variantName = typeof key === 'string' || typeof key === 'number' ? String(key) : null;
  const variant = variantName !== null ? spec.variants?.[variantName] : undefined;
  const fromInput = spec.amountFrom ? (input[spec.amountFrom] ?? data[spec.amountFrom]) : undefined;
  const src = variant ?? spec;
  return {
    id,
    zh: variant ? `${spec.zh}（${variant.zh}）` : spec.zh,
    en: variant ? `${spec.en} (${variant.en})` : spec.en,
    variant: variant ? variantName : null,
    // A variant fixed by law beats the period stated in the document (over-detention: 3 days).
    amount: !variant && typeof fromInput === 'number' ? fromInput : src.amount,
    unit: src.unit,
    plus: src.plus ?? null,
    // 'person': held now → custody (CPL 105 ¶2); the server re-reads it after the step's own measure
    inCustody: spec.inCustody === 'person' ? facts.personHeld === true : spec.inCustody,
    custodyFromPerson: spec.inCustody === 'person',
    warnDays: spec.warnDays,
    articles: variant?.articles ?? spec.articles,
    basis: src.basis ?? null,
    deadlineId: src.deadlineId ?? null,
    startOn: spec.startFrom ? dateOrNull(input[spec.startFrom] ?? data[spec.startFrom]) : null,
    startTime: spec.startFrom ? timeOrNull(input[spec.startFrom] ?? data[spec.startFrom]) : null,
  };
}

/** 'YYYY-MM-DD' or the Beijing day of 'YYYY-MM-DDTHH:mm' (a fact date-time is Beijing wall time). */
function dateOrNull(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const day = DATETIME_RE.test(v) ? v.slice(0, 10) : v;
  return isCivilDate(day) ? day : null;
}

function timeOrNull(v: unknown): string | null {
  return typeof v === 'string' && DATETIME_RE.test(v) && isCivilDate(v.slice(0, 10)) ? v.slice(11, 16) : null;
}

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

// --- input -----------------------------------------------------------------------------------

export type TInputError = {
  readonly field: string;
  readonly problem: 'required' | 'type' | 'enum' | 'range' | 'format' | 'unknown';
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isCivilDate(v: string): boolean {
  if (!DATE_RE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Strict: unknown fields are refused, blank text counts as missing. */
export function validateInput(
  fields: readonly TInputField[],
  input: Readonly<Record<string, unknown>>,
): { value: Record<string, unknown>; errors: TInputError[] } {
  const errors: TInputError[] = [];
  const value: Record<string, unknown> = {};
  const known = new Set(fields.map((f) => f.name));
  for (const k of Object.keys(input)) if (!known.has(k)) errors.push({ field: k, problem: 'unknown' });
  for (const f of fields) {
    let v = input[f.name];
    if (typeof v === 'string' && f.type === 'text') v = v.trim();
    if (v === undefined || v === null || v === '') {
      if (f.required) errors.push({ field: f.name, problem: 'required' });
      continue;
    }
    switch (f.type) {
      case 'text':
        if (typeof v !== 'string') errors.push({ field: f.name, problem: 'type' });
        else if (v.length > (f.maxLength ?? 5000)) errors.push({ field: f.name, problem: 'range' });
        else value[f.name] = v;
        break;
      case 'enum':
        if (typeof v !== 'string') errors.push({ field: f.name, problem: 'type' });
        else if (!f.values || !Object.hasOwn(f.values, v)) errors.push({ field: f.name, problem: 'enum' });
        else value[f.name] = v;
        break;
      case 'date':
        if (typeof v !== 'string') errors.push({ field: f.name, problem: 'type' });
        else if (!isCivilDate(v)) errors.push({ field: f.name, problem: 'format' });
        else value[f.name] = v;
        break;
      case 'integer':
        if (typeof v !== 'number' || !Number.isInteger(v)) errors.push({ field: f.name, problem: 'type' });
        else if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max))
          errors.push({ field: f.name, problem: 'range' });
        else value[f.name] = v;
        break;
      case 'boolean':
        if (typeof v !== 'boolean') errors.push({ field: f.name, problem: 'type' });
        else value[f.name] = v;
        break;
    }
  }
  return { value, errors };
}

// --- definition checks -----------------------------------------------------------------------

const ASCII_CODE = /^[a-z][a-z0-9_]*$/;

/**
 * Structural checks every definition must pass (run over all of them in the tests):
 * states referenced exist; every state reachable from the initial one and able to reach a
 * terminal one; no transition leaves a terminal state; actions unique per from-state; actors,
 * documents, timers, counters and inputs referenced exist and are consistent.
 */
export function validateDefinition(def: TDef): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const p = (m: string) => problems.push(`${def.code}: ${m}`);
  const states = Object.keys(def.states);
  const timers = Object.keys(def.timers);
  const has = (s: string) => Object.hasOwn(def.states, s);
  const parties: Record<TProcessSide, TDef['initiator'] | undefined> = {
    initiator: def.initiator,
    receiver: def.receiver,
    superior: def.superior,
  };

  if (!ASCII_CODE.test(def.code)) p(`code "${def.code}" is not lower-case ascii`);
  if (!has(def.initialState)) p(`initialState ${def.initialState} is not a state`);
  if (isTerminal(def, def.initialState)) p('initialState is terminal');
  if (!states.some((s) => isTerminal(def, s))) p('no terminal state');
  for (const id of def.initialTimers ?? []) if (!timers.includes(id)) p(`initialTimers: unknown timer ${id}`);
  for (const [side, party] of Object.entries(parties)) {
    if (!party) continue;
    if (party.agencyTypes.length === 0) p(`${side} has no agency types`);
    for (const a of party.agencyTypes) if (!Object.hasOwn(AGENCY_TYPES, a)) p(`${side}: unknown agency type ${a}`);
  }

  const inputFields = new Map<string, TInputField>();
  const seen = new Map<string, Set<string>>();
  def.transitions.forEach((t, i) => {
    const where = `transition #${i} ${t.action}`;
    if (!ASCII_CODE.test(t.action)) p(`${where}: action is not lower-case ascii`);
    if (t.handOver) {
      const f = (t.input ?? []).find((x) => x.name === t.handOver!.inputField);
      if (!f || !f.required || f.type !== 'text') p(`${where}: handOver input field ${t.handOver.inputField} must be a required text field`);
      for (const a of t.handOver.agencyTypes) if (!def.receiver.agencyTypes.includes(a)) p(`${where}: handOver to ${a}, which is no receiver type`);
    }
    if (t.from.length === 0) p(`${where}: empty from`);
    for (const f of t.from) {
      if (!has(f)) p(`${where}: unknown from-state ${f}`);
      if (isTerminal(def, f)) p(`${where}: leaves terminal state ${f}`);
      const set = seen.get(f) ?? new Set<string>();
      if (set.has(t.action)) p(`${where}: action duplicated from state ${f}`);
      set.add(t.action);
      seen.set(f, set);
    }
    if (!has(t.to)) p(`${where}: unknown to-state ${t.to}`);
    const sides = actorSides(t.actor);
    if (sides.length === 0) p(`${where}: no actor side`);
    if (t.actor.agencyTypes.length === 0) p(`${where}: no actor agency type`);
    if (t.actor.roles.length === 0) p(`${where}: no actor role`);
    for (const r of t.actor.roles) if (!Object.hasOwn(ROLES, r)) p(`${where}: unknown role ${r}`);
    for (const a of t.actor.agencyTypes) {
      if (!Object.hasOwn(AGENCY_TYPES, a)) p(`${where}: unknown agency type ${a}`);
      if (!sides.some((s) => parties[s]?.agencyTypes.includes(a)))
        p(`${where}: agency type ${a} is on none of the sides ${sides.join('/')}`);
    }
    for (const s of sides) if (!parties[s]) p(`${where}: side ${s} but the process declares no ${s}`);
    if ((t.notify === 'superior' || t.notify === 'all') && !def.superior)
      p(`${where}: notifies the superior but none is declared`);
    for (const d of [
      ...(t.documents?.required ?? []),
      ...(t.documents?.produces ?? []),
      ...(t.documents?.optional ?? []),
    ]) {
      if (!Object.hasOwn(DOCUMENT_TYPES, d)) p(`${where}: unknown document ${d}`);
    }
    const timerRefs = [...(t.timers?.start ?? []), ...(t.timers?.stop ?? []), ...(t.timers?.restart ?? [])];
    for (const id of timerRefs) if (!timers.includes(id)) p(`${where}: unknown timer ${id}`);
    if (isTerminal(def, t.to) && ((t.timers?.start?.length ?? 0) > 0 || (t.timers?.restart?.length ?? 0) > 0)) {
      p(`${where}: starts a timer on entering terminal state ${t.to}`);
    }
    for (const [k, inc] of Object.entries(t.counters ?? {})) {
      if (!ASCII_CODE.test(k) && !/^[a-z][A-Za-z0-9]*$/.test(k)) p(`${where}: counter name ${k}`);
      if (!Number.isInteger(inc) || inc <= 0) p(`${where}: counter ${k} increment must be a positive integer`);
    }
    const names = new Set<string>();
    for (const f of t.input ?? []) {
      if (names.has(f.name)) p(`${where}: input field ${f.name} twice`);
      names.add(f.name);
      if (f.type === 'enum' && Object.keys(f.values ?? {}).length === 0)
        p(`${where}: enum field ${f.name} has no values`);
      const prev = inputFields.get(f.name);
      if (prev && prev.type !== f.type)
        p(`${where}: input field ${f.name} has type ${f.type} here and ${prev.type} elsewhere`);
      inputFields.set(f.name, f);
    }
    for (const g of t.guards ?? []) if (!ASCII_CODE.test(g.code)) p(`${where}: guard code ${g.code}`);
  });

  for (const [id, spec] of Object.entries(def.timers)) {
    // 0 days = 立即 (CPL 91 ¶3, 202 ¶2): due the day of the event
    const immediate = spec.amount === 0 && spec.unit === 'day';
    if (!immediate && (!Number.isInteger(spec.amount) || spec.amount <= 0)) p(`timer ${id}: amount must be a positive integer`);
    if (spec.articles.length === 0) p(`timer ${id}: no statute article`);
    if (spec.variantBy && !inputFields.has(spec.variantBy))
      p(`timer ${id}: variantBy ${spec.variantBy} is no input field`);
    if (spec.variants && !spec.variantBy) p(`timer ${id}: variants without variantBy`);
    // a date, or a text field carrying a Beijing date-time (拘留时间 'YYYY-MM-DDTHH:mm')
    const from = spec.startFrom ? inputFields.get(spec.startFrom)?.type : undefined;
    if (spec.startFrom && from !== 'date' && from !== 'text')
      p(`timer ${id}: startFrom ${spec.startFrom} is no date input`);
    const byType = spec.extendBy ? inputFields.get(spec.extendBy.field)?.type : undefined;
    if (spec.extendBy && byType !== 'integer' && !(byType === 'enum' && spec.extendBy.amounts))
      p(`timer ${id}: extendBy ${spec.extendBy.field} is no integer input (or enum with amounts)`);
    if (spec.amountFrom && inputFields.get(spec.amountFrom)?.type !== 'integer')
      p(`timer ${id}: amountFrom ${spec.amountFrom} is no integer input`);
    const started =
      (def.initialTimers ?? []).includes(id) ||
      def.transitions.some((t) => t.timers?.start?.includes(id) || t.timers?.restart?.includes(id));
    if (!started) p(`timer ${id}: never started`);
  }
  if (def.superior?.levelByData && !inputFields.get(def.superior.levelByData.field)?.persist) {
    p(`superior.levelByData.field ${def.superior.levelByData.field} is not a persisted input field`);
  }

  // Reachability from the initial state, and every state can still reach a terminal one.
  const forward = reach(
    def,
    [def.initialState],
    (t) => [t.to],
    (t) => t.from,
  );
  for (const s of states) if (!forward.has(s)) p(`state ${s} unreachable from ${def.initialState}`);
  const terminals = states.filter((s) => isTerminal(def, s));
  const backward = reach(
    def,
    terminals,
    (t) => t.from,
    (t) => [t.to],
  );
  for (const s of states) if (!backward.has(s)) p(`state ${s} cannot reach a terminal state`);

  return { ok: problems.length === 0, problems };
}

function reach(
  def: TDef,
  seeds: readonly string[],
  next: (t: TTransition) => readonly string[],
  via: (t: TTransition) => readonly string[],
): Set<string> {
  const seen = new Set<string>(seeds);
  const queue = [...seeds];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const t of def.transitions) {
      if (!via(t).includes(s)) continue;
      for (const n of next(t)) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
  }
  return seen;
}
