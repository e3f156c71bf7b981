/**
 * The Airflow DAG (deploy/airflow/dags/marquee_pipeline.py) without Airflow: it must compile, its
 * tasks are run against small stand-ins for the Airflow modules it imports (recording every HTTP
 * call), and every call it makes must be a route of Marquee's API, by the API's OpenAPI document.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openService, readServiceSettings } from '../../src/api/open-service.ts';

const DAG_FILE = fileURLToPath(new URL('../../deploy/airflow/dags/marquee_pipeline.py', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';

/** Why Python cannot be used here, or undefined when it can. */
function pythonProblem(): string | undefined {
  const probe = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `${PYTHON} is not available (${probe.error?.message ?? probe.stderr.trim()})`;
}

/** Just enough of Airflow's modules for the DAG file to build its DAG and run its callables. */
const AIRFLOW_STUBS: Record<string, string> = {
  'airflow/__init__.py': `
class DAG:
    current = None
    def __init__(self, dag_id, **kwargs):
        self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, []
    def __enter__(self):
        DAG.current = self
        return self
    def __exit__(self, *args):
        DAG.current = None
`,
  'airflow/exceptions.py': 'class AirflowException(Exception):\n    pass\n',
  'airflow/models.py': `
import json, os
class Variable:
    @staticmethod
    def get(key, default_var=KeyError):
        values = json.loads(os.environ.get("STUB_VARIABLES", "{}"))
        if key in values:
            return values[key]
        if default_var is KeyError:
            raise KeyError(f"Variable {key} does not exist")
        return default_var
class BaseOperator:
    def __init__(self, task_id, **kwargs):
        from airflow import DAG
        self.task_id, self.kwargs, self.downstream = task_id, kwargs, []
        DAG.current.tasks.append(self)
    def __rshift__(self, other):
        self.downstream.append(other.task_id)
        return other
`,
  'airflow/operators/__init__.py': '',
  'airflow/operators/python.py': `
from airflow.models import BaseOperator
class PythonOperator(BaseOperator):
    def __init__(self, task_id, python_callable, **kwargs):
        super().__init__(task_id, **kwargs)
        self.python_callable = python_callable
`,
  'airflow/providers/__init__.py': '',
  'airflow/providers/http/__init__.py': '',
  'airflow/providers/http/hooks/__init__.py': '',
  'airflow/providers/http/hooks/http.py': `
CALLS, RESPONSES = [], {}
class Response:
    def __init__(self, body):
        self.body = body
    def json(self):
        return self.body
class HttpHook:
    def __init__(self, method="POST", http_conn_id=None):
        self.method, self.http_conn_id = method, http_conn_id
    def run(self, endpoint, data=None, headers=None):
        CALLS.append({"method": self.method, "endpoint": endpoint, "data": data, "headers": headers or {}, "conn": self.http_conn_id})
        return Response(RESPONSES[self.method + " " + endpoint])
`,
  'airflow/providers/http/sensors/__init__.py': '',
  'airflow/providers/http/sensors/http.py': `
from airflow.models import BaseOperator
class HttpSensor(BaseOperator):
    def __init__(self, task_id, http_conn_id, endpoint, method="GET", response_check=None, **kwargs):
        super().__init__(task_id, **kwargs)
        self.http_conn_id, self.endpoint, self.method, self.response_check = http_conn_id, endpoint, method, response_check
`,
  'run_dag.py': `
import importlib.util, json, sys
from airflow.exceptions import AirflowException
from airflow.providers.http.hooks import http as hooks
hooks.RESPONSES.update(json.loads(sys.argv[2]))
spec = importlib.util.spec_from_file_location("marquee_pipeline", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
tasks = {t.task_id: t for t in module.dag.tasks}
out = {"dag_id": module.dag.dag_id, "tasks": [
    {"task_id": t.task_id, "type": type(t).__name__, "downstream": t.downstream,
     "method": getattr(t, "method", None), "endpoint": getattr(t, "endpoint", None), "conn": getattr(t, "http_conn_id", None)}
    for t in module.dag.tasks]}
out["generated"] = tasks["generate_ratings"].python_callable()
out["job_id"] = tasks["start_training"].python_callable()
out["drift"] = tasks["check_drift"].python_callable()
job = {"job_id": "job-1", "step": "loading", "progress": 40.0, "decision": "promoted", "reason": "better", "model": None, "error": "out of memory"}
check = tasks["wait_for_training"].response_check
out["sensor"] = {state: None for state in ["queued", "running", "succeeded", "failed"]}
for state in out["sensor"]:
    try:
        out["sensor"][state] = check(hooks.Response(dict(job, state=state)))
    except AirflowException as error:
        out["sensor"][state] = "raised: " + str(error)
out["health"] = [tasks["wait_for_api"].response_check(hooks.Response({"status": s})) for s in ["ok", "starting"]]
out["calls"] = hooks.CALLS
with open(sys.argv[3], "w") as f:
    json.dump(out, f)
`,
};

const RESPONSES = {
  'POST /generate-ratings/?batch_size=250': { inserted: 250 },
  'POST /training/': { job_id: 'job-1' },
  'GET /monitoring/drift': { status: 'ok', message: null, drift_detected: true, share_drifted: 0.5, report_url: '/monitoring/drift/reports/r1' },
};

interface DagRun {
  dag_id: string;
  tasks: { task_id: string; type: string; downstream: string[]; method: string | null; endpoint: string | null; conn: string | null }[];
  generated: number;
  job_id: string;
  drift: Record<string, unknown>;
  sensor: Record<string, boolean | string>;
  health: boolean[];
  calls: { method: string; endpoint: string; data: string | null; headers: Record<string, string>; conn: string }[];
}

describe('Airflow DAG marquee_pipeline', () => {
  const problem = pythonProblem();
  if (problem !== undefined) {
    if (process.env.CI === 'true') test('python3 is available', () => assert.fail(`CI=true requires Python for the DAG tests: ${problem}`));
    else test('Airflow DAG tests', (t) => t.skip(problem));
    return;
  }

  const scratch = mkdtempSync(join(tmpdir(), 'marquee-airflow-'));
  let run: DagRun;
  before(() => {
    for (const [file, text] of Object.entries(AIRFLOW_STUBS)) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      writeFileSync(join(scratch, file), text);
    }
    const output = join(scratch, 'out.json');
    const result = spawnSync(PYTHON, [join(scratch, 'run_dag.py'), DAG_FILE, JSON.stringify(RESPONSES), output], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: scratch, PYTHONDONTWRITEBYTECODE: '1', STUB_VARIABLES: JSON.stringify({ marquee_api_key: 'k3y', marquee_batch_size: '250' }) },
    });
    assert.equal(result.status, 0, result.stderr);
    run = JSON.parse(readFileSync(output, 'utf8')) as DagRun;
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('compiles with python3 -m py_compile (no Airflow needed)', () => {
    const result = spawnSync(PYTHON, ['-m', 'py_compile', DAG_FILE], { encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: scratch } });
    assert.equal(result.status, 0, result.stderr);
  });

  test('health sensor → generate ratings → start training → wait for the job → check drift', () => {
    assert.equal(run.dag_id, 'marquee_pipeline');
    assert.deepEqual(
      run.tasks.map((t) => [t.task_id, t.type, t.downstream]),
      [
        ['wait_for_api', 'HttpSensor', ['generate_ratings']],
        ['generate_ratings', 'PythonOperator', ['start_training']],
        ['start_training', 'PythonOperator', ['wait_for_training']],
        ['wait_for_training', 'HttpSensor', ['check_drift']],
        ['check_drift', 'PythonOperator', []],
      ],
    );
    assert.deepEqual(run.health, [true, false]);
    assert.equal(run.tasks.find((t) => t.task_id === 'wait_for_training')?.endpoint, "/training/jobs/{{ ti.xcom_pull(task_ids='start_training') }}");
  });

  test('calls the API with the bearer key from the Variable, a JSON type only with a body', () => {
    assert.equal(run.generated, 250);
    assert.equal(run.job_id, 'job-1');
    assert.deepEqual(run.drift, { status: 'ok', drift_detected: true, share_drifted: 0.5, report_url: '/monitoring/drift/reports/r1' });
    assert.deepEqual(
      run.calls.map((c) => [c.method, c.endpoint, c.data, c.headers, c.conn]),
      [
        ['POST', '/generate-ratings/?batch_size=250', null, { Authorization: 'Bearer k3y' }, 'marquee_api'],
        ['POST', '/training/', '{}', { Authorization: 'Bearer k3y', 'Content-Type': 'application/json' }, 'marquee_api'],
        ['GET', '/monitoring/drift', null, { Authorization: 'Bearer k3y' }, 'marquee_api'],
      ],
    );
  });

  test('waits while the job is queued or running, passes once it succeeded, fails the task when it failed', () => {
    assert.deepEqual(run.sensor, {
      queued: false,
      running: false,
      succeeded: true,
      failed: 'raised: training job job-1 failed: out of memory',
    });
  });

  test("every call is a route of the API's OpenAPI document, query parameters included", async () => {
    const calls = [
      ...run.calls.map((c) => ({ method: c.method, path: c.endpoint })),
      ...run.tasks.filter((t) => t.type === 'HttpSensor').map((t) => ({ method: t.method ?? 'GET', path: t.endpoint ?? '' })),
    ];
    // The service exactly as `marquee start` wires it, so every route group it serves is there.
    const home = mkdtempSync(join(tmpdir(), 'marquee-airflow-'));
    const service = await openService(await readServiceSettings({ MARQUEE_HOME: home }));
    const app = service.app;
    try {
      await app.ready();
      const paths = (app.swagger() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }).paths;
      // Parameters match whatever their names ({id}, {job_id}, an Airflow template); Fastify ignores trailing slashes.
      const shape = (path: string) => path.replace(/\{\{.*?\}\}|\{[^}]*\}/g, '{}').replace(/(.)\/$/, '$1');
      const routes = new Map(Object.entries(paths).map(([path, operations]) => [shape(path), operations]));
      const missing: string[] = [];
      for (const { method, path } of calls) {
        const [route, query = ''] = path.split('?');
        const operation = routes.get(shape(route))?.[method.toLowerCase()];
        if (!operation) {
          missing.push(`${method} ${route}`);
          continue;
        }
        for (const name of new URLSearchParams(query).keys()) {
          if (!operation.parameters?.some((p) => p.in === 'query' && p.name === name)) missing.push(`${method} ${route} query parameter ${name}`);
        }
      }
      assert.deepEqual(missing, [], `the DAG calls what the API does not serve: ${missing.join('; ')}`);
    } finally {
      await service.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
