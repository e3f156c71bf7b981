/** The model registry: registered models, numbered versions, tags and aliases. */
import type { Database } from '../../data/db/database.ts';
import { MlflowError } from '../mlflow-error.ts';
import type { KeyValue, ModelVersion, RegisteredModel } from '../protocol/entities.ts';
import { RegistryRepository, type NewModelVersion } from './registry.repository.ts';
import { parseFilter } from './search/filter-parser.ts';
import { filterSql, orderBySql, type FilterTarget } from './search/filter-sql.ts';
import { decodePageToken, pageOf } from './search/page-token.ts';
import { SqlParams } from './search/sql-params.ts';
import { isUniqueViolation } from './sql-values.ts';

const MODEL_TARGET: FilterTarget = {
  entity: 'registered models',
  attributes: {
    name: { column: 'm.name', type: 'string' },
    creation_timestamp: { column: 'm.creation_time', type: 'number' },
    last_updated_timestamp: { column: 'm.last_updated_time', type: 'number' },
  },
  keyValues: { tag: { table: 'tracking_registered_model_tags', match: 'x.name = m.name', valueType: 'string' } },
};

const VERSION_TARGET: FilterTarget = {
  entity: 'model versions',
  attributes: {
    name: { column: 'v.name', type: 'string' },
    run_id: { column: 'v.run_id', type: 'string' },
    source_path: { column: 'v.source', type: 'string' },
    version_number: { column: 'v.version', type: 'number' },
    creation_timestamp: { column: 'v.creation_time', type: 'number' },
    last_updated_timestamp: { column: 'v.last_updated_time', type: 'number' },
  },
  keyValues: { tag: { table: 'tracking_model_version_tags', match: 'x.name = v.name AND x.version = v.version', valueType: 'string' } },
};

/** Names MLflow keeps for itself: `latest` and `v<number>` would be ambiguous in models:/ URIs. */
const RESERVED_ALIAS = /^(latest|v\d+)$/i;

export interface SearchRequest {
  filter?: string;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}

export class RegistryService {
  private readonly repository: RegistryRepository;

  constructor(private readonly db: Database) {
    this.repository = new RegistryRepository(db);
  }

  async createModel(name: string, tags: KeyValue[] = [], description?: string): Promise<RegisteredModel> {
    if (name.trim() === '') throw MlflowError.invalid('Registered model name cannot be empty.');
    try {
      await this.db.transaction(async (tx) => {
        const repository = new RegistryRepository(tx);
        await repository.insertModel(name, description === '' ? undefined : description, Date.now());
        for (const tag of tags) await repository.setModelTag(name, tag);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw MlflowError.alreadyExists(`Registered Model (name=${name}) already exists.`);
      throw error;
    }
    return this.getModel(name);
  }

  async getModel(name: string): Promise<RegisteredModel> {
    const model = await this.repository.model(name);
    if (model === undefined) throw modelNotFound(name);
    return model;
  }

  async setModelTag(name: string, tag: KeyValue): Promise<void> {
    await this.requireModel(name);
    await this.repository.setModelTag(name, tag);
  }

  async searchModels(request: SearchRequest): Promise<{ items: RegisteredModel[]; nextPageToken?: string }> {
    const params = new SqlParams();
    const where = filterSql(parseFilter(request.filter), MODEL_TARGET, params);
    const orderBy = orderBySql(request.order_by, MODEL_TARGET, params);
    const limit = request.max_results ?? 100;
    const offset = decodePageToken(request.page_token);
    return pageOf(await this.repository.searchModels(where, orderBy, params.values, limit + 1, offset), offset, limit);
  }

  async latestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    await this.requireModel(name);
    const wanted = stages?.map((s) => s.toLowerCase());
    return (await this.repository.latestVersions([name]))
      .filter((v) => wanted === undefined || wanted.length === 0 || wanted.includes(v.current_stage.toLowerCase()))
      .sort((a, b) => Number(a.version) - Number(b.version));
  }

  async createVersion(request: NewModelVersion, tags: KeyValue[] = []): Promise<ModelVersion> {
    const version = await this.db.transaction(async (tx) => {
      const repository = new RegistryRepository(tx);
      if (!(await repository.lockModel(request.name))) throw modelNotFound(request.name);
      const number = await repository.insertVersion(request, Date.now());
      for (const tag of tags) await repository.setVersionTag(request.name, number, tag);
      return number;
    });
    return (await this.repository.version(request.name, version, true)) as ModelVersion;
  }

  async getVersion(name: string, version: string): Promise<ModelVersion> {
    const found = await this.repository.version(name, versionNumber(name, version), true);
    if (found === undefined) throw versionNotFound(name, version);
    return found;
  }

  async setVersionTag(name: string, version: string, tag: KeyValue): Promise<void> {
    await this.getVersion(name, version);
    await this.repository.setVersionTag(name, versionNumber(name, version), tag);
  }

  async searchVersions(request: SearchRequest): Promise<{ items: ModelVersion[]; nextPageToken?: string }> {
    const params = new SqlParams();
    const where = filterSql(parseFilter(request.filter), VERSION_TARGET, params);
    const orderBy = [...orderBySql(request.order_by, VERSION_TARGET, params), 'v.name ASC', 'v.version DESC'];
    const limit = request.max_results ?? 10000;
    const offset = decodePageToken(request.page_token);
    const rows = await this.repository.versions(where, params.values, `ORDER BY ${orderBy.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`);
    return pageOf(rows, offset, limit);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    if (RESERVED_ALIAS.test(alias)) throw MlflowError.invalid(`'${alias}' alias name (case insensitive) is reserved.`);
    await this.getVersion(name, version);
    await this.repository.setAlias(name, alias, versionNumber(name, version));
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.requireModel(name);
    await this.repository.deleteAlias(name, alias);
  }

  async versionByAlias(name: string, alias: string): Promise<ModelVersion> {
    await this.requireModel(name);
    const version = await this.repository.aliasVersion(name, alias);
    // MLflow answers an unknown alias with 400, not 404; clients depend on what servers send.
    if (version === undefined) throw MlflowError.invalid(`Registered model alias ${alias} not found.`);
    return this.getVersion(name, String(version));
  }

  private async requireModel(name: string): Promise<void> {
    if (!(await this.repository.modelExists(name))) throw modelNotFound(name);
  }
}

function versionNumber(name: string, version: string): number {
  if (!/^\d+$/.test(version) || Number(version) > 2_147_483_647) throw versionNotFound(name, version);
  return Number(version);
}

function modelNotFound(name: string): MlflowError {
  return MlflowError.notFound(`Registered Model with name=${name} not found`);
}

function versionNotFound(name: string, version: string): MlflowError {
  return MlflowError.notFound(`Model Version (name=${name}, version=${version}) not found`);
}
