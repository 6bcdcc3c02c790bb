import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { useBackend } from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  type BaseOptimizer,
  ExponentialDecay,
  getOptimizer,
  Nadam,
  PiecewiseConstantDecay,
  RMSprop,
  SGD,
} from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// The test problem: f(w) = Σ c·(w - target)², gradient 2c·(w - target). Each optimizer below runs STEPS steps on
// it and is compared with tfjs's optimizer (where tfjs follows Keras) or with Keras's update rule written out here
// in plain JS numbers.
const W0 = [0.5, -1.5, 2];
const TARGET = [1, 2, -3];
const C = [1, 0.5, 2];
const STEPS = 6;
const grad = (w: number[]) => w.map((x, i) => 2 * C[i] * (x - TARGET[i]));

function loss(w: tf.Variable): tf.Scalar {
  return tf.sum(tf.mul(tf.tensor1d(C), tf.square(tf.sub(w, tf.tensor1d(TARGET))))) as tf.Scalar;
}

function runOptimizer(opt: tf.Optimizer, steps = STEPS): number[] {
  const w = tf.variable(tf.tensor1d(W0));
  for (let i = 0; i < steps; i++) opt.minimize(() => loss(w), false, [w]);
  const out = Array.from(w.dataSync());
  w.dispose();
  opt.dispose();
  return out;
}

/** Runs a Keras update rule written in JS: `update(w, g, step)` mutates `w` (step is 0-based). */
function runByHand(update: (w: number[], g: number[], step: number) => void, steps = STEPS): number[] {
  const w = [...W0];
  for (let s = 0; s < steps; s++) update(w, grad(w), s);
  return w;
}

function expectAllClose(actual: number[], expected: number[], digits = 5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(a).toBeCloseTo(expected[i], digits);
  });
}

const zeros = () => W0.map(() => 0);

describe('against tfjs optimizers (where tfjs follows Keras)', () => {
  test('SGD, momentum and Nesterov momentum (constant learning rate)', () => {
    expectAllClose(runOptimizer(new SGD({ learningRate: 0.1 })), runOptimizer(tf.train.sgd(0.1)));
    expectAllClose(
      runOptimizer(new SGD({ learningRate: 0.05, momentum: 0.9 })),
      runOptimizer(tf.train.momentum(0.05, 0.9)),
    );
    expectAllClose(
      runOptimizer(new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })),
      runOptimizer(tf.train.momentum(0.05, 0.9, true)),
    );
  });

  test('RMSprop without centering, with and without momentum', () => {
    expectAllClose(
      runOptimizer(new RMSprop({ learningRate: 0.01 })),
      runOptimizer(tf.train.rmsprop(0.01, 0.9, 0, 1e-7)),
    );
    expectAllClose(
      runOptimizer(new RMSprop({ learningRate: 0.01, momentum: 0.5, rho: 0.8 })),
      runOptimizer(tf.train.rmsprop(0.01, 0.8, 0.5, 1e-7)),
    );
  });

  test('Adagrad (cpu backend epsilon is Keras 1e-7) and Adamax', () => {
    expectAllClose(
      runOptimizer(new Adagrad({ learningRate: 0.1 })),
      runOptimizer(tf.train.adagrad(0.1, 0.1)),
    );
    expectAllClose(
      runOptimizer(new Adamax({ learningRate: 0.02 })),
      runOptimizer(tf.train.adamax(0.02, 0.9, 0.999, 1e-7)),
    );
  });

  test('Adam agrees with tfjs up to the placement of epsilon', () => {
    expectAllClose(
      runOptimizer(new Adam({ learningRate: 0.01 })),
      runOptimizer(tf.train.adam(0.01, 0.9, 0.999, 1e-7)),
    );
  });
});

describe("against Keras's update formulas written by hand", () => {
  test('Adam (and AMSGrad)', () => {
    for (const amsgrad of [false, true]) {
      const [b1, b2, eps, lr] = [0.9, 0.999, 1e-7, 0.01];
      const m = zeros();
      const v = zeros();
      const vHat = zeros();
      const want = runByHand((w, g, s) => {
        const alpha = (lr * Math.sqrt(1 - b2 ** (s + 1))) / (1 - b1 ** (s + 1));
        w.forEach((_, i) => {
          m[i] += (g[i] - m[i]) * (1 - b1);
          v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
          vHat[i] = Math.max(vHat[i], v[i]);
          w[i] -= (alpha * m[i]) / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + eps);
        });
      });
      expectAllClose(runOptimizer(new Adam({ learningRate: lr, amsgrad })), want);
    }
  });

  test('AdamW: decoupled weight decay w -= w·wd·lr before the Adam step', () => {
    const [b1, b2, eps, lr, wd] = [0.9, 0.999, 1e-7, 0.05, 0.1];
    const m = zeros();
    const v = zeros();
    const want = runByHand((w, g, s) => {
      const alpha = (lr * Math.sqrt(1 - b2 ** (s + 1))) / (1 - b1 ** (s + 1));
      w.forEach((_, i) => {
        w[i] -= w[i] * wd * lr; // the gradient g was taken before the decay, as in Keras
        m[i] += (g[i] - m[i]) * (1 - b1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
        w[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + eps);
      });
    });
    expectAllClose(runOptimizer(new AdamW({ learningRate: lr, weightDecay: wd })), want);
    expect(new AdamW().weightDecay).toBe(0.004);
  });

  test('Nadam', () => {
    const [b1, b2, eps, lr] = [0.9, 0.999, 1e-7, 0.02];
    const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** t);
    const m = zeros();
    const v = zeros();
    let uProduct = 1;
    const want = runByHand((w, g, s) => {
      const t = s + 1;
      uProduct *= mu(t);
      const uProductNext = uProduct * mu(t + 1);
      w.forEach((_, i) => {
        m[i] += (g[i] - m[i]) * (1 - b1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
        const mHat = (mu(t + 1) * m[i]) / (1 - uProductNext) + ((1 - mu(t)) * g[i]) / (1 - uProduct);
        const vHat = v[i] / (1 - b2 ** t);
        w[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      });
    });
    expectAllClose(runOptimizer(new Nadam({ learningRate: lr })), want);
  });

  test('Adadelta (uses the updated E[g²], unlike tfjs)', () => {
    const [rho, eps, lr] = [0.95, 1e-7, 1];
    const accGrad = zeros();
    const accDelta = zeros();
    const want = runByHand((w, g) => {
      w.forEach((_, i) => {
        accGrad[i] = rho * accGrad[i] + (1 - rho) * g[i] * g[i];
        const delta = (-Math.sqrt(accDelta[i] + eps) / Math.sqrt(accGrad[i] + eps)) * g[i];
        accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
        w[i] += lr * delta;
      });
    });
    expectAllClose(runOptimizer(new Adadelta({ learningRate: lr })), want);
  });

  test('RMSprop centered (epsilon added, unlike tfjs)', () => {
    const [rho, eps, lr] = [0.9, 1e-7, 0.01];
    const velocity = zeros();
    const avg = zeros();
    const want = runByHand((w, g) => {
      w.forEach((_, i) => {
        velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
        avg[i] = rho * avg[i] + (1 - rho) * g[i];
        w[i] -= (lr * g[i]) / Math.sqrt(velocity[i] - avg[i] * avg[i] + eps);
      });
    });
    expectAllClose(runOptimizer(new RMSprop({ learningRate: lr, centered: true })), want, 4);
  });

  test('SGD momentum under a schedule: the velocity keeps each step’s rate (Keras, not tfjs)', () => {
    const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    const velocity = zeros();
    const want = runByHand((w, g, s) => {
      const lr = 0.1 * 0.5 ** s;
      w.forEach((_, i) => {
        velocity[i] = 0.9 * velocity[i] - lr * g[i];
        w[i] += 0.9 * velocity[i] - lr * g[i];
      });
    });
    expectAllClose(runOptimizer(new SGD({ learningRate: schedule, momentum: 0.9, nesterov: true })), want);
  });

  test('gradient clipping: clipnorm, globalClipnorm, clipvalue', () => {
    const g0 = grad(W0); // [-1, -3.5, 20]
    const norm = Math.hypot(...g0);
    const sgdStep = (opt: SGD) => runOptimizer(opt, 1);
    expectAllClose(
      sgdStep(new SGD({ learningRate: 0.1, clipnorm: 1 })),
      W0.map((w, i) => w - (0.1 * g0[i]) / norm),
    );
    expectAllClose(
      sgdStep(new SGD({ learningRate: 0.1, globalClipnorm: 2 })),
      W0.map((w, i) => w - (0.1 * 2 * g0[i]) / norm),
    );
    expectAllClose(
      sgdStep(new SGD({ learningRate: 0.1, clipvalue: 2 })),
      W0.map((w, i) => w - 0.1 * Math.max(-2, Math.min(2, g0[i]))),
    );
    expect(() => new SGD({ clipnorm: 1, globalClipnorm: 1 })).toThrow(
      /only one of clipnorm and globalClipnorm/,
    );
  });
});

describe('learning rate', () => {
  test('get/set between steps takes effect on the next step', () => {
    const opt = new SGD({ learningRate: 0.1 });
    const w = tf.variable(tf.tensor1d([1]));
    opt.apply([tf.tensor1d([1])], [w]);
    opt.learningRate = 0.01;
    expect(opt.learningRate).toBe(0.01);
    opt.apply([tf.tensor1d([1])], [w]);
    expect(w.dataSync()[0]).toBeCloseTo(1 - 0.1 - 0.01, 6);
    expect(() => {
      opt.learningRate = -1;
    }).toThrow(/learningRate=-1/);
    opt.dispose();
    w.dispose();
  });

  test('a schedule is evaluated at the iteration count, and cannot be overwritten by a number', () => {
    const schedule = new PiecewiseConstantDecay({ boundaries: [1], values: [1, 0.1] });
    const opt = new SGD({ learningRate: schedule });
    const w = tf.variable(tf.tensor1d([0]));
    const lrs: number[] = [];
    for (let i = 0; i < 3; i++) {
      lrs.push(opt.learningRate);
      opt.apply([tf.tensor1d([1])], [w]);
    }
    expect(lrs).toEqual([1, 1, 0.1]); // steps 0 and 1 ≤ boundary 1
    expect(w.dataSync()[0]).toBeCloseTo(-2.1, 6);
    expect(opt.iterations).toBe(3);
    expect(() => {
      opt.learningRate = 0.5;
    }).toThrow(
      /PiecewiseConstantDecay learning rate schedule.*Create the optimizer with a number learningRate/,
    );
    opt.dispose();
    w.dispose();
  });
});

describe('state, memory, weights, configs', () => {
  const all: Array<() => BaseOptimizer> = [
    () => new SGD({ momentum: 0.9 }),
    () => new Adam({ amsgrad: true }),
    () => new AdamW(),
    () => new RMSprop({ momentum: 0.5, centered: true }),
    () => new Adagrad(),
    () => new Adadelta(),
    () => new Adamax(),
    () => new Nadam(),
  ];

  test.each(all.map((make) => [make().name, make] as const))(
    '%s: steps after the first do not grow numTensors; dispose frees the slots',
    (_, make) => {
      const w = tf.variable(tf.tensor1d(W0));
      const before = tf.memory().numTensors;
      const opt = make();
      opt.minimize(() => loss(w), false, [w]);
      const afterFirst = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) opt.minimize(() => loss(w), false, [w]);
      expect(tf.memory().numTensors).toBe(afterFirst);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      w.dispose();
    },
  );

  test.each(all.map((make) => [make().name, make] as const))(
    '%s: getWeights/setWeights restore training exactly (set before the first step)',
    async (_, make) => {
      const a = make();
      const wa = tf.variable(tf.tensor1d(W0));
      for (let i = 0; i < 3; i++) a.minimize(() => loss(wa), false, [wa]);
      const saved = await a.getWeights();
      expect(saved[0].name).toBe('iter');
      const b = make();
      await b.setWeights(saved);
      tf.dispose(saved[0].tensor);
      expect(b.iterations).toBe(3);
      const wb = tf.variable(wa.clone());
      for (let i = 0; i < 2; i++) {
        a.minimize(() => loss(wa), false, [wa]);
        b.minimize(() => loss(wb), false, [wb]);
      }
      expectAllClose(Array.from(wb.dataSync()), Array.from(wa.dataSync()), 6);
      tf.dispose([wa, wb]);
      a.dispose();
      b.dispose();
    },
  );

  test('setWeights rejects weights that do not fit, changing nothing', async () => {
    const opt = new Adam();
    const w = tf.variable(tf.tensor1d(W0));
    opt.minimize(() => loss(w), false, [w]);
    const wrong = [
      { name: 'iter', tensor: tf.scalar(7, 'int32') },
      { name: 'x/momentum', tensor: tf.zeros([2]) },
      { name: 'x/velocity', tensor: tf.zeros([2]) },
    ];
    await expect(opt.setWeights(wrong)).rejects.toThrow(
      /has shape \[2\] but belongs to variable .* of shape \[3\]/,
    );
    await expect(opt.setWeights(wrong.slice(0, 2))).rejects.toThrow(/got 1 slot tensors.*need 2/);
    expect(opt.iterations).toBe(1);
    opt.dispose();
    w.dispose();
  });

  test('getConfig round-trips through getOptimizer, schedules included', () => {
    const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 });
    const opt = new Adam({ learningRate: schedule, beta1: 0.8, amsgrad: true, clipvalue: 1 });
    const restored = getOptimizer({ className: 'Adam', config: opt.getConfig() }) as Adam;
    expect(restored).toBeInstanceOf(Adam);
    expect(restored.getConfig()).toEqual(opt.getConfig());
    expect(restored.learningRateSchedule).toBeInstanceOf(ExponentialDecay);
    const sgd = new SGD({ learningRate: 0.3, momentum: 0.5, nesterov: true });
    expect(
      (getOptimizer({ className: sgd.getClassName(), config: sgd.getConfig() }) as SGD).getConfig(),
    ).toEqual(sgd.getConfig());
  });

  test('apply checks gradients against variables', () => {
    const opt = new SGD();
    const w = tf.variable(tf.zeros([2, 3]), true, 'dense_1/kernel');
    expect(() => opt.apply([tf.zeros([3, 2])], [w])).toThrow(
      /gradient of variable 'dense_1\/kernel' expected shape \[2, 3\], got shape \[3, 2\]/,
    );
    expect(() => opt.apply([], [w])).toThrow(/0 gradients for 1 variables/);
    expect(() => opt.applyGradients({ nope: tf.zeros([1]) })).toThrow(/'nope', which is not a live variable/);
    expect(opt.iterations).toBe(0);
    w.dispose();
  });

  test('excludeFromWeightDecay spares matching variables', () => {
    const opt = new SGD({ learningRate: 0.1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay(['bias']);
    const kernel = tf.variable(tf.ones([1]), true, 'wd_test/kernel');
    const bias = tf.variable(tf.ones([1]), true, 'wd_test/bias');
    opt.apply([tf.zeros([1]), tf.zeros([1])], [kernel, bias]);
    expect(kernel.dataSync()[0]).toBeCloseTo(1 - 0.5 * 0.1, 6);
    expect(bias.dataSync()[0]).toBe(1);
    tf.dispose([kernel, bias]);
  });
});

describe('getOptimizer', () => {
  test('Keras names with Keras defaults', () => {
    const expected: Array<[string, new () => BaseOptimizer, number]> = [
      ['sgd', SGD, 0.01],
      ['adam', Adam, 0.001],
      ['AdamW', AdamW, 0.001],
      ['rmsprop', RMSprop, 0.001],
      ['adagrad', Adagrad, 0.001],
      ['adadelta', Adadelta, 0.001],
      ['adamax', Adamax, 0.001],
      ['Nadam', Nadam, 0.001],
    ];
    for (const [name, cls, lr] of expected) {
      const opt = getOptimizer(name) as BaseOptimizer;
      expect(opt).toBeInstanceOf(cls);
      expect(opt.learningRate).toBe(lr);
    }
    const adam = getOptimizer('adam') as Adam;
    expect([adam.beta1, adam.beta2, adam.epsilon]).toEqual([0.9, 0.999, 1e-7]);
    expect((getOptimizer('rmsprop') as RMSprop).rho).toBe(0.9);
    expect((getOptimizer('adadelta') as Adadelta).rho).toBe(0.95);
    expect((getOptimizer('adagrad') as Adagrad).initialAccumulatorValue).toBe(0.1);
  });

  test('instances pass through; unknown names list the valid ones', () => {
    const tfjs = tf.train.adam(0.1);
    expect(getOptimizer(tfjs)).toBe(tfjs);
    expect(() => getOptimizer('adamm')).toThrow(
      /Unknown optimizer 'adamm'. Valid names: 'sgd', 'adam', 'adamw'/,
    );
  });
});
