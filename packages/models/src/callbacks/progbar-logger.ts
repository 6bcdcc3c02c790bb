import { Callback, type CallbackParams, type Logs } from './callback.js';
import { Progbar, type ProgressWriter } from './progbar.js';

export interface ProgbarLoggerArgs {
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default: `fit()`'s `verbose` (1 if unset). */
  verbose?: 0 | 1 | 2;
  /** Default: `process.stdout` in Node, else lines to `console.log`. */
  writer?: ProgressWriter;
  /** Clock in seconds, for tests. Default: `performance.now() / 1000`. */
  now?: () => number;
}

/**
 * Prints training progress like Keras's `ProgbarLogger` (`fit()` adds one unless `verbose` is 0):
 * `Epoch 2/10` when there is more than one epoch, then
 * - verbose 1 on a terminal: a bar redrawn in place with the step count, ETA, time per step and the latest
 *   metric values, ending as `50/50 ━━━━━━━━━━━━━━━━━━━━ 2s 31ms/step - accuracy: 0.9012 - loss: 0.3310`;
 * - verbose 2, or verbose 1 when the output is not a terminal (a log file, CI): one line per epoch,
 *   `50/50 - 2s - 31ms/step - accuracy: 0.9012 - loss: 0.3310`;
 * - verbose 0: nothing.
 * Validation inside `fit()` is silent; a standalone `evaluate()` / `predict()` gets its own bar.
 */
export class ProgbarLogger extends Callback {
  private verbose: 0 | 1 | 2;
  private readonly fixedVerbose: boolean;
  private readonly writer: ProgressWriter;
  private readonly now: (() => number) | undefined;
  private epochs = 1;
  private target: number | null = null;
  private seen = 0;
  private progbar: Progbar | undefined;
  private calledInFit = false;

  constructor(args: ProgbarLoggerArgs = {}) {
    super();
    this.verbose = args.verbose ?? 1;
    this.fixedVerbose = args.verbose !== undefined;
    this.writer = args.writer ?? defaultWriter();
    this.now = args.now;
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    if (!this.fixedVerbose && params.verbose !== undefined) this.verbose = params.verbose as 0 | 1 | 2;
    this.epochs = params.epochs ?? 1;
    this.target = params.steps ?? null;
  }

  override onTrainBegin(): void {
    // Inside fit(), validation is silent.
    this.calledInFit = true;
  }

  override onTrainEnd(): void {
    this.calledInFit = false;
  }

  override onEpochBegin(epoch: number): void {
    this.resetProgbar();
    if (this.verbose && this.epochs > 1) this.writer.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onBatchEnd(batch: number, logs?: Logs): void {
    this.updateProgbar(batch, logs);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    this.finalizeProgbar(logs);
  }

  override onTestBegin(): void {
    if (!this.calledInFit) this.resetProgbar();
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.calledInFit) this.updateProgbar(batch, logs);
  }

  override onTestEnd(logs?: Logs): void {
    if (!this.calledInFit) this.finalizeProgbar(logs);
  }

  override onPredictBegin(): void {
    this.resetProgbar();
  }

  override onPredictBatchEnd(batch: number): void {
    this.updateProgbar(batch, undefined);
  }

  override onPredictEnd(): void {
    this.finalizeProgbar(undefined);
  }

  private get live(): boolean {
    return this.verbose === 1 && this.writer.isTTY === true;
  }

  private resetProgbar(): void {
    this.seen = 0;
    this.progbar = undefined;
    // Started here so the first step's time counts (as Keras does).
    if (this.verbose) this.ensureProgbar();
  }

  private ensureProgbar(): Progbar {
    this.progbar ??= new Progbar({
      target: this.target,
      writer: this.writer,
      verbose: this.live ? 1 : 2,
      now: this.now,
    });
    return this.progbar;
  }

  private updateProgbar(batch: number, logs: Logs | undefined): void {
    if (!this.verbose) return;
    const progbar = this.ensureProgbar();
    this.seen = batch + 1;
    if (this.live) progbar.update(this.seen, logs ?? {}, false);
  }

  private finalizeProgbar(logs: Logs | undefined): void {
    if (!this.verbose) return;
    const progbar = this.ensureProgbar();
    if (progbar.target === null) progbar.target = this.seen;
    progbar.update(progbar.target, logs ?? {}, true);
  }
}

function defaultWriter(): ProgressWriter {
  const stdout = (globalThis as { process?: { stdout?: ProgressWriter } }).process?.stdout;
  if (stdout !== undefined && typeof stdout.write === 'function') return stdout;
  // Browsers: no in-place redraw; collect text and print whole lines.
  let buffered = '';
  return {
    isTTY: false,
    write(text: string) {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) console.log(line);
    },
  };
}
