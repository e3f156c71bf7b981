import { Type } from 'typebox';
import { endpoint } from './endpoint.ts';
import { Experiment, KeyValue } from './entities.ts';

export const createExperiment = endpoint({
  method: 'POST',
  path: '/experiments/create',
  summary: 'Create an experiment (names are unique)',
  request: Type.Object({
    name: Type.String(),
    artifact_location: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(KeyValue)),
  }),
  response: Type.Object({ experiment_id: Type.String() }),
});

export const getExperiment = endpoint({
  method: 'GET',
  path: '/experiments/get',
  summary: 'Get an experiment by id',
  request: Type.Object({ experiment_id: Type.String() }),
  response: Type.Object({ experiment: Experiment }),
});

export const getExperimentByName = endpoint({
  method: 'GET',
  path: '/experiments/get-by-name',
  summary: 'Get an experiment by name',
  request: Type.Object({ experiment_name: Type.String() }),
  response: Type.Object({ experiment: Experiment }),
});

export const searchExperiments = endpoint({
  method: 'POST',
  path: '/experiments/search',
  summary: "Search experiments with a filter such as name = 'x' or tags.team = 'y'",
  request: Type.Object({
    max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
    page_token: Type.Optional(Type.String()),
    filter: Type.Optional(Type.String()),
    order_by: Type.Optional(Type.Array(Type.String())),
    view_type: Type.Optional(Type.String()),
  }),
  response: Type.Object({
    experiments: Type.Optional(Type.Array(Experiment)),
    next_page_token: Type.Optional(Type.String()),
  }),
});
