/**
 * Reads the repository's Dockerfile into stages and instructions, so tests take the image's
 * commands, user, environment and health check from the file itself instead of restating them.
 * Handles what a Dockerfile of this kind uses: comments, line continuations, `FROM image AS name`,
 * instruction flags (`--from=build`, `--interval=15s`) and exec (JSON) form.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DOCKERFILE = `${REPO_ROOT}Dockerfile`;
export const DOCKERIGNORE = `${REPO_ROOT}.dockerignore`;

export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  /** What follows the keyword and its flags. */
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const { text: line, number } of logicalLines(text)) {
    const [, word, rest] = /^(\S+)\s*(.*)$/s.exec(line)!;
    const { flags, args } = splitFlags(rest);
    const instruction = { keyword: word.toUpperCase(), flags, args, line: number };
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : String(stages.length), instructions: [] });
    } else if (stages.length === 0) {
      throw new Error(`Dockerfile line ${number}: ${instruction.keyword} before FROM`);
    }
    stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

export function readDockerfile(): Stage[] {
  return parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
}

/** Joins continued lines and drops comments, as the builder does (comments inside a continuation too). */
function logicalLines(text: string): { text: string; number: number }[] {
  const out: { text: string; number: number }[] = [];
  let pending: { text: string; number: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === undefined)) return;
    const continued = line.endsWith('\\');
    const piece = continued ? line.slice(0, -1).trim() : line;
    pending = pending ? { ...pending, text: `${pending.text} ${piece}` } : { text: piece, number: index + 1 };
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

function splitFlags(rest: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let args = rest;
  for (let match = /^--([\w-]+)=(\S+)\s*/.exec(args); match; match = /^--([\w-]+)=(\S+)\s*/.exec(args)) {
    flags[match[1]] = match[2];
    args = args.slice(match[0].length);
  }
  return { flags, args };
}

/** The JSON array of an exec-form instruction; shell form is an error (it would put sh in between). */
export function execForm(instruction: Instruction): string[] {
  const value: unknown = JSON.parse(instruction.args);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} is not an exec-form array of strings`);
  }
  return value;
}

export function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** The instruction that wins (the last of its kind), or an error naming what is missing. */
export function lastInstruction(stage: Stage, keyword: string): Instruction {
  const found = instructions(stage, keyword).at(-1);
  if (!found) throw new Error(`the ${stage.name} stage has no ${keyword}`);
  return found;
}

/** ENV of a stage, `KEY=value` pairs (values without spaces or quotes, as this Dockerfile writes them). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructions(stage, 'ENV')) {
    for (const pair of instruction.args.split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at <= 0 || /["']/.test(pair)) throw new Error(`Dockerfile line ${instruction.line}: ENV ${pair} is not a plain KEY=value`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}

/** `USER uid:gid`, numeric. */
export function stageUser(stage: Stage): { uid: number; gid: number } {
  const { args, line } = lastInstruction(stage, 'USER');
  const match = /^(\d+):(\d+)$/.exec(args);
  if (!match) throw new Error(`Dockerfile line ${line}: USER ${args} is not numeric uid:gid`);
  return { uid: Number(match[1]), gid: Number(match[2]) };
}

export interface HealthCheck {
  options: Record<string, string>;
  command: string[];
}

export function stageHealthCheck(stage: Stage): HealthCheck {
  const instruction = lastInstruction(stage, 'HEALTHCHECK');
  const match = /^CMD\s+(\[.*\])$/s.exec(instruction.args);
  if (!match) throw new Error(`Dockerfile line ${instruction.line}: HEALTHCHECK must be CMD [exec form]`);
  return { options: instruction.flags, command: execForm({ ...instruction, args: match[1] }) };
}

/** The process a container starts: ENTRYPOINT followed by CMD. */
export function containerCommand(stage: Stage): string[] {
  return [...execForm(lastInstruction(stage, 'ENTRYPOINT')), ...execForm(lastInstruction(stage, 'CMD'))];
}
