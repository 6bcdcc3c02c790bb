import * as tf from '@strata/core';
import {
  formatShapeCode,
  InvalidArgumentError,
  NotBuiltError,
  type Shape,
  ShapeMismatchError,
  StrataError,
} from '@strata/core';
import { currentCallContext, withCallContext } from './call-context.js';
import { type Constraint, type ConstraintIdentifier, getConstraint } from './constraints/index.js';
import { getInitializer, type InitializerIdentifier } from './initializers/index.js';
import type { InputSpec } from './input-spec.js';
import { toSnakeCase, uniqueLayerName } from './naming.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from './regularizers/index.js';
import { isSymbolic, SymbolicTensor } from './symbolic-tensor.js';
import { type TrackedChild, trackedChildren } from './tracking.js';

export interface LayerArgs {
  /** Unique default from the class name: `dense`, `dense_1`, ... */
  name?: string;
  /** Default: `true`. When false, the layer's weights (and its sub-layers') are not trained. */
  trainable?: boolean;
  /** Default: `'float32'`. */
  dtype?: tf.DataType;
  /** Shape of one sample (no batch axis); lets Sequential models build before seeing data. */
  inputShape?: Shape;
  /** Full input shape including the batch axis (`null` for any batch size). */
  batchInputShape?: Shape;
  /** Batch size to combine with `inputShape`. Default: `null` (any). */
  batchSize?: number | null;
}

/** Keyword arguments of `apply`/`call`. */
export interface CallArgs {
  /** Training mode (Dropout active, BatchNormalization uses batch statistics). Inherited from the outer call. */
  training?: boolean;
  mask?: tf.Tensor | tf.Tensor[] | null;
  [key: string]: unknown;
}

export interface AddWeightOptions {
  /** Default: `'glorotUniform'` for floats (Keras), `'zeros'` otherwise. */
  initializer?: InitializerIdentifier;
  regularizer?: RegularizerIdentifier;
  constraint?: ConstraintIdentifier;
  /** Default: `true`. */
  trainable?: boolean;
  /** Default: the layer's dtype. */
  dtype?: tf.DataType;
}

/** A weight and what the trainer and the saver need to know about it. */
export interface WeightInfo {
  /** Path from the layer this was asked of: `kernel`, `hidden/kernel`, `blocks/0/dense/bias`. */
  path: string;
  variable: tf.Variable;
  layer: Layer;
  trainable: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
}

interface OwnWeight {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
}

export type LayerInput = tf.Tensor | tf.Tensor[] | SymbolicTensor | SymbolicTensor[];
export type LayerOutput = tf.Tensor | tf.Tensor[];

// Fields of Layer itself that never hold sub-layers; skipped when scanning for tracked layers.
const internalKeys: ReadonlySet<string> = new Set(['build', 'losses']);

/**
 * The unit every model is made of. Subclasses create weights in `build(inputShape)` with `addWeight`, and write
 * the forward pass in `call(inputs, kwargs)`. Users call `apply(inputs)`, never `call`: `apply` builds on first
 * use, checks the input, runs `call` in a memory scope and passes `training` down to nested layers.
 *
 * @example
 * class Linear extends Layer {
 *   static override readonly className = 'Linear';
 *   w!: tf.Variable; b!: tf.Variable;
 *   constructor(readonly units = 32) { super(); }
 *   override build(inputShape: Shape) {
 *     this.w = this.addWeight('w', [inputShape.at(-1)!, this.units], { initializer: 'randomNormal' });
 *     this.b = this.addWeight('b', [this.units], { initializer: 'zeros' });
 *   }
 *   override call(x: tf.Tensor) { return tf.add(tf.matMul(x, this.w), this.b); }
 * }
 */
export class Layer {
  // Minifiers rename classes; serialization needs a stable name.
  static readonly className: string = 'Layer';

  readonly name: string;
  dtype: tf.DataType;
  /** Full shape of the first input, batch axis included, when given up front. */
  batchInputShape?: Shape;
  /** Checked on every `apply` after build; when unset, the input must match the build shape (batch axis free). */
  inputSpec?: InputSpec;
  /** True once `build` has run (even if a subclass's `build` does not call `super.build`). */
  built = false;
  /** Set by `dispose()`. */
  disposed = false;

  private _trainable: boolean;
  private readonly _ownWeights: OwnWeight[] = [];
  private _callLosses: tf.Tensor[] = [];
  private _buildInputShape?: Shape | Shape[];
  private _outputShape?: Shape | Shape[];

  constructor(args: LayerArgs = {}) {
    const cls = this.constructor as typeof Layer;
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '')) {
      throw new InvalidArgumentError(
        `${cls.className}: name must be a non-empty string, got ${String(args.name)}.`,
      );
    }
    this.name = args.name ?? uniqueLayerName(toSnakeCase(cls.className));
    this._trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];

    // Wrap the most-derived build() so that calling it, directly or through apply(), always marks the layer
    // built and records its input shape, whether or not the subclass calls super.build() (Keras does the same).
    const rawBuild = this.build;
    Object.defineProperty(this, 'build', {
      value: (inputShape: Shape | Shape[]) => this.runBuild(rawBuild, inputShape),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }

  /** Creates the layer's weights for inputs of this shape (batch axis `null`). Override it; call `apply` to use it. */
  build(_inputShape: Shape | Shape[]): void {}

  /** The forward pass. Override it; never call it yourself: `apply` does. */
  call(_inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor | tf.Tensor[] {
    throw new StrataError(
      `${this.describe()} has no call(). Override call(inputs, kwargs) in ${(this.constructor as typeof Layer).className} ` +
        'to define the forward pass, then use layer.apply(inputs).',
    );
  }

  /** Runs the raw build once and marks the layer built. Models extend this to trace their sub-layers. */
  protected runBuild(rawBuild: (shape: Shape | Shape[]) => void, inputShape: Shape | Shape[]): void {
    rawBuild.call(this, inputShape);
    this.built = true;
    this._buildInputShape = withUnknownBatch(inputShape);
  }

  /** `'dense_1' (Dense)`: how messages name a layer. */
  describe(): string {
    return `Layer '${this.name}' (${(this.constructor as typeof Layer).className})`;
  }

  // ---- use ------------------------------------------------------------------------------------------------

  /**
   * Applies the layer: builds it from the input's shape on first use, checks the input, runs `call` in a memory
   * scope (no intermediate tensor leaks) and records the output shape. On symbolic inputs (`Input()`) it returns
   * symbolic outputs with the inferred shape, for functional models.
   */
  apply(inputs: tf.Tensor, kwargs?: CallArgs): tf.Tensor;
  apply(inputs: SymbolicTensor, kwargs?: CallArgs): SymbolicTensor;
  apply(inputs: tf.Tensor[], kwargs?: CallArgs): tf.Tensor;
  apply(inputs: SymbolicTensor[], kwargs?: CallArgs): SymbolicTensor;
  apply(inputs: LayerInput, kwargs?: CallArgs): LayerOutput | SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInput, kwargs: CallArgs = {}): LayerOutput | SymbolicTensor | SymbolicTensor[] {
    if (this.disposed) throw new StrataError(`${this.describe()} was disposed; create a new layer.`);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length > 0 && list.every(isSymbolic))
      return this.applySymbolic(inputs as SymbolicTensor | SymbolicTensor[], kwargs);
    this.assertTensors(inputs);
    const shape = shapeOf(inputs as tf.Tensor | tf.Tensor[]);
    // build() sees the real shape (as in Keras), so its errors show the real batch size; the recorded build
    // shape keeps the batch axis free.
    if (!this.built) this.build(shape);
    this.assertInputCompatible(shape);

    const explicit = kwargs.training;
    const training = explicit !== undefined ? explicit : (currentCallContext()?.training ?? false);
    const callArgs: CallArgs = { ...kwargs, training };
    for (const t of this._callLosses) t.dispose();
    this._callLosses = [];

    const output = withCallContext({ training }, () =>
      tf.tidy(() => {
        const result = this.call(inputs as tf.Tensor | tf.Tensor[], callArgs);
        this.assertOutput(result);
        for (const penalty of this.weightPenalties()) this._callLosses.push(tf.keep(penalty));
        return result;
      }),
    );
    this._outputShape = withUnknownBatch(shapeOf(output));
    return output;
  }

  /** Adds a loss term (e.g. an activity penalty) from inside `call`; it is part of `losses` until the next call. */
  addLoss(loss: tf.Tensor): void {
    this._callLosses.push(tf.keep(loss));
  }

  /** Loss terms of the last call of this layer and its sub-layers: weight regularization and `addLoss` terms. */
  get losses(): tf.Tensor[] {
    return [...this._callLosses, ...this.layers.flatMap((l) => l.losses)];
  }

  /** Disposes the loss terms kept from the last call (the trainer does this after each step). */
  clearLosses(): void {
    for (const t of this._callLosses) t.dispose();
    this._callLosses = [];
    for (const l of this.layers) l.clearLosses();
  }

  /**
   * The output shape for an input shape, without data. Layers that do not override it run `call` once on zeros
   * of that shape (unknown dimensions as 1) and report the batch axis as unknown again.
   */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    if (!this.built) this.build(inputShape);
    const concrete = (s: Shape) => s.map((d) => d ?? 1);
    let shape: Shape | Shape[] = [];
    tf.tidy(() => {
      const dummy = isShapeList(inputShape)
        ? inputShape.map((s) => tf.zeros(concrete(s), this.dtype))
        : tf.zeros(concrete(inputShape), this.dtype);
      shape = shapeOf(withCallContext({ training: false }, () => this.call(dummy, { training: false })));
    });
    const batchUnknown = (isShapeList(inputShape) ? inputShape[0]![0] : inputShape[0]) === null;
    return batchUnknown ? withUnknownBatch(shape) : shape;
  }

  /** Output shape recorded by the last call (batch axis `null`), or `undefined` before any. */
  get outputShape(): Shape | Shape[] | undefined {
    return this._outputShape;
  }

  /** The input shape the layer was built for (batch axis `null`), or `undefined` before build. */
  get buildInputShape(): Shape | Shape[] | undefined {
    return this._buildInputShape;
  }

  /** Lets subclasses (e.g. models computing shapes symbolically) record the output shape. */
  protected setOutputShape(shape: Shape | Shape[]): void {
    this._outputShape = copyShape(shape);
  }

  // ---- weights --------------------------------------------------------------------------------------------

  /**
   * Creates a weight of this layer; call it from `build`. Regularizers add to `losses`, constraints run after
   * each optimizer step. Returns the variable, which `call` uses like any tensor.
   */
  addWeight(name: string, shape: number[], options: AddWeightOptions = {}): tf.Variable {
    if (this._ownWeights.some((w) => w.name === name)) {
      throw new InvalidArgumentError(
        `${this.describe()} already has a weight named '${name}'; give each weight its own name.`,
      );
    }
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new InvalidArgumentError(
        `${this.describe()}: weight '${name}' needs a fully known shape of non-negative integers, got ` +
          `${formatShapeCode(shape)}. Build the layer with a known input shape (only the batch axis may be null).`,
      );
    }
    const dtype = options.dtype ?? this.dtype;
    const initializer = getInitializer(
      options.initializer ?? (dtype === 'float32' ? 'glorotUniform' : 'zeros'),
    );
    const trainable = options.trainable ?? true;
    const variable = tf.tidy(() =>
      tf.variable(
        initializer.apply(shape, dtype),
        trainable && this._trainable,
        uniqueVariableName(`${this.name}/${name}`),
        dtype,
      ),
    );
    const weight: OwnWeight = { name, variable, trainable };
    if (options.regularizer !== undefined) weight.regularizer = getRegularizer(options.regularizer);
    if (options.constraint !== undefined) weight.constraint = getConstraint(options.constraint);
    this._ownWeights.push(weight);
    return variable;
  }

  /** Direct sub-layers held in fields (also in arrays and objects), in definition order, each once. */
  get layers(): Layer[] {
    return this.trackedLayers().map((c) => c.layer);
  }

  /** Direct sub-layers with their field paths (`hidden`, `blocks/0`). */
  trackedLayers(): TrackedChild<Layer>[] {
    return trackedChildren(this, isLayer, internalKeys);
  }

  /**
   * Every weight of this layer and its sub-layers with its path, each once. Order is stable: depth-first in
   * field order, a layer's own weights (in creation order) before its sub-layers'.
   */
  weightInfo(): WeightInfo[] {
    const result: WeightInfo[] = [];
    const seen = new Set<tf.Variable>();
    const walk = (layer: Layer, prefix: string, trainable: boolean) => {
      const layerTrainable = trainable && layer._trainable;
      for (const w of layer._ownWeights) {
        if (seen.has(w.variable)) continue;
        seen.add(w.variable);
        const info: WeightInfo = {
          path: prefix + w.name,
          variable: w.variable,
          layer,
          trainable: layerTrainable && w.trainable,
        };
        if (w.regularizer) info.regularizer = w.regularizer;
        if (w.constraint) info.constraint = w.constraint;
        result.push(info);
      }
      for (const child of layer.trackedLayers()) walk(child.layer, `${prefix}${child.path}/`, layerTrainable);
    };
    walk(this, '', true);
    return result;
  }

  /** All weights: trainable ones first, then non-trainable (as Keras lists them). */
  get weights(): tf.Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  get trainableWeights(): tf.Variable[] {
    return this.weightInfo()
      .filter((w) => w.trainable)
      .map((w) => w.variable);
  }

  get nonTrainableWeights(): tf.Variable[] {
    return this.weightInfo()
      .filter((w) => !w.trainable)
      .map((w) => w.variable);
  }

  /** Whether training updates this layer's weights. Setting it applies to every sub-layer too. */
  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(value: boolean) {
    this._trainable = value;
    for (const child of this.layers) child.trainable = value;
    for (const w of this._ownWeights) w.variable.trainable = value && w.trainable;
  }

  /** Number of scalars in all weights. Throws before the layer is built. */
  countParams(): number {
    if (!this.built) {
      throw new NotBuiltError(
        `${this.describe()} has not been built yet, so it has no weights to count. ` +
          'Call layer.build(inputShape) or apply it to data first.',
      );
    }
    return this.weightInfo().reduce((sum, w) => sum + w.variable.size, 0);
  }

  /** Copies of the weight values, in `weights` order. The caller owns (and disposes) them. */
  getWeights(): tf.Tensor[] {
    return this.weights.map((w) => w.clone());
  }

  /**
   * Sets weight values, in `weights` order. Every count and shape is checked before anything is assigned, so a
   * mismatch throws and changes nothing.
   */
  setWeights(values: tf.Tensor[]): void {
    const weights = this.weights;
    const paths = new Map(this.weightInfo().map((w) => [w.variable, w.path]));
    const expected = weights.map((w) => `${paths.get(w)} ${formatShapeCode(w.shape)}`).join(', ');
    if (!Array.isArray(values) || values.length !== weights.length) {
      throw new InvalidArgumentError(
        `${this.describe()}: setWeights expected ${weights.length} tensors (${expected || 'none'}), got ` +
          `${Array.isArray(values) ? values.length : typeof values}.${this.built ? '' : ' The layer is not built yet: apply it to data or call build(inputShape) first.'}`,
      );
    }
    values.forEach((value, i) => {
      const w = weights[i]!;
      if (!(value instanceof tf.Tensor) || !tf.util.arraysEqual(value.shape, w.shape)) {
        throw new ShapeMismatchError(
          `${this.describe()}: setWeights for weight '${paths.get(w)}'`,
          w.shape,
          value instanceof tf.Tensor ? value.shape : [],
          `Pass the tensors in the order of layer.weights (${expected}).`,
        );
      }
    });
    values.forEach((value, i) => {
      const w = weights[i]!;
      w.assign(value.dtype === w.dtype ? value : tf.cast(value, w.dtype));
    });
  }

  // ---- config and lifetime --------------------------------------------------------------------------------

  /** What the constructor needs to make an equal (unbuilt) layer; subclasses add their own arguments. */
  getConfig(): LayerArgs & Record<string, unknown> {
    const config: LayerArgs & Record<string, unknown> = {
      name: this.name,
      trainable: this.trainable,
      dtype: this.dtype,
    };
    if (this.batchInputShape) config.batchInputShape = [...this.batchInputShape];
    return config;
  }

  /** Makes a layer from `getConfig()` output. */
  static fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, unknown>): T {
    return new this(config);
  }

  /** Frees the layer's weights and those of its sub-layers. */
  dispose(): void {
    if (this.disposed) return;
    for (const t of this._callLosses) t.dispose();
    this._callLosses = [];
    for (const w of this._ownWeights) w.variable.dispose();
    for (const child of this.layers) child.dispose();
    this.disposed = true;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- checks ---------------------------------------------------------------------------------------------

  private weightPenalties(): tf.Tensor[] {
    return this._ownWeights.filter((w) => w.regularizer).map((w) => w.regularizer!.apply(w.variable));
  }

  private applySymbolic(
    inputs: SymbolicTensor | SymbolicTensor[],
    kwargs: CallArgs,
  ): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const shape = Array.isArray(inputs) ? list.map((t) => [...t.shape]) : [...list[0]!.shape];
    if (!this.built) this.build(shape);
    this.assertInputCompatible(shape);
    const outShape = this.computeOutputShape(shape);
    this._outputShape = copyShape(outShape);
    const callArgs = { ...kwargs };
    if (isShapeList(outShape)) {
      return outShape.map((s, i) => new SymbolicTensor(s, this.dtype, this, list, i, callArgs));
    }
    return new SymbolicTensor(outShape, this.dtype, this, list, 0, callArgs);
  }

  private assertTensors(inputs: unknown): void {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const bad = list.findIndex((x) => !(x instanceof tf.Tensor));
    if (list.length === 0 || bad >= 0) {
      const got =
        list.length === 0
          ? 'an empty array'
          : Array.isArray(inputs)
            ? `an array whose item ${bad} is ${describeValue(list[bad])}`
            : describeValue(inputs);
      throw new InvalidArgumentError(
        `${this.describe()} expects a Tensor (or an array of Tensors) as input, got ${got}. ` +
          'Convert your data with tf.tensor(...) first.',
      );
    }
    const disposed = list.findIndex((x) => (x as tf.Tensor).isDisposed);
    if (disposed >= 0) {
      throw new InvalidArgumentError(`${this.describe()} received a disposed tensor as input ${disposed}.`);
    }
  }

  private assertOutput(result: unknown): void {
    const ok =
      result instanceof tf.Tensor ||
      (Array.isArray(result) && result.length > 0 && result.every((t) => t instanceof tf.Tensor));
    if (!ok) {
      throw new StrataError(
        `${this.describe()}: call() returned ${describeValue(result)}, not a Tensor or an array of Tensors. ` +
          'Return the output tensor(s) from call().',
      );
    }
  }

  /** Throws a ShapeMismatchError naming this layer if `shape` cannot be an input of the built layer. */
  protected assertInputCompatible(shape: Shape | Shape[]): void {
    if (this.inputSpec && !isShapeList(shape)) {
      const problem = specProblem(this.inputSpec, shape);
      if (problem) throw new ShapeMismatchError(this.describe(), problem, shape, this.inputShapeHint(shape));
      return;
    }
    const built = this._buildInputShape;
    if (!built) return;
    const builtList = isShapeList(built) ? built : [built];
    const gotList = isShapeList(shape) ? shape : [shape];
    const compatible =
      builtList.length === gotList.length &&
      builtList.every(
        (b, i) =>
          b.length === gotList[i]!.length &&
          b.every(
            (d, axis) => axis === 0 || d === null || gotList[i]![axis] === null || d === gotList[i]![axis],
          ),
      );
    if (!compatible) {
      const expected = isShapeList(built) ? built.map(formatShapeCode).join(' and ') : formatShapeCode(built);
      throw new ShapeMismatchError(
        this.describe(),
        `an input of shape ${expected} (it was built for that shape on its first call)`,
        isShapeList(shape) ? shape.flat() : shape,
        this.inputShapeHint(shape) ||
          'A layer keeps the shape it was built for; use a separate layer instance for inputs of another shape.',
      );
    }
  }

  /** A layer-specific fix for a wrong input shape (e.g. Dense suggests a Flatten layer). */
  protected inputShapeHint(_received: Shape | Shape[]): string {
    return '';
  }
}

function specProblem(spec: InputSpec, shape: Shape): string | undefined {
  const rank = shape.length;
  if (spec.ndim !== undefined && rank !== spec.ndim) return `an input of rank ${spec.ndim}`;
  if (spec.minNdim !== undefined && rank < spec.minNdim) return `an input of rank ${spec.minNdim} or more`;
  if (spec.maxNdim !== undefined && rank > spec.maxNdim) return `an input of rank ${spec.maxNdim} or less`;
  for (const [axisText, size] of Object.entries(spec.axes ?? {})) {
    const axis = Number(axisText);
    const dim = shape[axis < 0 ? rank + axis : axis];
    if (dim !== null && dim !== undefined && dim !== size) {
      return axis === -1 ? `an input whose last axis is ${size}` : `an input whose axis ${axis} is ${size}`;
    }
  }
  return undefined;
}

const variableNames = new Set<string>();

// tfjs variable names are global and must be unique; two layers given the same name by the user still work.
function uniqueVariableName(base: string): string {
  const registered = (tf.engine() as unknown as { registeredVariables: Record<string, unknown> })
    .registeredVariables;
  let name = base;
  for (let i = 1; registered[name] !== undefined || variableNames.has(name); i++) name = `${base}_${i}`;
  variableNames.add(name);
  return name;
}

export function isLayer(value: unknown): value is Layer {
  return value instanceof Layer;
}

function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

function shapeOf(x: tf.Tensor | tf.Tensor[]): Shape | Shape[] {
  return Array.isArray(x) ? x.map((t) => [...t.shape]) : [...x.shape];
}

function withUnknownBatch(shape: Shape | Shape[]): Shape | Shape[] {
  if (isShapeList(shape)) return shape.map((s) => (s.length ? [null, ...s.slice(1)] : []));
  return shape.length ? [null, ...shape.slice(1)] : [];
}

function copyShape(shape: Shape | Shape[]): Shape | Shape[] {
  return isShapeList(shape) ? shape.map((s) => [...s]) : [...shape];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return typeof value;
}
