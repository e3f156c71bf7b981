/**
 * The one place that chooses where tracking goes: the MLflow server at MLFLOW_TRACKING_URI when
 * it is set, otherwise the embedded tracking server in this process (called through `inject`,
 * no port needed). Either way the pipeline holds the same MlflowClient.
 */
import type { FastifyInstance } from 'fastify';
import { MlflowClient } from './mlflow-client.ts';
import type { TrackingCredentials } from './transport/credentials.ts';
import { FetchTransport } from './transport/fetch-transport.ts';
import { InjectTransport } from './transport/inject-transport.ts';

export interface TrackingClientOptions {
  /** MLFLOW_TRACKING_URI; wins over `embedded`. */
  trackingUri?: string;
  /** Sent to the server at `trackingUri` only; in-process calls need none. */
  credentials?: TrackingCredentials;
  /** The app the tracking plugin is registered on, and the prefix it was mounted under. */
  embedded?: { app: Pick<FastifyInstance, 'inject'>; prefix?: string };
}

export function createTrackingClient(options: TrackingClientOptions): MlflowClient {
  if (options.trackingUri !== undefined && options.trackingUri !== '') return new MlflowClient(new FetchTransport(options.trackingUri, options.credentials));
  if (options.embedded !== undefined) return new MlflowClient(new InjectTransport(options.embedded.app, options.embedded.prefix));
  throw new Error('tracking needs MLFLOW_TRACKING_URI or the embedded tracking server; neither was given');
}
