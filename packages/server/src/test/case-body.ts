import { generateResidentId } from '@xietong/core/cases';

/** A valid create-case body for tests and benchmarks (no test-runner imports). */
let idSeed = 1;
/** A valid create-case body (a 危险驾驶 case with one suspect under detention) with overrides. */
export function caseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const seed = idSeed++ + process.pid * 1000;
  return {
    title: `测试案件${seed}`,
    summary: '2025年3月1日晚，犯罪嫌疑人醉酒驾驶机动车被查获。',
    occurredAt: '2025-03-01T22:30:00+08:00',
    regionCode: '220104',
    charges: ['dangerous_driving'],
    persons: [{ name: `张${seed % 97}某`, residentId: generateResidentId(seed, { regionCode: '220104' }), measures: [{ measure: 'detention', startedAt: '2025-03-02T01:00:00+08:00' }] }],
    ...overrides,
  };
}
