import { Adam, type AdamArgs } from './adam.js';

export interface AdamWArgs extends AdamArgs {
  /** Decoupled weight decay: `w ← w - w · weightDecay · lr` before each Adam update. Default: `0.004`. */
  weightDecay?: number;
}

/**
 * AdamW (Keras `AdamW`, name `'adamw'`): Adam with decoupled weight decay (Loshchilov & Hutter). Each step,
 * `w ← w - w · weightDecay · lr` (the decay follows the learning rate, schedules included), then the Adam update
 * with the gradient. Use `excludeFromWeightDecay(['bias', ...])` to spare some variables.
 * @example new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  static override readonly className = 'AdamW';
  constructor(args: AdamWArgs = {}) {
    super({ ...args, weightDecay: args.weightDecay ?? 0.004 }, { learningRate: 0.001, name: 'adamw' });
  }
}
