import { Callback, type Logs } from './callback.js';

/**
 * Records the epoch logs (Keras `History`; `fit()` adds one and returns it): `history.history.loss[i]` is the loss
 * of the i-th recorded epoch, `history.epoch[i]` that epoch's index.
 * @example const { history } = await model.fit(x, y, { epochs: 5 }); history.val_loss;
 */
export class History extends Callback {
  /** Epoch indices seen by the current `fit()`. */
  epoch: number[] = [];
  /** Values per log key, one per recorded epoch. Kept across `fit()` calls on the same History, as in Keras. */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      this.history[key] ??= [];
      this.history[key].push(value);
    }
  }
}
