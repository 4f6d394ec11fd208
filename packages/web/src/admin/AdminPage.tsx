/**
 * 用户与机构: the agencies tree, the users of the chosen agency, creating users (agency admins in
 * their own agency, the platform administrator anywhere) and agencies (platform administrator).
 * 三员: the system administrator creates; the security administrator unlocks, disables and
 * enables accounts (roles and temporary passwords: PATCH /api/users/:id).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AGENCY_LEVELS, AGENCY_TYPES, ROLES, type TRole } from '@xietong/core/agencies';
import type { TAgency, TEndpointBody, TEndpointResponse } from '@xietong/core/api';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Result, Row, Select, Space, Table, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';
import { permissionsOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { pick } from '../i18n';
import { useAgencies } from './use-agencies';

type TUserRow = TEndpointResponse<typeof foundationApi.listUsers>['items'][number];

export function agencyTree(agencies: readonly TAgency[], lang: string): DataNode[] {
  const byParent = new Map<string | null, TAgency[]>();
  const ids = new Set(agencies.map((a) => a.id));
  for (const a of agencies) {
    const parent = a.parentId && ids.has(a.parentId) ? a.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), a]);
  }
  const build = (parent: string | null): DataNode[] =>
    (byParent.get(parent) ?? []).map((a) => ({
      key: a.id,
      title: `${a.name}（${pick(AGENCY_TYPES[a.type], lang)}）`,
      children: build(a.id),
    }));
  return build(null);
}

export default function AdminPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const perms = permissionsOf(me);
  const agencies = useAgencies();
  const [selected, setSelected] = useState<string>(me.agency.id);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [userOpen, setUserOpen] = useState(false);
  const [agencyOpen, setAgencyOpen] = useState(false);
  const visible = useMemo(
    () => (agencies.data?.items ?? []).filter((a) => me.platformAdmin || a.id === me.agency.id),
    [agencies.data, me],
  );
  const sysAdmin = me.roles.includes('admin');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const security = useMutation({
    mutationFn: (v: { id: string; body: TEndpointBody<typeof foundationApi.updateUserSecurity> }) => callApi(foundationApi.updateUserSecurity, { params: { id: v.id }, body: v.body }),
    onSuccess: () => {
      void message.success(t('security.done'));
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const users = useQuery({
    queryKey: ['users', selected, page],
    queryFn: ({ signal }) => callApi(foundationApi.listUsers, { query: { agencyId: selected, ...page }, signal }),
    enabled: perms.admin,
    placeholderData: (p) => p,
  });
  if (!perms.admin) return <Result status="403" title={t('app.forbidden')} />;
  const selectedAgency = agencies.data?.items.find((a) => a.id === selected);

  return (
    <div data-testid="admin">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('admin.title')}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card
            title={t('admin.agencies')}
            extra={me.platformAdmin && sysAdmin ? <Button size="small" onClick={() => setAgencyOpen(true)}>{t('admin.createAgency')}</Button> : null}
            loading={agencies.isPending}
            styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflow: 'auto' } }}
          >
            <ErrorAlert error={agencies.error} />
            <Tree
              treeData={agencyTree(visible, i18n.language)}
              defaultExpandAll
              selectedKeys={[selected]}
              onSelect={(keys) => {
                if (keys[0]) {
                  setSelected(String(keys[0]));
                  setPage({ page: 1, pageSize: page.pageSize });
                }
              }}
              data-testid="agency-tree"
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            title={selectedAgency ? `${t('admin.users')} · ${selectedAgency.name}` : t('admin.users')}
            extra={sysAdmin ? <Button type="primary" size="small" onClick={() => setUserOpen(true)} disabled={!selectedAgency}>{t('admin.createUser')}</Button> : null}
          >
            {selectedAgency ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                {pick(AGENCY_TYPES[selectedAgency.type], i18n.language)} · {pick(AGENCY_LEVELS[selectedAgency.level], i18n.language)} · {t('admin.regionCode')} {selectedAgency.regionCode} · {t('admin.unitCode')} {selectedAgency.unitCode}
              </Typography.Paragraph>
            ) : null}
            <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
            <ErrorAlert error={security.error} />
            <Table<TUserRow>
              rowKey="id"
              size="small"
              loading={users.isFetching}
              dataSource={users.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('app.empty')} /> }}
              pagination={{
                current: page.page,
                pageSize: page.pageSize,
                total: users.data?.total ?? 0,
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, s) => setPage({ page: p, pageSize: s }),
              }}
              columns={[
                { title: t('admin.username'), dataIndex: 'username' },
                { title: t('admin.displayName'), dataIndex: 'displayName' },
                { title: t('admin.roles'), dataIndex: 'roles', render: (rs: TRole[]) => <Space size={4} wrap>{rs.map((r) => <Tag key={r}>{pick(ROLES[r], i18n.language)}</Tag>)}</Space> },
                {
                  title: t('admin.status'),
                  dataIndex: 'disabled',
                  render: (d: boolean, u) => (
                    <Space size={4}>
                      {d ? <Tag color="red">{t('admin.disabled')}</Tag> : <Tag color="green">{t('admin.active')}</Tag>}
                      {u.locked ? <Tag color="orange" data-testid="user-locked">{t('security.locked')}</Tag> : null}
                    </Space>
                  ),
                },
                { title: t('admin.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
                ...(perms.accountSecurity
                  ? [{
                      title: t('security.actions'),
                      key: 'security',
                      render: (_: unknown, u: TUserRow) =>
                        u.id === me.id ? null : (
                          <Space size={4}>
                            {u.locked ? <Button size="small" onClick={() => security.mutate({ id: u.id, body: { unlock: true } })}>{t('security.unlock')}</Button> : null}
                            <Button size="small" danger={!u.disabled} onClick={() => security.mutate({ id: u.id, body: { disabled: !u.disabled } })}>
                              {u.disabled ? t('security.enable') : t('security.disable')}
                            </Button>
                          </Space>
                        ),
                    }]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {selectedAgency ? <CreateUserDialog open={userOpen} agency={selectedAgency} onClose={() => setUserOpen(false)} /> : null}
      <CreateAgencyDialog open={agencyOpen} agencies={agencies.data?.items ?? []} onClose={() => setAgencyOpen(false)} />
    </div>
  );
}

type TCreateUser = TEndpointBody<typeof foundationApi.createUser>;

function CreateUserDialog({ open, agency, onClose }: { open: boolean; agency: TAgency; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Omit<TCreateUser, 'agencyId'>>();
  const create = useMutation({
    mutationFn: (body: TCreateUser) => callApi(foundationApi.createUser, { body }),
    onSuccess: () => {
      void message.success(t('admin.userCreated'));
      void qc.invalidateQueries({ queryKey: ['users'] });
      form.resetFields();
      onClose();
    },
  });
  // 三员: the security and audit administrator roles are granted by the security administrator only
  const roles = (Object.keys(ROLES) as TRole[]).filter((r) => (agency.type === 'lawfirm' ? r === 'lawyer' : r !== 'lawyer' && r !== 'security_admin' && r !== 'audit_admin'));
  return (
    <Modal
      open={open}
      title={`${t('admin.createUser')} · ${agency.shortName}`}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void form.validateFields().then((v) => create.mutate({ ...v, agencyId: agency.id }))}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={create.error} />
      <Form form={form} layout="vertical">
        <Form.Item name="username" label={t('admin.username')} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('admin.roles')} rules={[{ required: true }]}>
          <Select mode="multiple" options={roles.map((r) => ({ value: r, label: pick(ROLES[r], i18n.language) }))} />
        </Form.Item>
        <Form.Item name="password" label={t('admin.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type TCreateAgency = TEndpointBody<typeof foundationApi.createAgency>;

function CreateAgencyDialog({ open, agencies, onClose }: { open: boolean; agencies: TAgency[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<TCreateAgency>();
  const create = useMutation({
    mutationFn: (body: TCreateAgency) => callApi(foundationApi.createAgency, { body }),
    onSuccess: () => {
      void message.success(t('admin.agencyCreated'));
      void qc.invalidateQueries({ queryKey: ['agencies'] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('admin.createAgency')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void form.validateFields().then((v) => create.mutate({ ...v, parentId: v.parentId ?? null }))}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={create.error} />
      <Form form={form} layout="vertical">
        <Form.Item name="parentId" label={t('admin.parent')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
        </Form.Item>
        <Form.Item name="name" label={t('admin.agencyName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('admin.shortName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="type" label={t('admin.type')} rules={[{ required: true }]}>
              <Select options={Object.entries(AGENCY_TYPES).map(([k, v]) => ({ value: k, label: pick(v, i18n.language) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="level" label={t('admin.level')} rules={[{ required: true }]}>
              <Select options={Object.entries(AGENCY_LEVELS).map(([k, v]) => ({ value: k, label: pick(v, i18n.language) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="regionCode" label={t('admin.regionCode')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
              <Input maxLength={6} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unitCode" label={t('admin.unitCode')} rules={[{ required: true }]}>
              <Input maxLength={12} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
