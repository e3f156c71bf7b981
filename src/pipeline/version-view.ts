/** A model version as `GET /models` and `marquee model list --json` show it, read from its tags. */
import { VERSION_TAGS, type RegisteredVersion } from './registry.ts';

export interface VersionView {
  version: string;
  aliases: string[];
  created_at: string;
  algorithm: string | null;
  candidate: string | null;
  /** `metric.*` tags: cv_rmse, cv_mae, precision_at_10, ndcg_at_10, holdout_rmse, holdout_mae. */
  metrics: Record<string, number>;
  /** `data.*` tags: the fingerprint of the ratings it was trained on. */
  data: Record<string, string>;
  forced: boolean;
  /** The champion it replaced when promoted. */
  replaced_version: string | null;
  rolled_back_at: string | null;
  /** Why it was registered but never became champion (a failure while promoting). */
  not_promoted: string | null;
  run_id: string | null;
  source: string;
}

export function versionView(v: RegisteredVersion): VersionView {
  const tag = (key: string) => (v.tags[key] === undefined || v.tags[key] === '' ? null : v.tags[key]);
  const under = (prefix: string) => Object.entries(v.tags).filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value] as const);
  return {
    version: v.version,
    aliases: [...v.aliases].sort(),
    created_at: new Date(v.createdAt).toISOString(),
    algorithm: tag(VERSION_TAGS.algorithm),
    candidate: tag(VERSION_TAGS.candidate),
    metrics: Object.fromEntries(under('metric.').map(([key, value]) => [key, Number(value)])),
    data: Object.fromEntries(under('data.')),
    forced: v.tags[VERSION_TAGS.forced] === 'true',
    replaced_version: tag(VERSION_TAGS.replaced),
    rolled_back_at: tag(VERSION_TAGS.rolledBackAt),
    not_promoted: tag(VERSION_TAGS.notPromoted),
    run_id: v.runId ?? null,
    source: v.source,
  };
}
