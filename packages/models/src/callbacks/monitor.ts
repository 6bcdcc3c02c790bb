import { InvalidArgumentError } from '@strata/core';

/** How a callback compares monitored values. */
export type MonitorMode = 'auto' | 'min' | 'max';

const MODES: readonly MonitorMode[] = ['auto', 'min', 'max'];
// Names that grow as the model improves; checked before the "smaller is better" names ('val_acc' vs 'val_loss').
const MAXIMIZED = [/acc/, /auc/, /precision/, /recall/, /^f1/, /^fmeasure/, /top_k/, /r2/];
const MINIMIZED = [
  /loss/,
  /error/,
  /crossentropy/,
  /divergence/,
  /^kld$/,
  /^ms/,
  /^ma/,
  /hinge/,
  /huber/,
  /poisson/,
];

/**
 * Resolves `mode` for a monitored log key: `'min'`/`'max'` as given; `'auto'` from the name without its `val_`
 * prefix: accuracy, AUC, precision, recall, F1 and top-k names are maximised; loss, error and crossentropy names
 * (`loss`, `mse`, `mae`, ...) minimised. Other names return `undefined` for auto.
 */
export function resolveMode(owner: string, monitor: string, mode: MonitorMode): 'min' | 'max' | undefined {
  if (!MODES.includes(mode)) {
    throw new InvalidArgumentError(`${owner} got mode '${mode}'. Use 'auto', 'min' or 'max'.`);
  }
  if (mode !== 'auto') return mode;
  const name = monitor.replace(/^val_/, '').toLowerCase();
  if (MAXIMIZED.some((re) => re.test(name))) return 'max';
  if (MINIMIZED.some((re) => re.test(name))) return 'min';
  return undefined;
}

/** The printer callbacks use for `verbose` messages. */
export type LogFn = (message: string) => void;

/** Python's `f'{x:.5f}'`. */
export function fixed5(x: number): string {
  return Number.isFinite(x) ? x.toFixed(5) : String(x).toLowerCase().replace('infinity', 'inf');
}
