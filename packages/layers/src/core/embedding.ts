import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import { type Constraint, type ConstraintIdentifier, getConstraint } from '../constraints/index.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/index.js';
import { registerLayer } from '../serialization.js';
import { oneInput, requirePositiveInt, serializeObject } from './layer-args.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids run from 0 to `inputDim - 1`. */
  inputDim: number;
  /** Size of each vector. */
  outputDim: number;
  /** Default: `'randomUniform'` (-0.05 to 0.05, Keras). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the output, divided by the batch size (as Keras), added to `losses`. */
  activityRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
  /** Treat id 0 as padding: `computeMask` marks it, and the vocabulary needs `inputDim = words + 1`. Default: false. */
  maskZero?: boolean;
  /** Length of the sequences, when fixed: lets the layer (and a model starting with it) build without data. */
  inputLength?: number | number[] | null;
}

/**
 * Turns integer ids into dense vectors: `[batch, steps]` → `[batch, steps, outputDim]` (row `id` of the
 * `[inputDim, outputDim]` embeddings matrix). Float inputs are truncated to integers.
 * @example new Embedding({ inputDim: 1000, outputDim: 64 }).apply(tf.tensor2d([[4, 20]], undefined, 'int32')).shape; // [1, 2, 64]
 */
export class Embedding extends Layer {
  static override readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer?: Regularizer;
  readonly activityRegularizer?: Regularizer;
  readonly embeddingsConstraint?: Constraint;
  readonly maskZero: boolean;
  readonly inputLength: number | number[] | null;
  embeddings!: tf.Variable;

  constructor(args: EmbeddingArgs) {
    const length = args?.inputLength ?? null;
    // As tfjs-layers: without an input shape, [batch, inputLength] (or [batch, any length]).
    const shape =
      args?.inputShape || args?.batchInputShape
        ? {}
        : { batchInputShape: [args?.batchSize ?? null, ...(length === null ? [null] : [length].flat())] };
    super({ ...args, ...shape });
    this.inputDim = requirePositiveInt(this, 'inputDim', args?.inputDim);
    this.outputDim = requirePositiveInt(this, 'outputDim', args.outputDim);
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? 'randomUniform');
    if (args.embeddingsRegularizer) this.embeddingsRegularizer = getRegularizer(args.embeddingsRegularizer);
    if (args.activityRegularizer) this.activityRegularizer = getRegularizer(args.activityRegularizer);
    if (args.embeddingsConstraint) this.embeddingsConstraint = getConstraint(args.embeddingsConstraint);
    this.maskZero = args.maskZero ?? false;
    this.inputLength = length;
    // Sequences of any length (and rank) after the first call.
    this.inputSpec = {};
  }

  override build(_inputShape: Shape): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: this.embeddingsInitializer,
      ...(this.embeddingsRegularizer && { regularizer: this.embeddingsRegularizer }),
      ...(this.embeddingsConstraint && { constraint: this.embeddingsConstraint }),
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    const ids = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
    let rows: tf.Tensor;
    try {
      rows = tf.gather(this.embeddings, tf.reshape(ids, [-1]));
    } catch (e) {
      // The cpu backend checks ids (the message names the bad one); GPU backends return zeros instead.
      if (/index|not in \[/i.test((e as Error).message)) {
        throw new InvalidArgumentError(
          `${this.describe()}: an input id is outside the vocabulary [0, ${this.inputDim - 1}] (${(e as Error).message}). ` +
            `Ids must be integers from 0 to inputDim - 1: raise inputDim to at least the largest id + 1.`,
        );
      }
      throw e;
    }
    const y = tf.reshape(rows, [...x.shape, this.outputDim]);
    if (this.activityRegularizer) this.addLoss(tf.div(this.activityRegularizer.apply(y), y.shape[0] || 1));
    return y;
  }

  /** With `maskZero`, true where the id is not 0 (padding); otherwise null. The caller disposes it. */
  computeMask(inputs: tf.Tensor): tf.Tensor | null {
    return this.maskZero ? tf.notEqual(inputs, 0) : null;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeObject(this.embeddingsInitializer),
      embeddingsRegularizer: serializeObject(this.embeddingsRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      embeddingsConstraint: serializeObject(this.embeddingsConstraint),
      maskZero: this.maskZero,
      inputLength: this.inputLength,
    };
  }
}

registerLayer(Embedding);
