import type * as tf from '@strata/core';
import type { Layer } from '@strata/layers';
import {
  type FileOptions,
  loadArtifacts,
  loadHandler,
  type SaveTarget,
  saveArtifacts,
  saveHandler,
} from './targets.js';
import type { WeightNaming } from './weight-names.js';
import {
  applyWeights,
  encodeModelWeights,
  type LoadWeightsOptions,
  type LoadWeightsResult,
  requireBuilt,
  WEIGHTS_FORMAT,
} from './weights-io.js';

/** The JSON file a directory gets from `saveWeights` (next to its `.bin` shards). */
export const WEIGHTS_FILE = 'weights.json';
/** The JSON file a directory gets from `saveModel` (tfjs-layers's name). */
export const MODEL_FILE = 'model.json';
/** `generatedBy` of every file Strata writes. */
export const GENERATED_BY = '@strata/models';

export interface SaveWeightsOptions extends FileOptions {
  /** Also save the optimizer's state (iterations, slots such as Adam's moments), to resume training. Default: `false`. */
  includeOptimizer?: boolean;
}

/**
 * Saves the model's weights, each named by its path in the model (`hidden/kernel`), in tfjs's format: a JSON file
 * with a weights manifest (`weights.json`) and binary `.bin` shards. Works for every model, subclassed included.
 * In Node, a path is a directory, written atomically (a failed save leaves the previous one intact); in the browser,
 * use `'indexeddb://name'`, `'localstorage://name'`, `'downloads://name'` or any tf.io IOHandler.
 *
 * @example
 * await saveWeights(model, 'checkpoints/mnist');      // checkpoints/mnist/weights.json + .bin
 * await loadWeights(sameArchitecture, 'checkpoints/mnist');
 */
export async function saveWeights(
  model: Layer,
  target: SaveTarget,
  options: SaveWeightsOptions = {},
): Promise<tf.io.SaveResult> {
  requireBuilt(model, 'save');
  const resolved = saveHandler(target, WEIGHTS_FILE, options);
  const { weightSpecs, weightData } = await encodeModelWeights(
    model,
    'path',
    options.includeOptimizer ?? false,
  );
  return saveArtifacts(resolved, {
    // Not a model topology: it only says what was saved. (tf.io's localstorage handler needs a topology object.)
    modelTopology: { weights_only: { class_name: classNameOf(model), name: model.name } },
    format: WEIGHTS_FORMAT,
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs,
    weightData,
  });
}

/**
 * Loads weights into a built model, matching them by name. Every name and shape is checked first: if one weight is
 * missing, unexpected or of another shape, it throws a LoadError listing them (with shapes) and changes nothing.
 * Reads files from `saveWeights` (`weights.json`) and whole-model saves (`model.json`, also tfjs-layers's).
 *
 * @example await loadWeights(model, 'checkpoints/mnist'); // after model.build([null, 28, 28])
 */
export async function loadWeights(
  model: Layer,
  source: SaveTarget,
  options: LoadWeightsOptions & FileOptions = {},
): Promise<LoadWeightsResult> {
  requireBuilt(model, 'load');
  const resolved = loadHandler(source, [WEIGHTS_FILE, MODEL_FILE], options);
  const artifacts = await loadArtifacts(resolved);
  return applyWeights(model, artifacts, weightNamingOf(artifacts), resolved.where, options);
}

/**
 * How a file names its weights: by path (`saveWeights`, and whole saves of subclassed models, which say so in their
 * topology), or by layer (tfjs-layers's naming: its own saves and ours of Sequential/functional models).
 */
export function weightNamingOf(artifacts: tf.io.ModelArtifacts): WeightNaming {
  if (artifacts.format === WEIGHTS_FORMAT) return 'path';
  const topology = artifacts.modelTopology as { strata?: { weight_names?: string } } | undefined;
  if (topology?.strata?.weight_names === 'path') return 'path';
  // 'layers-model', and files without a format (older tfjs, the Keras converter): tfjs-layers's naming.
  return 'layer';
}

/** The class name saved for a model: its `static className` (Model subclasses without one report their JS name). */
export function classNameOf(model: Layer): string {
  return (model.constructor as typeof Layer).className;
}
