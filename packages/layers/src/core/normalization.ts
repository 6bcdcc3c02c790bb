import * as tf from '@strata/core';
import {
  formatShapeCode,
  InvalidArgumentError,
  NotBuiltError,
  type Shape,
  ShapeMismatchError,
} from '@strata/core';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { normalizeAxis, oneInput } from './layer-args.js';

export interface NormalizationArgs extends LayerArgs {
  /** Axes with their own mean and variance (the others are averaged over). `null`: one for everything. Default: -1. */
  axis?: number | number[] | null;
  /** Known mean (broadcast to the kept axes). Give it with `variance`, or neither and call `adapt`. */
  mean?: number | number[];
  variance?: number | number[];
  /** Undo the normalization instead: `x · std + mean`. Default: false. */
  invert?: boolean;
}

// Keras's backend epsilon: a constant feature (variance 0) maps to 0 instead of NaN.
const EPSILON = 1e-7;

/**
 * Feature-wise standardization: `(x - mean) / sqrt(variance)`, with the statistics given or learned from data by
 * `adapt(data)` (stored as non-trainable weights, so they are saved with the model).
 * @example
 * const norm = new Normalization();
 * norm.adapt(tf.tensor2d([[0, 10], [2, 30]]));
 * norm.apply(tf.tensor2d([[1, 20]])); // [[0, 0]]
 */
export class Normalization extends Layer {
  static override readonly className = 'Normalization';
  readonly axis: number[];
  readonly invert: boolean;
  /** Given in the constructor; `undefined` when learned by `adapt`. */
  readonly initialMean?: number | number[];
  readonly initialVariance?: number | number[];
  private adaptedMean?: tf.Variable;
  private adaptedVariance?: tf.Variable;
  private statsShape: number[] = [];

  constructor(args: NormalizationArgs = {}) {
    super(args);
    const axis = args.axis === undefined ? -1 : args.axis;
    this.axis = axis === null ? [] : Array.isArray(axis) ? [...axis] : [axis];
    if (this.axis.some((a) => !Number.isInteger(a))) {
      throw new InvalidArgumentError(
        `${this.describe()}: axis must be integers, got ${JSON.stringify(args.axis)}.`,
      );
    }
    this.invert = args.invert ?? false;
    if ((args.mean === undefined) !== (args.variance === undefined)) {
      throw new InvalidArgumentError(
        `${this.describe()}: give both mean and variance, or neither and call adapt(data) before using the layer.`,
      );
    }
    if (args.mean !== undefined) {
      this.initialMean = args.mean;
      this.initialVariance = args.variance;
    }
  }

  override build(inputShape: Shape): void {
    const rank = inputShape.length;
    const keep = this.axis.map((a) => normalizeAxis(this, a, rank));
    if (keep.includes(0) && rank > 1) {
      throw new InvalidArgumentError(`${this.describe()}: axis must not include the batch axis 0.`);
    }
    const sizes = keep.map((a) => inputShape[a]);
    if (sizes.some((d) => d === null)) {
      throw new ShapeMismatchError(
        this.describe(),
        `an input whose axes ${JSON.stringify(this.axis)} are known`,
        inputShape,
        'Those axes size the mean and variance: give the model a full input shape.',
      );
    }
    // Mean and variance are stored broadcastable against the input: 1 on averaged axes.
    this.statsShape = inputShape.map((d, i) => (keep.includes(i) ? (d as number) : 1));
    if (this.initialMean !== undefined) {
      this.checkGiven('mean', this.initialMean);
      this.checkGiven('variance', this.initialVariance!);
    } else {
      const shape = sizes as number[];
      this.adaptedMean = this.addWeight('mean', shape, { initializer: 'zeros', trainable: false });
      this.adaptedVariance = this.addWeight('variance', shape, { initializer: 'ones', trainable: false });
    }
    this.inputSpec = { ndim: rank, axes: Object.fromEntries(keep.map((a, i) => [a, sizes[i] as number])) };
  }

  /**
   * Computes the mean and variance of `data` (one tensor, or batches of it) over all axes but `axis`, and stores
   * them. Builds the layer from the data's shape if needed. Leaves no tensors behind.
   */
  adapt(data: tf.Tensor | Iterable<tf.Tensor>): void {
    if (this.initialMean !== undefined) {
      throw new InvalidArgumentError(
        `${this.describe()} was given mean and variance in its constructor; adapt() would overwrite nothing. ` +
          'Create it without mean/variance to learn them from data.',
      );
    }
    const batches = data instanceof tf.Tensor ? [data] : [...data];
    if (batches.length === 0) throw new InvalidArgumentError(`${this.describe()}: adapt() received no data.`);
    if (!this.built) this.build([null, ...batches[0]!.shape.slice(1)]);
    const reduce = this.statsShape.flatMap((d, i) => (d === 1 && !this.keptAxes().includes(i) ? [i] : []));
    // Chan et al.'s parallel update: merge each batch's (count, mean, M2) into the running ones, so batches of
    // any size give the same result as one pass over all the data.
    let count = 0;
    let mean: tf.Tensor = tf.zeros(this.statsShape);
    let m2: tf.Tensor = tf.zeros(this.statsShape);
    for (const batch of batches) {
      this.assertInputCompatible([null, ...batch.shape.slice(1)]);
      const n = reduce.reduce((p, a) => p * batch.shape[a]!, 1);
      const [nextMean, nextM2] = tf.tidy(() => {
        const x = tf.cast(batch, 'float32');
        const { mean: bMean, variance: bVar } = tf.moments(x, reduce, true);
        const delta = tf.sub(bMean, mean);
        const total = count + n;
        return [
          tf.add(mean, tf.mul(delta, n / total)),
          tf.add(tf.add(m2, tf.mul(bVar, n)), tf.mul(tf.square(delta), (count * n) / total)),
        ];
      });
      tf.dispose([mean, m2]);
      mean = nextMean!;
      m2 = nextM2!;
      count += n;
    }
    tf.tidy(() => {
      this.adaptedMean!.assign(tf.reshape(mean, this.adaptedMean!.shape));
      this.adaptedVariance!.assign(tf.reshape(tf.div(m2, count), this.adaptedVariance!.shape));
    });
    tf.dispose([mean, m2]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    const input = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    const [mean, variance] = this.stats();
    const std = tf.maximum(tf.sqrt(variance), EPSILON);
    return this.invert ? tf.add(mean, tf.mul(input, std)) : tf.div(tf.sub(input, mean), std);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    const config: ReturnType<Layer['getConfig']> = {
      ...super.getConfig(),
      axis: this.axis,
      invert: this.invert,
    };
    if (this.initialMean !== undefined) {
      config.mean = this.initialMean;
      config.variance = this.initialVariance;
    }
    return config;
  }

  private keptAxes(): number[] {
    return this.axis.map((a) => normalizeAxis(this, a, this.statsShape.length));
  }

  private stats(): [tf.Tensor, tf.Tensor] {
    if (this.adaptedMean && this.adaptedVariance) {
      return [
        tf.reshape(this.adaptedMean, this.statsShape),
        tf.reshape(this.adaptedVariance, this.statsShape),
      ];
    }
    if (this.initialMean === undefined) {
      throw new NotBuiltError(`${this.describe()} has no statistics: call adapt(data) first.`);
    }
    return [this.given(this.initialMean), this.given(this.initialVariance!)];
  }

  // A scalar, or one value per kept position, reshaped to broadcast against the input.
  private given(value: number | number[]): tf.Tensor {
    const values = [value].flat();
    if (values.length === 1) return tf.fill(this.statsShape, values[0]!);
    return tf.reshape(tf.tensor(values), this.statsShape);
  }

  private checkGiven(name: string, value: number | number[]): void {
    const values = [value].flat();
    const size = this.statsShape.reduce((a, b) => a * b, 1);
    if (values.length !== 1 && values.length !== size) {
      throw new InvalidArgumentError(
        `${this.describe()}: ${name} has ${values.length} values, but the kept axes ${JSON.stringify(this.axis)} ` +
          `have shape ${formatShapeCode(this.statsShape.filter((d) => d !== 1))} (${size} values). Give one value or ${size}.`,
      );
    }
  }
}

registerLayer(Normalization);
