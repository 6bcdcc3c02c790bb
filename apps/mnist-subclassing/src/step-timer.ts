import { Callback } from '@strata/models';

/** Wall time of a whole `fit()` and the training steps it ran, for the closing ms/step figure. */
export class StepTimer extends Callback {
  steps = 0;
  ms = 0;
  private startedAt = 0;

  override onTrainBegin(): void {
    this.startedAt = performance.now();
  }

  override onBatchEnd(): void {
    this.steps++;
  }

  override onTrainEnd(): void {
    this.ms = performance.now() - this.startedAt;
  }

  /** Milliseconds per training step, everything included (shuffling, batching, reading the logs each epoch). */
  get msPerStep(): number {
    return this.steps === 0 ? 0 : this.ms / this.steps;
  }
}
