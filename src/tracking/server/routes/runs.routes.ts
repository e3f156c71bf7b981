import type { FastifyInstance } from 'fastify';
import { nonEmpty } from '../../protocol/omit-empty.ts';
import * as api from '../../protocol/runs.endpoints.ts';
import type { TrackingService } from '../tracking.service.ts';
import { addEndpoint } from './add-endpoint.ts';

export function runsRoutes(app: FastifyInstance, { runs, artifacts }: TrackingService): void {
  addEndpoint(app, api.createRun, async (r) => ({ run: await runs.create(r) }));
  addEndpoint(app, api.updateRun, async (r) => ({ run_info: await runs.update(r.run_id, r) }));
  addEndpoint(app, api.deleteRun, async (r) => (await runs.delete(r.run_id), {}));
  addEndpoint(app, api.restoreRun, async (r) => (await runs.restore(r.run_id), {}));
  addEndpoint(app, api.getRun, async (r) => ({ run: await runs.get(r.run_id) }));
  addEndpoint(app, api.searchRuns, async (r) => {
    const page = await runs.search(r);
    return { runs: nonEmpty(page.items), next_page_token: page.nextPageToken };
  });
  addEndpoint(app, api.logMetric, async (r) => (await runs.logMetric(r.run_id, { key: r.key, value: r.value, timestamp: r.timestamp, step: r.step ?? 0 }), {}));
  addEndpoint(app, api.logParameter, async (r) => (await runs.logParam(r.run_id, { key: r.key, value: r.value }), {}));
  addEndpoint(app, api.logBatch, async (r) => {
    await runs.logBatch(r.run_id, { metrics: r.metrics?.map((m) => ({ ...m, step: m.step ?? 0 })), params: r.params, tags: r.tags });
    return {};
  });
  addEndpoint(app, api.setTag, async (r) => (await runs.setTag(r.run_id, { key: r.key, value: r.value }), {}));
  addEndpoint(app, api.deleteTag, async (r) => (await runs.deleteTag(r.run_id, r.key), {}));
  addEndpoint(app, api.getMetricHistory, async (r) => ({ metrics: nonEmpty(await runs.metricHistory(r.run_id, r.metric_key)) }));
  addEndpoint(app, api.listArtifacts, async (r) => {
    const listing = await artifacts.listForRun(r.run_id, r.path);
    return { root_uri: listing.rootUri, files: nonEmpty(listing.files) };
  });
}
