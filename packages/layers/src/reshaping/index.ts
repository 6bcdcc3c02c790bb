export { Flatten, type FlattenArgs } from './flatten.js';
export { Permute, type PermuteArgs } from './permute.js';
export { RepeatVector, type RepeatVectorArgs } from './repeat-vector.js';
export { Reshape, type ReshapeArgs } from './reshape.js';
