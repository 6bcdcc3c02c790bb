import * as tf from '@strata/core';
import { LoadError, type Shape, StrataError } from '@strata/core';
import { deserializeLayer, getLayerClass, Layer } from '@strata/layers';
import type { Model } from '../model.js';
import type { CompileArgs } from '../training/training-model.js';
import { fromPythonic, toPythonic } from './pythonic.js';
import {
  classNameOf,
  GENERATED_BY,
  MODEL_FILE,
  type SaveWeightsOptions,
  weightNamingOf,
} from './save-weights.js';
import {
  type FileOptions,
  loadArtifacts,
  loadHandler,
  type SaveTarget,
  saveArtifacts,
  saveHandler,
} from './targets.js';
import { isGraphNetwork } from './weight-names.js';
import {
  applyWeights,
  encodeModelWeights,
  LAYERS_FORMAT,
  type LoadWeightsOptions,
  requireBuilt,
} from './weights-io.js';

export type SaveModelOptions = SaveWeightsOptions;

export interface LoadModelOptions extends FileOptions {
  /** See `loadWeights`. Default `true`. */
  strict?: boolean;
  /**
   * Compile the loaded model with these options; then optimizer state saved with `includeOptimizer` is restored
   * too, so training resumes where it stopped. Default: the model is returned uncompiled.
   */
  compile?: CompileArgs;
}

/** What Strata adds to a model.json topology (tfjs-layers ignores it). */
interface StrataTopologyInfo {
  /** `'path'` for subclassed models; `'layer'` (tfjs-layers's naming) for Sequential/functional ones. */
  weight_names: 'path' | 'layer';
  /** Subclassed models keep their own config as is: user configs may hold strings the snake_case form would change. */
  config_case: 'snake_case' | 'camelCase';
  /** The input shape a subclassed model is built with after `fromConfig` (Keras 3's `build_config`). */
  build_input_shape?: Shape | Shape[];
}

/**
 * Saves the whole model (architecture and weights) in the tfjs Layers format: `model.json` (`modelTopology` in
 * Keras's snake_case form, `weightsManifest`) and `.bin` shards. Sequential and functional models saved this way
 * load in @tensorflow/tfjs-layers (`tf.loadLayersModel`), and `loadModel` reads what tfjs-layers saves.
 * A subclassed model can be saved whole when its class is registered (`registerLayer`) and implements `getConfig()`;
 * otherwise save its weights with `saveWeights`. Targets are as for `saveWeights`.
 *
 * @example
 * await saveModel(model, 'models/mnist');           // models/mnist/model.json + .bin
 * const copy = await loadModel('models/mnist');
 */
export async function saveModel(
  model: Model,
  target: SaveTarget,
  options: SaveModelOptions = {},
): Promise<tf.io.SaveResult> {
  requireBuilt(model, 'save');
  const graph = isGraphNetwork(model);
  if (!graph) checkSavableSubclass(model);
  const resolved = saveHandler(target, MODEL_FILE, options);
  const config = model.getConfig();
  const strata: StrataTopologyInfo = graph
    ? { weight_names: 'layer', config_case: 'snake_case' }
    : { weight_names: 'path', config_case: 'camelCase', build_input_shape: model.buildInputShape! };
  const modelTopology = {
    class_name: classNameOf(model),
    config: graph ? toPythonic(config) : JSON.parse(JSON.stringify(config)),
    keras_version: GENERATED_BY,
    backend: 'tensor_flow.js',
    strata,
  };
  const { weightSpecs, weightData } = await encodeModelWeights(
    model,
    strata.weight_names,
    options.includeOptimizer ?? false,
  );
  return saveArtifacts(resolved, {
    modelTopology,
    format: LAYERS_FORMAT,
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs,
    weightData,
  });
}

/**
 * Loads a model saved by `saveModel` or by tfjs-layers (`model.save`), or converted from Keras by the tfjs
 * converter: rebuilds it from its config (every layer class must be registered), then loads its weights, checked
 * as by `loadWeights`. On failure nothing is left behind: no half-made model, no tensors.
 *
 * @example const model = await loadModel('models/mnist'); // a directory with model.json, or 'indexeddb://mnist'
 */
export async function loadModel(source: SaveTarget, options: LoadModelOptions = {}): Promise<Model> {
  const resolved = loadHandler(source, [MODEL_FILE], options);
  const artifacts = await loadArtifacts(resolved);
  const { where } = resolved;
  const { serialized, naming, buildInputShape } = readTopology(artifacts, where);
  checkClassesRegistered(serialized, where);
  const model = construct(serialized, buildInputShape, where);
  try {
    if (options.compile) model.compile(options.compile);
    const weightOptions: LoadWeightsOptions = { strict: options.strict ?? true };
    await applyWeights(model, artifacts, naming, where, weightOptions);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

interface Serialized {
  className: string;
  config: Record<string, unknown>;
}

function readTopology(artifacts: tf.io.ModelArtifacts, where: string) {
  let topology = artifacts.modelTopology as Record<string, unknown> | ArrayBuffer | null | undefined;
  if (topology == null || topology instanceof ArrayBuffer) {
    throw new LoadError(
      `${where} holds no model topology, only weights. Make the model in code, then load them with ` +
        'model.loadWeights(source).',
    );
  }
  const weightsOnly = topology.weights_only as { class_name?: string } | undefined;
  if (weightsOnly !== undefined) {
    throw new LoadError(
      `${where} holds only the weights of a ${weightsOnly.class_name ?? 'model'} (saved with saveWeights). Make ` +
        'the model in code and call model.loadWeights(source), or save the whole model with model.save(target).',
    );
  }
  // The Keras converter nests the Keras model.json under model_config.
  if (typeof topology.model_config === 'object' && topology.model_config !== null) {
    topology = topology.model_config as Record<string, unknown>;
  }
  if (typeof topology.class_name !== 'string' || typeof topology.config !== 'object') {
    const graphModel = artifacts.format === 'graph-model' || 'node' in topology;
    throw new LoadError(
      graphModel
        ? `${where} is a TensorFlow graph model (format 'graph-model'), not a layers model. Strata loads Keras/` +
            'tfjs-layers models; run graph models with tf.loadGraphModel from @tensorflow/tfjs-converter.'
        : `${where} has no Keras model topology ({ class_name, config }); it was not written by saving a model.`,
    );
  }
  const strata = topology.strata as Partial<StrataTopologyInfo> | undefined;
  const config =
    strata?.config_case === 'camelCase'
      ? (topology.config as Record<string, unknown>)
      : (fromPythonic(topology.config) as Record<string, unknown>);
  return {
    serialized: { className: topology.class_name, config } as Serialized,
    naming: weightNamingOf(artifacts),
    buildInputShape: strata?.build_input_shape,
  };
}

// Every layer class is looked up before anything is made, so an unknown class fails before any weight exists.
function checkClassesRegistered(serialized: Serialized, where: string): void {
  const visit = (entry: { className?: unknown; config?: unknown }) => {
    if (typeof entry.className !== 'string') return;
    try {
      getLayerClass(entry.className);
    } catch {
      throw new LoadError(
        `Cannot load ${where}: it uses the layer class '${entry.className}', which is not registered. If ` +
          `${entry.className} is your own class, give it \`static override readonly className = ` +
          `'${entry.className}'\` and call registerLayer(${entry.className}) before loading. If it is a Keras or ` +
          'tfjs-layers layer, Strata does not have it yet.',
      );
    }
    const config = entry.config as { layers?: unknown; layer?: unknown } | undefined;
    if (Array.isArray(config?.layers)) for (const child of config.layers) visit(child as Serialized);
    if (typeof config?.layer === 'object' && config.layer !== null) visit(config.layer as Serialized);
  };
  visit(serialized);
}

/**
 * Makes the model from its config and builds it. This is synchronous, so the variables registered meanwhile are
 * all its own: if it throws halfway, they are disposed and nothing is left behind.
 */
function construct(
  serialized: Serialized,
  buildInputShape: Shape | Shape[] | undefined,
  where: string,
): Model {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let layer: Layer | undefined;
  try {
    layer = deserializeLayer(serialized);
    if (!isModel(layer)) {
      throw new LoadError(
        `${where} holds a ${serialized.className} layer, not a model. Load it with deserializeLayer(), or wrap the ` +
          'layer in a Sequential model before saving.',
      );
    }
    if (!layer.built) {
      if (buildInputShape === undefined) {
        throw new LoadError(
          `${where}: the model ${serialized.className} was saved without an input shape, so its weights cannot ` +
            'be made. Save it again after building it (model.build([null, ...]) or one call on data).',
        );
      }
      layer.build(buildInputShape);
    }
    return layer;
  } catch (error) {
    layer?.dispose();
    const registered = tf.engine().registeredVariables;
    for (const name of Object.keys(registered)) if (!before.has(name)) registered[name]!.dispose();
    if (StrataError.isInstance(error)) throw error;
    throw new LoadError(
      `Cannot rebuild the model of ${where} from its config: ${(error as Error).message}. The config may come from ` +
        'a different version of the layer classes.',
    );
  }
}

function isModel(layer: Layer): layer is Model {
  return (
    typeof (layer as Partial<Model>).compile === 'function' &&
    typeof (layer as Partial<Model>).isGraphNetwork === 'function'
  );
}

function checkSavableSubclass(model: Model): void {
  const cls = model.constructor as typeof Layer;
  const className = cls.className;
  let registered = false;
  try {
    registered = getLayerClass(className) === (cls as unknown);
  } catch {}
  // getConfig implemented below Layer (Model itself adds nothing to Layer's name/trainable/dtype).
  let owner: unknown;
  for (let proto = cls.prototype; proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, 'getConfig')) {
      owner = proto.constructor;
      break;
    }
  }
  const hasConfig = owner !== Layer;
  if (registered && hasConfig) return;
  const reasons = [
    ...(registered ? [] : [`its class is not registered (registerLayer(${className}))`]),
    ...(hasConfig ? [] : ['it does not implement getConfig() (the constructor arguments to make it again)']),
  ];
  throw new StrataError(
    `${model.describe()} cannot be saved whole: ${reasons.join(' and ')}. Either save its weights with ` +
      'model.saveWeights(path) and make the model in code before model.loadWeights(path), or make the class ' +
      `loadable: give it \`static override readonly className = '${className}'\`, a getConfig() returning its ` +
      `constructor arguments ({ ...super.getConfig(), ... }), and call registerLayer(${className}).`,
  );
}
