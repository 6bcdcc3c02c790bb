import type * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape } from '@strata/core';
import { type CallArgs, Layer, registerLayer, SymbolicTensor } from '@strata/layers';

export interface InputArgs {
  /** Shape of one sample, without the batch axis: `[28, 28]`. `null` marks a dimension that may vary. */
  shape?: Shape;
  /** Default: `null` (any batch size). */
  batchSize?: number | null;
  /** The full shape, batch axis first (instead of `shape` and `batchSize`): `[null, 28, 28]`. */
  batchShape?: Shape;
  /** Default: `input_layer`, `input_layer_1`, ... */
  name?: string;
  /** Default: `'float32'`. */
  dtype?: tf.DataType;
}

export interface InputLayerArgs {
  /** Shape of one sample (no batch axis). Give this or `batchInputShape`. */
  inputShape?: Shape;
  batchSize?: number | null;
  /** Full shape with the batch axis first. */
  batchInputShape?: Shape;
  name?: string;
  dtype?: tf.DataType;
  /** Accepted for tfjs-layers configs; Strata has no sparse tensors. */
  sparse?: boolean;
}

/**
 * The entry point of a functional model (and optionally of a Sequential one): a layer with no weights whose
 * output is the symbolic tensor `Input()` returns. Calling it on a tensor returns the tensor unchanged.
 */
export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';
  /** The symbolic tensor that stands for the model input. */
  readonly output: SymbolicTensor;

  constructor(args: InputLayerArgs) {
    const batchInputShape = checkInputShape(args);
    super({ name: args.name, dtype: args.dtype ?? 'float32', batchInputShape });
    this.build(batchInputShape);
    this.setOutputShape(batchInputShape);
    this.output = new SymbolicTensor([...batchInputShape], this.dtype, this, [], 0, {}, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor | tf.Tensor[] {
    return inputs;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** tfjs-layers's InputLayer config: `{ batchInputShape, dtype, sparse, name }`. */
  override getConfig() {
    return {
      batchInputShape: [...(this.batchInputShape ?? [])],
      dtype: this.dtype,
      sparse: false,
      name: this.name,
    };
  }
}

registerLayer(InputLayer);

/**
 * A symbolic model input for functional models: it carries a shape (batch axis `null`) and a dtype, no data.
 * Apply layers to it to describe the model, then `new Model({ inputs, outputs })`.
 *
 * @example
 * const inputs = Input({ shape: [28, 28] });
 * const outputs = new Dense({ units: 10 }).apply(new Flatten().apply(inputs));
 * const model = new Model({ inputs, outputs }); // model.apply(tf.zeros([32, 28, 28])).shape: [32, 10]
 */
export function Input(args: InputArgs): SymbolicTensor {
  if (typeof args !== 'object' || args === null) {
    throw new InvalidArgumentError(
      `Input() takes an options object, e.g. Input({ shape: [28, 28] }); got ${String(args)}.`,
    );
  }
  const layerArgs: InputLayerArgs = { dtype: args.dtype ?? 'float32' };
  if (args.name !== undefined) layerArgs.name = args.name;
  if (args.batchShape !== undefined) layerArgs.batchInputShape = args.batchShape;
  if (args.shape !== undefined) layerArgs.inputShape = args.shape;
  if (args.batchSize !== undefined) layerArgs.batchSize = args.batchSize;
  return new InputLayer(layerArgs).output;
}

function checkInputShape(args: InputLayerArgs): Shape {
  const given =
    args.batchInputShape ?? (args.inputShape ? [args.batchSize ?? null, ...args.inputShape] : undefined);
  if (args.batchInputShape && args.inputShape) {
    throw new InvalidArgumentError(
      `Input: give either shape ${formatShapeCode(args.inputShape)} or batchShape ${formatShapeCode(args.batchInputShape)}, not both.`,
    );
  }
  if (!Array.isArray(given)) {
    throw new InvalidArgumentError(
      'Input needs the shape of one sample (without the batch axis), e.g. Input({ shape: [28, 28] }) for 28×28 images.',
    );
  }
  const bad = given.findIndex((d) => d !== null && !(Number.isInteger(d) && d >= 0));
  if (bad >= 0) {
    throw new InvalidArgumentError(
      `Input: dimensions must be non-negative integers or null (unknown), got ${String(given[bad])} at axis ${bad} ` +
        `of ${JSON.stringify(given)}.`,
    );
  }
  return [...given];
}
