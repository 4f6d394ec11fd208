/**
 * Every route module, in one list. A new concept adds its `*.routes.ts` here.
 */
import type { FastifyInstance } from 'fastify';
import { agencyRoutes } from './agencies/agencies.routes';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes } from './auth/auth.routes';
import { caseRoutes } from './cases/cases.routes';
import { deadlineRoutes } from './deadlines/deadlines.routes';
import { processRoutes } from './processes/processes.routes';
import { userRoutes } from './users/users.routes';
import { ledgerRoutes } from './ledger/ledger.routes';
import { documentRoutes } from './documents/documents.routes';
import { custodyRoutes } from './custody/custody.routes';
import { opsRoutes } from './ops/ops.routes';
import { notificationRoutes } from './notifications/notifications.routes';
import { exchangeRoutes } from './exchange/exchange.routes';
import { singleTrackRoutes } from './single-track/single-track.routes';
import { defenceRoutes } from './defence/defence.routes';
import { supervisionRoutes } from './supervision/supervision.routes';
import { analyticsRoutes } from './analytics/analytics.routes';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  authRoutes(app);
  agencyRoutes(app);
  userRoutes(app);
  auditRoutes(app);
  caseRoutes(app);
  deadlineRoutes(app);
  processRoutes(app);
  ledgerRoutes(app);
  documentRoutes(app);
  custodyRoutes(app);
  opsRoutes(app);
  notificationRoutes(app);
  exchangeRoutes(app);
  singleTrackRoutes(app);
  defenceRoutes(app);
  supervisionRoutes(app);
  analyticsRoutes(app);
}
