import { Callback } from '../callbacks/callback.js';
import type { Logs } from './training-types.js';

/**
 * The hooks `fit` and `evaluate` call, Keras style (all optional). `logs` hold numbers. Batch hooks get logs only
 * when some callback defines a batch-end hook: reading them costs a GPU→CPU sync per batch.
 */
export interface TrainingCallback {
  setModel?(model: unknown): void;
  setParams?(params: Record<string, unknown>): void;
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs?: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
  onTestBegin?(logs?: Logs): void | Promise<void>;
  onTestEnd?(logs?: Logs): void | Promise<void>;
  onTestBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onTestBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
}

type Hook = Exclude<keyof TrainingCallback, 'setModel' | 'setParams'>;

/** Calls a hook on every callback in order, awaiting each (so a callback can await data or save files). */
export class CallbackRunner {
  constructor(readonly callbacks: readonly TrainingCallback[]) {}

  /** Whether some callback defines `hook` (then the loop resolves batch logs for it). */
  wants(hook: Hook): boolean {
    // Callback's own hooks do nothing: only an override (or a plain object's function) counts.
    const base = (Callback.prototype as TrainingCallback)[hook];
    return this.callbacks.some((c) => typeof c[hook] === 'function' && c[hook] !== base);
  }

  setModel(model: unknown): void {
    for (const c of this.callbacks) c.setModel?.(model);
  }

  setParams(params: Record<string, unknown>): void {
    for (const c of this.callbacks) c.setParams?.(params);
  }

  async call(hook: 'onTrainBegin' | 'onTrainEnd' | 'onTestBegin' | 'onTestEnd', logs?: Logs): Promise<void>;
  async call(hook: Hook, index: number, logs?: Logs): Promise<void>;
  async call(hook: Hook, a?: number | Logs, b?: Logs): Promise<void> {
    for (const c of this.callbacks) {
      const fn = c[hook] as ((...args: unknown[]) => void | Promise<void>) | undefined;
      if (typeof fn !== 'function') continue;
      const result = typeof a === 'number' ? fn.call(c, a, b) : fn.call(c, a);
      if (result instanceof Promise) await result;
    }
  }
}
