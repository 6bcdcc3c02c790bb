import * as tf from '@strata/core';
import {
  formatShapeCode,
  InvalidArgumentError,
  NotBuiltError,
  type Shape,
  ShapeMismatchError,
  StrataError,
  UnknownNameError,
} from '@strata/core';
import {
  type CallArgs,
  isSymbolic,
  type Layer,
  type LayerArgs,
  type LayerInput,
  type LayerOutput,
  registerLayer,
  type SymbolicTensor,
  withCallContext,
} from '@strata/layers';
import { functionalFromConfig } from './functional/functional-config.js';
import { addCallContext } from './model-errors.js';
import {
  concreteShape,
  copyShape,
  isShapeList,
  shapeOf,
  shapesFit,
  withUnknownBatch,
} from './model-shapes.js';
import * as saving from './saving/index.js';
import { formatSummary, type SummaryEntry, type SummaryOptions } from './summary/summary.js';
import { TrainingModel } from './training/training-model.js';

/** Options of a subclassed model's constructor (`super({ name })`). */
export interface ModelArgs {
  /** Default: the class name in snake_case, made unique: `mnist_model`, `mnist_model_1`, ... */
  name?: string;
  /** Default: `true`. */
  trainable?: boolean;
  /** Default: `'float32'`. */
  dtype?: tf.DataType;
}

/** Options of a functional model: `new Model({ inputs, outputs })`. */
export interface FunctionalModelArgs {
  /** What `Input()` returned; an array for several inputs (then `apply` takes an array in this order). */
  inputs: SymbolicTensor | SymbolicTensor[];
  /** Symbolic outputs of layers applied to `inputs`; an array for several outputs (then `apply` returns an array). */
  outputs: SymbolicTensor | SymbolicTensor[];
  /** Default: `functional`, `functional_1`, ... */
  name?: string;
  /** Default: `true`. */
  trainable?: boolean;
}

type FunctionalFactory = (args: FunctionalModelArgs) => Model;
let functionalFactory: FunctionalFactory | undefined;

/** Lets functional/functional.ts make `new Model({ inputs, outputs })` a functional model (it imports Model, so Model cannot import it). */
export function setFunctionalFactory(factory: FunctionalFactory): void {
  functionalFactory = factory;
}

function isFunctionalArgs(args: unknown): args is FunctionalModelArgs {
  return typeof args === 'object' && args !== null && ('inputs' in args || 'outputs' in args);
}

/**
 * A layer that is trained and saved as a whole. Three ways to make one, as in Keras:
 *
 * - **Subclassing**: extend `Model`, hold layers in fields, write `call`. Layers (and models) in fields, arrays and
 *   plain objects are tracked in definition order: their weights are the model's.
 * - **Functional**: `new Model({ inputs, outputs })` from `Input()` and layers applied to it.
 * - **Sequential**: `new Sequential([...layers])`.
 *
 * `apply(x)` builds the model on first use; `build(inputShape)` builds it without data by tracing `call` once on
 * zeros (in inference mode, changing no state) so every sub-layer is built and has an output shape for `summary()`.
 *
 * Weight order (`weights`, `getWeights`, `setWeights`): trainable weights first, then non-trainable ones; within
 * each, depth-first over the sub-layers in field order (functional models: graph order), a layer's own weights
 * (in creation order) before its sub-layers', each variable once.
 *
 * @example
 * class MnistModel extends Model {
 *   flatten = new Flatten();
 *   hidden = new Dense({ units: 128, activation: 'relu' });
 *   out = new Dense({ units: 10, activation: 'softmax' });
 *   override call(x: tf.Tensor) { return this.out.apply(this.hidden.apply(this.flatten.apply(x))); }
 * }
 * const model = new MnistModel();
 * model.build([null, 28, 28]);
 * model.summary();
 */
export class Model extends TrainingModel {
  // Overridden below by an accessor: unregistered subclasses report their own class name (see the end of the file).
  static override readonly className: string = 'Model';

  #applyingData = false;
  #traced?: { input: Shape | Shape[]; output: Shape | Shape[] };

  // biome-ignore lint/correctness/noUnreachableSuper: the functional branch returns another object instead.
  constructor(args: ModelArgs | FunctionalModelArgs = {}) {
    // `new Model({ inputs, outputs })` makes a functional model, as in Keras; a constructor may return another object.
    if (new.target === Model && isFunctionalArgs(args)) {
      if (!functionalFactory) {
        throw new StrataError(
          "Functional models are not loaded: import Model from '@strata/models' (its index loads them).",
        );
      }
      // biome-ignore lint/correctness/noConstructorReturn: Keras's Model(inputs, outputs) dispatch.
      return functionalFactory(args);
    }
    if (isFunctionalArgs(args) && !isFunctionalClass(new.target)) {
      throw new InvalidArgumentError(
        `${new.target.name}: a subclassed model cannot take inputs and outputs. Either build a functional model with ` +
          'new Model({ inputs, outputs }) and use it as a layer of your subclass, or define the forward pass in call().',
      );
    }
    const layerArgs: LayerArgs = {};
    if (args.name !== undefined) layerArgs.name = args.name;
    if (args.trainable !== undefined) layerArgs.trainable = args.trainable;
    if ('dtype' in args && args.dtype !== undefined) layerArgs.dtype = args.dtype;
    super(layerArgs);
  }

  /** The forward pass of a subclassed model. Override it; use `model.apply(x)` to run it. */
  override call(_inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor | tf.Tensor[] {
    const cls = modelClassName(this);
    throw new StrataError(
      `${this.describe()} has no call(). Override call(inputs, kwargs) in ${cls} to define the forward pass ` +
        '(e.g. `override call(x: Tensor) { return this.out.apply(this.hidden.apply(x)); }`), or make a functional ' +
        'model with new Model({ inputs, outputs }).',
    );
  }

  override describe(): string {
    return `Model '${this.name}' (${modelClassName(this)})`;
  }

  /**
   * Runs the model (see `Layer.apply`): builds it on first use from the input's shape, passes `training` to every
   * nested layer, and disposes every intermediate tensor. An error from a nested layer gets a line naming this model.
   */
  override apply(inputs: tf.Tensor, kwargs?: CallArgs): tf.Tensor;
  override apply(inputs: SymbolicTensor, kwargs?: CallArgs): SymbolicTensor;
  override apply(inputs: tf.Tensor[], kwargs?: CallArgs): tf.Tensor;
  override apply(inputs: SymbolicTensor[], kwargs?: CallArgs): SymbolicTensor;
  override apply(inputs: LayerInput, kwargs?: CallArgs): LayerOutput | SymbolicTensor | SymbolicTensor[];
  override apply(inputs: LayerInput, kwargs: CallArgs = {}): LayerOutput | SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const symbolic = list.length > 0 && list.every(isSymbolic);
    const before = this.#applyingData;
    const wasBuilt = this.built;
    // Keras 2 traces `call` only in an explicit build(): on data, the real call builds the sub-layers anyway.
    this.#applyingData = !symbolic;
    try {
      return super.apply(inputs, kwargs);
    } catch (error) {
      // A first call that failed does not leave a model that looks built (summary() would then show nothing useful).
      if (!wasBuilt) this.built = false;
      throw addCallContext(error, this, inputs);
    } finally {
      this.#applyingData = before;
    }
  }

  /**
   * Builds the model once: runs a subclass's own `build`, then (outside `apply`) traces `call` on zeros of
   * `inputShape` (unknown dimensions as 1) in inference mode, so every sub-layer is built and records its output
   * shape. Building again for a fitting shape does nothing.
   */
  protected override runBuild(rawBuild: (shape: Shape | Shape[]) => void, inputShape: Shape | Shape[]): void {
    checkShapeArgument(this, inputShape);
    if (this.built) {
      const built = this.buildInputShape;
      if (built && !shapesFit(built, inputShape)) {
        throw new ShapeMismatchError(
          `${this.describe()}: build()`,
          `an input shape that fits ${formatShapeList(built)} (it is already built)`,
          isShapeList(inputShape) ? inputShape.flat() : inputShape,
          'A model keeps the shapes it was built for; create a new model for another input shape.',
        );
      }
      return;
    }
    try {
      rawBuild.call(this, inputShape);
      if (!this.#applyingData && this.tracesCall()) this.setOutputShape(this.traceCall(inputShape));
    } catch (error) {
      throw addCallContext(error, this, inputShape, 'building');
    }
    this.markBuilt(inputShape);
  }

  /** Marks the model built for `inputShape` without running anything (Sequential and functional models). */
  protected markBuilt(inputShape: Shape | Shape[]): void {
    super.runBuild(() => {}, inputShape);
  }

  /** Whether `build(inputShape)` should trace `call`: subclassed models do; graph models know their shapes. */
  protected tracesCall(): boolean {
    return true;
  }

  /** The output shape for an input shape, found by tracing `call` on zeros (cached per input shape). */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    if (!this.built) this.build(inputShape);
    const cached = this.#traced;
    if (cached && JSON.stringify(cached.input) === JSON.stringify(inputShape))
      return copyShape(cached.output);
    return this.traceCall(inputShape);
  }

  // Subclassed models accept any input their layers accept (Keras does not check a subclassed model's input
  // shape); a nested layer's shape error then names this model too (see apply).
  protected override assertInputCompatible(_shape: Shape | Shape[]): void {}

  /** Runs `call` once on zeros in inference mode inside `tidy`; returns the output shape (batch axis as given). */
  private traceCall(inputShape: Shape | Shape[]): Shape | Shape[] {
    let output: Shape | Shape[] = [];
    tf.tidy(() => {
      const dummy = isShapeList(inputShape)
        ? inputShape.map((s) => tf.zeros(concreteShape(s), this.dtype))
        : tf.zeros(concreteShape(inputShape), this.dtype);
      const result: unknown = withCallContext({ training: false }, () =>
        this.call(dummy, { training: false }),
      );
      assertCallOutput(this, result);
      output = shapeOf(result);
    });
    // The trace's regularization terms are not a real call's: drop them so the trace leaves no tensor behind.
    this.clearLosses();
    const batchUnknown = (isShapeList(inputShape) ? inputShape[0]?.[0] : inputShape[0]) === null;
    if (batchUnknown) output = withUnknownBatch(output);
    this.#traced = { input: copyShape(inputShape), output: copyShape(output) };
    return output;
  }

  /**
   * Saves the weights, named by their path in the model (`hidden/kernel`), as `weights.json` + `.bin` shards: to a
   * directory in Node (atomically), or to `'indexeddb://name'`, `'localstorage://name'`, `'downloads://name'` or any
   * tf.io.IOHandler. See docs/saving.md.
   */
  async saveWeights(target: saving.SaveTarget, options?: saving.SaveWeightsOptions): Promise<void> {
    await saving.saveWeights(this, target, options);
  }

  /** Loads weights saved by `saveWeights` or `save` (also tfjs-layers's). Every name and shape is checked first. */
  loadWeights(
    source: saving.SaveTarget,
    options?: saving.LoadWeightsOptions & saving.FileOptions,
  ): Promise<saving.LoadWeightsResult> {
    return saving.loadWeights(this, source, options);
  }

  /** Saves the whole model in the tfjs Layers format (`model.json` + `.bin`); load it with `loadModel`. */
  async save(target: saving.SaveTarget, options?: saving.SaveModelOptions): Promise<void> {
    await saving.saveModel(this, target, options);
  }

  /** The direct sub-layer of that name (or at that index in `layers`). */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      const layer = layers[nameOrIndex];
      if (!layer) {
        throw new InvalidArgumentError(
          `${this.describe()} has ${layers.length} layers; index ${nameOrIndex} is out of range (0 to ${layers.length - 1}).`,
        );
      }
      return layer;
    }
    const found = layers.find((l) => l.name === nameOrIndex);
    if (!found) {
      throw new UnknownNameError(
        `layer in ${this.describe()}`,
        nameOrIndex,
        layers.map((l) => l.name),
        'Layer names are in model.layers (and in summary()).',
      );
    }
    return found;
  }

  /**
   * Prints a table of the model's layers (name and type, output shape, parameter count; and for functional models
   * that are not a simple chain, what each layer is connected to) and its parameter totals, and returns the text.
   * An unbuilt model throws NotBuiltError, unless `inputShape` is given: then it is built on a dummy batch first
   * (inference mode, no training state changed).
   */
  summary(options: SummaryOptions = {}): string {
    if (options.inputShape !== undefined) this.build(options.inputShape);
    if (!this.built) {
      throw new NotBuiltError(
        'This model has not yet been built. Build the model first by calling `build(inputShape)` or by calling the ' +
          'model on a batch of data. Or let summary build it on a dummy batch: `model.summary({ inputShape: ' +
          `[null, 28, 28] })\` for 28×28 inputs (batch axis null). (${this.describe()})`,
      );
    }
    const text = formatSummary(this, options);
    const print = options.printFn ?? ((line: string) => console.log(line));
    for (const line of text.split('\n')) print(line);
    return text;
  }

  /** @internal The rows `summary()` shows: the tracked sub-layers with their recorded output shapes. */
  summaryEntries(): SummaryEntry[] {
    return this.trackedLayers().map(({ layer }) => ({ layer, outputShape: layer.outputShape }));
  }

  /**
   * Makes a model from `getConfig()` output. A functional config (tfjs-layers saves functional models as class
   * `Model`) makes a functional model; otherwise the class is constructed with the config (subclassed models whose
   * constructor takes their config).
   */
  static override fromConfig<T extends Layer>(
    this: new (
      args: any,
    ) => T,
    config: Record<string, unknown>,
  ): T {
    // biome-ignore lint/complexity/noThisInStatic: fromConfig is inherited; only Model itself reads functional configs.
    if ((this as unknown) === Model && Array.isArray(config.layers) && Array.isArray(config.inputLayers)) {
      return functionalFromConfig(config, (args) => new Model(args)) as unknown as T;
    }
    return new this(config);
  }

  /** @internal Keras's `_is_graph_network`: true for functional and Sequential models, whose configs list layers. */
  isGraphNetwork(): boolean {
    return false;
  }

  /** @internal Whether `summary()` can leave out the `Connected to` column. */
  summaryIsSequentialLike(): boolean {
    return true;
  }
}

// Keras names a subclassed model after its class (MnistModel → `mnist_model`, summary type `MnistModel`), and most
// subclasses never declare `className`. So a subclass without its own `static className` reports its JS class
// name. (Minifiers shorten class names: declare `static override readonly className` to save and load a model.)
Object.defineProperty(Model, 'className', {
  configurable: true,
  get(this: typeof Model): string {
    return this === Model ? 'Model' : this.name;
  },
  // A subclass's own `static className = ...` under [[Set]] semantics lands here: make it the subclass's own.
  set(this: typeof Model, value: string) {
    Object.defineProperty(this, 'className', {
      value,
      writable: false,
      configurable: true,
      enumerable: true,
    });
  },
});

registerLayer(Model);

function modelClassName(model: Model): string {
  return (model.constructor as typeof Model).className;
}

function isFunctionalClass(cls: unknown): boolean {
  for (let c = cls as { className?: string } | null; c; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, 'className') && (c as { className: string }).className === 'Functional') return true;
  }
  return false;
}

function assertCallOutput(model: Model, result: unknown): asserts result is tf.Tensor | tf.Tensor[] {
  const ok =
    result instanceof tf.Tensor ||
    (Array.isArray(result) && result.length > 0 && result.every((t) => t instanceof tf.Tensor));
  if (!ok) {
    const got =
      result === undefined
        ? 'undefined (is a `return` missing?)'
        : Array.isArray(result)
          ? `an array of ${result.length} items`
          : typeof result;
    throw new StrataError(
      `${model.describe()}: call() returned ${got}, not a Tensor or an array of Tensors. Return the output tensor(s) from call().`,
    );
  }
}

function checkShapeArgument(model: Model, shape: unknown): asserts shape is Shape | Shape[] {
  const valid = (s: unknown) =>
    Array.isArray(s) && s.every((d) => d === null || (Number.isInteger(d) && d >= 0));
  const ok =
    Array.isArray(shape) &&
    shape.length > 0 &&
    (valid(shape) || shape.every((s) => Array.isArray(s) && valid(s)));
  if (!ok) {
    throw new InvalidArgumentError(
      `${model.describe()}: build() needs the full input shape with the batch axis first, e.g. build([null, 28, 28]) ` +
        `(a list of shapes for several inputs: build([[null, 50], [null, 50]])); got ${JSON.stringify(shape) ?? String(shape)}.`,
    );
  }
}

export function formatShapeList(shape: Shape | Shape[]): string {
  return isShapeList(shape) ? shape.map(formatShapeCode).join(' and ') : formatShapeCode(shape);
}
