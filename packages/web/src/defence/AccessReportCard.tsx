/** 卷宗查阅记录: who viewed or downloaded which file of the case, when (GET /api/cases/{id}/access-report). */
import { useQuery } from '@tanstack/react-query';
import type { TEndpointResponse } from '@xietong/core/api';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { defenceApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';

type TRow = TEndpointResponse<typeof defenceApi.accessReport>['items'][number];

export function AccessReport({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['case', caseId, 'access-report'], queryFn: () => callApi(defenceApi.accessReport, { params: { id: caseId } }) });
  return (
    <div data-testid="access-report">
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      <Table<TRow>
        rowKey={(r) => `${r.at}-${r.user.id}-${r.documentId}-${r.action}`} size="small" loading={q.isPending} dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('accessReport.at'), dataIndex: 'at', render: (v: string) => <span className="xt-nowrap">{fmtDateTime(v)}</span> },
          { title: t('accessReport.who'), render: (_, r) => r.user.name ?? '—' },
          { title: t('accessReport.agency'), render: (_, r) => r.agency.name ?? '—' },
          { title: t('accessReport.role'), render: (_, r) => r.user.roles.map((x) => t(`accessReport.roles.${x}` as 'accessReport.roles.lawyer', { defaultValue: x })).join('、') },
          { title: t('accessReport.what'), render: (_, r) => r.documentTitle ?? t('accessReport.dossier') },
          { title: t('accessReport.action'), render: (_, r) => <span>{r.actionName}{r.watermarked ? <Tag color="red" style={{ marginLeft: 6 }}>{t('accessReport.watermarked')}</Tag> : null}</span> },
        ]}
      />
    </div>
  );
}
