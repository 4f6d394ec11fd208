/**
 * Demo data for data analysis (issue 14), reproducing the pilot's headline results:
 * - a 危险驾驶 (醉驾) surge in the last weeks of the demo period: the 交通警察支队 registers
 *   extra cases in the last two complete weeks and the current one; the alert rule
 *   危险驾驶 in 长春 (2201) → 交通警察支队 routes the detected alert to its 站内信;
 * - petitions (涉法涉诉信访) of the last 16 weeks, with a rising trend about 非法吸收公众存款 in the
 *   last two weeks, which suggests a 督办 to the 政法委.
 * The surge sweep runs once at the end, so a first start shows the alerts at once.
 */
import { generateResidentId, seededRandom } from '@xietong/core/cases';
import { lastCompletePeriod, periodBounds } from '@xietong/core/analytics';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import type { TChargeCode } from '@xietong/core/charges';
import type { TDb } from '../db/database';
import { allocatePoliceNumber } from '../cases/numbers';
import { sweepSurges } from '../analytics/sweep-surges';
import { demoUsername } from './demo-agencies';

const DAY = 86400_000;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平'.split('');

async function agencyOf(db: TDb, key: string) {
  const u = await db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .selectAll('a')
    .select('u.id as user_id')
    .where('u.username', '=', demoUsername(key, key.endsWith('plc') ? 'supervisor' : 'handler'))
    .executeTakeFirst();
  return u ?? null;
}

export async function seedDemoAnalytics(db: TDb, log: (m: string) => void = () => {}, now = Date.now()): Promise<void> {
  const traffic = await agencyOf(db, 'cc-traffic');
  const ccPolice = await agencyOf(db, 'cc-police');
  if (!traffic || !ccPolice) return;
  const rand = seededRandom(20260314);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const name = () => `${pick(SURNAMES)}${rand() < 0.5 ? '某' : ''}${pick(GIVEN)}`;

  await db
    .insertInto('alert_rules')
    .values({ charge_code: 'dangerous_driving', region_prefix: '2201', agency_id: traffic.id })
    .onConflict((oc) => oc.doNothing())
    .execute();

  // 1. the surge: ~28 醉驾 cases a week more from two weeks before the current one
  const today = civilDateInShanghai(now);
  const last = lastCompletePeriod(today, 7);
  const surgeFrom = Date.parse(`${periodBounds(last - 1, 7).from}T00:00:00+08:00`);
  let n = 0;
  // one transaction for the whole surge (a first start waits for it)
  await db.transaction().execute(async (tx) => {
    // the 交警支队's ordinary weeks (about one 醉驾 case a day) for 14 weeks, then the surge
    for (let t = surgeFrom - 14 * 7 * DAY; t < now; t += DAY) {
      const perDay = t < surgeFrom ? (rand() < 0.8 ? 1 : 0) : 3 + Math.floor(rand() * 3);
      for (let j = 0; j < perDay; j++) {
        const created = Math.min(now - 60_000, t + Math.floor((8 + rand() * 14) * 3600_000));
        const person = name();
        {
          const number = await allocatePoliceNumber(tx, traffic, new Date(created));
          const title = `${person}危险驾驶案`;
          const rid = generateResidentId(900_000 + n, { regionCode: '220102' });
          const c = await tx
            .insertInto('cases')
            .values({
              title,
              summary: `${new Date(created + 8 * 3600_000).toISOString().slice(0, 10)}，${person}醉酒驾驶机动车，长春市公安局交通警察支队查获立案。（演示数据）`,
              region_code: '220100',
              created_by_agency: traffic.id,
              created_by: traffic.user_id,
              occurred_at: new Date(created - 3 * 3600_000),
              stage: 'police.investigating',
              police_number: number,
              procuratorate_number: null,
              court_number: null,
              search_text: [title, number, person, rid, '危险驾驶罪'].join(' '),
              created_at: new Date(created),
              updated_at: new Date(created),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('case_parties')
            .values({ case_id: c.id, agency_id: traffic.id, joined_at: new Date(created) })
            .execute();
          await tx
            .insertInto('case_charges')
            .values({ case_id: c.id, charge_code: 'dangerous_driving', position: 0 })
            .execute();
          await tx
            .insertInto('case_persons')
            .values({
              case_id: c.id,
              position: 0,
              name: person,
              resident_id: rid,
              sex: Number(rid[16]) % 2 ? 'male' : 'female',
              birth_date: `${rid.slice(6, 10)}-${rid.slice(10, 12)}-${rid.slice(12, 14)}`,
            })
            .execute();
        }
        n++;
      }
    }
  });

  // 2. petitions: a steady trickle about several charges, 非法吸收公众存款 rising in the last two weeks
  const handlers = (
    await Promise.all(['cc-police', 'cy-police', 'cy-proc', 'cy-court'].map((k) => agencyOf(db, k)))
  ).filter((a) => a !== null);
  const charges: TChargeCode[] = ['fraud', 'theft', 'intentional_injury', 'illegal_deposit_taking', 'traffic_accident'];
  const subjects = ['decision', 'delay', 'property', 'misconduct', 'other'] as const;
  const channels = ['visit', 'letter', 'online', 'phone'] as const;
  const start = Date.parse(`${periodBounds(last - 15, 7).from}T00:00:00+08:00`);
  const rows: {
    petitioner: string;
    received_on: string;
    channel: string;
    subject: string;
    summary: string;
    charge_code: string;
    handling_agency_id: string;
    status: string;
  }[] = [];
  for (let t = start; t < now; t += DAY) {
    const rising = t >= surgeFrom;
    const count = (rand() < 0.45 ? 1 : 0) + (rising ? 1 + (rand() < 0.3 ? 1 : 0) : 0);
    for (let j = 0; j < count; j++) {
      const charge =
        rising && j > 0
          ? 'illegal_deposit_taking'
          : rising
            ? pick(['illegal_deposit_taking', 'illegal_deposit_taking', ...charges])
            : pick(charges);
      const deposit = charge === 'illegal_deposit_taking';
      rows.push({
        petitioner: name(),
        received_on: civilDateInShanghai(t + 10 * 3600_000),
        channel: pick(channels),
        subject: deposit ? pick(['property', 'delay'] as const) : pick(subjects),
        summary: deposit
          ? '反映某投资公司非法吸收公众存款案件涉案资金追缴、退赔进展缓慢。（演示数据）'
          : '反映案件办理情况。（演示数据）',
        charge_code: charge,
        handling_agency_id: (deposit ? handlers[0]! : pick(handlers)).id,
        status: t < now - 21 * DAY ? pick(['answered', 'closed'] as const) : pick(['registered', 'handling'] as const),
      });
    }
  }
  if (rows.length) await db.insertInto('petitions').values(rows).execute();

  const swept = await sweepSurges(db, { now: new Date(now) });
  log(
    `demo analytics: ${n} 危险驾驶 cases of the surge, ${rows.length} petitions, ${swept?.alerts ?? 0} surge alerts, ${swept?.petitionTrends ?? 0} petition trends`,
  );
}
