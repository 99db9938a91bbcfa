import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceLevelReportQuerySchema } from '@kdi-status/sdk/admin';
import { CSV_MEDIA_TYPE, serviceLevelCsv } from '../reports/service-levels-csv.js';
import { defaultReportMonth, serviceLevelReport } from '../reports/service-levels.js';
import type { Store } from '../store/store.js';
import { parseQuery } from './validate-query.js';

export interface ReportRoutesOptions {
  store: Store;
  now: () => Date;
}

/** CSV when `format=csv`, or when `Accept` names `text/csv` before (or without) JSON. */
function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = String(request.headers.accept ?? '').toLowerCase();
  const csv = accept.indexOf('text/csv');
  const json = accept.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json);
}

/**
 * The service-level report under the admin API (registered inside `adminRoutes`, so its hook has
 * authenticated the key): `GET /reports/service-levels?month=2026-11`, JSON or CSV. An admin key
 * gets every vendor; a vendor key its own vendor's components and what touched them (its own
 * figures, which it may well check; never another vendor's).
 *
 * @example
 * await admin.register(reportRoutes, { store, now });
 */
export async function reportRoutes(admin: FastifyInstance, options: ReportRoutesOptions): Promise<void> {
  const { store, now } = options;

  admin.get('/reports/service-levels', async (request, reply) => {
    const query = parseQuery(ServiceLevelReportQuerySchema, request.query);
    const principal = request.principal!;
    const at = now();
    const month = query.month ?? defaultReportMonth(at);
    const report = await serviceLevelReport(store, { month, now: at, vendor: principal.role === 'admin' ? null : principal.vendor });
    reply.header('vary', 'accept');
    if (!wantsCsv(request, query.format)) return report;
    const scope = report.vendor ? `-${report.vendor}` : '';
    return reply
      .type(CSV_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename="service-levels-${month}${scope}.csv"`)
      .send(serviceLevelCsv(report));
  });
}
