/**
 * Providers (antd locale, react-query, router) and the routes. Heavy screens (case card, dossier
 * viewer, statistics with ECharts, admin) are lazy chunks so the first load stays small.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { LoginPage } from '../auth/LoginPage';
import { useMe } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { HomePage } from '../home/HomePage';
import { Shell } from './Shell';

const InboxPage = lazy(() => import('../inbox/InboxPage'));
const CustodyPage = lazy(() => import('../custody/CustodyPage'));
const CaseListPage = lazy(() => import('../cases/CaseListPage'));
const CreateCasePage = lazy(() => import('../cases/CreateCasePage'));
const CaseDetailPage = lazy(() => import('../cases/CaseDetailPage'));
const DossierPage = lazy(() => import('../dossier/DossierPage'));
const CalculatorPage = lazy(() => import('../deadlines/CalculatorPage'));
const StatsPage = lazy(() => import('../stats/StatsPage'));
const AlertsPage = lazy(() => import('../analytics/AlertsPage'));
const AuditPage = lazy(() => import('../audit/AuditPage'));
const AdminPage = lazy(() => import('../admin/AdminPage'));
const VerifySignaturePage = lazy(() => import('../signatures/VerifySignaturePage'));
const NotificationsPage = lazy(() => import('../notifications/NotificationsPage'));
const DefencePage = lazy(() => import('../defence/DefencePage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (permission, not found, bad input); only retry transport failures once.
      retry: (n, e) => n < 1 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
  }, [zh]);
  return (
    <ConfigProvider locale={zh ? zhCNLocale : enUSLocale} theme={{ token: { borderRadius: 4 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/*" element={<SignedIn />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} aria-busy="true">
      <Spin description={t('app.loading')}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

function SignedIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <div style={{ padding: 24 }}><ErrorAlert error={me.error} onRetry={() => void me.refetch()} /></div>;
  // 验证签名 needs no account: anyone holding a document may check it.
  if (!me.data && location.pathname === '/verify') return <PublicVerify />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<HomePage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="cases" element={<CaseListPage />} />
          <Route path="cases/new" element={<CreateCasePage />} />
          <Route path="cases/:id" element={<CaseDetailPage />} />
          <Route path="cases/:id/dossier" element={<DossierPage />} />
          <Route path="custody" element={<CustodyPage />} />
          <Route path="deadlines" element={<CalculatorPage />} />
          <Route path="stats" element={<StatsPage />} />
          <Route path="analytics/alerts" element={<AlertsPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="admin" element={<AdminPage />} />
          <Route path="verify" element={<VerifySignaturePage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="defence" element={<DefencePage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

function PublicVerify() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 24, maxWidth: 868, margin: '0 auto' }}>
      <div style={{ marginBottom: 16 }}>
        <strong>{t('app.name')} · {t('app.fullName')}</strong> · <Link to="/login">{t('login.title')}</Link>
      </div>
      <Suspense fallback={<Loading />}>
        <VerifySignaturePage />
      </Suspense>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('app.notFound')} extra={<a href="/">{t('app.backHome')}</a>} />;
}
