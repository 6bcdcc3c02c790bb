import type * as tf from '@strata/core';

/** Makes the initial value of a weight. */
export abstract class Initializer {
  static readonly className: string = 'Initializer';
  abstract apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Keras's compute_fans: convolution kernels count their receptive field in both fans. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptiveField = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return {
    fanIn: shape[shape.length - 2]! * receptiveField,
    fanOut: shape[shape.length - 1]! * receptiveField,
  };
}
