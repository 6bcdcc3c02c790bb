import type { ConformanceCase } from '../case.js';
import { activationCases } from './activations.js';
import { arithmeticCases } from './arithmetic.js';
import { convCases } from './conv.js';
import { dropoutCases } from './dropout.js';
import { gatherCases } from './gather.js';
import { lossCases } from './losses.js';
import { matmulCases } from './matmul.js';
import { normalizationCases } from './normalization.js';
import { optimizerCases } from './optimizers.js';
import { poolingCases } from './pooling.js';
import { recurrentCases } from './recurrent.js';
import { reductionCases } from './reductions.js';
import { shapeCases } from './shape.js';

/** Every conformance case, one list per kernel family (one file each). */
export const conformanceCases: readonly ConformanceCase[] = [
  ...matmulCases,
  ...convCases,
  ...poolingCases,
  ...normalizationCases,
  ...gatherCases,
  ...dropoutCases,
  ...activationCases,
  ...shapeCases,
  ...recurrentCases,
  ...arithmeticCases,
  ...reductionCases,
  ...lossCases,
  ...optimizerCases,
];
