/**
 * A strict reader of the Prometheus text exposition format, for tests: every line must be a
 * comment, a TYPE/HELP line or a well-formed sample of a family declared by a TYPE line, else it
 * throws naming the line. Returns the families by name with their samples.
 */
export interface Sample {
  /** The sample's own name: `x_bucket`, `x_sum`, `x_count` belong to histogram family `x`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;
const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

function parseLabels(text: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`line ${lineNo}: bad label set {${text}}`);
    labels[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string, lineNo: number): number {
  // Prometheus reads values with Go's ParseFloat, which takes NaN in any case; prom-client writes "Nan".
  if (/^nan$/i.test(text)) return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`line ${lineNo}: bad value ${JSON.stringify(text)}`);
  return value;
}

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  text.split('\n').forEach((line, i) => {
    const lineNo = i + 1;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      const family = families.get(name) ?? { type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') family.type = rest;
      else family.help = rest;
      families.set(name, family);
      return;
    }
    if (line.startsWith('#')) return;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${lineNo}: not a sample: ${line}`);
    const [, name, labelText, valueText] = m;
    const family = families.get(name) ?? families.get(name.replace(HISTOGRAM_SUFFIX, ''));
    if (!family) throw new Error(`line ${lineNo}: sample ${name} has no TYPE line`);
    family.samples.push({ name, labels: parseLabels(labelText ?? '', lineNo), value: parseValue(valueText, lineNo) });
  });
  return families;
}

/** The samples of `family` (or of its `_bucket`/`_count`/`_sum` part) whose labels include `labels`. */
export function samplesOf(
  families: Map<string, Family>,
  family: string,
  labels: Record<string, string> = {},
  name = family,
): Sample[] {
  const found = families.get(family);
  if (!found) throw new Error(`no metric family ${family}`);
  return found.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}
