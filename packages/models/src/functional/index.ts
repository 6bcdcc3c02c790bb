export { Functional } from './functional.js';
export type { FunctionalConfig, FunctionalLayerConfig, InboundRef, TensorRef } from './functional-config.js';
export type { Graph, GraphNode } from './graph.js';
