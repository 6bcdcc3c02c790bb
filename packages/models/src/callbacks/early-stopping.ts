import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { Callback, type Logs } from './callback.js';
import { type LogFn, type MonitorMode, resolveMode } from './monitor.js';

export interface EarlyStoppingArgs {
  /** Log key to watch. Default: `'val_loss'`. */
  monitor?: string;
  /** Smallest change that counts as an improvement (its sign is ignored). Default: `0`. */
  minDelta?: number;
  /** Epochs without improvement after which training stops. Default: `0`. */
  patience?: number;
  /** 1 prints when training stops and when weights are restored. Default: `0`. */
  verbose?: number;
  /** `'min'`, `'max'`, or `'auto'` (from the monitor's name; see `resolveMode`). Default: `'auto'`. */
  mode?: MonitorMode;
  /** Training stops unless the monitored value beats this within `patience` epochs. Default: none. */
  baseline?: number | null;
  /** At the end of training, put back the weights of the best epoch. Default: `false`. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching (warm-up). Default: `0`. */
  startFromEpoch?: number;
  /** Where `verbose` messages go. Default: `console.log`. */
  log?: LogFn;
}

/**
 * Stops training when a monitored value has stopped improving (Keras 3 `EarlyStopping`). After each epoch from
 * `startFromEpoch` on: if `current` beats the best so far by more than `minDelta` (and beats `baseline`, if
 * given), the wait resets; otherwise the wait grows, and when it reaches `patience` (and the epoch is not the
 * first) `model.stopTraining` is set. With `restoreBestWeights`, a copy of the weights of the best epoch is kept
 * and restored at the end of training.
 * @example new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which training was stopped (0 if it was not). */
  stoppedEpoch = 0;
  /** Best monitored value so far (`undefined` before the first). */
  best: number | undefined;
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | undefined;
  private warnedMissing = false;
  private readonly log: LogFn;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.verbose = args.verbose ?? 0;
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    this.log = args.log ?? console.log;
    const mode = resolveMode('EarlyStopping', this.monitor, args.mode ?? 'auto');
    if (mode === undefined) {
      throw new InvalidArgumentError(
        `EarlyStopping got monitor '${this.monitor}' and cannot tell whether it should be maximized or ` +
          `minimized. Pass mode: 'max' to stop on the highest value, or mode: 'min' for the lowest.`,
      );
    }
    this.mode = mode;
  }

  override onTrainBegin(): void {
    // Instances may be reused across fit() calls.
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = undefined;
    this.bestEpoch = 0;
    this.warnedMissing = false;
    this.dropBestWeights();
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      if (!this.warnedMissing) {
        console.warn(
          `EarlyStopping is conditioned on '${this.monitor}', which is not in the logs ` +
            `(available: ${Object.keys(logs).join(', ') || 'none'}). Pass validationData to fit() for val_* keys.`,
        );
        this.warnedMissing = true;
      }
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === undefined) {
      // Until something improves, the current weights are the best.
      this.keepWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepWeights();
      // Only restart the wait if we beat both the baseline and our previous best.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) this.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== undefined) {
      if (this.verbose > 0) {
        this.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      }
      this.model.setWeights(this.bestWeights);
      this.dropBestWeights();
    }
  }

  private isImprovement(value: number, reference: number | undefined): boolean {
    if (reference === undefined) return true;
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  private keepWeights(): void {
    this.dropBestWeights();
    // getWeights() hands out copies that we own; keep them past any surrounding tidy.
    this.bestWeights = this.model.getWeights().map((w) => tf.keep(w));
  }

  private dropBestWeights(): void {
    if (this.bestWeights !== undefined) tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}
