/** A Fastify app serving only the embedded tracking server, on a given database and a temp artifact folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ArtifactStore } from '../../../src/artifacts/artifact-store.ts';
import { LocalArtifactStore } from '../../../src/artifacts/local/local-store.ts';
import type { Database } from '../../../src/data/db/database.ts';
import { trackingPlugin } from '../../../src/tracking/server/tracking.plugin.ts';

export interface TrackingApp {
  app: FastifyInstance;
  store: ArtifactStore;
  close(): Promise<void>;
}

export async function buildTrackingApp(db: Database, options: { prefix?: string } = {}): Promise<TrackingApp> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-tracking-'));
  const store = new LocalArtifactStore(root);
  const app = Fastify({ logger: false });
  // A host app with strict settings of its own, as Marquee's API has: the plugin must not depend on them.
  app.setValidatorCompiler(() => () => {
    throw new Error('the host app validator must not reach tracking routes');
  });
  app.setErrorHandler((_error, _request, reply) => reply.status(418).send('host error handler'));
  await app.register(trackingPlugin, { db, artifacts: store, prefix: options.prefix });
  await app.ready();
  return {
    app,
    store,
    close: async () => {
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
