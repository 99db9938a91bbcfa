/**
 * Errors the domain and the store raise. Each has a stable `code`; the HTTP layer turns them into
 * problem+json in one place (http/problem.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The thing asked for does not exist.
 *
 * @example
 * throw new NotFoundError('component_not_found', 'No component "nope".');
 */
export class NotFoundError extends DomainError {}

/** One field at fault and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Input that cannot be accepted, naming each field at fault.
 *
 * @example
 * throw new InvalidInputError('invalid_query', [{ field: 'state', message: 'must be one of active, recent' }]);
 */
export class InvalidInputError extends DomainError {
  constructor(
    code: string,
    readonly errors: FieldError[],
  ) {
    super(code, errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}
