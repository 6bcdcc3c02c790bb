import { formatShapeCode, InvalidArgumentError, StrataError } from '@strata/core';
import type { CallArgs, Layer, SymbolicTensor } from '@strata/layers';
import { InputLayer } from '../input.js';

/** One call of a layer in a functional model: what it took and which of its outputs the model uses. */
export interface GraphNode {
  /** Creation order of the call (Input() and layer.apply(symbolic) number their tensors as they go). */
  readonly id: number;
  readonly layer: Layer;
  readonly inputs: readonly SymbolicTensor[];
  /** The outputs of this call that the model uses, each knowing its `outputIndex`. */
  readonly outputs: SymbolicTensor[];
  /** Keyword arguments of the call, replayed when the model runs (e.g. an explicit `training`). */
  readonly callArgs: CallArgs;
  /** Distance from the model outputs: inputs are deepest. */
  depth: number;
  /** Which call of its layer this is, among the calls inside this model (0, 1, ... for shared layers). */
  index: number;
}

/** A functional model's graph, from its inputs to its outputs. */
export interface Graph {
  /** Every call in an order that runs each after its inputs: by depth (deepest first), then creation order. */
  readonly nodes: GraphNode[];
  /** Every layer once, in the order of its first call (InputLayers included). */
  readonly layers: Layer[];
  readonly nodeOf: (tensor: SymbolicTensor) => GraphNode;
  /** A layer's calls in this model, by `index`. */
  readonly nodesOf: (layer: Layer) => GraphNode[];
}

/**
 * Walks back from `outputs` through the layer calls that made them, to `inputs`. Throws when an output depends on
 * a tensor that is not one of `inputs` (the graph is disconnected), when an input is not from `Input()`, or when
 * two different layers share a name.
 */
export function buildGraph(where: string, inputs: SymbolicTensor[], outputs: SymbolicTensor[]): Graph {
  const inputSet = new Set<SymbolicTensor>();
  inputs.forEach((input, i) => {
    if (!(input.sourceLayer instanceof InputLayer) || input.inputs.length > 0) {
      throw new InvalidArgumentError(
        `${where}: inputs[${i}] is ${input.toString()}, the output of a layer; model inputs must come from Input(), ` +
          `e.g. const x = Input({ shape: ${formatShapeCode(input.shape.slice(1))} }).`,
      );
    }
    if (inputSet.has(input)) {
      throw new InvalidArgumentError(
        `${where}: Input '${input.sourceLayer.name}' is listed twice in inputs; list each input once.`,
      );
    }
    inputSet.add(input);
  });

  // Outputs of one layer call share one callArgs object: it identifies the call.
  const byCall = new Map<object, GraphNode>();
  const order: GraphNode[] = [];
  const nodeFor = (tensor: SymbolicTensor): GraphNode | undefined => byCall.get(tensor.callArgs);

  const visit = (tensor: SymbolicTensor, consumer: string) => {
    let node = nodeFor(tensor);
    if (!node) {
      if (tensor.inputs.length === 0 && !inputSet.has(tensor)) {
        throw new StrataError(
          `${where}: the graph is disconnected. ${consumer} uses ${tensor.toString()}, which is not one of the model's ` +
            `inputs (${inputs.map((t) => `'${t.sourceLayer.name}'`).join(', ') || 'none'}). Add it to inputs: ` +
            'new Model({ inputs: [...], outputs }).',
        );
      }
      node = {
        id: tensor.id,
        layer: tensor.sourceLayer,
        inputs: tensor.inputs,
        outputs: [],
        callArgs: tensor.callArgs,
        depth: 0,
        index: 0,
      };
      byCall.set(tensor.callArgs, node);
      // Inputs are leaves even when they came from a layer call: the model starts there.
      if (!inputSet.has(tensor))
        for (const inbound of tensor.inputs) visit(inbound, tensor.sourceLayer.describe());
      order.push(node);
    }
    if (!node.outputs.includes(tensor)) node.outputs.push(tensor);
  };
  for (const input of inputs) visit(input, 'the model');
  for (const [i, output] of outputs.entries()) visit(output, `outputs[${i}]`);

  // Depth, as Keras: outputs are 0, a call's inputs are at least one deeper than the call. `order` has producers
  // before consumers, so walking it backwards sees every consumer before its producers.
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    if (inputSet.has(node.outputs[0]!)) continue;
    for (const inbound of node.inputs) {
      const producer = nodeFor(inbound)!;
      producer.depth = Math.max(producer.depth, node.depth + 1);
    }
  }
  const nodes = [...order].sort((a, b) => b.depth - a.depth || a.id - b.id);

  const layers: Layer[] = [];
  const calls = new Map<Layer, GraphNode[]>();
  for (const node of nodes) {
    const list = calls.get(node.layer);
    if (list) list.push(node);
    else {
      calls.set(node.layer, [node]);
      layers.push(node.layer);
    }
  }
  for (const list of calls.values()) {
    list.sort((a, b) => a.id - b.id);
    list.forEach((node, i) => {
      node.index = i;
    });
  }
  const names = new Map<string, Layer>();
  for (const layer of layers) {
    const other = names.get(layer.name);
    if (other) {
      throw new InvalidArgumentError(
        `${where}: two layers are named '${layer.name}' (${other.describe()} and ${layer.describe()}). Layer names in a ` +
          'model must be unique (saving finds weights by name): pass a distinct name, e.g. { name: ' +
          `'${layer.name}_2' }.`,
      );
    }
    names.set(layer.name, layer);
  }

  return {
    nodes,
    layers,
    nodeOf: (tensor) => {
      const node = nodeFor(tensor);
      if (!node) throw new StrataError(`${where}: ${tensor.toString()} is not part of this model.`);
      return node;
    },
    nodesOf: (layer) => calls.get(layer) ?? [],
  };
}
