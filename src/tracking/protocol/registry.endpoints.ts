import { Type } from 'typebox';
import { endpoint } from './endpoint.ts';
import { Empty, KeyValue, ModelVersion, RegisteredModel } from './entities.ts';

const Name = { name: Type.String() };
const NameVersion = { name: Type.String(), version: Type.String() };
const Search = {
  filter: Type.Optional(Type.String()),
  max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  order_by: Type.Optional(Type.Array(Type.String())),
  page_token: Type.Optional(Type.String()),
};

export const createRegisteredModel = endpoint({
  method: 'POST',
  path: '/registered-models/create',
  summary: 'Register a model name',
  request: Type.Object({ ...Name, tags: Type.Optional(Type.Array(KeyValue)), description: Type.Optional(Type.String()) }),
  response: Type.Object({ registered_model: RegisteredModel }),
});

export const getRegisteredModel = endpoint({
  method: 'GET',
  path: '/registered-models/get',
  summary: 'Get a registered model with its latest versions, tags and aliases',
  request: Type.Object(Name),
  response: Type.Object({ registered_model: RegisteredModel }),
});

export const searchRegisteredModels = endpoint({
  method: 'GET',
  path: '/registered-models/search',
  summary: "Search registered models with a filter such as name LIKE 'marquee-%'",
  request: Type.Object(Search),
  response: Type.Object({
    registered_models: Type.Optional(Type.Array(RegisteredModel)),
    next_page_token: Type.Optional(Type.String()),
  }),
});

export const getLatestVersions = endpoint({
  method: 'POST',
  path: '/registered-models/get-latest-versions',
  summary: 'The newest version of a model in each stage',
  request: Type.Object({ ...Name, stages: Type.Optional(Type.Array(Type.String())) }),
  response: Type.Object({ model_versions: Type.Optional(Type.Array(ModelVersion)) }),
});

export const setRegisteredModelTag = endpoint({
  method: 'POST',
  path: '/registered-models/set-tag',
  summary: 'Set (or overwrite) a registered model tag',
  request: Type.Object({ ...Name, key: Type.String(), value: Type.String() }),
  response: Empty,
});

export const setAlias = endpoint({
  method: 'POST',
  path: '/registered-models/alias',
  summary: 'Point an alias (e.g. champion) at a model version',
  request: Type.Object({ ...Name, alias: Type.String(), version: Type.String() }),
  response: Empty,
});

export const deleteAlias = endpoint({
  method: 'DELETE',
  path: '/registered-models/alias',
  summary: 'Remove an alias (parameters in the JSON body)',
  request: Type.Object({ ...Name, alias: Type.String() }),
  response: Empty,
});

export const getModelVersionByAlias = endpoint({
  method: 'GET',
  path: '/registered-models/alias',
  summary: 'The model version an alias points at',
  request: Type.Object({ ...Name, alias: Type.String() }),
  response: Type.Object({ model_version: ModelVersion }),
});

export const createModelVersion = endpoint({
  method: 'POST',
  path: '/model-versions/create',
  summary: 'Add a version to a registered model from a run artifact',
  request: Type.Object({
    ...Name,
    source: Type.String(),
    run_id: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(KeyValue)),
    run_link: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
  }),
  response: Type.Object({ model_version: ModelVersion }),
});

export const getModelVersion = endpoint({
  method: 'GET',
  path: '/model-versions/get',
  summary: 'Get one model version',
  request: Type.Object(NameVersion),
  response: Type.Object({ model_version: ModelVersion }),
});

export const searchModelVersions = endpoint({
  method: 'GET',
  path: '/model-versions/search',
  summary: "Search model versions with a filter such as name = 'x' or run_id = 'y'",
  request: Type.Object(Search),
  response: Type.Object({
    model_versions: Type.Optional(Type.Array(ModelVersion)),
    next_page_token: Type.Optional(Type.String()),
  }),
});

export const setModelVersionTag = endpoint({
  method: 'POST',
  path: '/model-versions/set-tag',
  summary: 'Set (or overwrite) a model version tag',
  request: Type.Object({ ...NameVersion, key: Type.String(), value: Type.String() }),
  response: Empty,
});

export const getModelVersionDownloadUri = endpoint({
  method: 'GET',
  path: '/model-versions/get-download-uri',
  summary: "Where a model version's files are",
  request: Type.Object(NameVersion),
  response: Type.Object({ artifact_uri: Type.String() }),
});
