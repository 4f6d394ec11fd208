/**
 * 密级 labels (GB/T 22239-2019 §8.1.4: 标记与访问控制; 保密法 第十三条: 绝密、机密、秘密).
 * Cases and documents carry one; the platform is configured with the highest level it may hold
 * (XIETONG_MAX_CLASSIFICATION, default 内部: a non-classified network carries no 国家秘密), and
 * anything above it is refused, as 涉密 cases always were (single-track.md §1).
 */
import { z } from 'zod';

/** In ascending order: 公开 < 内部 (工作秘密) < 秘密 < 机密 < 绝密. */
export const CLASSIFICATIONS = {
  public: { zh: '公开', en: 'Public', rank: 0 },
  internal: { zh: '内部', en: 'Internal', rank: 1 },
  secret: { zh: '秘密', en: 'Secret', rank: 2 },
  confidential: { zh: '机密', en: 'Confidential', rank: 3 },
  top_secret: { zh: '绝密', en: 'Top secret', rank: 4 },
} as const;
export type TClassification = keyof typeof CLASSIFICATIONS;
export const CLASSIFICATION_CODES = Object.keys(CLASSIFICATIONS) as TClassification[];
export const ZClassification = z.enum(CLASSIFICATION_CODES as [TClassification, ...TClassification[]], {
  error: `密级应为 ${CLASSIFICATION_CODES.join(' / ')} 之一（公开/内部/秘密/机密/绝密）`,
});

/** The label a case or document gets when none is given. */
export const DEFAULT_CLASSIFICATION: TClassification = 'internal';

/** May material of this level be held on a platform configured for `platformMax`? */
export function classificationAllowed(level: TClassification, platformMax: TClassification): boolean {
  return CLASSIFICATIONS[level].rank <= CLASSIFICATIONS[platformMax].rank;
}

/** A case's label: `classified: true` (涉密) is at least 秘密. */
export function caseClassification(input: { classified?: boolean; classification?: TClassification }): TClassification {
  const given = input.classification ?? DEFAULT_CLASSIFICATION;
  return input.classified && CLASSIFICATIONS[given].rank < CLASSIFICATIONS.secret.rank ? 'secret' : given;
}
