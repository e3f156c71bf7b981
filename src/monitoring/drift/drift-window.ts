/**
 * Which ratings a drift check calls "current":
 *   since_training  every rating after the last one the champion was trained on (the default);
 *   days            ratings of the last N days, counted back from now;
 *   last            the N most recent ratings (more when several share the boundary instant).
 */
import { DriftInputError } from './drift.errors.ts';

export type DriftWindow = { kind: 'since_training' } | { kind: 'days'; days: number } | { kind: 'last'; ratings: number };

export const SINCE_TRAINING: DriftWindow = { kind: 'since_training' };
export const MAX_WINDOW_DAYS = 36_500;
export const MAX_WINDOW_RATINGS = 100_000_000;

/** The window from `--days` / `--last` (or the query's `days` / `last`): at most one of them. */
export function driftWindow(options: { days?: number; last?: number }, names = { days: 'days', last: 'last' }): DriftWindow {
  const { days, last } = options;
  if (days !== undefined && last !== undefined) throw new DriftInputError(names.days, `give ${names.days} or ${names.last}, not both`);
  if (days !== undefined) return { kind: 'days', days: whole(days, MAX_WINDOW_DAYS, names.days) };
  if (last !== undefined) return { kind: 'last', ratings: whole(last, MAX_WINDOW_RATINGS, names.last) };
  return SINCE_TRAINING;
}

function whole(value: number, max: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new DriftInputError(field, `expected a whole number from 1 to ${max}, got ${value}`);
  return value;
}

export function describeWindow(window: DriftWindow): string {
  switch (window.kind) {
    case 'since_training':
      return "ratings after the champion's training data";
    case 'days':
      return `ratings of the last ${window.days} day${window.days === 1 ? '' : 's'}`;
    case 'last':
      return `the last ${window.ratings} rating${window.ratings === 1 ? '' : 's'}`;
  }
}
