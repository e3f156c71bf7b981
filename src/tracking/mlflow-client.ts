/**
 * The MLflow REST client the pipeline uses: experiments, runs and their metrics/params/tags,
 * artifacts through the server's `mlflow-artifacts` proxy, and the model registry with aliases.
 * It works against any MLflow 2.x server started with `--serve-artifacts`, and against Marquee's
 * embedded one (see create-tracking-client.ts). Every failure is an MlflowError.
 */
import { MLFLOW_ARTIFACTS_ROUTE, joinArtifactPath, proxiedPath } from './artifact-uri.ts';
import { MlflowError } from './mlflow-error.ts';
import type { Endpoint, RequestOf, ResponseOf } from './protocol/endpoint.ts';
import type { Experiment, FileInfo, KeyValue, Metric, ModelVersion, RegisteredModel, Run, RunInfo, RunStatus } from './protocol/entities.ts';
import * as experiments from './protocol/experiments.endpoints.ts';
import * as registry from './protocol/registry.endpoints.ts';
import * as runs from './protocol/runs.endpoints.ts';
import type { MlflowTransport, TransportRequest, TransportResponse } from './transport/transport.ts';

export const API_ROOT = '/api/2.0/mlflow';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';

export type Tags = Record<string, string>;

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export interface SearchOptions {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export class MlflowClient {
  constructor(private readonly transport: MlflowTransport) {}

  describe(): string {
    return this.transport.describe();
  }

  // --- experiments ---

  async createExperiment(name: string, tags: Tags = {}): Promise<string> {
    return (await this.call(experiments.createExperiment, { name, tags: toKeyValues(tags) })).experiment_id;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return (await this.call(experiments.getExperiment, { experiment_id: experimentId })).experiment;
  }

  /** The experiment named `name`, or undefined when there is none. */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      return (await this.call(experiments.getExperimentByName, { experiment_name: name })).experiment;
    } catch (error) {
      if (error instanceof MlflowError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
  }

  async searchExperiments(options: SearchOptions = {}): Promise<Page<Experiment>> {
    const out = await this.call(experiments.searchExperiments, {
      filter: options.filter,
      max_results: options.maxResults,
      order_by: options.orderBy,
      page_token: options.pageToken,
    });
    return { items: out.experiments ?? [], nextPageToken: out.next_page_token };
  }

  // --- runs ---

  async createRun(options: { experimentId: string; runName?: string; startTime?: number; tags?: Tags; parentRunId?: string }): Promise<Run> {
    const tags = { ...options.tags, ...(options.parentRunId === undefined ? {} : { [PARENT_RUN_TAG]: options.parentRunId }) };
    const out = await this.call(runs.createRun, {
      experiment_id: options.experimentId,
      run_name: options.runName,
      start_time: options.startTime ?? Date.now(),
      tags: toKeyValues(tags),
    });
    return out.run;
  }

  async updateRun(runId: string, changes: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    const out = await this.call(runs.updateRun, { run_id: runId, status: changes.status, end_time: changes.endTime, run_name: changes.runName });
    return out.run_info;
  }

  /** Ends a run: FINISHED (or FAILED/KILLED) with the end time now unless given. */
  finishRun(runId: string, status: RunStatus = 'FINISHED', endTime = Date.now()): Promise<RunInfo> {
    return this.updateRun(runId, { status, endTime });
  }

  async getRun(runId: string): Promise<Run> {
    return (await this.call(runs.getRun, { run_id: runId })).run;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.call(runs.deleteRun, { run_id: runId });
  }

  async searchRuns(options: SearchOptions & { experimentIds: string[]; runViewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' }): Promise<Page<Run>> {
    const out = await this.call(runs.searchRuns, {
      experiment_ids: options.experimentIds,
      filter: options.filter,
      run_view_type: options.runViewType,
      max_results: options.maxResults,
      order_by: options.orderBy,
      page_token: options.pageToken,
    });
    return { items: out.runs ?? [], nextPageToken: out.next_page_token };
  }

  /** The direct children of a run (runs tagged mlflow.parentRunId = parent). */
  async childRuns(experimentId: string, parentRunId: string): Promise<Run[]> {
    const filter = `tags.\`${PARENT_RUN_TAG}\` = '${parentRunId.replaceAll("'", "\\'")}'`;
    return (await this.searchRuns({ experimentIds: [experimentId], filter, orderBy: ['attributes.start_time ASC'] })).items;
  }

  async logMetric(runId: string, key: string, value: number, options: { step?: number; timestamp?: number } = {}): Promise<void> {
    await this.call(runs.logMetric, { run_id: runId, key, value, step: options.step ?? 0, timestamp: options.timestamp ?? Date.now() });
  }

  async logParam(runId: string, key: string, value: string | number | boolean): Promise<void> {
    await this.call(runs.logParameter, { run_id: runId, key, value: String(value) });
  }

  async logBatch(runId: string, batch: { metrics?: Metric[]; params?: Record<string, string | number | boolean>; tags?: Tags }): Promise<void> {
    await this.call(runs.logBatch, {
      run_id: runId,
      metrics: batch.metrics,
      params: batch.params && Object.entries(batch.params).map(([key, value]) => ({ key, value: String(value) })),
      tags: batch.tags && toKeyValues(batch.tags),
    });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.call(runs.setTag, { run_id: runId, key, value });
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return (await this.call(runs.getMetricHistory, { run_id: runId, metric_key: key })).metrics ?? [];
  }

  // --- artifacts (through the server's mlflow-artifacts proxy) ---

  /** Uploads one file under a run's artifact root: `path` like `model/model.json`. */
  async uploadArtifact(run: RunInfo, path: string, bytes: Buffer): Promise<void> {
    await this.request({ method: 'PUT', path: this.artifactRoute(run.artifact_uri, path), bytes });
  }

  /** Downloads one file, by run and relative path or by a full `mlflow-artifacts:/` URI. */
  async downloadArtifact(artifactUri: string, path?: string): Promise<Buffer> {
    return (await this.request({ method: 'GET', path: this.artifactRoute(artifactUri, path) })).body;
  }

  /** The entries of one folder of a run's artifacts (paths relative to the run's artifact root). */
  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    return (await this.call(runs.listArtifacts, { run_id: runId, path })).files ?? [];
  }

  // --- model registry ---

  async createRegisteredModel(name: string, options: { tags?: Tags; description?: string } = {}): Promise<RegisteredModel> {
    const out = await this.call(registry.createRegisteredModel, { name, tags: toKeyValues(options.tags ?? {}), description: options.description });
    return out.registered_model;
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return (await this.call(registry.getRegisteredModel, { name })).registered_model;
  }

  async searchRegisteredModels(options: SearchOptions = {}): Promise<Page<RegisteredModel>> {
    const out = await this.call(registry.searchRegisteredModels, searchQuery(options));
    return { items: out.registered_models ?? [], nextPageToken: out.next_page_token };
  }

  async createModelVersion(options: { name: string; source: string; runId?: string; tags?: Tags; description?: string }): Promise<ModelVersion> {
    const out = await this.call(registry.createModelVersion, {
      name: options.name,
      source: options.source,
      run_id: options.runId,
      tags: toKeyValues(options.tags ?? {}),
      description: options.description,
    });
    return out.model_version;
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return (await this.call(registry.getModelVersion, { name, version })).model_version;
  }

  async searchModelVersions(options: SearchOptions = {}): Promise<Page<ModelVersion>> {
    const out = await this.call(registry.searchModelVersions, searchQuery(options));
    return { items: out.model_versions ?? [], nextPageToken: out.next_page_token };
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call(registry.setModelVersionTag, { name, version, key, value });
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return (await this.call(registry.getModelVersionDownloadUri, { name, version })).artifact_uri;
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.call(registry.setAlias, { name, alias, version });
  }

  /** The version an alias points at, or undefined when the alias is not set. */
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    try {
      return (await this.call(registry.getModelVersionByAlias, { name, alias })).model_version;
    } catch (error) {
      // MLflow answers an unknown alias with 400 INVALID_PARAMETER_VALUE, not 404.
      if (error instanceof MlflowError && error.status === 400 && /alias .* not found/i.test(error.message)) return undefined;
      throw error;
    }
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.call(registry.deleteAlias, { name, alias });
  }

  // --- plumbing ---

  private async call<E extends Endpoint>(endpoint: E, input: RequestOf<E>): Promise<ResponseOf<E>> {
    const request: TransportRequest = { method: endpoint.method, path: `${API_ROOT}${endpoint.path}` };
    if (endpoint.method === 'GET') request.query = toQuery(input as Record<string, unknown>);
    else request.json = input;
    const response = await this.request(request);
    try {
      return JSON.parse(response.body.toString('utf8')) as ResponseOf<E>;
    } catch (cause) {
      throw new MlflowError(response.status, 'INVALID_RESPONSE', `${endpoint.method} ${endpoint.path}: the answer is not JSON`, { cause });
    }
  }

  private async request(request: TransportRequest): Promise<TransportResponse> {
    const response = await this.transport.send(request);
    if (response.status >= 200 && response.status < 300) return response;
    throw errorFrom(request, response, this.transport);
  }

  private artifactRoute(artifactUri: string, path?: string): string {
    const root = proxiedPath(artifactUri);
    if (root === undefined) {
      throw new MlflowError(
        0,
        'INVALID_PARAMETER_VALUE',
        `artifact URI ${artifactUri} is not served by the tracking server (expected mlflow-artifacts:/...); start MLflow with --serve-artifacts`,
      );
    }
    const full = joinArtifactPath(root, path);
    return `${MLFLOW_ARTIFACTS_ROUTE}/${full.split('/').map(encodeURIComponent).join('/')}`;
  }
}

function errorFrom(request: TransportRequest, response: TransportResponse, transport: MlflowTransport): MlflowError {
  const { status } = response;
  const text = response.body.toString('utf8');
  let answer: { code: string; message: string } | undefined;
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === 'string') answer = { code: body.error_code, message: typeof body.message === 'string' ? body.message : body.error_code };
  } catch {
    // Not JSON (a proxy's or MLflow's own HTML error page): the status and the page's text.
  }
  const code = answer?.code ?? `HTTP_${status}`;
  const message = answer?.message ?? text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (status === 401 || status === 403) {
    // Name the server and what was sent, so the message says which variable to fix.
    const sent = transport.describeCredentials?.();
    const refusal = `${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}`;
    return new MlflowError(status, code, `tracking server ${transport.describe()} refused ${request.method} ${request.path} with ${refusal}: ${message}${sent ? `; ${sent}` : ''}`);
  }
  return new MlflowError(status, code, answer ? message : `${request.method} ${request.path} answered ${status}: ${message}`);
}

function toKeyValues(tags: Tags): KeyValue[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

function toQuery(input: Record<string, unknown>): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    query[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return query;
}

function searchQuery(options: SearchOptions) {
  return { filter: options.filter, max_results: options.maxResults, order_by: options.orderBy, page_token: options.pageToken };
}
