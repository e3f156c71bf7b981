/** SQL for runs, their params, tags and metrics (full history plus the latest value per key). */
import type { Queryable, SqlParam } from '../../data/db/database.ts';
import type { KeyValue, Metric, RunData, RunInfo } from '../protocol/entities.ts';
import { nonEmpty } from '../protocol/omit-empty.ts';
import { groupBy, jsonList, keyValue, num, optionalNum } from './sql-values.ts';

interface RunRow {
  run_uuid: string;
  experiment_id: string;
  name: string;
  user_id: string;
  status: string;
  start_time: unknown;
  end_time: unknown;
  lifecycle_stage: string;
  artifact_uri: string;
}

export interface NewRun {
  runId: string;
  experimentId: string;
  name: string;
  userId: string;
  startTime: number;
  artifactUri: string;
}

const COLUMNS = `r.run_uuid, r.experiment_id::text AS experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.lifecycle_stage, r.artifact_uri`;
const IN_RUNS = `run_uuid IN (SELECT jsonb_array_elements_text($1::jsonb))`;

export class RunsRepository {
  constructor(private readonly db: Queryable) {}

  async insert(run: NewRun): Promise<void> {
    await this.db.query(
      `INSERT INTO tracking_runs (run_uuid, experiment_id, name, user_id, status, start_time, artifact_uri)
       VALUES ($1, $2::bigint, $3, $4, 'RUNNING', $5, $6)`,
      [run.runId, run.experimentId, run.name, run.userId, run.startTime, run.artifactUri],
    );
  }

  async info(runId: string): Promise<RunInfo | undefined> {
    const { rows } = await this.db.query<RunRow>(`SELECT ${COLUMNS} FROM tracking_runs r WHERE r.run_uuid = $1`, [runId]);
    return rows.length === 0 ? undefined : toInfo(rows[0]);
  }

  async update(runId: string, changes: { status?: string; endTime?: number; name?: string; lifecycleStage?: string }): Promise<void> {
    await this.db.query(
      `UPDATE tracking_runs SET status = COALESCE($2, status), end_time = COALESCE($3, end_time),
         name = COALESCE($4, name), lifecycle_stage = COALESCE($5, lifecycle_stage)
       WHERE run_uuid = $1`,
      [runId, changes.status ?? null, changes.endTime ?? null, changes.name ?? null, changes.lifecycleStage ?? null],
    );
  }

  async search(where: string, orderBy: string[], params: SqlParam[], limit: number, offset: number): Promise<RunInfo[]> {
    const order = [...orderBy, 'r.start_time DESC NULLS LAST', 'r.run_uuid ASC'].join(', ');
    const { rows } = await this.db.query<RunRow>(
      `SELECT ${COLUMNS} FROM tracking_runs r WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return rows.map(toInfo);
  }

  /** Latest metrics, params and tags of each run, in the order they were first written. */
  async data(runIds: string[]): Promise<Map<string, RunData>> {
    const ids = [jsonList(runIds)];
    const [metrics, params, tags] = await Promise.all([
      this.db.query<MetricRow>(`SELECT run_uuid, key, value, timestamp, step FROM tracking_latest_metrics WHERE ${IN_RUNS} ORDER BY seq`, ids),
      this.db.query<KeyValueRow>(`SELECT run_uuid, key, value FROM tracking_params WHERE ${IN_RUNS} ORDER BY seq`, ids),
      this.db.query<KeyValueRow>(`SELECT run_uuid, key, value FROM tracking_run_tags WHERE ${IN_RUNS} ORDER BY seq`, ids),
    ]);
    const metricsOf = groupBy(metrics.rows, (r) => r.run_uuid, toMetric);
    const paramsOf = groupBy(params.rows, (r) => r.run_uuid, keyValue);
    const tagsOf = groupBy(tags.rows, (r) => r.run_uuid, keyValue);
    return new Map(
      runIds.map((id) => [id, { metrics: nonEmpty(metricsOf.get(id)), params: nonEmpty(paramsOf.get(id)), tags: nonEmpty(tagsOf.get(id)) }]),
    );
  }

  async setTag(runId: string, tag: KeyValue): Promise<void> {
    await this.db.query(
      `INSERT INTO tracking_run_tags (run_uuid, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value`,
      [runId, tag.key, tag.value],
    );
  }

  /** Returns whether the tag existed. */
  async deleteTag(runId: string, key: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM tracking_run_tags WHERE run_uuid = $1 AND key = $2', [runId, key])).rowCount > 0;
  }

  /**
   * Inserts a param unless the key is already logged, and returns the value stored under the key
   * afterwards. ON CONFLICT waits for a concurrent writer of the same key, so two runs of this
   * cannot both believe they won.
   */
  async insertParam(runId: string, param: KeyValue): Promise<string> {
    const inserted = await this.db.query(
      `INSERT INTO tracking_params (run_uuid, key, value) VALUES ($1, $2, $3) ON CONFLICT (run_uuid, key) DO NOTHING`,
      [runId, param.key, param.value],
    );
    if (inserted.rowCount > 0) return param.value;
    const { rows } = await this.db.query<{ value: string }>('SELECT value FROM tracking_params WHERE run_uuid = $1 AND key = $2', [runId, param.key]);
    return rows[0].value;
  }

  async insertMetric(runId: string, metric: Metric): Promise<void> {
    const values = [runId, metric.key, metric.value, metric.timestamp, metric.step];
    await this.db.query(
      `INSERT INTO tracking_metrics (run_uuid, key, value, timestamp, step) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (run_uuid, key, step, timestamp, value) DO NOTHING`,
      values,
    );
    await this.db.query(
      `INSERT INTO tracking_latest_metrics (run_uuid, key, value, timestamp, step) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value, timestamp = EXCLUDED.timestamp, step = EXCLUDED.step
       WHERE (EXCLUDED.step, EXCLUDED.timestamp, EXCLUDED.value)
           > (tracking_latest_metrics.step, tracking_latest_metrics.timestamp, tracking_latest_metrics.value)`,
      values,
    );
  }

  async metricHistory(runId: string, key: string): Promise<Metric[]> {
    const { rows } = await this.db.query<MetricRow>(
      'SELECT run_uuid, key, value, timestamp, step FROM tracking_metrics WHERE run_uuid = $1 AND key = $2 ORDER BY step, timestamp, seq',
      [runId, key],
    );
    return rows.map(toMetric);
  }
}

interface MetricRow {
  run_uuid: string;
  key: string;
  value: unknown;
  timestamp: unknown;
  step: unknown;
}

interface KeyValueRow {
  run_uuid: string;
  key: string;
  value: string;
}

function toMetric(row: MetricRow): Metric {
  return { key: row.key, value: num(row.value), timestamp: num(row.timestamp), step: num(row.step) };
}

function toInfo(row: RunRow): RunInfo {
  return {
    run_uuid: row.run_uuid,
    experiment_id: row.experiment_id,
    run_name: row.name,
    user_id: row.user_id,
    status: row.status,
    start_time: optionalNum(row.start_time),
    end_time: optionalNum(row.end_time),
    artifact_uri: row.artifact_uri,
    lifecycle_stage: row.lifecycle_stage,
    run_id: row.run_uuid,
  };
}
