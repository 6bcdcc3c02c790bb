export { type LayerTestOptions, type NestedNumbers, runLayerTest } from './run-layer-test.js';
