/**
 * Which model serves: the registry's champion, loaded at start and again whenever the alias moves.
 * The registry is polled every MODEL_POLL_SECONDS, and a promotion or rollback made in this process
 * (a `changed` event) is acted on at once.
 *
 * The swap is one reference assignment: a request holds the model it read from `current()` until it
 * ends, so requests in flight finish on the old model and the next ones get the new one. A version
 * that fails to download, verify or load is never swapped in: the old model keeps serving, the
 * failure is logged and counted, and that version is not tried again until the alias moves or a
 * local promotion names it again. Checks never overlap; asks made while one runs share the next.
 */
import type { ModelHolder, ServingModel } from './model-holder.ts';

/** A registered version, as far as serving cares. */
export interface ChampionVersion {
  name: string;
  version: string;
}

/** Where the champion comes from (see registry-champions.ts for the registry's). */
export interface ChampionSource<V extends ChampionVersion = ChampionVersion> {
  /** The version the champion alias points at; undefined when there is none yet. */
  champion(): Promise<V | undefined>;
  /** The version's model, downloaded and verified; throws when it cannot be served. */
  load(version: V): Promise<ServingModel>;
}

/** Local promotions and rollbacks (the pipeline's ChampionEvents). */
export interface ChampionChanges {
  on(event: 'changed', listener: () => void): unknown;
  off(event: 'changed', listener: () => void): unknown;
}

export interface LifecycleMetrics {
  setModel(name: string, version: string, rmse: number | undefined): void;
  recordModelLoadFailure(name: string, version: string): void;
}

/** The slice of pino (Fastify's logger) the lifecycle writes to. */
export interface LifecycleLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ModelLifecycleOptions<V extends ChampionVersion> {
  source: ChampionSource<V>;
  changes?: ChampionChanges;
  metrics?: LifecycleMetrics;
  pollSeconds: number;
}

const silent: LifecycleLog = { info: () => {}, warn: () => {}, error: () => {} };

export class ModelLifecycle<V extends ChampionVersion = ChampionVersion> implements ModelHolder {
  private serving: ServingModel | null = null;
  /** `name@version` of the last version that failed to load. */
  private failed: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private retryFailed = false;
  private timer: NodeJS.Timeout | undefined;
  private log: LifecycleLog = silent;
  private readonly onChanged = () => void this.refresh({ retryFailed: true });

  constructor(private readonly options: ModelLifecycleOptions<V>) {}

  current(): ServingModel | null {
    return this.serving;
  }

  /** Loads the champion, then follows it. Resolves once the first load is over, whatever its outcome. */
  async start(log: LifecycleLog = silent): Promise<void> {
    this.log = log;
    this.options.changes?.on('changed', this.onChanged);
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.pollSeconds * 1000);
    this.timer.unref();
  }

  /**
   * Looks at the champion and swaps it in when it is not the model serving. `retryFailed` tries a
   * version again even though it failed before (a local promotion says it is new).
   */
  refresh(options: { retryFailed?: boolean } = {}): Promise<void> {
    this.retryFailed ||= options.retryFailed ?? false;
    if (!this.queued) {
      const next = this.chain.then(() => {
        this.queued = undefined;
        const retry = this.retryFailed;
        this.retryFailed = false;
        return this.check(retry).catch((err: unknown) => this.log.error({ err }, 'the champion check failed'));
      });
      this.queued = next;
      this.chain = next;
    }
    return this.queued;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.options.changes?.off('changed', this.onChanged);
    await this.chain;
  }

  private async check(retryFailed: boolean): Promise<void> {
    let version: V | undefined;
    try {
      version = await this.options.source.champion();
    } catch (err) {
      this.log.warn({ err, serving: this.describe(this.serving) }, 'cannot read the champion from the model registry; the current model keeps serving');
      return;
    }
    if (!version) return;
    if (this.serving && this.serving.name === version.name && this.serving.version === version.version) return;
    const key = `${version.name}@${version.version}`;
    if (this.failed === key && !retryFailed) return;
    let model: ServingModel;
    try {
      model = await this.options.source.load(version);
    } catch (err) {
      this.failed = key;
      this.options.metrics?.recordModelLoadFailure(version.name, version.version);
      const keeps = this.serving ? `${this.describe(this.serving)} keeps serving` : 'no model serves (cold start for everyone)';
      this.log.error({ err, champion: this.describe(version) }, `champion ${this.describe(version)} cannot be loaded; ${keeps}`);
      return;
    }
    const previous = this.serving;
    this.serving = model;
    this.failed = undefined;
    this.options.metrics?.setModel(model.name, model.version, model.rmse);
    this.log.info({ model: this.describe(model), replaced: previous ? this.describe(previous) : null }, `serving ${this.describe(model)}`);
  }

  private describe(v: ChampionVersion | null): string | null {
    return v && `${v.name} v${v.version}`;
  }
}
