/**
 * Errors the domain raises. Each has a stable `code` and maps to one HTTP status; the HTTP layer
 * turns them into problem+json in one place (http/problem.ts).
 */
export class DomainError extends Error {
  /** The HTTP status this kind of error answers with. */
  readonly status: number = 422;

  constructor(
    readonly code: string,
    message: string,
    /** The fields at fault, when the error is about input. */
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One field at fault and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

const describe = (errors: FieldError[]) => errors.map((e) => `${e.field}: ${e.message}`).join('; ');

/**
 * Input that does not have the right shape (400), naming each field at fault.
 *
 * @example
 * throw new InvalidInputError('invalid_query', [{ field: 'state', message: 'must be one of active, recent' }]);
 */
export class InvalidInputError extends DomainError {
  override readonly status = 400;
  constructor(code: string, errors: FieldError[]) {
    super(code, describe(errors), errors);
  }
}

/**
 * Well-formed input that cannot be applied (422): an unknown component, a dependency cycle.
 *
 * @example
 * throw new UnprocessableError('unknown_component', [{ field: 'components.0.id', message: 'unknown component "nope"' }]);
 */
export class UnprocessableError extends DomainError {
  override readonly status = 422;
  constructor(code: string, errors: FieldError[], message = describe(errors)) {
    super(code, message, errors);
  }
}

/**
 * The thing asked for does not exist (404).
 *
 * @example
 * throw new NotFoundError('component_not_found', 'No component "nope".');
 */
export class NotFoundError extends DomainError {
  override readonly status = 404;
}

/**
 * The key is valid but may not do this (403): another vendor's component, an admin-only route.
 *
 * @example
 * throw new ForbiddenError('not_your_component', 'Key k_1 (fagsys-nord) may not change "sts" (infra-drift).');
 */
export class ForbiddenError extends DomainError {
  override readonly status = 403;
}

/**
 * The request conflicts with the current state (409): resolving a resolved incident.
 *
 * @example
 * throw new ConflictError('incident_resolved', 'The incident is resolved: reopen it first.');
 */
export class ConflictError extends DomainError {
  override readonly status = 409;
}

/**
 * No usable credentials (401).
 *
 * @example
 * throw new UnauthorizedError('invalid_key', 'The API key was revoked.');
 */
export class UnauthorizedError extends DomainError {
  override readonly status = 401;
}

/**
 * Not now (429 for one client over its limit, 503 for the server over its own): the answer
 * carries `Retry-After` with `retryAfterSeconds`.
 *
 * @example
 * throw new TryLaterError(429, 'too_many_streams', 'At most 1000 streams per address.', 30);
 */
export class TryLaterError extends DomainError {
  constructor(
    override readonly status: 429 | 503,
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}
