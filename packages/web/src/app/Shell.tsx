/**
 * The frame around every signed-in screen: a menu that lists only what the user's agency and
 * role allow, and a header with user, agency, role, language, password and sign-out.
 */
import {
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  DownOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  InboxOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ROLES } from '@xietong/core/agencies';
import { Button, Dropdown, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog';
import { permissionsOf } from '../auth/permissions';
import { ME_KEY, useCurrentUser } from '../auth/session';
import { LANGUAGES, pick, setLanguage, type TLanguage } from '../i18n';
import { NotificationBell } from '../notifications/NotificationBell';

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const perms = permissionsOf(me);
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [pwOpen, setPwOpen] = useState(false);

  const logout = useMutation({
    mutationFn: () => callApi(foundationApi.logout),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
      void navigate('/login', { replace: true });
    },
  });

  const items = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('nav.home')}</Link> },
    perms.inbox && { key: '/inbox', icon: <InboxOutlined />, label: <Link to="/inbox">{t('nav.inbox')}</Link> },
    perms.cases && { key: '/cases', icon: <FolderOpenOutlined />, label: <Link to="/cases">{t('nav.cases')}</Link> },
    perms.createCase && { key: '/cases/new', icon: <FileAddOutlined />, label: <Link to="/cases/new">{t('nav.newCase')}</Link> },
    perms.custody && { key: '/custody', icon: <LockOutlined />, label: <Link to="/custody">{t('nav.custody')}</Link> },
    { key: '/deadlines', icon: <CalculatorOutlined />, label: <Link to="/deadlines">{t('nav.calculator')}</Link> },
    perms.defence && { key: '/defence', icon: <SolutionOutlined />, label: <Link to="/defence">{t('nav.defence')}</Link> },
    perms.stats && { key: '/stats', icon: <BarChartOutlined />, label: <Link to="/stats">{t('nav.stats')}</Link> },
    perms.audit && { key: '/audit', icon: <AuditOutlined />, label: <Link to="/audit">{t('nav.audit')}</Link> },
    { key: '/verify', icon: <SafetyCertificateOutlined />, label: <Link to="/verify">{t('nav.verify')}</Link> },
    perms.admin && { key: '/admin', icon: <TeamOutlined />, label: <Link to="/admin">{t('nav.admin')}</Link> },
  ].filter((x): x is Exclude<typeof x, false> => Boolean(x));
  const selected =
    items
      .map((i) => i.key)
      .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname === k || (k !== '/cases' && location.pathname.startsWith(`${k}/`)) || (k === '/cases' && /^\/cases\/(?!new)/.test(location.pathname))))
      .sort((a, b) => b.length - a.length)[0] ?? '/';

  // the platform's 三员 show which of the three they are (系统管理员 / 安全管理员 / 审计管理员)
  const roleNames = me.platformAdmin && me.roles.every((r) => r === 'admin') ? [t('header.platformAdmin')] : me.roles.map((r) => pick(ROLES[r], i18n.language));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="xt-skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="xt-header">
        <span className="xt-brand">{t('app.name')} · {t('app.fullName')}</span>
        <span className="xt-spacer" />
        <Space size="middle" wrap={false}>
          <NotificationBell />
          <span data-testid="header-agency" title={me.agency.name}>{me.agency.name}</span>
          <Space size={4}>{roleNames.map((r) => <Tag key={r} color="blue">{r}</Tag>)}</Space>
          <Select<TLanguage>
            aria-label={t('header.language')}
            size="small"
            value={(i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as TLanguage}
            onChange={(v) => setLanguage(v)}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            style={{ width: 100 }}
            data-testid="language-switch"
          />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'password', label: t('header.changePassword'), onClick: () => setPwOpen(true) },
                { key: 'logout', label: t('header.logout'), onClick: () => logout.mutate() },
              ],
            }}
          >
            <Button type="text" aria-label={t('header.userMenu')} data-testid="user-menu" loading={logout.isPending}>
              <Typography.Text strong>{me.displayName}</Typography.Text> <DownOutlined />
            </Button>
          </Dropdown>
        </Space>
      </header>
      <Layout>
        <Layout.Sider width={184} breakpoint="lg" collapsedWidth={56} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <nav aria-label={t('nav.menu')}>
            <Menu mode="inline" selectedKeys={[selected]} items={items} style={{ borderInlineEnd: 0 }} />
          </nav>
        </Layout.Sider>
        <Layout.Content id="main" className="xt-content" tabIndex={-1}>
          {children}
        </Layout.Content>
      </Layout>
      <ChangePasswordDialog open={pwOpen || me.mustChangePassword} forced={me.mustChangePassword} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}
