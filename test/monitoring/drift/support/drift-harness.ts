/** A DriftService on in-memory ports: a fixed champion, a fixed current window, reports in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '../../../../src/artifacts/local/local-store.ts';
import type { DriftObservation, MarqueeMetrics } from '../../../../src/monitoring/metrics.ts';
import { DEFAULT_DRIFT_SETTINGS, type DriftSettings } from '../../../../src/monitoring/drift/drift.config.ts';
import type { CurrentRatings } from '../../../../src/monitoring/drift/drift-features.ts';
import type { DriftReference } from '../../../../src/monitoring/drift/drift-reference.ts';
import { DriftReports } from '../../../../src/monitoring/drift/drift-reports.ts';
import { DriftService } from '../../../../src/monitoring/drift/drift.service.ts';
import type { Predictor } from '../../../../src/monitoring/drift/model-performance.ts';
import type { ChampionSource } from '../../../../src/monitoring/drift/champion-source.ts';
import type { DriftWindow } from '../../../../src/monitoring/drift/drift-window.ts';

/** Knows nobody: every current rating is cold-start, so the performance check is skipped. */
export const coldStartPredictor: Predictor = { knows: () => false, predict: () => Number.NaN };

export interface Harness {
  service: DriftService;
  store: LocalArtifactStore;
  observations: DriftObservation[];
  windows: DriftWindow[];
  close(): void;
}

export function driftHarness(options: {
  reference: DriftReference | undefined;
  current: CurrentRatings;
  predictor?: Predictor;
  settings?: Partial<DriftSettings>;
  champion?: ChampionSource;
  /** Where setDrift goes; by default it is recorded in `observations`. */
  metrics?: Pick<MarqueeMetrics, 'setDrift'>;
}): Harness {
  const root = mkdtempSync(join(tmpdir(), 'marquee-drift-'));
  const store = new LocalArtifactStore(root);
  const observations: DriftObservation[] = [];
  const windows: DriftWindow[] = [];
  const { reference } = options;
  const champion: ChampionSource = options.champion ?? {
    load: async () => {
      if (!reference) throw new Error('the harness has no reference');
      return { reference, predictor: options.predictor ?? coldStartPredictor };
    },
  };
  const service = new DriftService({
    champion,
    ratings: {
      read: async (window) => {
        windows.push(window);
        return { ...options.current, from: null };
      },
    },
    reports: new DriftReports(store),
    settings: { ...DEFAULT_DRIFT_SETTINGS, ...options.settings },
    metrics: options.metrics ?? { setDrift: (o) => observations.push(o) },
    now: () => new Date('2026-03-01T12:00:00.000Z'),
  });
  return { service, store, observations, windows, close: () => rmSync(root, { recursive: true, force: true }) };
}
