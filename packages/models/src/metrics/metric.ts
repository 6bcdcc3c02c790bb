import * as tf from '@strata/core';

/** Whether a larger result is better (`'up'`: accuracy, AUC) or a smaller one (`'down'`: errors, losses). */
export type MetricDirection = 'up' | 'down';

/** Options every metric takes. */
export interface MetricArgs {
  /** Key of this metric in the training logs. Default: the Keras snake_case name, e.g. `'categorical_accuracy'`. */
  name?: string;
}

/** The arguments of a metric that compares targets and predictions. */
export type MetricUpdateArgs = [yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor];

/**
 * Base class of the stateful metrics (Keras 3 `keras.metrics.Metric`). A metric accumulates over batches in
 * tensors it owns (`updateState` adds to them inside `tf.tidy`, so the tensor count does not grow and nothing is
 * read back to the CPU), `result()` returns the value so far as a new scalar tensor (the caller reads it, e.g.
 * once per epoch, and disposes it), and `resetState()` starts over. `dispose()` frees the state.
 *
 * @example
 * const acc = new CategoricalAccuracy();
 * for (const [x, y] of batches) acc.updateState(y, model.predict(x));
 * console.log(await acc.result().data()); acc.resetState();
 */
export abstract class Metric<Args extends unknown[] = MetricUpdateArgs> {
  // Minifiers rename classes; serialization needs a stable name.
  static readonly className: string = 'Metric';
  readonly name: string;
  /** Whether larger is better; `undefined` for custom functions whose direction is unknown. */
  readonly direction: MetricDirection | undefined;
  private readonly state: Array<{ variable: tf.Variable; initial: number }> = [];

  constructor(args: MetricArgs, defaultName: string, direction?: MetricDirection) {
    this.name = args.name ?? defaultName;
    this.direction = direction;
  }

  /** Adds this batch to the state. */
  abstract updateState(...args: Args): void;

  /** The metric so far, as a new scalar tensor (the caller disposes it). */
  abstract result(): tf.Scalar;

  /** Sets the state back to its initial value (in place: no tensors are created or freed). */
  resetState(): void {
    tf.tidy(() => {
      for (const { variable, initial } of this.state) variable.assign(tf.fill(variable.shape, initial));
    });
  }

  /** The state tensors (e.g. `total` and `count`). */
  get variables(): tf.Variable[] {
    return this.state.map((s) => s.variable);
  }

  /** Frees the state tensors. The metric cannot be used afterwards. */
  dispose(): void {
    for (const { variable } of this.state) variable.dispose();
    this.state.length = 0;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** The options this metric was built with (camelCase), for saving. */
  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }

  /** The registered class name (stable under minification). */
  getClassName(): string {
    return (this.constructor as typeof Metric).className;
  }

  /** Creates a non-trainable state tensor filled with `initial`, reset by `resetState()`. */
  protected addState(shape: number[] = [], initial = 0): tf.Variable {
    const variable = tf.tidy(() => tf.variable(tf.fill(shape, initial), false));
    this.state.push({ variable, initial });
    return variable;
  }
}
