import { QuestionCircleOutlined } from '@ant-design/icons';
import { Popover, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { LawRef, lawText } from './LawRef';

export type TDeadlineStatus = 'ok' | 'dueSoon' | 'dueToday' | 'overdue';
export type TExplanationStep = { code: string; article: string; zh: string; en: string; date?: string };

const COLORS: Record<TDeadlineStatus, string> = { ok: 'green', dueSoon: 'orange', dueToday: 'volcano', overdue: 'red' };

/**
 * A due date with its status; when the server explains the date (CPL 105 steps), a click or
 * Enter opens the steps with the article each one rests on ("why this date").
 */
export function DeadlineBadge(props: {
  name?: string | null;
  due: string;
  status: TDeadlineStatus | null;
  explanation?: TExplanationStep[];
}) {
  const { t, i18n } = useTranslation();
  const status = props.status ?? 'ok';
  const tag = (
    <Tag color={COLORS[status]} data-testid="deadline-badge" data-status={status} data-explains={props.explanation ? 'true' : undefined}>
      {props.name ? `${props.name} · ` : ''}
      {props.due} · {t(`deadline.${status}`)}
      {props.explanation ? <QuestionCircleOutlined style={{ marginInlineStart: 4 }} aria-hidden /> : null}
    </Tag>
  );
  if (!props.explanation) return tag;
  const content = (
    <div style={{ maxWidth: 420 }} data-testid="deadline-explanation">
      {props.explanation.length === 0 ? (
        <Typography.Text type="secondary">{t('deadline.noExplanation')}</Typography.Text>
      ) : (
        <ol style={{ margin: 0, paddingInlineStart: 18 }}>
          {props.explanation.map((s, i) => (
            <li key={`${s.code}-${i}`} style={{ marginBottom: 4 }}>
              {lawText(pick(s, i18n.language), i18n.language)}
              {s.date ? <Typography.Text strong> {s.date}</Typography.Text> : null}
              {s.article ? <span style={{ marginInlineStart: 6 }}><LawRef text={s.article} /></span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
  return (
    <Popover content={content} title={t('deadline.why')} trigger="click">
      <button type="button" className="xt-link-button" title={t('deadline.why')} aria-label={`${t('deadline.why')} ${props.due}`}>
        {tag}
      </button>
    </Popover>
  );
}
