/**
 * An MLflow REST failure, on either side of the wire: the server throws it to answer
 * `{error_code, message}` with `status`, and the client turns such an answer back into one.
 * `errorCode` is MLflow's ErrorCode name (RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE, ...);
 * `status` 0 means no HTTP answer arrived at all.
 */
export type MlflowErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'BAD_REQUEST'
  | 'ENDPOINT_NOT_FOUND'
  | 'INTERNAL_ERROR'
  | 'CONNECTION_FAILED'
  | (string & {});

export class MlflowError extends Error {
  override name = 'MlflowError';
  constructor(
    readonly status: number,
    readonly errorCode: MlflowErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static invalid(message: string): MlflowError {
    return new MlflowError(400, 'INVALID_PARAMETER_VALUE', message);
  }

  static notFound(message: string): MlflowError {
    return new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', message);
  }

  static alreadyExists(message: string): MlflowError {
    return new MlflowError(400, 'RESOURCE_ALREADY_EXISTS', message);
  }

  /** MLflow's wording for a request field that is absent. */
  static missing(field: string): MlflowError {
    return MlflowError.invalid(`Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`);
  }
}
