export { Dense, type DenseArgs } from './dense.js';
export {
  knownLastAxis,
  normalizeAxis,
  requireNumberIn,
  requirePositiveInt,
  serializeObject,
} from './layer-args.js';
