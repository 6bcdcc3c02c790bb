import type { DataType, Shape } from '@strata/core';
import { formatShape } from '@strata/core';
import type { CallArgs, Layer } from './layer.js';

let nextId = 0;

/**
 * A placeholder that carries a shape and dtype through layers without data: what `Input()` returns and what
 * `layer.apply(symbolic)` returns, so functional models know every shape before they see a batch.
 * Each one remembers the layer call that made it, which is how a functional model finds its graph.
 */
export class SymbolicTensor {
  readonly id = nextId++;
  constructor(
    readonly shape: Shape,
    readonly dtype: DataType,
    /** The layer whose call produced this tensor (an InputLayer for model inputs). */
    readonly sourceLayer: Layer,
    /** The symbolic inputs of that call (empty for model inputs). */
    readonly inputs: SymbolicTensor[],
    /** Which output of that call this is. */
    readonly outputIndex = 0,
    /** The keyword arguments of that call, replayed when the graph runs. */
    readonly callArgs: CallArgs = {},
    readonly name = `${sourceLayer.name}/out${outputIndex ? `_${outputIndex}` : ''}`,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}, from '${this.sourceLayer.name}')`;
  }
}

export function isSymbolic(x: unknown): x is SymbolicTensor {
  return x instanceof SymbolicTensor;
}
