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
    persons: [{ name: `张${seed % 97}某`, residentId: residentIdFor(seed), measures: [{ measure: 'detention', startedAt: '2025-03-02T01:00:00+08:00' }] }],
    ...overrides,
  };
}

function residentIdFor(seed: number): string {
  const first17 = `220104${1980 + (seed % 20)}0${1 + (seed % 9)}1${seed % 10}${String(seed % 1000).padStart(3, '0')}`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * W[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

