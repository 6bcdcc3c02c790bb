import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import type { Constraint } from '../constraints/index.js';
import type { Layer } from '../layer.js';
import type { Regularizer } from '../regularizers/index.js';

// Shared by the convolution, pooling, recurrent and attention layers: argument checks, output-length arithmetic
// and the `{ className, config }` forms that the tfjs Layers format stores. Internal: not in the barrel.

export type PaddingMode = 'valid' | 'same';
/** Strata layers are channels-last; `'channelsFirst'` is accepted in configs only to reject it clearly. */
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** A positive integer argument, or a clear error naming the layer and the value received. */
export function requirePositiveInt(layer: Layer, argName: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      `${layer.describe()}: ${argName} must be a positive integer, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** A rate in [0, 1) (dropout), or a clear error. */
export function requireRate(layer: Layer, argName: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new InvalidArgumentError(
      `${layer.describe()}: ${argName} must be a number in [0, 1), got ${JSON.stringify(value)}.`,
    );
  }
  return rate;
}

/**
 * `3` → `[3, 3]`; `[3, 2]` stays. Keras's `standardize_tuple`: one number stands for every spatial axis.
 * Every entry must be an integer >= `min` (default 1).
 */
export function normalizeTuple(
  layer: Layer,
  argName: string,
  value: number | readonly number[],
  rank: number,
  min = 1,
): number[] {
  const tuple =
    typeof value === 'number' ? new Array<number>(rank).fill(value) : Array.isArray(value) ? [...value] : [];
  if (tuple.length !== rank || !tuple.every((v) => Number.isInteger(v) && v >= min)) {
    const example = rank === 1 ? '3 or [3]' : `3 or [${new Array(rank).fill(3).join(', ')}]`;
    const kind = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new InvalidArgumentError(
      `${layer.describe()}: ${argName} must be ${kind} or an array of ${rank}, e.g. ${example}; ` +
        `got ${JSON.stringify(value)}.`,
    );
  }
  return tuple;
}

/** `'valid'` or `'same'` (plus `'causal'` where the layer allows it). */
export function checkPadding<P extends string = PaddingMode>(
  layer: Layer,
  value: string | undefined,
  allowed: readonly P[] = ['valid', 'same'] as unknown as P[],
): P {
  const padding = (value ?? 'valid') as P;
  if (!allowed.includes(padding)) {
    throw new InvalidArgumentError(
      `${layer.describe()}: padding must be ${allowed.map((p) => `'${p}'`).join(' or ')}, got ${JSON.stringify(value)}.`,
    );
  }
  return padding;
}

/** Only channels-last data is supported (what tfjs kernels run natively); anything else fails with the fix. */
export function checkDataFormat(layer: Layer, value: string | undefined): 'channelsLast' {
  if (value === undefined || value === null || value === 'channelsLast' || value === 'channels_last')
    return 'channelsLast';
  if (value === 'channelsFirst' || value === 'channels_first') {
    throw new InvalidArgumentError(
      `${layer.describe()}: dataFormat 'channelsFirst' is not supported; Strata layers are channels-last ` +
        `([batch, ..., channels]). Transpose your data instead, e.g. tf.transpose(x, [0, 2, 3, 1]) for NCHW images, ` +
        `and leave dataFormat unset.`,
    );
  }
  throw new InvalidArgumentError(
    `${layer.describe()}: dataFormat must be 'channelsLast', got ${JSON.stringify(value)}.`,
  );
}

/** The one input shape of a single-input layer; an array of shapes (several inputs) is an error with the fix. */
export function singleShape(layer: Layer, shape: Shape | Shape[], hint: string): Shape {
  if (shape.length > 0 && Array.isArray(shape[0])) {
    throw new InvalidArgumentError(
      `${layer.describe()} takes one input tensor, got ${shape.length} (shapes ${(shape as Shape[]).map(formatShapeCode).join(', ')}). ${hint}`,
    );
  }
  return shape as Shape;
}

/**
 * With 'valid' padding a window larger than the input leaves no output; tfjs would fail deep in a kernel, so
 * say it here, naming the layer, the axis sizes and the fixes.
 */
export function checkWindowFits(
  layer: Layer,
  shape: Shape,
  window: readonly number[],
  padding: string,
  what: string,
  dilation: readonly number[] = window.map(() => 1),
): void {
  if (padding !== 'valid') return;
  const spatial = shape.slice(1, 1 + window.length);
  const effective = window.map((k, i) => k + (k - 1) * (dilation[i]! - 1));
  const tooSmall = spatial.some((d, i) => d !== null && d < effective[i]!);
  if (tooSmall) {
    throw new ShapeMismatchError(
      layer.describe(),
      `spatial axes of at least ${formatShapeCode(effective)} (the ${what}) with padding 'valid'`,
      shape,
      `Use padding: 'same', a smaller ${what}, or a larger input.`,
    );
  }
}

/** Keras's `conv_output_length`: the size of one spatial axis after a convolution or pooling window. */
export function convOutputLength(
  inputLength: number | null,
  kernelSize: number,
  padding: PaddingMode | 'causal',
  stride: number,
  dilation = 1,
): number | null {
  if (inputLength === null) return null;
  const dilatedKernel = kernelSize + (kernelSize - 1) * (dilation - 1);
  const length = padding === 'valid' ? inputLength - dilatedKernel + 1 : inputLength;
  return Math.floor((length + stride - 1) / stride);
}

/** Keras's `deconv_output_length`: the size of one spatial axis after a transposed convolution. */
export function deconvOutputLength(
  inputLength: number | null,
  kernelSize: number,
  padding: PaddingMode,
  stride: number,
  outputPadding: number | null,
): number | null {
  if (inputLength === null) return null;
  if (outputPadding === null) {
    return padding === 'valid'
      ? inputLength * stride + Math.max(kernelSize - stride, 0)
      : inputLength * stride;
  }
  const pad = padding === 'same' ? Math.floor(kernelSize / 2) : 0;
  return (inputLength - 1) * stride + kernelSize - 2 * pad + outputPadding;
}

const layouts: Record<number, { names: string; example: number[] }> = {
  1: { names: '[batch, steps, channels]', example: [100] },
  2: { names: '[batch, height, width, channels]', example: [28, 28] },
};

/**
 * The fix for a wrong input to a channels-last layer with `spatialRank` spatial axes: a missing channel axis
 * gets a Reshape suggestion built from the received shape, a flat input a note on the layout, a channel count
 * other than the one the layer was built for (`builtChannels`) says so.
 */
export function channelsLastHint(
  className: string,
  spatialRank: number,
  received: Shape | Shape[],
  builtChannels?: number,
): string {
  const layout = layouts[spatialRank]!;
  const intro = `${className} expects ${layout.names}`;
  if (received.length > 0 && Array.isArray(received[0])) {
    return `${intro}: pass one tensor, not an array of ${received.length}.`;
  }
  const shape = received as Shape;
  const known = (dims: Shape) => dims.map((d) => d ?? -1);
  if (shape.length === spatialRank + 1) {
    return `${intro}; add a channel axis with Reshape([${[...known(shape.slice(1)), 1].join(', ')}]) (or tf.expandDims(x, -1)).`;
  }
  if (shape.length === 2 && spatialRank > 1) {
    return `${intro}; the input looks flat: reshape it back to images, e.g. Reshape([${[...layout.example, 1].join(', ')}]).`;
  }
  const looksChannelsFirst =
    shape.length === spatialRank + 2 &&
    spatialRank === 2 &&
    (shape[1] === 1 || shape[1] === 3) &&
    (shape[3] ?? 0) > 4;
  if (looksChannelsFirst) {
    return `${intro}; ${formatShapeCode(shape)} looks channels-first: transpose it with tf.transpose(x, [0, 2, 3, 1]).`;
  }
  if (shape.length === spatialRank + 2 && builtChannels !== undefined) {
    return (
      `It was built for inputs with ${builtChannels} channels (the last axis) and its weights are sized for that: ` +
      `feed it ${builtChannels}-channel inputs, or use a new layer for ${shape.at(-1)}-channel ones.`
    );
  }
  return `${intro}: reshape the input to rank ${spatialRank + 2}.`;
}

// What the tfjs Layers format stores for an unset regularizer/constraint: null (as tfjs-layers' serialize* do).
export function serializeRegularizer(regularizer: Regularizer | undefined) {
  if (!regularizer) return null;
  return {
    className: (regularizer.constructor as typeof Regularizer).className,
    config: regularizer.getConfig(),
  };
}

export function serializeConstraint(constraint: Constraint | undefined) {
  if (!constraint) return null;
  return {
    className: (constraint.constructor as typeof Constraint).className,
    config: constraint.getConfig(),
  };
}

/**
 * The kernel of a dilated convolution written out: `rate - 1` zeros between taps on each spatial axis (the first
 * `rates.length` axes), so that an undilated convolution with it equals the dilated one. tfjs 4.22 has no gradient
 * for dilated conv2d/depthwiseConv2d kernels; pad/reshape/slice all have gradients.
 */
export function dilateKernel(kernel: tf.Tensor, rates: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    let result = kernel;
    rates.forEach((rate, axis) => {
      if (rate === 1) return;
      const shape = result.shape;
      const taps = shape[axis]!;
      const paddings = shape.map((): [number, number] => [0, 0]);
      paddings.splice(axis + 1, 0, [0, rate - 1]);
      // [.., taps, 1, ..] padded to [.., taps, rate, ..] puts the zeros after each tap; merging the two axes
      // and dropping the trailing zeros leaves taps + (taps - 1)(rate - 1).
      const spread = tf.pad(tf.expandDims(result, axis + 1), paddings);
      const merged = tf.reshape(spread, [...shape.slice(0, axis), taps * rate, ...shape.slice(axis + 1)]);
      const begin = shape.map(() => 0);
      const size = shape.map((d, i) => (i === axis ? taps + (taps - 1) * (rate - 1) : d));
      result = tf.slice(merged, begin, size);
    });
    return result;
  });
}
