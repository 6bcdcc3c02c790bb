import type * as tf from '@strata/core';
import { InvalidArgumentError, LoadError, type Shape, ShapeMismatchError, StrataError } from '@strata/core';
import {
  type CallArgs,
  deserializeLayer,
  isLayer,
  isSymbolic,
  type Layer,
  registerLayer,
  type SymbolicTensor,
  type TrackedChild,
} from '@strata/layers';
import { InputLayer } from './input.js';
import { formatShapeList, Model } from './model.js';
import { isShapeList, shapesFit } from './model-shapes.js';

export interface SequentialArgs {
  /** Default: `sequential`, `sequential_1`, ... */
  name?: string;
  /** Default: `true`. */
  trainable?: boolean;
}

/** A layer, or what `Input()` returns (as the first item only). */
export type SequentialItem = Layer | SymbolicTensor;

/** tfjs-layers's Sequential config (and Keras's): the model name and its layers in order. */
export interface SequentialConfig {
  name: string;
  trainable?: boolean;
  layers: { className: string; config: Record<string, unknown> }[];
}

/**
 * A plain stack of layers, each taking the previous one's output.
 *
 * When the input shape is known — an `inputShape` on the first layer, or an `Input()`/`InputLayer` first — the model
 * is built at once, symbolically: every layer is built, `summary()` works without data, and `add()` checks that the
 * new layer fits the previous one's output. Otherwise it builds on first use (or with `build([null, ...])`).
 *
 * @example
 * const model = new Sequential([
 *   new Flatten({ inputShape: [28, 28] }),
 *   new Dense({ units: 128, activation: 'relu' }),
 *   new Dense({ units: 10, activation: 'softmax' }),
 * ]);
 * model.summary();
 */
export class Sequential extends Model {
  static override readonly className = 'Sequential';

  // All layers in order, an InputLayer first when the input shape is known. Private fields are not tracked by field
  // scanning: trackedLayers() below lists the layers by name instead.
  #stack: Layer[] = [];
  // Symbolic output of each entry of #stack, while the input shape is known.
  #outputs: SymbolicTensor[] = [];
  // Whether #stack[0] is an InputLayer made from the first layer's inputShape (its config then carries the shape).
  #implicitInput = false;

  constructor(layers: SequentialItem[] = [], args: SequentialArgs = {}) {
    super(args);
    if (!Array.isArray(layers)) {
      throw new InvalidArgumentError(
        `${this.describe()}: the first argument is the list of layers, e.g. new Sequential([new Dense({ units: 10 })], ` +
          `{ name: 'classifier' }); got ${typeof layers}.`,
      );
    }
    for (const layer of layers) this.add(layer);
  }

  /** The layers, in order (an InputLayer is not listed, as in Keras). */
  override trackedLayers(): TrackedChild<Layer>[] {
    return this.#stack
      .filter((l) => !(l instanceof InputLayer))
      .map((layer) => ({ path: layer.name, layer }));
  }

  /** The input shape (batch axis `null`), once known. */
  get inputShape(): Shape | undefined {
    const first = this.#stack[0];
    return first instanceof InputLayer ? [...(first.batchInputShape ?? [])] : undefined;
  }

  /**
   * Appends a layer. If the input shape is known, the layer is applied symbolically at once: it is built, and if it
   * does not fit the previous layer's output the error names both layers and shapes (and the model is unchanged).
   */
  add(item: SequentialItem): void {
    if (isSymbolic(item)) {
      if (!(item.sourceLayer instanceof InputLayer) || this.#stack.length > 0) {
        throw new InvalidArgumentError(
          `${this.describe()}: a symbolic tensor can only be the first item, and only one from Input() ` +
            `(got ${item.toString()}). To chain layers, add the layers themselves.`,
        );
      }
      this.#stack = [item.sourceLayer];
      this.#outputs = [item];
      this.markBuilt(item.shape);
      this.setOutputShape(item.shape);
      return;
    }
    if (!isLayer(item)) {
      throw new InvalidArgumentError(
        `${this.describe()}.add() takes a layer, got ${item === null ? 'null' : typeof item}` +
          `${typeof item === 'function' ? ' (a class: did you forget `new`?)' : ''}.`,
      );
    }
    if (item instanceof InputLayer) {
      if (this.#stack.length > 0) {
        throw new InvalidArgumentError(
          `${this.describe()}: an InputLayer can only be the first layer; '${item.name}' was added after others.`,
        );
      }
      this.add(item.output);
      return;
    }
    const clash = this.#stack.find((l) => l.name === item.name);
    if (clash) {
      throw new InvalidArgumentError(
        clash === item
          ? `${this.describe()} already contains ${item.describe()}; a layer can appear once in a Sequential model (use a new instance).`
          : `${this.describe()} already has a layer named '${item.name}'; layer names in a model must be unique. Give the new layer another name.`,
      );
    }
    const previous = this.#stack.at(-1);
    // The first layer with an inputShape/batchInputShape starts with an implicit InputLayer, as in Keras.
    const input =
      this.#stack.length === 0 && item.batchInputShape
        ? new InputLayer({ batchInputShape: item.batchInputShape, dtype: item.dtype })
        : undefined;
    const from = input ? input.output : this.#outputs.at(-1);
    if (from) {
      const output = this.applySymbolically(item, from, previous);
      if (input) {
        this.#implicitInput = true;
        this.#stack.push(input);
        this.#outputs.push(input.output);
        this.markBuilt(input.output.shape);
      }
      this.#stack.push(item);
      this.#outputs.push(output);
      this.setOutputShape(output.shape);
    } else {
      this.#stack.push(item);
    }
  }

  /** Removes and returns the last layer. */
  pop(): Layer {
    const layers = this.layers;
    if (layers.length === 0) throw new StrataError(`${this.describe()} has no layers to pop.`);
    const last = this.#stack.pop()!;
    if (this.#stack.length === 1 && this.#implicitInput) {
      // The InputLayer came from the popped layer's inputShape: it goes too, and the model is unbuilt again.
      this.#stack = [];
      this.#implicitInput = false;
      this.built = false;
    }
    this.#outputs = this.#outputs.slice(0, this.#stack.length);
    const output = this.#outputs.at(-1);
    if (output) this.setOutputShape(output.shape);
    return last;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length !== 1) {
      throw new InvalidArgumentError(
        `${this.describe()} takes one input tensor, got an array of ${list.length}. Use a functional model for several inputs.`,
      );
    }
    const layers = this.layers;
    if (layers.length === 0)
      throw new StrataError(`${this.describe()} has no layers; add some before calling it.`);
    const input = list[0]!;
    let x = input;
    for (const layer of layers) {
      // `training` reaches each layer through the call context that apply() set up.
      const y: tf.Tensor | tf.Tensor[] = layer.apply(x);
      if (Array.isArray(y)) {
        throw new StrataError(
          `${layer.describe()} returned ${y.length} tensors inside ${this.describe()}; each layer of a Sequential model must return one. Use a functional model.`,
        );
      }
      // Free each intermediate as soon as the next layer has used it (the model's input is the caller's).
      if (x !== input && x !== y) x.dispose();
      x = y;
    }
    return x;
  }

  /** @internal */
  override isGraphNetwork(): boolean {
    return true;
  }

  protected override tracesCall(): boolean {
    return false;
  }

  /** Builds every layer for `inputShape` symbolically (no data), with an InputLayer first, as Keras 3 does. */
  protected override runBuild(rawBuild: (shape: Shape | Shape[]) => void, inputShape: Shape | Shape[]): void {
    if (this.built) {
      super.runBuild(rawBuild, inputShape);
      return;
    }
    if (isShapeList(inputShape)) {
      throw new InvalidArgumentError(
        `${this.describe()} takes one input, got ${inputShape.length} input shapes (${formatShapeList(inputShape)}). Use a functional model for several inputs.`,
      );
    }
    rawBuild.call(this, inputShape);
    const layers = this.layers;
    if (layers.length === 0) {
      throw new StrataError(
        `${this.describe()} has no layers to build; add layers first (model.add(layer)).`,
      );
    }
    const input = new InputLayer({
      batchInputShape: [null, ...inputShape.slice(1)],
      dtype: layers[0]!.dtype,
    });
    const outputs: SymbolicTensor[] = [input.output];
    let previous: Layer | undefined;
    for (const layer of layers) {
      outputs.push(this.applySymbolically(layer, outputs.at(-1)!, previous));
      previous = layer;
    }
    this.#stack = [input, ...layers];
    this.#outputs = outputs;
    this.#implicitInput = false;
    this.markBuilt(input.output.shape);
    this.setOutputShape(outputs.at(-1)!.shape);
  }

  protected override assertInputCompatible(shape: Shape | Shape[]): void {
    const expected = this.inputShape;
    if (!expected) return;
    // The batch axis may differ from the declared one (Input({ batchSize: 8 }) still runs a batch of 2).
    if (isShapeList(shape) || !shapesFit(expected.slice(1), shape.slice(1))) {
      throw new ShapeMismatchError(
        this.describe(),
        `an input of shape ${formatShapeList(expected)}`,
        isShapeList(shape) ? shape.flat() : shape,
        `Its first layer '${this.layers[0]?.name}' takes that shape (the batch axis may be any size). Reshape the ` +
          'input, or build another model for this shape.',
      );
    }
  }

  private applySymbolically(
    layer: Layer,
    input: SymbolicTensor,
    previous: Layer | undefined,
  ): SymbolicTensor {
    let output: SymbolicTensor | SymbolicTensor[];
    try {
      output = layer.apply(input);
    } catch (error) {
      if (error instanceof Error) {
        const after =
          previous && !(previous instanceof InputLayer)
            ? `after ${previous.describe()}, whose output`
            : 'whose input';
        error.message =
          `Cannot add ${layer.describe()} to ${this.describe()} ${after} has shape ${formatShapeList(input.shape)}: ` +
          error.message;
      }
      throw error;
    }
    if (Array.isArray(output)) {
      throw new StrataError(
        `${layer.describe()} has ${output.length} outputs; each layer of a Sequential model must have one. Use a functional model.`,
      );
    }
    return output;
  }

  /**
   * `{ name, layers: [{ className, config }, ...] }`, the tfjs-layers/Keras Sequential config. The InputLayer is
   * listed first when the input shape came from `Input()`, an InputLayer or a build (as Keras does), and left out
   * when the first layer's own `inputShape` gave it (its config carries the shape, as tfjs-layers writes it).
   */
  override getConfig(): SequentialConfig & Record<string, unknown> {
    const listed = this.#implicitInput ? this.#stack.slice(1) : this.#stack;
    const layers = listed.map((layer) => ({
      className: (layer.constructor as typeof Layer).className,
      config: layer.getConfig() as Record<string, unknown>,
    }));
    const config: SequentialConfig & Record<string, unknown> = { name: this.name, layers };
    if (!this.trainable) config.trainable = false;
    return config;
  }

  /** Rebuilds a Sequential model from `getConfig()` output (or a tfjs-layers config, also a bare list of layers). */
  static override fromConfig<T extends Layer>(
    this: new (
      args: any,
    ) => T,
    config: Record<string, unknown>,
  ): T {
    return sequentialFromConfig(config) as unknown as T;
  }
}

function sequentialFromConfig(config: Record<string, unknown> | unknown[]): Sequential {
  const layerConfigs = Array.isArray(config) ? config : (config as Partial<SequentialConfig>).layers;
  if (!Array.isArray(layerConfigs)) {
    throw new LoadError(
      `Sequential.fromConfig: the config has no 'layers' list (keys: ${Object.keys(config ?? {}).join(', ') || 'none'}). ` +
        'Pass what sequential.getConfig() returned.',
    );
  }
  const args: SequentialArgs = {};
  if (!Array.isArray(config)) {
    const { name, trainable } = config as Partial<SequentialConfig>;
    if (typeof name === 'string') args.name = name;
    if (trainable === false) args.trainable = false;
  }
  const model = new Sequential([], args);
  for (const layerConfig of layerConfigs as { className: string; config: Record<string, unknown> }[]) {
    model.add(deserializeLayer(layerConfig));
  }
  if (args.trainable === false) model.trainable = false;
  return model;
}

registerLayer(Sequential);
