/**
 * The shape every module uses to declare the environment variables it reads, so that one list
 * (`all-settings.ts`) can be checked and turned into docs/configuration.md. A module keeps its own
 * loader and error class; `readVariable` is the one way to turn a variable's text into a value.
 */
import type { z } from 'zod';

export type Env = Record<string, string | undefined>;

/** What the configuration reference shows of one variable. */
export interface Setting {
  /** The accepted values in words: "integer 1–86,400", "true, false, 1 or 0", "URL". */
  readonly accepts: string;
  /** The value used when the variable is unset, written as the variable would be. */
  readonly default?: string;
  /** A default computed when unset (from other variables or the machine), in words. */
  readonly derivedDefault?: string;
  readonly description: string;
  /** A password, token or key: it has no default, and neither the reference nor an error message shows a value. */
  readonly secret?: true;
}

/** How a value is read: `schema` turns the variable's text (or the same value in a JSON file) into the value. */
export interface SettingValue<T> {
  readonly schema: z.ZodType<T>;
  readonly accepts: string;
}

/** A variable its module reads through `readVariable`. */
export type ReadSetting<T> = Setting & SettingValue<T>;

export interface SettingGroup {
  readonly title: string;
  /** Who reads these variables and what they switch, in a sentence or two. */
  readonly summary: string;
  readonly settings: Readonly<Record<string, Setting>>;
}

/** Unset, empty and blank all mean "use the default": shells make `FOO=` easy to leave behind. */
export function isUnset(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The value a setting's schema gives. */
export type ValueOf<S> = S extends SettingValue<infer T> ? T : never;

/**
 * Reads one variable of a module's table: undefined when unset, else its value. A bad value throws
 * what `fail` builds from the field (the variable's name, plus the path inside a JSON value:
 * `TRAINING_CANDIDATES[0].algo`) and the problem, so each module keeps its own error class.
 */
export function readVariable<V extends Readonly<Record<string, SettingValue<unknown>>>, N extends keyof V & string>(
  env: Env,
  variables: V,
  name: N,
  fail: (field: string, message: string) => Error,
): ValueOf<V[N]> | undefined {
  const text = env[name];
  if (text === undefined || isUnset(text)) return undefined;
  const parsed = variables[name].schema.safeParse(text);
  if (parsed.success) return parsed.data as ValueOf<V[N]>;
  const issue = parsed.error.issues[0];
  throw fail(`${name}${issuePath(issue.path)}`, issue.message);
}

/** `[0].algo` for the path [0, 'algo']: how Marquee's messages name a place inside a JSON value. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}
