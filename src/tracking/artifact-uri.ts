/**
 * `mlflow-artifacts:/<experiment>/<run>/artifacts` URIs: what a tracking server that proxies
 * artifacts hands out as a run's artifact_uri, and the REST path and store key they map to.
 */
export const MLFLOW_ARTIFACTS_SCHEME = 'mlflow-artifacts:';

/** The REST root that proxies artifact bytes. */
export const MLFLOW_ARTIFACTS_ROUTE = '/api/2.0/mlflow-artifacts/artifacts';

export function experimentArtifactLocation(experimentId: string): string {
  return `${MLFLOW_ARTIFACTS_SCHEME}/${experimentId}`;
}

export function runArtifactUri(experimentArtifactLocation: string, runId: string): string {
  return `${experimentArtifactLocation.replace(/\/+$/, '')}/${runId}/artifacts`;
}

/**
 * The path below the proxy root for a URI (`mlflow-artifacts:/1/abc/artifacts` → `1/abc/artifacts`),
 * or undefined when the artifacts live elsewhere (s3://, file:, ...) and are not proxied.
 */
export function proxiedPath(uri: string): string | undefined {
  if (!uri.startsWith(MLFLOW_ARTIFACTS_SCHEME)) return undefined;
  // Both `mlflow-artifacts:/1/x` and `mlflow-artifacts://host/1/x` occur; the path is what matters.
  const rest = uri.slice(MLFLOW_ARTIFACTS_SCHEME.length);
  const path = rest.startsWith('//') ? rest.slice(rest.indexOf('/', 2) + 1) : rest.replace(/^\/+/, '');
  return path.replace(/\/+$/, '');
}

export function joinArtifactPath(...parts: (string | undefined)[]): string {
  return parts
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}
