import type * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import type { Logs } from './training-types.js';

/** One value or an array of them as an array (nothing as `[]`). */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `sampleWeight` spread over the outputs: one tensor for all, or one per output (checked). */
export function weightsPerOutput(
  sampleWeight: tf.Tensor | tf.Tensor[] | undefined,
  outputs: number,
): Array<tf.Tensor | undefined> {
  if (sampleWeight === undefined) return new Array(outputs).fill(undefined);
  if (!Array.isArray(sampleWeight)) return new Array(outputs).fill(sampleWeight);
  if (sampleWeight.length !== outputs) {
    throw new InvalidArgumentError(
      `sampleWeight is an array of ${sampleWeight.length} tensors but the model has ${outputs} outputs. Pass one ` +
        'tensor of shape [numSamples] for all outputs, or one per output.',
    );
  }
  return sampleWeight;
}

/** Output names for logs: the model's `outputNames`, else its functional outputs' layer names, else `output_1`, .... */
export function outputNames(model: object, count: number): string[] {
  const m = model as { outputNames?: unknown; outputs?: unknown };
  let names: unknown;
  try {
    names = Array.isArray(m.outputNames)
      ? m.outputNames
      : Array.isArray(m.outputs)
        ? m.outputs.map((o: { sourceLayer?: { name?: unknown } }) => o?.sourceLayer?.name)
        : undefined;
  } catch {
    names = undefined; // A getter that throws (e.g. before build) means "no names".
  }
  if (
    Array.isArray(names) &&
    names.length === count &&
    names.every((n) => typeof n === 'string') &&
    new Set(names).size === count
  ) {
    return names as string[];
  }
  return count === 1 ? ['output'] : Array.from({ length: count }, (_, i) => `output_${i + 1}`);
}

/** Logs as Keras's `evaluate` returns them: a number for the loss alone, else a list in key order. */
export function flattenLogs(logs: Logs): number | number[] {
  const values = Object.values(logs);
  return values.length === 1 ? values[0]! : values;
}
