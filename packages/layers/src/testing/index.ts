export { type LayerTestOptions, runLayerTest } from './run-layer-test.js';
