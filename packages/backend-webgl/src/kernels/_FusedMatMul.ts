import { batchMatMul } from './BatchMatMul.js';

/**
 * tfjs-backend-webgl's fused matMul (+ bias + activation, what Dense layers call), with the operands' padding set
 * to 0 first when the shared dimension is odd: the same packed program as BatchMatMul, with the same fault, and the
 * same `a`, `b` and `transposeA` to look at, so the same wrapper serves.
 */
export const fusedMatMul = batchMatMul;
