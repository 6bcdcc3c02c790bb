import type * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import {
  type CallArgs,
  isSymbolic,
  type Layer,
  registerLayer,
  type SymbolicTensor,
  type TrackedChild,
} from '@strata/layers';
import { type FunctionalModelArgs, Model, setFunctionalFactory } from '../model.js';
import { isShapeList } from '../model-shapes.js';
import type { SummaryEntry } from '../summary/summary.js';
import { type FunctionalConfig, functionalConfig, functionalFromConfig } from './functional-config.js';
import { buildGraph, type Graph } from './graph.js';
import { runGraph } from './run-graph.js';

/**
 * A model defined by a graph of layer calls from `Input()`s to outputs; what `new Model({ inputs, outputs })`
 * returns. It is built at once (every shape is known), can be used as a layer (also inside subclassed models), and
 * runs its layers in graph order, freeing intermediates as it goes.
 *
 * @example
 * const inputs = Input({ shape: [28, 28] });
 * const outputs = new Dense({ units: 10, activation: 'softmax' }).apply(new Flatten().apply(inputs));
 * const model = new Model({ inputs, outputs });
 */
export class Functional extends Model {
  static override readonly className = 'Functional';
  /** The model's inputs, in the order `apply` takes them. */
  readonly inputs: readonly SymbolicTensor[];
  /** The model's outputs, in the order `apply` returns them. */
  readonly outputs: readonly SymbolicTensor[];
  readonly #graph: Graph;
  // Whether inputs/outputs were given as one tensor (then apply takes/returns one) or as an array.
  readonly #singleInput: boolean;
  readonly #singleOutput: boolean;

  constructor(args: FunctionalModelArgs) {
    super({
      ...(args.name !== undefined && { name: args.name }),
      ...(args.trainable !== undefined && { trainable: args.trainable }),
    });
    const inputs = checkSymbolic(this, 'inputs', args.inputs);
    const outputs = checkSymbolic(this, 'outputs', args.outputs);
    this.#graph = buildGraph(this.describe(), inputs, outputs);
    this.inputs = Object.freeze(inputs);
    this.outputs = Object.freeze(outputs);
    this.#singleInput = !Array.isArray(args.inputs);
    this.#singleOutput = !Array.isArray(args.outputs);
    this.markBuilt(this.#singleInput ? [...inputs[0]!.shape] : inputs.map((t) => [...t.shape]));
    this.setOutputShape(this.#singleOutput ? [...outputs[0]!.shape] : outputs.map((t) => [...t.shape]));
  }

  /** Names of the input layers, in input order (data given as an object is ordered by them). */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  /** Names of the layers making the outputs, in output order (losses and metrics given per output use them). */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.sourceLayer.name);
  }

  /** Every layer of the graph once, in graph order (InputLayers included, as Keras lists them). */
  override trackedLayers(): TrackedChild<Layer>[] {
    return this.#graph.layers.map((layer) => ({ path: layer.name, layer }));
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor | tf.Tensor[] {
    const values = Array.isArray(inputs) ? inputs : [inputs];
    const results = runGraph(this.#graph, this.inputs, this.outputs, values);
    return this.#singleOutput ? results[0]! : results;
  }

  protected override tracesCall(): boolean {
    return false;
  }

  /** The outputs' shapes for inputs of `inputShape` (checked against the model's inputs; batch axis carried over). */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    this.assertInputCompatible(inputShape);
    const batch = (isShapeList(inputShape) ? inputShape[0]?.[0] : inputShape[0]) ?? null;
    const shapes = this.outputs.map((t) => [batch, ...t.shape.slice(1)]);
    return this.#singleOutput ? shapes[0]! : shapes;
  }

  protected override assertInputCompatible(shape: Shape | Shape[]): void {
    const received = isShapeList(shape) ? shape : [shape];
    if (received.length !== this.inputs.length) {
      throw new InvalidArgumentError(
        `${this.describe()} takes ${this.inputs.length} input(s) (${this.describeInputs()}), got ${received.length}. ` +
          (this.inputs.length > 1
            ? `Pass an array of ${this.inputs.length} tensors in this order.`
            : 'Pass one tensor.'),
      );
    }
    this.inputs.forEach((input, i) => {
      const got = received[i]!;
      const fits =
        got.length === input.shape.length &&
        input.shape.every((d, axis) => axis === 0 || d === null || got[axis] === null || d === got[axis]);
      if (!fits) {
        throw new ShapeMismatchError(
          `${this.describe()}: input '${input.sourceLayer.name}'`,
          input.shape,
          got,
          `The model was made for inputs of shape ${formatShapeCode(input.shape)} (Input({ shape: ` +
            `${formatShapeCode(input.shape.slice(1))} })); reshape the data, or make a model for this shape.`,
        );
      }
    });
  }

  private describeInputs(): string {
    return this.inputs.map((t) => `'${t.sourceLayer.name}' ${formatShapeCode(t.shape)}`).join(', ');
  }

  /** @internal Rows of summary(): each layer with the output shape of its last call and its inbound connections. */
  override summaryEntries(): SummaryEntry[] {
    return this.#graph.layers.map((layer) => {
      const calls = this.#graph.nodesOf(layer);
      const last = calls.at(-1)!;
      const outs = [...last.outputs].sort((a, b) => a.outputIndex - b.outputIndex);
      const single =
        outs.length === 1 &&
        outs[0]!.outputIndex === 0 &&
        !(layer.outputShape && isShapeList(layer.outputShape));
      const connections = calls.flatMap((node) =>
        node.inputs.map((t) => `${t.sourceLayer.name}[${this.#graph.nodeOf(t).index}][${t.outputIndex}]`),
      );
      return { layer, outputShape: single ? [...outs[0]!.shape] : layer.outputShape, connections };
    });
  }

  /** @internal A chain (one call per depth, one input per call, no shared layer) needs no `Connected to` column. */
  override summaryIsSequentialLike(): boolean {
    const perDepth = new Map<number, number>();
    for (const node of this.#graph.nodes) {
      if (node.inputs.length > 1) return false;
      perDepth.set(node.depth, (perDepth.get(node.depth) ?? 0) + 1);
    }
    if ([...perDepth.values()].some((n) => n > 1)) return false;
    return this.#graph.layers.every((layer) => this.#graph.nodesOf(layer).length === 1);
  }

  /** @internal Keras's `_is_graph_network`: configs count this model's own node first (see functional-config.ts). */
  override isGraphNetwork(): boolean {
    return true;
  }

  /** @internal The graph, for serialization. */
  get graph(): Graph {
    return this.#graph;
  }

  /**
   * The tfjs-layers/Keras functional config: `{ name, layers: [{ name, className, config, inboundNodes }],
   * inputLayers, outputLayers }`, which `Functional.fromConfig` and tfjs-layers's `modelFromJSON` rebuild.
   */
  override getConfig(): FunctionalConfig & Record<string, unknown> {
    return functionalConfig(this);
  }

  /** Rebuilds a functional model from `getConfig()` output (or a tfjs-layers/Keras 2 functional config). */
  static override fromConfig<T extends Layer>(
    this: new (
      args: any,
    ) => T,
    config: Record<string, unknown>,
  ): T {
    return functionalFromConfig(config, (args) => new Functional(args)) as unknown as T;
  }

  /** Whether a model input came as one tensor or an array (for configs and callers). */
  get singleInput(): boolean {
    return this.#singleInput;
  }

  get singleOutput(): boolean {
    return this.#singleOutput;
  }
}

registerLayer(Functional);
setFunctionalFactory((args) => new Functional(args));

function checkSymbolic(model: Model, what: 'inputs' | 'outputs', value: unknown): SymbolicTensor[] {
  const list = Array.isArray(value) ? value : [value];
  const bad = list.findIndex((t) => !isSymbolic(t));
  if (list.length === 0 || bad >= 0) {
    const got = list.length === 0 ? 'an empty list' : describeValue(list[bad]);
    throw new InvalidArgumentError(
      `${model.describe()}: ${what} must be ${what === 'inputs' ? 'what Input() returned' : 'symbolic tensors from layers applied to the inputs'} ` +
        `(one, or an array), got ${got}. Example: const inputs = Input({ shape: [784] }); const outputs = ` +
        'new Dense({ units: 10 }).apply(inputs); new Model({ inputs, outputs }).',
    );
  }
  return list as SymbolicTensor[];
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return typeof value;
}
