import { InvalidArgumentError } from '@strata/core';

/** Keras's `verbose`: 0 silent, 1 progress bar (one line per epoch when stdout is not a terminal), 2 one line per epoch. */
export type Verbosity = 0 | 1 | 2 | 'auto';

export function checkPositiveInt(where: string, name: string, value: unknown, example: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      `${where}: ${name} must be a positive integer, got ${String(value)}. E.g. ${example}.`,
    );
  }
  return value;
}

export function checkVerbose(where: string, verbose: unknown): 0 | 1 | 2 {
  if (verbose === undefined || verbose === 'auto') return 1;
  if (verbose === 0 || verbose === 1 || verbose === 2) return verbose;
  throw new InvalidArgumentError(
    `${where}: verbose must be 0 (silent), 1 (progress bar), 2 (one line per epoch) or 'auto', got ${String(verbose)}.`,
  );
}

/** Throws for option names the function does not know (a typo such as `batch_size` would otherwise be ignored). */
export function checkKnownKeys(where: string, args: object, known: readonly string[]): void {
  if (typeof args !== 'object' || args === null) {
    throw new InvalidArgumentError(`${where}: the options must be an object, got ${String(args)}.`);
  }
  const unknown = Object.keys(args).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const hint = unknown.map((k) => {
      const camel = k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      return known.includes(camel) ? `'${k}' (did you mean '${camel}'?)` : `'${k}'`;
    });
    throw new InvalidArgumentError(
      `${where}: unknown option${unknown.length > 1 ? 's' : ''} ${hint.join(', ')}. Valid options: ${known.join(', ')}.`,
    );
  }
}
