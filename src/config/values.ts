/**
 * The few value types Marquee's variables take, each a schema with its accepted values in words.
 * Every module reads through these, so "5", "true" or a URL is accepted, refused and explained the
 * same way everywhere. Each schema takes the variable's text, or the same value as a JSON file
 * holds it (a number, a boolean, an array), for MARQUEE_CONFIG and TRAINING_CONFIG.
 */
import { z } from 'zod';
import type { SettingValue } from './setting.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** Why a value was refused, as the issue's message. */
function refuse(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

export const text: SettingValue<string> = { accepts: 'text', schema: z.string().trim().min(1, 'expected a non-empty string') };

export const path: SettingValue<string> = { accepts: 'path', schema: text.schema };

export const url: SettingValue<string> = {
  accepts: 'URL',
  schema: z.unknown().transform((value, ctx) =>
    typeof value === 'string' && URL.canParse(value.trim()) ? value.trim() : refuse(ctx, `expected a URL, got ${JSON.stringify(value)}`),
  ),
};

/** Only the four spellings nobody can misread; "yes" or "on" is an error, not a silent false. */
export const boolean: SettingValue<boolean> = {
  accepts: 'true, false, 1 or 0',
  schema: z.unknown().transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    const v = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    return refuse(ctx, `expected true, false, 1 or 0, got ${JSON.stringify(value)}`);
  }),
};

export function integer(min: number, max: number): SettingValue<number> {
  return {
    accepts: `integer ${count(min)}–${count(max)}`,
    schema: z.unknown().transform((value, ctx) => {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : refuse(ctx, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }),
  };
}

/** Bounds of a decimal: `min`/`max` included, `above`/`below` excluded. */
export interface Interval {
  min?: number;
  above?: number;
  max?: number;
  below?: number;
}

/** A finite number in the interval, named in interval notation: "(0, 1)", "[0, 10]", "≥ 1". */
export function decimal(interval: Interval = {}): SettingValue<number> {
  const { min, above, max, below } = interval;
  const low = above ?? min;
  const high = below ?? max;
  const range =
    low !== undefined && high !== undefined
      ? ` in ${above !== undefined ? '(' : '['}${low}, ${high}${below !== undefined ? ')' : ']'}`
      : low !== undefined
        ? ` ${above !== undefined ? '>' : '≥'} ${low}`
        : high !== undefined
          ? ` ${below !== undefined ? '<' : '≤'} ${high}`
          : '';
  const inside = (n: number) =>
    (min === undefined || n >= min) && (above === undefined || n > above) && (max === undefined || n <= max) && (below === undefined || n < below);
  return {
    accepts: `number${range}`,
    schema: z.unknown().transform((value, ctx) => {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) && inside(n) ? n : refuse(ctx, `expected a number${range}, got ${JSON.stringify(value)}`);
    }),
  };
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): SettingValue<T[number]> {
  return {
    accepts: values.join(', '),
    schema: z.unknown().transform((value, ctx) =>
      (values as readonly unknown[]).includes(value) ? (value as T[number]) : refuse(ctx, `expected one of ${values.join(', ')}, got ${JSON.stringify(value)}`),
    ),
  };
}

/** JSON text checked by `schema`; a value a JSON file already holds parsed is checked as it is. */
export function json<T>(schema: z.ZodType<T>, accepts: string): SettingValue<T> {
  return {
    accepts,
    schema: z
      .unknown()
      .transform((value, ctx) => {
        if (typeof value !== 'string') return value;
        try {
          return JSON.parse(value) as unknown;
        } catch (cause) {
          return refuse(ctx, `not valid JSON: ${(cause as Error).message}`);
        }
      })
      .pipe(schema),
  };
}
