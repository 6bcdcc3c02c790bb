import { InvalidArgumentError } from '@strata/core';
import { Callback } from '../callbacks/callback.js';
import { LambdaCallback } from '../callbacks/lambda-callback.js';

export type BatchEndHook = 'onBatchEnd' | 'onTestBatchEnd';

/**
 * Whether a callback does something in `hook`: it overrides Callback's no-op, or (LambdaCallback) was given a
 * function for it. Batch logs are read from the device only for callbacks that do.
 */
export function usesHook(callback: Callback, hook: BatchEndHook): boolean {
  if (callback instanceof LambdaCallback) return typeof callback.hooks[hook] === 'function';
  return callback[hook] !== Callback.prototype[hook];
}

/** Checks `callbacks` (an array of Callback instances) where training starts. */
export function checkCallbacks(where: string, callbacks: unknown): Callback[] {
  if (callbacks === undefined) return [];
  const list = Array.isArray(callbacks) ? callbacks : undefined;
  const bad = list?.findIndex((c) => !(c instanceof Callback)) ?? 0;
  if (list === undefined || bad >= 0) {
    throw new InvalidArgumentError(
      `${where}: callbacks must be an array of Callback instances${list === undefined ? '' : ` (item ${bad} is not one)`}, ` +
        'e.g. callbacks: [new EarlyStopping({ patience: 2 })]. Wrap plain functions in ' +
        'new LambdaCallback({ onEpochEnd: (epoch, logs) => ... }).',
    );
  }
  return list as Callback[];
}

/** Whether progress is drawn live (a bar redrawn in place): verbose 1 and stdout a terminal. */
export function progressIsLive(verbose: number): boolean {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout;
  return verbose === 1 && stdout?.isTTY === true;
}
