import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The server's own message (Chinese by default, English when the workbench is in English), inline. */
export function errorText(e: unknown, lang: string): string {
  if (e instanceof ApiError) return lang === 'en-US' ? e.messageEn || e.message : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const details = error instanceof ApiError ? fieldIssues(error.details) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      title={errorText(error, i18n.language)}
      description={details.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{details.map((d) => <li key={d}>{d}</li>)}</ul> : undefined}
      action={onRetry ? <a onClick={onRetry} role="button" tabIndex={0}>{t('app.retry')}</a> : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}

/** Validation answers carry `details.issues: [{ path, message }]`; show them under the message. */
function fieldIssues(details: unknown): string[] {
  const issues = (details as { issues?: { path?: unknown; message?: unknown }[] } | null)?.issues;
  if (!Array.isArray(issues) || issues.length < 2) return [];
  return issues
    .filter((i) => typeof i.message === 'string')
    .slice(0, 8)
    .map((i) => {
      const path = Array.isArray(i.path) ? i.path.join('.') : typeof i.path === 'string' ? i.path : '';
      return path ? `${path}: ${String(i.message)}` : String(i.message);
    });
}
