import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { useBackend } from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { CategoricalCrossentropy } from '../losses/index.js';
import {
  AUC,
  BinaryAccuracy,
  CategoricalAccuracy,
  getMetric,
  Mean,
  MeanAbsoluteError,
  MeanMetricWrapper,
  MeanSquaredError,
  type Metric,
  Precision,
  Recall,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const read = (m: Metric<any>) => {
  const r = m.result();
  expect(r.shape).toEqual([]);
  const v = r.dataSync()[0];
  r.dispose();
  return v;
};
const meanOf = (t: tf.Tensor) => tf.mean(t).dataSync()[0];

describe('accuracy family (against tfjs-layers, accumulated over batches)', () => {
  let probs: tf.Tensor[];
  let labels: tf.Tensor[];
  let oneHot: tf.Tensor[];
  beforeAll(() => {
    probs = [
      tf.tensor2d([
        [0.1, 0.7, 0.2],
        [0.5, 0.3, 0.2],
        [0.2, 0.2, 0.6],
      ]),
      tf.tensor2d([
        [0.3, 0.3, 0.4],
        [0.9, 0.05, 0.05],
      ]),
    ];
    labels = [tf.tensor1d([1, 2, 2], 'int32'), tf.tensor1d([0, 0], 'int32')];
    oneHot = labels.map((l) => tf.oneHot(l, 3));
  });

  test('categorical and sparse categorical accuracy', () => {
    const cat = new CategoricalAccuracy();
    const sparse = new SparseCategoricalAccuracy();
    probs.forEach((p, i) => {
      cat.updateState(oneHot[i], p);
      sparse.updateState(labels[i], p);
    });
    const ref = meanOf(tfl.metrics.categoricalAccuracy(tf.concat(oneHot), tf.concat(probs)));
    expect(ref).toBeCloseTo(3 / 5, 6);
    expect(read(cat)).toBeCloseTo(ref, 6);
    expect(read(sparse)).toBeCloseTo(ref, 6);
    expect(meanOf(tfl.metrics.sparseCategoricalAccuracy(tf.concat(labels), tf.concat(probs)))).toBeCloseTo(
      ref,
      6,
    );
    // Labels of shape [batch, 1] work too.
    const sparse2 = new SparseCategoricalAccuracy();
    sparse2.updateState(tf.tensor2d([[1], [2], [2]]), probs[0]);
    expect(read(sparse2)).toBeCloseTo(2 / 3, 6);
  });

  test('binary accuracy with threshold', () => {
    const t = tf.tensor2d([[1], [0], [1], [0]]);
    const p = tf.tensor2d([[0.9], [0.6], [0.4], [0.1]]);
    const acc = new BinaryAccuracy();
    acc.updateState(t, p);
    expect(read(acc)).toBeCloseTo(meanOf(tfl.metrics.binaryAccuracy(t, p)), 6);
    expect(read(acc)).toBeCloseTo(0.5, 6);
    const strict = new BinaryAccuracy({ threshold: 0.7 });
    strict.updateState(tf.tensor1d([1, 0, 1, 0]), p); // labels [batch] meet predictions [batch, 1]
    expect(read(strict)).toBeCloseTo(0.75, 6);
  });

  test('sample weights weight each sample (hand-computed)', () => {
    const acc = new SparseCategoricalAccuracy();
    // Correct, wrong, correct with weights 1, 3, 0 → 1 / 4.
    acc.updateState(labels[0], probs[0], tf.tensor1d([1, 3, 0]));
    expect(read(acc)).toBeCloseTo(0.25, 6);
    acc.updateState(labels[1], probs[1], tf.tensor1d([2, 2])); // wrong, correct → (1 + 2) / (4 + 4)
    expect(read(acc)).toBeCloseTo(3 / 8, 6);
  });

  test('top-k accuracy, ties with the k-th score count (TF in_top_k)', () => {
    const p = tf.tensor2d([
      [0.5, 0.2, 0.2, 0.1],
      [0.1, 0.2, 0.3, 0.4],
      [0.4, 0.3, 0.2, 0.1],
    ]);
    const sparse = new SparseTopKCategoricalAccuracy({ k: 2 });
    // Row 0: label 2 ties with the 2nd largest (0.2) → hit. Row 1: label 0 is last → miss. Row 2: label 1 → hit.
    sparse.updateState(tf.tensor1d([2, 0, 1]), p);
    expect(read(sparse)).toBeCloseTo(2 / 3, 6);
    const dense = new TopKCategoricalAccuracy({ k: 2 });
    dense.updateState(tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 4), p);
    expect(read(dense)).toBeCloseTo(2 / 3, 6);
    expect(new TopKCategoricalAccuracy().k).toBe(5);
  });

  test('shape errors point at the sparse / dense variant', () => {
    expect(() => new CategoricalAccuracy().updateState(labels[0], probs[0])).toThrow(
      /'sparse_categorical_accuracy'/,
    );
    expect(() => new SparseCategoricalAccuracy().updateState(oneHot[0], probs[0])).toThrow(
      /use 'categorical_accuracy' instead/,
    );
  });
});

describe('regression metrics and Mean', () => {
  test('mse and mae against tfjs-layers over two batches', () => {
    const t = [
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor2d([[0, 0]]),
    ];
    const p = [
      tf.tensor2d([
        [1.5, 2],
        [2, 5],
      ]),
      tf.tensor2d([[1, -1]]),
    ];
    const mse = new MeanSquaredError();
    const mae = new MeanAbsoluteError();
    t.forEach((y, i) => {
      mse.updateState(y, p[i]);
      mae.updateState(y, p[i]);
    });
    expect(read(mse)).toBeCloseTo(meanOf(tfl.metrics.meanSquaredError(tf.concat(t), tf.concat(p))), 6);
    expect(read(mae)).toBeCloseTo(meanOf(tfl.metrics.meanAbsoluteError(tf.concat(t), tf.concat(p))), 6);
  });

  test('Mean averages scalars and weighted values; resetState starts over', () => {
    const m = new Mean({ name: 'loss' });
    m.updateState(2);
    m.updateState(tf.scalar(4));
    expect(read(m)).toBeCloseTo(3, 6);
    m.updateState(tf.tensor1d([10, 20]), tf.tensor1d([1, 3])); // adds 70 over weight 4
    expect(read(m)).toBeCloseTo((2 + 4 + 70) / 6, 5);
    m.resetState();
    expect(read(m)).toBe(0);
    m.updateState(5);
    expect(read(m)).toBeCloseTo(5, 6);
  });
});

describe('precision, recall, AUC', () => {
  test('precision and recall match tfjs-layers on thresholded predictions', () => {
    const t = [tf.tensor1d([1, 0, 1, 1, 0]), tf.tensor1d([0, 1, 0])];
    const p = [tf.tensor1d([0.9, 0.8, 0.3, 0.6, 0.2]), tf.tensor1d([0.7, 0.55, 0.1])];
    const precision = new Precision();
    const recall = new Recall();
    t.forEach((y, i) => {
      precision.updateState(y, p[i]);
      recall.updateState(y, p[i]);
    });
    const yAll = tf.concat(t);
    const rounded = tf.cast(tf.greater(tf.concat(p), 0.5), 'float32');
    expect(read(precision)).toBeCloseTo(tfl.metrics.precision(yAll, rounded).dataSync()[0], 6);
    expect(read(recall)).toBeCloseTo(tfl.metrics.recall(yAll, rounded).dataSync()[0], 6);
    expect(read(precision)).toBeCloseTo(3 / 5, 6); // TP 0.9 0.6 0.55; FP 0.8 0.7
    expect(read(recall)).toBeCloseTo(3 / 4, 6); // FN 0.3
  });

  test('precision with classId, topK, thresholds and weights (hand-computed)', () => {
    const y = tf.tensor2d([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const s = tf.tensor2d([
      [0.1, 0.6, 0.3],
      [0.4, 0.55, 0.05],
      [0.2, 0.2, 0.6],
    ]);
    const cls1 = new Precision({ classId: 1 });
    cls1.updateState(y, s); // class 1 predicted for rows 0 (right) and 1 (wrong)
    expect(read(cls1)).toBeCloseTo(0.5, 6);
    const top1 = new Precision({ topK: 1 });
    top1.updateState(y, s); // top-1 per row: right, wrong, right
    expect(read(top1)).toBeCloseTo(2 / 3, 6);
    const low = new Recall({ thresholds: 0.35 });
    low.updateState(y, s, tf.tensor1d([1, 2, 1])); // positives 0.6 (w1), 0.4 (w2), 0.6 (w1) all above 0.35
    expect(read(low)).toBeCloseTo(1, 6);
    const weighted = new Precision();
    weighted.updateState(y, s, tf.tensor1d([1, 2, 1])); // TP: 0.6 (w1), 0.6 (w1); FP: 0.55 in row 1 (w2)
    expect(read(weighted)).toBeCloseTo(2 / 4, 6);
  });

  // Exact ROC AUC (Mann-Whitney, ties count half). With predictions away from the 1/199 grid and no two distinct
  // predictions in the same threshold bucket, Keras's 200-threshold trapezoid rule gives exactly this value.
  function exactRocAuc(labels: number[], scores: number[]): number {
    let sum = 0;
    let pairs = 0;
    labels.forEach((li, i) => {
      if (!li) return;
      labels.forEach((lj, j) => {
        if (lj) return;
        pairs++;
        sum += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      });
    });
    return sum / pairs;
  }

  test('ROC AUC equals the exact Mann-Whitney AUC, accumulated over batches', () => {
    const labels = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1];
    const scores = [0.91, 0.12, 0.43, 0.77, 0.52, 0.33, 0.64, 0.71, 0.28, 0.08, 0.52, 0.97];
    const auc = new AUC();
    auc.updateState(tf.tensor1d(labels.slice(0, 7)), tf.tensor1d(scores.slice(0, 7)));
    auc.updateState(tf.tensor2d(labels.slice(7), [5, 1]), tf.tensor2d(scores.slice(7), [5, 1]));
    expect(read(auc)).toBeCloseTo(exactRocAuc(labels, scores), 5);
  });

  test('AUC: perfect / inverted ranking, logits, weights, PR curve', () => {
    const y = tf.tensor1d([0, 0, 1, 1]);
    const perfect = new AUC();
    perfect.updateState(y, tf.tensor1d([0.1, 0.4, 0.6, 0.9]));
    expect(read(perfect)).toBeCloseTo(1, 5);
    const inverted = new AUC();
    inverted.updateState(y, tf.tensor1d([0.9, 0.6, 0.4, 0.1]));
    expect(read(inverted)).toBeCloseTo(0, 5);
    const logits = new AUC({ fromLogits: true });
    logits.updateState(y, tf.tensor1d([-3, 1, -1, 2]));
    expect(read(logits)).toBeCloseTo(exactRocAuc([0, 0, 1, 1], [-3, 1, -1, 2]), 5);
    // A weight of 2 on a sample is the same as seeing it twice.
    const weighted = new AUC();
    weighted.updateState(tf.tensor1d([0, 1, 1]), tf.tensor1d([0.3, 0.2, 0.8]), tf.tensor1d([2, 1, 1]));
    expect(read(weighted)).toBeCloseTo(exactRocAuc([0, 0, 1, 1], [0.3, 0.3, 0.2, 0.8]), 5);
    const pr = new AUC({ curve: 'PR' });
    pr.updateState(y, tf.tensor1d([0.1, 0.4, 0.6, 0.9]));
    expect(read(pr)).toBeCloseTo(1, 3);
    const prMinoring = new AUC({ curve: 'PR', summationMethod: 'minoring', numThresholds: 3 });
    // Thresholds -ε, 0.5, 1+ε: (recall, precision) = (1, 0.5), (1, 1), (0, 0) → widths 0, 1 · min(1, 0) = 0.
    prMinoring.updateState(y, tf.tensor1d([0.1, 0.4, 0.6, 0.9]));
    expect(read(prMinoring)).toBeCloseTo(0, 6);
    expect(new AUC().thresholds).toHaveLength(200);
    expect(() => new AUC({ numThresholds: 1 })).toThrow(/integer > 1/);
  });
});

describe('state and memory', () => {
  const column = () => [tf.ones([2, 1]), tf.ones([2, 1])];
  const sparse = () => [tf.tensor1d([0, 1]), tf.ones([2, 2])];
  const cases: Array<[string, () => Metric, () => tf.Tensor[]]> = [
    [
      'categorical',
      () => new CategoricalAccuracy(),
      () => [tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2), tf.ones([2, 2])],
    ],
    ['sparse', () => new SparseCategoricalAccuracy(), sparse],
    ['binary', () => new BinaryAccuracy(), column],
    ['topk', () => new SparseTopKCategoricalAccuracy({ k: 1 }), sparse],
    ['precision', () => new Precision(), column],
    ['recall', () => new Recall(), column],
    ['auc', () => new AUC(), column],
    ['mse', () => new MeanSquaredError(), column],
  ];

  test.each(cases)(
    '%s: updateState and resetState do not grow numTensors; dispose frees the state',
    (_, make, data) => {
      const [t, p] = data();
      const before = tf.memory().numTensors;
      const metric = make();
      const withState = tf.memory().numTensors;
      expect(withState).toBeGreaterThan(before);
      metric.updateState(t, p, tf.ones([2]));
      metric.updateState(t, p);
      expect(tf.memory().numTensors).toBe(withState + 1); // + the tf.ones weights above
      metric.resetState();
      expect(read(metric)).toBe(0);
      expect(tf.memory().numTensors).toBe(withState + 1);
      metric.dispose();
      expect(tf.memory().numTensors).toBe(before + 1);
    },
  );
});

describe('getMetric', () => {
  test("'accuracy' follows the loss (Keras 2 / tfjs-layers rule) and keeps the given name", () => {
    const sparse = getMetric('accuracy', { loss: 'sparse_categorical_crossentropy' });
    expect(sparse).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(sparse.name).toBe('accuracy');
    expect(getMetric('acc', { loss: 'binary_crossentropy' })).toBeInstanceOf(BinaryAccuracy);
    expect(getMetric('acc', { loss: 'binary_crossentropy' }).name).toBe('acc');
    expect(getMetric('accuracy', { loss: new CategoricalCrossentropy({ fromLogits: true }) })).toBeInstanceOf(
      CategoricalAccuracy,
    );
  });

  test("'accuracy' falls back to the Keras 3 shape rule, then to categorical", () => {
    expect(getMetric('accuracy', { loss: 'mse', yPredShape: [null, 1] })).toBeInstanceOf(BinaryAccuracy);
    expect(getMetric('accuracy', { yTrueShape: [null], yPredShape: [null, 10] })).toBeInstanceOf(
      SparseCategoricalAccuracy,
    );
    expect(getMetric('accuracy', { yTrueShape: [null, 1], yPredShape: [null, 10] })).toBeInstanceOf(
      SparseCategoricalAccuracy,
    );
    expect(getMetric('accuracy', { yTrueShape: [null, 10], yPredShape: [null, 10] })).toBeInstanceOf(
      CategoricalAccuracy,
    );
    expect(getMetric('accuracy')).toBeInstanceOf(CategoricalAccuracy);
  });

  test('names, instances, functions, losses as metrics, configs', () => {
    expect(getMetric('mse')).toBeInstanceOf(MeanSquaredError);
    expect(getMetric('mse').name).toBe('mse');
    expect(getMetric('meanAbsoluteError')).toBeInstanceOf(MeanAbsoluteError);
    expect(getMetric('AUC')).toBeInstanceOf(AUC);
    expect(getMetric('top_k_categorical_accuracy')).toBeInstanceOf(TopKCategoricalAccuracy);
    const auc = new AUC({ numThresholds: 50 });
    expect(getMetric(auc)).toBe(auc);
    const restored = getMetric({ className: 'AUC', config: { numThresholds: 50, name: 'val_auc' } }) as AUC;
    expect(restored.numThresholds).toBe(50);
    expect(restored.name).toBe('val_auc');
    const cce = getMetric('categorical_crossentropy');
    expect(cce).toBeInstanceOf(MeanMetricWrapper);
    cce.updateState(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.5, 0.5]]));
    expect(read(cce)).toBeCloseTo(Math.log(2), 5);
    function absError(a: tf.Tensor, b: tf.Tensor) {
      return tf.abs(tf.sub(a, b));
    }
    expect(getMetric(absError).name).toBe('absError');
  });

  test('unknown names list the valid ones', () => {
    expect(() => getMetric('acuracy')).toThrow(
      /Unknown metric 'acuracy'. Valid names: 'accuracy', 'acc',.*'auc'/,
    );
  });
});
