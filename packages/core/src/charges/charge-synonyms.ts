/**
 * What officers type for a charge: common names and shorthand (醉驾, 非吸, 飙车, 扒窃 …) mapped to
 * the charge codes they mean. Data, not code: add a line to teach the search a new word. A term is
 * matched whole (after trimming and dropping a trailing 罪/案); the search also keeps the literal text.
 */
import { CHARGES, type TChargeCode } from './charge-codes';

export const CHARGE_SYNONYMS: Readonly<Record<string, readonly TChargeCode[]>> = {
  // 刑法第一百三十三条之一
  醉驾: ['dangerous_driving'],
  醉酒驾驶: ['dangerous_driving'],
  酒驾: ['dangerous_driving'],
  醉酒驾车: ['dangerous_driving'],
  飙车: ['dangerous_driving'],
  追逐竞驶: ['dangerous_driving'],
  危驾: ['dangerous_driving'],
  校车超载: ['dangerous_driving'],
  // 刑法第一百三十三条
  肇事逃逸: ['traffic_accident'],
  交通肇事逃逸: ['traffic_accident'],
  撞人: ['traffic_accident'],
  // 刑法第二百六十四条
  扒窃: ['theft'],
  入户盗窃: ['theft'],
  偷盗: ['theft'],
  偷窃: ['theft'],
  多次盗窃: ['theft'],
  携带凶器盗窃: ['theft'],
  // 刑法第一百七十六条
  非吸: ['illegal_deposit_taking'],
  非法集资: ['illegal_deposit_taking'],
  集资: ['illegal_deposit_taking'],
  // 刑法第二百六十六条 and the special frauds
  电诈: ['fraud'],
  电信诈骗: ['fraud'],
  电信网络诈骗: ['fraud'],
  网络诈骗: ['fraud'],
  网诈: ['fraud'],
  诈骗: ['fraud', 'contract_fraud', 'credit_card_fraud'],
  骗取: ['fraud', 'contract_fraud', 'credit_card_fraud'],
  刷卡套现: ['credit_card_fraud'],
  // 刑法第二百八十七条之二
  帮信: ['aiding_cyber_crime'],
  两卡: ['aiding_cyber_crime', 'concealing_criminal_proceeds'],
  卖卡: ['aiding_cyber_crime'],
  跑分: ['aiding_cyber_crime', 'concealing_criminal_proceeds'],
  // 刑法第三百一十二条
  掩隐: ['concealing_criminal_proceeds'],
  洗钱: ['concealing_criminal_proceeds'],
  销赃: ['concealing_criminal_proceeds'],
  // 刑法第二百三十四条, 第二百九十三条, 第二百九十二条
  打架: ['intentional_injury', 'picking_quarrels', 'group_fighting'],
  伤害: ['intentional_injury'],
  轻伤: ['intentional_injury'],
  寻滋: ['picking_quarrels'],
  寻衅: ['picking_quarrels'],
  群殴: ['group_fighting'],
  // 刑法第三百零三条
  赌场: ['running_gambling_house'],
  开赌场: ['running_gambling_house'],
  网络赌博: ['running_gambling_house', 'gambling'],
  赌博: ['gambling', 'running_gambling_house'],
  聚赌: ['gambling'],
  // 刑法第三百四十七条, 第三百五十四条
  贩毒: ['drug_trafficking'],
  运毒: ['drug_trafficking'],
  制毒: ['drug_trafficking'],
  毒品: ['drug_trafficking', 'harbouring_drug_use'],
  容留吸毒: ['harbouring_drug_use'],
  // 刑法第二百七十七条
  袭警: ['assaulting_police'],
  阻碍执法: ['obstructing_officials'],
  妨害执行公务: ['obstructing_officials'],
  // others
  杀人: ['homicide'],
  命案: ['homicide'],
  抢钱: ['robbery'],
  飞车抢夺: ['snatching'],
  敲诈: ['extortion'],
  勒索: ['extortion'],
  职务侵占: ['embezzlement_by_employee'],
  贩卖个人信息: ['infringing_personal_information'],
  出售个人信息: ['infringing_personal_information'],
  侵公: ['infringing_personal_information'],
  私自关押: ['illegal_detention'],
  砸车: ['intentional_property_damage'],
};

/** The search term as a word: trimmed, without a trailing 罪 or 案 (醉驾案 → 醉驾, 诈骗罪 → 诈骗). */
function normalize(term: string): string {
  return term.trim().replace(/[罪案]+$/u, '');
}

/** The charge codes a search term means, [] when it is not a known common name. */
export function chargeCodesForTerm(term: string): TChargeCode[] {
  return [...(CHARGE_SYNONYMS[normalize(term)] ?? [])];
}

/** The terms a case search should look for: the text typed, plus the statutory charge names it means. */
export function expandChargeSearch(term: string): string[] {
  const t = term.trim();
  const names = chargeCodesForTerm(t).map((c) => CHARGES[c].zh);
  return [...new Set([t, ...names])].filter(Boolean);
}
