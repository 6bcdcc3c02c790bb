import { describe, expect, test } from 'vitest';
import { CosineDecay, ExponentialDecay, getSchedule, PiecewiseConstantDecay } from './index.js';

// Values by hand from the Keras formulas (keras/src/optimizers/schedules/learning_rate_schedule.py).
describe('learning-rate schedules', () => {
  test('ExponentialDecay, continuous and staircase', () => {
    const smooth = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(smooth.call(0)).toBeCloseTo(0.1, 12);
    expect(smooth.call(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    expect(smooth.call(20)).toBeCloseTo(0.025, 12);
    const stairs = new ExponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
      staircase: true,
    });
    expect(stairs.call(9)).toBeCloseTo(0.1, 12);
    expect(stairs.call(10)).toBeCloseTo(0.05, 12);
  });

  test('CosineDecay with alpha, clamped after decaySteps; with linear warmup', () => {
    const cos = new CosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(cos.call(0)).toBeCloseTo(1, 12);
    expect(cos.call(50)).toBeCloseTo(0.9 * 0.5 + 0.1, 12);
    expect(cos.call(100)).toBeCloseTo(0.1, 12);
    expect(cos.call(500)).toBeCloseTo(0.1, 12);
    const warm = new CosineDecay({
      initialLearningRate: 0,
      decaySteps: 10,
      warmupTarget: 1,
      warmupSteps: 10,
    });
    expect(warm.call(5)).toBeCloseTo(0.5, 12);
    expect(warm.call(10)).toBeCloseTo(1, 12);
    expect(warm.call(15)).toBeCloseTo(0.5, 12);
    expect(warm.call(40)).toBeCloseTo(0, 12);
  });

  test('PiecewiseConstantDecay: values[i] up to and including boundaries[i]', () => {
    const pw = new PiecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] });
    expect([0, 100, 101, 200, 201, 10_000].map((s) => pw.call(s))).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
    expect(() => new PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] })).toThrow(
      /exactly one more value/,
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: [2, 1], values: [1, 2, 3] })).toThrow(/increasing/);
  });

  test('configs round-trip; bad options are reported', () => {
    const cos = new CosineDecay({
      initialLearningRate: 1,
      decaySteps: 100,
      alpha: 0.1,
      warmupTarget: 2,
      warmupSteps: 5,
    });
    const restored = getSchedule({ className: cos.getClassName(), config: cos.getConfig() });
    expect(restored).toBeInstanceOf(CosineDecay);
    expect((restored as CosineDecay).call(50)).toBe(cos.call(50));
    expect(() => new ExponentialDecay({ initialLearningRate: 1, decaySteps: 0, decayRate: 0.5 })).toThrow(
      /decaySteps=0. Pass a finite number > 0/,
    );
    expect(() => getSchedule({ className: 'Linear', config: {} })).toThrow(
      /Unknown learning rate schedule 'Linear'/,
    );
  });
});
