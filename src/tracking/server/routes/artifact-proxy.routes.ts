/**
 * `/api/2.0/mlflow-artifacts/artifacts/...`: upload (PUT raw bytes), download, delete and list,
 * as MLflow's `--serve-artifacts` proxy. Bodies stream through to and from the artifact store.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Empty, ErrorBody, FileInfo } from '../../protocol/entities.ts';
import { nonEmpty } from '../../protocol/omit-empty.ts';
import type { TrackingService } from '../tracking.service.ts';

const PathParam = Type.Object({ '*': Type.String({ minLength: 1 }) });
const Errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const tags = ['tracking-artifacts'];

/** MLflow serves these as text/plain so browsers show them; everything else is a download. */
const TEXT_FILES = /(^|\/)(MLmodel|MLproject)$|\.(txt|log|err|cfg|conf|ini|properties|toml|yaml|yml|xml|json|js|py|csv|tsv|md|rst)$/i;

export function artifactProxyRoutes(app: FastifyInstance, { artifacts }: TrackingService): void {
  app.put('/artifacts/*', { schema: { summary: 'Upload one artifact file (raw body)', tags, params: PathParam, response: { 200: Empty, ...Errors } } }, async (request) => {
    const path = (request.params as { '*': string })['*'];
    const body = request.body instanceof Readable ? request.body : Readable.from([]);
    await artifacts.upload(path, body);
    return {};
  });

  // The 200 answer is the file's bytes, which a JSON schema cannot describe.
  app.get('/artifacts/*', { schema: { summary: 'Download one artifact file', tags, params: PathParam, response: Errors } }, async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    const stream = await artifacts.download(path);
    return reply.type(TEXT_FILES.test(path) ? 'text/plain' : 'application/octet-stream').send(stream);
  });

  app.delete('/artifacts/*', { schema: { summary: 'Delete one artifact file', tags, params: PathParam, response: { 200: Empty, ...Errors } } }, async (request) => {
    await artifacts.delete((request.params as { '*': string })['*']);
    return {};
  });

  app.get(
    '/artifacts',
    {
      schema: {
        summary: 'List one folder of proxied artifacts',
        tags,
        querystring: Type.Object({ path: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ files: Type.Optional(Type.Array(FileInfo)) }), ...Errors },
      },
    },
    async (request) => ({ files: nonEmpty(await artifacts.list((request.query as { path?: string }).path)) }),
  );
}
