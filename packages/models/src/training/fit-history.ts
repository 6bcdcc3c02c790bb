import type { History } from '../callbacks/history.js';

/**
 * What `fit` returns: the `History` callback (`history.history.loss`, `history.epoch`, as in Keras), with each log
 * key also readable on it directly: `history.loss`, `history.accuracy`, `history.val_loss`, ...
 * (`undefined` for a key that was never logged).
 */
export type FitHistory = History & { readonly [logKey: string]: number[] | undefined };

/**
 * Adds a getter for each log key not yet exposed (non-enumerable, so copies and `tf.dispose` do not walk them;
 * a key that names a History member, such as `epoch`, stays reachable through `history.history`).
 */
export function exposeLogKeys(history: History): FitHistory {
  for (const key of Object.keys(history.history)) {
    if (key in history) continue;
    Object.defineProperty(history, key, {
      get: () => history.history[key],
      enumerable: false,
      configurable: true,
    });
  }
  return history as FitHistory;
}
