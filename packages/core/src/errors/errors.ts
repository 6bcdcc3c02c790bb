import { formatShapeCode, type Shape } from '../shape/shape.js';
import { StrataError } from './strata-error.js';

/** A tensor's shape does not match what a layer or op expects. */
export class ShapeMismatchError extends StrataError {
  override name = 'ShapeMismatchError';
  constructor(
    readonly where: string,
    readonly expected: Shape | string,
    readonly received: Shape,
    fix = '',
  ) {
    const want = typeof expected === 'string' ? expected : `shape ${formatShapeCode(expected)}`;
    super(`${where} expected ${want}, got shape ${formatShapeCode(received)}.${fix ? ` ${fix}` : ''}`);
  }
}

/** Something (a layer, a model) is used before it has been built. */
export class NotBuiltError extends StrataError {
  override name = 'NotBuiltError';
}

/** A name (activation, initializer, loss, backend, ...) is not one Strata knows. */
export class UnknownNameError extends StrataError {
  override name = 'UnknownNameError';
  constructor(
    readonly kind: string,
    readonly received: string,
    readonly valid: readonly string[],
    fix = '',
  ) {
    super(
      `Unknown ${kind} '${received}'. Valid names: ${valid.map((v) => `'${v}'`).join(', ')}.${fix ? ` ${fix}` : ''}`,
    );
  }
}

/** An argument has a value that cannot work. */
export class InvalidArgumentError extends StrataError {
  override name = 'InvalidArgumentError';
}

/** Loading weights, a model or a data file failed; nothing was changed. */
export class LoadError extends StrataError {
  override name = 'LoadError';
}

/** No backend plugin of that name is registered. */
export class BackendNotFoundError extends StrataError {
  override name = 'BackendNotFoundError';
  constructor(
    readonly backend: string,
    readonly registered: readonly string[],
  ) {
    super(
      `No backend plugin named '${backend}' is registered (registered: ${
        registered.length ? registered.map((n) => `'${n}'`).join(', ') : 'none'
      }). Install and import its package, e.g. \`npm i @strata/backend-${backend}\` then ` +
        `\`import '@strata/backend-${backend}'\`, or register your own with registerBackendPlugin().`,
    );
  }
}

/** A backend plugin is registered but could not load or initialise here. */
export class BackendLoadError extends StrataError {
  override name = 'BackendLoadError';
  constructor(
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A backend lacks kernels that an operation needs. */
export class MissingKernelError extends StrataError {
  override name = 'MissingKernelError';
  constructor(
    readonly backend: string,
    readonly kernels: readonly string[],
    fix: string,
  ) {
    super(`Backend '${backend}' has no kernel for ${kernels.join(', ')}. ${fix}`);
  }
}
