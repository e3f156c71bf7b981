import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReference } from '../../../src/monitoring/drift/drift-reference.ts';
import { driftHarness } from './support/drift-harness.ts';
import { driftReference, latestSmall, resampled, shifted, type TrainingData } from './support/drift-data.ts';
import { renderInChromium } from './support/chromium.ts';

const HOSTILE_GENRE = '<script>alert("genre")</script>';
const HOSTILE_MODEL = `<img src=x onerror='alert(1)'>&"`;

/** ml-latest-small where Drama is called HOSTILE_GENRE, and the model has a hostile name. */
function hostileData(): { data: TrainingData; reference: DriftReference } {
  const base = latestSmall();
  const genres = new Map([...base.genres].map(([movie, list]) => [movie, list.map((g) => (g === 'Drama' ? HOSTILE_GENRE : g))]));
  const data = { ratings: base.ratings, genres };
  const reference = driftReference(data);
  return { data, reference: { ...reference, model: { ...reference.model, name: HOSTILE_MODEL } } };
}

async function reportHtml(drifting: boolean): Promise<string> {
  const { data, reference } = hostileData();
  const harness = driftHarness({ reference, current: drifting ? shifted(data, 800, 1) : resampled(data, 800, 1, reference) });
  try {
    const answer = await harness.service.check();
    assert.equal(answer.drift_detected, drifting);
    return (await harness.service.reports.get(answer.report_id!)).toString('utf8');
  } finally {
    harness.close();
  }
}

describe('drift report', () => {
  test('escapes every text from the data: a genre or model name cannot add markup', async () => {
    const html = await reportHtml(true);
    assert.equal(html.match(/<script/gi), null);
    assert.equal(html.match(/<img/gi), null);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;genre&quot;)&lt;/script&gt;'), 'the genre is shown, escaped');
    assert.ok(html.includes('&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;&quot;'), 'the model name is shown, escaped');
  });

  test('is self-contained: no script, no external file, a policy that forbids loading any', async () => {
    const html = await reportHtml(true);
    assert.doesNotMatch(html, /<(script|link|iframe|object|embed|img)\b/i);
    assert.doesNotMatch(html, /<[^>]*\s(src|href)\s*=/i);
    assert.doesNotMatch(html, /url\(/i);
    // The only URL is the SVG namespace, an identifier that is never fetched.
    assert.deepEqual([...new Set(html.match(/https?:\/\/[^"'\s)]+/g))], ['http://www.w3.org/2000/svg']);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  });

  test('shows the verdict in red or green, the tests table and one chart per feature', async () => {
    const drift = await reportHtml(true);
    assert.match(drift, /<div class="verdict drift"><strong>Drift detected<\/strong>/);
    assert.match(drift, /\.drift\{background:#b42318\}/);
    const stable = await reportHtml(false);
    assert.match(stable, /<div class="verdict stable"><strong>No drift detected<\/strong>/);
    assert.match(stable, /\.stable\{background:#1a7f37\}/);
    for (const feature of ['rating', 'ratings_per_user', 'ratings_per_movie', 'movie_popularity', 'genres', 'hour_of_day']) {
      assert.match(drift, new RegExp(`<h3>${feature}</h3>\\n<p class="note">[^<]*</p>\\n<svg `), feature);
    }
    assert.equal(drift.match(/<svg /g)?.length, 6);
    assert.equal(drift.match(/<tr><td>/g)?.length, 7, 'one row per test: rating twice, the other features once');
  });

  test('renders in headless Chromium without a console error, and a screenshot is saved', async (t) => {
    const html = await reportHtml(true);
    const file = join(tmpdir(), `marquee-drift-report-${process.pid}.html`);
    writeFileSync(file, html);
    const result = await renderInChromium(file, join(tmpdir(), `marquee-drift-report-${process.pid}.png`));
    if ('skip' in result) return t.skip(result.skip);
    console.log(`# drift report screenshot: ${result.screenshot}`);
    assert.deepEqual(result.errors, []);
    assert.equal(result.svgCount, 6);
    assert.ok(result.height > 2000, `the page is ${result.height} px tall: every section laid out`);
    assert.equal(result.title.startsWith('Marquee drift report'), true);
  });
});
