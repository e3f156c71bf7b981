/**
 * Drift reports in the artifact store, at `reports/drift/<id>.html`. The id is the check's time,
 * ISO 8601 with `-` for `:` (artifact keys allow no colon), so ids sort by time and say when.
 */
import type { ArtifactStore } from '../../artifacts/artifact-store.ts';
import { ArtifactNotFoundError } from '../../artifacts/errors.ts';
import { DriftReportNotFoundError } from './drift.errors.ts';

export const DRIFT_REPORTS_PREFIX = 'reports/drift/';
const ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z(?:-\d{1,4})?$/;

export interface DriftReportInfo {
  id: string;
  created_at: string;
  bytes: number;
  /** Where the API serves it. */
  url: string;
}

export const reportUrl = (id: string) => `/monitoring/drift/reports/${id}`;
export const reportKey = (id: string) => `${DRIFT_REPORTS_PREFIX}${id}.html`;

export class DriftReports {
  constructor(private readonly store: ArtifactStore) {}

  /** Saves the report under the id of `at`; a second report in the same millisecond gets a suffix. */
  async save(html: string, at: Date): Promise<string> {
    const base = at.toISOString().replaceAll(':', '-');
    let id = base;
    for (let n = 1; await this.store.exists(reportKey(id)); n++) id = `${base}-${n}`;
    await this.store.put(reportKey(id), Buffer.from(html, 'utf8'));
    return id;
  }

  /** Newest first. */
  async list(): Promise<DriftReportInfo[]> {
    const objects = await this.store.list(DRIFT_REPORTS_PREFIX);
    return objects
      .map((o) => ({ id: o.key.slice(DRIFT_REPORTS_PREFIX.length, -'.html'.length), o }))
      .filter(({ id, o }) => o.key.endsWith('.html') && ID.test(id))
      .map(({ id, o }) => ({ id, created_at: createdAt(id), bytes: o.size, url: reportUrl(id) }))
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  async get(id: string): Promise<Buffer> {
    if (!ID.test(id)) throw new DriftReportNotFoundError(id);
    try {
      return await this.store.get(reportKey(id));
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) throw new DriftReportNotFoundError(id);
      throw error;
    }
  }
}

/** The id's instant back in ISO 8601. */
function createdAt(id: string): string {
  const [date, time] = id.slice(0, 24).split('T');
  return `${date}T${time.replace('-', ':').replace('-', ':')}`;
}
