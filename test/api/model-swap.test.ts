/**
 * The model lifecycle against a real registry (embedded tracking server, artifact folder): the
 * champion serves from the start, promotions swap it under load without one failed or mixed
 * answer, and a damaged version is never swapped in.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ModelLifecycle } from '../../src/api/model-lifecycle.ts';
import { registryChampions } from '../../src/api/registry-champions.ts';
import { SVD } from '../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { TopNRanker } from '../../src/engine/top-n.ts';
import { Trainset } from '../../src/engine/trainset.ts';
import { createMetrics } from '../../src/monitoring/metrics.ts';
import type { RegisteredVersion } from '../../src/pipeline/registry.ts';
import { forEachDatabase } from '../support/databases.ts';
import { registryFixture, type RegistryFixture } from './support/registry-fixture.ts';
import { ratings, seed, testApp } from './support/api-fixture.ts';

const USERS = [1, 2, 3, 4];

function fit(seedValue: number): SVD {
  const data = { userIds: Int32Array.from(ratings, (r) => r[0]), itemIds: Int32Array.from(ratings, (r) => r[1]), ratings: Float32Array.from(ratings, (r) => r[2]) };
  return new SVD({ n_factors: 2, n_epochs: 30, random_state: seedValue, init_std_dev: 1 }).fit(Trainset.build(data, { min: 0.5, max: 5 }));
}

/** What a version must answer for each user: its own top-N without the rated movies. */
function expectedLists(model: SVD): Map<number, number[]> {
  const ranker = new TopNRanker(model);
  const trainset = model.getTrainset();
  return new Map(USERS.map((u) => [u, Array.from(ranker.rank(trainset.innerUser(u), 10).items, (i) => trainset.rawItemIds[i])]));
}

forEachDatabase('model swaps', (open) => {
  const models = [fit(1), fit(2), fit(3)];
  const expected = new Map<string, Map<number, number[]>>();
  let registry: RegistryFixture;
  let lifecycle: ModelLifecycle<RegisteredVersion>;
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    const db = await open();
    await seed(db);
    registry = await registryFixture(db);
    for (const [k, model] of models.entries()) {
      const version = await registry.publish(model, { rmse: 0.8 + k / 10 });
      expected.set(version, expectedLists(model));
    }
    await registry.promote('1');
    const metrics = createMetrics();
    lifecycle = new ModelLifecycle({ source: registryChampions(registry.registry), changes: registry.events, metrics, pollSeconds: 3600 });
    app = await testApp(db, { models: lifecycle, metrics });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app?.close();
    await registry?.close();
  });

  const metric = async (pattern: RegExp) => pattern.exec(await (await fetch(`${base}/metrics`)).text())?.[1];

  test('the champion serves from the start; /ready and the metrics name it', async () => {
    const ready = await (await fetch(`${base}/ready`)).json();
    assert.deepEqual(ready, { status: 'ready', reasons: [], model: { name: 'test-recommender', version: '1' } });
    assert.equal(await metric(/^marquee_model_info\{name="test-recommender",version="1"\} (\d+)$/m), '1');
    assert.equal(await metric(/^marquee_model_rmse (\S+)$/m), '0.8');
    const distinct = new Set([...expected.values()].map((lists) => JSON.stringify([...lists.values()])));
    assert.equal(distinct.size, 3, 'the three versions rank differently, so a mixed answer would show');
  });

  test('two promotions under load: every request answers 200, each wholly from one version', async () => {
    const answers: { status: number; version: string | undefined; user: number; movies: number[] }[] = [];
    let swapping = true;
    const client = async (k: number) => {
      // Each client keeps going until both swaps are done, and then some.
      for (let n = 0; swapping || n < 10; n++) {
        const user = USERS[(k + n) % USERS.length];
        const res = await fetch(`${base}/predict/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: user }) });
        const body = (await res.json()) as { model: { version: string } | null; recommendations: { movie_id: number }[] };
        answers.push({ status: res.status, version: body.model?.version, user, movies: body.recommendations?.map((r) => r.movie_id) });
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, k) => client(k)));
    for (const version of ['2', '3']) {
      await new Promise((r) => setTimeout(r, 150));
      await registry.promote(version);
      await lifecycle.refresh();
      assert.equal(lifecycle.current()?.version, version);
    }
    await new Promise((r) => setTimeout(r, 150));
    swapping = false;
    await load;

    assert.ok(answers.length > 100, `${answers.length} requests`);
    assert.deepEqual(answers.filter((a) => a.status !== 200), []);
    for (const a of answers) assert.deepEqual(a.movies, expected.get(a.version!)!.get(a.user), `user ${a.user} answered by v${a.version}`);
    assert.deepEqual([...new Set(answers.map((a) => a.version))].sort(), ['1', '2', '3']);
    assert.equal(answers.at(-1)!.version, '3');
  });

  test('a damaged champion is never swapped in: the previous one keeps serving, and the failure is counted', async () => {
    for (const damage of ['not-a-model', 'wrong-checksum'] as const) {
      const version = await registry.publish(fit(9), { damage });
      await registry.promote(version);
      await lifecycle.refresh();
      assert.equal(lifecycle.current()?.version, '3', damage);
      assert.equal(await metric(new RegExp(`^marquee_model_load_failures_total\\{name="test-recommender",version="${version}"\\} (\\d+)$`, 'm')), '1');
      const res = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user_id":2}' });
      assert.equal(res.status, 200);
      assert.deepEqual(((await res.json()) as { model: unknown }).model, { name: 'test-recommender', version: '3' });
    }
    assert.equal(((await (await fetch(`${base}/ready`)).json()) as { model: { version: string } }).model.version, '3');
    assert.equal(await metric(/^marquee_model_info\{name="test-recommender",version="3"\} (\d+)$/m), '1');
    // A sound version promoted after them serves again.
    const sound = await registry.publish(models[0]);
    await registry.promote(sound);
    await lifecycle.refresh();
    assert.equal(lifecycle.current()?.version, sound);
  });
});
