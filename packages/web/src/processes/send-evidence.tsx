/**
 * 证据指引 before a send, on the process card: for each action the server marks with an
 * `evidenceStage`, the checklist of that stage (the same query the dossier uses, so a material
 * added there shows here at once), "缺少 N 项必备证据" with each item a link into the dossier at
 * that item, and what the send button will do (blocked, or an approver's override with a reason).
 */
import { useQueries } from '@tanstack/react-query';
import type { TEndpointResponse } from '@xietong/core/api';
import { SEND_STAGES, type TSendStage } from '@xietong/core/evidence';
import { Alert, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../api/client';
import { documentApi } from '../api/endpoints';
import { pick } from '../i18n';
import type { TInstance } from './ActionDialog';
import { evidenceItemName } from './labels';

export type TEvidenceCheck = TEndpointResponse<typeof documentApi.evidenceCheck>;

export function evidenceQueryKey(caseId: string, stage: TSendStage) {
  return ['case', caseId, 'evidence', stage] as const;
}

/** The dossier opened at one checklist item. */
export function dossierItemUrl(caseId: string, stage: TSendStage, itemId: string): string {
  return `/cases/${caseId}/dossier?${new URLSearchParams({ stage, item: itemId }).toString()}`;
}

/** The checks of every gated send this user may take now, by stage. */
export function useSendEvidence(instance: TInstance): Map<TSendStage, TEvidenceCheck> {
  const stages = [...new Set(instance.availableActions.flatMap((a) => (a.evidenceStage ? [a.evidenceStage] : [])))];
  const results = useQueries({
    queries: stages.map((stage) => ({
      queryKey: evidenceQueryKey(instance.caseId, stage),
      queryFn: ({ signal }: { signal: AbortSignal }) => callApi(documentApi.evidenceCheck, { params: { id: instance.caseId }, query: { stage }, signal }),
    })),
  });
  const out = new Map<TSendStage, TEvidenceCheck>();
  stages.forEach((s, i) => {
    const d = results[i]?.data;
    if (d) out.set(s, d);
  });
  return out;
}

export function SendEvidencePanel({ caseId, checks, canOverride }: { caseId: string; checks: Map<TSendStage, TEvidenceCheck>; canOverride: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {[...checks].map(([stage, c]) => {
        const stageName = pick(SEND_STAGES[stage], i18n.language);
        if (c.complete) {
          return <Alert key={stage} type="success" showIcon style={{ marginBottom: 8 }} title={t('action.evidenceComplete', { stage: stageName })} data-testid="send-evidence" data-complete="true" />;
        }
        // the rule's measured value beside the item it belongs to (血液酒精含量 → the blood alcohol opinion)
        const en = i18n.language === 'en-US';
        const links = [
          ...c.missing.map((m) => ({ id: m.id, label: evidenceItemName(m.id, m.zh, i18n.language) })),
          ...c.failedRules.map((r) => ({ id: r.itemId, label: en ? `${evidenceItemName(r.itemId, r.zh, i18n.language)} (${r.actual ?? '—'})` : `${r.zh}（${r.actual ?? '—'}）` })),
        ];
        return (
          <Alert
            key={stage}
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="send-evidence"
            data-complete="false"
            title={<span data-testid="send-evidence-count">{t('action.evidenceMissing', { n: c.missing.length + c.failedRules.length, stage: stageName })}</span>}
            description={
              <>
                <Space size={[12, 2]} wrap style={{ marginBottom: 4 }}>
                  {links.map((m) => (
                    <Link key={`${m.id}-${m.label}`} to={dossierItemUrl(caseId, stage, m.id)} data-testid="missing-evidence-link" data-item={m.id}>
                      {m.label}
                    </Link>
                  ))}
                </Space>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                  {canOverride ? t('action.evidenceHintApprover') : t('action.evidenceHintHandler')}
                </Typography.Paragraph>
              </>
            }
          />
        );
      })}
    </>
  );
}
