import type { TrainingCallback } from './callback-runner.js';
import type { Logs } from './training-types.js';

/** What `fit` returns: every epoch's logs, by name (Keras `History`). */
export class History implements TrainingCallback {
  /** The epoch numbers seen (counting from `initialEpoch`). */
  readonly epoch: number[] = [];
  /** Each log key's value per epoch: `history.history.loss`, `history.history.val_accuracy`, ... */
  readonly history: Record<string, number[]> = {};
  params: Record<string, unknown> = {};

  setParams(params: Record<string, unknown>): void {
    this.params = params;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
