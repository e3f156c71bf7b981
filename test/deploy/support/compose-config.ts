/**
 * The output of `docker-compose config` (the file as Compose understood it: anchors merged,
 * variables filled in, paths made absolute) in one shape, whichever Compose wrote it: 1.29 writes
 * ports and volumes as short strings (`127.0.0.1:8000:8000/tcp`, `/abs:/target:ro`), v2 as objects.
 */
import { parse } from 'yaml';

export interface PublishedPort {
  hostIp: string;
  /** Undefined when the container port is not published on the host. */
  published: number | undefined;
  target: number;
}

export interface Mount {
  /** An absolute host path for a bind mount, a volume's name otherwise. */
  source: string;
  target: string;
  readOnly: boolean;
}

export interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PublishedPort[];
  volumes: Mount[];
  dependsOn: Record<string, string>;
  healthcheck?: { test: string[] };
  restart?: string;
}

interface RawService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: (string | { host_ip?: string; published?: string | number; target: number })[];
  volumes?: (string | { source: string; target: string; read_only?: boolean })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
}

export function parseComposeConfig(text: string): Map<string, Service> {
  const { services } = parse(text) as { services: Record<string, RawService> };
  return new Map(Object.entries(services).map(([name, raw]) => [name, normalise(raw)]));
}

function normalise(raw: RawService): Service {
  return {
    image: raw.image,
    build: raw.build && { context: raw.build.context, dockerfile: raw.build.dockerfile ?? 'Dockerfile' },
    command: list(raw.command),
    entrypoint: list(raw.entrypoint),
    environment: Object.fromEntries(Object.entries(raw.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)])),
    ports: (raw.ports ?? []).map(port),
    volumes: (raw.volumes ?? []).map(mount),
    dependsOn: Object.fromEntries(Object.entries(raw.depends_on ?? {}).map(([k, v]) => [k, v.condition])),
    healthcheck: raw.healthcheck,
    restart: raw.restart,
  };
}

const list = (value: string[] | string | undefined) => (typeof value === 'string' ? [value] : value);

function port(value: NonNullable<RawService['ports']>[number]): PublishedPort {
  if (typeof value !== 'string') {
    const published = value.published === undefined || value.published === '' ? undefined : Number(value.published);
    return { hostIp: value.host_ip ?? '', published, target: Number(value.target) };
  }
  const parts = value.replace(/\/(tcp|udp)$/, '').split(':');
  if (parts.length === 3) return { hostIp: parts[0], published: Number(parts[1]), target: Number(parts[2]) };
  if (parts.length === 2) return { hostIp: '', published: Number(parts[0]), target: Number(parts[1]) };
  return { hostIp: '', published: undefined, target: Number(parts[0]) };
}

function mount(value: NonNullable<RawService['volumes']>[number]): Mount {
  if (typeof value !== 'string') return { source: value.source, target: value.target, readOnly: value.read_only === true };
  const [source, target, mode = 'rw'] = value.split(':');
  return { source, target, readOnly: mode.split(',').includes('ro') };
}
