const marker = Symbol.for('strata.error');

/**
 * Base class of every error Strata throws on purpose. Messages say what went wrong, where, and how to fix it.
 * Use `StrataError.isInstance(e)` rather than `instanceof`: it also works across duplicate package copies.
 */
export class StrataError extends Error {
  // Symbol.for is shared by duplicate copies of @strata/core; instanceof is not.
  readonly [marker] = true;
  override name = 'StrataError';

  static isInstance(e: unknown): e is StrataError {
    return typeof e === 'object' && e !== null && marker in e;
  }
}
