/**
 * 密级 tag (公开/内部/秘密/机密/绝密) on cases and documents. 公开 is not tagged: only a level
 * that limits who may see the material is worth the space.
 */
import { CLASSIFICATIONS, type TClassification } from '@xietong/core/cases';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';

const COLORS: Record<TClassification, string> = { public: 'default', internal: 'blue', secret: 'orange', confidential: 'volcano', top_secret: 'red' };

export function ClassificationTag({ level }: { level: TClassification }) {
  const { t, i18n } = useTranslation();
  if (level === 'public') return null;
  return (
    <Tooltip title={t('security.classification')}>
      <Tag color={COLORS[level]} data-testid="classification-tag" data-level={level}>{pick(CLASSIFICATIONS[level], i18n.language)}</Tag>
    </Tooltip>
  );
}
