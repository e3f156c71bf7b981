/**
 * Runs and what is logged on them. Params are write-once (the same value again is fine, another
 * value is MLflow's 400); metrics keep every value and the latest per key; writes need an active run.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../data/db/database.ts';
import { runArtifactUri } from '../artifact-uri.ts';
import { MlflowError } from '../mlflow-error.ts';
import type { KeyValue, Metric, Run, RunInfo, RunStatus } from '../protocol/entities.ts';
import type { ExperimentsService } from './experiments.service.ts';
import { RunsRepository } from './runs.repository.ts';
import { parseFilter } from './search/filter-parser.ts';
import { filterSql, orderBySql, type FilterTarget } from './search/filter-sql.ts';
import { decodePageToken, pageOf } from './search/page-token.ts';
import { SqlParams } from './search/sql-params.ts';

export const RUN_NAME_TAG = 'mlflow.runName';

const SEARCH_TARGET: FilterTarget = {
  entity: 'runs',
  attributes: {
    run_id: { column: 'r.run_uuid', type: 'string' },
    run_name: { column: 'r.name', type: 'string' },
    status: { column: 'r.status', type: 'string' },
    user_id: { column: 'r.user_id', type: 'string' },
    artifact_uri: { column: 'r.artifact_uri', type: 'string' },
    start_time: { column: 'r.start_time', type: 'number' },
    end_time: { column: 'r.end_time', type: 'number' },
    created: { column: 'r.start_time', type: 'number' },
  },
  keyValues: {
    metric: { table: 'tracking_latest_metrics', match: 'x.run_uuid = r.run_uuid', valueType: 'number' },
    param: { table: 'tracking_params', match: 'x.run_uuid = r.run_uuid', valueType: 'string' },
    tag: { table: 'tracking_run_tags', match: 'x.run_uuid = r.run_uuid', valueType: 'string' },
  },
};

const VIEW_TYPES: Record<string, string> = {
  ACTIVE_ONLY: "r.lifecycle_stage = 'active'",
  DELETED_ONLY: "r.lifecycle_stage = 'deleted'",
  ALL: 'TRUE',
};

export interface CreateRunRequest {
  experiment_id?: string;
  user_id?: string;
  run_name?: string;
  start_time?: number;
  tags?: KeyValue[];
}

export interface SearchRunsRequest {
  experiment_ids?: string[];
  filter?: string;
  run_view_type?: string;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}

export class RunsService {
  private readonly repository: RunsRepository;

  constructor(
    private readonly db: Database,
    private readonly experiments: ExperimentsService,
  ) {
    this.repository = new RunsRepository(db);
  }

  /** The new run as runs/create answers it: no metrics or params yet, and no `inputs`. */
  async create(request: CreateRunRequest): Promise<Run> {
    const experiment = await this.experiments.get(request.experiment_id ?? '0');
    if (experiment.lifecycle_stage !== 'active') {
      throw MlflowError.invalid(`The experiment ${experiment.experiment_id} must be in the 'active' state.`);
    }
    const runId = randomUUID().replaceAll('-', '');
    const tags = request.tags ?? [];
    const name = request.run_name ?? tags.find((t) => t.key === RUN_NAME_TAG)?.value ?? `run-${runId.slice(0, 8)}`;
    const allTags = [...tags.filter((t) => t.key !== RUN_NAME_TAG), { key: RUN_NAME_TAG, value: name }];
    await this.db.transaction(async (tx) => {
      const repository = new RunsRepository(tx);
      await repository.insert({
        runId,
        experimentId: experiment.experiment_id,
        name,
        userId: request.user_id ?? '',
        startTime: request.start_time ?? Date.now(),
        artifactUri: runArtifactUri(experiment.artifact_location, runId),
      });
      for (const tag of allTags) await repository.setTag(runId, tag);
    });
    return { info: await this.info(runId), data: { tags: allTags } };
  }

  async get(runId: string): Promise<Run> {
    const info = await this.info(runId);
    const data = (await this.repository.data([runId])).get(runId) ?? {};
    return { info, data, inputs: {} };
  }

  async info(runId: string): Promise<RunInfo> {
    const info = await this.repository.info(runId);
    if (info === undefined) throw MlflowError.notFound(`Run with id=${runId} not found`);
    return info;
  }

  async update(runId: string, changes: { status?: RunStatus; end_time?: number; run_name?: string }): Promise<RunInfo> {
    await this.active(runId);
    await this.db.transaction(async (tx) => {
      const repository = new RunsRepository(tx);
      await repository.update(runId, { status: changes.status, endTime: changes.end_time, name: changes.run_name });
      if (changes.run_name !== undefined) await repository.setTag(runId, { key: RUN_NAME_TAG, value: changes.run_name });
    });
    return this.info(runId);
  }

  async delete(runId: string): Promise<void> {
    await this.info(runId);
    await this.repository.update(runId, { lifecycleStage: 'deleted' });
  }

  async restore(runId: string): Promise<void> {
    await this.info(runId);
    await this.repository.update(runId, { lifecycleStage: 'active' });
  }

  async search(request: SearchRunsRequest): Promise<{ items: Run[]; nextPageToken?: string }> {
    const params = new SqlParams();
    const ids = request.experiment_ids ?? [];
    if (ids.length === 0) throw MlflowError.invalid('experiment_ids must name at least one experiment');
    const bad = ids.find((id) => !/^\d+$/.test(id));
    if (bad !== undefined) throw MlflowError.invalid(`Invalid experiment ID '${bad}'`);
    const view = VIEW_TYPES[request.run_view_type ?? 'ACTIVE_ONLY'];
    const where = [
      `r.experiment_id IN (${ids.map((id) => `${params.add(id)}::bigint`).join(', ')})`,
      view,
      filterSql(parseFilter(request.filter), SEARCH_TARGET, params),
    ].join(' AND ');
    const orderBy = orderBySql(request.order_by, SEARCH_TARGET, params);
    const limit = request.max_results ?? 1000;
    const offset = decodePageToken(request.page_token);
    const page = pageOf(await this.repository.search(where, orderBy, params.values, limit + 1, offset), offset, limit);
    const data = await this.repository.data(page.items.map((info) => info.run_id));
    return { items: page.items.map((info) => ({ info, data: data.get(info.run_id) ?? {}, inputs: {} })), nextPageToken: page.nextPageToken };
  }

  async logMetric(runId: string, metric: Metric): Promise<void> {
    await this.logBatch(runId, { metrics: [metric] });
  }

  /** Params are checked one by one so the error can name the old and new value, as MLflow's does. */
  async logParam(runId: string, param: KeyValue): Promise<void> {
    await this.active(runId);
    await this.db.transaction(async (tx) => {
      const stored = await new RunsRepository(tx).insertParam(runId, param);
      if (stored !== param.value) {
        throw MlflowError.invalid(
          `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${stored}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
        );
      }
    });
  }

  /** All or nothing: one transaction, so a refused param leaves none of the batch behind. */
  async logBatch(runId: string, batch: { metrics?: Metric[]; params?: KeyValue[]; tags?: KeyValue[] }): Promise<void> {
    await this.active(runId);
    await this.db.transaction(async (tx) => {
      const repository = new RunsRepository(tx);
      await this.insertParams(repository, runId, batch.params ?? []);
      for (const metric of batch.metrics ?? []) await repository.insertMetric(runId, { ...metric, step: metric.step ?? 0 });
      for (const tag of batch.tags ?? []) await this.writeTag(tx, runId, tag);
    });
  }

  async setTag(runId: string, tag: KeyValue): Promise<void> {
    await this.active(runId);
    await this.db.transaction((tx) => this.writeTag(tx, runId, tag));
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.active(runId);
    if (!(await this.repository.deleteTag(runId, key))) throw MlflowError.notFound(`No tag with name: ${key} in run with id ${runId}`);
  }

  async metricHistory(runId: string, key: string): Promise<Metric[]> {
    await this.info(runId);
    return this.repository.metricHistory(runId, key);
  }

  private async insertParams(repository: RunsRepository, runId: string, params: KeyValue[]): Promise<void> {
    const changed: string[] = [];
    for (const param of params) {
      const stored = await repository.insertParam(runId, param);
      if (stored !== param.value) changed.push(`{'key': '${param.key}', 'old_value': '${stored}', 'new_value': '${param.value}'}`);
    }
    if (changed.length > 0) {
      throw MlflowError.invalid(`Changing param values is not allowed. Params were already logged='[${changed.join(', ')}]' for run ID='${runId}'.`);
    }
  }

  /** Setting mlflow.runName renames the run, as on MLflow. */
  private async writeTag(tx: Queryable, runId: string, tag: KeyValue): Promise<void> {
    const repository = new RunsRepository(tx);
    await repository.setTag(runId, tag);
    if (tag.key === RUN_NAME_TAG) await repository.update(runId, { name: tag.value });
  }

  private async active(runId: string): Promise<RunInfo> {
    const info = await this.info(runId);
    if (info.lifecycle_stage !== 'active') {
      throw MlflowError.invalid(`The run ${runId} must be in the 'active' state. Current state is ${info.lifecycle_stage}.`);
    }
    return info;
  }
}
