/**
 * Builds the HTTP API around the dependencies it is given. Load order: external resources
 * (database, CORS, OpenAPI, metrics, the embedded tracking server), then app services, then routes,
 * so that every route sees the services, and @fastify/swagger and the metrics hook see every route.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { createMetrics } from '../monitoring/metrics.ts';
import metricsPlugin from '../monitoring/metrics-plugin.ts';
import type { AppDeps } from './app-options.ts';
import { noModel } from './model-holder.ts';
import apiKeyAuth from './plugins/app/api-key-auth.ts';
import catalogue from './plugins/app/catalogue.ts';
import coldStartRanking from './plugins/app/cold-start-ranking.ts';
import errorHandler from './plugins/app/error-handler.ts';
import moviesRepository from './plugins/app/movies-repository.ts';
import ratingsGenerator from './plugins/app/ratings-generator.ts';
import ratingsRepository from './plugins/app/ratings-repository.ts';
import ratingsService from './plugins/app/ratings-service.ts';
import readiness from './plugins/app/readiness.ts';
import recommender from './plugins/app/recommender.ts';
import servingModel from './plugins/app/serving-model.ts';
import similarMovies from './plugins/app/similar-movies.ts';
import userRatings from './plugins/app/user-ratings.ts';
import cors from './plugins/external/cors.ts';
import database from './plugins/external/database.ts';
import openapi from './plugins/external/openapi.ts';
import trackingServer from './plugins/external/tracking-server.ts';
import generateRatingsRoutes from './routes/generate-ratings/index.ts';
import healthRoutes from './routes/health/index.ts';
import modelRoutes from './routes/models/index.ts';
import monitoringRoutes from './routes/monitoring/index.ts';
import movieRoutes from './routes/movies/index.ts';
import predictRoutes from './routes/predict/index.ts';
import ratingRoutes from './routes/ratings/index.ts';
import statsRoutes from './routes/stats/index.ts';
import trainingRoutes from './routes/training/index.ts';
import userRoutes from './routes/users/index.ts';
import { OneLinePerRequest } from './request-log.ts';
import { DEFAULT_SERVING_SETTINGS } from './serving.config.ts';
import { strictJsonBodies } from './strict-json.ts';
import { validatorCompiler } from './validator-compiler.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const serving = deps.serving ?? DEFAULT_SERVING_SETTINGS;
  const app = Fastify({
    logger: { level: config.logLevel, ...(deps.logStream ? { stream: deps.logStream } : {}) },
    logController: new OneLinePerRequest(),
    bodyLimit: config.bodyLimit,
    // `/movies/` and `/movies` are the same resource; answering both beats a redirect clients must follow.
    routerOptions: { ignoreTrailingSlash: true },
    // A URL the router cannot decode (`/movies/%ZZ`) never reaches the error handler: same body here.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).send({ error: 'Bad Request', message: error.message });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  // JSON is the only body format: a text/plain body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  strictJsonBodies(app);

  await app.register(errorHandler);
  await app.register(database, { database: deps.database, closeOnClose: deps.closeDatabaseOnClose ?? false });
  await app.register(cors, { origins: config.corsOrigins });
  await app.register(openapi, { version });
  await app.register(metricsPlugin, { metrics: deps.metrics ?? createMetrics() });
  if (deps.trackingArtifacts) await app.register(trackingServer, { db: deps.database, artifacts: deps.trackingArtifacts, apiKey: config.apiKey });

  await app.register(apiKeyAuth, { apiKey: config.apiKey });
  await app.register(servingModel, { models: deps.models ?? noModel });
  await app.register(readiness);
  await app.register(moviesRepository);
  await app.register(ratingsRepository);
  await app.register(catalogue);
  await app.register(userRatings, { ttlSeconds: serving.ratingsCacheSeconds });
  await app.register(coldStartRanking);
  await app.register(ratingsService);
  await app.register(recommender, { foldInMinRatings: serving.foldInMinRatings });
  await app.register(similarMovies);
  await app.register(ratingsGenerator);

  await app.register(healthRoutes);
  await app.register(movieRoutes);
  await app.register(userRoutes);
  await app.register(ratingRoutes);
  await app.register(generateRatingsRoutes);
  await app.register(predictRoutes);
  await app.register(statsRoutes);
  if (deps.training) {
    await app.register(trainingRoutes, { training: deps.training });
    await app.register(modelRoutes, { training: deps.training });
  }
  if (deps.drift) await app.register(monitoringRoutes, { drift: deps.drift });
  return app;
}
