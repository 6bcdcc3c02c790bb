import { LoadError } from '@strata/core';
import { deserializeLayer, type Layer, type SymbolicTensor } from '@strata/layers';
import { InputLayer } from '../input.js';
import type { FunctionalModelArgs, Model } from '../model.js';
import type { Graph } from './graph.js';

/** `[layerName, nodeIndex, tensorIndex, kwargs]`: one input of a layer call, as Keras 2 and tfjs-layers save it. */
export type InboundRef = [string, number, number, Record<string, unknown>];
/** `[layerName, nodeIndex, tensorIndex]`: a model input or output. */
export type TensorRef = [string, number, number];

export interface FunctionalLayerConfig {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** One list per call of the layer inside the model, each listing that call's inputs. */
  inboundNodes: InboundRef[][];
}

/** tfjs-layers's (and Keras 2's) functional model config, in tfjs's camelCase form. */
export interface FunctionalConfig {
  name: string;
  trainable?: boolean;
  layers: FunctionalLayerConfig[];
  inputLayers: TensorRef[];
  outputLayers: TensorRef[];
}

interface GraphModel extends Model {
  readonly graph: Graph;
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
}

// In Keras 2 and tfjs-layers a nested functional or Sequential model has a node of its own (linking its inputs to
// its outputs) before any call, so its calls in the outer model are numbered from 1 in configs. Our graphs number
// calls from 0; configs shift them for those layers, and loading shifts them back.
function firstNodeOffset(layer: Layer): number {
  const model = layer as Partial<Model>;
  return typeof model.isGraphNetwork === 'function' && model.isGraphNetwork() ? 1 : 0;
}

export function functionalConfig(model: GraphModel): FunctionalConfig & Record<string, unknown> {
  const { graph } = model;
  const ref = (t: SymbolicTensor): TensorRef => [
    t.sourceLayer.name,
    graph.nodeOf(t).index + firstNodeOffset(t.sourceLayer),
    t.outputIndex,
  ];
  const layers = graph.layers.map((layer): FunctionalLayerConfig => {
    const inboundNodes = graph
      .nodesOf(layer)
      .filter((node) => node.inputs.length > 0)
      .map((node) => {
        const kwargs = serializableKwargs(node.callArgs);
        return node.inputs.map((t): InboundRef => [...ref(t), kwargs]);
      });
    return {
      name: layer.name,
      className: (layer.constructor as typeof Layer).className,
      config: layer.getConfig() as Record<string, unknown>,
      inboundNodes,
    };
  });
  const config: FunctionalConfig & Record<string, unknown> = {
    name: model.name,
    layers,
    inputLayers: model.inputs.map(ref),
    outputLayers: model.outputs.map(ref),
  };
  if (!model.trainable) config.trainable = false;
  return config;
}

// Keyword arguments that survive JSON (e.g. `training: true`); tensors such as masks cannot be saved.
function serializableKwargs(callArgs: Record<string, unknown>): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(callArgs)) {
    if (value === null || ['boolean', 'number', 'string'].includes(typeof value)) kwargs[key] = value;
  }
  return kwargs;
}

/**
 * Rebuilds the layers of a functional config and replays their calls on symbolic tensors (a call waits until the
 * calls it takes inputs from have been replayed), then makes the model with `make`.
 */
export function functionalFromConfig(
  config: Record<string, unknown>,
  make: (args: FunctionalModelArgs) => Model,
): Model {
  const {
    layers: layerConfigs,
    inputLayers,
    outputLayers,
    name,
    trainable,
  } = config as Partial<FunctionalConfig>;
  if (!Array.isArray(layerConfigs) || !Array.isArray(inputLayers) || !Array.isArray(outputLayers)) {
    throw new LoadError(
      `Functional.fromConfig: the config needs 'layers', 'inputLayers' and 'outputLayers' lists (keys: ` +
        `${Object.keys(config ?? {}).join(', ') || 'none'}). Pass what model.getConfig() returned.`,
    );
  }
  const layers = new Map<string, Layer>();
  const calls = new Map<string, SymbolicTensor[][]>();
  const pending: { name: string; nodes: InboundRef[][] }[] = [];
  for (const entry of layerConfigs) {
    const layer = deserializeLayer({ className: entry.className, config: entry.config });
    const layerName = entry.name ?? layer.name;
    layers.set(layerName, layer);
    calls.set(layerName, layer instanceof InputLayer ? [[layer.output]] : []);
    pending.push({ name: layerName, nodes: [...(entry.inboundNodes ?? [])] });
  }
  const lookup = (ref: readonly unknown[], where: string): SymbolicTensor | undefined => {
    const [layerName, nodeIndex, tensorIndex] = ref as [string, number, number];
    const layer = layers.get(layerName);
    if (!layer) {
      throw new LoadError(
        `Functional.fromConfig: ${where} refers to layer '${layerName}', which is not in the config's layers ` +
          `(${[...layers.keys()].join(', ')}).`,
      );
    }
    return calls.get(layerName)![nodeIndex - firstNodeOffset(layer)]?.[tensorIndex ?? 0];
  };

  let progress = true;
  while (progress && pending.some((p) => p.nodes.length > 0)) {
    progress = false;
    for (const p of pending) {
      const layer = layers.get(p.name)!;
      while (p.nodes.length > 0) {
        const refs = p.nodes[0]!;
        const inputs = refs.map((ref) => lookup(ref, `layer '${p.name}'`));
        if (inputs.some((t) => t === undefined)) break; // its inputs are not made yet: retry after the others
        const kwargs = (refs[0]?.[3] as Record<string, unknown> | undefined) ?? {};
        const output = layer.apply(inputs.length === 1 ? inputs[0]! : (inputs as SymbolicTensor[]), kwargs) as
          | SymbolicTensor
          | SymbolicTensor[];
        calls.get(p.name)!.push(Array.isArray(output) ? output : [output]);
        p.nodes.shift();
        progress = true;
      }
    }
  }
  const stuck = pending.find((p) => p.nodes.length > 0);
  if (stuck) {
    throw new LoadError(
      `Functional.fromConfig: cannot replay the calls of layer '${stuck.name}': its inputs ` +
        `${JSON.stringify(stuck.nodes[0]!.map((r) => r.slice(0, 3)))} are never produced. The config is incomplete or cyclic.`,
    );
  }
  const resolve = (refs: unknown[], what: string) =>
    refs.map((ref, i) => {
      const tensor = lookup(ref as unknown[], `${what}[${i}]`);
      if (!tensor)
        throw new LoadError(
          `Functional.fromConfig: ${what}[${i}] ${JSON.stringify(ref)} is not produced by any layer call.`,
        );
      return tensor;
    });
  const inputs = resolve(inputLayers, 'inputLayers');
  const outputs = resolve(outputLayers, 'outputLayers');
  const args: FunctionalModelArgs = {
    inputs: inputs.length === 1 ? inputs[0]! : inputs,
    outputs: outputs.length === 1 ? outputs[0]! : outputs,
  };
  if (typeof name === 'string') args.name = name;
  const model = make(args);
  if (trainable === false) model.trainable = false;
  return model;
}
