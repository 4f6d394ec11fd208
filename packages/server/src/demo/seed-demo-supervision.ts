/**
 * Demo 全程监督 (issue 14): the Changchun 政法委 supervisor (`cc-plc-supervisor`) has already sent
 * one 督办 over the earliest overdue custody period of the city, through the real action (audit,
 * ledger, the police's 待办 and 站内信), so the demo shows a notice waiting for its answer beside
 * the running, 临期 and 超期 periods the demo cases leave. Idempotent: once a 督办 exists, nothing.
 */
import { supervisionReach } from '@xietong/core/supervision';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { loadMe } from '../auth/load-me';
import { todayInShanghai } from '../cases/get-case';
import { sendSupervisionNotice } from '../supervision/send-supervision-notice';
import { watchedAgencies } from '../supervision/list-supervised-deadlines';
import { demoUsername } from './demo-agencies';

export async function seedDemoSupervision(db: TDb, log: (m: string) => void = () => {}): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('username', '=', demoUsername('cc-plc', 'supervisor')).executeTakeFirst();
  if (!user) return;
  const sent = await db.selectFrom('process_instances').select('id').where('code', '=', 'supervision_notice').executeTakeFirst();
  if (sent) return;
  const { actor } = await loadMe(db, user.id);
  const reach = supervisionReach(actor);
  if (reach.kind === 'none') return;
  const ids = (await watchedAgencies(db, reach)).map((a) => a.id);
  const { rows: [overdue] } = await sql<{ id: string }>`SELECT t.id FROM person_custody_timers t
    WHERE t.status = 'running' AND t.in_custody AND t.paused_on IS NULL AND t.due < ${todayInShanghai()}::date
      AND EXISTS (SELECT 1 FROM case_parties cp WHERE cp.case_id = t.case_id AND cp.agency_id = ANY(${ids}::uuid[]))
    ORDER BY t.due, t.id LIMIT 1`.execute(db);
  if (!overdue) return;
  await sendSupervisionNotice(db, { actor, ip: null, userAgent: 'xietong seed-demo' }, {
    deadline: { kind: 'custody', id: overdue.id },
    reason: '该犯罪嫌疑人羁押期限已届满，请立即依法处理（变更强制措施或依法办理延长手续），并书面回复超期原因及整改情况。（演示数据）',
  });
  log('demo: 1 督办 sent by cc-plc-supervisor');
}
