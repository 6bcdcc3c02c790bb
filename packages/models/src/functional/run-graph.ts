import type * as tf from '@strata/core';
import { StrataError } from '@strata/core';
import type { CallArgs, SymbolicTensor } from '@strata/layers';
import type { Graph } from './graph.js';

/**
 * Runs a functional model's graph on real tensors: each layer call in order (through `layer.apply`, so `training`
 * and shape checks apply), freeing every intermediate tensor as soon as its last consumer has run. Returns the
 * tensors of `outputs`; the caller's `values` are never disposed.
 */
export function runGraph(
  graph: Graph,
  inputs: readonly SymbolicTensor[],
  outputs: readonly SymbolicTensor[],
  values: readonly tf.Tensor[],
): tf.Tensor[] {
  const computed = new Map<SymbolicTensor, tf.Tensor>();
  // How many pending uses each symbolic tensor has: one per consuming call, one more for each model output.
  const pendingUses = new Map<SymbolicTensor, number>();
  for (const node of graph.nodes)
    for (const inbound of node.inputs) pendingUses.set(inbound, (pendingUses.get(inbound) ?? 0) + 1);
  for (const output of outputs) pendingUses.set(output, (pendingUses.get(output) ?? 0) + 1);
  // A tensor can stand for several symbolic tensors (a layer may return its input): count holders per tensor.
  const holders = new Map<tf.Tensor, number>();
  const callerOwned = new Set(values);

  const set = (symbolic: SymbolicTensor, value: tf.Tensor) => {
    computed.set(symbolic, value);
    holders.set(value, (holders.get(value) ?? 0) + (pendingUses.get(symbolic) ?? 0));
  };
  const release = (symbolic: SymbolicTensor) => {
    const value = computed.get(symbolic)!;
    const left = (holders.get(value) ?? 1) - 1;
    holders.set(value, left);
    if (left === 0 && !callerOwned.has(value)) value.dispose();
  };

  for (const [i, input] of inputs.entries()) set(input, values[i]!);
  for (const node of graph.nodes) {
    if (node.inputs.length === 0) continue; // an Input: its value is given
    const args = node.inputs.map((inbound) => computed.get(inbound)!);
    const kwargs: CallArgs = { ...node.callArgs };
    const result = node.layer.apply(args.length === 1 ? args[0]! : args, kwargs) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(result) ? result : [result];
    for (const symbolic of node.outputs) {
      const value = list[symbolic.outputIndex];
      if (!value) {
        throw new StrataError(
          `${node.layer.describe()} returned ${list.length} tensor(s) but the model uses its output ${symbolic.outputIndex}: ` +
            'its call() must return as many tensors as its computeOutputShape() reports.',
        );
      }
      set(symbolic, value);
    }
    for (const inbound of node.inputs) release(inbound);
  }
  return outputs.map((output) => computed.get(output)!);
}
