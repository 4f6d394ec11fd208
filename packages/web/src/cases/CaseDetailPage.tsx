/**
 * 案件详情: the shared case card (parties, charges, persons with measures and custody
 * deadlines), the process instances with the actions this user may take now (from
 * `availableActions`), the legal documents generated for it (法律文书, `LegalDocumentsCard`), and the
 * timeline across agencies.
 */
import { FolderOpenOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AGENCY_TYPES, ROLES, type TAgencyType } from '@xietong/core/agencies';
import type { TEndpointResponse } from '@xietong/core/api';
import { formatChargeArticle, getCharge, isChargeCode, type TChargeCode } from '@xietong/core/charges';
import { formatArticleZh } from '@xietong/core/processes';
import { regionFullName } from '@xietong/core/regions';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Table, Tabs, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, callApi } from '../api/client';
import { caseApi, processApi } from '../api/endpoints';
import { hasRole } from '@xietong/core/access';
import { useCurrentUser } from '../auth/session';
import { DeadlineBadge } from '../common/DeadlineBadge';
import { ErrorAlert } from '../common/ErrorAlert';
import { ClassificationTag } from '../common/ClassificationTag';
import { fmtDate, fmtDateTime } from '../common/format';
import { pick } from '../i18n';
import { ActionDialog, docName, type TAvailableAction, type TInstance } from '../processes/ActionDialog';
import { StartProcessDialog } from '../processes/StartProcessDialog';
import { SendEvidencePanel, useSendEvidence } from '../processes/send-evidence';
import { actionLabel, chargeName, measureName, personTitle, processName, stageName, stateName, timerName } from '../processes/labels';
import { dossierViewUrl, LegalDocumentsCard } from './LegalDocumentsCard';
import { LawRef, LawRefs, lawText } from '../common/LawRef';
import { AccessReport } from '../defence/AccessReportCard';

type TCase = TEndpointResponse<typeof caseApi.getCase>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type TPerson = TCase['people'][number];
type TEvent = TEndpointResponse<typeof processApi.timeline>['items'][number];

export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const [sp, setSp] = useSearchParams();
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [startOpen, setStartOpen] = useState(false);
  // a mistyped or truncated link is answered here, not sent to the server for a "params.id 应为UUID格式" with a useless 重试
  const wellFormed = UUID.test(id);
  const c = useQuery({ queryKey: ['case', id], queryFn: ({ signal }) => callApi(caseApi.getCase, { params: { id }, signal }), enabled: wellFormed });
  const processes = useQuery({
    queryKey: ['case', id, 'processes'],
    queryFn: ({ signal }) => callApi(processApi.listCaseProcesses, { params: { id }, signal }),
    enabled: c.isSuccess,
  });
  const timeline = useQuery({
    queryKey: ['case', id, 'timeline'],
    queryFn: ({ signal }) => callApi(processApi.timeline, { params: { id }, signal }),
    enabled: c.isSuccess,
  });

  if (!wellFormed || (c.error instanceof ApiError && c.error.status === 400)) {
    return (
      <Result
        status="404"
        title={<span data-testid="case-not-found" data-reason="bad-link">{t('caseDetail.badLink')}</span>}
        subTitle={t('caseDetail.badLinkHint')}
        extra={<Link to="/cases">{t('nav.cases')}</Link>}
      />
    );
  }
  if (c.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (c.error instanceof ApiError && (c.error.status === 404 || c.error.status === 403)) {
    return (
      <Result
        status="404"
        title={<span data-testid="case-not-found">{t('caseDetail.notFound')}</span>}
        subTitle={t('caseDetail.notFoundHint')}
        extra={<Link to="/cases">{t('nav.cases')}</Link>}
      />
    );
  }
  if (c.error || !c.data) return <ErrorAlert error={c.error} onRetry={() => void c.refetch()} />;
  const data = c.data;
  const lang = i18n.language;
  const isParty = data.parties.some((p) => p.agencyId === me.agency.id);
  const canStart = isParty && hasRole({ roles: me.roles }, 'handler', 'clerk', 'approver');
  const focus = sp.get('instance');

  return (
    <div data-testid="case-detail">
      <Space style={{ width: '100%', justifyContent: 'space-between', alignItems: 'flex-start' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-title-heading">{data.title}</Typography.Title>
          <Space size={4} wrap style={{ marginTop: 6 }}>
            <ClassificationTag level={data.classification} />
            {[data.numbers.police, data.numbers.procuratorate, data.numbers.court].filter(Boolean).map((n) => (
              <Tag key={n}>{n}</Tag>
            ))}
            <Tag color="processing" data-testid="case-stage">{stageName(data.stage, data.stageName, lang)}</Tag>
            {data.nextDeadline ? <DeadlineBadge name={timerName(data.nextDeadline.zh, lang)} due={data.nextDeadline.due} status={data.nextDeadline.status} /> : null}
          </Space>
          {/* whoever is held: their custody deadline in sight on the case, not only in the persons tab */}
          {data.people.some((p) => p.inCustody && p.custodyDeadline) ? (
            <Space size={4} wrap style={{ marginTop: 6 }} data-testid="held-persons">
              <Typography.Text type="secondary">{t('caseDetail.custodyDeadline')}:</Typography.Text>
              {data.people.filter((p) => p.inCustody && p.custodyDeadline).map((p) => (
                <span key={p.id} data-testid="held-person">
                  <Typography.Text strong>{p.name}</Typography.Text>{' '}
                  <DeadlineBadge name={timerName(p.custodyDeadline!.zh, lang)} due={p.custodyDeadline!.due} status={p.custodyDeadline!.status} explanation={p.custodyDeadline!.explanation} />
                </span>
              ))}
            </Space>
          ) : null}
        </div>
        <Space>
          <Link to={`/cases/${data.id}/dossier`}>
            <Button icon={<FolderOpenOutlined />} tabIndex={-1} data-testid="open-dossier">{t('caseDetail.dossier')}</Button>
          </Link>
          {canStart ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setStartOpen(true)} data-testid="start-process-button">
              {t('caseDetail.startProcess')}
            </Button>
          ) : null}
        </Space>
      </Space>

      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('caseDetail.overview')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              <Descriptions.Item label={t('caseDetail.charges')}>
                <Space size={4} wrap>
                  {data.charges.map((ch) => (
                    <Tooltip key={ch.code} title={isChargeCode(ch.code) ? chargeArticle(ch.code, lang) : undefined}>
                      <Tag>{chargeName(ch.code, ch.name, lang)}</Tag>
                    </Tooltip>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.region')}>{regionFullName(data.regionCode) ?? data.regionCode}</Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.occurredAt')}><span className="xt-nowrap">{fmtDateTime(data.occurredAt)}</span></Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.createdAt')}><span className="xt-nowrap" data-testid="case-created-at">{fmtDateTime(data.createdAt)}</span></Descriptions.Item>
              <Descriptions.Item label={t('caseDetail.stage')}>{stageName(data.stage, data.stageName, lang)}</Descriptions.Item>
            </Descriptions>
            {/* a row of its own: a real 简要案情 runs to several lines and must not squeeze the fields beside it */}
            <Descriptions size="small" column={1} style={{ marginTop: 4 }}>
              <Descriptions.Item label={t('caseDetail.summary')}><span data-testid="case-summary">{data.summary || '—'}</span></Descriptions.Item>
            </Descriptions>
          </Card>
          <LegalDocumentsCard caseId={data.id} isParty={isParty} />
          <Tabs
            defaultActiveKey="processes"
            items={[
              {
                key: 'processes',
                label: `${t('caseDetail.processes')}${processes.data ? ` (${processes.data.items.length})` : ''}`,
                children: (
                  <>
                    <ErrorAlert error={processes.error} onRetry={() => void processes.refetch()} />
                    {processes.isPending ? <Skeleton active /> : null}
                    {processes.data && !processes.data.items.length ? <Empty description={t('caseDetail.noProcesses')} /> : null}
                    {processes.data?.items.map((p) => (
                      <ProcessCard key={p.id} instance={p} focused={focus === p.id} canOverride={hasRole({ roles: me.roles }, 'approver')} people={data.people} />
                    ))}
                  </>
                ),
              },
              {
                key: 'people',
                label: `${t('caseDetail.people')} (${data.people.length})`,
                children: <PeopleTable caseId={data.id} people={data.people} />,
              },
              {
                key: 'access',
                label: t('accessReport.tab'),
                children: <AccessReport caseId={data.id} />,
              },
              {
                key: 'parties',
                label: `${t('caseDetail.parties')} (${data.parties.length})`,
                children: (
                  <Table
                    rowKey="agencyId"
                    size="small"
                    pagination={false}
                    dataSource={data.parties}
                    columns={[
                      { title: t('audit.agency'), dataIndex: 'agencyName' },
                      { title: t('admin.type'), dataIndex: 'agencyType', render: (v: string) => (v in AGENCY_TYPES ? pick(AGENCY_TYPES[v as TAgencyType], lang) : v) },
                      { title: t('caseDetail.joinedAt'), dataIndex: 'joinedAt', render: (v: string) => fmtDateTime(v) },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('caseDetail.timeline')} data-testid="timeline">
            <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
            {timeline.isPending ? <Skeleton active /> : null}
            {timeline.data && !timeline.data.items.length ? <Empty description={t('caseDetail.noTimeline')} /> : null}
            {timeline.data?.items.length ? <CaseTimeline caseId={data.id} events={timeline.data.items} /> : null}
          </Card>
        </Col>
      </Row>
      <StartProcessDialog
        caseId={data.id}
        open={startOpen}
        onClose={() => setStartOpen(false)}
        onStarted={(instanceId) => {
          setStartOpen(false);
          const next = new URLSearchParams(sp);
          next.set('instance', instanceId);
          setSp(next, { replace: true });
        }}
      />
    </div>
  );
}

/**
 * 身份证号 masked (220104********123X) as the server sends it; the full number is fetched one
 * person at a time on request, and the server audits that read (等保 §8.1.4.11).
 */
function ResidentIdCell({ caseId, person }: { caseId: string; person: TPerson }) {
  const { t } = useTranslation();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!person.residentId) return <>—</>;
  if (full) return <span data-testid="resident-id-full">{full}</span>;
  return (
    <Space size={4}>
      <span data-testid="resident-id-masked">{person.residentId}</span>
      <Tooltip title={t('security.showResidentIdHint')}>
        <Button
          size="small"
          type="link"
          loading={busy}
          data-testid="show-resident-id"
          onClick={() => {
            setBusy(true);
            void callApi(caseApi.getCasePerson, { params: { id: caseId, personId: person.id } })
              .then((p) => setFull(p.residentId))
              .finally(() => setBusy(false));
          }}
        >
          {t('security.showResidentId')}
        </Button>
      </Tooltip>
    </Space>
  );
}

function PeopleTable({ caseId, people }: { caseId: string; people: TPerson[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<TPerson>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={people}
      locale={{ emptyText: <Empty description={t('app.empty')} /> }}
      columns={[
        { title: t('newCase.name'), dataIndex: 'name', render: (v: string, p) => <span>{v} <Typography.Text type="secondary">{personTitle(p.title, i18n.language)}</Typography.Text></span> },
        { title: t('newCase.residentId'), dataIndex: 'residentId', render: (_: string | null, p) => <ResidentIdCell caseId={caseId} person={p} /> },
        { title: t('newCase.sex'), dataIndex: 'sex', width: 60, render: (v: string) => (v === 'male' || v === 'female' ? t(`sex.${v}`) : v) },
        { title: t('caseDetail.custody'), dataIndex: 'inCustody', width: 90, render: (v: boolean, p) => <Tag color={v ? 'red' : 'default'}>{measureName(p.currentMeasure, p.custodyStatus, i18n.language) || (v ? t('caseDetail.inCustody') : t('caseDetail.notInCustody'))}</Tag> },
        {
          // the person's running custody (or 取保候审/监视居住) deadline, with why this date (CPL 91, 156, 172, 79 …)
          title: t('caseDetail.custodyDeadline'),
          key: 'custodyDeadline',
          render: (_, p) =>
            p.custodyDeadline ? (
              <span data-testid="person-custody-deadline">
                <DeadlineBadge name={timerName(p.custodyDeadline.zh, i18n.language)} due={p.custodyDeadline.due} status={p.custodyDeadline.status} explanation={p.custodyDeadline.explanation} />
                <LawRef text={p.custodyDeadline.article} />
              </span>
            ) : (
              '—'
            ),
        },
        {
          title: t('caseDetail.measures'),
          key: 'measures',
          render: (_, p) =>
            p.measures.length ? (
              <Space orientation="vertical" size={2}>
                {p.measures.map((m) => (
                  <span key={m.id}>
                    <Tag color={m.custodial ? 'volcano' : 'blue'}>{measureName(m.measure, m.measureName, i18n.language)}</Tag>
                    {fmtDateTime(m.startedAt)}
                    {m.endedAt ? ` – ${fmtDateTime(m.endedAt)}` : ''}
                    {m.legalMaxDue && !m.endedAt ? (
                      <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                        {t('caseDetail.legalMax')}: {fmtDate(m.legalMaxDue)}
                        {m.article ? <> (<LawRef text={m.article} plain />)</> : ''}
                      </Typography.Text>
                    ) : null}
                  </span>
                ))}
              </Space>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

/** The article a charge rests on: 《刑法》第一百三十三条之一 in Chinese, 刑法第133条之一 otherwise. */
function chargeArticle(code: TChargeCode, lang: string): string {
  if (lang === 'en-US') return formatChargeArticle(code);
  const c = getCharge(code);
  return `《刑法》${formatArticleZh(c.paragraph ? `${c.article} ¶${c.paragraph}` : c.article)}`;
}

function ProcessCard({ instance, focused, canOverride, people }: { instance: TInstance; focused: boolean; canOverride: boolean; people: TPerson[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [open, setOpen] = useState<TAvailableAction | null>(null);
  const evidence = useSendEvidence(instance);
  // what a gated send will do now: go, stop for missing evidence, or go with an approver's reason
  const sendMode = (a: TAvailableAction) => {
    const c = a.evidenceStage ? evidence.get(a.evidenceStage) : undefined;
    if (!c || c.complete) return { mode: 'send' as const, n: 0 };
    return { mode: canOverride ? ('override' as const) : ('blocked' as const), n: c.missing.length + c.failedRules.length };
  };
  const running = instance.timers.filter((x) => x.status !== 'stopped');
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: focused ? '#1677ff' : undefined, boxShadow: focused ? '0 0 0 2px rgba(22,119,255,.2)' : undefined }}
      data-testid="process-card"
      data-process={instance.code}
      data-state={instance.state}
      title={
        <Space wrap>
          <span data-testid="process-name">{processName(instance.code, instance.name, lang)}</span>
          <Tag color={instance.terminal ? 'default' : 'processing'} data-testid="process-state">{stateName(instance.code, instance.state, instance.stateName, lang)}</Tag>
          {instance.data.voided ? <Tag color="error" data-testid="process-voided">{t('caseDetail.voided')}</Tag> : null}
        </Space>
      }
      extra={<Typography.Text type="secondary">{fmtDateTime(instance.updatedAt)}</Typography.Text>}
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('caseDetail.side.initiator')}>{instance.initiator.agencyName}</Descriptions.Item>
        <Descriptions.Item label={t('caseDetail.side.receiver')}>{instance.receiver.agencyName}</Descriptions.Item>
        {instance.mySide ? <Descriptions.Item label={t('caseDetail.mySide')}>{t(`caseDetail.side.${instance.mySide}`)}</Descriptions.Item> : null}
      </Descriptions>
      {running.length ? (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('caseDetail.timers')}: </Typography.Text>
          <Space size={4} wrap>
            {running.map((x) => (
              // a paused period (CPL 149, 235) cannot fall due while paused: its last day moves when it runs again
              <DeadlineBadge key={x.id} name={x.status === 'paused' ? `${pick(x, lang)}${t('caseDetail.timerPaused', { date: x.pausedOn ?? '' })}` : pick(x, lang)}
                due={x.due} status={x.status === 'paused' ? 'ok' : x.deadlineStatus} explanation={x.explanation} />
            ))}
          </Space>
        </div>
      ) : null}
      {instance.waitingFor.length ? (
        <div style={{ marginBottom: 8 }} data-testid="waiting-for">
          <Typography.Text type="secondary">{t('caseDetail.waitingFor')} </Typography.Text>
          {instance.waitingFor.map((w) => (
            <Typography.Text key={`${w.side}-${w.agencyId}`} data-agency={w.agencyId}>
              {t('caseDetail.waitingForLine', {
                agency: w.agencyName,
                roles: w.roles.map((r) => (lang.startsWith('zh') ? r.zh : (ROLES as Record<string, { en: string }>)[r.role]?.en ?? r.role)).join(lang.startsWith('zh') ? '、' : ' / '),
                actions: w.actions.map((x) => pick(x, lang)).join(lang.startsWith('zh') ? '、' : ', '),
              })}{' '}
            </Typography.Text>
          ))}
        </div>
      ) : null}
      {[...new Map(instance.availableActions.flatMap((a) => a.warnings).map((w) => [w.code, w])).values()].map((w) => (
        <Alert key={w.code} type="warning" showIcon style={{ marginBottom: 8 }} message={lawText(pick(w, lang), lang)} data-testid="process-warning" />
      ))}
      <SendEvidencePanel caseId={instance.caseId} checks={evidence} canOverride={canOverride} />
      <div>
        <Typography.Text type="secondary">{t('caseDetail.yourActions')}: </Typography.Text>
        {instance.availableActions.length ? (
          <Space size={6} wrap>
            {instance.availableActions.map((a) => {
              const send = sendMode(a);
              const label = pick(a.label, lang);
              if (send.mode === 'blocked') {
                return (
                  <Tooltip key={a.action} title={t('action.sendBlockedWhy', { n: send.n })}>
                    <span tabIndex={0} aria-label={`${label}: ${t('action.sendBlockedWhy', { n: send.n })}`}>
                      <Button size="small" disabled danger data-testid={`action-${a.action}`} data-send="blocked">{t('action.sendBlocked', { label })}</Button>
                    </span>
                  </Tooltip>
                );
              }
              if (send.mode === 'override' && !a.blocked) {
                return (
                  <Tooltip key={a.action} title={t('action.sendOverrideWhy')}>
                    <Button size="small" danger onClick={() => setOpen(a)} data-testid={`action-${a.action}`} data-send="override">{t('action.sendOverride', { label })}</Button>
                  </Tooltip>
                );
              }
              return a.blocked ? (
                <Tooltip key={a.action} title={lawText(pick(a.blocked, lang), lang)}>
                  <span tabIndex={0} aria-label={`${pick(a.label, lang)}: ${pick(a.blocked, lang)}`}>
                    <Button size="small" disabled data-testid={`action-${a.action}`}>{pick(a.label, lang)}</Button>
                  </span>
                </Tooltip>
              ) : (
                <Button key={a.action} size="small" type="primary" ghost onClick={() => setOpen(a)} data-testid={`action-${a.action}`} data-send="send">
                  {pick(a.label, lang)}
                </Button>
              );
            })}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('caseDetail.noActions')}</Typography.Text>
        )}
      </div>
      {open ? <ActionDialog instance={instance} action={open} canOverride={canOverride} overrideRequired={sendMode(open).mode === 'override'} people={people} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}

function CaseTimeline({ caseId, events }: { caseId: string; events: TEvent[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.id,
        content: (
          <div data-testid="timeline-event" data-action={e.action}>
            <Typography.Text strong data-testid="timeline-action">{e.action === 'start' ? t('caseDetail.started') : actionLabel(e.process, e.action, e.actionLabel, lang)}</Typography.Text>
            <Typography.Text type="secondary" data-testid="timeline-process"> · {processName(e.process, e.processName, lang)}</Typography.Text>
            <div style={{ fontSize: 12 }}>
              {fmtDateTime(e.at)} · {t('caseDetail.by', { agency: e.actor.agencyName, name: e.actor.name })}
            </div>
            <div style={{ fontSize: 12 }}>
              {stateName(e.process, e.from, e.fromName, lang)} → {stateName(e.process, e.to, e.toName, lang)}
            </div>
            {e.documents.length ? (
              <Space size={4} wrap style={{ marginTop: 2 }}>
                {e.documents.map((d, i) => (
                  <Tag key={`${d.type}-${i}`} color={d.issued ? 'blue' : 'default'} data-testid="timeline-document">
                    <span data-testid="timeline-document-name">{docName(d.type, lang) || d.name}</span>
                    {d.number && d.documentId ? <> <Link to={dossierViewUrl(caseId, d.documentId)} data-testid="timeline-document-link">{d.number}</Link></> : d.number ? ` ${d.number}` : ''}
                  </Tag>
                ))}
              </Space>
            ) : null}
            {e.timersStarted.length ? (
              <div style={{ fontSize: 12 }}>
                {t('caseDetail.timersStarted')}: {e.timersStarted.map((x) => `${timerName(x.zh, lang, e.process)} → ${x.due}`).join(lang === 'en-US' ? '; ' : '；')}
              </div>
            ) : null}
            {e.articles.length ? (
              <div style={{ fontSize: 12 }} data-testid="timeline-articles">
                {t('common.articles')}: <LawRefs refs={e.articles} plain />
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
