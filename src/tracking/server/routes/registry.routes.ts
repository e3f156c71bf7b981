import type { FastifyInstance } from 'fastify';
import { nonEmpty } from '../../protocol/omit-empty.ts';
import * as api from '../../protocol/registry.endpoints.ts';
import type { TrackingService } from '../tracking.service.ts';
import { addEndpoint } from './add-endpoint.ts';

export function registryRoutes(app: FastifyInstance, { registry }: TrackingService): void {
  addEndpoint(app, api.createRegisteredModel, async (r) => ({ registered_model: await registry.createModel(r.name, r.tags, r.description) }));
  addEndpoint(app, api.getRegisteredModel, async (r) => ({ registered_model: await registry.getModel(r.name) }));
  addEndpoint(app, api.searchRegisteredModels, async (r) => {
    const page = await registry.searchModels(r);
    return { registered_models: nonEmpty(page.items), next_page_token: page.nextPageToken };
  });
  addEndpoint(app, api.getLatestVersions, async (r) => ({ model_versions: nonEmpty(await registry.latestVersions(r.name, r.stages)) }));
  addEndpoint(app, api.setRegisteredModelTag, async (r) => (await registry.setModelTag(r.name, { key: r.key, value: r.value }), {}));
  addEndpoint(app, api.setAlias, async (r) => (await registry.setAlias(r.name, r.alias, r.version), {}));
  addEndpoint(app, api.deleteAlias, async (r) => (await registry.deleteAlias(r.name, r.alias), {}));
  addEndpoint(app, api.getModelVersionByAlias, async (r) => ({ model_version: await registry.versionByAlias(r.name, r.alias) }));
  addEndpoint(app, api.createModelVersion, async (r) => {
    const version = { name: r.name, source: r.source, runId: r.run_id, runLink: r.run_link, description: r.description };
    return { model_version: await registry.createVersion(version, r.tags) };
  });
  addEndpoint(app, api.getModelVersion, async (r) => ({ model_version: await registry.getVersion(r.name, r.version) }));
  addEndpoint(app, api.searchModelVersions, async (r) => {
    const page = await registry.searchVersions(r);
    return { model_versions: nonEmpty(page.items), next_page_token: page.nextPageToken };
  });
  addEndpoint(app, api.setModelVersionTag, async (r) => (await registry.setVersionTag(r.name, r.version, { key: r.key, value: r.value }), {}));
  addEndpoint(app, api.getModelVersionDownloadUri, async (r) => ({ artifact_uri: (await registry.getVersion(r.name, r.version)).source }));
}
