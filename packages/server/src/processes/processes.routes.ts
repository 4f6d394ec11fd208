import { isLawyer } from '../defence/lawyer-client';
import { processApi as api } from '@xietong/core/api';
import { catalogue, formatRef } from '@xietong/core/processes';
import type { FastifyInstance } from 'fastify';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import { idempotencyOf, withIdempotency } from '../http/idempotency';
import { route } from '../http/route';
import { issueDepsFor } from '../documents/issue-legal-document';
import { actOnProcess } from './act';
import { flowStats } from './flow-stats';
import { loadInbox } from './inbox';
import { startProcess } from './start-process';
import { loadEvents, loadInstanceViews } from './view';

export function processRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  const issue = issueDepsFor(app.deps.config.dataDir);
  const items = catalogue().map((p) => ({
    code: p.code, ref: p.ref, name: p.name.zh, nameEn: p.name.en, articles: p.articles.map(formatRef),
    initiatorAgencyTypes: [...p.initiatorAgencyTypes], receiverAgencyTypes: [...p.receiverAgencyTypes],
    states: p.states.map((s) => ({ code: s.code, zh: s.zh, en: s.en, terminal: s.terminal, kind: s.kind })),
    initialState: p.initialState,
    transitions: p.transitions.map((t) => ({
      from: [...t.from], to: t.to, action: t.action, label: t.label, actorSides: [...t.actorSides],
      actorAgencyTypes: [...t.actorAgencyTypes], roles: [...t.roles], articles: t.articles.map(formatRef),
    })),
    timers: p.timers.map((t) => ({ id: t.id, zh: t.zh, en: t.en, amount: t.amount, unit: t.unit, inCustody: t.inCustody, articles: t.articles.map(formatRef) })),
  }));
  route(app, api.catalogue, async () => ({ items }));

  route(app, api.startProcess, async ({ params, body }, ctx, req) => {
    const idem = idempotencyOf(ctx.actor.userId, req.headers['idempotency-key'], { url: req.url, body });
    return withIdempotency(() => startProcess(db, ctx, params.id, body, idem));
  });

  route(app, api.act, async ({ params, body }, ctx, req) => {
    const idem = idempotencyOf(ctx.actor.userId, req.headers['idempotency-key'], { url: req.url, body });
    return withIdempotency(() => actOnProcess(db, ctx, params.id, body, issue, idem));
  });

  route(app, api.getInstance, async ({ params }, ctx) => {
    const head = await db.selectFrom('process_instances').select('case_id').where('id', '=', params.id).executeTakeFirst();
    if (!head) throw new AppError('NOT_FOUND');
    await assertCaseReadable(db, ctx, head.case_id, 'process.read');
    // 辩护人: only the 会见 bookings they made; the case's other flows concern co-suspects too
    if (isLawyer(ctx) && !(await db.selectFrom('defence_meetings').select('instance_id').where('instance_id', '=', params.id).where('lawyer_id', '=', ctx.actor.userId).executeTakeFirst())) {
      throw new AppError('NOT_FOUND');
    }
    const [view] = await loadInstanceViews(db, [params.id], ctx.actor);
    await writeAudit(db, ctx, { action: 'process.read', targetType: 'process_instance', targetId: params.id, caseId: head.case_id });
    return view!;
  });

  route(app, api.listCaseProcesses, async ({ params }, ctx) => {
    await assertCaseReadable(db, ctx, params.id, 'process.read');
    const ids = isLawyer(ctx) ? [] : await db.selectFrom('process_instances').select('id').where('case_id', '=', params.id).orderBy('created_at').execute();
    await writeAudit(db, ctx, { action: 'process.read', targetType: 'case', targetId: params.id, caseId: params.id });
    return { items: await loadInstanceViews(db, ids.map((r) => r.id), ctx.actor) };
  });

  route(app, api.timeline, async ({ params }, ctx) => {
    await assertCaseReadable(db, ctx, params.id, 'case.read');
    await writeAudit(db, ctx, { action: 'case.read', targetType: 'timeline', targetId: params.id, caseId: params.id });
    // 辩护人: the flows' events name co-suspects and internal steps; the lawyer's view has none
    return { items: isLawyer(ctx) ? [] : await loadEvents(db, { caseId: params.id }) };
  });

  route(app, api.inbox, async ({ query }, ctx) => loadInbox(db, ctx.actor, query));
  // the statistics read from the replica when there is one (a few hundred ms of replay lag is fine for them)
  route(app, api.flowStats, async ({ query }, ctx) => flowStats(app.deps.replica?.db ?? db, ctx.actor, query));
}
