// Writes docs/configuration.md from the settings the modules declare (`npm run docs:config`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigurationReference } from '../src/config/reference.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
writeFileSync(target, renderConfigurationReference());
console.log(`wrote ${target}`);
