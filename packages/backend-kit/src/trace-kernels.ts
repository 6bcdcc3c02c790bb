import * as tf from '@strata/core';
import { InvalidArgumentError, MissingKernelError } from '@strata/core';
import { kernelSources, kernelsOf } from './kernels-of.js';
import { recordKernels } from './record-kernels.js';

/** What traceKernels reads from a layer or model besides its forward pass, when it is there. */
export interface LayerFacts {
  /** For messages. */
  readonly name?: string;
  /** The input shape with the batch axis (`null` for any), as Strata layers declare it. */
  readonly batchInputShape?: readonly (number | null)[];
  /** The weights the backward pass differentiates (default: every trainable variable). */
  readonly trainableWeights?: readonly tf.Variable[];
}

/** Something with a forward pass: a Strata layer or model (`apply`), or anything with `predict`/`call`. */
export type LayerLike = LayerFacts &
  (
    | { apply(inputs: tf.Tensor, kwargs?: Record<string, unknown>): unknown }
    | { predict(inputs: tf.Tensor): unknown }
    | { call(inputs: tf.Tensor, kwargs?: Record<string, unknown>): unknown }
  );

/**
 * What to find the kernels of:
 * - `'training'`: what a training step's losses and optimizers dispatch (sgd, momentum, adam, adamax, rmsprop,
 *   adagrad, adadelta; softmax cross-entropy, sigmoid cross-entropy, mean squared error, on a small MLP);
 * - a model or layer, or a list of layers applied in order: its forward and backward pass;
 * - a function: every kernel it dispatches (run it on tensors it makes itself).
 */
export type KernelWorkload = 'training' | LayerLike | readonly LayerLike[] | (() => unknown);

export interface TraceOptions {
  /** The input for a model or layers: a tensor, or a shape to fill with random values. Default: the model's
   * declared input shape (`batchInputShape`, `inputs[0].shape`, `inputShape`), batch size 2. */
  input?: tf.Tensor | readonly number[];
  /** Also include what `'training'` dispatches (losses and optimizers). Default: false. */
  training?: boolean;
  /** The backend the work is recorded on; it must have every kernel the work needs. Default: 'cpu'. */
  reference?: string;
}

const trainingCache = new Map<string, string[]>();

/**
 * The kernels a workload dispatches, sorted: recorded by running it on the reference backend (through
 * a kernel-recording view of it), so they are the registered kernels ops call, including the backward pass.
 * @example await traceKernels(() => tf.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), 1, 'valid')); // ['Conv2D']
 */
export async function traceKernels(workload: KernelWorkload, options: TraceOptions = {}): Promise<string[]> {
  const reference = options.reference ?? 'cpu';
  const names = new Set<string>();
  if (workload === 'training' || options.training) {
    for (const k of await traceTraining(reference)) names.add(k);
  }
  if (workload !== 'training') {
    const run =
      typeof workload === 'function' ? (workload as () => unknown) : forwardAndBackward(workload, options);
    for (const k of await recordOn(reference, run)) names.add(k);
  }
  return [...names].sort();
}

/**
 * The kernels a workload needs that a backend lacks (empty if it has them all). Load the backend first.
 * @example await missingKernels('wasm', model, { training: true }); // ['Conv2DBackpropFilter', ...]
 */
export async function missingKernels(
  backend: string,
  workload: KernelWorkload,
  options: TraceOptions = {},
): Promise<string[]> {
  const has = new Set(kernelsOf(backend));
  return (await traceKernels(workload, options)).filter((k) => !has.has(k));
}

/**
 * Throws a MissingKernelError that names the kernels a workload needs and the backend lacks, and how to get
 * them, before training starts rather than in the middle of an epoch.
 * @example await useBackend('mine'); await assertKernels('mine', model, { training: true }); model.fit(...)
 */
export async function assertKernels(
  backend: string,
  workload: KernelWorkload,
  options: TraceOptions = {},
): Promise<void> {
  const missing = await missingKernels(backend, workload, options);
  if (missing.length === 0) return;
  throw new MissingKernelError(
    backend,
    missing,
    `They are needed by ${describeWorkload(workload, options)}. ${fixFor(backend, missing)}`,
  );
}

function fixFor(backend: string, missing: string[]): string {
  const sources = kernelSources(backend);
  const first = missing[0]!;
  const implement = `implement ${missing.length === 1 ? 'it' : 'them'} with defineKernel('${first}', ...) in the plugin's kernels`;
  const others = tf
    .engine()
    .backendNames()
    .filter((b) => b !== backend && missing.every((k) => tf.getKernel(k, b)));
  const elsewhere = others.length
    ? ` Backends here that have them: ${others.map((b) => `'${b}'`).join(', ')}.`
    : '';
  if (sources.base) {
    return `Its base '${sources.base}' lacks them too: ${implement}, or set base to a backend that has them.${elsewhere}`;
  }
  return (
    `Fix: set base: 'cpu' in defineBackend({ name: '${backend}', ... }) to inherit them, or ${implement}; ` +
    `or train on another backend.${elsewhere}`
  );
}

function describeWorkload(workload: KernelWorkload, options: TraceOptions): string {
  const training = options.training ? ' and a training step (losses, optimizers)' : '';
  if (workload === 'training') return 'a training step (losses, optimizers)';
  if (typeof workload === 'function') return `the traced function${training}`;
  const first = Array.isArray(workload) ? workload[0] : workload;
  const label = (first as { name?: unknown })?.name;
  const what = Array.isArray(workload)
    ? `the layer list starting with '${String(label)}'`
    : `'${String(label ?? 'model')}'`;
  return `the forward and backward pass of ${what}${training}`;
}

async function recordOn(reference: string, run: () => unknown): Promise<string[]> {
  const { kernels } = await recordKernels(reference, async () => {
    const out = await run();
    // Whatever the workload returns is ours to free; the tensors it keeps (weights) are its own.
    tf.dispose(collectTensors(out));
  });
  return kernels;
}

function forwardAndBackward(workload: LayerLike | readonly LayerLike[], options: TraceOptions): () => void {
  const layers: readonly LayerLike[] = Array.isArray(workload) ? workload : [workload as LayerLike];
  if (layers.length === 0) {
    throw new InvalidArgumentError(
      'traceKernels() got an empty layer list: pass at least one layer or a model.',
    );
  }
  const forward = (x: tf.Tensor): tf.Tensor[] => {
    let current: unknown = x;
    for (const layer of layers) {
      if (!(current instanceof tf.Tensor)) break;
      current = applyLayer(layer, current);
    }
    return collectTensors(current);
  };
  return () => {
    const input = makeInput(layers[0]!, options.input);
    try {
      // The first pass builds lazily-built layers (their weights must exist before the tape can track them).
      const outputs = tf.tidy(() => forward(input).filter((t) => t.dtype === 'float32').length);
      const trainable = trainableWeightsOf(layers);
      if (trainable.length === 0) return;
      // The backward pass of each output with a ones upstream gradient: no loss is added, so nothing is traced
      // that only this harness would need.
      for (let output = 0; output < outputs; output++) {
        tf.tidy(() => {
          tf.engine().gradients(
            () => forward(input).filter((t) => t.dtype === 'float32')[output]!,
            trainable,
            undefined,
            true,
          );
        });
      }
    } finally {
      if (!(options.input instanceof tf.Tensor)) input.dispose();
    }
  };
}

// Strata layers and models list their weights; for other objects, every trainable variable there is.
function trainableWeightsOf(layers: readonly LayerLike[]): tf.Variable[] {
  const declared = layers.flatMap((l) => {
    const weights = (l as { trainableWeights?: unknown }).trainableWeights;
    return Array.isArray(weights) ? weights.filter((w): w is tf.Variable => w instanceof tf.Variable) : [];
  });
  if (declared.length) return declared;
  return Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
}

function applyLayer(layer: LayerLike, x: tf.Tensor): unknown {
  if ('apply' in layer && typeof layer.apply === 'function') return layer.apply(x, { training: true });
  if ('call' in layer && typeof layer.call === 'function') return layer.call(x, { training: true });
  if ('predict' in layer && typeof layer.predict === 'function') return layer.predict(x);
  throw new InvalidArgumentError(
    `traceKernels() needs layers or models with apply(), call() or predict(), got ${describeObject(layer)}.`,
  );
}

function makeInput(first: LayerLike, input: TraceOptions['input']): tf.Tensor {
  if (input instanceof tf.Tensor) return input;
  const shape = input ?? declaredShape(first);
  if (!shape) {
    throw new InvalidArgumentError(
      `Cannot tell the input shape of ${describeObject(first)}: it declares none. Pass one, e.g. ` +
        `missingKernels('mine', model, { input: [2, 28, 28, 1] }), or an input tensor.`,
    );
  }
  return tf.randomNormal(
    shape.map((d) => d ?? 2),
    0,
    1,
    'float32',
    7,
  );
}

function declaredShape(layer: LayerLike): readonly (number | null)[] | undefined {
  const l = layer as LayerFacts & {
    inputs?: { shape?: (number | null)[] }[];
    inputShape?: (number | null)[];
  };
  if (Array.isArray(l.batchInputShape)) return l.batchInputShape;
  // A built Strata model or layer remembers the shape it was built for.
  const built = (layer as { buildInputShape?: unknown }).buildInputShape;
  if (Array.isArray(built) && built.every((d) => d === null || typeof d === 'number')) return built;
  if (Array.isArray(l.inputs) && Array.isArray(l.inputs[0]?.shape)) return l.inputs[0]!.shape;
  if (Array.isArray(l.inputShape)) return [null, ...l.inputShape];
  return undefined;
}

function describeObject(value: unknown): string {
  const name = (value as { name?: unknown })?.name;
  const kind = (value as object)?.constructor?.name ?? typeof value;
  return typeof name === 'string' ? `'${name}' (${kind})` : `a ${kind}`;
}

function collectTensors(value: unknown): tf.Tensor[] {
  if (value instanceof tf.Tensor) return [value];
  if (Array.isArray(value)) return value.flatMap(collectTensors);
  if (value && typeof value === 'object' && !(value instanceof tf.Variable)) {
    return Object.values(value).flatMap((v) => (v instanceof tf.Tensor ? [v] : []));
  }
  return [];
}

async function traceTraining(reference: string): Promise<string[]> {
  const cached = trainingCache.get(reference);
  if (cached) return cached;
  const kernels = await recordOn(reference, trainingWorkload);
  trainingCache.set(reference, kernels);
  return kernels;
}

// One step of every built-in optimizer on the usual losses of a 4-8-3 MLP.
function trainingWorkload(): void {
  const optimizers: tf.Optimizer[] = [
    tf.train.sgd(0.1),
    tf.train.momentum(0.1, 0.9),
    tf.train.adam(0.01),
    tf.train.adamax(0.01),
    tf.train.rmsprop(0.01),
    tf.train.adagrad(0.1),
    tf.train.adadelta(1),
  ];
  // In tidies: tf.variable shares its initial value's data, which would otherwise stay behind.
  const w1 = tf.tidy(() => tf.variable(tf.randomNormal([4, 8], 0, 0.5, 'float32', 1)));
  const b1 = tf.tidy(() => tf.variable(tf.zeros([8])));
  const w2 = tf.tidy(() => tf.variable(tf.randomNormal([8, 3], 0, 0.5, 'float32', 2)));
  const b2 = tf.tidy(() => tf.variable(tf.zeros([3])));
  const x = tf.randomNormal([6, 4], 0, 1, 'float32', 3);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3));
  const losses = [
    (logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits),
    (logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(labels, logits),
    (logits: tf.Tensor) => tf.losses.meanSquaredError(labels, tf.softmax(logits)),
    // Keras-style categorical cross-entropy on probabilities: clip, log, sum, mean.
    (logits: tf.Tensor) =>
      tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.log(tf.clipByValue(tf.softmax(logits), 1e-7, 1 - 1e-7))), -1))),
  ];
  try {
    for (const optimizer of optimizers) {
      for (const loss of losses) {
        optimizer.minimize(
          () => loss(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2)) as tf.Scalar,
        );
      }
      optimizer.dispose();
    }
  } finally {
    tf.dispose([w1, b1, w2, b2, x, labels]);
  }
}
