import type { FastifyInstance } from 'fastify';
import { nonEmpty } from '../../protocol/omit-empty.ts';
import * as api from '../../protocol/experiments.endpoints.ts';
import type { TrackingService } from '../tracking.service.ts';
import { addEndpoint } from './add-endpoint.ts';

export function experimentsRoutes(app: FastifyInstance, { experiments }: TrackingService): void {
  addEndpoint(app, api.createExperiment, async (r) => ({ experiment_id: await experiments.create(r.name, r.artifact_location, r.tags) }));
  addEndpoint(app, api.getExperiment, async (r) => ({ experiment: await experiments.get(r.experiment_id) }));
  addEndpoint(app, api.getExperimentByName, async (r) => ({ experiment: await experiments.getByName(r.experiment_name) }));
  addEndpoint(app, api.searchExperiments, async (r) => {
    const page = await experiments.search(r);
    return { experiments: nonEmpty(page.items), next_page_token: page.nextPageToken };
  });
}
