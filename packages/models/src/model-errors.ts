import * as tf from '@strata/core';
import { formatShapeCode, type Shape } from '@strata/core';
import { isSymbolic, type Layer, type LayerInput } from '@strata/layers';

/**
 * Appends where an error happened inside a model (`in Model 'mnist_model' (MnistModel) called on an input of
 * shape [2, 28, 28]`), one line per enclosing model, so an error deep inside nested models says how it was reached.
 * The error keeps its class and fields (tests and callers still match `ShapeMismatchError` and its fix text).
 */
export function addCallContext(
  error: unknown,
  model: Layer,
  inputs: LayerInput | Shape | Shape[],
  verb = 'called',
): unknown {
  if (!(error instanceof Error)) return error;
  const line = `\n  in ${model.describe()} ${verb === 'called' ? 'called on' : 'building for'} ${describeInputs(inputs)}`;
  if (!error.message.endsWith(line)) error.message += line;
  return error;
}

function describeInputs(inputs: LayerInput | Shape | Shape[]): string {
  const shapeOfItem = (x: unknown): string =>
    x instanceof tf.Tensor || isSymbolic(x) ? formatShapeCode(x.shape) : formatShapeCode(x as Shape);
  const isList =
    Array.isArray(inputs) &&
    inputs.length > 0 &&
    (inputs as unknown[]).every((x) => x instanceof tf.Tensor || isSymbolic(x) || Array.isArray(x));
  if (!isList) return `an input of shape ${shapeOfItem(inputs)}`;
  const list = inputs as unknown[];
  return list.length === 1
    ? `an input of shape ${shapeOfItem(list[0])}`
    : `inputs of shapes ${list.map(shapeOfItem).join(', ')}`;
}
