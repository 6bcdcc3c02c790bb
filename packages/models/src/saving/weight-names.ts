import type * as tf from '@strata/core';
import { StrataError } from '@strata/core';
import type { Layer } from '@strata/layers';

/**
 * How a file names a model's weights.
 *
 * - `'path'`: the weight's path in the model (`weightInfo()`): the field path of the sub-layer, then the weight
 *   name: `hidden/kernel`, `blocks/0/dense/bias`. Stable for subclassed models (it comes from the code), and for
 *   Sequential/functional models it is `<layer name>/<weight>`. `saveWeights` writes these.
 * - `'layer'`: tfjs-layers's naming, `<layer name>/<weight>` of the innermost layer that is not a Sequential or
 *   functional model (`dense_Dense1/kernel` is what tfjs-layers writes for its default layer names). A layer
 *   nested in a Sequential inside a functional model is named by itself alone, as tfjs-layers does. Whole-model
 *   saves of Sequential/functional models write these, so tfjs-layers's `loadLayersModel` finds its variables.
 */
export type WeightNaming = 'path' | 'layer';

/** A variable of the model and the name it has in a file. */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/**
 * The model's weights in `model.weights` order (trainable first, as Keras and tfjs-layers write them), each with
 * its name under `naming`. Throws if two weights would get the same name (possible only with `'layer'` naming,
 * when layers in nested models share a name).
 */
export function namedWeights(model: Layer, naming: WeightNaming): NamedVariable[] {
  const names = naming === 'path' ? pathNames(model) : layerNames(model);
  const result = model.weights.map((variable) => ({ name: names.get(variable) ?? variable.name, variable }));
  const seen = new Map<string, NamedVariable>();
  for (const entry of result) {
    if (seen.has(entry.name)) {
      throw new StrataError(
        `${model.describe()}: two weights would both be saved as '${entry.name}' (tfjs-layers names a weight ` +
          "after its layer, and two layers in nested models share that layer's name). Give the layers unique " +
          'names (the `name` argument), or save with saveWeights(), which names weights by their path in the model.',
      );
    }
    seen.set(entry.name, entry);
  }
  return result;
}

function pathNames(model: Layer): Map<tf.Variable, string> {
  return new Map(model.weightInfo().map((w) => [w.variable, w.path]));
}

function layerNames(model: Layer): Map<tf.Variable, string> {
  const names = new Map<tf.Variable, string>();
  const walk = (layer: Layer) => {
    if (isGraphNetwork(layer)) {
      for (const child of layer.trackedLayers()) walk(child.layer);
      return;
    }
    for (const w of layer.weightInfo()) {
      if (!names.has(w.variable)) names.set(w.variable, `${layer.name}/${w.path}`);
    }
  };
  walk(model);
  return names;
}

/** Sequential and functional models (Keras's `_is_graph_network`); tfjs-layers names their layers' weights alone. */
export function isGraphNetwork(layer: Layer): boolean {
  const candidate = layer as Layer & { isGraphNetwork?: () => boolean };
  return typeof candidate.isGraphNetwork === 'function' && candidate.isGraphNetwork();
}

/** A weight entry of a file (a tfjs weights-manifest entry). */
export interface FileWeight {
  name: string;
  shape: number[];
  dtype: string;
  /** Position in the file's weight specs. */
  index: number;
}

export interface WeightMatch {
  target: NamedVariable;
  source: FileWeight;
}

/** How the file's weights pair with the model's. */
export interface MatchResult {
  /** Same name (or tfjs-layers's shortened name), same shape. */
  matches: WeightMatch[];
  /** In the model, not in the file. */
  missing: NamedVariable[];
  /** In the file, not in the model. */
  unexpected: FileWeight[];
  /** Same name, another shape. */
  mismatched: WeightMatch[];
}

/**
 * Pairs file weights with model weights by name. With `'layer'` naming a name that is not found is retried in
 * tfjs-layers's shortened form (`lstm/lstm_cell/kernel` → `lstm/kernel`, dropping the next-to-last part), which is
 * how tfjs-layers reads weights converted from Keras whose cells or sub-layers add a level.
 */
export function matchWeights(
  targets: NamedVariable[],
  file: FileWeight[],
  naming: WeightNaming,
): MatchResult {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const claimed = new Set<NamedVariable>();
  const result: MatchResult = { matches: [], missing: [], unexpected: [], mismatched: [] };
  for (const source of file) {
    let target = byName.get(source.name);
    if (target === undefined && naming === 'layer') target = byName.get(shortened(source.name));
    if (target === undefined || claimed.has(target)) {
      result.unexpected.push(source);
      continue;
    }
    claimed.add(target);
    (sameShape(target.variable.shape, source.shape) ? result.matches : result.mismatched).push({
      target,
      source,
    });
  }
  result.missing = targets.filter((t) => !claimed.has(t));
  return result;
}

/**
 * Pairs file weights with model weights by position, when there are as many and every shape agrees in order; else
 * undefined. Keras 2 loads Sequential and functional models this way (its `by_name=False`): their weight names come
 * from default layer names (`dense_3`), which differ between two copies of a model made in one process.
 */
export function matchByOrder(targets: NamedVariable[], file: FileWeight[]): MatchResult | undefined {
  if (targets.length !== file.length) return undefined;
  const fits = targets.every((t, i) => sameShape(t.variable.shape, file[i]!.shape));
  if (!fits) return undefined;
  return {
    matches: targets.map((target, i) => ({ target, source: file[i]! })),
    missing: [],
    unexpected: [],
    mismatched: [],
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function shortened(name: string): string {
  const parts = name.split('/');
  return parts.length < 3 ? name : [...parts.slice(0, -2), parts.at(-1)!].join('/');
}
