/** SQL for registered models, model versions, their tags and aliases. */
import type { Queryable, SqlParam } from '../../data/db/database.ts';
import type { KeyValue, ModelVersion, RegisteredModel, RegisteredModelAlias } from '../protocol/entities.ts';
import { nonEmpty } from '../protocol/omit-empty.ts';
import { groupBy, jsonList, keyValue, num } from './sql-values.ts';

interface ModelRow {
  name: string;
  creation_time: unknown;
  last_updated_time: unknown;
  description: string | null;
}

interface VersionRow {
  name: string;
  version: number;
  creation_time: unknown;
  last_updated_time: unknown;
  description: string | null;
  user_id: string | null;
  current_stage: string;
  source: string;
  run_id: string | null;
  run_link: string;
  status: string;
}

export interface NewModelVersion {
  name: string;
  source: string;
  runId?: string;
  runLink?: string;
  description?: string;
}

/** One version per (name, version) pair, as `name\u0000version` keys for grouping. */
const versionKey = (name: string, version: number | string) => `${name}\u0000${version}`;
const IN_NAMES = `name IN (SELECT jsonb_array_elements_text($1::jsonb))`;

export class RegistryRepository {
  constructor(private readonly db: Queryable) {}

  async insertModel(name: string, description: string | undefined, now: number): Promise<void> {
    await this.db.query(
      'INSERT INTO tracking_registered_models (name, creation_time, last_updated_time, description) VALUES ($1, $2, $2, $3)',
      [name, now, description ?? null],
    );
  }

  async setModelTag(name: string, tag: KeyValue): Promise<void> {
    await this.db.query(
      `INSERT INTO tracking_registered_model_tags (name, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (name, key) DO UPDATE SET value = EXCLUDED.value`,
      [name, tag.key, tag.value],
    );
  }

  /**
   * Locks the model row until the transaction ends and says whether it exists. Version numbers
   * are drawn under this lock, so concurrent registrations of one model get 1, 2, 3... without gaps.
   */
  async lockModel(name: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM tracking_registered_models WHERE name = $1 FOR UPDATE', [name])).rowCount > 0;
  }

  async modelExists(name: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM tracking_registered_models WHERE name = $1', [name])).rowCount > 0;
  }

  async insertVersion(version: NewModelVersion, now: number): Promise<number> {
    const { rows } = await this.db.query<{ version: number }>(
      `INSERT INTO tracking_model_versions (name, version, creation_time, last_updated_time, description, source, run_id, run_link)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $2, $3, $4, $5, $6 FROM tracking_model_versions WHERE name = $1
       RETURNING version`,
      [version.name, now, version.description ?? null, version.source, version.runId ?? null, version.runLink ?? ''],
    );
    await this.db.query('UPDATE tracking_registered_models SET last_updated_time = $2 WHERE name = $1', [version.name, now]);
    return rows[0].version;
  }

  async setVersionTag(name: string, version: number, tag: KeyValue): Promise<void> {
    await this.db.query(
      `INSERT INTO tracking_model_version_tags (name, version, key, value) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name, version, key) DO UPDATE SET value = EXCLUDED.value`,
      [name, version, tag.key, tag.value],
    );
  }

  async setAlias(name: string, alias: string, version: number): Promise<void> {
    await this.db.query(
      `INSERT INTO tracking_model_aliases (name, alias, version) VALUES ($1, $2, $3)
       ON CONFLICT (name, alias) DO UPDATE SET version = EXCLUDED.version`,
      [name, alias, version],
    );
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.db.query('DELETE FROM tracking_model_aliases WHERE name = $1 AND alias = $2', [name, alias]);
  }

  async aliasVersion(name: string, alias: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ version: number }>('SELECT version FROM tracking_model_aliases WHERE name = $1 AND alias = $2', [name, alias]);
    return rows[0]?.version;
  }

  /** One version with its tags; `withAliases` adds the aliases pointing at it (as get and get-by-alias do). */
  async version(name: string, version: number, withAliases: boolean): Promise<ModelVersion | undefined> {
    const [found] = await this.versions('v.name = $1 AND v.version = $2', [name, version], '');
    if (found === undefined || !withAliases) return found;
    const { rows } = await this.db.query<{ alias: string }>(
      'SELECT alias FROM tracking_model_aliases WHERE name = $1 AND version = $2 ORDER BY alias',
      [name, version],
    );
    return { ...found, aliases: nonEmpty(rows.map((r) => r.alias)) };
  }

  /** Versions matching `where` (table alias `v`), then `tail` (ORDER BY / LIMIT). */
  async versions(where: string, params: SqlParam[], tail: string): Promise<ModelVersion[]> {
    const { rows } = await this.db.query<VersionRow>(`SELECT v.* FROM tracking_model_versions v WHERE ${where} ${tail}`, params);
    return this.withVersionTags(rows);
  }

  async searchModels(where: string, orderBy: string[], params: SqlParam[], limit: number, offset: number): Promise<RegisteredModel[]> {
    const order = [...orderBy, 'm.name ASC'].join(', ');
    const { rows } = await this.db.query<ModelRow>(
      `SELECT m.* FROM tracking_registered_models m WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return this.completeModels(rows);
  }

  async model(name: string): Promise<RegisteredModel | undefined> {
    const { rows } = await this.db.query<ModelRow>('SELECT * FROM tracking_registered_models WHERE name = $1', [name]);
    return (await this.completeModels(rows))[0];
  }

  /** The newest version of each stage of each model (MLflow's latest_versions), without aliases. */
  async latestVersions(names: string[]): Promise<ModelVersion[]> {
    const { rows } = await this.db.query<VersionRow>(
      `SELECT DISTINCT ON (name, current_stage) * FROM tracking_model_versions WHERE ${IN_NAMES}
       ORDER BY name, current_stage, version DESC`,
      [jsonList(names)],
    );
    return this.withVersionTags(rows);
  }

  private async completeModels(rows: ModelRow[]): Promise<RegisteredModel[]> {
    if (rows.length === 0) return [];
    const names = rows.map((r) => r.name);
    const [latest, tags, aliases] = await Promise.all([
      this.latestVersions(names),
      this.db.query<{ name: string; key: string; value: string }>(`SELECT name, key, value FROM tracking_registered_model_tags WHERE ${IN_NAMES} ORDER BY seq`, [
        jsonList(names),
      ]),
      this.db.query<{ name: string; alias: string; version: number }>(`SELECT name, alias, version FROM tracking_model_aliases WHERE ${IN_NAMES} ORDER BY alias`, [
        jsonList(names),
      ]),
    ]);
    const latestOf = groupBy(latest, (v) => v.name, (v) => v);
    const tagsOf = groupBy(tags.rows, (t) => t.name, keyValue);
    const aliasesOf = groupBy(aliases.rows, (a) => a.name, (a): RegisteredModelAlias => ({ alias: a.alias, version: String(a.version) }));
    return rows.map((r) => ({
      name: r.name,
      creation_timestamp: num(r.creation_time),
      last_updated_timestamp: num(r.last_updated_time),
      description: r.description ?? undefined,
      latest_versions: nonEmpty(latestOf.get(r.name)?.sort((a, b) => Number(a.version) - Number(b.version))),
      tags: nonEmpty(tagsOf.get(r.name)),
      aliases: nonEmpty(aliasesOf.get(r.name)),
    }));
  }

  private async withVersionTags(rows: VersionRow[]): Promise<ModelVersion[]> {
    if (rows.length === 0) return [];
    const { rows: tags } = await this.db.query<{ name: string; version: number; key: string; value: string }>(
      `SELECT t.name, t.version, t.key, t.value FROM tracking_model_version_tags t
       WHERE (t.name, t.version) IN (SELECT x->>0, (x->>1)::integer FROM jsonb_array_elements($1::jsonb) x) ORDER BY t.seq`,
      [JSON.stringify(rows.map((r) => [r.name, r.version]))],
    );
    const tagsOf = groupBy(tags, (t) => versionKey(t.name, t.version), keyValue);
    return rows.map((r) => ({
      name: r.name,
      version: String(r.version),
      creation_timestamp: num(r.creation_time),
      last_updated_timestamp: num(r.last_updated_time),
      user_id: r.user_id ?? undefined,
      current_stage: r.current_stage,
      description: r.description ?? undefined,
      source: r.source,
      run_id: r.run_id ?? undefined,
      status: r.status,
      tags: nonEmpty(tagsOf.get(versionKey(r.name, r.version))),
      run_link: r.run_link,
    }));
  }
}
