import { describe, it, expect } from 'vitest';
import {
  AGENCY_STAGES,
  assertNotClassified,
  CASE_CLASSIFIED,
  personTitleForStage,
  ZCase,
  ZCreateCaseRequest,
  type TAgencyStage,
  type TCreateCaseRequestInput,
} from './case';
import { generateResidentId } from './resident-id';

const validRequest = (): TCreateCaseRequestInput => ({
  title: '张某醉酒驾驶案',
  summary: '2021年3月1日晚，张某醉酒驾驶小型轿车行驶至人民大街时被查获。',
  occurredAt: '2021-03-01T22:30:00+08:00',
  regionCode: '220104',
  charges: ['dangerous_driving'],
  persons: [
    {
      name: '张某',
      residentId: generateResidentId(11, { birthDate: '1985-07-14', sex: 'male' }),
      measures: [
        { measure: 'summons', startedAt: '2021-03-01T23:00:00+08:00' },
        { measure: 'bail', startedAt: '2021-03-02T09:00:00+08:00' },
      ],
    },
  ],
});

const messages = (input: unknown) =>
  ZCreateCaseRequest.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('case card and create request', () => {
  it('CPL usage: 犯罪嫌疑人 before indictment, 被告人 at trial, 罪犯 in execution', () => {
    expect(personTitleForStage('police.investigating')).toBe('suspect');
    expect(personTitleForStage('procuratorate.arrest_review')).toBe('suspect');
    expect(personTitleForStage('procuratorate.prosecution_review')).toBe('suspect');
    expect(personTitleForStage('court.first_instance')).toBe('defendant');
    expect(personTitleForStage('court.second_instance')).toBe('defendant');
    expect(personTitleForStage('execution.executing')).toBe('convict');
    for (const stage of Object.keys(AGENCY_STAGES) as TAgencyStage[]) {
      expect(['suspect', 'defendant', 'convict']).toContain(personTitleForStage(stage));
    }
  });

  it('refuses 涉密 cases with CASE_CLASSIFIED', () => {
    expect(assertNotClassified({ classified: true })).toBe(CASE_CLASSIFIED);
    expect(assertNotClassified({ classified: false })).toBeNull();
    const parsed = ZCreateCaseRequest.parse({ ...validRequest(), classified: true });
    expect(assertNotClassified(parsed)).toBe('CASE_CLASSIFIED');
  });

  it('GB 11643: derives sex and birth date from the ID and normalises it', () => {
    const req = validRequest();
    req.persons![0]!.residentId = ` ${req.persons![0]!.residentId!.toLowerCase()} `;
    const parsed = ZCreateCaseRequest.parse(req);
    expect(parsed.classified).toBe(false);
    expect(parsed.persons[0]).toMatchObject({ sex: 'male', birthDate: '1985-07-14' });
    expect(parsed.persons[0]!.residentId).toMatch(/^\d{17}[\dX]$/);
  });

  it('accepts a person without an ID when sex is given (identity not yet established)', () => {
    const parsed = ZCreateCaseRequest.parse({ ...validRequest(), persons: [{ name: '无名氏', sex: 'female' }] });
    expect(parsed.persons[0]).toEqual({ name: '无名氏', residentId: null, sex: 'female', birthDate: null, measures: [] });
  });

  it('names the field in Chinese messages', () => {
    const issues = messages({
      title: '',
      occurredAt: '2021-03-01',
      regionCode: '99',
      charges: [],
      persons: [{ name: '', residentId: '110105194912310021' }, { name: '李某' }],
    });
    expect(issues).toEqual([
      'title: 案件名称不能为空',
      'occurredAt: 案发时间应为带时区的ISO 8601时间，如2021-03-01T08:30:00+08:00',
      'regionCode: 案发地行政区划代码应为6位数字',
      'charges: 罪名至少填写一项',
      'persons.0.name: 犯罪嫌疑人姓名不能为空',
      'persons.0.residentId: 居民身份证号校验码错误，请核对是否输错',
      'persons.1.sex: 未填写居民身份证号时，犯罪嫌疑人性别必须填写',
    ]);
    expect(messages({ ...validRequest(), charges: ['theft', 'theft'] })).toEqual(['charges: 罪名不能重复']);
    expect(messages({ ...validRequest(), charges: ['jaywalking'] })).toEqual(['charges.0: 罪名代码无效']);
  });

  it('GB 11643: rejects a sex or birth date contradicting the ID', () => {
    const req = validRequest();
    req.persons![0]! = { ...req.persons![0]!, sex: 'female', birthDate: '1985-07-15' };
    expect(messages(req)).toEqual([
      'persons.0.sex: 犯罪嫌疑人性别与居民身份证号不符（身份证号显示为男）',
      'persons.0.birthDate: 犯罪嫌疑人出生日期与居民身份证号不符',
    ]);
  });

  it('P4: measures must follow the person state machine in time order', () => {
    const req = validRequest();
    req.persons![0]!.measures = [
      { measure: 'summons', startedAt: '2021-03-01T23:00:00+08:00' },
      { measure: 'summons', startedAt: '2021-03-01T22:00:00+08:00' },
    ];
    expect(messages(req)).toEqual([
      'persons.0.measures.1.measure: 强制措施顺序无效：不能由“拘传”变更为“拘传”',
      'persons.0.measures.1.startedAt: 强制措施应按开始时间先后排列',
    ]);
  });

  it('the case card schema accepts a normalised case', () => {
    const req = ZCreateCaseRequest.parse(validRequest());
    const card = ZCase.parse({
      id: '0b9f4a52-6f1e-4b8e-9a52-1d3c2f7e8a10',
      title: req.title,
      summary: req.summary,
      classified: false,
      occurredAt: req.occurredAt,
      regionCode: req.regionCode,
      stage: 'police.investigating',
      charges: req.charges,
      persons: req.persons.map((p) => ({ ...p, id: '5d7c1c3e-2b8a-4f0e-8c1d-9e6f3a2b1c0d' })),
      numbers: { police: 'A2201045000002021030001' },
    });
    expect(card.persons[0]!.sex).toBe('male');
  });
});
