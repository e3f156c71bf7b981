/** The movie catalogue: one movie by id, a search by title and genre, and a movie's neighbours. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../errors.ts';
import { errorResponses, IdParams } from '../../schemas/common.ts';
import { Movie, MovieList, MovieSearchQuery, SimilarMovies, SimilarQuery } from '../../schemas/movies.ts';

const movieRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/movies/:id',
    {
      schema: {
        tags: ['movies'],
        summary: 'One movie',
        params: IdParams,
        response: { 200: Movie, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const movie = await fastify.moviesRepository.findById(request.params.id);
      if (!movie) throw notFound(`movie ${request.params.id} does not exist`);
      return movie;
    },
  );

  fastify.get(
    '/movies/:id/similar',
    {
      schema: {
        tags: ['movies'],
        summary: 'The movies most similar to one, by the serving model',
        description:
          'Factor models (SVD, SVD++, NMF) compare item factors by cosine; item-based k-NN uses its learned similarities. ' +
          '404 for an unknown movie or one the model was not trained on; 409 when the model has no item neighbours; 503 before a model is loaded.',
        params: IdParams,
        querystring: SimilarQuery,
        response: { 200: SimilarMovies, ...errorResponses(400, 404, 409, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { model, method, similar } = await fastify.similarMovies.similar(id, request.query.n);
      const movies = await fastify.catalogue.lookup(similar.map((s) => s.movieId));
      return {
        movie_id: id,
        model: { name: model.name, version: model.version },
        method,
        similar: similar.flatMap(({ movieId, similarity }) => {
          const movie = movies.get(movieId);
          return movie ? [{ movie_id: movieId, title: movie.title, genres: movie.genres, similarity }] : [];
        }),
      };
    },
  );

  fastify.get(
    '/movies',
    {
      schema: {
        tags: ['movies'],
        summary: 'Search movies by title (any case) and genre, ordered by id',
        querystring: MovieSearchQuery,
        response: { 200: MovieList, ...errorResponses(400) },
      },
    },
    async (request) => ({ movies: await fastify.moviesRepository.search(request.query) }),
  );
};

export default movieRoutes;
