/**
 * Parses MLflow search filters — `metrics.rmse < 1 and params.alpha = '0.5'`,
 * `name LIKE 'ts-%'`, ``tags.`mlflow.parentRunId` = 'abc'``, `run_id IN ('a', 'b')` — into a
 * list of comparisons joined by AND (MLflow has no OR). Which keys and comparators a search
 * accepts is decided by the search itself (filter-sql.ts); errors are MLflow's wording.
 */
import { MlflowError } from '../../mlflow-error.ts';

export type FilterKind = 'metric' | 'param' | 'tag' | 'attribute';
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export interface Comparison {
  kind: FilterKind;
  key: string;
  comparator: Comparator;
  value: string | number | string[];
}

const KIND_PREFIXES: Record<string, FilterKind> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

type Token =
  | { type: 'word'; text: string }
  | { type: 'quoted-identifier'; text: string }
  | { type: 'string'; text: string }
  | { type: 'number'; value: number; text: string }
  | { type: 'operator'; text: string }
  | { type: 'punct'; text: '(' | ')' | ',' };

export function parseFilter(filter: string | undefined): Comparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const comparisons: Comparison[] = [];
  let at = 0;
  const next = (): Token | undefined => tokens[at++];
  while (at < tokens.length) {
    if (comparisons.length > 0) {
      const and = next();
      if (and?.type !== 'word' || and.text.toUpperCase() !== 'AND') {
        throw MlflowError.invalid(`Invalid clause(s) in filter string: '${filter}'. Clauses must be joined by AND.`);
      }
    }
    const { kind, key } = identifier(next(), next, filter);
    const comparator = readComparator(next, filter);
    comparisons.push({ kind, key, comparator, value: readValue(next, comparator, filter) });
  }
  return comparisons;
}

function identifier(token: Token | undefined, next: () => Token | undefined, filter: string): { kind: FilterKind; key: string } {
  if (token?.type === 'quoted-identifier') return { kind: 'attribute', key: token.text };
  if (token?.type !== 'word') throw MlflowError.invalid(`Invalid filter string '${filter}': expected an identifier`);
  const dot = token.text.indexOf('.');
  if (dot === -1) return { kind: 'attribute', key: token.text };
  const prefix = token.text.slice(0, dot);
  const kind = KIND_PREFIXES[prefix.toLowerCase()];
  if (kind === undefined) {
    throw MlflowError.invalid(`Invalid entity type '${prefix}'. Valid values are ['metrics', 'params', 'tags', 'attributes']`);
  }
  let key = token.text.slice(dot + 1);
  if (key === '') {
    // `tags.` followed by a quoted key: tags.`mlflow.parentRunId` or tags."my tag"
    const quoted = next();
    if (quoted?.type !== 'quoted-identifier' && quoted?.type !== 'string') {
      throw MlflowError.invalid(`Invalid filter string '${filter}': missing key after '${token.text}'`);
    }
    key = quoted.text;
  }
  return { kind, key };
}

function readComparator(next: () => Token | undefined, filter: string): Comparator {
  const token = next();
  if (token?.type === 'operator') return token.text as Comparator; // validated per kind by the compiler
  if (token?.type === 'word') {
    const word = token.text.toUpperCase();
    if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word;
    if (word === 'NOT') {
      const inWord = next();
      if (inWord?.type === 'word' && inWord.text.toUpperCase() === 'IN') return 'NOT IN';
    }
  }
  throw MlflowError.invalid(`Invalid filter string '${filter}': expected a comparator after the identifier`);
}

function readValue(next: () => Token | undefined, comparator: Comparator, filter: string): string | number | string[] {
  const token = next();
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (token?.type !== 'punct' || token.text !== '(') throw MlflowError.invalid(`Invalid filter string '${filter}': ${comparator} expects a list like ('a', 'b')`);
    const values: string[] = [];
    for (;;) {
      const item = next();
      if (item?.type !== 'string') throw MlflowError.invalid(`Invalid filter string '${filter}': ${comparator} lists hold quoted strings`);
      values.push(item.text);
      const sep = next();
      if (sep?.type === 'punct' && sep.text === ')') return values;
      if (sep?.type !== 'punct' || sep.text !== ',') throw MlflowError.invalid(`Invalid filter string '${filter}': unterminated ${comparator} list`);
    }
  }
  if (token?.type === 'string') return token.text;
  if (token?.type === 'number') return token.value;
  throw MlflowError.invalid(`Invalid filter string '${filter}': expected a quoted string or a number as the value`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      let text = '';
      let j = i + 1;
      while (j < filter.length && filter[j] !== c) {
        if (filter[j] === '\\' && j + 1 < filter.length) j++;
        text += filter[j++];
      }
      if (j >= filter.length) throw MlflowError.invalid(`Invalid filter string '${filter}': unterminated quote ${c}`);
      // A double-quoted token right after `tags.` is a key; elsewhere it is a string value.
      tokens.push({ type: c === '`' ? 'quoted-identifier' : 'string', text });
      i = j + 1;
    } else if ('<>=!'.includes(c)) {
      let j = i;
      while (j < filter.length && '<>=!'.includes(filter[j])) j++;
      tokens.push({ type: 'operator', text: filter.slice(i, j) });
      i = j;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/.exec(filter.slice(i)) ?? /^[A-Za-z_][\w.\-:/]*/.exec(filter.slice(i));
      if (match === null) throw MlflowError.invalid(`Invalid filter string '${filter}': unexpected character '${c}'`);
      const text = match[0];
      tokens.push(/^-?\d/.test(text) ? { type: 'number', value: Number(text), text } : { type: 'word', text });
      i += text.length;
    }
  }
  return tokens;
}
