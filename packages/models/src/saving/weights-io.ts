import * as tf from '@strata/core';
import { formatShapeCode, LoadError, NotBuiltError, StrataError } from '@strata/core';
import type { Layer } from '@strata/layers';
import {
  type FileWeight,
  isGraphNetwork,
  type MatchResult,
  matchByOrder,
  matchWeights,
  type NamedVariable,
  namedWeights,
  type WeightNaming,
} from './weight-names.js';

/** `format` of a weights-only save (`saveWeights`); whole-model saves use tfjs-layers's `'layers-model'`. */
export const WEIGHTS_FORMAT = 'strata-weights';
export const LAYERS_FORMAT = 'layers-model';

/** What a model needs for optimizer state: `compile()` (TrainingModel). */
interface MaybeCompiled {
  compiled?: boolean;
  optimizer?: tf.Optimizer;
}

/** Options of `loadWeights` (and the weights part of `loadModel`). */
export interface LoadWeightsOptions {
  /**
   * Default `true`: every weight of the model must be in the file and every weight in the file must be in the
   * model, with the same shape, or nothing is loaded. `false` loads the weights whose names and shapes match and
   * reports the rest (e.g. to reuse a trained body under a new head).
   */
  strict?: boolean;
  /**
   * Restore the optimizer state saved with `includeOptimizer`. Default: when the file has some and the model is
   * compiled. `true` fails if either is not so; `false` never restores it.
   */
  includeOptimizer?: boolean;
}

/** What `loadWeights` did. With `strict` (the default) the three lists are empty. */
export interface LoadWeightsResult {
  /** Names of the weights loaded. */
  loaded: string[];
  /** Model weights the file did not have (left as they were). */
  missing: string[];
  /** File weights the model does not have (ignored). */
  unexpected: string[];
  /** Names in both, with another shape (left as they were). */
  mismatched: string[];
  /** Whether the optimizer's state (iterations and slots) was restored. */
  optimizerRestored: boolean;
  /**
   * `'name'`, or `'order'` when a Sequential/functional model's names did not match (default layer names differ
   * between models made in one process) but the file has the same number of weights with the same shapes in order.
   */
  matchedBy: 'name' | 'order';
}

/** Throws if the model has no weights yet because it was never built. */
export function requireBuilt(model: Layer, action: string): void {
  if (!model.built) {
    throw new NotBuiltError(
      `${model.describe()} is not built yet, so it has no weights to ${action}. Build it first: ` +
        'model.build([null, ...inputShape]) (e.g. model.build([null, 784])) or call it once on a batch of data.',
    );
  }
}

/** The optimizer of a compiled model, or undefined. */
export function compiledOptimizer(model: Layer): tf.Optimizer | undefined {
  const candidate = model as Layer & MaybeCompiled;
  return candidate.compiled === true ? candidate.optimizer : undefined;
}

/**
 * The model's weights (and, with `includeOptimizer`, the optimizer's, in a group `'optimizer'` after them, as
 * tfjs-layers writes them) as tf.io weight specs and one buffer. Reads each weight's data once, asynchronously.
 */
export async function encodeModelWeights(
  model: Layer,
  naming: WeightNaming,
  includeOptimizer: boolean,
): Promise<{ weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer }> {
  const named = namedWeights(model, naming);
  const encoded = await tf.io.encodeWeights(named.map((w) => ({ name: w.name, tensor: w.variable })));
  if (!includeOptimizer) return { weightSpecs: encoded.specs, weightData: encoded.data };
  const optimizer = compiledOptimizer(model);
  if (optimizer === undefined) {
    throw new StrataError(
      `${model.describe()} is not compiled, so it has no optimizer state to save. Save without ` +
        "includeOptimizer, or call model.compile({ optimizer: 'adam', ... }) (and train) first.",
    );
  }
  const state = await optimizer.getWeights();
  try {
    const renamed = state.map(({ name, tensor }) => ({ name: stableOptimizerName(name, named), tensor }));
    const opt = await tf.io.encodeWeights(renamed, 'optimizer');
    return {
      weightSpecs: [...encoded.specs, ...opt.specs],
      weightData: tf.io.concatenateArrayBuffers([encoded.data, opt.data]),
    };
  } finally {
    // Optimizers return the iteration count as a new scalar and their slots as the live variables.
    const iter = state[0];
    if (iter?.name === 'iter') iter.tensor.dispose();
  }
}

// Optimizer slots are named after the variable's engine name (`dense/kernel_3/m`), which differs between two copies
// of a model; the file uses the weight's saved name instead (`dense/kernel/m`). Restoring goes by position.
function stableOptimizerName(name: string, named: NamedVariable[]): string {
  let best: NamedVariable | undefined;
  for (const w of named) {
    const prefix = `${w.variable.name}/`;
    if (name.startsWith(prefix) && (!best || prefix.length > best.variable.name.length + 1)) best = w;
  }
  return best ? `${best.name}/${name.slice(best.variable.name.length + 1)}` : name;
}

/**
 * Checks the file's weights against the model's, then (only if all fit, or `strict: false`) assigns them and
 * restores the optimizer state. Any problem throws before a single value changes.
 */
export async function applyWeights(
  model: Layer,
  artifacts: tf.io.ModelArtifacts,
  naming: WeightNaming,
  where: string,
  options: LoadWeightsOptions = {},
): Promise<LoadWeightsResult> {
  const strict = options.strict ?? true;
  const specs = artifacts.weightSpecs ?? [];
  if (specs.length > 0 && artifacts.weightData == null) {
    throw new LoadError(`${where} lists ${specs.length} weights but holds no weight data; save again.`);
  }
  const fileWeights: FileWeight[] = [];
  const optimizerWeights: FileWeight[] = [];
  specs.forEach((spec, index) => {
    const entry = { name: spec.name, shape: [...spec.shape], dtype: spec.dtype, index };
    (spec.group === 'optimizer' ? optimizerWeights : fileWeights).push(entry);
  });
  checkDuplicates(fileWeights, where);

  const targets = namedWeights(model, naming);
  let match = matchWeights(targets, fileWeights, naming);
  let matchedBy: 'name' | 'order' = 'name';
  if (problemCount(match) > 0 && isGraphNetwork(model)) {
    const byOrder = matchByOrder(targets, fileWeights);
    if (byOrder) [match, matchedBy] = [byOrder, 'order'];
  }
  if (strict && problemCount(match) > 0) throw new LoadError(describeProblems(model, match, where));

  const optimizer = compiledOptimizer(model);
  const restoreOptimizer =
    options.includeOptimizer === false ? false : optimizerWeights.length > 0 && optimizer !== undefined;
  if (options.includeOptimizer === true && !restoreOptimizer) {
    throw new LoadError(
      optimizer === undefined
        ? `${model.describe()} is not compiled: compile it before loading its optimizer state from ${where}.`
        : `${where} has no optimizer state (it was saved without includeOptimizer: true).`,
    );
  }

  checkByteLength(specs, artifacts.weightData, where);
  let decoded: tf.NamedTensorMap;
  try {
    // Keyed by position: names may repeat between the model and optimizer groups. Inside tidy, a decoding
    // error frees the tensors decoded before it.
    decoded = tf.tidy(() =>
      tf.io.decodeWeights(
        artifacts.weightData!,
        specs.map((spec, i) => ({ ...spec, name: String(i) })),
      ),
    );
  } catch (error) {
    throw new LoadError(
      `The weight data of ${where} cannot be decoded (${(error as Error).message}): the .bin data is damaged or ` +
        'belongs to another save. Nothing was changed; save again.',
    );
  }
  try {
    if (restoreOptimizer) {
      // setWeights checks counts and shapes and throws before changing anything, so it runs before the model's
      // weights are assigned: a failure still leaves everything as it was.
      await optimizer!.setWeights(
        optimizerWeights.map((w) => ({ name: w.name, tensor: decoded[String(w.index)]! })),
      );
    }
    tf.tidy(() => {
      for (const { target, source } of match.matches) {
        const value = decoded[String(source.index)]!;
        target.variable.assign(
          value.dtype === target.variable.dtype ? value : tf.cast(value, target.variable.dtype),
        );
      }
    });
  } finally {
    tf.dispose(Object.values(decoded));
  }
  return {
    loaded: match.matches.map((m) => m.target.name),
    missing: match.missing.map((m) => m.name),
    unexpected: match.unexpected.map((u) => u.name),
    mismatched: match.mismatched.map((m) => m.target.name),
    optimizerRestored: restoreOptimizer,
    matchedBy,
  };
}

function problemCount(match: MatchResult): number {
  return match.missing.length + match.unexpected.length + match.mismatched.length;
}

function checkDuplicates(weights: FileWeight[], where: string): void {
  const seen = new Set<string>();
  for (const w of weights) {
    if (seen.has(w.name)) {
      throw new LoadError(
        `${where} lists the weight '${w.name}' twice, so it is ambiguous which to load. The file was not written ` +
          'by saving a model; rewrite it with unique names.',
      );
    }
    seen.add(w.name);
  }
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

// decodeWeights reads past a short buffer without complaint and fails later with an unclear message; numeric,
// unquantized weights have a known size, so a truncated .bin is reported here, naming the sizes.
function checkByteLength(
  specs: tf.io.WeightsManifestEntry[],
  data: tf.io.WeightData | undefined,
  where: string,
) {
  if (data == null) return;
  let needed = 0;
  for (const spec of specs) {
    const bytes = BYTES_PER_VALUE[spec.dtype];
    if (spec.quantization !== undefined || bytes === undefined) return;
    needed += tf.util.sizeFromShape(spec.shape) * bytes;
  }
  const available = new tf.io.CompositeArrayBuffer(data).byteLength;
  if (available < needed) {
    throw new LoadError(
      `${where} has ${available} bytes of weight data, but its manifest describes ${needed}: a .bin file is ` +
        'truncated or from another save. Nothing was changed; save again.',
    );
  }
}

const LIST_LIMIT = 10;

function listOf<T>(items: T[], show: (item: T) => string): string {
  const shown = items.slice(0, LIST_LIMIT).map(show).join(', ');
  return items.length > LIST_LIMIT ? `${shown}, ... and ${items.length - LIST_LIMIT} more` : shown;
}

function describeProblems(model: Layer, match: MatchResult, where: string): string {
  const lines = [`Cannot load the weights of ${where} into ${model.describe()}; nothing was changed.`];
  if (match.missing.length > 0) {
    lines.push(
      `  Missing from the file (${match.missing.length}): ` +
        listOf(match.missing, (m) => `${m.name} ${formatShapeCode(m.variable.shape)}`),
    );
  }
  if (match.unexpected.length > 0) {
    lines.push(
      `  Not in the model (${match.unexpected.length}): ` +
        listOf(match.unexpected, (u) => `${u.name} ${formatShapeCode(u.shape)}`),
    );
  }
  if (match.mismatched.length > 0) {
    lines.push(
      `  Other shape (${match.mismatched.length}): ` +
        listOf(
          match.mismatched,
          (m) =>
            `${m.target.name} is ${formatShapeCode(m.target.variable.shape)} in the model, ` +
            `${formatShapeCode(m.source.shape)} in the file`,
        ),
    );
  }
  const matching = isGraphNetwork(model)
    ? "Weights are matched by layer name ('dense_1/kernel' is the kernel of the layer named 'dense_1'), or by " +
      'order when the model has as many weights with the same shapes; neither fits. Give layers explicit names ' +
      "(new Dense({ units, name: 'hidden' })) so that they match across models."
    : "Weights are matched by their path in the model: the layer's field, then the weight ('hidden/kernel' is " +
      "this.hidden's kernel), so renamed, added or removed fields change the names.";
  const fixes: string[] = [];
  if (match.missing.length > 0 || match.unexpected.length > 0) {
    fixes.push('load a file saved from the same architecture');
  }
  if (match.mismatched.length > 0)
    fixes.push('make the model with the sizes it was saved with (units, filters, ...)');
  fixes.push('or pass { strict: false } to load only the weights whose names and shapes match');
  lines.push(`${matching} To fix: ${fixes.join('; ')}.`);
  return lines.join('\n');
}
