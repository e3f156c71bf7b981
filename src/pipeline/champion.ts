/**
 * Whether the best candidate replaces the champion. It must beat the champion's held-out RMSE by at
 * least `margin` (an absolute RMSE difference), so that noise between two equally good models does
 * not churn the registry; with no champion it is promoted; `force` promotes regardless and the
 * reason says what the comparison alone would have decided.
 */
export interface Contender {
  name: string;
  holdoutRmse: number;
}

export interface ChampionScore {
  version: string;
  algo: string;
  /** Undefined when the champion could not be refitted (the reason is in `problem`). */
  holdoutRmse?: number;
  problem?: string;
}

export interface Decision {
  promote: boolean;
  forced: boolean;
  reason: string;
}

export function decide(candidate: Contender, champion: ChampionScore | undefined, margin: number, force: boolean): Decision {
  const verdict = compare(candidate, champion, margin);
  if (!force) return { promote: verdict.promote, forced: false, reason: verdict.reason };
  const prefix = verdict.promote ? 'forced (the comparison would have promoted it too)' : 'forced although the comparison rejects it';
  return { promote: true, forced: true, reason: `${prefix}: ${verdict.reason}` };
}

function compare(candidate: Contender, champion: ChampionScore | undefined, margin: number): { promote: boolean; reason: string } {
  const mine = `${candidate.name} has holdout RMSE ${fmt(candidate.holdoutRmse)}`;
  if (!champion) return { promote: true, reason: `no champion yet; ${mine}` };
  const theirs = `champion v${champion.version} (${champion.algo})`;
  if (champion.holdoutRmse === undefined) {
    return { promote: false, reason: `${theirs} cannot be evaluated (${champion.problem ?? 'unknown reason'}); ${mine}; promote with force to replace it` };
  }
  const gain = champion.holdoutRmse - candidate.holdoutRmse;
  if (gain >= margin) {
    return { promote: true, reason: `${mine}, better than ${theirs} at ${fmt(champion.holdoutRmse)} by ${fmt(gain)} (margin ${margin})` };
  }
  return {
    promote: false,
    reason: `${mine}, not better than ${theirs} at ${fmt(champion.holdoutRmse)} by the margin ${margin} (difference ${fmt(gain)})`,
  };
}

function fmt(x: number): string {
  return x.toFixed(4);
}
