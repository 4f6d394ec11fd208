/**
 * Views generated from the definitions: the public catalogue (GET /api/processes), a Mermaid
 * state diagram per process, and the process × action × agency type × role access matrix.
 * All plain data, JSON-serialisable, so the docs and the API cannot drift from the engine.
 */
import type { TAgencyType, TRole } from '../agencies';
import {
  actorSides,
  type TFactBasis,
  type TInputFieldType,
  type TNotify,
  type TProcessDefinition,
  type TProcessSide,
  type TStateKind,
  type TStatuteRef,
  type TTimeUnit,
  type TDuration,
} from './definition';
import type { TDocumentType } from './documents';
import { PROCESS_DEFINITIONS } from './registry';

type TDef = TProcessDefinition<string, string>;

export type TCatalogueProcess = {
  code: string;
  ref: string;
  name: { zh: string; en: string };
  articles: readonly TStatuteRef[];
  initiatorAgencyTypes: readonly TAgencyType[];
  receiverAgencyTypes: readonly TAgencyType[];
  superiorAgencyTypes: readonly TAgencyType[] | null;
  initialState: string;
  states: { code: string; zh: string; en: string; terminal: boolean; kind: TStateKind | null }[];
  transitions: {
    action: string;
    from: readonly string[];
    to: string;
    label: { zh: string; en: string };
    actorSides: readonly TProcessSide[];
    actorAgencyTypes: readonly TAgencyType[];
    roles: readonly TRole[];
    documents: {
      required: readonly TDocumentType[];
      produces: readonly TDocumentType[];
      optional: readonly TDocumentType[];
    };
    input: {
      name: string;
      type: TInputFieldType;
      required: boolean;
      zh: string;
      en: string;
      values: string[] | null;
    }[];
    guards: { code: string; zh: string; en: string; articles: readonly TStatuteRef[] }[];
    timers: { start: readonly string[]; stop: readonly string[]; restart: readonly string[] };
    notify: TNotify;
    flowsBack: boolean;
    articles: readonly TStatuteRef[];
    basis: TFactBasis | null;
  }[];
  timers: {
    id: string;
    zh: string;
    en: string;
    amount: number;
    unit: TTimeUnit;
    plus: TDuration | null;
    /** May run as a custody period (always, or while a person is held: `custodyRule`). */
    inCustody: boolean;
    /** CPL 105 ¶2: 'person' = custody while a person of the case is held; 'always' / 'never' by law. */
    custodyRule: 'person' | 'always' | 'never';
    articles: readonly TStatuteRef[];
    basis: TFactBasis | null;
    variants: {
      key: string;
      zh: string;
      en: string;
      amount: number;
      unit: TTimeUnit;
      plus: TDuration | null;
      basis: TFactBasis | null;
    }[];
    warnDays: number;
  }[];
};

export function describeProcess(def: TDef): TCatalogueProcess {
  return {
    code: def.code,
    ref: def.ref,
    name: { zh: def.name.zh, en: def.name.en },
    articles: def.articles,
    initiatorAgencyTypes: def.initiator.agencyTypes,
    receiverAgencyTypes: def.receiver.agencyTypes,
    superiorAgencyTypes: def.superior?.agencyTypes ?? null,
    initialState: def.initialState,
    states: Object.entries(def.states).map(([code, s]) => ({
      code,
      zh: s.zh,
      en: s.en,
      terminal: s.terminal === true,
      kind: s.kind ?? null,
    })),
    transitions: def.transitions.map((t) => ({
      action: t.action,
      from: t.from,
      to: t.to,
      label: { zh: t.label.zh, en: t.label.en },
      actorSides: actorSides(t.actor),
      actorAgencyTypes: t.actor.agencyTypes,
      roles: t.actor.roles,
      documents: {
        required: t.documents?.required ?? [],
        produces: t.documents?.produces ?? [],
        optional: t.documents?.optional ?? [],
      },
      input: (t.input ?? []).map((f) => ({
        name: f.name,
        type: f.type,
        required: f.required,
        zh: f.zh,
        en: f.en,
        values: f.values ? Object.keys(f.values) : null,
      })),
      guards: (t.guards ?? []).map((g) => ({ code: g.code, zh: g.zh, en: g.en, articles: g.articles })),
      timers: { start: t.timers?.start ?? [], stop: t.timers?.stop ?? [], restart: t.timers?.restart ?? [] },
      notify: t.notify,
      flowsBack: t.flowsBack === true,
      articles: t.articles ?? [],
      basis: t.basis ?? null,
    })),
    timers: Object.entries(def.timers).map(([id, s]) => ({
      id,
      zh: s.zh,
      en: s.en,
      amount: s.amount,
      unit: s.unit,
      plus: s.plus ?? null,
      inCustody: s.inCustody !== false,
      custodyRule: s.inCustody === 'person' ? 'person' : s.inCustody ? 'always' : 'never',
      articles: s.articles,
      basis: s.basis ?? null,
      variants: Object.entries(s.variants ?? {}).map(([key, v]) => ({
        key,
        zh: v.zh,
        en: v.en,
        amount: v.amount,
        unit: v.unit,
        plus: v.plus ?? null,
        basis: v.basis ?? null,
      })),
      warnDays: s.warnDays,
    })),
  };
}

/** The public catalogue for GET /api/processes. */
export function catalogue(defs: readonly TDef[] = PROCESS_DEFINITIONS): TCatalogueProcess[] {
  return defs.map(describeProcess);
}

/** A Mermaid `stateDiagram-v2` of one process (edge label: action; state label: zh name). */
export function toMermaid(def: TDef): string {
  const lines = ['stateDiagram-v2'];
  for (const [code, s] of Object.entries(def.states)) lines.push(`  ${code} : ${s.zh}`);
  lines.push(`  [*] --> ${def.initialState}`);
  for (const t of def.transitions) for (const f of t.from) lines.push(`  ${f} --> ${t.to} : ${t.action}`);
  for (const [code, s] of Object.entries(def.states)) if (s.terminal) lines.push(`  ${code} --> [*]`);
  return `${lines.join('\n')}\n`;
}

export type TAccessRow = {
  process: string;
  action: string;
  from: readonly string[];
  to: string;
  side: TProcessSide;
  agencyType: TAgencyType;
  role: TRole;
};

/** One row per process × action × side × agency type × role that may fire it. */
export function accessMatrix(defs: readonly TDef[] = PROCESS_DEFINITIONS): TAccessRow[] {
  const rows: TAccessRow[] = [];
  for (const def of defs) {
    for (const t of def.transitions) {
      for (const side of actorSides(t.actor)) {
        for (const agencyType of t.actor.agencyTypes) {
          for (const role of t.actor.roles)
            rows.push({ process: def.code, action: t.action, from: t.from, to: t.to, side, agencyType, role });
        }
      }
    }
  }
  return rows;
}

/** The access matrix as a Markdown table (one line per process × action), for README / docs. */
export function accessMatrixMarkdown(defs: readonly TDef[] = PROCESS_DEFINITIONS): string {
  const out = ['| process | action | from → to | side | agency types | roles |', '|---|---|---|---|---|---|'];
  for (const def of defs) {
    for (const t of def.transitions) {
      out.push(
        `| ${def.code} | ${t.action} | ${t.from.join(', ')} → ${t.to} | ${actorSides(t.actor).join(', ')} | ${t.actor.agencyTypes.join(', ')} | ${t.actor.roles.join(', ')} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
