/**
 * 全程监督: whose statutory periods a supervisor watches, and in which order (issue 14).
 *
 * Jurisdiction (decided here, documented in README.md):
 * - a 政法委 supervisor watches every agency of its region: a city 政法委 the city (four-digit
 *   region prefix), a district 政法委 its district (six digits) — the agencies it 督促、检查;
 * - a procuratorate supervisor watches the same region at its own level: the procuratorate's 法律监督
 *   covers the police, courts, 看守所 and execution organs there (CPL 8), whether or not the
 *   procuratorate is itself a party to the case, and its own agency;
 * - nobody else: other roles get 403 (FORBIDDEN) from the list and the 督办.
 * The same prefix is what `caseScope` grants a supervisor to read, so a drill-down to the case opens.
 */
import type { TActor } from '../access';
import { hasRole, jurisdictionPrefix } from '../access';
import type { TAgencyType } from '../agencies';
import type { TDeadlineStatus } from '../deadlines';

export type TSupervisionReach =
  | { kind: 'none' }
  | { kind: 'region'; regionPrefix: string; agencyId: string; as: 'plc' | 'procuratorate' };

/** The supervising agency types and what they are called. */
export const SUPERVISING_AGENCY_TYPES = ['plc', 'procuratorate'] as const satisfies readonly TAgencyType[];

export function supervisionReach(actor: Pick<TActor, 'roles' | 'agencyType' | 'agencyLevel' | 'regionCode' | 'agencyId'>): TSupervisionReach {
  if (!hasRole(actor, 'supervisor')) return { kind: 'none' };
  if (actor.agencyType !== 'plc' && actor.agencyType !== 'procuratorate') return { kind: 'none' };
  return { kind: 'region', regionPrefix: jurisdictionPrefix(actor.agencyLevel, actor.regionCode), agencyId: actor.agencyId, as: actor.agencyType };
}

/** Whether an agency's periods are watched by this reach (the row predicate the SQL agrees with). */
export function agencyWatched(reach: TSupervisionReach, agency: { id: string; regionCode: string }): boolean {
  if (reach.kind === 'none') return false;
  return agency.id === reach.agencyId || agency.regionCode.startsWith(reach.regionPrefix);
}

/**
 * A deadline is watched when any agency responsible for it (a process's initiator, receiver or
 * superior; the agencies party to a held person's case) is watched.
 */
export function deadlineWatched(reach: TSupervisionReach, agencies: readonly { id: string; regionCode: string }[]): boolean {
  return agencies.some((a) => agencyWatched(reach, a));
}

// ── the list's order and filters ─────────────────────────────────────────────────────────────

/** 羁押 first (a person's liberty), then every other period; each group in due order. */
export type TDeadlineKind = 'custody' | 'process';
export const KIND_RANK: Record<TDeadlineKind, number> = { custody: 0, process: 1 };

export type TSupervisionFilter = 'all' | 'dueSoon' | 'overdue';

/** Whether a deadline in `status` shows under `filter` (临期 includes the last day itself). */
export function statusMatches(filter: TSupervisionFilter, status: TDeadlineStatus): boolean {
  if (filter === 'all') return true;
  if (filter === 'overdue') return status === 'overdue';
  return status === 'dueSoon' || status === 'dueToday';
}

/** A 督办 may be sent over a period that has run out (超期); not over one still in time. */
export function mayRaiseNotice(status: TDeadlineStatus): boolean {
  return status === 'overdue';
}

/** Keyset cursor of the list: (kind rank, due, id) of the last row shown. */
export type TSupervisionCursor = { rank: number; due: string; id: string };

export function encodeCursor(c: TSupervisionCursor): string {
  return `${c.rank}_${c.due}_${c.id}`;
}

export function decodeCursor(s: string): TSupervisionCursor | null {
  const m = /^([01])_(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/i.exec(s);
  return m ? { rank: Number(m[1]), due: m[2]!, id: m[3]!.toLowerCase() } : null;
}

/** Order of two list rows (the SQL orders the same way; the test compares). */
export function compareRows(a: TSupervisionCursor, b: TSupervisionCursor): number {
  return a.rank - b.rank || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Rows strictly after the cursor. */
export function afterCursor(row: TSupervisionCursor, cursor: TSupervisionCursor | null): boolean {
  return cursor === null || compareRows(row, cursor) > 0;
}
