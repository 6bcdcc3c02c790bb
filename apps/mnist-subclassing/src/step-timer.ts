import { Callback } from '@strata/models';

/** Wall time of a whole `fit()` and the training steps it ran, for the closing ms/step figure. */
export class StepTimer extends Callback {
  steps = 0;
  ms = 0;
  private startedAt = 0;

  override onTrainBegin(): void {
    this.startedAt = performance.now();
  }

  // Steps are counted per epoch: an onBatchEnd hook would make fit() read the batch logs from the device every step.
  override onEpochEnd(): void {
    this.steps += this.params.steps ?? 0;
  }

  override onTrainEnd(): void {
    this.ms = performance.now() - this.startedAt;
  }

  /** Milliseconds per training step, everything included (shuffling, batching, reading the logs each epoch). */
  get msPerStep(): number {
    return this.steps === 0 ? 0 : this.ms / this.steps;
  }
}
