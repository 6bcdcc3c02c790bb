import * as tf from '@strata/core';
import { InvalidArgumentError, LoadError, ShapeMismatchError } from '@strata/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { requireNonNegative, requirePositive } from './validate.js';

/** A tensor with a name, as tfjs optimizers take gradients and give weights. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Options every optimizer takes (Keras 3 base optimizer arguments, camelCase). */
export interface OptimizerArgs {
  /** A number or a `LearningRateSchedule` evaluated at each step. Default: per optimizer (Keras's). */
  learningRate?: number | LearningRateSchedule;
  /**
   * Decoupled weight decay: before each update, `w ← w - w · weightDecay · lr` (Keras 3 applies it this way for
   * every optimizer). Default: none (AdamW: 0.004).
   */
  weightDecay?: number | null;
  /** Clip each gradient to at most this L2 norm. Default: none. */
  clipnorm?: number | null;
  /** Clip each gradient element to `[-clipvalue, clipvalue]`. Default: none. */
  clipvalue?: number | null;
  /** Scale all gradients together so their joint L2 norm is at most this. Default: none. */
  globalClipnorm?: number | null;
  /** Name used in errors and configs. Default: the Keras class name in snake_case, e.g. `'adam'`. */
  name?: string;
}

/** Serialized learning rate: a number, or a schedule's `{ className, config }`. */
export type LearningRateConfig = number | { className: string; config: tf.serialization.ConfigDict };

/**
 * Base class of Strata's optimizers: Keras 3 update rules as `tf.Optimizer` subclasses, so they work with
 * `optimizer.minimize(f)` and `optimizer.applyGradients(grads)` like tfjs's own, plus Keras's `apply(grads, vars)`.
 *
 * Each step: the learning rate is read (a schedule is called with `iterations`), gradients are clipped
 * (`clipnorm`, else `globalClipnorm`, else `clipvalue`), weight decay is applied, then the subclass's
 * `updateStep` runs for each variable inside one `tf.tidy`, and `iterations` grows by one. Per-variable state
 * ("slots", e.g. Adam's `momentum` and `velocity`) is created the first time a variable is seen.
 *
 * `learningRate` can be read and set between steps (callbacks such as ReduceLROnPlateau do); `getWeights` /
 * `setWeights` save and restore `iterations` and the slots; `getConfig` gives the options.
 */
export abstract class BaseOptimizer extends tf.Optimizer {
  // Minifiers rename classes; serialization needs a stable name.
  static readonly className: string = 'Optimizer';
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  private lr: number | LearningRateSchedule;
  private readonly slots = new Map<string, tf.Variable[]>();
  private readonly built: tf.Variable[] = [];
  private pending: tf.Tensor[] | undefined;
  private excluded: readonly string[] = [];

  constructor(args: OptimizerArgs, defaults: { learningRate: number; name: string }) {
    super();
    this.name = args.name ?? defaults.name;
    const owner = `Optimizer '${this.name}'`;
    this.lr = checkLearningRate(owner, args.learningRate ?? defaults.learningRate);
    const optional = (option: string, v: number | null | undefined, positive = true) =>
      v == null ? null : positive ? requirePositive(owner, option, v) : requireNonNegative(owner, option, v);
    this.weightDecay = optional('weightDecay', args.weightDecay, false);
    this.clipnorm = optional('clipnorm', args.clipnorm);
    this.clipvalue = optional('clipvalue', args.clipvalue);
    this.globalClipnorm = optional('globalClipnorm', args.globalClipnorm);
    if (this.clipnorm !== null && this.globalClipnorm !== null) {
      throw new InvalidArgumentError(
        `${owner}: only one of clipnorm and globalClipnorm can be set. Keep one.`,
      );
    }
  }

  /** Names of the per-variable slots this optimizer keeps, in order (e.g. `['momentum', 'velocity']`). */
  protected abstract slotNames(): readonly string[];

  /** Initial value of a slot's elements. Default: 0. */
  protected slotInitialValue(_slot: string): number {
    return 0;
  }

  /** Hook run once per step before the per-variable updates (inside the step's `tf.tidy`). */
  protected beforeUpdates(_step: number): void {}

  /**
   * One variable's update (called inside `tf.tidy`). `step` is `iterations` before this update (0 first),
   * `lr` the learning rate as a scalar, `slots` this variable's slots in `slotNames()` order.
   */
  protected abstract updateStep(
    gradient: tf.Tensor,
    variable: tf.Variable,
    slots: tf.Variable[],
    lr: tf.Scalar,
    step: number,
  ): void;

  /** The learning rate of the next step (a schedule is evaluated at `iterations`). */
  get learningRate(): number {
    return this.lr instanceof LearningRateSchedule ? this.lr.call(this.iterations) : this.lr;
  }

  /** Sets a new learning rate (a number, or a schedule to replace the current value or schedule). */
  set learningRate(value: number | LearningRateSchedule) {
    const owner = `Optimizer '${this.name}'`;
    if (this.lr instanceof LearningRateSchedule && !(value instanceof LearningRateSchedule)) {
      throw new InvalidArgumentError(
        `${owner} was created with a ${this.lr.getClassName()} learning rate schedule, so its learning rate ` +
          `cannot be set to a number. Create the optimizer with a number learningRate if callbacks such as ` +
          `ReduceLROnPlateau or LearningRateScheduler should change it.`,
      );
    }
    this.lr = checkLearningRate(owner, value);
  }

  /** The schedule given as `learningRate`, if any. */
  get learningRateSchedule(): LearningRateSchedule | undefined {
    return this.lr instanceof LearningRateSchedule ? this.lr : undefined;
  }

  /**
   * Leaves variables whose name contains one of `names` out of weight decay (Keras
   * `exclude_from_weight_decay(var_names=...)`), e.g. `['bias', 'gamma', 'beta']`.
   */
  excludeFromWeightDecay(names: readonly string[]): void {
    this.excluded = [...names];
  }

  /** Creates the slots of `variables` not seen yet, in order. `apply` calls it; call it first to restore weights. */
  build(variables: readonly tf.Variable[]): void {
    const fresh = variables.filter((v) => !this.slots.has(v.name));
    if (fresh.length === 0) return;
    const names = this.slotNames();
    let initial: tf.Tensor[] | undefined;
    if (this.pending !== undefined) {
      initial = this.takePending(fresh, names);
    }
    tf.tidy(() => {
      fresh.forEach((v, i) => {
        const slots = names.map((slot, j) =>
          tf.variable(
            initial === undefined
              ? tf.fill(v.shape, this.slotInitialValue(slot), 'float32')
              : tf.cast(initial[j * fresh.length + i], 'float32'),
            false,
          ),
        );
        this.slots.set(v.name, slots);
        this.built.push(v);
      });
    });
    tf.dispose(initial);
  }

  /**
   * Updates `variables` with `grads` (Keras 3 `optimizer.apply(grads, variables)`); `grads[i]` belongs to
   * `variables[i]` and must have its shape.
   */
  apply(grads: readonly tf.Tensor[], variables: readonly tf.Variable[]): void {
    const owner = `Optimizer '${this.name}'`;
    if (grads.length !== variables.length) {
      throw new InvalidArgumentError(
        `${owner}.apply() got ${grads.length} gradients for ${variables.length} variables. Pass one gradient per variable.`,
      );
    }
    variables.forEach((v, i) => {
      if (!tf.util.arraysEqual(grads[i].shape, v.shape)) {
        throw new ShapeMismatchError(
          `${owner}: the gradient of variable '${v.name}'`,
          v.shape,
          grads[i].shape,
          'Each gradient must have the shape of its variable; check the order of the gradients.',
        );
      }
    });
    if (variables.length === 0) return;
    this.build(variables);
    const step = this.iterations;
    const lrValue = this.learningRate;
    tf.tidy(() => {
      const lr = tf.scalar(lrValue);
      const clipped = this.clipGradients(grads);
      if (this.weightDecay) {
        const decay = this.weightDecay * lrValue;
        for (const v of variables) {
          if (!this.excluded.some((name) => v.name.includes(name))) v.assign(tf.sub(v, tf.mul(v, decay)));
        }
      }
      this.beforeUpdates(step);
      variables.forEach((v, i) => {
        this.updateStep(clipped[i], v, this.slots.get(v.name)!, lr, step);
      });
    });
    this.incrementIterations();
  }

  /** tfjs's entry point (used by `minimize`): gradients keyed by variable name. Null gradients are skipped. */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor])
      : Object.entries(variableGradients);
    const registered = tf.engine().registeredVariables;
    const grads: tf.Tensor[] = [];
    const variables: tf.Variable[] = [];
    for (const [name, grad] of pairs) {
      if (grad == null) continue;
      const variable = registered[name];
      if (variable === undefined) {
        throw new InvalidArgumentError(
          `Optimizer '${this.name}' got a gradient for '${name}', which is not a live variable. Key gradients by ` +
            `variable.name (as tf.variableGrads does), or use optimizer.apply(grads, variables).`,
        );
      }
      grads.push(grad);
      variables.push(variable);
    }
    this.apply(grads, variables);
  }

  /**
   * `iterations` (as the int32 scalar `'iter'`, a new tensor the caller disposes) followed by the slots, grouped
   * by slot (all first slots in variable order, then all second slots, ...), named `<variable>/<slot>`.
   * The slot tensors are the live state, not copies.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const names = this.slotNames();
    const slots = names.flatMap((slot, j) =>
      this.built.map((v) => ({ name: `${v.name}/${slot}`, tensor: this.slots.get(v.name)![j] as tf.Tensor })),
    );
    return [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') }, ...slots];
  }

  /**
   * Restores what `getWeights` gave (values are copied). Slots are matched by position. If no variable has been
   * seen yet, they are kept until the first step (or `build(variables)`), which must then see the same number of
   * variables in the same order. Throws `LoadError`, changing nothing, if the count or a shape does not fit.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const owner = `Optimizer '${this.name}'`;
    const [iter, ...slotValues] = weightValues;
    if (iter === undefined || iter.tensor.size !== 1) {
      throw new LoadError(
        `${owner}.setWeights() expects the iteration count first (as getWeights() gives it), got ` +
          `${iter === undefined ? 'nothing' : `'${iter.name}' of shape [${iter.tensor.shape}]`}.`,
      );
    }
    const names = this.slotNames();
    if (this.built.length > 0) {
      const expected = this.built.length * names.length;
      if (slotValues.length !== expected) {
        throw new LoadError(
          `${owner}.setWeights() got ${slotValues.length} slot tensors, but ${this.built.length} variables × ` +
            `${names.length} slots (${names.join(', ')}) need ${expected}. Load weights saved by the same ` +
            `optimizer type for the same model.`,
        );
      }
      slotValues.forEach(({ name, tensor }, k) => {
        const v = this.built[k % this.built.length];
        if (!tf.util.arraysEqual(tensor.shape, v.shape)) {
          throw new LoadError(
            `${owner}.setWeights(): '${name}' has shape [${tensor.shape}] but belongs to variable '${v.name}' of ` +
              `shape [${v.shape}]. Load weights saved for the same model.`,
          );
        }
      });
    }
    const iterations = (await iter.tensor.data())[0];
    this.iterations_ = iterations;
    this.afterSetIterations(iterations);
    if (this.built.length > 0) {
      tf.tidy(() => {
        slotValues.forEach(({ tensor }, k) => {
          const v = this.built[k % this.built.length];
          this.slots.get(v.name)![Math.floor(k / this.built.length)].assign(tf.cast(tensor, 'float32'));
        });
      });
    } else {
      tf.dispose(this.pending);
      this.pending = slotValues.map(({ tensor }) => tf.clone(tensor));
    }
  }

  /** Hook for optimizers that keep JS state derived from `iterations` (Nadam). */
  protected afterSetIterations(_iterations: number): void {}

  /** The options (camelCase; a schedule as `{ className, config }`), as `getOptimizer` accepts them back. */
  getConfig(): tf.serialization.ConfigDict {
    const lr = this.lr;
    return {
      name: this.name,
      learningRate:
        lr instanceof LearningRateSchedule ? { className: lr.getClassName(), config: lr.getConfig() } : lr,
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      clipvalue: this.clipvalue,
      globalClipnorm: this.globalClipnorm,
    };
  }

  /** Frees the slots (and restored slot values not used yet). */
  override dispose(): void {
    for (const slots of this.slots.values()) tf.dispose(slots);
    this.slots.clear();
    this.built.length = 0;
    tf.dispose(this.pending);
    this.pending = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private clipGradients(grads: readonly tf.Tensor[]): tf.Tensor[] {
    if (this.clipnorm !== null) {
      const clipnorm = this.clipnorm;
      return grads.map((g) => tf.div(tf.mul(g, clipnorm), tf.maximum(tf.norm(g), clipnorm)));
    }
    if (this.globalClipnorm !== null) {
      const globalNorm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      // clip · min(1/norm, 1/clip): 1 when the norm is within bounds; NaN/inf norms propagate, as in Keras.
      const scale = tf.mul(this.globalClipnorm, tf.minimum(tf.div(1, globalNorm), 1 / this.globalClipnorm));
      return grads.map((g) => tf.mul(g, scale));
    }
    if (this.clipvalue !== null) {
      const clipvalue = this.clipvalue;
      return grads.map((g) => tf.clipByValue(g, -clipvalue, clipvalue));
    }
    return [...grads];
  }

  private takePending(fresh: readonly tf.Variable[], names: readonly string[]): tf.Tensor[] {
    const pending = this.pending!;
    const owner = `Optimizer '${this.name}'`;
    if (this.built.length > 0 || pending.length !== fresh.length * names.length) {
      throw new LoadError(
        `${owner} restored ${pending.length} slot tensors with setWeights(), but its first step sees ` +
          `${fresh.length} variables × ${names.length} slots. Load weights saved for the same model, or call ` +
          `optimizer.build(model.trainableWeights) before setWeights().`,
      );
    }
    pending.forEach((t, k) => {
      const v = fresh[k % fresh.length];
      if (!tf.util.arraysEqual(t.shape, v.shape)) {
        throw new LoadError(
          `${owner}: restored slot ${k} has shape [${t.shape}] but variable '${v.name}' has shape [${v.shape}]. ` +
            'Load weights saved for the same model, with its variables in the same order.',
        );
      }
    });
    this.pending = undefined;
    return pending;
  }
}

function checkLearningRate(owner: string, lr: number | LearningRateSchedule): number | LearningRateSchedule {
  if (lr instanceof LearningRateSchedule) return lr;
  return requireNonNegative(owner, 'learningRate', lr);
}
