import { Type } from 'typebox';
import { endpoint } from './endpoint.ts';
import { Empty, FileInfo, KeyValue, Metric, Run, RunInfo, RunStatus } from './entities.ts';

const RunId = { run_id: Type.String() };

export const createRun = endpoint({
  method: 'POST',
  path: '/runs/create',
  summary: 'Start a run in an experiment (experiment "0" when none is given)',
  request: Type.Object({
    experiment_id: Type.Optional(Type.String()),
    user_id: Type.Optional(Type.String()),
    run_name: Type.Optional(Type.String()),
    start_time: Type.Optional(Type.Integer()),
    tags: Type.Optional(Type.Array(KeyValue)),
  }),
  response: Type.Object({ run: Run }),
});

export const updateRun = endpoint({
  method: 'POST',
  path: '/runs/update',
  summary: "Change a run's status, end time or name",
  request: Type.Object({
    ...RunId,
    status: Type.Optional(RunStatus),
    end_time: Type.Optional(Type.Integer()),
    run_name: Type.Optional(Type.String()),
  }),
  response: Type.Object({ run_info: RunInfo }),
});

export const deleteRun = endpoint({
  method: 'POST',
  path: '/runs/delete',
  summary: 'Mark a run deleted (it stays readable)',
  request: Type.Object(RunId),
  response: Empty,
});

export const restoreRun = endpoint({
  method: 'POST',
  path: '/runs/restore',
  summary: 'Undo a run deletion',
  request: Type.Object(RunId),
  response: Empty,
});

export const getRun = endpoint({
  method: 'GET',
  path: '/runs/get',
  summary: 'Get a run with its latest metrics, params and tags',
  request: Type.Object(RunId),
  response: Type.Object({ run: Run }),
});

export const searchRuns = endpoint({
  method: 'POST',
  path: '/runs/search',
  summary: "Search runs with a filter such as metrics.rmse < 1 and params.alpha = '0.5'",
  request: Type.Object({
    experiment_ids: Type.Optional(Type.Array(Type.String())),
    filter: Type.Optional(Type.String()),
    run_view_type: Type.Optional(Type.Union([Type.Literal('ACTIVE_ONLY'), Type.Literal('DELETED_ONLY'), Type.Literal('ALL')])),
    max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
    order_by: Type.Optional(Type.Array(Type.String())),
    page_token: Type.Optional(Type.String()),
  }),
  response: Type.Object({
    runs: Type.Optional(Type.Array(Run)),
    next_page_token: Type.Optional(Type.String()),
  }),
});

export const logMetric = endpoint({
  method: 'POST',
  path: '/runs/log-metric',
  summary: 'Log one metric value at a step and time',
  request: Type.Object({
    ...RunId,
    key: Type.String(),
    value: Type.Number(),
    timestamp: Type.Integer(),
    step: Type.Optional(Type.Integer()),
  }),
  response: Empty,
});

export const logParameter = endpoint({
  method: 'POST',
  path: '/runs/log-parameter',
  summary: 'Log a parameter (immutable: the same value again is accepted, another value is not)',
  request: Type.Object({ ...RunId, key: Type.String(), value: Type.String() }),
  response: Empty,
});

export const logBatch = endpoint({
  method: 'POST',
  path: '/runs/log-batch',
  summary: 'Log metrics, params and tags in one call',
  request: Type.Object({
    ...RunId,
    metrics: Type.Optional(
      Type.Array(
        Type.Object({ key: Type.String(), value: Type.Number(), timestamp: Type.Integer(), step: Type.Optional(Type.Integer()) }),
        { maxItems: 1000 },
      ),
    ),
    params: Type.Optional(Type.Array(KeyValue, { maxItems: 100 })),
    tags: Type.Optional(Type.Array(KeyValue, { maxItems: 100 })),
  }),
  response: Empty,
});

export const setTag = endpoint({
  method: 'POST',
  path: '/runs/set-tag',
  summary: 'Set (or overwrite) a run tag',
  request: Type.Object({ ...RunId, key: Type.String(), value: Type.String() }),
  response: Empty,
});

export const deleteTag = endpoint({
  method: 'POST',
  path: '/runs/delete-tag',
  summary: 'Remove a run tag',
  request: Type.Object({ ...RunId, key: Type.String() }),
  response: Empty,
});

export const getMetricHistory = endpoint({
  method: 'GET',
  path: '/metrics/get-history',
  summary: 'Every logged value of one metric of a run',
  request: Type.Object({ ...RunId, metric_key: Type.String() }),
  response: Type.Object({ metrics: Type.Optional(Type.Array(Metric)) }),
});

export const listArtifacts = endpoint({
  method: 'GET',
  path: '/artifacts/list',
  summary: "List a run's artifacts in one folder",
  request: Type.Object({ ...RunId, path: Type.Optional(Type.String()) }),
  response: Type.Object({ root_uri: Type.String(), files: Type.Optional(Type.Array(FileInfo)) }),
});
