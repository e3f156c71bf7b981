/**
 * Measure names accepted by cross-validation and search, and how each is computed from a fold's
 * test predictions. Rating measures follow Surprise (`rmse`, `mae`, `mse`, `fcp`); ranking measures
 * are written `<name>@<k>` (`precision@10`, `recall@10`, `ndcg@10`, `map@10`, `hit_rate@10`) and rank
 * each user's test items (see ranking-metrics.ts).
 */
import { fcp, mae, mse, rmse, type PredictionColumns } from '../accuracy.ts';
import { DEFAULT_RELEVANCE_THRESHOLD, rankingAtK, type RankingScores } from '../ranking-metrics.ts';

export type Measure = string;

const RATING_MEASURES: Record<string, (p: PredictionColumns) => number> = { rmse, mae, mse, fcp };

const RANKING_MEASURES: Record<string, keyof RankingScores> = {
  precision: 'precision',
  recall: 'recall',
  ndcg: 'ndcg',
  map: 'map',
  hit_rate: 'hitRate',
};

/** Whether a larger value is better: what search uses to pick the best candidate. */
export function higherIsBetter(measure: Measure): boolean {
  return !ERROR_MEASURES.has(normalizeMeasure(measure));
}

const ERROR_MEASURES = new Set(['rmse', 'mae', 'mse']);

/** Lower-cases a measure name and checks it, with an error that lists the valid names. */
export function normalizeMeasure(measure: string): Measure {
  const name = measure.trim().toLowerCase();
  if (name in RATING_MEASURES) return name;
  const match = /^([a-z_]+)@(\d+)$/.exec(name);
  if (match && match[1] in RANKING_MEASURES && Number(match[2]) >= 1) return name;
  throw new Error(
    `unknown measure '${measure}': use ${Object.keys(RATING_MEASURES).join(', ')} or ` +
      `${Object.keys(RANKING_MEASURES).join(', ')} followed by @k (e.g. precision@10)`,
  );
}

/** Computes every measure on one fold's predictions; `threshold` is the relevance threshold for ranking. */
export function computeMeasures(
  p: PredictionColumns,
  measures: readonly Measure[],
  threshold = DEFAULT_RELEVANCE_THRESHOLD,
): Record<Measure, number> {
  const out: Record<Measure, number> = {};
  const rankingByK = new Map<number, RankingScores>();
  for (const measure of measures) {
    const name = normalizeMeasure(measure);
    const rating = RATING_MEASURES[name];
    if (rating) {
      out[name] = rating(p);
      continue;
    }
    const [kind, kText] = name.split('@');
    const k = Number(kText);
    let scores = rankingByK.get(k);
    if (!scores) rankingByK.set(k, (scores = rankingAtK(p, { k, threshold })));
    out[name] = scores[RANKING_MEASURES[kind]];
  }
  return out;
}
