export { Add } from './add.js';
export { Average } from './average.js';
export { Concatenate, type ConcatenateArgs } from './concatenate.js';
export { Maximum } from './maximum.js';
export { Merge } from './merge.js';
export { Minimum } from './minimum.js';
export { Multiply } from './multiply.js';
export { Subtract } from './subtract.js';
