import { StrataError } from '@strata/core';

/**
 * A kernel defined with `defineKernel` threw or returned something tfjs cannot use. The message names the
 * kernel, the backend and the inputs' shapes and dtypes, so the failing call can be reproduced in a test.
 */
export class KernelFailedError extends StrataError {
  override name = 'KernelFailedError';
  constructor(
    readonly kernel: string,
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
