/**
 * 证据指引 data: the common baseline and one guide per pilot charge.
 *
 * Compiled from national law and interpretations (shared/domain/evidence-guides.md); the pilot's
 * own guides are not public, so local lists may add or rename items (unverified). A default for
 * completeness checks, not legal advice. To change a list, add a new version; never edit item
 * ids of a published version (stored check results refer to them).
 */
import { DRUNK_DRIVING_BAC_MG_PER_100ML, type TChargeCode } from '../charges';
import { composeGuides, type TEvidenceGuide, type TNumericRule, type TSendStage } from './guide';

const BOTH: readonly TSendStage[] = ['arrest_request', 'prosecution_transfer'];
const PROSECUTION: readonly TSendStage[] = ['prosecution_transfer'];

/** 人体损伤程度鉴定标准 (2014)† grades as an ordinal scale, low to high. */
export const INJURY_DEGREE_SCALE = {
  1: '轻微伤',
  2: '轻伤二级',
  3: '轻伤一级',
  4: '重伤二级',
  5: '重伤一级',
} as const;

const BAC_RULE: TNumericRule = {
  field: 'bac_mg_per_100ml',
  zh: '血液酒精含量',
  op: 'gte',
  value: DRUNK_DRIVING_BAC_MG_PER_100ML,
  unit: 'mg/100ml',
  basis: '刑法133之一；醉酒标准≥80mg/100ml（两高一部醉驾意见）',
};

export const COMMON_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'common',
  chargeCode: null,
  version: 1,
  title: '刑事案卷通用材料',
  basis: ['刑事诉讼法', '公安机关刑事法律文书式样(2012) (sec.)'],
  items: [
    { id: 'common.case_registration', zh: '受案登记表', evidenceType: 2, mandatory: true, stages: BOTH },
    { id: 'common.filing_decision', zh: '立案决定书', evidenceType: 2, mandatory: true, stages: BOTH },
    {
      id: 'common.filing_notice',
      zh: '检察院立案通知书',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '经检察院通知立案的（立案监督，P7）',
    },
    {
      id: 'common.identity',
      zh: '户籍证明/人口信息查询记录',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '证明身份及作案时年龄（刑事责任年龄，刑法17条†）',
    },
    {
      id: 'common.arrival_account',
      zh: '到案经过/抓获经过',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '认定自首、坦白所需',
    },
    {
      id: 'common.prior_record',
      zh: '前科及行政处罚查询记录',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '影响入罪数额标准（如盗窃减半）及量刑',
    },
    {
      id: 'common.coercive_measure_documents',
      zh: '强制措施法律文书（拘留证、提请批准逮捕书、逮捕证、取保候审决定书等）',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '已采取强制措施的',
      satisfiedBy: ['detention_warrant', 'detention_family_notice', 'detention_extension_notice', 'arrest_warrant', 'arrest_family_notice', 'bail_decision', 'residential_surveillance_decision', 'arrest_approval', 'arrest_decision'],
    },
    { id: 'common.suspect_rights_notice', zh: '犯罪嫌疑人诉讼权利义务告知书', evidenceType: 2, mandatory: true, stages: BOTH },
    {
      id: 'common.victim_witness_rights_notice',
      zh: '被害人/证人诉讼权利义务告知书',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '有被害人、证人的',
    },
    { id: 'common.interrogation_record', zh: '讯问笔录（每次讯问）', evidenceType: 5, mandatory: true, stages: BOTH },
    {
      id: 'common.interrogation_av',
      zh: '讯问同步录音录像',
      evidenceType: 8,
      mandatory: false,
      stages: BOTH,
      condition: '可能判处无期徒刑、死刑的案件或其他重大犯罪案件必须录制（CPL 123†）',
    },
    {
      id: 'common.seizure',
      zh: '扣押决定书、扣押清单',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '有扣押财物的',
    },
    {
      id: 'common.property_transfer_list',
      zh: '随案移送清单、发还清单',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '有扣押财物的',
    },
    {
      id: 'common.expert_commission',
      zh: '鉴定聘请书',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '进行鉴定的',
    },
    {
      id: 'common.expert_opinion_notice',
      zh: '鉴定意见通知书',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '用作证据的鉴定意见应告知犯罪嫌疑人、被害人（CPL 148†）',
    },
    {
      id: 'common.plea_rights_notice',
      zh: '认罪认罚权利告知书',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '犯罪嫌疑人认罪认罚的',
    },
    {
      id: 'common.plea_agreement',
      zh: '认罪认罚具结书',
      evidenceType: 2,
      mandatory: false,
      // Signed before the procuratorate during 审查起诉 (CPL 174): never part of a police send.
      stages: [],
      condition: '审查起诉阶段在辩护人或值班律师在场时签署（CPL 174）',
    },
    {
      id: 'common.reconciliation',
      zh: '谅解书、赔偿协议',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '达成谅解或赔偿的',
    },
  ],
};

export const DRUNK_DRIVING_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'dangerous_driving.drunk',
  chargeCode: 'dangerous_driving',
  version: 1,
  title: '危险驾驶罪（醉驾）',
  basis: [
    '刑法133之一',
    '两高两部《关于办理醉酒危险驾驶刑事案件的意见》高检发办字〔2023〕187号 (sec.)',
    '试点期间适用2013年两高一部醉驾意见',
  ],
  // 醉驾 carries at most 拘役, so 逮捕 (which needs a possible 徒刑, CPL 81) hardly arises:
  // the items gate 移送审查起诉 only.
  items: [
    {
      id: 'dangerous_driving.driver_licence',
      zh: '驾驶证/驾驶人信息查询',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.drink_driving_history',
      zh: '既往酒驾醉驾处理记录及本次交通违法处理情况',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.breath_test',
      zh: '呼气酒精含量检测结果',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.breath_device_calibration',
      zh: '呼气酒精检测仪标定证书',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.blood_draw_record',
      zh: '血液样本提取笔录',
      evidenceType: 7,
      mandatory: true,
      stages: PROSECUTION,
      alternatives: ['dangerous_driving.breath_test_after_flight'],
    },
    {
      id: 'dangerous_driving.lab_commission',
      zh: '鉴定委托书或检材接收记录',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
      alternatives: ['dangerous_driving.breath_test_after_flight'],
    },
    {
      id: 'dangerous_driving.blood_alcohol_opinion',
      zh: '血液酒精含量鉴定意见',
      evidenceType: 6,
      mandatory: true,
      stages: PROSECUTION,
      rules: [BAC_RULE],
      alternatives: ['dangerous_driving.breath_test_after_flight'],
      condition: '醉酒的主要认定依据；抽血前逃跑或找人顶替致无法抽血的，以呼气检测结果认定',
    },
    {
      id: 'dangerous_driving.breath_test_after_flight',
      zh: '呼气酒精含量检测结果（抽血前逃跑或找人顶替）',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      rules: [{ ...BAC_RULE, field: 'breath_bac_mg_per_100ml', zh: '呼气酒精含量（折算）' }],
      condition:
        '呼气检测≥80mg/100ml后，在抽取血样前逃跑或找人顶替的，可据此认定（2023意见§4¶3, sec.）；须附逃跑/顶替的证据',
    },
    {
      id: 'dangerous_driving.opinion_notice',
      zh: '血液酒精含量鉴定意见通知书',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
      alternatives: ['dangerous_driving.breath_test_after_flight'],
    },
    {
      id: 'dangerous_driving.vehicle_documents',
      zh: '机动车行驶证、车辆信息查询、车辆照片',
      evidenceType: 2,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.procedure_photos',
      zh: '查车、呼气检测、抽血及血样封装照片',
      evidenceType: 8,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.procedure_av',
      zh: '查车、呼气检测、抽血及封装过程录音录像',
      evidenceType: 8,
      mandatory: true,
      stages: PROSECUTION,
    },
    {
      id: 'dangerous_driving.witness_testimony',
      zh: '同车人、目击者、共同饮酒人证言',
      evidenceType: 3,
      mandatory: false,
      stages: PROSECUTION,
      condition: '饮酒或驾驶事实有争议的',
    },
    {
      id: 'dangerous_driving.cctv',
      zh: '饮酒场所及行驶路线监控录像',
      evidenceType: 8,
      mandatory: false,
      stages: PROSECUTION,
      condition: '饮酒或驾驶事实有争议的',
    },
    {
      id: 'dangerous_driving.road_status',
      zh: '道路属性证明（管理人证言、管理单位证明）',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '是否属于“道路”（道路交通安全法119条†）有争议的，如小区、停车场',
    },
    {
      id: 'dangerous_driving.accident_documents',
      zh: '道路交通事故认定书、损伤程度鉴定意见、被害人陈述',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '发生交通事故的',
    },
  ],
};

export const THEFT_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'theft',
  chargeCode: 'theft',
  version: 1,
  title: '盗窃罪',
  basis: ['刑法264', '法释〔2013〕8号'],
  items: [
    { id: 'theft.report', zh: '报案材料', evidenceType: 2, mandatory: true, stages: BOTH },
    {
      id: 'theft.victim_statement',
      zh: '被害人陈述（损失、时间、地点、权属）',
      evidenceType: 4,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'theft.valuation',
      zh: '价格认定书',
      evidenceType: 6,
      mandatory: true,
      stages: BOTH,
      condition: '数额决定入罪与量刑档次',
    },
    {
      id: 'theft.scene_inspection',
      zh: '现场勘验检查笔录、现场图、现场照片',
      evidenceType: 7,
      mandatory: false,
      stages: BOTH,
      condition: '有固定作案现场的',
    },
    {
      id: 'theft.trace_opinion',
      zh: '指纹、DNA、足迹等痕迹物证鉴定意见',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '提取到痕迹物证的',
    },
    {
      id: 'theft.cctv',
      zh: '监控录像及调取证据通知书、清单、提取说明',
      evidenceType: 8,
      mandatory: false,
      stages: BOTH,
      condition: '有监控的',
    },
    {
      id: 'theft.stolen_goods',
      zh: '扣押赃物及照片、发还清单',
      evidenceType: 1,
      mandatory: false,
      stages: BOTH,
      condition: '起获赃物的',
    },
    {
      id: 'theft.identification',
      zh: '辨认笔录（嫌疑人辨认现场、赃物；被害人辨认财物）',
      evidenceType: 7,
      mandatory: false,
      stages: BOTH,
      condition: '需要辨认的',
    },
    {
      id: 'theft.fencing',
      zh: '销赃证据（收购人证言、交易记录）',
      evidenceType: 3,
      mandatory: false,
      stages: BOTH,
      condition: '有销赃的',
    },
    {
      id: 'theft.aggravating_circumstance',
      zh: '入户、携带凶器、扒窃、多次的证明材料',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '以入户、携带凶器、扒窃或多次盗窃入罪的',
    },
  ],
};

export const TRAFFIC_ACCIDENT_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'traffic_accident',
  chargeCode: 'traffic_accident',
  version: 1,
  title: '交通肇事罪',
  basis: ['刑法133', '法释〔2000〕33号'],
  items: [
    {
      id: 'traffic_accident.accident_finding',
      zh: '道路交通事故认定书（责任认定）',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'traffic_accident.scene_records',
      zh: '现场勘查笔录、现场图、现场照片',
      evidenceType: 7,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'traffic_accident.harm_opinion',
      zh: '尸体检验报告、死亡证明或人体损伤程度鉴定意见',
      evidenceType: 6,
      mandatory: true,
      stages: BOTH,
      condition: '以人员伤亡入罪的；以财产损失入罪的另附损失及无力赔偿证明',
      alternatives: ['traffic_accident.property_loss'],
    },
    {
      id: 'traffic_accident.property_loss',
      zh: '财产损失价格认定及无力赔偿证明',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '以无力赔偿财产损失30万元以上入罪的',
      rules: [
        {
          field: 'unpaid_loss_yuan',
          zh: '无力赔偿的财产损失',
          op: 'gte',
          value: 300_000,
          unit: '元',
          basis: '法释〔2000〕33号',
        },
      ],
    },
    {
      id: 'traffic_accident.driver_vehicle_documents',
      zh: '驾驶证、行驶证、车辆登记信息',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'traffic_accident.vehicle_inspection',
      zh: '车辆技术检验（制动、车速）鉴定意见',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '车况或车速需要认定的',
    },
    {
      id: 'traffic_accident.alcohol_drug_test',
      zh: '血液酒精、毒品检测',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '涉嫌酒后、吸毒后驾驶的（致1人重伤入罪情形）',
    },
    {
      id: 'traffic_accident.video',
      zh: '监控录像、行车记录仪视频',
      evidenceType: 8,
      mandatory: false,
      stages: BOTH,
      condition: '有视频的',
    },
    {
      id: 'traffic_accident.witness_testimony',
      zh: '证人证言',
      evidenceType: 3,
      mandatory: false,
      stages: BOTH,
      condition: '有证人的',
    },
    {
      id: 'traffic_accident.victim_statement',
      zh: '被害人陈述',
      evidenceType: 4,
      mandatory: false,
      stages: BOTH,
      condition: '被害人存活的',
    },
    {
      id: 'traffic_accident.flight',
      zh: '逃逸证据（到案经过、查缉记录）',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '肇事后逃逸的',
    },
    {
      id: 'traffic_accident.compensation',
      zh: '赔偿、保险（交强险）材料及谅解书',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '有赔偿或谅解的（影响量刑）',
    },
  ],
};

export const INTENTIONAL_INJURY_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'intentional_injury',
  chargeCode: 'intentional_injury',
  version: 1,
  title: '故意伤害罪',
  basis: ['刑法234', '人体损伤程度鉴定标准(2014)†', '公安机关办理伤害案件规定 §18–19 (sec.)'],
  items: [
    {
      id: 'intentional_injury.injury_opinion',
      zh: '人体损伤程度鉴定意见',
      evidenceType: 6,
      mandatory: true,
      stages: BOTH,
      rules: [
        {
          field: 'injury_degree',
          zh: '损伤程度',
          op: 'gte',
          value: 2,
          scale: INJURY_DEGREE_SCALE,
          basis: '刑法234：轻伤以上（人体损伤程度鉴定标准†）',
        },
      ],
      condition: '受案后24小时内委托鉴定（sec.）',
    },
    {
      id: 'intentional_injury.opinion_notice',
      zh: '鉴定意见通知书（犯罪嫌疑人、被害人双方）',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'intentional_injury.medical_records',
      zh: '病历、诊断证明、影像资料',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
    },
    { id: 'intentional_injury.victim_statement', zh: '被害人陈述', evidenceType: 4, mandatory: true, stages: BOTH },
    {
      id: 'intentional_injury.witness_testimony',
      zh: '证人证言',
      evidenceType: 3,
      mandatory: false,
      stages: BOTH,
      condition: '有证人的',
    },
    {
      id: 'intentional_injury.scene_weapon',
      zh: '现场勘验笔录、作案工具扣押',
      evidenceType: 7,
      mandatory: false,
      stages: BOTH,
      condition: '有现场或作案工具的',
    },
    {
      id: 'intentional_injury.cctv',
      zh: '监控录像',
      evidenceType: 8,
      mandatory: false,
      stages: BOTH,
      condition: '有监控的',
    },
    {
      id: 'intentional_injury.identification',
      zh: '辨认笔录',
      evidenceType: 7,
      mandatory: false,
      stages: BOTH,
      condition: '需要辨认的',
    },
    {
      id: 'intentional_injury.cause_and_fault',
      zh: '纠纷起因及被害人过错的证据',
      evidenceType: 3,
      mandatory: false,
      stages: BOTH,
      condition: '涉及正当防卫或被害人过错的',
    },
    {
      id: 'intentional_injury.reconciliation',
      zh: '和解协议、赔偿凭证、谅解书',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '达成刑事和解的（CPL 288†）',
    },
  ],
};

export const PICKING_QUARRELS_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'picking_quarrels',
  chargeCode: 'picking_quarrels',
  version: 1,
  title: '寻衅滋事罪',
  basis: ['刑法293', '法释〔2013〕18号 (sec.)'],
  items: [
    { id: 'picking_quarrels.victim_statement', zh: '被害人陈述', evidenceType: 4, mandatory: true, stages: BOTH },
    {
      id: 'picking_quarrels.motive',
      zh: '无事生非或借故生非的证据（起因无或琐事）',
      evidenceType: 3,
      mandatory: true,
      stages: BOTH,
      condition: '寻衅滋事动机是构成要件',
    },
    {
      id: 'picking_quarrels.injury_opinion',
      zh: '人体损伤程度鉴定意见',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '随意殴打型：致1人以上轻伤或2人以上轻微伤',
    },
    {
      id: 'picking_quarrels.witness_testimony',
      zh: '证人证言',
      evidenceType: 3,
      mandatory: false,
      stages: BOTH,
      condition: '有证人的',
    },
    {
      id: 'picking_quarrels.public_disorder',
      zh: '公共场所秩序混乱、营业中断的证据（监控、现场人员证言）',
      evidenceType: 8,
      mandatory: false,
      stages: BOTH,
      condition: '在公共场所起哄闹事型',
    },
    {
      id: 'picking_quarrels.prior_incidents',
      zh: '多次实施的前次事件材料',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '以“多次”入罪的',
    },
    {
      id: 'picking_quarrels.valuation',
      zh: '价格认定书',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '强拿硬要或任意损毁、占用财物型',
    },
    {
      id: 'picking_quarrels.weapon',
      zh: '凶器扣押及照片',
      evidenceType: 1,
      mandatory: false,
      stages: BOTH,
      condition: '持凶器的',
    },
  ],
};

export const FRAUD_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'fraud',
  chargeCode: 'fraud',
  version: 1,
  title: '诈骗罪',
  basis: ['刑法266', '法释〔2011〕7号'],
  items: [
    { id: 'fraud.report', zh: '报案材料', evidenceType: 2, mandatory: true, stages: BOTH },
    { id: 'fraud.victim_statement', zh: '被害人陈述', evidenceType: 4, mandatory: true, stages: BOTH },
    {
      id: 'fraud.bank_records',
      zh: '银行流水、转账凭证及调取证据通知书',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '证明被害人处分财产及数额',
    },
    {
      id: 'fraud.electronic_data',
      zh: '聊天记录、短信、通话记录等电子数据',
      evidenceType: 8,
      mandatory: false,
      stages: BOTH,
      condition: '通过网络、电信实施的',
    },
    {
      id: 'fraud.extraction_records',
      zh: '电子数据提取、勘验笔录（含完整性校验值）',
      evidenceType: 7,
      mandatory: false,
      stages: BOTH,
      condition: '有电子数据的',
    },
    {
      id: 'fraud.false_documents',
      zh: '虚假身份证件或文书',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '使用虚假证件、文书的',
    },
    {
      id: 'fraud.fund_tracing',
      zh: '资金查询、冻结记录',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '需要追踪资金的',
    },
    {
      id: 'fraud.audit',
      zh: '司法会计鉴定意见或审计报告',
      evidenceType: 6,
      mandatory: false,
      stages: BOTH,
      condition: '数额复杂的',
    },
    {
      id: 'fraud.identification',
      zh: '辨认笔录',
      evidenceType: 7,
      mandatory: false,
      stages: BOTH,
      condition: '需要辨认的',
    },
    {
      id: 'fraud.restitution',
      zh: '退赃退赔记录',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '有退赃退赔的',
    },
  ],
};

export const ILLEGAL_DEPOSIT_TAKING_EVIDENCE_GUIDE: TEvidenceGuide = {
  id: 'illegal_deposit_taking',
  chargeCode: 'illegal_deposit_taking',
  version: 1,
  title: '非法吸收公众存款罪',
  basis: ['刑法176', '法释〔2022〕5号', '法释〔2010〕18号 (sec.)', '2014两高一部意见 (sec.)'],
  // Thresholds are alternatives (amount OR depositors OR loss), so no single numeric rule gates
  // the send; the audit report carries the figures for the reviewer.
  items: [
    {
      id: 'illegal_deposit_taking.registration',
      zh: '工商登记及经营范围',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'illegal_deposit_taking.no_licence',
      zh: '未取得金融业务许可的证明',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '非法性',
    },
    {
      id: 'illegal_deposit_taking.promotion',
      zh: '宣传材料（推介会、传单、网络广告）',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '公开性',
    },
    {
      id: 'illegal_deposit_taking.contracts',
      zh: '投资/借款合同、收据',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '利诱性（承诺回报）',
    },
    {
      id: 'illegal_deposit_taking.investor_list',
      zh: '集资参与人名单',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
      condition: '社会性；人数标准',
    },
    {
      id: 'illegal_deposit_taking.investor_statements',
      zh: '集资参与人陈述、报案登记',
      evidenceType: 4,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'illegal_deposit_taking.bank_flows',
      zh: '银行流水',
      evidenceType: 2,
      mandatory: true,
      stages: BOTH,
    },
    {
      id: 'illegal_deposit_taking.audit',
      zh: '司法会计鉴定意见/审计报告（吸收总额、已兑付、损失）',
      evidenceType: 6,
      mandatory: true,
      stages: BOTH,
      condition: '数额、人数、损失标准（法释〔2022〕5号：100万元/150人/损失50万元）',
    },
    {
      id: 'illegal_deposit_taking.employee_testimony',
      zh: '员工证言',
      evidenceType: 3,
      mandatory: false,
      stages: BOTH,
      condition: '以单位形式实施的',
    },
    {
      id: 'illegal_deposit_taking.asset_freeze',
      zh: '查封、扣押、冻结财产记录',
      evidenceType: 2,
      mandatory: false,
      stages: BOTH,
      condition: '有涉案财产的',
    },
    {
      id: 'illegal_deposit_taking.restitution',
      zh: '退赃退赔记录',
      evidenceType: 2,
      mandatory: false,
      stages: PROSECUTION,
      condition: '提起公诉前积极退赃退赔的（可从轻†）',
    },
  ],
};

/** Every guide and every version. Add new versions here; old ones stay for stored results. */
export const EVIDENCE_GUIDES: readonly TEvidenceGuide[] = [
  DRUNK_DRIVING_EVIDENCE_GUIDE,
  THEFT_EVIDENCE_GUIDE,
  TRAFFIC_ACCIDENT_EVIDENCE_GUIDE,
  INTENTIONAL_INJURY_EVIDENCE_GUIDE,
  PICKING_QUARRELS_EVIDENCE_GUIDE,
  FRAUD_EVIDENCE_GUIDE,
  ILLEGAL_DEPOSIT_TAKING_EVIDENCE_GUIDE,
];

/** A charge's guide: the given version, or the latest. */
export function findEvidenceGuide(chargeCode: TChargeCode, version?: number): TEvidenceGuide | undefined {
  const candidates = EVIDENCE_GUIDES.filter(
    (g) => g.chargeCode === chargeCode && (version === undefined || g.version === version),
  );
  return candidates.reduce<TEvidenceGuide | undefined>((best, g) => (!best || g.version > best.version ? g : best), undefined);
}

/**
 * The checklist for a case: the common baseline plus the latest guide of each charge that has
 * one (charges without a guide get the baseline only).
 */
export function evidenceChecklistFor(chargeCodes: readonly TChargeCode[]): TEvidenceGuide {
  const guides = [...new Set(chargeCodes)]
    .map((c) => findEvidenceGuide(c))
    .filter((g): g is TEvidenceGuide => g !== undefined);
  return composeGuides(['common', ...guides.map((g) => `${g.id}@${g.version}`)].join('+'), [COMMON_EVIDENCE_GUIDE, ...guides]);
}
