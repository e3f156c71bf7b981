/** SQL for experiments and their tags. */
import type { Queryable, SqlParam } from '../../data/db/database.ts';
import { experimentArtifactLocation } from '../artifact-uri.ts';
import type { Experiment, KeyValue } from '../protocol/entities.ts';
import { nonEmpty } from '../protocol/omit-empty.ts';
import { groupBy, jsonList, keyValue, num } from './sql-values.ts';

interface ExperimentRow {
  experiment_id: string;
  name: string;
  artifact_location: string | null;
  lifecycle_stage: string;
  creation_time: unknown;
  last_update_time: unknown;
}

const COLUMNS = `e.experiment_id::text AS experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time`;

export class ExperimentsRepository {
  constructor(private readonly db: Queryable) {}

  async insert(name: string, artifactLocation: string | undefined, now: number): Promise<string> {
    const { rows } = await this.db.query<{ experiment_id: string }>(
      `INSERT INTO tracking_experiments (name, artifact_location, creation_time, last_update_time)
       VALUES ($1, $2, $3, $3) RETURNING experiment_id::text AS experiment_id`,
      [name, artifactLocation ?? null, now],
    );
    return rows[0].experiment_id;
  }

  async setTags(experimentId: string, tags: KeyValue[]): Promise<void> {
    for (const tag of tags) {
      await this.db.query(
        `INSERT INTO tracking_experiment_tags (experiment_id, key, value) VALUES ($1, $2, $3)
         ON CONFLICT (experiment_id, key) DO UPDATE SET value = EXCLUDED.value`,
        [experimentId, tag.key, tag.value],
      );
    }
  }

  async byId(experimentId: string): Promise<Experiment | undefined> {
    return (await this.select('e.experiment_id = $1::bigint', [experimentId]))[0];
  }

  async byName(name: string): Promise<Experiment | undefined> {
    return (await this.select('e.name = $1', [name]))[0];
  }

  /** `where`/`orderBy` come from filter-sql.ts with their parameters already in `params`. */
  async search(where: string, orderBy: string[], params: SqlParam[], limit: number, offset: number): Promise<Experiment[]> {
    const order = [...orderBy, 'e.creation_time DESC', 'e.experiment_id ASC'].join(', ');
    return this.select(where, params, `ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`);
  }

  private async select(where: string, params: SqlParam[], tail = ''): Promise<Experiment[]> {
    const { rows } = await this.db.query<ExperimentRow>(`SELECT ${COLUMNS} FROM tracking_experiments e WHERE ${where} ${tail}`, params);
    if (rows.length === 0) return [];
    const tags = await this.db.query<{ experiment_id: string; key: string; value: string }>(
      `SELECT experiment_id::text AS experiment_id, key, value FROM tracking_experiment_tags
       WHERE experiment_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) ORDER BY seq`,
      [jsonList(rows.map((r) => r.experiment_id))],
    );
    const tagsOf = groupBy(tags.rows, (t) => t.experiment_id, keyValue);
    return rows.map((r) => ({
      experiment_id: r.experiment_id,
      name: r.name,
      artifact_location: r.artifact_location ?? experimentArtifactLocation(r.experiment_id),
      lifecycle_stage: r.lifecycle_stage,
      last_update_time: num(r.last_update_time),
      creation_time: num(r.creation_time),
      tags: nonEmpty(tagsOf.get(r.experiment_id)),
    }));
  }
}
