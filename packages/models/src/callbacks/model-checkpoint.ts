import { InvalidArgumentError } from '@strata/core';
import { Callback, type Logs } from './callback.js';
import { formatFilepath } from './format-filepath.js';
import { fixed5, type LogFn, type MonitorMode, resolveMode } from './monitor.js';

export interface ModelCheckpointArgs {
  /** Where to save; may use `{epoch}`, `{batch}` and log keys with Python format specs, e.g. `{val_loss:.2f}`. */
  filepath: string;
  /** Log key compared when `saveBestOnly`. Default: `'val_loss'`. */
  monitor?: string;
  /** 1 prints each save decision. Default: `0`. */
  verbose?: number;
  /** Only save when the monitored value improves on the best so far. Default: `false`. */
  saveBestOnly?: boolean;
  /** `model.saveWeights(path)` instead of `model.save(path)`. Default: `false`. */
  saveWeightsOnly?: boolean;
  /** `'min'`, `'max'` or `'auto'` (from the monitor's name; unknown names are minimised, as in Keras). */
  mode?: MonitorMode;
  /** `'epoch'`, or save every this many batches. Default: `'epoch'`. */
  saveFreq?: 'epoch' | number;
  /** With `saveBestOnly`: only save values better than this. Default: none. */
  initialValueThreshold?: number | null;
  /** Where `verbose` messages go. Default: `console.log`. */
  log?: LogFn;
}

/**
 * Saves the model or its weights during training (Keras 3 `ModelCheckpoint`): after every epoch (or every
 * `saveFreq` batches), to `filepath` formatted with `epoch` (1-based), `batch` (1-based, batch saving) and the
 * logs. With `saveBestOnly`, only when `monitor` improved (the file is overwritten unless the path varies).
 * @example new ModelCheckpoint({ filepath: 'ckpt/model-{epoch:02d}-{val_loss:.2f}', saveBestOnly: true });
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly saveFreq: 'epoch' | number;
  /** Best monitored value so far. */
  best: number;
  private readonly log: LogFn;
  private currentEpoch = 0;
  private batchesSinceSave = 0;
  private lastBatchSeen = 0;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (typeof args?.filepath !== 'string' || args.filepath === '') {
      throw new InvalidArgumentError(
        `ModelCheckpoint needs a filepath, e.g. { filepath: 'ckpt/model-{epoch}' }.`,
      );
    }
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.saveFreq = args.saveFreq ?? 'epoch';
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new InvalidArgumentError(
        `ModelCheckpoint got saveFreq=${String(this.saveFreq)}. Use 'epoch' or a positive number of batches.`,
      );
    }
    this.mode = resolveMode('ModelCheckpoint', this.monitor, args.mode ?? 'auto') ?? 'min';
    this.best = args.initialValueThreshold ?? (this.mode === 'min' ? Infinity : -Infinity);
    this.log = args.log ?? console.log;
  }

  override onTrainBegin(): void {
    if (!this.saveWeightsOnly && typeof this.model.save !== 'function') {
      throw new InvalidArgumentError(
        `ModelCheckpoint saves the whole model, but model '${this.model.name}' has no save(). ` +
          `Pass saveWeightsOnly: true to save its weights instead.`,
      );
    }
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    // A batch index not above the last one seen means a new epoch started.
    this.batchesSinceSave += batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen;
    this.lastBatchSeen = batch;
    if (this.batchesSinceSave >= this.saveFreq) {
      this.batchesSinceSave = 0;
      await this.saveModel(this.currentEpoch, batch, logs);
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.saveModel(epoch, undefined, logs);
  }

  private async saveModel(epoch: number, batch: number | undefined, logs: Logs): Promise<void> {
    const values: Record<string, number> = { ...logs, epoch: epoch + 1 };
    if (batch !== undefined) values.batch = batch + 1;
    const filepath = formatFilepath(this.filepath, values);
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(
          `ModelCheckpoint can save the best model only with '${this.monitor}' in the logs; skipping.`,
        );
        return;
      }
      const improved = this.mode === 'min' ? current < this.best : current > this.best;
      if (!improved) {
        if (this.verbose > 0) {
          this.log(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${fixed5(this.best)}`);
        }
        return;
      }
      if (this.verbose > 0) {
        this.log(
          `Epoch ${epoch + 1}: ${this.monitor} improved from ${fixed5(this.best)} to ${fixed5(current)}, ` +
            `saving model to ${filepath}`,
        );
      }
      this.best = current;
    } else if (this.verbose > 0) {
      this.log(`Epoch ${epoch + 1}: saving model to ${filepath}`);
    }
    if (this.saveWeightsOnly) await this.model.saveWeights(filepath);
    else await this.model.save!(filepath);
  }
}
