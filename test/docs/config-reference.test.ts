import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadServingSettings } from '../../src/api/serving.config.ts';
import { loadConfig } from '../../src/config.ts';
import { settingGroups } from '../../src/config/all-settings.ts';
import { REFERENCE_COMMAND, renderConfigurationReference } from '../../src/config/reference.ts';
import { loadDriftSettings } from '../../src/monitoring/drift/drift.config.ts';
import { loadSchedulerSettings } from '../../src/monitoring/scheduler.ts';
import { loadTrainingSettings } from '../../src/pipeline/training.config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documented = settingGroups.flatMap((g) => Object.keys(g.settings));

/** Every variable name the code reads straight from an environment object: `env.X`, `process.env.X`, `env['X']`, `const { X } = env`. */
function variablesReadIn(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [/\benv\??\.([A-Z][A-Z0-9_]*)\b/g, /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g, /\{([^{}]*)\}\s*=\s*(?:process\.)?env\b/g];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const source = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) {
        for (const name of match[1].match(/\b[A-Z][A-Z0-9_]*\b/g) ?? []) found.set(name, file.slice(root.length));
      }
    }
  }
  return found;
}

describe('configuration reference', () => {
  test('docs/configuration.md is what the settings render to', () => {
    const onDisk = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    assert.ok(onDisk === renderConfigurationReference(), `docs/configuration.md is out of date: run \`${REFERENCE_COMMAND}\` and commit the result`);
  });

  test('every variable the code reads from the environment is documented', () => {
    const read = variablesReadIn(join(root, 'src'));
    // The scan must see the variables read outside the settings tables, or it proves nothing.
    for (const name of ['MARQUEE_CONFIG', 'TRAINING_CONFIG', 'CORS_ORIGINS']) assert.ok(read.has(name), `the scan missed ${name}`);
    const missing = [...read].filter(([name]) => !documented.includes(name)).map(([name, file]) => `${name} (${file})`);
    assert.deepEqual(missing, [], `read but not in any settings group (src/config/all-settings.ts): ${missing.join(', ')}`);
  });

  test('each variable is documented once, with what it accepts and what it means', () => {
    assert.deepEqual(
      documented.filter((name, i) => documented.indexOf(name) !== i),
      [],
    );
    for (const group of settingGroups) {
      assert.ok(group.summary.length > 10, group.title);
      for (const [name, s] of Object.entries(group.settings)) {
        assert.match(name, /^[A-Z][A-Z0-9_]*$/);
        assert.ok(s.accepts.length > 0 && s.description.length > 10, name);
        assert.ok(s.default === undefined || s.derivedDefault === undefined, `${name}: a default or a derived default, not both`);
      }
    }
  });

  test('the documented defaults are what the loaders use when a variable is unset', async () => {
    const defaults = Object.fromEntries(settingGroups.flatMap((g) => Object.entries(g.settings)).flatMap(([name, s]) => (s.default === undefined ? [] : [[name, s.default]])));
    assert.ok(Object.keys(defaults).length >= 20);
    assert.deepEqual(loadConfig(defaults), loadConfig({}));
    assert.deepEqual(loadServingSettings(defaults), loadServingSettings({}));
    assert.deepEqual(loadDriftSettings(defaults), loadDriftSettings({}));
    assert.deepEqual(loadSchedulerSettings(defaults), loadSchedulerSettings({}));
    assert.deepEqual(await loadTrainingSettings(defaults), await loadTrainingSettings({}));
  });
});
