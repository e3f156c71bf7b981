/**
 * Ranking measures on held-out ratings.
 *
 * Two families, computed from different inputs:
 *
 * 1. `rankingAtK` ranks each user's TEST items only (the rated-and-held-out items) by estimate, as
 *    Surprise's FAQ `precision_recall_at_k` does. An item is relevant when its true rating is at
 *    least `threshold`. This needs no scoring beyond the test predictions, so it runs inside every
 *    cross-validation fold.
 * 2. `catalogueCoverage` and `topNHitRate` judge full top-N lists: each user's N best-scored items
 *    among all the items they did not rate in the trainset. Building those lists is the caller's
 *    job (it needs the fitted model); these functions only score them.
 *
 * The default threshold is 3.5, the one in Surprise's FAQ: on a 1–5 or 0.5–5 scale it counts 4 and
 * up as relevant and, on half-star data, 3.5 as well.
 */
import { groupByUser, type PredictionColumns } from './accuracy.ts';

export const DEFAULT_RELEVANCE_THRESHOLD = 3.5;

export interface RankingOptions {
  /** Length of the ranked list looked at. */
  k: number;
  /** True rating at or above which an item is relevant (default 3.5). */
  threshold?: number;
}

/** Each measure is the mean over users with at least one test prediction. */
export interface RankingScores {
  /**
   * Surprise's FAQ definition: among the top-k items whose estimate is also ≥ threshold (the ones
   * that would actually be recommended), the share that is relevant; 0 when none is recommended.
   */
  precision: number;
  /** Relevant-and-recommended (as for precision) over all relevant test items; 0 with none. */
  recall: number;
  /** Binary-gain NDCG of the top-k ranking: DCG / ideal DCG; 0 for users with no relevant item. */
  ndcg: number;
  /** Average precision at k: Σ over relevant ranks p ≤ k of hits(≤ p)/p, over min(k, n_relevant). */
  map: number;
  /** 1 when at least one of the top-k items is relevant. */
  hitRate: number;
}

export function rankingAtK(p: PredictionColumns, options: RankingOptions): RankingScores {
  const { k } = options;
  const threshold = options.threshold ?? DEFAULT_RELEVANCE_THRESHOLD;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`ranking measures: k must be a positive integer, got ${k}`);
  if (p.est.length === 0) throw new Error('ranking measures: prediction list is empty');
  const sum = { precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0 };
  const byUser = groupByUser(p.uids);
  for (const rows of byUser.values()) {
    // Best estimate first; equal estimates in item-id order so the ranking never depends on row order.
    rows.sort((a, b) => p.est[b] - p.est[a] || p.iids[a] - p.iids[b]);
    let nRelevant = 0;
    for (const row of rows) if (p.rUi[row] >= threshold) nRelevant++;
    const top = Math.min(k, rows.length);
    let nRecommended = 0;
    let nRelevantRecommended = 0;
    let hits = 0;
    let dcg = 0;
    let precisionSum = 0;
    for (let rank = 0; rank < top; rank++) {
      const row = rows[rank];
      const relevant = p.rUi[row] >= threshold;
      if (p.est[row] >= threshold) {
        nRecommended++;
        if (relevant) nRelevantRecommended++;
      }
      if (relevant) {
        hits++;
        dcg += 1 / Math.log2(rank + 2);
        precisionSum += hits / (rank + 1);
      }
    }
    let idealDcg = 0;
    for (let rank = 0; rank < Math.min(k, nRelevant); rank++) idealDcg += 1 / Math.log2(rank + 2);
    sum.precision += nRecommended > 0 ? nRelevantRecommended / nRecommended : 0;
    sum.recall += nRelevant > 0 ? nRelevantRecommended / nRelevant : 0;
    sum.ndcg += idealDcg > 0 ? dcg / idealDcg : 0;
    sum.map += nRelevant > 0 ? precisionSum / Math.min(k, nRelevant) : 0;
    sum.hitRate += hits > 0 ? 1 : 0;
  }
  const n = byUser.size;
  return {
    precision: sum.precision / n,
    recall: sum.recall / n,
    ndcg: sum.ndcg / n,
    map: sum.map / n,
    hitRate: sum.hitRate / n,
  };
}

/** Share of the catalogue (`catalogueSize` items) that appears in at least one top-N list. */
export function catalogueCoverage(lists: Iterable<ArrayLike<number>>, catalogueSize: number): number {
  if (catalogueSize <= 0) throw new RangeError('catalogue coverage: the catalogue is empty');
  const seen = new Set<number>();
  for (const list of lists) for (let k = 0; k < list.length; k++) seen.add(list[k]);
  return seen.size / catalogueSize;
}

/**
 * Leave-one-out hit rate over full top-N lists: the share of test users whose top-N list (raw item
 * ids, keyed by raw user id) contains at least one of their held-out items. Pair it with
 * `LeaveLastOut` to ask "was the next movie each user watched among the N we would have shown?".
 * Users with held-out items but no list count as misses.
 */
export function topNHitRate(lists: ReadonlyMap<number, ArrayLike<number>>, heldOut: Pick<PredictionColumns, 'uids' | 'iids'>): number {
  const byUser = groupByUser(heldOut.uids);
  if (byUser.size === 0) throw new Error('top-N hit rate: no held-out ratings');
  let hits = 0;
  for (const [uid, rows] of byUser) {
    const list = lists.get(uid);
    if (!list) continue;
    const shown = new Set(Array.from(list));
    if (rows.some((row) => shown.has(heldOut.iids[row]))) hits++;
  }
  return hits / byUser.size;
}
