/**
 * Synthetic province-scale data for the read benchmarks (issue 13): N cases, each with its
 * parties, a person, a charge, an arrest instance (P1), its events, a statutory timer and
 * inbox items — written by a few INSERT … SELECT generate_series statements in one
 * transaction, not through HTTP (200k cases load in about a minute on this machine).
 *
 * The province: `pairs` (default 60) synthetic district police/procuratorate pairs of 吉林省
 * beside the demo agencies, so ~120 agencies share the load; 长春市公安局朝阳分局 →
 * 长春市朝阳区人民检察院 (the demo accounts) carry a large district's share, 2% of the cases.
 * Cases are registered over the last five years; the flows of the last 60 days still run for
 * two in three cases (a running timer due between 10 days ago and 50 days ahead, an open 待办),
 * everything older is decided and executed with its timer stopped: at 1M cases ~22k flows run
 * province-wide and the demo procuratorate's 待办 holds a few hundred items, as a real one would.
 */
import pg from 'pg';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '建国', '志强', '海燕'];
const CHARGES: [string, string][] = [['theft', '盗窃罪'], ['fraud', '诈骗罪'], ['intentional_injury', '故意伤害罪'], ['dangerous_driving', '危险驾驶罪'], ['picking_quarrels', '寻衅滋事罪']];

export async function loadSynthetic(url: string, cases: number, pairs = 60): Promise<{ seconds: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL synchronous_commit = off`);
    await c.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    // row triggers (foreign keys, the 0016 rollups) off for the bulk insert; the rollups are
    // rebuilt once at the end by the same functions the migration uses
    await c.query(`SET LOCAL session_replication_role = replica`);
    // the case-search index is built once after the load (faster than row by row)
    const searchIndexes = (await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'case_search' AND indexdef LIKE '% USING gin %'`)).rows;
    for (const ix of searchIndexes) await c.query(`DROP INDEX ${ix.indexname}`);
    const demo = await c.query<{ police: string; proc: string; handler: string; approver: string; clerk: string; phandler: string }>(`
      SELECT (SELECT id FROM agencies WHERE name = '长春市公安局朝阳分局') AS police,
             (SELECT id FROM agencies WHERE name = '长春市朝阳区人民检察院') AS proc,
             (SELECT id FROM users WHERE username = 'cy-police-handler') AS handler,
             (SELECT id FROM users WHERE username = 'cy-police-approver') AS approver,
             (SELECT id FROM users WHERE username = 'cy-proc-clerk') AS clerk,
             (SELECT id FROM users WHERE username = 'cy-proc-handler') AS phandler`);
    const d = demo.rows[0]!;
    if (!d.police || !d.handler) throw new Error('seed the demo agencies first (seedDemo)');
    // synthetic agency pairs and one user per role that acts in the synthetic flows
    await c.query(`CREATE TEMP TABLE syn_pairs (k int PRIMARY KEY, police uuid, police_name text, proc uuid, proc_name text,
      handler uuid, approver uuid, clerk uuid, phandler uuid) ON COMMIT DROP`);
    await c.query(`INSERT INTO syn_pairs VALUES (0, $1, '长春市公安局朝阳分局', $2, '长春市朝阳区人民检察院', $3, $4, $5, $6)`,
      [d.police, d.proc, d.handler, d.approver, d.clerk, d.phandler]);
    await c.query(`
      WITH g AS (SELECT k, '22' || lpad((1000 + k)::text, 4, '0') AS region FROM generate_series(1, $1::int) k),
      pol AS (INSERT INTO agencies (type, level, region_code, name, short_name, unit_code)
              SELECT 'police', 'district', region, '合成公安分局' || k, '合公' || k, region || '000000' FROM g
              ON CONFLICT (name) DO UPDATE SET short_name = EXCLUDED.short_name RETURNING id, name),
      pro AS (INSERT INTO agencies (type, level, region_code, name, short_name, unit_code)
              SELECT 'procuratorate', 'district', region, '合成人民检察院' || k, '合检' || k, region FROM g
              ON CONFLICT (name) DO UPDATE SET short_name = EXCLUDED.short_name RETURNING id, name)
      INSERT INTO syn_pairs (k, police, police_name, proc, proc_name)
      SELECT g.k, pol.id, pol.name, pro.id, pro.name FROM g
        JOIN pol ON pol.name = '合成公安分局' || g.k JOIN pro ON pro.name = '合成人民检察院' || g.k`, [pairs]);
    for (const [col, agency, role] of [['handler', 'police', 'handler'], ['approver', 'police', 'approver'], ['clerk', 'proc', 'clerk'], ['phandler', 'proc', 'handler']] as const) {
      await c.query(`
        WITH u AS (INSERT INTO users (username, display_name, agency_id, roles, password_hash)
                   SELECT 'syn-' || k || '-' || '${col}', '合成用户' || k, ${agency}, ARRAY['${role}'], '!' FROM syn_pairs WHERE k > 0
                   ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id, username)
        UPDATE syn_pairs p SET ${col} = u.id FROM u WHERE u.username = 'syn-' || p.k || '-' || '${col}'`);
    }
    // one row per case: its pair, age, names, charge, whether the flow still runs
    await c.query(`CREATE TEMP TABLE syn ON COMMIT DROP AS
      SELECT g, gen_random_uuid() AS case_id, gen_random_uuid() AS inst_id,
             (CASE WHEN g % 50 = 0 THEN 0 ELSE 1 + (hashint4(g::int + 3)::bigint & 1048575) % $2::int END)::int AS k,
             created, person, charge_i,
             (created > now() - interval '60 days' AND g % 3 <> 0) AS running,
             (((g * 37) % 61) - 10)::int AS due_in
      FROM (SELECT g, now() - ((hashint4(g::int + 11)::bigint & 1048575) % 1826) * interval '1 day' - ((g * 104729) % 86400) * interval '1 second' AS created,
                   ($3::text[])[(1 + (hashint4(g::int)::bigint & 1048575) % 20)::int] || ($4::text[])[(1 + (hashint4(g::int + 7)::bigint & 1048575) % 20)::int] AS person,
                   (1 + (g * 13) % 5)::int AS charge_i
            FROM generate_series(1::bigint, $1::bigint) g) x`, [cases, pairs, SURNAMES, GIVEN]);
    await c.query(`ALTER TABLE syn ADD PRIMARY KEY (g)`);
    await c.query(`ALTER TABLE syn ADD COLUMN charge text, ADD COLUMN charge_zh text`);
    await c.query(`UPDATE syn SET charge = ($1::text[])[charge_i], charge_zh = ($2::text[])[charge_i]`, [CHARGES.map((x) => x[0]), CHARGES.map((x) => x[1])]);
    await c.query(`
      INSERT INTO cases (id, title, summary, region_code, created_by_agency, created_by, created_at, updated_at, occurred_at, stage, police_number, procuratorate_number, search_text)
      SELECT s.case_id, s.person || charge_zh || '案（合成' || s.g || '）', '', a.region_code, p.police, p.handler, s.created, s.created + interval '3 days', s.created - interval '1 day',
             CASE WHEN s.running THEN 'procuratorate.arrest_review' ELSE 'police.investigating' END,
             '合公刑立字〔' || extract(year FROM s.created)::int || '〕' || s.g || '号', CASE WHEN s.running THEN NULL ELSE '合检捕〔' || extract(year FROM s.created)::int || '〕' || s.g || '号' END,
             s.person || charge_zh || '案（合成' || s.g || '） 合公刑立字〔' || extract(year FROM s.created)::int || '〕' || s.g || '号 ' || s.person || ' 2201' || lpad(s.g::text, 14, '0') || ' ' || charge_zh
      FROM syn s JOIN syn_pairs p ON p.k = s.k JOIN agencies a ON a.id = p.police`);
    await c.query(`INSERT INTO case_parties (case_id, agency_id, joined_at)
      SELECT s.case_id, p.police, s.created FROM syn s JOIN syn_pairs p ON p.k = s.k
      UNION ALL SELECT s.case_id, p.proc, s.created + interval '1 day' FROM syn s JOIN syn_pairs p ON p.k = s.k`);
    await c.query(`INSERT INTO case_charges (case_id, charge_code, position) SELECT case_id, charge, 0 FROM syn`);
    await c.query(`INSERT INTO case_persons (case_id, position, name, resident_id, sex) SELECT case_id, 0, person, '2201' || lpad(g::text, 14, '0'), 'male' FROM syn`);
    await c.query(`
      INSERT INTO process_instances (id, case_id, code, state, version, initiator_agency_id, receiver_agency_id, started_by, terminal, created_at, updated_at)
      SELECT s.inst_id, s.case_id, 'arrest', CASE WHEN s.running THEN 'IN_REVIEW' ELSE 'EXECUTED' END, CASE WHEN s.running THEN 4 ELSE 6 END,
             p.police, p.proc, p.handler, NOT s.running, s.created, s.created + interval '3 days'
      FROM syn s JOIN syn_pairs p ON p.k = s.k`);
    // events: start, submit, accept, start_review (+ approve, execute_arrest when done)
    await c.query(`
      INSERT INTO process_events (instance_id, case_id, process, action, from_state, to_state, version, actor_user_id, actor_name, actor_agency_id, actor_agency_name, actor_role, actor_side, at)
      SELECT s.inst_id, s.case_id, 'arrest', e.action, e.from_state, e.to_state, e.v,
             CASE e.who WHEN 'handler' THEN p.handler WHEN 'approver' THEN p.approver WHEN 'clerk' THEN p.clerk ELSE p.phandler END,
             '合成用户', CASE WHEN e.side = 'initiator' THEN p.police ELSE p.proc END,
             CASE WHEN e.side = 'initiator' THEN p.police_name ELSE p.proc_name END, e.who, e.side, s.created + e.v * interval '10 hours'
      FROM syn s JOIN syn_pairs p ON p.k = s.k
      CROSS JOIN LATERAL (VALUES
        (1, 'start', 'DRAFT', 'DRAFT', 'handler', 'initiator'),
        (2, 'submit', 'DRAFT', 'SENT', 'approver', 'initiator'),
        (3, 'accept', 'SENT', 'ACCEPTED', 'clerk', 'receiver'),
        (4, 'start_review', 'ACCEPTED', 'IN_REVIEW', 'phandler', 'receiver'),
        (5, 'approve', 'IN_REVIEW', 'APPROVED', 'phandler', 'receiver'),
        (6, 'execute_arrest', 'APPROVED', 'EXECUTED', 'handler', 'initiator')) AS e(v, action, from_state, to_state, who, side)
      WHERE e.v <= CASE WHEN s.running THEN 4 ELSE 6 END`);
    await c.query(`
      INSERT INTO process_timers (instance_id, case_id, timer_id, zh, en, started_on, due, due_instant, in_custody, warn_days, status, stopped_at)
      SELECT s.inst_id, s.case_id, 'arrest_review', '审查批准逮捕期限', 'Arrest review', s.created::date,
             CASE WHEN s.running THEN current_date + s.due_in ELSE s.created::date + 7 END,
             (CASE WHEN s.running THEN current_date + s.due_in ELSE s.created::date + 7 END + 1)::timestamptz,
             true, 3, CASE WHEN s.running THEN 'running' ELSE 'stopped' END, CASE WHEN s.running THEN NULL ELSE s.created + interval '2 days' END
      FROM syn s`);
    // 待办: the receiver's open item while the flow runs; closed items for the steps already taken
    await c.query(`
      INSERT INTO inbox_items (agency_id, roles, instance_id, case_id, created_at, done_at, done_by)
      SELECT p.proc, ARRAY['clerk'], s.inst_id, s.case_id, s.created + interval '20 hours', s.created + interval '30 hours', p.clerk FROM syn s JOIN syn_pairs p ON p.k = s.k
      UNION ALL
      SELECT p.proc, ARRAY['handler', 'approver'], s.inst_id, s.case_id, s.created + interval '40 hours',
             CASE WHEN s.running THEN NULL ELSE s.created + interval '50 hours' END, CASE WHEN s.running THEN NULL ELSE p.phandler END
      FROM syn s JOIN syn_pairs p ON p.k = s.k`);
    await c.query(`SELECT rebuild_next_due()`);
    await c.query(`SELECT rebuild_event_rollups()`);
    await c.query(`SELECT rebuild_charge_rollup()`);
    // case_search rows (text and scope keys) of the cases loaded with triggers off
    await c.query(`SELECT rebuild_case_search()`);
    for (const ix of searchIndexes) await c.query(ix.indexdef);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    // statistics for the planner and the visibility map (index-only scans), as autovacuum
    // leaves a production database: the figures are for a database that has been vacuumed
    await c.query('VACUUM (ANALYZE)').catch(() => {});
    await c.end();
  }
  return { seconds: (performance.now() - t0) / 1000 };
}
