/**
 * Drift monitoring: run a check, list the saved reports, read one.
 *
 * `GET /monitoring/drift` computes (and saves a report, and updates the drift metrics), so it asks
 * for the API key like the write routes; the reports are read-only and open like the catalogue.
 * Too few current ratings is not an error: 200 with status "insufficient_data" and the counts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpError } from '../../errors.ts';
import { bearerSecurity } from '../../plugins/app/api-key-auth.ts';
import { errorResponses } from '../../schemas/common.ts';
import { DriftInputError } from '../../../monitoring/drift/drift.errors.ts';
import type { DriftService } from '../../../monitoring/drift/drift.service.ts';
import { driftWindow } from '../../../monitoring/drift/drift-window.ts';
import { DriftAnswer, DriftQuery, DriftReportList, NoChampion, ReportParams } from './drift.schemas.ts';

/** The report is a page of our own making, but its text comes from data: nothing may run or load. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const monitoringRoutes: FastifyPluginAsyncTypebox<{ drift: DriftService }> = async (fastify, { drift }) => {
  fastify.get(
    '/monitoring/drift',
    {
      onRequest: fastify.requireApiKey,
      schema: {
        tags: ['monitoring'],
        summary: "Check recent ratings for drift against the champion's training data",
        description:
          "The current window is every rating after the champion's training data, or `days` / `last`. " +
          'Each feature is tested (KS or chi-square; PSI and Wasserstein beside), the model is scored on unseen ratings, ' +
          'an HTML report is saved and the drift metrics are updated.',
        security: bearerSecurity,
        querystring: DriftQuery,
        response: { 200: DriftAnswer, ...errorResponses(400, 401), 409: NoChampion },
      },
    },
    async (request) => {
      try {
        return await drift.check(driftWindow(request.query));
      } catch (error) {
        if (error instanceof DriftInputError) throw new HttpError(400, error.message, error.field);
        throw error;
      }
    },
  );

  fastify.get(
    '/monitoring/drift/reports',
    { schema: { tags: ['monitoring'], summary: 'Saved drift reports, newest first', response: { 200: DriftReportList } } },
    async () => ({ reports: await drift.reports.list() }),
  );

  fastify.get(
    '/monitoring/drift/reports/:id',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'One drift report, a self-contained HTML page',
        params: ReportParams,
        produces: ['text/html'],
        response: { 200: { type: 'string', description: 'The report' }, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const html = await drift.reports.get(request.params.id);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_CSP).header('x-content-type-options', 'nosniff').send(html.toString('utf8'));
    },
  );
};

export default monitoringRoutes;
