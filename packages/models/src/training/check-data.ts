import * as tf from '@strata/core';
import { asList } from './model-outputs.js';
import type { TrainingModel } from './training-model.js';
import type { StepData } from './training-types.js';

/**
 * Runs the compiled loss and metrics once on the first two samples of a batch in inference mode, so that a wrong
 * label shape or a missing output is an error before training starts (before any callback runs or any weight
 * changes); it also builds the model, creating its weights. Skipped when the same shapes were checked already.
 * With a custom step only the forward pass runs (the step may use the data in its own way).
 */
export function checkData(model: TrainingModel, data: StepData, customStep: boolean): void {
  const compiled = model.requireCompiled('fit');
  const shapes = JSON.stringify(
    [data.x, data.y, data.sampleWeight].map((t) => asList(t).map((v) => v.shape.slice(1))),
  );
  if (compiled.checkedShapes === shapes && model.built) return;
  const check = (slice: boolean) =>
    tf.tidy(() => {
      const head = (t: tf.Tensor) => (slice && t.shape[0]! > 2 ? tf.slice(t, 0, 2) : t);
      const cut = <T extends tf.Tensor | tf.Tensor[] | undefined>(v: T): T =>
        (v === undefined ? v : Array.isArray(v) ? v.map(head) : head(v as tf.Tensor)) as T;
      const sample: StepData = { x: cut(data.x), y: cut(data.y), sampleWeight: cut(data.sampleWeight) };
      const yPred = model.apply(sample.x as tf.Tensor, { training: false }) as tf.Tensor | tf.Tensor[];
      if (!customStep && compiled.loss !== undefined) {
        const loss = model.computeLoss({ ...sample, yPred });
        model.computeMetrics({ ...sample, yPred, loss });
      }
    });
  try {
    // Two samples show every shape problem and cost little, whatever the batch size; if they fail, the whole
    // batch runs again so that the error quotes the user's shapes.
    try {
      check(true);
    } catch {
      model.clearLosses();
      check(false);
    }
  } finally {
    model.clearLosses();
    model.resetMetrics();
  }
  compiled.checkedShapes = shapes;
}
