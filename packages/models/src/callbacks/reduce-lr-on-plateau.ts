import { InvalidArgumentError } from '@strata/core';
import { Callback, type Logs } from './callback.js';
import { requireOptimizer } from './learning-rate-scheduler.js';
import { type LogFn, type MonitorMode, resolveMode } from './monitor.js';

export interface ReduceLROnPlateauArgs {
  /** Log key to watch. Default: `'val_loss'`. */
  monitor?: string;
  /** Multiplies the learning rate on a plateau; must be < 1. Default: `0.1`. */
  factor?: number;
  /** Epochs without improvement before reducing. Default: `10`. */
  patience?: number;
  /** 1 prints each reduction. Default: `0`. */
  verbose?: number;
  /** `'min'`, `'max'` or `'auto'` (from the monitor's name; unknown names are minimised, as in Keras). */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. Default: `1e-4`. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default: `0`. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default: `0`. */
  minLr?: number;
  /** Where `verbose` messages go. Default: `console.log`. */
  log?: LogFn;
}

/**
 * Reduces the learning rate when a monitored value stops improving (Keras `ReduceLROnPlateau`): after
 * `patience` epochs without an improvement larger than `minDelta`, `lr ← max(lr · factor, minLr)`, then waits
 * `cooldown` epochs. Records the rate used during each epoch as `learning_rate` in its logs.
 * @example new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, minLr: 1e-5 });
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private readonly log: LogFn;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1 && this.factor >= 0)) {
      throw new InvalidArgumentError(
        `ReduceLROnPlateau does not support factor=${this.factor}. Pass a factor in [0, 1), e.g. 0.1.`,
      );
    }
    this.monitor = args.monitor ?? 'val_loss';
    this.patience = args.patience ?? 10;
    this.verbose = args.verbose ?? 0;
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    this.mode = resolveMode('ReduceLROnPlateau', this.monitor, args.mode ?? 'auto') ?? 'min';
    this.log = args.log ?? console.log;
    this.reset();
  }

  override onTrainBegin(): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const optimizer = requireOptimizer('ReduceLROnPlateau', this.model);
    logs.learning_rate = optimizer.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(
        `ReduceLROnPlateau is conditioned on '${this.monitor}', which is not in the logs ` +
          `(available: ${Object.keys(logs).join(', ')}).`,
      );
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const oldLr = optimizer.learningRate;
    // Keras compares with float32(min_lr): a rate already at the float32 floor is not reduced again.
    if (oldLr > Math.fround(this.minLr)) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      optimizer.learningRate = newLr;
      if (this.verbose > 0)
        this.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  private isImprovement(current: number): boolean {
    return this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  private reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }
}
