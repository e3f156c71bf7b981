"""Marquee's MLOps loop driven by Airflow, for deployments that schedule work there rather than
with Marquee's built-in scheduler (DRIFT_SCHEDULE / TRAINING_SCHEDULE).

    wait_for_api  →  generate_ratings  →  start_training  →  wait_for_training  →  check_drift

- wait_for_api       GET /health until the API answers (a sensor: a restart does not fail the run).
- generate_ratings   POST /generate-ratings/?batch_size=N: synthetic ratings for the demo loop.
- start_training     POST /training/: starts a job in the background and returns its id at once.
- wait_for_training  GET /training/jobs/{id} until the job has succeeded; a failed job fails the
                     task with the job's error. (Promoted or rejected, a finished job has succeeded.)
- check_drift        GET /monitoring/drift: the verdict and the report's URL go to XCom and the log.

Set up in Airflow:
- Connection `marquee_api` (HTTP): host and port of the Marquee API, e.g. http://marquee:8000.
- Variable `marquee_api_key`: the server's MARQUEE_API_KEY, sent as `Authorization: Bearer ...`
  (leave it unset for a server without a key).
- Variable `marquee_batch_size` (optional, default 1000): ratings generated per run.

Requires apache-airflow-providers-http. Every call to the API is one of the ENDPOINTS below:
test/deploy/airflow.test.ts checks each against the API's OpenAPI document.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.http.hooks.http import HttpHook
from airflow.providers.http.sensors.http import HttpSensor

CONNECTION_ID = "marquee_api"

# (method, path): the only calls this DAG makes. {name} is filled in; the query string is part of the path.
HEALTH = ("GET", "/health")
GENERATE_RATINGS = ("POST", "/generate-ratings/?batch_size={batch_size}")
START_TRAINING = ("POST", "/training/")
TRAINING_JOB = ("GET", "/training/jobs/{job_id}")
CHECK_DRIFT = ("GET", "/monitoring/drift")
ENDPOINTS = [HEALTH, GENERATE_RATINGS, START_TRAINING, TRAINING_JOB, CHECK_DRIFT]

# A training run on ml-latest-small takes under a minute; on ml-25m with a parameter search, hours.
TRAINING_TIMEOUT = timedelta(hours=6)


def call(endpoint: tuple[str, str], body: dict | None = None, **path_values: object) -> dict:
    """One API call; a non-2xx answer raises (HttpHook checks the status) with the API's message.

    The key is read when a task runs, never when the scheduler parses this file. A JSON content
    type goes only with a body: the API rejects an empty body announced as JSON.
    """
    method, path = endpoint
    headers = {}
    api_key = Variable.get("marquee_api_key", default_var="")
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    hook = HttpHook(method=method, http_conn_id=CONNECTION_ID)
    response = hook.run(path.format(**path_values), data=json.dumps(body) if body is not None else None, headers=headers)
    return response.json()


def generate_ratings() -> int:
    batch_size = int(Variable.get("marquee_batch_size", default_var=1000))
    answer = call(GENERATE_RATINGS, batch_size=batch_size)
    print(f"generated ratings: {answer}")
    return batch_size


def start_training() -> str:
    """Returns the job id (pushed to XCom for the sensor)."""
    answer = call(START_TRAINING, body={})
    print(f"training job {answer['job_id']} queued")
    return answer["job_id"]


def training_finished(response) -> bool:
    """The sensor's check: True once succeeded, False while queued or running; a failed job fails the task."""
    job = response.json()
    state = job["state"]
    print(f"training job {job['job_id']}: {state}, step {job['step']}, {job['progress']:.0f} %")
    if state == "failed":
        raise AirflowException(f"training job {job['job_id']} failed: {job.get('error')}")
    if state == "succeeded":
        print(f"decision: {job.get('decision')} ({job.get('reason')}); model {job.get('model')}")
        return True
    return False


def check_drift() -> dict:
    answer = call(CHECK_DRIFT)
    if answer["status"] == "insufficient_data":
        print(f"drift: no verdict, {answer['message']}")
    else:
        print(f"drift detected: {answer['drift_detected']} (share {answer['share_drifted']:.2f}); report {answer['report_url']}")
    return {
        "status": answer["status"],
        "drift_detected": answer["drift_detected"],
        "share_drifted": answer["share_drifted"],
        "report_url": answer["report_url"],
    }


with DAG(
    dag_id="marquee_pipeline",
    description="Generate ratings, retrain Marquee, wait for the job, check drift",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one training job at a time anyway: the API refuses a second (409)
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2)},
    tags=["marquee", "mlops"],
) as dag:
    wait_for_api = HttpSensor(
        task_id="wait_for_api",
        http_conn_id=CONNECTION_ID,
        method=HEALTH[0],
        endpoint=HEALTH[1],
        response_check=lambda response: response.json().get("status") == "ok",
        poke_interval=15,
        timeout=600,
        mode="reschedule",
    )

    generate = PythonOperator(task_id="generate_ratings", python_callable=generate_ratings)

    # No retries: a retry would start a second job, which the API refuses while the first runs.
    train = PythonOperator(task_id="start_training", python_callable=start_training, retries=0)

    wait_for_training = HttpSensor(
        task_id="wait_for_training",
        http_conn_id=CONNECTION_ID,
        method=TRAINING_JOB[0],
        endpoint=TRAINING_JOB[1].replace("{job_id}", "{{ ti.xcom_pull(task_ids='start_training') }}"),
        response_check=training_finished,
        poke_interval=30,
        timeout=TRAINING_TIMEOUT.total_seconds(),
        mode="reschedule",
        retries=0,  # a failed job is final; retrying the sensor would only see it fail again
    )

    drift = PythonOperator(task_id="check_drift", python_callable=check_drift)

    wait_for_api >> generate >> train >> wait_for_training >> drift
