import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import type { Constraint, ConstraintIdentifier } from '../constraints/index.js';
import { optionalConstraint, optionalRegularizer, withPenalty } from '../convolutional/base-conv.js';
import {
  requirePositiveInt,
  requireRate,
  serializeConstraint,
  serializeRegularizer,
} from '../convolutional/conv-utils.js';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '../initializers/index.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers/index.js';
import { registerLayer } from '../serialization.js';

export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head's query and key projections. */
  keyDim: number;
  /** Size of each head's value projection. Default: `keyDim`. */
  valueDim?: number;
  /** Dropout rate on the attention probabilities (training only). Default: `0`. */
  dropout?: number;
  /** Biases in the four projections. Default: `true`. */
  useBias?: boolean;
  /** Size of the output's last axis. Default: the query's last axis. */
  outputShape?: number | [number];
  /** Default: `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default: `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/** Keyword arguments of `MultiHeadAttention.apply`. */
export interface MultiHeadAttentionCallArgs extends CallArgs {
  /** `[batch, Tq, Tk]` (or `[Tq, Tk]`): 1/true where query i may attend to key j. */
  attentionMask?: tf.Tensor | null;
  /** Query i attends only to keys j <= i (decoders). Combined with `attentionMask`. Default: `false`. */
  useCausalMask?: boolean;
  /** Return `[output, scores]`, scores `[batch, numHeads, Tq, Tk]` (after softmax). Default: `false`. */
  returnAttentionScores?: boolean;
}

/**
 * Multi-head attention (Vaswani et al. 2017) as Keras's MultiHeadAttention, over `[batch, time, features]`
 * sequences: per head, `softmax(Q·Kᵀ / √keyDim + mask) · V`, heads projected together to the output.
 * Weights, as Keras (EinsumDense shapes): `query|key/kernel [dim, numHeads, keyDim]`, `value/kernel
 * [dim, numHeads, valueDim]`, `attention_output/kernel [numHeads, valueDim, outputDim]`, each with a bias.
 * @example
 * const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 8 });
 * mha.apply([query, value]).shape; // [batch, Tq, queryFeatures]; self-attention: mha.apply([x, x])
 */
export class MultiHeadAttention extends Layer {
  static override readonly className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputDim?: number;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  readonly activityRegularizer?: Regularizer;
  readonly kernelConstraint?: Constraint;
  readonly biasConstraint?: Constraint;
  private readonly kernels: Record<string, tf.Variable> = {};
  private readonly biases: Record<string, tf.Variable> = {};
  /** Last-axis sizes of query, value and key the layer was built for. */
  private dims?: { query: number; value: number; key: number };

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    this.numHeads = requirePositiveInt(this, 'numHeads', args?.numHeads);
    this.keyDim = requirePositiveInt(this, 'keyDim', args.keyDim);
    this.valueDim = requirePositiveInt(this, 'valueDim', args.valueDim ?? args.keyDim);
    this.dropout = requireRate(this, 'dropout', args.dropout);
    this.useBias = args.useBias ?? true;
    const outputShape = Array.isArray(args.outputShape) ? args.outputShape : [args.outputShape];
    if (outputShape.length !== 1) {
      throw new InvalidArgumentError(
        `${this.describe()}: outputShape must be one number (the output's last axis), got ${JSON.stringify(args.outputShape)}.`,
      );
    }
    if (outputShape[0] !== undefined && outputShape[0] !== null) {
      this.outputDim = requirePositiveInt(this, 'outputShape', outputShape[0]);
    }
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = optionalRegularizer(args.kernelRegularizer);
    this.biasRegularizer = optionalRegularizer(args.biasRegularizer);
    this.activityRegularizer = optionalRegularizer(args.activityRegularizer);
    this.kernelConstraint = optionalConstraint(args.kernelConstraint);
    this.biasConstraint = optionalConstraint(args.biasConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const [query, value, key] = this.checkedShapes(inputShape);
    const dims = { query: query[2]!, value: value[2]!, key: key[2]! };
    const outputDim = this.outputDim ?? dims.query;
    const shapes: Record<string, { kernel: number[]; bias: number[] }> = {
      query: { kernel: [dims.query, this.numHeads, this.keyDim], bias: [this.numHeads, this.keyDim] },
      key: { kernel: [dims.key, this.numHeads, this.keyDim], bias: [this.numHeads, this.keyDim] },
      value: { kernel: [dims.value, this.numHeads, this.valueDim], bias: [this.numHeads, this.valueDim] },
      attention_output: { kernel: [this.numHeads, this.valueDim, outputDim], bias: [outputDim] },
    };
    // Keras's order: query, key, value, output; each kernel before its bias.
    for (const [name, shape] of Object.entries(shapes)) {
      this.kernels[name] = this.addWeight(`${name}/kernel`, shape.kernel, {
        initializer: this.kernelInitializer,
        ...withPenalty(this.kernelRegularizer, this.kernelConstraint),
      });
      if (this.useBias) {
        this.biases[name] = this.addWeight(`${name}/bias`, shape.bias, {
          initializer: this.biasInitializer,
          ...withPenalty(this.biasRegularizer, this.biasConstraint),
        });
      }
    }
    this.dims = dims;
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: MultiHeadAttentionCallArgs,
  ): tf.Tensor | tf.Tensor[] {
    const [query, value, key = value] = inputs as tf.Tensor[];
    const [batch, queryTime] = query!.shape as [number, number, number];
    const keyTime = key!.shape[1]!;
    // [batch, time, dim] → [batch, heads, time, headDim]: a matMul with the kernel flattened to [dim, heads · headDim].
    const project = (x: tf.Tensor, name: 'query' | 'key' | 'value', headDim: number) => {
      const [b, t, d] = x.shape as [number, number, number];
      let y = tf.matMul(tf.reshape(x, [b * t, d]), tf.reshape(this.kernels[name]!, [d, -1]));
      if (this.biases[name]) y = tf.add(y, tf.reshape(this.biases[name]!, [-1]));
      return tf.transpose(tf.reshape(y, [b, t, this.numHeads, headDim]), [0, 2, 1, 3]);
    };
    // Scaling the query (not the scores) as Keras does; the same numbers up to rounding.
    const q = tf.mul(project(query!, 'query', this.keyDim), 1 / Math.sqrt(this.keyDim));
    const k = project(key!, 'key', this.keyDim);
    const v = project(value!, 'value', this.valueDim);
    let scores = tf.matMul(q, k, false, true); // [batch, heads, Tq, Tk]

    const mask = this.combinedMask(kwargs, batch, queryTime, keyTime);
    if (mask) {
      // Keras's masked softmax: a large negative number where attention is not allowed.
      scores = tf.add(scores, tf.mul(tf.sub(1, tf.cast(tf.expandDims(mask, 1), 'float32')), -1e9));
    }
    const probabilities = tf.softmax(scores);
    const attended =
      kwargs.training === true && this.dropout > 0 ? tf.dropout(probabilities, this.dropout) : probabilities;
    const heads = tf.transpose(tf.matMul(attended, v), [0, 2, 1, 3]); // [batch, Tq, heads, valueDim]
    const outputDim = this.kernels.attention_output!.shape[2]!;
    let output = tf.matMul(
      tf.reshape(heads, [batch * queryTime, this.numHeads * this.valueDim]),
      tf.reshape(this.kernels.attention_output!, [this.numHeads * this.valueDim, outputDim]),
    );
    if (this.biases.attention_output) output = tf.add(output, this.biases.attention_output);
    output = tf.reshape(output, [batch, queryTime, outputDim]);
    if (this.activityRegularizer) this.addLoss(this.activityRegularizer.apply(output));
    return kwargs.returnAttentionScores ? [output, probabilities] : output;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [query] = this.checkedShapes(inputShape);
    return [query[0]!, query[1]!, this.outputDim ?? query[2]!];
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputDim ?? null,
      attentionAxes: null,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      kernelConstraint: serializeConstraint(this.kernelConstraint),
      biasConstraint: serializeConstraint(this.biasConstraint),
    };
  }

  // Sequence lengths may change between calls (only feature sizes are fixed by the weights), so the check is ours.
  protected override assertInputCompatible(shape: Shape | Shape[]): void {
    this.checkedShapes(shape);
  }

  /** [query, value, key] shapes, checked: 2 or 3 rank-3 inputs, known features, matching batch and key/value lengths. */
  private checkedShapes(inputShape: Shape | Shape[]): [Shape, Shape, Shape] {
    const fix =
      'Call it as apply([query, value]) or apply([query, value, key]); for self-attention, apply([x, x]).';
    const isList = inputShape.length > 0 && Array.isArray(inputShape[0]);
    if (!isList || (inputShape.length !== 2 && inputShape.length !== 3)) {
      const got = isList
        ? `${inputShape.length} inputs`
        : `one input of shape ${formatShapeCode(inputShape as Shape)}`;
      throw new InvalidArgumentError(
        `${this.describe()} takes 2 or 3 inputs [query, value, key?], got ${got}. ${fix}`,
      );
    }
    const [query, value, key = value] = inputShape as Shape[];
    const names = ['query', 'value', 'key'] as const;
    [query!, value!, key!].forEach((shape, i) => {
      const name = names[i]!;
      const built = this.dims?.[name];
      if (shape.length !== 3 || shape[2] === null || (built !== undefined && shape[2] !== built)) {
        throw new ShapeMismatchError(
          `${this.describe()} (${name})`,
          built === undefined
            ? 'a [batch, time, features] input with known features'
            : `a [batch, time, ${built}] input (it was built for ${built} ${name} features)`,
          shape,
          shape.length === 2
            ? `Add a time axis, e.g. tf.expandDims(${name}, 1) for one step per sample. ${fix}`
            : shape.length === 3 && built !== undefined
              ? `Use a new layer for ${name}s with ${shape[2]} features.`
              : fix,
        );
      }
    });
    const known = (a: number | null, b: number | null) => a === null || b === null || a === b;
    if (!known(query![0]!, value![0]!) || !known(value![0]!, key![0]!) || !known(value![1]!, key![1]!)) {
      throw new ShapeMismatchError(
        this.describe(),
        'query, value and key with the same batch size, and value and key with the same length',
        [...query!, ...value!, ...key!],
        `Got query ${formatShapeCode(query!)}, value ${formatShapeCode(value!)}, key ${formatShapeCode(key!)}.`,
      );
    }
    return [query!, value!, key!];
  }

  /** The attention mask as bool `[batch, Tq, Tk]` (attention mask AND causal mask), or undefined. */
  private combinedMask(
    kwargs: MultiHeadAttentionCallArgs,
    batch: number,
    queryTime: number,
    keyTime: number,
  ) {
    let mask: tf.Tensor | undefined;
    const given = kwargs.attentionMask;
    if (given !== undefined && given !== null) {
      const ok =
        given instanceof tf.Tensor &&
        (tf.util.arraysEqual(given.shape, [batch, queryTime, keyTime]) ||
          tf.util.arraysEqual(given.shape, [queryTime, keyTime]));
      if (!ok) {
        throw new ShapeMismatchError(
          `${this.describe()}: attentionMask`,
          [batch, queryTime, keyTime],
          given instanceof tf.Tensor ? given.shape : [],
          'Pass a [batch, Tq, Tk] (or [Tq, Tk]) tensor, 1 where query i may attend to key j.',
        );
      }
      mask = tf.broadcastTo(tf.cast(given, 'bool'), [batch, queryTime, keyTime]);
    }
    if (kwargs.useCausalMask) {
      // Keras: query i sees keys j <= i (lower triangle of a [Tq, Tk] matrix).
      const causal = tf.broadcastTo(
        tf.greaterEqual(
          tf.range(0, queryTime, 1, 'int32').reshape([-1, 1]),
          tf.range(0, keyTime, 1, 'int32').reshape([1, -1]),
        ),
        [batch, queryTime, keyTime],
      );
      mask = mask ? tf.logicalAnd(mask, causal) : causal;
    }
    return mask;
  }
}

registerLayer(MultiHeadAttention);
