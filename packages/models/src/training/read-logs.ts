import * as tf from '@strata/core';
import type { Logs, StepLogs } from './training-types.js';

/**
 * Reads scalar tensors to numbers with one GPU→CPU transfer (they are stacked first) and frees them. Numbers
 * pass through; a non-scalar value is reported as its mean.
 */
export async function readLogs(values: StepLogs): Promise<Logs> {
  const logs: Logs = {};
  const keys: string[] = [];
  const tensors: tf.Tensor[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value instanceof tf.Tensor) {
      keys.push(key);
      tensors.push(value);
    } else {
      logs[key] = value;
    }
  }
  if (tensors.length > 0) {
    const stacked = tf.tidy(() =>
      tf.stack(tensors.map((t) => tf.cast(t.rank === 0 ? t : tf.mean(t), 'float32'))),
    );
    tf.dispose(tensors);
    const data = await stacked.data();
    stacked.dispose();
    keys.forEach((key, i) => {
      logs[key] = data[i]!;
    });
  }
  // Keep the caller's key order (numbers and tensors may be interleaved).
  return Object.fromEntries(Object.keys(values).map((k) => [k, logs[k]!]));
}

/** Frees the tensors of step logs that will not be read. */
export function disposeLogs(values: StepLogs | undefined): void {
  if (values !== undefined)
    tf.dispose(Object.values(values).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
}

/** `{ loss: 1 }` → `{ val_loss: 1 }`. */
export function prefixLogs(logs: Logs, prefix: string): Logs {
  return Object.fromEntries(Object.entries(logs).map(([k, v]) => [`${prefix}${k}`, v]));
}
