import { InvalidArgumentError } from '@strata/core';

/** Returns `value` if it is a finite number ≥ 0, else throws naming the owner and option. */
export function requireNonNegative(owner: string, option: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${owner} got ${option}=${value}. Pass a finite number ≥ 0.`);
  }
  return value;
}

/** Returns `value` if it is a finite number > 0, else throws naming the owner and option. */
export function requirePositive(owner: string, option: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${owner} got ${option}=${value}. Pass a finite number > 0.`);
  }
  return value;
}

/** Returns `value` if it is in `[0, 1)`, else throws (for betas, rho, momentum). */
export function requireUnitInterval(owner: string, option: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError(`${owner} got ${option}=${value}. Pass a number in [0, 1).`);
  }
  return value;
}
