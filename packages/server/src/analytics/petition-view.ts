/** The petition as the API shows it, and the list predicate of core's petition scope. */
import type { TActor } from '@xietong/core';
import { petitionScope } from '@xietong/core/analytics';
import type { ZPetition } from '@xietong/core/api';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { TDb, TTx } from '../db/database';

export type TPetitionView = z.output<typeof ZPetition>;

/** Over `petitions as p` joined with `agencies as ha` (the handling agency). */
export function petitionScopeWhere(actor: TActor): RawBuilder<boolean> {
  const s = petitionScope(actor);
  if (s.kind === 'none') return sql<boolean>`false`;
  if (s.kind === 'region') return sql<boolean>`ha.region_code LIKE ${s.prefix + '%'}`;
  return sql<boolean>`p.handling_agency_id = ${s.agencyId}`;
}

export function petitionRows(db: TDb | TTx) {
  return db.selectFrom('petitions as p')
    .innerJoin('agencies as ha', 'ha.id', 'p.handling_agency_id')
    .leftJoin('cases as c', 'c.id', 'p.case_id')
    .select(['p.id', 'p.petitioner', 'p.received_on', 'p.channel', 'p.subject', 'p.summary', 'p.case_id', 'c.title as case_title', 'p.charge_code',
      'p.status', 'p.handling_agency_id', 'ha.name as handling_agency_name', 'ha.region_code as handling_region', 'p.version', 'p.created_at']);
}

type TRow = Awaited<ReturnType<ReturnType<typeof petitionRows>['executeTakeFirstOrThrow']>>;

export function petitionView(r: TRow): TPetitionView {
  return {
    id: r.id, petitioner: r.petitioner, receivedOn: r.received_on, channel: r.channel as never, subject: r.subject as never, summary: r.summary,
    caseId: r.case_id, caseTitle: r.case_title, chargeCode: r.charge_code,
    chargeName: r.charge_code ? (getCharge(r.charge_code as TChargeCode)?.zh ?? r.charge_code) : null,
    status: r.status as never, handlingAgencyId: r.handling_agency_id, handlingAgencyName: r.handling_agency_name, version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}
