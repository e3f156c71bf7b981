/** Experiments: unique names, tags, and search. */
import type { Database } from '../../data/db/database.ts';
import { MlflowError } from '../mlflow-error.ts';
import type { Experiment, KeyValue } from '../protocol/entities.ts';
import { ExperimentsRepository } from './experiments.repository.ts';
import { parseFilter } from './search/filter-parser.ts';
import { filterSql, orderBySql, type FilterTarget } from './search/filter-sql.ts';
import { decodePageToken, pageOf } from './search/page-token.ts';
import { SqlParams } from './search/sql-params.ts';
import { isUniqueViolation } from './sql-values.ts';

const SEARCH_TARGET: FilterTarget = {
  entity: 'experiments',
  attributes: {
    name: { column: 'e.name', type: 'string' },
    experiment_id: { column: 'e.experiment_id', type: 'number' },
    creation_time: { column: 'e.creation_time', type: 'number' },
    last_update_time: { column: 'e.last_update_time', type: 'number' },
  },
  keyValues: { tag: { table: 'tracking_experiment_tags', match: 'x.experiment_id = e.experiment_id', valueType: 'string' } },
};

const VIEW_TYPES: Record<string, string> = {
  ACTIVE_ONLY: "e.lifecycle_stage = 'active'",
  DELETED_ONLY: "e.lifecycle_stage = 'deleted'",
  ALL: 'TRUE',
};

export class ExperimentsService {
  private readonly repository: ExperimentsRepository;

  constructor(private readonly db: Database) {
    this.repository = new ExperimentsRepository(db);
  }

  async create(name: string, artifactLocation: string | undefined, tags: KeyValue[] = []): Promise<string> {
    if (name.trim() === '') throw MlflowError.invalid('Invalid experiment name: the name must not be empty');
    try {
      return await this.db.transaction(async (tx) => {
        const repository = new ExperimentsRepository(tx);
        // An empty location means the default, as on MLflow (some clients always send the field).
        const id = await repository.insert(name, artifactLocation === '' ? undefined : artifactLocation, Date.now());
        await repository.setTags(id, tags);
        return id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw MlflowError.alreadyExists(`Experiment(name=${name}) already exists.`);
      throw error;
    }
  }

  async get(experimentId: string): Promise<Experiment> {
    const experiment = /^\d+$/.test(experimentId) ? await this.repository.byId(experimentId) : undefined;
    if (experiment === undefined) throw MlflowError.notFound(`No Experiment with id=${experimentId} exists`);
    return experiment;
  }

  async getByName(name: string): Promise<Experiment> {
    const experiment = await this.repository.byName(name);
    if (experiment === undefined) throw MlflowError.notFound(`Could not find experiment with name '${name}'`);
    return experiment;
  }

  async search(request: { filter?: string; max_results?: number; order_by?: string[]; page_token?: string; view_type?: string }) {
    const params = new SqlParams();
    const view = VIEW_TYPES[request.view_type ?? 'ACTIVE_ONLY'];
    if (view === undefined) throw MlflowError.invalid(`Invalid view_type '${request.view_type}'`);
    const where = `${view} AND ${filterSql(parseFilter(request.filter), SEARCH_TARGET, params)}`;
    const orderBy = orderBySql(request.order_by, SEARCH_TARGET, params);
    const limit = request.max_results ?? 1000;
    const offset = decodePageToken(request.page_token);
    const rows = await this.repository.search(where, orderBy, params.values, limit + 1, offset);
    return pageOf(rows, offset, limit);
  }
}
