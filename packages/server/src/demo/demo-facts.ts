/**
 * The 简要案情 of a demo case, written as a police officer writes one: when, where, who did what
 * to whom, and the figure the charge turns on (血液酒精含量, 价格认定, 损伤程度, 集资数额 …), so
 * the demo reads like a real caseload. Its own random stream per case: the seed's cases and
 * flows stay as they were.
 */
import { seededRandom } from '@xietong/core/cases';
import type { TChargeCode } from '@xietong/core/charges';

const ROADS = ['人民大街', '西安大路', '自由大路', '红旗街', '湖西路', '解放大路', '工农大路', '延安大街', '普阳街', '建设街', '朝阳路', '开运街'];
const PLACES = ['红旗街万达广场', '桂林路夜市', '欧亚商都', '重庆路一家网吧', '湖西路一小区', '西安大路一家KTV', '朝阳公园', '工农大路一家烧烤店', '长春站北广场', '建设街菜市场'];
const CARS = ['小型轿车', '小型普通客车', '轻型厢式货车', '二轮摩托车', '小型越野客车'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');

export function demoFacts(o: { index: number; charge: TChargeCode; names: string[]; occurredAt: number }): string {
  const r = seededRandom(7_000_000 + o.index);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const d = new Date(o.occurredAt + 8 * 3600_000);
  const day = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  const date = `${day}${d.getUTCHours()}时许`;
  const who = o.names.length > 1 ? `犯罪嫌疑人${o.names.join('、')}` : `犯罪嫌疑人${o.names[0]}`;
  const victim = () => `${pick(SURNAMES)}某${pick('红华军丽明杰敏强'.split(''))}`;
  const plate = `吉A·${String(int(10000, 99999))}`;
  switch (o.charge) {
    case 'dangerous_driving': {
      const bac = int(86, 248);
      // one driver: a second suspect of a 醉驾 case is the one who let him drive, not a co-driver
      return `${date}，犯罪嫌疑人${o.names[0]}饮酒后驾驶${pick(CARS)}（${plate}）沿${pick(ROADS)}由南向北行驶，至${pick(ROADS)}路口被执勤交警查获。经呼气酒精检测，其呼气酒精含量为${bac - int(3, 12)}mg/100ml；经提取血样送检，其血液中乙醇含量为${bac}mg/100ml，属醉酒驾驶机动车。`;
    }
    case 'theft': {
      const item = pick([['手机一部', 2300, 6800], ['电动自行车一辆', 1800, 4200], ['现金及银行卡', 1500, 9000], ['笔记本电脑一台', 3500, 8800], ['金项链一条', 4200, 12000]] as const);
      const how = pick(['趁被害人不备', '趁人多拥挤之机', '采取撬锁手段', '趁被害人熟睡之机']);
      return `${date}，${who}在${pick(PLACES)}，${how}，窃得被害人${victim()}的${item[0]}，经价格认定价值人民币${int(item[1], item[2])}元。`;
    }
    case 'intentional_injury': {
      const cause = pick(['停车纠纷', '饮酒时琐事', '邻里噪音纠纷', '债务纠纷', '排队顺序']);
      const tool = pick(['酒瓶', '木棍', '拳脚', '砖块']);
      return `${date}，${who}在${pick(PLACES)}因${cause}与被害人${victim()}发生争执，用${tool}殴打被害人头面部，致其${pick(['鼻骨骨折', '右尺骨骨折', '头皮裂伤', '两枚牙齿脱落'])}。经鉴定，被害人损伤程度为轻伤${pick(['一级', '二级'])}。`;
    }
    case 'fraud': {
      const pretext = pick(['网络刷单返利', '冒充客服办理退款', '介绍工作收取保证金', '投资虚拟货币', '代办贷款']);
      return `${day}起，${who}以${pretext}为名，通过微信、电话联系被害人${victim()}等${int(1, 6)}人，骗取其转账共计人民币${int(3, 48) * 1000 + int(0, 9) * 100}元，所得款项用于个人消费。`;
    }
    case 'traffic_accident': {
      const harm = pick(['当场死亡', '经抢救无效死亡', '重伤', '重伤、车辆损坏']);
      return `${date}，${who}驾驶${pick(CARS)}（${plate}）沿${pick(ROADS)}行驶至${pick(ROADS)}路口时，未按规定让行，与横过道路的行人${victim()}相撞，致其${harm}。经交警部门认定，${o.names[0]}负事故${pick(['全部', '主要'])}责任${r() < 0.3 ? '，事发后驾车逃逸' : ''}。`;
    }
    case 'picking_quarrels': {
      const n = int(2, 4);
      return `${date}，${who}酒后在${pick(PLACES)}借故生非，无故拦截、殴打过往群众${victim()}等${n}人，致${n}人轻微伤，并砸毁周边摊位物品，造成现场秩序严重混乱。`;
    }
    case 'illegal_deposit_taking': {
      const from = new Date(o.occurredAt + 8 * 3600_000 - int(8, 26) * 30 * 86400_000);
      const people = int(160, 620);
      const total = int(180, 2600);
      return `${from.getUTCFullYear()}年${from.getUTCMonth() + 1}月至${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月，${who}以长春${pick(['鑫源', '汇德', '盛通', '宏泰', '金禾'])}${pick(['投资咨询', '商贸', '农业科技', '养老服务'])}有限公司名义，通过${pick(['推介会', '发放传单', '微信群宣传', '组织免费旅游'])}等方式向社会公开宣传，承诺年化收益${int(10, 24)}%，向${people}名集资参与人非法吸收资金共计人民币${total}万元，至案发尚有${Math.floor(total * (0.3 + r() * 0.5))}万元未兑付。`;
    }
    default:
      return `${date}，${who}涉嫌犯罪，立案侦查。`;
  }
}
