/**
 * Training jobs: start one in the background, follow it. Starting is a mutating route behind the
 * API key; a second start while a job is queued or running (in any process sharing the database)
 * answers 409 with that job's id.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, notFound } from '../../errors.ts';
import { bearerSecurity } from '../../plugins/app/api-key-auth.ts';
import { errorResponses } from '../../schemas/common.ts';
import { TrainingConfigError, TrainingJobConflictError } from '../../../pipeline/errors.ts';
import type { TrainingRuntime } from '../../../pipeline/training-runtime.ts';
import { JobAccepted, JobConflict, JobIdParams, TrainingJob, TrainingRequest } from './schemas.ts';

const trainingRoutes: FastifyPluginAsyncTypebox<{ training: TrainingRuntime }> = async (fastify, { training }) => {
  fastify.post(
    '/training',
    {
      onRequest: fastify.requireApiKey,
      // No body at all means "the configured settings": validated as `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['training'],
        summary: 'Start a training job in the background; poll it with GET /training/jobs/{job_id}',
        security: bearerSecurity,
        body: TrainingRequest,
        response: { 202: JobAccepted, 409: JobConflict, ...errorResponses(400, 401, 415) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      try {
        const { jobId } = await training.jobs.start({ trigger: 'api', force: body.force, overrides: body.overrides });
        return reply.code(202).send({ job_id: jobId });
      } catch (error) {
        if (error instanceof TrainingJobConflictError) {
          return reply.code(409).send({ error: 'Conflict', message: error.message, job_id: error.jobId });
        }
        if (error instanceof TrainingConfigError) throw badRequest(error.message, error.field);
        throw error;
      }
    },
  );

  fastify.get(
    '/training/status',
    {
      schema: {
        tags: ['training'],
        summary: 'The latest training job, whatever its state',
        response: { 200: TrainingJob, ...errorResponses(404) },
      },
    },
    async () => {
      const job = await training.jobs.latest();
      if (!job) throw notFound('no training job has run yet');
      return job;
    },
  );

  fastify.get(
    '/training/jobs/:id',
    {
      schema: {
        tags: ['training'],
        summary: 'One training job: state, step, progress, candidates, decision and model version',
        params: JobIdParams,
        response: { 200: TrainingJob, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const job = await training.jobs.get(request.params.id);
      if (!job) throw notFound(`training job ${request.params.id} does not exist`);
      return job;
    },
  );
};

export default trainingRoutes;
