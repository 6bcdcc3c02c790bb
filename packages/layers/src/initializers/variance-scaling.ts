import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { computeFans, Initializer } from './initializer.js';

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
// 'normal' means a truncated normal, as in Keras 2 and tfjs-layers (configs saved by either load unchanged).
export type Distribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

export interface VarianceScalingArgs {
  /** Default: 1. */
  scale?: number;
  /** Default: `'fanIn'`. */
  mode?: FanMode;
  /** Default: `'truncatedNormal'`. */
  distribution?: Distribution;
  seed?: number;
}

/**
 * Samples with variance `scale / n`, where n is the fan chosen by `mode` (Keras's VarianceScaling).
 * Uniform: limit `sqrt(3 · scale / n)`; truncated normal: stddev `sqrt(scale / n) / 0.8796…`.
 */
export class VarianceScaling extends Initializer {
  static override readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed?: number;

  constructor(args: VarianceScalingArgs = {}) {
    super();
    this.scale = args.scale ?? 1;
    if (!(this.scale > 0)) {
      throw new InvalidArgumentError(`VarianceScaling: scale must be positive, got ${this.scale}.`);
    }
    this.mode = normalizeMode(args.mode ?? 'fanIn');
    this.distribution = normalizeDistribution(args.distribution ?? 'truncatedNormal');
    this.seed = args.seed;
  }

  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const n = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * scale);
      return tf.randomUniform(shape, -limit, limit, dtype, this.seed);
    }
    if (this.distribution === 'untruncatedNormal') {
      return tf.randomNormal(shape, 0, Math.sqrt(scale), dtype as 'float32', this.seed);
    }
    // 0.8796... is the stddev of a unit normal truncated to [-2, 2]; dividing restores the wanted variance.
    return tf.truncatedNormal(
      shape,
      0,
      Math.sqrt(scale) / 0.87962566103423978,
      dtype as 'float32',
      this.seed,
    );
  }

  override getConfig(): Record<string, unknown> {
    // tfjs-layers reads 'normal' as truncated normal and any other unknown value as uniform.
    const distribution = this.distribution === 'truncatedNormal' ? 'normal' : this.distribution;
    return { scale: this.scale, mode: this.mode, distribution, seed: this.seed };
  }
}

function normalizeMode(mode: string): FanMode {
  const key = mode.replace(/_/g, '').toLowerCase();
  const found = (['fanIn', 'fanOut', 'fanAvg'] as const).find((m) => m.toLowerCase() === key);
  if (!found)
    throw new InvalidArgumentError(
      `VarianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg', got '${mode}'.`,
    );
  return found;
}

function normalizeDistribution(distribution: string): Distribution {
  const key = distribution.replace(/_/g, '').toLowerCase();
  if (key === 'truncatednormal' || key === 'normal') return 'truncatedNormal';
  if (key === 'untruncatednormal') return 'untruncatedNormal';
  if (key === 'uniform') return 'uniform';
  throw new InvalidArgumentError(
    `VarianceScaling: distribution must be 'truncatedNormal', 'normal' or 'uniform', got '${distribution}'.`,
  );
}

const preset = (className: string, scale: number, mode: FanMode, distribution: Distribution) =>
  class extends VarianceScaling {
    static override readonly className = className;
    constructor(args: { seed?: number } = {}) {
      super({ scale, mode, distribution, seed: args.seed });
    }
    override getConfig() {
      return { seed: this.seed };
    }
  };

/** Glorot (Xavier) uniform: limit `sqrt(6 / (fanIn + fanOut))`. Keras's default kernel initializer. */
export const GlorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Glorot (Xavier) truncated normal: stddev `sqrt(2 / (fanIn + fanOut))`. */
export const GlorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** He uniform: limit `sqrt(6 / fanIn)`, for ReLU networks. */
export const HeUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
/** He truncated normal: stddev `sqrt(2 / fanIn)`. */
export const HeNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** LeCun uniform: limit `sqrt(3 / fanIn)`, for SELU networks. */
export const LecunUniform = preset('LecunUniform', 1, 'fanIn', 'uniform');
/** LeCun truncated normal: stddev `sqrt(1 / fanIn)`. */
export const LecunNormal = preset('LecunNormal', 1, 'fanIn', 'truncatedNormal');
